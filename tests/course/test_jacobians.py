"""Jacobians through time (rnnlib/course/jacobians.py): checked against central differences, and the bound."""
import numpy as np
import pytest

import rnnlib as rl
from rnnlib.course import gates, jacobians

ACTIVATIONS = ["tanh", "relu", "identity"]


def make_layer(activation, H=5, seed=0):
    layer = rl.RNN(3, H, activation=activation, seed=seed)
    layer.params["W_hh"][...] = 1.2 * jacobians.orthogonal_matrix(H, seed=seed)  # products of norm about 1
    layer.params["b_h"][...] = np.random.default_rng(seed).uniform(0.1, 0.5, H)  # ReLU units mostly active
    return layer


@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("T", [1, 4, 9])
def test_jacobian_products_match_central_differences_for_every_k(activation, T):
    layer = make_layer(activation)
    x = np.random.default_rng(T).standard_normal((T, 3))
    h0 = np.random.default_rng(T + 1).uniform(-0.5, 0.5, 5)
    J, hs = jacobians.step_jacobians(layer, x, h0)
    P = jacobians.jacobian_products(J)
    states = np.concatenate([h0[None], hs])  # h_0..h_T
    for k in range(T):
        numeric = jacobians.numerical_jacobian(layer, x[k:], states[k])
        assert rl.relative_error(P[k], numeric) < 1e-7, (k, activation)
    np.testing.assert_array_equal(P[T], np.eye(5))


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_step_jacobian_is_diag_of_the_derivative_times_W_hh(activation):
    layer = make_layer(activation)
    x = np.random.default_rng(0).standard_normal((4, 3))
    J, hs = jacobians.step_jacobians(layer, x)
    a = gates.gate_values(layer, x)["a"]  # (T, H) pre-activations
    fprime = {"tanh": 1 - np.tanh(a) ** 2, "relu": (a > 0).astype(float), "identity": np.ones_like(a)}[activation]
    for t in range(4):
        np.testing.assert_allclose(J[t], np.diag(fprime[t]) @ layer.params["W_hh"], rtol=1e-12, atol=1e-15)


def test_jacobian_norms_are_spectral_norms_of_the_products():
    layer = make_layer("tanh")
    J, _ = jacobians.step_jacobians(layer, np.random.default_rng(1).standard_normal((6, 3)))
    P = jacobians.jacobian_products(J)
    expected = [np.linalg.svd(p, compute_uv=False)[0] for p in P]
    np.testing.assert_allclose(jacobians.jacobian_norms(J), expected, rtol=1e-12)


@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("scale", [0.5, 1.0, 1.5])
def test_gradient_bound_holds_for_random_networks(activation, scale):
    rng = np.random.default_rng(3)
    for trial in range(5):
        layer = rl.RNN(2, 8, activation=activation, seed=trial)
        layer.params["W_hh"][...] = jacobians.random_matrix(8, scale, seed=rng)
        J, _ = jacobians.step_jacobians(layer, rng.standard_normal((30, 2)))
        bound = jacobians.gradient_bound(layer.params["W_hh"], activation, 30)
        assert np.all(jacobians.jacobian_norms(J) <= bound * (1 + 1e-9))
        assert bound[-1] == 1.0 and bound.shape == (31,)


def test_identity_activation_with_an_orthogonal_matrix_meets_the_bound_exactly():
    layer = rl.RNN(2, 6, activation="identity", seed=0)
    layer.params["W_hh"][...] = 0.9 * jacobians.orthogonal_matrix(6, seed=0)
    J, _ = jacobians.step_jacobians(layer, np.zeros((20, 2)))
    np.testing.assert_allclose(jacobians.jacobian_norms(J), jacobians.gradient_bound(layer.params["W_hh"], "identity", 20))


@pytest.mark.parametrize("size", [2, 5, 8])
@pytest.mark.parametrize("r,s", [(0.9, 2.0), (0.5, 1.0), (1.0, 0.0)])
def test_non_normal_matrix_has_the_promised_spectrum(size, r, s):
    W = jacobians.non_normal_matrix(size, spectral_radius=r, shear=s, seed=1)
    assert abs(jacobians.spectral_radius(W) - r) < 1e-6  # a defective matrix: eigenvalues are sensitive
    expected_sigma = np.sqrt(r * r + s * s / 4) + s / 2  # sigma_max of one block [[r, s], [0, r]]
    assert abs(jacobians.largest_singular_value(W) - expected_sigma) < 1e-10


def test_non_normal_matrix_grows_before_it_decays():
    norms = jacobians.power_norms(jacobians.non_normal_matrix(6, spectral_radius=0.9, shear=2.0, seed=0), 150)
    n = np.arange(151)
    np.testing.assert_allclose(norms, np.maximum(0.9 ** n, norms), rtol=1e-12)  # never below rho^n
    assert norms.argmax() == 9 and norms.max() > 7 and norms[150] < 1e-4


def test_orthogonal_matrix_is_orthogonal():
    Q = jacobians.orthogonal_matrix(7, seed=3)
    np.testing.assert_allclose(Q.T @ Q, np.eye(7), atol=1e-12)


def test_power_norms_of_a_scaled_orthogonal_matrix_are_powers():
    Q = jacobians.orthogonal_matrix(4, seed=0)
    np.testing.assert_allclose(jacobians.power_norms(1.1 * Q, 30), 1.1 ** np.arange(31))


def test_step_jacobians_rejects_other_layers_and_batches():
    with pytest.raises(TypeError, match="rl.RNN"):
        jacobians.step_jacobians(rl.LSTM(2, 3, seed=0), np.zeros((4, 2)))
    with pytest.raises(ValueError, match=r"\(T, 2\)"):
        jacobians.step_jacobians(rl.RNN(2, 3, seed=0), np.zeros((4, 1, 2)))


def test_jacobian_products_rejects_non_square_stacks():
    with pytest.raises(ValueError, match=r"\(T, H, H\)"):
        jacobians.jacobian_products(np.zeros((3, 2, 4)))


def test_gradient_bound_rejects_unknown_activation_and_bad_T():
    with pytest.raises(ValueError, match="activation"):
        jacobians.gradient_bound(np.eye(2), "sigmoid", 5)
    with pytest.raises(ValueError, match="T"):
        jacobians.gradient_bound(np.eye(2), "tanh", 0)


@pytest.mark.parametrize("bad", [0, -1.0, float("nan")])
def test_matrix_constructors_reject_bad_sizes_and_scales(bad):
    with pytest.raises(ValueError):
        jacobians.random_matrix(4, bad)
    with pytest.raises(ValueError):
        jacobians.non_normal_matrix(4, spectral_radius=bad)

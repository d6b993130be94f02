"""Every backward pass against float64 central differences: max relative error below 1e-7."""
import numpy as np
import pytest

import rnnlib as rl
from layer_cases import LAYERS, make_layer

TOL = 1e-7
# (T, B, D, H): one step, one sequence, a batch, and a long sequence.
SHAPES = [(1, 1, 3, 4), (5, 1, 2, 3), (4, 3, 3, 5), (50, 2, 2, 3)]


@pytest.mark.parametrize("kind", LAYERS)
@pytest.mark.parametrize("T,B,D,H", SHAPES)
def test_layer_backward_matches_numerical_gradient(kind, T, B, D, H, rng):
    layer = make_layer(kind, D, H)
    x = rng.standard_normal((T, B, D))
    state = layer.zero_state(B)
    parts = state if isinstance(state, tuple) else (state,)
    for p in parts:
        p[...] = rng.uniform(-0.5, 0.5, size=p.shape)
    errors = rl.check_layer(layer, x, state)
    assert max(errors.values()) < TOL, errors


@pytest.mark.parametrize("activation", ["relu", "identity"])
def test_rnn_other_activations_backward_matches_numerical_gradient(activation, rng):
    layer = make_layer("rnn", 3, 4, activation=activation)
    errors = rl.check_layer(layer, rng.standard_normal((6, 2, 3)))
    assert max(errors.values()) < TOL, errors


@pytest.mark.parametrize("kind", LAYERS)
def test_single_sequence_input_matches_numerical_gradient(kind, rng):
    layer = make_layer(kind, 2, 3)
    errors = rl.check_layer(layer, rng.standard_normal((7, 2)))
    assert max(errors.values()) < TOL, errors


@pytest.mark.parametrize("kind", LAYERS)
def test_step_functions_match_numerical_gradient_at_every_step(kind, rng):
    layer = make_layer(kind, 2, 3)
    errors, names, _ = rl.per_step_errors(layer, rng.standard_normal((6, 2, 2)))
    assert errors.shape == (6, len(names))
    assert errors.max() < TOL


@pytest.mark.parametrize("kind", LAYERS)
def test_per_step_contributions_sum_to_the_sequence_gradient(kind, rng):
    layer = make_layer(kind, 2, 3)
    x = rng.standard_normal((6, 2, 2))
    _, names, contributions = rl.per_step_errors(layer, x)
    # the same loss as per_step_errors: weights from seed 0 on hs and on the final state
    w = np.random.default_rng(0)
    hs, cache = layer.forward(x)
    w_hs = w.standard_normal(hs.shape)
    final = cache["final_state"]
    dstate = tuple(w.standard_normal(p.shape) for p in final) if isinstance(final, tuple) else w.standard_normal(final.shape)
    grads, _, _ = layer.backward(w_hs, cache, dstate)
    for name in names:
        np.testing.assert_allclose(sum(c[name] for c in contributions), grads[name], rtol=1e-10, atol=1e-12)


def test_gradient_check_reports_a_wrong_backward_line(rng):
    layer = make_layer("rnn", 2, 3)
    x = rng.standard_normal((5, 1, 2))

    def wrong_step_backward(dh_t, cache):  # forgets the tanh derivative
        grads, dx, dh_prev = layer.step_backward(dh_t, cache)
        grads["W_hh"] = dh_t.T @ cache["h_prev"]
        return grads, dx, dh_prev

    errors, names, _ = rl.per_step_errors(layer, x, step_backward=wrong_step_backward)
    k = names.index("W_hh")
    assert errors[:, k].max() > 1e-3  # the wrong parameter shows up ...
    assert errors[:, names.index("W_xh")].max() < TOL  # ... and only it


def test_dense_backward_matches_numerical_gradient(rng):
    layer = rl.Dense(4, 3, seed=0)
    layer.params["b"][...] = rng.standard_normal(3)
    x = rng.standard_normal((5, 2, 4))
    w = rng.standard_normal((5, 2, 3))
    f = lambda: float(np.sum(w * layer.forward(x)[0]))
    _, cache = layer.forward(x)
    grads, dx = layer.backward(w, cache)
    errors = rl.check_gradients(f, dict(layer.params, x=x), dict(grads, x=dx))
    assert max(errors.values()) < TOL, errors


def _model_errors(model, x, dys_shape, rng):
    w = rng.standard_normal(dys_shape)
    f = lambda: float(np.sum(w * model.forward(x)[0]))
    _, cache = model.forward(x)
    grads, dx, _ = model.backward(w, cache)
    return rl.check_gradients(f, dict(model.params, x=x), dict(grads, x=dx))


@pytest.mark.parametrize("kind", LAYERS)
@pytest.mark.parametrize("many_to_one", [False, True])
def test_sequence_model_backward_matches_numerical_gradient(kind, many_to_one, rng):
    model = rl.SequenceModel(make_layer(kind, 3, 4), 2, many_to_one=many_to_one, seed=1)
    model.params["b_y"][...] = rng.standard_normal(2)
    x = rng.standard_normal((6, 2, 3))
    errors = _model_errors(model, x, (2, 2) if many_to_one else (6, 2, 2), rng)
    assert max(errors.values()) < TOL, errors


def test_feedforward_backward_matches_numerical_gradient(rng):
    model = rl.FeedForward(3, 5, 2, seed=0)
    for name in ("b_h", "b_y"):
        model.params[name][...] = rng.standard_normal(model.params[name].shape)
    x = rng.standard_normal((4, 2, 3))
    errors = _model_errors(model, x, (4, 2, 2), rng)
    assert max(errors.values()) < TOL, errors


@pytest.mark.parametrize("shape", [(7, 5), (3, 2, 5)])
def test_softmax_cross_entropy_gradient_matches_numerical_gradient(shape, rng):
    logits = rng.standard_normal(shape) * 3
    targets = rng.integers(0, shape[-1], size=shape[:-1])
    _, dlogits = rl.softmax_cross_entropy(logits, targets)
    errors = rl.check_gradients(lambda: rl.softmax_cross_entropy(logits, targets)[0], {"logits": logits}, {"logits": dlogits})
    assert errors["logits"] < TOL


def test_softmax_cross_entropy_is_stable_for_huge_logits():
    loss, d = rl.softmax_cross_entropy(np.array([[1000.0, 0.0, -1000.0]]), np.array([0]))
    assert loss == pytest.approx(0.0, abs=1e-12) and np.isfinite(d).all()
    loss, _ = rl.softmax_cross_entropy(np.array([[1000.0, 0.0]]), np.array([1]))
    assert loss == pytest.approx(1000.0)


def test_mse_gradient_matches_numerical_gradient(rng):
    pred, target = rng.standard_normal((4, 3)), rng.standard_normal((4, 3))
    _, dpred = rl.mse(pred, target)
    errors = rl.check_gradients(lambda: rl.mse(pred, target)[0], {"pred": pred}, {"pred": dpred})
    assert errors["pred"] < TOL

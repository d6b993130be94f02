"""rnnlib/course/bptt.py: the step-by-step backward walk, the hand-written training step, truncation and its cost."""
import copy

import numpy as np
import pytest

import rnnlib as rl
from rnnlib.course import bptt, tasks

ACTIVATIONS = ["tanh", "relu", "identity"]


@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("T", [1, 2, 7])
@pytest.mark.parametrize("with_state", [False, True])
def test_bptt_trace_adds_up_to_the_layers_backward_pass(activation, T, with_state, rng):
    layer = rl.RNN(3, 4, activation=activation, seed=1)
    x, dhs = rng.standard_normal((T, 3)), rng.standard_normal((T, 4))
    h0 = rng.uniform(-0.5, 0.5, 4) if with_state else None
    trace = bptt.bptt_trace(layer, x, dhs, h0)
    grads, dx, dh0 = layer.backward(dhs, layer.forward(x, h0)[1])
    for name in ("W_hh", "W_xh", "b_h"):
        np.testing.assert_allclose(trace[f"d{name}"].sum(axis=0), grads[name], rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(trace["dh0"], dh0, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(trace["total"], trace["local"] + trace["carried"], rtol=0, atol=1e-15)
    np.testing.assert_array_equal(trace["carried"][-1], 0.0)  # nothing comes back from after T
    np.testing.assert_allclose(trace["h"], layer.forward(x, h0)[0], rtol=1e-12)


def test_bptt_trace_shares_are_outer_products_of_da_and_the_previous_state(rng):
    layer = rl.RNN(2, 3, seed=0)
    trace = bptt.bptt_trace(layer, rng.standard_normal((5, 2)), rng.standard_normal((5, 3)))
    for t in range(5):
        np.testing.assert_allclose(trace["dW_hh"][t], np.outer(trace["da"][t], trace["h_prev"][t]), atol=1e-15)
    np.testing.assert_allclose(trace["da"], trace["total"] * (1 - trace["h"] ** 2), atol=1e-15)


def test_bptt_trace_rejects_other_layers_batches_and_bad_shapes():
    with pytest.raises(TypeError, match="rl.RNN"):
        bptt.bptt_trace(rl.GRU(2, 3, seed=0), np.zeros((4, 2)), np.zeros((4, 3)))
    with pytest.raises(ValueError, match="one sequence"):
        bptt.bptt_trace(rl.RNN(2, 3, seed=0), np.zeros((4, 2, 2)), np.zeros((4, 3)))
    with pytest.raises(ValueError, match="dhs must have shape"):
        bptt.bptt_trace(rl.RNN(2, 3, seed=0), np.zeros((4, 2)), np.zeros((5, 3)))


def test_training_step_computes_the_vectorised_gradient_and_takes_an_sgd_step():
    model = rl.SequenceModel(rl.RNN(4, 6, seed=0), 4, seed=0)
    x, targets = tasks.delayed_recall(7, 5, 3, 2, seed=0)
    before = copy.deepcopy(model.params)
    ys, cache = model.forward(x)
    loss_expected, dys = rl.softmax_cross_entropy(ys, targets)
    expected = model.backward(dys, cache)[0]
    loss, grads = bptt.training_step(model, x, targets, learning_rate=0.5)
    assert loss == pytest.approx(loss_expected, rel=1e-14)
    for name in expected:
        np.testing.assert_allclose(grads[name], expected[name], rtol=1e-10, atol=1e-15)
        np.testing.assert_allclose(model.params[name], before[name] - 0.5 * expected[name], rtol=1e-12, atol=1e-15)
    assert model.core.params["W_hh"] is model.params["W_hh"]  # updated in place: the layer sees it


def test_truncation_errors_are_zero_when_the_window_covers_the_sequence(rng):
    layer = rl.RNN(2, 5, seed=0)
    x, dhs = rng.standard_normal((9, 3, 2)), rng.standard_normal((9, 3, 5))
    errors = bptt.truncation_errors(layer, x, dhs, [1, 3, 9, 20])
    assert errors.shape == (4,) and np.all(errors[:2] > 1e-3)
    np.testing.assert_array_equal(errors[2:], 0.0)


@pytest.mark.parametrize("kind", [rl.RNN, rl.LSTM, rl.GRU])
@pytest.mark.parametrize("k", [1, 3, 5])
def test_gradient_reach_is_block_lower_triangular_under_truncation(kind, k, rng):
    layer = kind(2, 4, seed=0)
    R = bptt.gradient_reach(layer, rng.standard_normal((10, 2)), truncate=k)
    t, s = np.indices(R.shape)
    np.testing.assert_array_equal(R > 0, (s <= t) & (s // k == t // k))


def test_cache_nbytes_counts_the_stored_arrays_once():
    layer = rl.RNN(3, 4, seed=0)
    _, cache = layer.forward(np.zeros((10, 2, 3)))
    x_bytes, h0_bytes, state_bytes = 10 * 2 * 3 * 8, 2 * 4 * 8, 10 * 2 * 4 * 8
    assert bptt.cache_nbytes(cache) == x_bytes + h0_bytes + 2 * state_bytes  # x, h0, a, h (final state not again)


def test_chunk_cost_reports_memory_time_and_updates():
    layer = rl.RNN(2, 8, seed=0)
    x = np.zeros((30, 4, 2))
    small, full = bptt.chunk_cost(layer, x, 7, repeats=3), bptt.chunk_cost(layer, x, 30, repeats=3)
    assert small["updates_per_sequence"] == 5 and full["updates_per_sequence"] == 1
    assert small["cache_bytes"] < full["cache_bytes"] and small["ms_per_update"] > 0
    with pytest.raises(ValueError, match="chunk"):
        bptt.chunk_cost(layer, x, 0)


def test_numerical_state_gradients_agree_with_the_recursion_and_not_with_the_partial_alone():
    layer = rl.RNN(2, 4, seed=3)
    rng = np.random.default_rng(3)
    x, dhs = rng.standard_normal((6, 2)), rng.standard_normal((6, 4))
    trace, numeric = bptt.bptt_trace(layer, x, dhs), bptt.numerical_state_gradients(layer, x, dhs)
    assert rl.relative_error(trace["total"], numeric) < 1e-7
    assert rl.relative_error(trace["local"], numeric) > 0.1  # the check can fail: the carried part matters
    np.testing.assert_allclose(numeric[-1], dhs[-1], rtol=1e-6)  # at t = T only the loss at T depends on h_T

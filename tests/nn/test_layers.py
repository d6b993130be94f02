"""Forward passes: shapes, one step against the whole sequence, float32 against float64, seeding."""
import warnings

import numpy as np
import pytest

import rnnlib as rl
from fast_cases import make_fast_layer
from layer_cases import LAYERS, make_layer


@pytest.mark.parametrize("kind", LAYERS)
def test_forward_returns_every_hidden_state_with_documented_shapes(kind, rng):
    layer = make_layer(kind, 3, 4)
    hs, cache = layer.forward(rng.standard_normal((7, 2, 3)))
    assert hs.shape == (7, 2, 4)
    final = cache["final_state"]
    np.testing.assert_array_equal(final[0] if isinstance(final, tuple) else final, hs[-1])
    hs1, _ = layer.forward(rng.standard_normal((7, 3)))
    assert hs1.shape == (7, 4)


@pytest.mark.parametrize("kind", LAYERS)
def test_step_forward_reproduces_the_sequence_forward(kind, rng):
    layer = make_layer(kind, 3, 4)
    x = rng.standard_normal((6, 2, 3))
    hs, _ = layer.forward(x)
    state = None
    for t in range(6):
        state, _ = layer.step_forward(x[t], state)
        h = state[0] if isinstance(state, tuple) else state
        np.testing.assert_allclose(h, hs[t], rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("kind", LAYERS)
def test_a_sequence_can_be_continued_from_its_final_state(kind, rng):
    layer = make_layer(kind, 2, 3)
    x = rng.standard_normal((10, 2, 2))
    hs, _ = layer.forward(x)
    first, cache = layer.forward(x[:4])
    rest, _ = layer.forward(x[4:], cache["final_state"])
    np.testing.assert_allclose(np.concatenate([first, rest]), hs, rtol=1e-12)


@pytest.mark.parametrize("kind", LAYERS)
def test_float32_forward_and_backward_agree_with_float64(kind, rng):
    l64 = make_layer(kind, 3, 5)
    l32 = make_layer(kind, 3, 5, dtype=np.float32)
    for name in l64.params:
        l32.params[name][...] = l64.params[name]
    x = rng.standard_normal((20, 4, 3))
    hs64, c64 = l64.forward(x)
    hs32, c32 = l32.forward(x.astype(np.float32))
    assert hs32.dtype == np.float32
    np.testing.assert_allclose(hs32, hs64, rtol=1e-4, atol=1e-5)
    dhs = rng.standard_normal(hs64.shape)
    g64, _, _ = l64.backward(dhs, c64)
    g32, dx32, _ = l32.backward(dhs.astype(np.float32), c32)
    assert dx32.dtype == np.float32
    for name in g64:
        assert g32[name].dtype == np.float32
        np.testing.assert_allclose(g32[name], g64[name], rtol=1e-3, atol=1e-4)


def test_rnn_matches_the_equation_written_out():
    layer = rl.RNN(2, 3, seed=0)
    W_xh, W_hh, b_h = layer.params["W_xh"], layer.params["W_hh"], layer.params["b_h"]
    x = np.array([[1.0, 0.0], [0.0, 1.0], [0.5, -0.5]])
    h = np.zeros(3)
    hs, _ = layer.forward(x)
    for t in range(3):
        h = np.tanh(W_hh @ h + W_xh @ x[t] + b_h)  # the column-vector maths
        np.testing.assert_allclose(hs[t], h, rtol=1e-12)


@pytest.mark.parametrize("kind", LAYERS)
def test_same_seed_gives_same_parameters_and_global_state_is_not_used(kind):
    np.random.seed(1)
    a = LAYERS[kind](3, 4, seed=7)
    np.random.seed(2)
    b = LAYERS[kind](3, 4, seed=7)
    c = LAYERS[kind](3, 4, seed=8)
    d = LAYERS[kind](3, 4, seed=np.random.default_rng(7))
    for name in a.params:
        np.testing.assert_array_equal(a.params[name], b.params[name])
        np.testing.assert_array_equal(a.params[name], d.params[name])
    assert any(not np.array_equal(a.params[n], c.params[n]) for n in a.params)


@pytest.mark.parametrize("kind,count", [("rnn", 4 * 3 + 4 * 4 + 4), ("lstm", 4 * 4 * (3 + 4 + 1)), ("gru", 3 * 4 * (3 + 4 + 2))])
def test_parameter_counts_follow_the_formulas(kind, count):
    assert LAYERS[kind](3, 4, seed=0).num_params == count


def test_gate_views_name_the_slices_and_write_through():
    lstm = rl.LSTM(2, 3, seed=0)
    f = lstm.gate("f")
    assert set(f) == {"W_xf", "W_hf", "b_f"} and f["W_xf"].shape == (3, 2)
    np.testing.assert_array_equal(f["b_f"], 1.0)  # forget bias starts at 1
    f["b_f"][...] = 5.0
    np.testing.assert_array_equal(lstm.params["b"][3:6], 5.0)
    assert set(rl.GRU(2, 3, seed=0).gate("n")) == {"W_xn", "W_hn", "b_xn", "b_hn"}


def test_lstm_matches_the_equations_written_out():
    layer = rl.LSTM(2, 3, seed=0)
    x = np.array([[1.0, -1.0], [0.3, 0.2]])
    sig = lambda a: 1 / (1 + np.exp(-a))
    p = {k: layer.gate(k) for k in "ifgo"}
    h, c = np.zeros(3), np.zeros(3)
    hs, cache = layer.forward(x)
    for t in range(2):
        pre = {k: p[k][f"W_x{k}"] @ x[t] + p[k][f"W_h{k}"] @ h + p[k][f"b_{k}"] for k in "ifgo"}
        i, f, o, g = sig(pre["i"]), sig(pre["f"]), sig(pre["o"]), np.tanh(pre["g"])
        c = f * c + i * g
        h = o * np.tanh(c)
        np.testing.assert_allclose(hs[t], h, rtol=1e-12)
    np.testing.assert_allclose(cache["final_state"][1], c, rtol=1e-12)


def test_gru_matches_the_pytorch_equations_written_out():
    layer = rl.GRU(2, 3, seed=0)
    x = np.array([[1.0, -1.0], [0.3, 0.2]])
    sig = lambda a: 1 / (1 + np.exp(-a))
    p = {k: layer.gate(k) for k in "rzn"}
    h = np.zeros(3)
    hs, _ = layer.forward(x)
    for t in range(2):
        r = sig(p["r"]["W_xr"] @ x[t] + p["r"]["b_xr"] + p["r"]["W_hr"] @ h + p["r"]["b_hr"])
        z = sig(p["z"]["W_xz"] @ x[t] + p["z"]["b_xz"] + p["z"]["W_hz"] @ h + p["z"]["b_hz"])
        n = np.tanh(p["n"]["W_xn"] @ x[t] + p["n"]["b_xn"] + r * (p["n"]["W_hn"] @ h + p["n"]["b_hn"]))
        h = (1 - z) * n + z * h
        np.testing.assert_allclose(hs[t], h, rtol=1e-12)


def test_sigmoid_is_accurate_and_exact_at_the_limits():
    a = np.linspace(-40.0, 40.0, 20001)
    reference = np.exp(-np.logaddexp(0.0, -a))  # 1 / (1 + e^-a) through a different, stable formula
    np.testing.assert_allclose(rl.sigmoid(a), reference, rtol=1e-14, atol=0)  # a few ulp
    with warnings.catch_warnings():  # exp(-a) overflows for a < -709: silenced, and the limit is exact
        warnings.simplefilter("error")
        np.testing.assert_array_equal(rl.sigmoid(np.array([-np.inf, -1000.0, 0.0, 1000.0, np.inf])),
                                      [0.0, 0.0, 0.5, 1.0, 1.0])
    assert rl.sigmoid(np.float32([1.0, -2.0])).dtype == np.float32
    assert rl.sigmoid(0.0) == 0.5 and rl.sigmoid(3) == pytest.approx(1 / (1 + np.exp(-3)), rel=1e-15)


@pytest.mark.parametrize("make", [make_layer, make_fast_layer], ids=["readable", "fast"])
@pytest.mark.parametrize("kind", LAYERS)
def test_backward_leaves_dstate_alone_and_its_dstate0_survives_the_next_call(kind, make, rng):
    # Part of the public contract: the dstate passed in must not change, and a dstate0 returned earlier must
    # not be overwritten by a later backward. The fast layers carry the gradient in kept memory, updated in
    # place: a (64, 128) state is 64 KiB, large enough to come from it.
    def parts(state):
        return state if isinstance(state, tuple) else (state,)

    layer = make(kind, 3, 128)
    x, dhs = rng.standard_normal((3, 64, 3)), rng.standard_normal((3, 64, 128))
    hs, cache = layer.forward(x)
    dstate = tuple(rng.standard_normal(p.shape) for p in parts(cache["final_state"]))
    dstate = dstate if layer.state_size > 1 else dstate[0]
    dstate_before = [p.copy() for p in parts(dstate)]
    dstate0 = layer.backward(dhs, cache, dstate)[2]
    dstate0_before = [p.copy() for p in parts(dstate0)]
    layer.backward(dhs, cache)
    for p, before in zip(parts(dstate) + parts(dstate0), dstate_before + dstate0_before):
        np.testing.assert_array_equal(p, before)

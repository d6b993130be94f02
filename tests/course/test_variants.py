"""The reference GRU and LSTM variants of rnnlib.variants against rl.GRU and rl.LSTM (notebook 05's card)."""
import copy

import numpy as np
import pytest

import rnnlib as rl
from rnnlib.course import gates, variants


def sequence(T, B, D, seed=0, dtype=np.float64):
    x = np.random.default_rng(seed).normal(size=(T, B or 1, D)).astype(dtype)
    return x[:, 0] if B is None else x


SHAPES = [(1, None, 1, 1), (7, None, 3, 5), (12, 4, 2, 8)]  # (T, B, D, H); B None: one (T, D) sequence


@pytest.mark.parametrize("T, B, D, H", SHAPES)
def test_swapped_gru_with_negated_update_gate_equals_rnnlib_gru(T, B, D, H):
    gru = rl.GRU(D, H, seed=1)
    x = sequence(T, B, D)
    flipped = copy.deepcopy(gru)
    for w in flipped.gate("z").values():  # W_xz, W_hz, b_xz, b_hz: 1 - sigmoid(a) = sigmoid(-a)
        w *= -1
    np.testing.assert_allclose(variants.swapped_gru_forward(x, flipped.params), gru.forward(x)[0], rtol=1e-12, atol=1e-12)
    assert not np.allclose(variants.swapped_gru_forward(x, gru.params), gru.forward(x)[0])  # unflipped: differs


@pytest.mark.parametrize("T, B, D, H", SHAPES)
def test_cho_gru_differs_from_rnnlib_gru_with_the_same_weights(T, B, D, H):
    gru = rl.GRU(D, H, seed=2)
    x = sequence(T, B, D, seed=3)
    assert np.abs(variants.cho_gru_forward(x, gru.params) - gru.forward(x)[0]).max() > 1e-3


@pytest.mark.parametrize("T, B, D, H", SHAPES)
def test_cho_gru_equals_rnnlib_gru_when_the_reset_gate_is_open(T, B, D, H):
    gru = rl.GRU(D, H, seed=2)
    r = gru.gate("r")
    r["W_xr"][...], r["W_hr"][...], r["b_xr"][...], r["b_hr"][...] = 0.0, 0.0, 40.0, 0.0  # r_t = 1
    x = sequence(T, B, D, seed=3)
    np.testing.assert_allclose(variants.cho_gru_forward(x, gru.params), gru.forward(x)[0], rtol=1e-10, atol=1e-12)


def test_cho_gru_step_matches_its_equations_written_out():
    gru = rl.GRU(3, 4, seed=5)
    p = gru.params
    rng = np.random.default_rng(6)
    x_t, h_prev = rng.normal(size=(2, 3)), rng.normal(size=(2, 4))
    sig = lambda a: 1 / (1 + np.exp(-a))  # noqa: E731
    H = 4
    W_xr, W_xz, W_xn = p["W_x"][:H], p["W_x"][H:2 * H], p["W_x"][2 * H:]
    W_hr, W_hz, W_hn = p["W_h"][:H], p["W_h"][H:2 * H], p["W_h"][2 * H:]
    b_xr, b_xz, b_xn = p["b_x"][:H], p["b_x"][H:2 * H], p["b_x"][2 * H:]
    b_hr, b_hz, b_hn = p["b_h"][:H], p["b_h"][H:2 * H], p["b_h"][2 * H:]
    r = sig(x_t @ W_xr.T + b_xr + h_prev @ W_hr.T + b_hr)
    z = sig(x_t @ W_xz.T + b_xz + h_prev @ W_hz.T + b_hz)
    n = np.tanh(x_t @ W_xn.T + b_xn + (r * h_prev) @ W_hn.T + b_hn)
    h_t, gates = variants.cho_gru_step_forward(x_t, h_prev, p)
    np.testing.assert_allclose(h_t, (1 - z) * n + z * h_prev, rtol=1e-12)
    np.testing.assert_allclose(gates["n"], n, rtol=1e-12)


@pytest.mark.parametrize("T, B, D, H", SHAPES)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_lstm_with_forget_gate_pinned_open_equals_the_1997_lstm(T, B, D, H, dtype):
    lstm = rl.LSTM(D, H, seed=4, dtype=dtype)
    f = lstm.gate("f")
    f["W_xf"][...], f["W_hf"][...], f["b_f"][...] = 0.0, 0.0, 30.0  # f_t = sigmoid(30) = 1 - 1e-13
    x = sequence(T, B, D, seed=7, dtype=dtype)
    hs, _ = lstm.forward(x)
    hs97, cs97 = variants.lstm_1997_forward(x, lstm.params)
    tol = 1e-10 if dtype == np.float64 else 1e-5
    np.testing.assert_allclose(hs97, hs, rtol=tol, atol=tol)
    np.testing.assert_allclose(cs97, gates.gate_values(lstm, x)["c"], rtol=tol, atol=tol)


def test_1997_lstm_differs_from_the_lstm_with_its_default_forget_gate():
    lstm = rl.LSTM(3, 5, seed=4)  # b_f = 1: f_t about 0.73, the cell decays
    x = sequence(20, 2, 3, seed=8)
    assert np.abs(variants.lstm_1997_forward(x, lstm.params)[1] - gates.gate_values(lstm, x)["c"]).max() > 0.1


def test_1997_lstm_cell_only_adds_i_times_g():
    lstm = rl.LSTM(2, 3, seed=9)
    x = sequence(6, 1, 2, seed=10)
    _, cs = variants.lstm_1997_forward(x, lstm.params)
    h = c = np.zeros((1, 3))
    for t in range(6):
        h, c_new, g = variants.lstm_1997_step_forward(x[t], h, c, lstm.params)
        np.testing.assert_allclose(c_new - c, g["i"] * g["g"], rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(c_new, cs[t])
        c = c_new


@pytest.mark.parametrize("bad, error, words", [
    ({"W_x": np.zeros((6, 2)), "W_h": np.zeros((6, 2))}, KeyError, ["b_x"]),
    ({"W_x": np.zeros((5, 2)), "W_h": np.zeros((6, 2)), "b_x": np.zeros(6), "b_h": np.zeros(6)}, ValueError, ["3H"]),
])
def test_variants_reject_params_in_the_wrong_layout(bad, error, words):
    with pytest.raises(error) as info:
        variants.cho_gru_forward(np.zeros((3, 2)), bad)
    assert all(w in str(info.value) for w in words)


def test_variants_reject_input_of_the_wrong_size():
    with pytest.raises(ValueError, match=r"\(T, B, 3\)"):
        variants.lstm_1997_forward(np.zeros((4, 2)), rl.LSTM(3, 2, seed=0).params)

"""Notebook 05: reference forward passes of the GRU and LSTM as other texts write them, to compare with rl.GRU and rl.LSTM.

rnnlib's GRU follows PyTorch/cuDNN and its LSTM has a forget gate. Three other conventions, each here as a
short loop over time (forward only: they exist to be compared, not trained):

1. The GRU of Cho et al. (2014, "Learning phrase representations using RNN encoder-decoder for statistical
   machine translation", eq. 5-8) applies the reset gate to h_{t-1} BEFORE the matmul:

       n_t = tanh(W_xn x_t + b_xn + W_hn (r_t * h_{t-1}) + b_hn)      (Cho et al.)
       n_t = tanh(W_xn x_t + b_xn + r_t * (W_hn h_{t-1} + b_hn))      (rnnlib, PyTorch, cuDNN)

   Different functions with the same parameters: they agree only where r_t = 1.
2. Some texts swap the roles of z and 1 - z, h_t = z_t * n_t + (1 - z_t) * h_{t-1}. Because
   1 - sigmoid(a) = sigmoid(-a), that GRU with the z-gate's weights and biases (W_xz, W_hz, b_xz, b_hz)
   negated is exactly ours: a relabelling, not a different model.
3. The LSTM of Hochreiter & Schmidhuber (1997) had no forget gate, c_t = c_{t-1} + i_t * g_t; Gers,
   Schmidhuber & Cummins (2000) added f_t. Ours with f_t pinned to 1 (W_xf = 0, W_hf = 0 and a large b_f,
   say 30: 1 - sigmoid(30) is about 1e-13) is that LSTM.
   (The 1997 paper also differs in details left out here: its squashing functions had ranges [-2, 2]
   and [-1, 1], and it truncated the gradient flowing out of the cell.)

Parameters use rnnlib's layouts (GRU: W_x (3H, D), W_h (3H, H), b_x, b_h (3H,), gates r, z, n; LSTM: W_x
(4H, D), W_h (4H, H), b (4H,), gates i, f, g, o), so one set of weights runs through every variant.
"""
import numpy as np

from ..nn.gru import gru_step_forward
from ..nn.functional import sigmoid
from ..nn.checks import check_sequence

GRU_KEYS = ("W_x", "W_h", "b_x", "b_h")
LSTM_KEYS = ("W_x", "W_h", "b")


def _check_params(params, keys, gates):
    """Check params against rnnlib's layout (`keys`, `gates` blocks stacked in W_x); return H."""
    missing = [k for k in keys if k not in params]
    if missing:
        raise KeyError(f"params must have the keys {keys} (rnnlib's layout); missing {missing}")
    W_x = np.asarray(params["W_x"])
    if W_x.ndim != 2 or W_x.shape[0] % gates:
        raise ValueError(f"params['W_x'] must have shape ({gates}H, D); got {W_x.shape}")
    return W_x.shape[0] // gates


def _check(x, params, keys, gates):
    """Check params and x; return x as (T, B, D), whether it came as (T, D), and H."""
    H = _check_params(params, keys, gates)
    W_x = np.asarray(params["W_x"])
    x, single = check_sequence(x, "x", W_x.shape[1], W_x.dtype)
    return x, single, H


def cho_gru_step_forward(x_t, h_prev, params):
    """One step of the GRU as Cho et al. (2014) wrote it: the reset gate scales h_{t-1} before W_hn.

        r_t = sigmoid(W_xr x_t + b_xr + W_hr h_{t-1} + b_hr)
        z_t = sigmoid(W_xz x_t + b_xz + W_hz h_{t-1} + b_hz)
        n_t = tanh(W_xn x_t + b_xn + W_hn (r_t * h_{t-1}) + b_hn)
        h_t = (1 - z_t) * n_t + z_t * h_{t-1}

    Args:
        x_t: (B, D); h_prev: (B, H); params: rnnlib's GRU layout (W_x, W_h, b_x, b_h).
    Returns:
        h_t: (B, H); gates: dict r, z, n, each (B, H).
    """
    H = h_prev.shape[1]
    W_h, b_h = params["W_h"], params["b_h"]
    gx = x_t @ params["W_x"].T + params["b_x"]  # (B, 3H)
    gh_rz = h_prev @ W_h[: 2 * H].T + b_h[: 2 * H]  # (B, 2H): the recurrent part of r and z
    r = sigmoid(gx[:, :H] + gh_rz[:, :H])
    z = sigmoid(gx[:, H : 2 * H] + gh_rz[:, H:])
    n = np.tanh(gx[:, 2 * H :] + (r * h_prev) @ W_h[2 * H :].T + b_h[2 * H :])  # reset before the matmul
    return (1 - z) * n + z * h_prev, {"r": r, "z": z, "n": n}


def swapped_gru_step_forward(x_t, h_prev, params):
    """One step of the GRU with z and 1 - z swapped: h_t = z_t * n_t + (1 - z_t) * h_{t-1}.

    r_t, z_t and n_t are computed exactly as in rnnlib (PyTorch/cuDNN); only the last line differs.
    Args and Returns as in `cho_gru_step_forward`.
    """
    _, cache = gru_step_forward(x_t, h_prev, params)  # r_t, z_t, n_t exactly as rnnlib computes them
    z, n = cache["z"], cache["n"]
    return z * n + (1 - z) * h_prev, {"r": cache["r"], "z": z, "n": n}


def lstm_1997_step_forward(x_t, h_prev, c_prev, params):
    """One step of the LSTM without a forget gate (Hochreiter & Schmidhuber 1997, in today's notation).

        i_t = sigmoid(W_xi x_t + W_hi h_{t-1} + b_i)
        g_t = tanh(W_xg x_t + W_hg h_{t-1} + b_g)
        o_t = sigmoid(W_xo x_t + W_ho h_{t-1} + b_o)
        c_t = c_{t-1} + i_t * g_t                      (no f_t: the cell only ever adds)
        h_t = o_t * tanh(c_t)

    Args:
        x_t: (B, D); h_prev, c_prev: (B, H); params: rnnlib's LSTM layout (W_x (4H, D), W_h (4H, H),
            b (4H,), gates i, f, g, o); the f rows are never read.
    Returns:
        h_t, c_t: (B, H); gates: dict i, g, o, each (B, H).
    """
    H = h_prev.shape[1]
    a = x_t @ params["W_x"].T + h_prev @ params["W_h"].T + params["b"]  # (B, 4H); the f block is unused
    i = sigmoid(a[:, :H])
    g = np.tanh(a[:, 2 * H : 3 * H])
    o = sigmoid(a[:, 3 * H :])
    c_t = c_prev + i * g
    return o * np.tanh(c_t), c_t, {"i": i, "g": g, "o": o}


def _run(step, x, params, keys, gates, with_cell):
    x, single, H = _check(x, params, keys, gates)
    T, B, _ = x.shape
    h, c = np.zeros((B, H), x.dtype), np.zeros((B, H), x.dtype)
    hs, cs = np.empty((T, B, H), x.dtype), np.empty((T, B, H), x.dtype)
    for t in range(T):  # the recurrence forces a loop over time
        if with_cell:
            h, c, _ = step(x[t], h, c, params)
            cs[t] = c
        else:
            h, _ = step(x[t], h, params)
        hs[t] = h
    squeeze = (lambda a: a[:, 0]) if single else (lambda a: a)
    return (squeeze(hs), squeeze(cs)) if with_cell else squeeze(hs)


def cho_gru_forward(x, params):
    """Run `cho_gru_step_forward` over a sequence from h_0 = 0.

    Args:
        x: (T, B, D) or (T, D); params: rnnlib's GRU layout.
    Returns:
        hs: (T, B, H) (or (T, H)): h_1..h_T.
    """
    return _run(cho_gru_step_forward, x, params, GRU_KEYS, 3, False)


def swapped_gru_forward(x, params):
    """Run `swapped_gru_step_forward` over a sequence from h_0 = 0. Args and Returns as `cho_gru_forward`."""
    return _run(swapped_gru_step_forward, x, params, GRU_KEYS, 3, False)


def lstm_1997_forward(x, params):
    """Run `lstm_1997_step_forward` over a sequence from h_0 = c_0 = 0.

    Args:
        x: (T, B, D) or (T, D); params: rnnlib's LSTM layout (the f rows are ignored).
    Returns:
        hs, cs: (T, B, H) each (or (T, H)): h_1..h_T and c_1..c_T.
    """
    return _run(lstm_1997_step_forward, x, params, LSTM_KEYS, 4, True)

"""Notebook 05 (and the widgets of 01, 02, 05): every gate along a sequence, and how far back a gradient reaches.

Both functions work for rl.RNN, rl.LSTM and rl.GRU alike, so the three can be compared on the same data.
"""
import numpy as np

from ..nn.lstm import LSTM
from ..nn.recurrent import Recurrent
from ..nn.rnn import RNN
from ..nn.checks import check_sequence


def _check_layer(layer):
    if not isinstance(layer, Recurrent):
        raise TypeError(f"layer must be an rl.RNN, rl.LSTM or rl.GRU; got {type(layer).__name__}")


def gate_values(layer, x):
    """Run `layer` over a sequence and return every gate and state at every step, by name.

    Args:
        layer: an rl.LSTM, rl.GRU or rl.RNN; x: (T, B, D) a batch, or (T, D) one sequence.
    Returns:
        dict of (T, B, H) arrays ((T, H) for one sequence), index t - 1 for step t, stacked from the step
        caches of `layer.forward`: LSTM: i, f, g, o, c (c_t) and h (h_t);  GRU: r, z, n and h;
        RNN: a (the pre-activation a_t) and h.
    """
    _check_layer(layer)
    x, single = check_sequence(x, "x", layer.input_size, layer.dtype)
    hs, cache = layer.forward(x)  # (T, B, H)
    keys = {name: name for name in layer.gates}  # the gates are kept under their own names
    keys.update({"c": "c_t"} if isinstance(layer, LSTM) else {"a": "a_t"} if isinstance(layer, RNN) else {})
    out = {name: np.stack([step[key] for step in cache["steps"]]) for name, key in keys.items()}  # (T, B, H)
    out["h"] = hs
    return {name: v[:, 0] for name, v in out.items()} if single else out


def state_gradient_norms(layer, x):
    """||dh_T/dh_k|| for k = 0..T: how much the last state still depends on the state at step k.

    For each k the layer is restarted at step k from the state it reached there (h_k, and c_k for the
    LSTM), run to T, and `layer.backward` sends back one unit gradient per direction of h_T (a batch of
    H copies, dstate = the identity): what arrives at the initial state is the Jacobian dh_T/dh_k (and
    dh_T/dc_k for the LSTM), row by row. The norm is the spectral norm (largest singular value). For the LSTM
    only h_k is nudged while c_k is held fixed (and the other way round for "c"), so its entries are partial
    derivatives, ∂h_T/∂h_k and ∂h_T/∂c_k; for the RNN and the GRU, whose state is h_k alone, they are total.

    Args:
        layer: an rl.RNN, rl.LSTM or rl.GRU; x: (T, D) one input sequence.
    Returns:
        dict: "h": (T + 1,) with entry k = ||dh_T/dh_k|| (entry T is ||I|| = 1); for the LSTM also
        "c": (T + 1,) with entry k = ||dh_T/dc_k|| (entry T is 0: c_T reaches h_T only inside step T,
        which is already past).
    """
    _check_layer(layer)
    x, single = check_sequence(x, "x", layer.input_size, layer.dtype)
    if not single:
        raise ValueError(f"x must have shape (T, {layer.input_size}): one sequence; got {x.shape}")
    x = x[:, 0]
    T, H = x.shape[0], layer.hidden_size
    is_lstm = isinstance(layer, LSTM)
    values = gate_values(layer, x)  # the states the restarts begin from, (T, H) each
    zeros = np.zeros(H, layer.dtype)
    h_start = np.concatenate([zeros[None], values["h"]])  # (T + 1, H): h_0..h_T
    c_start = np.concatenate([zeros[None], values["c"]]) if is_lstm else None
    eye, blank = np.eye(H, dtype=layer.dtype), np.zeros((H, H), layer.dtype)
    norms = {"h": np.ones(T + 1)}
    if is_lstm:
        norms["c"] = np.zeros(T + 1)
    for k in range(T):  # one restart per k: dh_T/dh_k needs the steps k+1..T only
        xs = np.repeat(x[k:, None, :], H, axis=1)  # (T - k, H, D): H identical copies
        state = np.repeat(h_start[k][None], H, axis=0)
        if is_lstm:
            state = (state, np.repeat(c_start[k][None], H, axis=0))
        hs_k, cache_k = layer.forward(xs, state)
        dstate = (eye, blank) if is_lstm else eye  # unit gradients on h_T, one per batch row
        _, _, dstate0 = layer.backward(np.zeros_like(hs_k), cache_k, dstate)
        if is_lstm:
            norms["h"][k] = np.linalg.norm(dstate0[0], ord=2)
            norms["c"][k] = np.linalg.norm(dstate0[1], ord=2)
        else:
            norms["h"][k] = np.linalg.norm(dstate0, ord=2)
    return norms


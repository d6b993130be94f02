"""minGRU (Feng et al. 2024, "Were RNNs all we needed?"): a GRU whose gates do not look at h_{t-1}.

One step, forward (z_t is the share of the candidate that is written, as in Feng et al.; in the course's GRU,
notebook 05, z_t is the share of h_{t-1} that is kept: the roles of z_t and 1 - z_t are swapped):

    a_z = W_xz x_t + b_z                       (H) the update gate's pre-activation, from x_t alone
    z_t = sigmoid(a_z)                         update gate
    h~_t = W_xh x_t + b_h                      candidate, from x_t alone (no tanh, no reset gate)
    h_t = (1 - z_t) * h_{t-1} + z_t * h~_t

Neither z_t nor h~_t depends on h_{t-1}, so the recurrence is linear, h_t = a_t * h_{t-1} + b_t with
a_t = 1 - z_t and b_t = z_t * h~_t, and the whole sequence is one parallel scan (scan.py): the input projections
for every t in one matrix product each, then ceil(log2 T) levels of element-wise work.

Backward, from dL/dh_t as given (the loss's direct dependence, dhs[t]): the total gradient g_t = dL/dh_t obeys
a linear recurrence run in reverse, another scan:

    g_t = dhs[t] + a_{t+1} * g_{t+1}          (g_T = dhs[T] + dstate, from whatever uses h_T later)
    dL/dz_t = g_t * (h~_t - h_{t-1}),   dL/da_z = dL/dz_t * z_t (1 - z_t),   dL/dh~_t = g_t * z_t
    dL/dW_xz = sum_t (dL/da_z)^T x_t^T,  dL/db_z = sum_t dL/da_z,  and the same with dL/dh~_t for W_xh, b_h
    dL/dx_t = (dL/da_z) W_xz + (dL/dh~_t) W_xh,   dL/dh_0 = a_1 * g_1

params: W_xz (H, D), b_z (H,), W_xh (H, D), b_h (H,): 2 H (D + 1) numbers, and no H x H matrix.
"""
import numpy as np

from .functional import sigmoid, sigmoid_slope
from .recurrent import Recurrent
from .scan import scan_levels


def mingru_step_forward(x_t, h_prev, params):
    """One minGRU step (equations in the module docstring), for widgets and the loop of the base class.

    Args:
        x_t: (B, D); h_prev: (B, H); params: W_xz (H, D), b_z (H,), W_xh (H, D), b_h (H,).
    Returns:
        h_t: (B, H); cache: x_t, h_prev, z (B, H), h_tilde (B, H), h_t, and the params.
    """
    z = sigmoid(x_t @ params["W_xz"].T + params["b_z"])  # (B, H)
    h_tilde = x_t @ params["W_xh"].T + params["b_h"]  # (B, H)
    h_t = (1 - z) * h_prev + z * h_tilde  # (B, H)
    return h_t, {"x_t": x_t, "h_prev": h_prev, "z": z, "h_tilde": h_tilde, "h_t": h_t, "params": params}


def mingru_step_backward(dh_t, cache):
    """Backward through `mingru_step_forward`.

    Args:
        dh_t: (B, H) dL/dh_t, total.
    Returns:
        grads: step t's shares of W_xz, b_z, W_xh, b_h; dx_t: (B, D); dh_prev: (B, H), the part of dL/dh_{t-1}
        that comes through step t: dL/dh_t * (1 - z_t), the only path (the gates do not read h_{t-1}).
    """
    z, h_tilde, h_prev, x_t, params = cache["z"], cache["h_tilde"], cache["h_prev"], cache["x_t"], cache["params"]
    da_z = dh_t * (h_tilde - h_prev) * sigmoid_slope(z)  # dL/da_z, (B, H)
    dh_tilde = dh_t * z  # dL/dh~_t, (B, H)
    grads = {"W_xz": da_z.T @ x_t, "b_z": da_z.sum(axis=0), "W_xh": dh_tilde.T @ x_t, "b_h": dh_tilde.sum(axis=0)}
    dx_t = da_z @ params["W_xz"] + dh_tilde @ params["W_xh"]  # (B, D)
    dh_prev = dh_t * (1 - z)  # (B, H)
    return grads, dx_t, dh_prev


class MinGRU(Recurrent):
    """minGRU layer (equations in the module docstring): forward and backward by parallel scans.

    The public `forward(x, state)` / `backward(dhs, cache, dstate, truncate=...)` are those of every recurrent
    layer (rnnlib/nn/recurrent.py), so `rl.SequenceModel`, `rl.Stacked` and `rl.check_layer` take it as they take
    `rl.GRU`. `_forward` and `_backward` replace the loop over the step functions by scans; the step functions
    stay for widgets (and `Recurrent._forward(layer, ...)` is the loop, for comparison).

    params: W_xz (H, D), b_z (H,), W_xh (H, D), b_h (H,).
    forward's cache: x (T, B, D), z and h_tilde (T, B, H), hs (T, B, H), h0 (B, H), final, x_shape.
    """

    def _init_params(self, rng):
        H, D = self.hidden_size, self.input_size
        return {"W_xz": self._uniform(rng, (H, D)), "b_z": self._uniform(rng, H),
                "W_xh": self._uniform(rng, (H, D)), "b_h": self._uniform(rng, H)}

    def _step_forward(self, x_t, state, params):
        h_t, cache = mingru_step_forward(x_t, state[0], params)
        return (h_t,), cache

    def _step_backward(self, dstate_t, cache):
        grads, dx_t, dh_prev = mingru_step_backward(dstate_t[0], cache)
        return grads, dx_t, (dh_prev,)

    def _forward(self, x, state):
        """x: (T, B, D); state: (h0,) with h0 (B, H). Every t at once: two products, then one scan."""
        p, h0 = self.params, state[0]
        z = sigmoid(x @ p["W_xz"].T + p["b_z"])  # (T, B, H): all time steps in one product
        h_tilde = x @ p["W_xh"].T + p["b_h"]  # (T, B, H)
        A, B = scan_levels(1 - z, z * h_tilde)  # h_t = a_t h_{t-1} + b_t with a_t = 1 - z_t, b_t = z_t h~_t
        hs = A * h0 + B  # (T, B, H): h_t = A_t h_0 + B_t
        cache = {"x": x, "z": z, "h_tilde": h_tilde, "hs": hs, "h0": h0, "final": (hs[-1],), "x_shape": x.shape}
        return hs, cache

    def _backward(self, dhs, cache, dstate, truncate):
        """dhs: (T, B, H); dstate: (dh_T,). The total gradients g_t by a reversed scan, then all t at once."""
        p, x, z, h_tilde = self.params, cache["x"], cache["z"], cache["h_tilde"]
        h_prev = np.concatenate([cache["h0"][None], cache["hs"][:-1]])  # (T, B, H): h_{t-1} for every t
        T = x.shape[0]
        # g_t = dhs[t] + a_{t+1} g_{t+1}: in reversed time s = T-1-t a forward recurrence with coefficients
        # a_{t+1} (a_T := 1, the step that brings dstate in) and inputs dhs[t], started from dstate.
        a_next = np.concatenate([1 - z[1:], np.ones_like(z[:1])])  # (T, B, H): a_{t+1}
        if truncate:
            a_next[truncate - 1:T - 1:truncate] = 0  # a window boundary: nothing crosses from step t+1 into t
        A, B = scan_levels(a_next[::-1], dhs[::-1])
        g = (A * dstate[0] + B)[::-1]  # (T, B, H): dL/dh_t, total
        da_z = g * (h_tilde - h_prev) * sigmoid_slope(z)  # (T, B, H)
        dh_tilde = g * z  # (T, B, H)
        x_rows = x.reshape(-1, x.shape[-1])  # (T B, D): the weight gradients sum over every t and b at once
        grads = {"W_xz": da_z.reshape(x_rows.shape[0], -1).T @ x_rows, "b_z": da_z.sum(axis=(0, 1)),
                 "W_xh": dh_tilde.reshape(x_rows.shape[0], -1).T @ x_rows, "b_h": dh_tilde.sum(axis=(0, 1))}
        dx = da_z @ p["W_xz"] + dh_tilde @ p["W_xh"]  # (T, B, D)
        dh0 = (1 - z[0]) * g[0]  # (B, H): h_0 feeds step 1 only (with truncate: the first window's losses only)
        return grads, dx, (dh0,)

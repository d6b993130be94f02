"""The GRU (Cho et al. 2014) in the formulation of PyTorch and cuDNN.

One step, forward:

    a_x = W_x x_t + b_x,   a_h = W_h h_{t-1} + b_h         (3H) each, stacked r, z, n: the input's and the
                                                           state's parts of the pre-activations
    r_t = sigmoid(a_r),  a_r = a_xr + a_hr                 reset gate
    z_t = sigmoid(a_z),  a_z = a_xz + a_hz                 update gate
    n_t = tanh(a_n),     a_n = a_xn + r_t * a_hn           candidate
    h_t = (1 - z_t) * n_t + z_t * h_{t-1}

and backward, from dL/dh_t (total: the sequence loop has added everything that comes back from later steps);
gradients are rows, as in notebook 03:

    dL/da_n = dL/dh_t * (1 - z_t) * (1 - n_t^2)
    dL/da_z = dL/dh_t * (h_{t-1} - n_t) * z_t (1 - z_t)
    dL/da_r = dL/da_n * a_hn * r_t (1 - r_t)
    dL/da_x = (dL/da_r, dL/da_z, dL/da_n),   dL/da_h = (dL/da_r, dL/da_z, dL/da_n * r_t)
    step t's shares (the loop sums them over t): (dL/da_x)^T x_t^T for W_x, (dL/da_h)^T h_{t-1}^T for W_h,
        dL/da_x for b_x, dL/da_h for b_h
    dL/dx_t = (dL/da_x) W_x;  the part of dL/dh_{t-1} that comes through step t: dL/dh_t * z_t (the direct path
    h_t = ... + z_t * h_{t-1}) + (dL/da_h) W_h (through the three gates)

Cho et al. (2014) write the same update, h_t = z_t h_{t-1} + (1 - z_t) h~_t; the one difference is where the
reset gate acts: there it multiplies h_{t-1} before the matrix product, W_hn (r_t * h_{t-1}) + b_hn. Some texts
(Chung et al. 2014) swap the roles of z_t and 1 - z_t. Notebook 05 checks both in code.

Gates are stacked r, z, n: W_x (3H, D), W_h (3H, H), b_x (3H,), b_h (3H,). The candidate needs the
input and the recurrent biases apart, because r_t multiplies only the recurrent part.
"""
import numpy as np

from .functional import sigmoid, sigmoid_slope, tanh_slope
from .recurrent import Recurrent, split_gates


def gru_step_forward(x_t, h_prev, params):
    """One GRU step (equations in the module docstring).

    Args:
        x_t: (B, D); h_prev: (B, H); params: W_x (3H, D), W_h (3H, H), b_x (3H,), b_h (3H,).
    Returns:
        h_t: (B, H); cache: x_t, h_prev, a_x = W_x x_t + b_x and a_h = W_h h_{t-1} + b_h (B, 3H),
        gates r, z, n and h_t (B, H), and the params.
    """
    a_x = x_t @ params["W_x"].T + params["b_x"]  # (B, 3H)
    a_h = h_prev @ params["W_h"].T + params["b_h"]  # (B, 3H)
    a_xr, a_xz, a_xn = split_gates(a_x, 3)
    a_hr, a_hz, a_hn = split_gates(a_h, 3)
    r = sigmoid(a_xr + a_hr)  # (B, H)
    z = sigmoid(a_xz + a_hz)  # (B, H)
    n = np.tanh(a_xn + r * a_hn)  # (B, H)
    h_t = (1 - z) * n + z * h_prev  # (B, H)
    cache = {"x_t": x_t, "h_prev": h_prev, "a_x": a_x, "a_h": a_h, "r": r, "z": z, "n": n, "h_t": h_t,
             "params": params}
    return h_t, cache


def gru_step_backward(dh_t, cache):
    """Backward through `gru_step_forward`.

    Args:
        dh_t: (B, H) dL/dh_t, total.
    Returns:
        grads: step t's shares of W_x, W_h, b_x, b_h; dx_t: (B, D); dh_prev: (B, H), the part of dL/dh_{t-1}
        that comes through step t.
    """
    r, z, n, h_prev, params = cache["r"], cache["z"], cache["n"], cache["h_prev"], cache["params"]
    a_hn = split_gates(cache["a_h"], 3)[2]  # (B, H)
    da_n = dh_t * (1 - z) * tanh_slope(n)  # dL/da_n, a_n = a_xn + r_t a_hn, (B, H)
    da_z = dh_t * (h_prev - n) * sigmoid_slope(z)  # dL/da_z, (B, H)
    da_r = da_n * a_hn * sigmoid_slope(r)  # dL/da_r, (B, H)
    da_x = np.concatenate([da_r, da_z, da_n], axis=1)  # dL/da_x, (B, 3H)
    da_h = np.concatenate([da_r, da_z, da_n * r], axis=1)  # dL/da_h, (B, 3H): r_t scales the recurrent part of a_n
    grads = {"W_x": da_x.T @ cache["x_t"], "W_h": da_h.T @ h_prev, "b_x": da_x.sum(axis=0), "b_h": da_h.sum(axis=0)}
    dx_t = da_x @ params["W_x"]  # (B, D)
    dh_prev = dh_t * z + da_h @ params["W_h"]  # (B, H): the direct path z_t * h_{t-1}, plus through the three gates
    return grads, dx_t, dh_prev


class GRU(Recurrent):
    """GRU layer (equations in the module docstring).

    params: W_x (3H, D), W_h (3H, H), b_x (3H,), b_h (3H,), gates stacked r, z, n.
    forward's cache["steps"][t]: the cache of `gru_step_forward` at step t.
    """

    gates = ("r", "z", "n")

    def _init_params(self, rng):
        H, D = self.hidden_size, self.input_size
        return {"W_x": self._uniform(rng, (3 * H, D)), "W_h": self._uniform(rng, (3 * H, H)),
                "b_x": self._uniform(rng, 3 * H), "b_h": self._uniform(rng, 3 * H)}

    def _step_forward(self, x_t, state, params):
        h_t, cache = gru_step_forward(x_t, state[0], params)
        return (h_t,), cache

    def _step_backward(self, dstate_t, cache):
        grads, dx_t, dh_prev = gru_step_backward(dstate_t[0], cache)
        return grads, dx_t, (dh_prev,)

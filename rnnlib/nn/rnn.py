"""The vanilla (Elman) RNN: h_t = f(W_hh h_{t-1} + W_xh x_t + b_h), with f = tanh, ReLU or identity.

One step, forward:

    a_t = W_hh h_{t-1} + W_xh x_t + b_h          pre-activation
    h_t = f(a_t)

and backward, from dL/dh_t (the total derivative: the sequence loop has added everything that comes back from
later steps). Gradients with respect to a vector are rows, as in notebook 03 and as the code stores them:

    dL/da_t = dL/dh_t * f'(a_t)                  element-wise; f' written in terms of h_t (tanh: 1 - h_t^2)
    step t's shares of the weight gradients (the loop sums them over t), with delta_t = (dL/da_t)^T:
        delta_t x_t^T for W_xh,   delta_t h_{t-1}^T for W_hh,   delta_t for b_h
    dL/dx_t = (dL/da_t) W_xh,   and (dL/dh_t) dh_t/dh_{t-1} = (dL/da_t) W_hh, the part of dL/dh_{t-1} that
    comes through step t

Maths in column vectors, code in row vectors: a batch keeps one example per row, so W_xh x_t is written
`x_t @ W_xh.T`, with W_xh of shape (H, D) exactly as in the maths; (dL/da_t) W_hh is `da @ W_hh`, and
delta_t x_t^T, summed over the batch, is `da.T @ x_t`. The whole-sequence forward and backward are the loops of
`recurrent.Recurrent` over these two functions.
"""
import numpy as np

from .functional import ACTIVATIONS
from .recurrent import Recurrent


def rnn_step_forward(x_t, h_prev, params, activation="tanh"):
    """One step of the vanilla RNN: a_t = W_hh h_{t-1} + W_xh x_t + b_h, h_t = f(a_t).

    Args:
        x_t: (B, D); h_prev: (B, H); params: W_xh (H, D), W_hh (H, H), b_h (H,).
    Returns:
        h_t: (B, H); cache: x_t, h_prev, a_t (pre-activation) and h_t, each (B, ·), and the params.
    """
    f, _ = ACTIVATIONS[activation]  # the activation and its slope
    a_t = h_prev @ params["W_hh"].T + x_t @ params["W_xh"].T + params["b_h"]  # (B, H)
    h_t = f(a_t)  # (B, H)
    return h_t, {"x_t": x_t, "h_prev": h_prev, "a_t": a_t, "h_t": h_t, "params": params, "activation": activation}


def rnn_step_backward(dh_t, cache):
    """Backward through `rnn_step_forward`.

    Args:
        dh_t: (B, H) gradient of the loss with respect to h_t.
    Returns:
        grads: W_xh (H, D), W_hh (H, H), b_h (H,); dx_t: (B, D); dh_prev: (B, H).
    """
    params = cache["params"]
    _, f_slope = ACTIVATIONS[cache["activation"]]  # f' written in terms of the output h_t
    da = dh_t * f_slope(cache["h_t"])  # dL/da_t, (B, H)
    grads = {"W_xh": da.T @ cache["x_t"], "W_hh": da.T @ cache["h_prev"], "b_h": da.sum(axis=0)}  # step t's shares
    dx_t = da @ params["W_xh"]  # (B, D)
    dh_prev = da @ params["W_hh"]  # (B, H): the part of dL/dh_{t-1} that comes through step t
    return grads, dx_t, dh_prev


class RNN(Recurrent):
    """Vanilla RNN layer (equations in the module docstring).

    params: W_xh (H, D) weighs the input, W_hh (H, H) the previous state, b_h (H,) the bias.
    forward's cache["steps"][t]: the cache of `rnn_step_forward` at step t.
    """

    def __init__(self, input_size, hidden_size, *, activation="tanh", seed=None, dtype=np.float64):
        if activation not in ACTIVATIONS:
            raise ValueError(f"activation must be one of {tuple(ACTIVATIONS)}; got {activation!r}")
        self.activation = activation
        super().__init__(input_size, hidden_size, seed=seed, dtype=dtype)

    def __repr__(self):
        return super().__repr__().replace(", dtype", f", activation={self.activation!r}, dtype")

    def _init_params(self, rng):
        H, D = self.hidden_size, self.input_size
        return {"W_xh": self._uniform(rng, (H, D)), "W_hh": self._uniform(rng, (H, H)), "b_h": np.zeros(H)}

    def _step_forward(self, x_t, state, params):
        h_t, cache = rnn_step_forward(x_t, state[0], params, self.activation)
        return (h_t,), cache

    def _step_backward(self, dstate_t, cache):
        grads, dx_t, dh_prev = rnn_step_backward(dstate_t[0], cache)
        return grads, dx_t, (dh_prev,)

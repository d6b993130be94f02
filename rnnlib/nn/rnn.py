"""The vanilla (Elman) RNN: h_t = f(W_hh h_{t-1} + W_xh x_t + b_h), with f = tanh, ReLU or identity.

One step, forward:

    a_t = W_hh h_{t-1} + W_xh x_t + b_h          pre-activation
    h_t = f(a_t)

and backward, from dL/dh_t (the total derivative, given):

    dL/da_t     = dL/dh_t * f'(a_t)              element-wise; f' written in terms of h_t (tanh: 1 - h_t^2)
    dL/dW_xh    = dL/da_t x_t^T,   dL/dW_hh = dL/da_t h_{t-1}^T,   dL/db_h = dL/da_t
    dL/dx_t     = W_xh^T dL/da_t,  dL/dh_{t-1} (through this step) = W_hh^T dL/da_t

Maths in column vectors, code in row vectors: a batch keeps one example per row, so W_xh x_t is written
`x_t @ W_xh.T`, with W_xh of shape (H, D) exactly as in the maths, and W_hh^T dL/da_t is `da @ W_hh`.
The whole-sequence forward and backward are the loops of `recurrent.Recurrent` over these two functions.
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
    a_t = h_prev @ params["W_hh"].T + x_t @ params["W_xh"].T + params["b_h"]  # (B, H)
    h_t = ACTIVATIONS[activation][0](a_t)  # (B, H)
    return h_t, {"x_t": x_t, "h_prev": h_prev, "a_t": a_t, "h_t": h_t, "params": params, "activation": activation}


def rnn_step_backward(dh_t, cache):
    """Backward through `rnn_step_forward`.

    Args:
        dh_t: (B, H) gradient of the loss with respect to h_t.
    Returns:
        grads: W_xh (H, D), W_hh (H, H), b_h (H,); dx_t: (B, D); dh_prev: (B, H).
    """
    params = cache["params"]
    da = dh_t * ACTIVATIONS[cache["activation"]][1](cache["h_t"])  # dL/da_t, (B, H)
    grads = {"W_xh": da.T @ cache["x_t"], "W_hh": da.T @ cache["h_prev"], "b_h": da.sum(axis=0)}
    return grads, da @ params["W_xh"], da @ params["W_hh"]


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

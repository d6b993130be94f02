"""The LSTM (Hochreiter & Schmidhuber 1997, with the forget gate of Gers, Schmidhuber & Cummins 2000).

One step, forward:

    a_t = W_x x_t + W_h h_{t-1} + b                  (4H) pre-activations, stacked a_i, a_f, a_g, a_o
    i_t = sigmoid(a_i)                               input gate
    f_t = sigmoid(a_f)                               forget gate
    g_t = tanh(a_g)                                  candidate
    o_t = sigmoid(a_o)                               output gate
    c_t = f_t * c_{t-1} + i_t * g_t                  cell state
    h_t = o_t * tanh(c_t)

and backward, from dL/dh_t (total: the sequence loop has added everything that comes back from later steps)
and dc_next, the part of dL/dc_t that comes back through c_{t+1}. Gradients are rows, as in notebook 03:

    dL/dc_t = dc_next + dL/dh_t * o_t * (1 - tanh^2 c_t)      total: c_t also reaches the loss through h_t
    dL/da_i = dL/dc_t * g_t * i_t (1 - i_t)          dL/da_f = dL/dc_t * c_{t-1} * f_t (1 - f_t)
    dL/da_g = dL/dc_t * i_t * (1 - g_t^2)            dL/da_o = dL/dh_t * tanh(c_t) * o_t (1 - o_t)
    step t's shares (the loop sums them over t), delta_t = (dL/da_t)^T: delta_t x_t^T for W_x,
        delta_t h_{t-1}^T for W_h, delta_t for b
    dL/dx_t = (dL/da_t) W_x;  through step t: (dL/da_t) W_h to h_{t-1}, and (dL/dc_t) dc_t/dc_{t-1} = dL/dc_t * f_t
    to c_{t-1}: the cell state's highway, where the gradient is only multiplied by the forget gate

The gates are stacked in the order i, f, g, o: W_x (4H, D), W_h (4H, H), b (4H,), so one matrix product
gives all four pre-activations. `layer.gate("f")` returns the views W_xf, W_hf, b_f.
"""
import numpy as np

from .functional import sigmoid, sigmoid_slope, tanh_slope
from .recurrent import Recurrent, split_gates


def lstm_step_forward(x_t, h_prev, c_prev, params):
    """One LSTM step (equations in the module docstring).

    Args:
        x_t: (B, D); h_prev, c_prev: (B, H); params: W_x (4H, D), W_h (4H, H), b (4H,).
    Returns:
        h_t, c_t: (B, H); cache: x_t, h_prev, c_prev, a (B, 4H) pre-activations, gates i, f, g, o,
        c_t and h_t, each (B, H), and the params.
    """
    a = x_t @ params["W_x"].T + h_prev @ params["W_h"].T + params["b"]  # (B, 4H)
    a_i, a_f, a_g, a_o = split_gates(a, 4)  # each (B, H)
    i, f, g, o = sigmoid(a_i), sigmoid(a_f), np.tanh(a_g), sigmoid(a_o)
    c_t = f * c_prev + i * g  # (B, H)
    h_t = o * np.tanh(c_t)  # (B, H)
    cache = {"x_t": x_t, "h_prev": h_prev, "c_prev": c_prev, "a": a,
             "i": i, "f": f, "g": g, "o": o, "c_t": c_t, "h_t": h_t, "params": params}
    return h_t, c_t, cache


def lstm_step_backward(dh_t, dc_next, cache):
    """Backward through `lstm_step_forward`.

    Args:
        dh_t: (B, H) dL/dh_t, total; dc_next: (B, H) the part of dL/dc_t that comes back through c_{t+1}.
    Returns:
        grads: step t's shares of W_x, W_h, b; dx_t: (B, D); dh_prev, dc_prev: (B, H), the parts of
        dL/dh_{t-1} and dL/dc_{t-1} that come through step t.
    """
    i, f, g, o, c_prev = cache["i"], cache["f"], cache["g"], cache["o"], cache["c_prev"]
    tanh_c = np.tanh(cache["c_t"])
    dc_t = dc_next + dh_t * o * tanh_slope(tanh_c)  # dL/dc_t: c_t reaches the loss through c_{t+1} and through h_t
    da = np.concatenate([
        dc_t * g * sigmoid_slope(i),  # dL/da_i
        dc_t * c_prev * sigmoid_slope(f),  # dL/da_f
        dc_t * i * tanh_slope(g),  # dL/da_g
        dh_t * tanh_c * sigmoid_slope(o),  # dL/da_o
    ], axis=1)  # (B, 4H)
    params = cache["params"]
    grads = {"W_x": da.T @ cache["x_t"], "W_h": da.T @ cache["h_prev"], "b": da.sum(axis=0)}  # step t's shares
    dx_t = da @ params["W_x"]  # (B, D)
    dh_prev = da @ params["W_h"]  # (B, H): through the four gates' pre-activations
    dc_prev = dc_t * f  # (B, H): along the cell state, the highway
    return grads, dx_t, dh_prev, dc_prev


class LSTM(Recurrent):
    """LSTM layer (equations in the module docstring); its state is the pair (h, c).

    params: W_x (4H, D), W_h (4H, H), b (4H,), gates stacked i, f, g, o. The forget-gate bias starts
    at 1 so that a new cell remembers by default (Gers et al. 2000; Jozefowicz et al. 2015).
    forward's cache["steps"][t]: the cache of `lstm_step_forward` at step t.
    """

    gates = ("i", "f", "g", "o")
    state_size = 2

    def _init_params(self, rng):
        H, D = self.hidden_size, self.input_size
        b = np.zeros(4 * H)
        b[H : 2 * H] = 1.0
        return {"W_x": self._uniform(rng, (4 * H, D)), "W_h": self._uniform(rng, (4 * H, H)), "b": b}

    def _step_forward(self, x_t, state, params):
        h_t, c_t, cache = lstm_step_forward(x_t, state[0], state[1], params)
        return (h_t, c_t), cache

    def _step_backward(self, dstate_t, cache):
        grads, dx_t, dh_prev, dc_prev = lstm_step_backward(dstate_t[0], dstate_t[1], cache)
        return grads, dx_t, (dh_prev, dc_prev)

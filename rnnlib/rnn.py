"""The vanilla (Elman) RNN: h_t = f(W_hh h_{t-1} + W_xh x_t + b_h).

Maths in column vectors, code in row vectors: a batch keeps one example per row, so W_xh x_t is written
`x_t @ W_xh.T`, with W_xh of shape (H, D) exactly as in the maths.
"""
import numpy as np

from .recurrent import Recurrent, bias_gradient, project, recurrent_weight_gradient, tanh_slope, weight_gradient


def _relu(a, out=None):
    return np.maximum(a, 0.0, out=out)


def _identity(a, out=None):
    if out is None:
        return a.copy()
    out[...] = a
    return out


def _relu_slope(h, out=None):
    return np.greater(h, 0.0, out=np.empty_like(h) if out is None else out)  # 1.0 where h > 0, else 0.0


def _identity_slope(h, out=None):
    out = np.empty_like(h) if out is None else out
    out.fill(1.0)
    return out


# Each activation f(a, out=None), and its derivative f'(a, out=None) written in terms of its output h = f(a).
ACTIVATIONS = {
    "tanh": (np.tanh, tanh_slope),
    "relu": (_relu, _relu_slope),
    "identity": (_identity, _identity_slope),
}


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
    """Vanilla RNN layer, h_t = f(W_hh h_{t-1} + W_xh x_t + b_h) with f = tanh, ReLU or identity.

    Read `rnn_step_forward` and `rnn_step_backward` above first: they are the maths of one step, line by
    line. `_forward` and `_backward` below compute exactly the same over a whole sequence, only faster:
    the input projections and weight gradients for all t in one matrix product each, and the loop over
    time writing into arrays allocated once.

    params: W_xh (H, D) weighs the input, W_hh (H, H) the previous state, b_h (H,) the bias.
    forward's cache: x (T, B, D), h0 (B, H), a (T, B, H) pre-activations, h (T, B, H) states.
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

    def _forward(self, x, parts):
        W_hh = self.params["W_hh"]
        f = ACTIVATIONS[self.activation][0]
        (h0,) = parts
        T, B, H = x.shape[0], x.shape[1], self.hidden_size
        a = project(x, self.params["W_xh"], self.params["b_h"], out=self._array("a", (T, B, H)))  # W_xh x_t + b_h
        hs = self._array("h", (T, B, H))
        recurrent = self._array("recurrent", (B, H))  # W_hh h_{t-1}, one buffer for every step
        h = h0
        for t in range(T):  # the recurrence: h_t needs h_{t-1}, so this loop cannot be vectorised
            a[t] += np.matmul(h, W_hh.T, out=recurrent)  # a_t = W_hh h_{t-1} + W_xh x_t + b_h
            h = f(a[t], out=hs[t])  # h_t = f(a_t), written in place
        return hs, {"x": x, "h0": h0, "a": a, "h": hs, "final": (hs[-1],)}

    def _backward(self, dhs, cache, dparts, truncate):
        W_hh = self.params["W_hh"]
        x, h0, hs = cache["x"], cache["h0"], cache["h"]
        fprime = ACTIVATIONS[self.activation][1]
        da = self._array("da", hs.shape)  # (T, B, H): dL/da_t
        (dh,) = dparts  # dL/dh_t flowing back from t+1, updated in place
        slope = self._array("slope", h0.shape)  # f'(a_t), one buffer for every step
        for t in reversed(range(x.shape[0])):  # sequential: dL/dh_t needs dL/dh_{t+1}
            dh += dhs[t]  # total derivative: the loss at t plus everything later
            np.multiply(dh, fprime(hs[t], out=slope), out=da[t])  # dL/da_t = dL/dh_t * f'(a_t)
            np.matmul(da[t], W_hh, out=dh)  # dL/dh_{t-1} through W_hh, written into the same buffer
            if truncate and t > 0 and t % truncate == 0:
                dh[...] = 0.0  # a window boundary: no gradient crosses into step t-1
        grads = {
            "W_xh": weight_gradient(da, x),  # sum_t dL/da_t x_t^T, one matmul over all t
            "W_hh": recurrent_weight_gradient(da, h0, hs),  # sum_t dL/da_t h_{t-1}^T
            "b_h": bias_gradient(da),  # sum_t dL/da_t
        }
        dx = project(da, self.params["W_xh"].T)  # (T, B, D)
        return grads, dx, (dh,)

    def _step_forward(self, x_t, parts, params):
        h_t, cache = rnn_step_forward(x_t, parts[0], params, self.activation)
        return (h_t,), cache

    def _step_backward(self, dparts, cache):
        grads, dx_t, dh_prev = rnn_step_backward(dparts[0], cache)
        return grads, dx_t, (dh_prev,)

"""The LSTM (Hochreiter & Schmidhuber 1997, with the forget gate of Gers, Schmidhuber & Cummins 2000).

    i_t = sigmoid(W_xi x_t + W_hi h_{t-1} + b_i)      input gate
    f_t = sigmoid(W_xf x_t + W_hf h_{t-1} + b_f)      forget gate
    g_t = tanh(W_xg x_t + W_hg h_{t-1} + b_g)         candidate
    o_t = sigmoid(W_xo x_t + W_ho h_{t-1} + b_o)      output gate
    c_t = f_t * c_{t-1} + i_t * g_t                   cell state
    h_t = o_t * tanh(c_t)

The four gates are stacked in the order i, f, g, o: W_x (4H, D), W_h (4H, H), b (4H,), so one matmul
computes all four pre-activations z_t = W_x x_t + W_h h_{t-1} + b. `layer.gate("f")` returns the views
W_xf, W_hf, b_f.
"""
import numpy as np

from .recurrent import Recurrent, previous_states, project, sigmoid, weight_gradient


def _activate(z, H):
    """Gate values from pre-activations z (..., 4H), in place: sigmoid on i, f, o and tanh on g."""
    z[..., : 2 * H] = sigmoid(z[..., : 2 * H])
    np.tanh(z[..., 2 * H : 3 * H], out=z[..., 2 * H : 3 * H])
    z[..., 3 * H :] = sigmoid(z[..., 3 * H :])
    return z


def _split(v, H):
    return v[..., :H], v[..., H : 2 * H], v[..., 2 * H : 3 * H], v[..., 3 * H :]


def lstm_step_forward(x_t, h_prev, c_prev, params):
    """One LSTM step (equations in the module docstring).

    Args:
        x_t: (B, D); h_prev, c_prev: (B, H); params: W_x (4H, D), W_h (4H, H), b (4H,).
    Returns:
        h_t, c_t: (B, H); cache: x_t, h_prev, c_prev, z (B, 4H) pre-activations, gates i, f, g, o,
        c_t and h_t, each (B, H), and the params.
    """
    H = h_prev.shape[1]
    z = x_t @ params["W_x"].T + h_prev @ params["W_h"].T + params["b"]  # (B, 4H)
    i, f, g, o = _split(_activate(z.copy(), H), H)
    c_t = f * c_prev + i * g  # (B, H)
    h_t = o * np.tanh(c_t)  # (B, H)
    cache = {"x_t": x_t, "h_prev": h_prev, "c_prev": c_prev, "z": z,
             "i": i, "f": f, "g": g, "o": o, "c_t": c_t, "h_t": h_t, "params": params}
    return h_t, c_t, cache


def lstm_step_backward(dh_t, dc_t, cache):
    """Backward through `lstm_step_forward`.

    Args:
        dh_t, dc_t: (B, H) gradients with respect to h_t and c_t.
    Returns:
        grads: W_x, W_h, b; dx_t: (B, D); dh_prev, dc_prev: (B, H).
    """
    i, f, g, o, c_prev = cache["i"], cache["f"], cache["g"], cache["o"], cache["c_prev"]
    tc = np.tanh(cache["c_t"])
    dc = dc_t + dh_t * o * (1 - tc * tc)  # c_t reaches the loss directly and through h_t
    dz = np.concatenate([
        dc * g * i * (1 - i),  # dL/dz_i
        dc * c_prev * f * (1 - f),  # dL/dz_f
        dc * i * (1 - g * g),  # dL/dz_g
        dh_t * tc * o * (1 - o),  # dL/dz_o
    ], axis=1)  # (B, 4H)
    params = cache["params"]
    grads = {"W_x": dz.T @ cache["x_t"], "W_h": dz.T @ cache["h_prev"], "b": dz.sum(axis=0)}
    return grads, dz @ params["W_x"], dz @ params["W_h"], dc * f


class LSTM(Recurrent):
    """LSTM layer (equations in the module docstring); its state is the pair (h, c).

    params: W_x (4H, D), W_h (4H, H), b (4H,), gates stacked i, f, g, o. The forget-gate bias starts
    at 1 so that a new cell remembers by default (Gers et al. 2000; Jozefowicz et al. 2015).
    forward's cache: x, h0, c0, gates (T, B, 4H) (i, f, g, o after their nonlinearities), c (T, B, H)
    cell states c_1..c_T, h (T, B, H).
    """

    gates = ("i", "f", "g", "o")
    state_size = 2

    def _init_params(self, rng):
        H, D = self.hidden_size, self.input_size
        b = np.zeros(4 * H)
        b[H : 2 * H] = 1.0
        return {"W_x": self._uniform(rng, (4 * H, D)), "W_h": self._uniform(rng, (4 * H, H)), "b": b}

    def _forward(self, x, parts):
        H, W_h = self.hidden_size, self.params["W_h"]
        h0, c0 = parts
        T, B, _ = x.shape
        gates = project(x, self.params["W_x"], self.params["b"])  # (T, B, 4H): W_x x_t + b for all t
        cs, hs = np.empty((T, B, H), self.dtype), np.empty((T, B, H), self.dtype)
        h, c = h0, c0
        for t in range(T):  # the recurrence forces a loop over time
            gates[t] += h @ W_h.T  # z_t = W_x x_t + W_h h_{t-1} + b
            i, f, g, o = _split(_activate(gates[t], H), H)
            c = cs[t] = f * c + i * g  # c_t = f_t * c_{t-1} + i_t * g_t
            h = hs[t] = o * np.tanh(c)  # h_t = o_t * tanh(c_t)
        return hs, {"x": x, "h0": h0, "c0": c0, "gates": gates, "c": cs, "h": hs, "final": (hs[-1], cs[-1])}

    def _backward(self, dhs, cache, dparts, truncate):
        H, W_h = self.hidden_size, self.params["W_h"]
        x, h0, c0, hs, cs = cache["x"], cache["h0"], cache["c0"], cache["h"], cache["c"]
        T, B, _ = x.shape
        i, f, g, o = _split(cache["gates"], H)
        tc = np.tanh(cs)
        c_prev = previous_states(c0, cs)
        # Every factor that does not depend on the incoming gradient, for all t at once:
        # dL/dz = [dc * g i(1-i), dc * c_prev f(1-f), dc * i (1-g^2), dh * tanh(c) o(1-o)].
        dz = np.concatenate([g * i * (1 - i), c_prev * f * (1 - f), i * (1 - g * g), tc * o * (1 - o)], axis=2)
        dz4 = dz.reshape(T, B, 4, H)  # a view: dz4[t, :, k] is gate k's block
        dh_through_c = o * (1 - tc * tc)  # dc_t/dh_t path: h_t = o_t tanh(c_t)
        dh, dc = (np.zeros((B, H), self.dtype) for _ in range(2)) if dparts is None else (p.copy() for p in dparts)
        for t in reversed(range(T)):  # sequential: step t needs the gradient from t+1
            dh += dhs[t]  # dL/dh_t, total: the loss at t plus everything later
            dc += dh * dh_through_c[t]  # dL/dc_t, total
            dz4[t, :, :3] *= dc[:, None, :]  # i, f, g blocks
            dz4[t, :, 3] *= dh  # o block
            dc *= f[t]  # dL/dc_{t-1} along the cell state: the highway
            np.matmul(dz[t], W_h, out=dh)  # dL/dh_{t-1} through W_h
            if truncate and t > 0 and t % truncate == 0:
                dh[...] = 0.0  # a window boundary: no gradient crosses into step t-1
                dc[...] = 0.0
        grads = {"W_x": weight_gradient(dz, x), "W_h": weight_gradient(dz, previous_states(h0, hs)),
                 "b": dz.sum(axis=(0, 1))}
        return grads, project(dz, self.params["W_x"].T), (dh, dc)

    def _step_forward(self, x_t, parts, params):
        h_t, c_t, cache = lstm_step_forward(x_t, parts[0], parts[1], params)
        return (h_t, c_t), cache

    def _step_backward(self, dparts, cache):
        grads, dx_t, dh_prev, dc_prev = lstm_step_backward(dparts[0], dparts[1], cache)
        return grads, dx_t, (dh_prev, dc_prev)

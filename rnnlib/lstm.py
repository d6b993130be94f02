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

from .recurrent import (Recurrent, bias_gradient, by_gate, project, recurrent_weight_gradient, sigmoid,
                        sigmoid_slope, tanh_slope, weight_gradient)


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
    z_i, z_f, z_g, z_o = _split(z, H)
    i, f, g, o = sigmoid(z_i), sigmoid(z_f), np.tanh(z_g), sigmoid(z_o)
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
    forward's cache: x, h0, c0, gates (T, 4, B, H) (i, f, g, o after their nonlinearities), c (T, B, H)
    cell states c_1..c_T, tanh_c (T, B, H) their tanh, h (T, B, H).
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
        zx = project(x, self.params["W_x"], self.params["b"], out=self._array("zx", (T, B, 4 * H)))  # W_x x_t + b
        gates = self._array("gates", (T, 4, B, H))  # gates[t, k]: gate k at step t, a contiguous (B, H) block
        cs, tanh_cs, hs = (self._array(name, (T, B, H)) for name in ("c", "tanh_c", "h"))
        z, ig = self._array("z", (B, 4 * H)), self._array("ig", (B, H))  # reused every step
        h, c = h0, c0
        for t in range(T):  # the recurrence forces a loop over time
            np.matmul(h, W_h.T, out=z)
            z += zx[t]  # z_t = W_x x_t + W_h h_{t-1} + b
            np.copyto(gates[t], by_gate(z, 4))  # the rest of the step works on whole (B, H) blocks
            i, f, g, o = gates[t]
            sigmoid(gates[t, :2], out=gates[t, :2])  # i_t and f_t
            np.tanh(g, out=g)  # g_t
            sigmoid(o, out=o)  # o_t
            c = np.multiply(f, c, out=cs[t])
            c += np.multiply(i, g, out=ig)  # c_t = f_t * c_{t-1} + i_t * g_t
            h = np.multiply(o, np.tanh(c, out=tanh_cs[t]), out=hs[t])  # h_t = o_t * tanh(c_t)
        cache = {"x": x, "h0": h0, "c0": c0, "gates": gates, "c": cs, "tanh_c": tanh_cs, "h": hs,
                 "final": (hs[-1], cs[-1])}
        return hs, cache

    def _backward(self, dhs, cache, dparts, truncate):
        H, W_h = self.hidden_size, self.params["W_h"]
        x, h0, c0, hs, cs = cache["x"], cache["h0"], cache["c0"], cache["h"], cache["c"]
        T, B, _ = x.shape
        dz = self._array("dz", (T, B, 4 * H))  # dL/dz_t, laid out like z_t for the weight gradients
        dz_t = self._array("dz_t", (4, B, H))  # this step's dL/dz_t, gate-major like cache["gates"]
        dz_i, dz_f, dz_g, dz_o = dz_t
        dh, dc = dparts  # dL/dh_t, dL/dc_t flowing back from t+1, updated in place
        k, s = (self._array(name, (B, H)) for name in ("k", "s"))  # scratch, reused for every product below
        for t in reversed(range(T)):  # sequential: step t needs the gradient from t+1
            i, f, g, o = cache["gates"][t]
            tanh_c, c_prev = cache["tanh_c"][t], (cs[t - 1] if t > 0 else c0)
            dh += dhs[t]  # dL/dh_t, total: the loss at t plus everything later
            # dL/dc_t, total: what came along the cell state, plus dh_t o_t (1 - tanh^2 c_t) through h_t
            dc += np.multiply(np.multiply(dh, o, out=k), tanh_slope(tanh_c, out=s), out=k)
            np.multiply(np.multiply(dh, tanh_c, out=k), sigmoid_slope(o, out=s), out=dz_o)  # dh_t tanh(c_t) o_t(1-o_t)
            np.multiply(np.multiply(dc, g, out=k), sigmoid_slope(i, out=s), out=dz_i)  # dc_t g_t i_t(1-i_t)
            np.multiply(np.multiply(dc, c_prev, out=k), sigmoid_slope(f, out=s), out=dz_f)  # dc_t c_{t-1} f_t(1-f_t)
            np.multiply(np.multiply(dc, i, out=k), tanh_slope(g, out=s), out=dz_g)  # dc_t i_t (1-g_t^2)
            dc *= f  # dL/dc_{t-1} along the cell state: the highway
            np.copyto(by_gate(dz[t], 4), dz_t)
            np.matmul(dz[t], W_h, out=dh)  # dL/dh_{t-1} through W_h
            if truncate and t > 0 and t % truncate == 0:
                dh[...] = 0.0  # a window boundary: no gradient crosses into step t-1
                dc[...] = 0.0
        grads = {"W_x": weight_gradient(dz, x), "W_h": recurrent_weight_gradient(dz, h0, hs), "b": bias_gradient(dz)}
        return grads, project(dz, self.params["W_x"].T), (dh, dc)

    def _step_forward(self, x_t, parts, params):
        h_t, c_t, cache = lstm_step_forward(x_t, parts[0], parts[1], params)
        return (h_t, c_t), cache

    def _step_backward(self, dparts, cache):
        grads, dx_t, dh_prev, dc_prev = lstm_step_backward(dparts[0], dparts[1], cache)
        return grads, dx_t, (dh_prev, dc_prev)

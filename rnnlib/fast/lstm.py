"""The tuned LSTM: the same maths and contract as `rnnlib.nn.lstm.LSTM`, computed faster.

The input projections and weight gradients for all t in one matrix product each (and, in the LSTM and GRU, gate-major blocks),
and the loop over time writing into arrays kept from call to call (`kernels.KeptMemory`). The step
functions, parameters and checks are the readable layer's; tests/fast/ proves the results equal.
"""
import numpy as np

from ..nn.lstm import LSTM as ReadableLSTM
from .kernels import (KeptMemory, bias_gradient, by_gate, project, recurrent_weight_gradient, sigmoid, sigmoid_slope,
                      tanh_slope, weight_gradient)


class LSTM(KeptMemory, ReadableLSTM):
    """Tuned LSTM. forward's cache: x, h0, c0, gates (T, 4, B, H) (i, f, g, o after their nonlinearities),
    c (T, B, H), tanh_c (T, B, H), h (T, B, H)."""

    def _forward(self, x, parts):
        H, W_h = self.hidden_size, self.params["W_h"]
        h0, c0 = parts
        T, B, _ = x.shape
        ax = project(x, self.params["W_x"], self.params["b"], out=self._array("ax", (T, B, 4 * H)))  # W_x x_t + b
        gates = self._array("gates", (T, 4, B, H))  # gates[t, k]: gate k at step t, a contiguous (B, H) block
        cs, tanh_cs, hs = (self._array(name, (T, B, H)) for name in ("c", "tanh_c", "h"))
        a_t, ig = self._array("a_t", (B, 4 * H)), self._array("ig", (B, H))  # reused every step
        h, c = h0, c0
        for t in range(T):  # the recurrence forces a loop over time
            np.matmul(h, W_h.T, out=a_t)
            a_t += ax[t]  # a_t = W_x x_t + W_h h_{t-1} + b
            np.copyto(gates[t], by_gate(a_t, 4))  # the rest of the step works on whole (B, H) blocks
            i, f, g, o = gates[t]
            sigmoid(gates[t, :2], out=gates[t, :2])  # i_t and f_t
            np.tanh(g, out=g)  # g_t
            sigmoid(o, out=o)  # o_t
            c = np.multiply(f, c, out=cs[t])
            c += np.multiply(i, g, out=ig)  # c_t = f_t * c_{t-1} + i_t * g_t
            h = np.multiply(o, np.tanh(c, out=tanh_cs[t]), out=hs[t])  # h_t = o_t * tanh(c_t)
        cache = {"x": x, "h0": h0, "c0": c0, "gates": gates, "c": cs, "tanh_c": tanh_cs, "h": hs,
                 "final": (hs[-1], cs[-1]), "x_shape": x.shape}
        return hs, cache

    def _backward(self, dhs, cache, dstate, truncate):
        dparts = self._carried(dstate)
        H, W_h = self.hidden_size, self.params["W_h"]
        x, h0, c0, hs, cs = cache["x"], cache["h0"], cache["c0"], cache["h"], cache["c"]
        T, B, _ = x.shape
        da = self._array("da", (T, B, 4 * H))  # dL/da_t, laid out like a_t for the weight gradients
        da_t = self._array("da_t", (4, B, H))  # this step's dL/da_t, gate-major like cache["gates"]
        da_i, da_f, da_g, da_o = da_t
        dh, dc = dparts  # dL/dh_t, dL/dc_t flowing back from t+1, updated in place
        k, s = (self._array(name, (B, H)) for name in ("k", "s"))  # scratch, reused for every product below
        for t in reversed(range(T)):  # sequential: step t needs the gradient from t+1
            i, f, g, o = cache["gates"][t]
            tanh_c, c_prev = cache["tanh_c"][t], (cs[t - 1] if t > 0 else c0)
            dh += dhs[t]  # dL/dh_t, total: the loss at t plus everything later
            # dL/dc_t, total: what came along the cell state, plus dh_t o_t (1 - tanh^2 c_t) through h_t
            dc += np.multiply(np.multiply(dh, o, out=k), tanh_slope(tanh_c, out=s), out=k)
            np.multiply(np.multiply(dh, tanh_c, out=k), sigmoid_slope(o, out=s), out=da_o)  # dh_t tanh(c_t) o_t(1-o_t)
            np.multiply(np.multiply(dc, g, out=k), sigmoid_slope(i, out=s), out=da_i)  # dc_t g_t i_t(1-i_t)
            np.multiply(np.multiply(dc, c_prev, out=k), sigmoid_slope(f, out=s), out=da_f)  # dc_t c_{t-1} f_t(1-f_t)
            np.multiply(np.multiply(dc, i, out=k), tanh_slope(g, out=s), out=da_g)  # dc_t i_t (1-g_t^2)
            dc *= f  # dL/dc_{t-1} along the cell state: the highway
            np.copyto(by_gate(da[t], 4), da_t)
            np.matmul(da[t], W_h, out=dh)  # dL/dh_{t-1} through W_h
            if truncate and t > 0 and t % truncate == 0:
                dh[...] = 0.0  # a window boundary: no gradient crosses into step t-1
                dc[...] = 0.0
        grads = {"W_x": weight_gradient(da, x), "W_h": recurrent_weight_gradient(da, h0, hs), "b": bias_gradient(da)}
        return grads, project(da, self.params["W_x"].T), (dh, dc)

"""The tuned GRU: the same maths and contract as `rnnlib.nn.gru.GRU`, computed faster.

The input projections and weight gradients for all t in one matrix product each (and, in the LSTM and GRU, gate-major blocks),
and the loop over time writing into arrays kept from call to call (`kernels.KeptMemory`). The step
functions, parameters and checks are the readable layer's; tests/fast/ proves the results equal.
"""
import numpy as np

from ..nn.gru import GRU as ReadableGRU
from .kernels import (KeptMemory, bias_gradient, by_gate, project, recurrent_weight_gradient, sigmoid, sigmoid_slope,
                      tanh_slope, weight_gradient)


class GRU(KeptMemory, ReadableGRU):
    """Tuned GRU. forward's cache: x, h0, gates (T, 3, B, H) (r, z, n after their nonlinearities),
    a_hn (T, B, H) = W_hn h_{t-1} + b_hn, h (T, B, H)."""

    def _forward(self, x, parts):
        H, W_h, b_h = self.hidden_size, self.params["W_h"], self.params["b_h"]
        (h0,) = parts
        T, B, _ = x.shape
        # Inside r and z the two biases only ever appear summed, so b_hr and b_hz join b_x in the input
        # projection; b_hn stays apart, because r_t multiplies it.
        b = self.params["b_x"].copy()
        b[: 2 * H] += b_h[: 2 * H]
        gx = project(x, self.params["W_x"], b, out=self._array("gx", (T, B, 3 * H)))  # W_x x_t + b_x (+ b_hr, b_hz)
        gates = self._array("gates", (T, 3, B, H))  # gates[t, k]: gate k at step t, a contiguous (B, H) block
        a_hn, hs = self._array("a_hn", (T, B, H)), self._array("h", (T, B, H))
        gh = self._array("gh", (B, 3 * H))  # W_h h_{t-1}, reused every step
        rgh = self._array("rgh", (B, H))  # r_t * (W_hn h_{t-1} + b_hn)
        h = h0
        for t in range(T):  # the recurrence forces a loop over time
            np.matmul(h, W_h.T, out=gh)
            gx_t, gh_t = by_gate(gx[t], 3), by_gate(gh, 3)  # each gate is written into a contiguous (B, H) block
            r, z, n = gates[t]
            np.add(gx_t[:2], gh_t[:2], out=gates[t, :2])  # W_x x_t + b_x + W_h h_{t-1} + b_h, for r and z
            sigmoid(gates[t, :2], out=gates[t, :2])  # r_t and z_t
            np.add(gh_t[2], b_h[2 * H :], out=a_hn[t])  # W_hn h_{t-1} + b_hn
            np.add(gx_t[2], np.multiply(r, a_hn[t], out=rgh), out=n)
            np.tanh(n, out=n)  # n_t
            h = np.subtract(h, n, out=hs[t])
            h *= z
            h += n  # h_t = (1 - z_t) n_t + z_t h_{t-1} = n_t + z_t (h_{t-1} - n_t)
        return hs, {"x": x, "h0": h0, "gates": gates, "a_hn": a_hn, "h": hs, "final": (hs[-1],), "x_shape": x.shape}

    def _backward(self, dhs, cache, dstate, truncate):
        dparts = self._carried(dstate)
        H, W_h = self.hidden_size, self.params["W_h"]
        x, h0, hs = cache["x"], cache["h0"], cache["h"]
        T, B, _ = x.shape
        dgx = self._array("dgx", (T, B, 3 * H))  # dL/d(W_x x_t + b_x), laid out like it: blocks r, z, n
        dgh = self._array("dgh", (T, B, 3 * H))  # dL/d(W_h h_{t-1} + b_h): as dgx, but the n block times r_t
        da = self._array("da", (3, B, H))  # this step's dL/d(pre-activation) of r, z, n, gate-major
        da_r, da_z, da_n = da
        (dh,) = dparts  # dL/dh_t flowing back from t+1, updated in place
        through_gates, k, s = (self._array(name, (B, H)) for name in ("through_gates", "k", "s"))  # k, s: scratch
        for t in reversed(range(T)):  # sequential: step t needs the gradient from t+1
            r, z, n = cache["gates"][t]
            h_prev = hs[t - 1] if t > 0 else h0
            dh += dhs[t]  # dL/dh_t, total
            # da_n = dh_t (1 - z_t)(1 - n_t^2), da_z = dh_t (h_{t-1} - n_t) z_t(1 - z_t) and
            # da_r = da_n (W_hn h_{t-1} + b_hn) r_t(1 - r_t), each product built in the scratch arrays k and s
            np.multiply(np.multiply(dh, np.subtract(1.0, z, out=k), out=k), tanh_slope(n, out=s), out=da_n)
            np.multiply(np.multiply(dh, np.subtract(h_prev, n, out=k), out=k), sigmoid_slope(z, out=s), out=da_z)
            np.multiply(np.multiply(da_n, cache["a_hn"][t], out=k), sigmoid_slope(r, out=s), out=da_r)
            np.copyto(by_gate(dgx[t], 3), da)
            da_n *= r  # the recurrent part of n is scaled by r_t
            np.copyto(by_gate(dgh[t], 3), da)
            dh *= z  # the direct path h_t = ... + z_t h_{t-1}
            dh += np.matmul(dgh[t], W_h, out=through_gates)  # and the path through the gates
            if truncate and t > 0 and t % truncate == 0:
                dh[...] = 0.0  # a window boundary: no gradient crosses into step t-1
        grads = {"W_x": weight_gradient(dgx, x), "W_h": recurrent_weight_gradient(dgh, h0, hs),
                 "b_x": bias_gradient(dgx), "b_h": bias_gradient(dgh)}
        return grads, project(dgx, self.params["W_x"].T), (dh,)

"""The tuned RNN: the same maths and contract as `rnnlib.nn.rnn.RNN`, computed faster.

The input projections and weight gradients for all t in one matrix product each (and, in the LSTM and GRU, gate-major blocks),
and the loop over time writing into arrays kept from call to call (`kernels.KeptMemory`). The step
functions, parameters and checks are the readable layer's; tests/fast/ proves the results equal.
"""
import numpy as np

from ..nn.rnn import RNN as ReadableRNN
from .kernels import ACTIVATIONS, KeptMemory, bias_gradient, project, recurrent_weight_gradient, weight_gradient


class RNN(KeptMemory, ReadableRNN):
    """Tuned RNN; forward's cache: x, h0, a (T, B, H) pre-activations, h (T, B, H) states."""

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
        return hs, {"x": x, "h0": h0, "a": a, "h": hs, "final": (hs[-1],), "x_shape": x.shape}

    def _backward(self, dhs, cache, dstate, truncate):
        dparts = self._carried(dstate)
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

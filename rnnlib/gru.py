"""The GRU (Cho et al. 2014) in the formulation of PyTorch and cuDNN.

    r_t = sigmoid(W_xr x_t + b_xr + W_hr h_{t-1} + b_hr)          reset gate
    z_t = sigmoid(W_xz x_t + b_xz + W_hz h_{t-1} + b_hz)          update gate
    n_t = tanh(W_xn x_t + b_xn + r_t * (W_hn h_{t-1} + b_hn))     candidate
    h_t = (1 - z_t) * n_t + z_t * h_{t-1}

Two differences from the 2014 paper: there the reset gate multiplies h_{t-1} before the matmul,
W_hn (r_t * h_{t-1}); and the paper writes h_t = z_t * h_{t-1} + (1 - z_t) * n_t with z and 1 - z the
other way round in some texts (a relabelling: z -> 1 - z). Notebook 05 checks both in code.

Gates are stacked r, z, n: W_x (3H, D), W_h (3H, H), b_x (3H,), b_h (3H,). The candidate needs the
input and the recurrent biases apart, because r_t multiplies only the recurrent part.
"""
import numpy as np

from .recurrent import (Recurrent, bias_gradient, by_gate, project, recurrent_weight_gradient, sigmoid,
                        sigmoid_slope, tanh_slope, weight_gradient)


def gru_step_forward(x_t, h_prev, params):
    """One GRU step (equations in the module docstring).

    Args:
        x_t: (B, D); h_prev: (B, H); params: W_x (3H, D), W_h (3H, H), b_x (3H,), b_h (3H,).
    Returns:
        h_t: (B, H); cache: x_t, h_prev, gx = W_x x_t + b_x and gh = W_h h_{t-1} + b_h (B, 3H),
        gates r, z, n and h_t (B, H), and the params.
    """
    H = h_prev.shape[1]
    gx = x_t @ params["W_x"].T + params["b_x"]  # (B, 3H)
    gh = h_prev @ params["W_h"].T + params["b_h"]  # (B, 3H)
    r = sigmoid(gx[:, :H] + gh[:, :H])
    z = sigmoid(gx[:, H : 2 * H] + gh[:, H : 2 * H])
    n = np.tanh(gx[:, 2 * H :] + r * gh[:, 2 * H :])
    h_t = (1 - z) * n + z * h_prev
    cache = {"x_t": x_t, "h_prev": h_prev, "gx": gx, "gh": gh, "r": r, "z": z, "n": n, "h_t": h_t, "params": params}
    return h_t, cache


def gru_step_backward(dh_t, cache):
    """Backward through `gru_step_forward`.

    Args:
        dh_t: (B, H) gradient with respect to h_t.
    Returns:
        grads: W_x, W_h, b_x, b_h; dx_t: (B, D); dh_prev: (B, H).
    """
    H = dh_t.shape[1]
    r, z, n, h_prev, params = cache["r"], cache["z"], cache["n"], cache["h_prev"], cache["params"]
    da_n = dh_t * (1 - z) * (1 - n * n)  # dL/d(pre-activation of n)
    da_z = dh_t * (h_prev - n) * z * (1 - z)
    da_r = da_n * cache["gh"][:, 2 * H :] * r * (1 - r)
    dgx = np.concatenate([da_r, da_z, da_n], axis=1)  # dL/dgx, (B, 3H)
    dgh = np.concatenate([da_r, da_z, da_n * r], axis=1)  # dL/dgh, (B, 3H)
    grads = {"W_x": dgx.T @ cache["x_t"], "W_h": dgh.T @ h_prev, "b_x": dgx.sum(axis=0), "b_h": dgh.sum(axis=0)}
    return grads, dgx @ params["W_x"], dh_t * z + dgh @ params["W_h"]


class GRU(Recurrent):
    """GRU layer (equations in the module docstring).

    params: W_x (3H, D), W_h (3H, H), b_x (3H,), b_h (3H,), gates stacked r, z, n.
    forward's cache: x, h0, gates (T, 3, B, H) (r, z, n after their nonlinearities),
    gh_n (T, B, H) = W_hn h_{t-1} + b_hn, h (T, B, H).
    """

    gates = ("r", "z", "n")

    def _init_params(self, rng):
        H, D = self.hidden_size, self.input_size
        return {"W_x": self._uniform(rng, (3 * H, D)), "W_h": self._uniform(rng, (3 * H, H)),
                "b_x": self._uniform(rng, 3 * H), "b_h": self._uniform(rng, 3 * H)}

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
        gh_n, hs = self._array("gh_n", (T, B, H)), self._array("h", (T, B, H))
        gh = self._array("gh", (B, 3 * H))  # W_h h_{t-1}, reused every step
        rgh = self._array("rgh", (B, H))  # r_t * (W_hn h_{t-1} + b_hn)
        h = h0
        for t in range(T):  # the recurrence forces a loop over time
            np.matmul(h, W_h.T, out=gh)
            gx_t, gh_t = by_gate(gx[t], 3), by_gate(gh, 3)  # each gate is written into a contiguous (B, H) block
            r, z, n = gates[t]
            np.add(gx_t[:2], gh_t[:2], out=gates[t, :2])  # W_x x_t + b_x + W_h h_{t-1} + b_h, for r and z
            sigmoid(gates[t, :2], out=gates[t, :2])  # r_t and z_t
            np.add(gh_t[2], b_h[2 * H :], out=gh_n[t])  # W_hn h_{t-1} + b_hn
            np.add(gx_t[2], np.multiply(r, gh_n[t], out=rgh), out=n)
            np.tanh(n, out=n)  # n_t
            h = np.subtract(h, n, out=hs[t])
            h *= z
            h += n  # h_t = (1 - z_t) n_t + z_t h_{t-1} = n_t + z_t (h_{t-1} - n_t)
        return hs, {"x": x, "h0": h0, "gates": gates, "gh_n": gh_n, "h": hs, "final": (hs[-1],)}

    def _backward(self, dhs, cache, dparts, truncate):
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
            np.multiply(np.multiply(da_n, cache["gh_n"][t], out=k), sigmoid_slope(r, out=s), out=da_r)
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

    def _step_forward(self, x_t, parts, params):
        h_t, cache = gru_step_forward(x_t, parts[0], params)
        return (h_t,), cache

    def _step_backward(self, dparts, cache):
        grads, dx_t, dh_prev = gru_step_backward(dparts[0], cache)
        return grads, dx_t, (dh_prev,)

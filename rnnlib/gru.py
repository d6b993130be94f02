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

from .recurrent import Recurrent, previous_states, project, sigmoid, weight_gradient


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
    forward's cache: x, h0, gates (T, B, 3H) (r, z, n after their nonlinearities),
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
        gates = project(x, self.params["W_x"], self.params["b_x"])  # (T, B, 3H): W_x x_t + b_x for all t
        gh_n = np.empty((T, B, H), self.dtype)
        hs = np.empty((T, B, H), self.dtype)
        h = h0
        for t in range(T):  # the recurrence forces a loop over time
            gh = h @ W_h.T + b_h  # (B, 3H)
            rz = gates[t, :, : 2 * H]
            rz[...] = sigmoid(rz + gh[:, : 2 * H])  # r_t and z_t
            r, z = rz[:, :H], rz[:, H:]
            gh_n[t] = gh[:, 2 * H :]
            n = gates[t, :, 2 * H :]
            np.tanh(n + r * gh_n[t], out=n)  # n_t
            h = hs[t] = n + z * (h - n)  # h_t = (1 - z_t) n_t + z_t h_{t-1}
        return hs, {"x": x, "h0": h0, "gates": gates, "gh_n": gh_n, "h": hs, "final": (hs[-1],)}

    def _backward(self, dhs, cache, dparts, truncate):
        H, W_h = self.hidden_size, self.params["W_h"]
        x, h0, hs, gates = cache["x"], cache["h0"], cache["h"], cache["gates"]
        T, B, _ = x.shape
        r, z, n = gates[..., :H], gates[..., H : 2 * H], gates[..., 2 * H :]
        h_prev = previous_states(h0, hs)
        # dL/da_n = dh (1-z)(1-n^2), dL/da_z = dh (h_prev - n) z(1-z), dL/da_r = dL/da_n gh_n r(1-r):
        # every factor but dh is known before the loop, so compute them for all t at once.
        k_n = (1 - z) * (1 - n * n)
        dgx = np.concatenate([k_n * cache["gh_n"] * r * (1 - r), (h_prev - n) * z * (1 - z), k_n], axis=2)
        dgh = dgx.copy()
        dgh[..., 2 * H :] *= r  # the recurrent part of n is scaled by r_t
        dgx4, dgh4 = dgx.reshape(T, B, 3, H), dgh.reshape(T, B, 3, H)
        dh = np.zeros((B, H), self.dtype) if dparts is None else dparts[0].copy()
        for t in reversed(range(T)):  # sequential: step t needs the gradient from t+1
            dh += dhs[t]  # dL/dh_t, total
            dgx4[t] *= dh[:, None, :]
            dgh4[t] *= dh[:, None, :]
            dh *= z[t]  # the direct path h_t = ... + z_t h_{t-1}
            dh += dgh[t] @ W_h  # and the path through the gates
            if truncate and t > 0 and t % truncate == 0:
                dh[...] = 0.0  # a window boundary: no gradient crosses into step t-1
        grads = {"W_x": weight_gradient(dgx, x), "W_h": weight_gradient(dgh, h_prev),
                 "b_x": dgx.sum(axis=(0, 1)), "b_h": dgh.sum(axis=(0, 1))}
        return grads, project(dgx, self.params["W_x"].T), (dh,)

    def _step_forward(self, x_t, parts, params):
        h_t, cache = gru_step_forward(x_t, parts[0], params)
        return (h_t,), cache

    def _step_backward(self, dparts, cache):
        grads, dx_t, dh_prev = gru_step_backward(dparts[0], cache)
        return grads, dx_t, (dh_prev,)

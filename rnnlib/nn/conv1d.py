"""Convolution over sequences: a causal, dilated 1-D convolution and max pooling over time.

Time-major like the recurrent layers: a batch of sequences is (T, B, C), C channels at each step.
The causal convolution with kernel size k and dilation d computes, at every step t at once,

    y_t = b + sum_{j=0}^{k-1} W_j x_{t - j d}          (x_s = 0 for s before the first step)

so y_t sees x_t and k - 1 earlier inputs spaced d apart, and nothing from the future. A stack of such
layers with dilations d_1..d_L sees 1 + (k - 1) (d_1 + ... + d_L) steps: its receptive field.
Unlike the RNN's loop over t, nothing here waits for step t - 1: each layer is one matmul over all
(t, b) rows (Bai, Kolter & Koltun 2018 call a stack of these a temporal convolutional network, TCN).
"""
import numpy as np

from .checks import check_array, check_dtype, check_like, check_positive_int, check_sequence, rng_from


def receptive_field(kernel_size, dilations):
    """How many input steps one output of a stack of causal convolutions sees: 1 + (k - 1) sum_l d_l.

    Args:
        kernel_size: k, the same in every layer; dilations: d_1..d_L, one per layer.
    Returns:
        int, the receptive field in time steps.
    """
    k = check_positive_int(kernel_size, "kernel_size")
    dilations = [check_positive_int(d, "each dilation") for d in dilations]
    return 1 + (k - 1) * sum(dilations)


def receptive_field_paths(kernel_size, dilations, seq_len, t):
    """How many paths lead from each input x_s, and each hidden unit, to the top layer's output at step t.

    Follows the taps of a stack of causal convolutions downwards from output t: layer l's position s
    reaches position s + j d_l of layer l + 1 for j = 0..k-1. An input with a count of 0 cannot change
    y_t, whatever the weights; the inputs with a count > 0 are the receptive field of y_t.

    Args:
        kernel_size: k; dilations: d_1..d_L; seq_len: T; t: the output step, 0-based in [0, T).
    Returns:
        counts: (L + 1, T) int64; row 0 is the input x, row l the output of layer l, row L has a 1 at t.
    """
    k = check_positive_int(kernel_size, "kernel_size")
    dilations = [check_positive_int(d, "each dilation") for d in dilations]
    T = check_positive_int(seq_len, "seq_len")
    if isinstance(t, bool) or not isinstance(t, (int, np.integer)) or not 0 <= t < T:
        raise ValueError(f"t must be a step in [0, seq_len) = [0, {T}); got {t!r}")
    counts = np.zeros((len(dilations) + 1, T), np.int64)
    counts[-1, t] = 1
    for l in range(len(dilations), 0, -1):  # from the top layer down to the input
        d = dilations[l - 1]
        for j in range(k):  # position s of layer l - 1 feeds position s + j d of layer l
            if j * d < T:
                counts[l - 1, : T - j * d] += counts[l, j * d :]
    return counts


def causal_shifts(x, kernel_size, dilation):
    """Stack x_{t - j d} for j = 0..k-1 next to each other: the im2col step of a causal convolution.

    Args:
        x: (T, B, C); kernel_size: k; dilation: d.
    Returns:
        cols: (T, B, k, C) with cols[t, :, j] = x_{t - j d} (zeros before the first step).
    """
    T, B, C = x.shape
    cols = np.zeros((T, B, kernel_size, C), x.dtype)
    for j in range(kernel_size):  # a loop over the k taps, not over the T positions
        shift = j * dilation
        if shift < T:
            cols[shift:, :, j] = x[: T - shift]  # row t holds x_{t - j d}
    return cols


class Conv1D:
    """Causal dilated convolution over time, stride 1: y_t = b + sum_j W_j x_{t - j d}.

    params: W (k, C_out, C_in), where W[j] is the weight of the input j*d steps back; b (C_out,).
    forward's cache: cols (T, B, k, C_in), the shifted inputs (im2col), and whether x came as (T, C_in).
    """

    def __init__(self, in_channels, out_channels, kernel_size, *, dilation=1, seed=None, dtype=np.float64):
        self.in_channels = check_positive_int(in_channels, "in_channels")
        self.out_channels = check_positive_int(out_channels, "out_channels")
        self.kernel_size = check_positive_int(kernel_size, "kernel_size")
        self.dilation = check_positive_int(dilation, "dilation")
        self.dtype = check_dtype(dtype)
        fan_in = self.kernel_size * self.in_channels
        bound = 1.0 / np.sqrt(fan_in)
        W = rng_from(seed).uniform(-bound, bound, size=(self.kernel_size, self.out_channels, self.in_channels))
        self.params = {"W": W.astype(self.dtype), "b": np.zeros(self.out_channels, self.dtype)}

    def __repr__(self):
        return (f"Conv1D(in_channels={self.in_channels}, out_channels={self.out_channels}, "
                f"kernel_size={self.kernel_size}, dilation={self.dilation}) with {self.num_params} parameters")

    @property
    def num_params(self):
        """k * C_out * C_in + C_out: independent of T and of the dilation."""
        return sum(p.size for p in self.params.values())

    @property
    def receptive_field(self):
        """1 + (k - 1) d steps."""
        return receptive_field(self.kernel_size, [self.dilation])

    def _matrix(self):
        """W as one (C_out, k * C_in) matrix, its columns in the order of the flattened cols."""
        return self.params["W"].transpose(1, 0, 2).reshape(self.out_channels, -1)

    def forward(self, x):
        """y_t = b + sum_j W_j x_{t - j d} for every t, as one matmul over all (t, b).

        Args:
            x: (T, B, C_in), or (T, C_in) for one sequence.
        Returns:
            y: (T, B, C_out) (or (T, C_out)); cache.
        """
        x, single = check_sequence(x, "x", self.in_channels, self.dtype)
        T, B, _ = x.shape
        cols = causal_shifts(x, self.kernel_size, self.dilation)  # (T, B, k, C_in)
        y = cols.reshape(T * B, -1) @ self._matrix().T + self.params["b"]  # (T*B, C_out)
        y = y.reshape(T, B, self.out_channels)
        return (y[:, 0] if single else y), {"cols": cols, "single": single}

    def backward(self, dy, cache):
        """Gradients of the convolution.

            dL/dW_j = sum_{t,b} dy_t x_{t-jd}^T,   dL/db = sum_{t,b} dy_t,   dL/dx_s = sum_j W_j^T dy_{s+jd}

        Args:
            dy: like y, (T, B, C_out) or (T, C_out); cache: from `forward`.
        Returns:
            grads: W (k, C_out, C_in), b (C_out,); dx: like x.
        """
        cols, single = cache["cols"], cache["single"]
        T, B, k, C_in = cols.shape
        C_out, d = self.out_channels, self.dilation
        dy = check_like(dy, "dy", (T, C_out) if single else (T, B, C_out), self.dtype,
                        "(T, C_out)" if single else "(T, B, C_out) (time, batch, out_channels)")
        dy2 = dy.reshape(T * B, C_out)
        dW = (dy2.T @ cols.reshape(T * B, k * C_in)).reshape(C_out, k, C_in).transpose(1, 0, 2)
        dcols = (dy2 @ self._matrix()).reshape(T, B, k, C_in)  # dL/d(x_{t-jd}) seen from output t
        dx = dcols[:, :, 0].copy()  # tap j = 0 reads x_t itself
        for j in range(1, k):  # a loop over taps: tap j sends output t's gradient back to input t - j d
            shift = j * d
            if shift < T:
                dx[: T - shift] += dcols[shift:, :, j]
        grads = {"W": np.ascontiguousarray(dW), "b": dy2.sum(axis=0)}
        return grads, (dx[:, 0] if single else dx)


class MaxPool1D:
    """Max over non-overlapping windows of `pool_size` steps: y_s = max(x_{sp}, ..., x_{sp+p-1}) per channel.

    T must be a multiple of p; the output has T / p steps. No params. forward's cache: the input shape
    and the index of the winner in each window (the gradient goes to that one input; ties go to the first).
    """

    params = {}
    num_params = 0

    def __init__(self, pool_size=2):
        self.pool_size = check_positive_int(pool_size, "pool_size")

    def __repr__(self):
        return f"MaxPool1D(pool_size={self.pool_size})"

    def forward(self, x):
        """Args: x (T, B, C) with T a multiple of pool_size. Returns: y (T / p, B, C); cache."""
        x = _check_float_3d(x, "x", "(T, B, C) (time, batch, channels)")
        T, B, C = x.shape
        p = self.pool_size
        if T % p:
            raise ValueError(f"x has T = {T} steps, not a multiple of pool_size = {p}; trim or pad the sequence")
        windows = x.reshape(T // p, p, B, C)
        winner = windows.argmax(axis=1)  # (T/p, B, C), index inside each window
        y = np.take_along_axis(windows, winner[:, None], axis=1)[:, 0]
        return y, {"shape": x.shape, "winner": winner}

    def backward(self, dy, cache):
        """Args: dy (T / p, B, C). Returns: grads {} (no params), dx (T, B, C): dy at each window's winner."""
        T, B, C = cache["shape"]
        p = self.pool_size
        dy = check_like(dy, "dy", (T // p, B, C), np.asarray(dy).dtype, "(T / pool_size, B, C)")
        dx = np.zeros((T // p, p, B, C), dy.dtype)
        np.put_along_axis(dx, cache["winner"][:, None], dy[:, None], axis=1)
        return {}, dx.reshape(T, B, C)


class GlobalMaxPool1D:
    """Max over the whole sequence, per channel: y = max_t x_t. (T, B, C) -> (B, C). No params."""

    params = {}
    num_params = 0

    def __repr__(self):
        return "GlobalMaxPool1D()"

    def forward(self, x):
        """Args: x (T, B, C). Returns: y (B, C); cache (input shape and the winning step per (b, c))."""
        x = _check_float_3d(x, "x", "(T, B, C) (time, batch, channels)")
        winner = x.argmax(axis=0)  # (B, C)
        return np.take_along_axis(x, winner[None], axis=0)[0], {"shape": x.shape, "winner": winner}

    def backward(self, dy, cache):
        """Args: dy (B, C). Returns: grads {}, dx (T, B, C), dy placed at each winning step."""
        T, B, C = cache["shape"]
        dy = check_like(dy, "dy", (B, C), np.asarray(dy).dtype, "(B, C) (batch, channels)")
        dx = np.zeros((T, B, C), dy.dtype)
        np.put_along_axis(dx, cache["winner"][None], dy[None], axis=0)
        return {}, dx


def _check_float_3d(x, name, meaning):
    """A float array with three non-empty axes (pooling has no params, so any float dtype will do)."""
    a = np.asarray(x)
    dtype = a.dtype if np.issubdtype(a.dtype, np.floating) else np.float64
    a = check_array(a, name, dtype)
    if a.ndim != 3 or 0 in a.shape:
        raise ValueError(f"{name} must have shape {meaning} with no empty axis; got {a.shape}")
    return a


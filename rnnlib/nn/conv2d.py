"""What a small image CNN needs: a 2-D convolution (written as im2col + one matmul) and max pooling.

Images are channels-last, (B, H, W, C), so the channel axis is last as in every other rnnlib layer.
The convolution (stride 1, zero "same" padding p = (k - 1) / 2, odd k) computes, for every pixel (r, c),

    y[r, c] = b + sum_{i, j} W[:, i, j, :] x[r + i - p, c + j - p]

the same small k x k filter at every position: the weights are shared across space, as an RNN shares
its weights across time. im2col copies each k x k patch into one row, so the whole layer is a single
matmul (B H W, k k C_in) @ (k k C_in, C_out).
"""
import numpy as np

from .checks import check_array, check_dtype, check_like, check_positive_int, rng_from


def _check_images(x, name, channels, dtype):
    x = check_array(x, name, dtype)
    if x.ndim != 4 or x.shape[-1] != channels or 0 in x.shape:
        raise ValueError(f"{name} must have shape (B, H, W, {channels}) (batch, height, width, channels) "
                         f"with no empty axis; got {x.shape}")
    return x


class Conv2D:
    """2-D convolution, stride 1, "same" zero padding, odd kernel size k.

    params: W (C_out, k, k, C_in), b (C_out,).
    forward's cache: cols (B, H, W, k, k, C_in), every input patch (im2col), and the input shape.
    """

    def __init__(self, in_channels, out_channels, kernel_size=3, *, seed=None, dtype=np.float64):
        self.in_channels = check_positive_int(in_channels, "in_channels")
        self.out_channels = check_positive_int(out_channels, "out_channels")
        self.kernel_size = check_positive_int(kernel_size, "kernel_size")
        if self.kernel_size % 2 == 0:
            raise ValueError(f"kernel_size must be odd so 'same' padding is symmetric; got {kernel_size}")
        self.dtype = check_dtype(dtype)
        k = self.kernel_size
        bound = 1.0 / np.sqrt(k * k * self.in_channels)
        W = rng_from(seed).uniform(-bound, bound, size=(self.out_channels, k, k, self.in_channels))
        self.params = {"W": W.astype(self.dtype), "b": np.zeros(self.out_channels, self.dtype)}

    def __repr__(self):
        return (f"Conv2D(in_channels={self.in_channels}, out_channels={self.out_channels}, "
                f"kernel_size={self.kernel_size}) with {self.num_params} parameters")

    @property
    def num_params(self):
        """C_out k k C_in + C_out, whatever the image size."""
        return sum(p.size for p in self.params.values())

    def forward(self, x):
        """Args: x (B, H, W, C_in). Returns: y (B, H, W, C_out); cache."""
        x = _check_images(x, "x", self.in_channels, self.dtype)
        B, H, W_, C = x.shape
        k, p = self.kernel_size, self.kernel_size // 2
        xp = np.pad(x, ((0, 0), (p, p), (p, p), (0, 0)))  # (B, H + 2p, W + 2p, C)
        windows = np.lib.stride_tricks.sliding_window_view(xp, (k, k), axis=(1, 2))  # (B, H, W, C, k, k), a view
        cols = np.ascontiguousarray(windows.transpose(0, 1, 2, 4, 5, 3))  # (B, H, W, k, k, C): im2col
        y = cols.reshape(B * H * W_, -1) @ self.params["W"].reshape(self.out_channels, -1).T + self.params["b"]
        return y.reshape(B, H, W_, self.out_channels), {"cols": cols}

    def backward(self, dy, cache):
        """Args: dy (B, H, W, C_out). Returns: grads W (C_out, k, k, C_in), b (C_out,); dx (B, H, W, C_in).

        dL/dW = dy^T cols (one matmul); dL/dx is col2im: every patch row sends its gradient back to the
        k x k pixels it was copied from (a loop over the k^2 taps, each adding a shifted image)."""
        cols = cache["cols"]
        B, H, W_, k, _, C = cols.shape
        p = k // 2
        dy = check_like(dy, "dy", (B, H, W_, self.out_channels), self.dtype, "(B, H, W, C_out)")
        dy2 = dy.reshape(-1, self.out_channels)  # (B H W, C_out)
        dW = (dy2.T @ cols.reshape(dy2.shape[0], -1)).reshape(self.params["W"].shape)
        dcols = (dy2 @ self.params["W"].reshape(self.out_channels, -1)).reshape(B, H, W_, k, k, C)
        dxp = np.zeros((B, H + 2 * p, W_ + 2 * p, C), self.dtype)
        for i in range(k):  # loop over taps, not over pixels
            for j in range(k):
                dxp[:, i : i + H, j : j + W_] += dcols[:, :, :, i, j]
        return {"W": dW, "b": dy2.sum(axis=0)}, dxp[:, p : p + H, p : p + W_]


class MaxPool2D:
    """Max over non-overlapping p x p windows: (B, H, W, C) -> (B, H / p, W / p, C). No params.

    H and W must be multiples of p. forward's cache: the input shape and the winner of each window
    (the gradient goes to that pixel; ties go to the first in row-major order).
    """

    params = {}
    num_params = 0

    def __init__(self, pool_size=2):
        self.pool_size = check_positive_int(pool_size, "pool_size")

    def __repr__(self):
        return f"MaxPool2D(pool_size={self.pool_size})"

    def forward(self, x):
        """Args: x (B, H, W, C). Returns: y (B, H / p, W / p, C); cache."""
        x = np.asarray(x)
        x = check_array(x, "x", x.dtype if np.issubdtype(x.dtype, np.floating) else np.float64)
        p = self.pool_size
        if x.ndim != 4 or 0 in x.shape:
            raise ValueError(f"x must have shape (B, H, W, C) (batch, height, width, channels); got {x.shape}")
        B, H, W, C = x.shape
        if H % p or W % p:
            raise ValueError(f"x has H x W = {H} x {W}, not multiples of pool_size = {p}")
        windows = x.reshape(B, H // p, p, W // p, p, C).transpose(0, 1, 3, 5, 2, 4).reshape(B, H // p, W // p, C, p * p)
        winner = windows.argmax(axis=-1)  # (B, H/p, W/p, C)
        y = np.take_along_axis(windows, winner[..., None], axis=-1)[..., 0]
        return y, {"shape": x.shape, "winner": winner}

    def backward(self, dy, cache):
        """Args: dy (B, H / p, W / p, C). Returns: grads {}, dx (B, H, W, C) with dy at each winner."""
        B, H, W, C = cache["shape"]
        p = self.pool_size
        dy = check_like(dy, "dy", (B, H // p, W // p, C), np.asarray(dy).dtype, "(B, H / p, W / p, C)")
        dwin = np.zeros((B, H // p, W // p, C, p * p), dy.dtype)
        np.put_along_axis(dwin, cache["winner"][..., None], dy[..., None], axis=-1)
        dx = dwin.reshape(B, H // p, W // p, C, p, p).transpose(0, 1, 4, 2, 5, 3).reshape(B, H, W, C)
        return {}, dx

"""The dense (fully connected, feedforward) layer: y = W x + b on the last axis."""
import numpy as np

from .checks import check_array, check_dtype, check_like, check_positive_int, rng_from


class Dense:
    """Dense layer y = W x + b, applied to every position of a (..., D) array.

    params: W (M, D), b (M,). Column-vector maths, row-vector code: y = x @ W.T + b.
    """

    def __init__(self, input_size, output_size, *, seed=None, dtype=np.float64):
        self.input_size = check_positive_int(input_size, "input_size")
        self.output_size = check_positive_int(output_size, "output_size")
        self.dtype = check_dtype(dtype)
        bound = 1.0 / np.sqrt(self.input_size)
        W = rng_from(seed).uniform(-bound, bound, size=(self.output_size, self.input_size))
        self.params = {"W": W.astype(self.dtype), "b": np.zeros(self.output_size, self.dtype)}

    def __repr__(self):
        return f"Dense(input_size={self.input_size}, output_size={self.output_size}, dtype={self.dtype.name})"

    @property
    def num_params(self):
        """Number of trainable numbers: M * D + M."""
        return sum(p.size for p in self.params.values())

    def forward(self, x):
        """y = W x + b.

        Args:
            x: (..., D), for example (T, B, D) or (B, D).
        Returns:
            y: (..., M); cache: {"x": x}.
        """
        x = check_array(x, "x", self.dtype)
        if x.ndim == 0 or x.shape[-1] != self.input_size or x.size == 0:
            raise ValueError(f"x must have shape (..., {self.input_size}) with at least one row; got {x.shape}")
        return x @ self.params["W"].T + self.params["b"], {"x": x}

    def backward(self, dy, cache):
        """Gradients of y = W x + b.

        Args:
            dy: (..., M) gradient with respect to y; cache: from `forward`.
        Returns:
            grads: W (M, D), b (M,); dx: (..., D).
        """
        x = cache["x"]
        dy = check_like(dy, "dy", x.shape[:-1] + (self.output_size,), self.dtype, "(..., M)")
        dy2 = dy.reshape(-1, self.output_size)
        grads = {"W": dy2.T @ x.reshape(-1, self.input_size), "b": dy2.sum(axis=0)}
        return grads, dy @ self.params["W"]

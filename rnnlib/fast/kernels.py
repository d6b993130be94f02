"""What the tuned layers share: memory kept between calls, and the matrix products over all time steps.

Nothing here changes the maths of `rnnlib.nn`; it changes where results are written and how many passes
over memory they take. Measurements behind each choice are in `rnnlib/fast/README.md`.
"""
import math
import weakref

import numpy as np


class KeptMemory:
    """A mixin for a layer that keeps the memory of its large arrays from call to call."""

    def _array(self, name, shape):
        """An uninitialised array of `shape`, in memory this layer keeps under `name` between calls.

        Memory is handed out again only when nothing refers to the array last made in it: no cache that a
        caller still holds, no view of it. So reuse never changes a result. Two memories per name, so that
        in a training loop, where `out, cache = layer.forward(x)` still holds the previous step's cache
        during the call, the one before it is free again. Arrays start on a 64-byte boundary. Arrays under
        64 KiB are simply allocated: for them the bookkeeping costs more than it saves.
        """
        size = math.prod(shape) * self.dtype.itemsize
        if size < 65536:
            return np.empty(shape, self.dtype)
        # Up to two slots per name, the newest last: [memory, offset of its first 64-byte aligned byte,
        # weak reference to the array last made in it].
        kept = self.__dict__.setdefault("_kept", {}).setdefault(name, [])
        for slot in kept:
            if slot[2]() is None and len(slot[0]) - slot[1] >= size:
                break
        else:
            memory = bytearray(size + 64)  # 64 spare bytes to align the start
            slot = [memory, -np.frombuffer(memory, np.uint8).ctypes.data % 64, None]
            kept.append(slot)
            del kept[:-2]
        array = np.frombuffer(slot[0], self.dtype, math.prod(shape), slot[1])
        slot[2] = weakref.ref(array)  # every view of it, reshaped ones included, keeps it alive
        return array.reshape(shape)

    def _carried(self, dstate):
        """The gradient carried back from after the last step, copied into kept arrays updated in place."""
        carried = tuple(self._array(name, d.shape) for name, d in zip(("dh", "dc"), dstate))
        for kept, value in zip(carried, dstate):
            kept[...] = value
        return carried


def sigmoid(a, out=None):
    """1 / (1 + exp(-a)) through np.exp, with `out` (which may be `a` itself, in place)."""
    with np.errstate(over="ignore"):
        e = np.exp(np.negative(a, out=out), out=out)  # exp(-a)
    return np.divide(1.0, np.add(e, 1.0, out=out), out=out)


def sigmoid_slope(s, out=None):
    """s (1 - s) for s = sigmoid(a), with `out`."""
    out = np.subtract(1.0, s, out=out)
    return np.multiply(out, s, out=out)


def tanh_slope(y, out=None):
    """1 - y^2 for y = tanh(a), with `out`."""
    out = np.multiply(y, y, out=out)
    return np.subtract(1.0, out, out=out)


def relu(a, out=None):
    return np.maximum(a, 0.0, out=out)


def relu_slope(h, out=None):
    return np.greater(h, 0.0, out=np.empty_like(h) if out is None else out)  # 1.0 where h > 0, else 0.0


def identity(a, out=None):
    if out is None:
        return a.copy()
    out[...] = a
    return out


def identity_slope(h, out=None):
    out = np.empty_like(h) if out is None else out
    out.fill(1.0)
    return out


# The RNN's activations with `out=`: name -> (f, f' written in terms of f's output).
ACTIVATIONS = {"tanh": (np.tanh, tanh_slope), "relu": (relu, relu_slope), "identity": (identity, identity_slope)}


def by_gate(v, gates):
    """A gate-major view (no copy) of stacked pre-activations v (B, gates * H): (gates, B, H), [k] = gate k's
    columns. The layers copy through this view into gate-major arrays, or back, once per step."""
    return v.reshape(v.shape[0], gates, -1).transpose(1, 0, 2)


def weight_gradient(d, inputs):
    """Sum over time and batch of the outer products d_t x_t^T, as one matmul: (T, B, M), (T, B, N) -> (M, N).
    Computed as (x^T d)^T, the orientation OpenBLAS writes faster."""
    product = inputs.reshape(-1, inputs.shape[-1]).T @ d.reshape(-1, d.shape[-1])  # (N, M)
    return np.ascontiguousarray(product.T)


def recurrent_weight_gradient(d, h0, hs):
    """Sum over t of d_t h_{t-1}^T, where h_{t-1} is h0 (B, H) for t = 1 and hs[t-2] after: (M, H).
    d: (T, B, M), hs: (T, B, H). Two matmuls, so that h_0..h_{T-1} is never copied into one array."""
    return weight_gradient(d[1:], hs[:-1]) + d[0].T @ h0


def bias_gradient(d):
    """Sum of d (T, B, M) over time and batch: (M,), as one matrix-vector product."""
    return np.ones(d.shape[0] * d.shape[1], d.dtype) @ d.reshape(-1, d.shape[-1])


def project(x, W, b=None, out=None):
    """x @ W.T (+ b) for every time step at once: (T, B, D) -> (T, B, M) in one matmul, into `out` if given.
    With a bias, the matmul is [x, 1] @ [W, b].T: b is the weight of one more input that is always 1."""
    T, B, D = x.shape
    x = x.reshape(T * B, D)
    if b is not None:
        x = np.concatenate([x, np.ones((T * B, 1), x.dtype)], axis=1)  # (T B, D + 1)
        W = np.concatenate([W, b[:, None]], axis=1)  # (M, D + 1)
    if out is None:
        out = np.empty((T, B, W.shape[0]), np.result_type(x, W))
    np.matmul(x, W.T, out=out.reshape(T * B, W.shape[0]))
    return out

"""What the RNN, LSTM and GRU layers share: parameters in a dict, input checks, (T, D) vs (T, B, D).

Each layer module (`rnn.py`, `lstm.py`, `gru.py`) writes only its maths: `_init_params`, `_forward`,
`_backward`, `_step_forward` and `_step_backward`, all on time-major arrays `(T, B, ·)` that were
already checked here. A state is a tuple of `(B, H)` arrays inside the layer: `(h,)` for the RNN and
GRU, `(h, c)` for the LSTM; the public methods take and give `h` itself, or the pair `(h, c)`.
"""
import math
import weakref

import numpy as np

from .validate import check_array, check_dtype, check_like, check_positive_int, check_sequence, rng_from


def sigmoid(a, out=None):
    """Logistic function 1 / (1 + exp(-a)), elementwise, any shape; `out` may be `a` itself (in place).

    For a < -709, exp(-a) overflows to inf and the result is the exact limit 0, so that warning is
    silenced. (Through np.exp rather than 0.5 (1 + tanh(a / 2)): for float64, np.tanh was 2x slower than
    np.exp on an AVX2 machine and as fast on an AVX-512 one, and the gates are much of a layer's time.)
    """
    with np.errstate(over="ignore"):
        e = np.exp(np.negative(a, out=out), out=out)  # exp(-a)
    return np.divide(1.0, np.add(e, 1.0, out=out), out=out)


def by_gate(v, gates):
    """A gate-major view (no copy) of stacked pre-activations v (B, gates * H): (gates, B, H), [k] = gate k's
    columns. NumPy is several times faster on a contiguous (B, H) block than on such a column slice, so the
    layers copy through this view into gate-major arrays, or back, once per step."""
    return v.reshape(v.shape[0], gates, -1).transpose(1, 0, 2)


def sigmoid_slope(s, out=None):
    """The sigmoid's derivative written in terms of its output s = sigmoid(a): s (1 - s); `out` as in np.ufuncs."""
    out = np.subtract(1.0, s, out=out)
    return np.multiply(out, s, out=out)


def tanh_slope(y, out=None):
    """tanh's derivative written in terms of its output y = tanh(a): 1 - y^2; `out` as in np.ufuncs."""
    out = np.multiply(y, y, out=out)
    return np.subtract(1.0, out, out=out)


class Recurrent:
    """Base of the recurrent layers. Subclasses set `gates` (names in stacking order) and `state_size`."""

    gates = ()
    state_size = 1  # how many (B, H) arrays make a state: 1 for h, 2 for (h, c)

    def __init__(self, input_size, hidden_size, *, seed=None, dtype=np.float64):
        self.input_size = check_positive_int(input_size, "input_size")
        self.hidden_size = check_positive_int(hidden_size, "hidden_size")
        self.dtype = check_dtype(dtype)
        rng = rng_from(seed)
        self.params = {k: v.astype(self.dtype) for k, v in self._init_params(rng).items()}
        self._kept = {}  # memory reused from call to call, see _array

    def __repr__(self):
        return (f"{type(self).__name__}(input_size={self.input_size}, hidden_size={self.hidden_size}, "
                f"dtype={self.dtype.name}) with {self.num_params} parameters")

    @property
    def num_params(self):
        """Number of trainable numbers: the total size of every array in `params`."""
        return sum(p.size for p in self.params.values())

    def _uniform(self, rng, shape):
        """Initial weights drawn from U(-1/sqrt(H), 1/sqrt(H)), the common default for recurrent layers."""
        bound = 1.0 / np.sqrt(self.hidden_size)
        return rng.uniform(-bound, bound, size=shape)

    def _array(self, name, shape):
        """An uninitialised array of `shape`, in memory this layer keeps under `name` between calls.

        Memory is handed out again only when nothing refers to the array last made in it: no cache that a
        caller still holds, no view of it. So reuse never changes a result; it saves what fresh large
        arrays cost on every call, zeroed pages from the kernel and first writes that miss every cache:
        the LSTM's forward pass at the benchmark's larger size took 140 ms instead of 163 ms with them.
        Two memories per name, so that in a training loop, where `out, cache = layer.forward(x)` still
        holds the previous step's cache during the call, the one before it is free again. Arrays start
        on a 64-byte boundary: np.multiply into a (64, 256) block that did not measured 1.8x slower.
        Arrays under 64 KiB are simply allocated: for them the bookkeeping cost more than it saved.
        """
        size = math.prod(shape) * self.dtype.itemsize
        if size < 65536:  # small arrays: a fresh one costs less than the bookkeeping below
            return np.empty(shape, self.dtype)
        # Up to two slots per name, the newest last: [memory, offset of its first 64-byte aligned byte,
        # weak reference to the array last made in it].
        kept = self._kept.setdefault(name, [])
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

    # ----- gates -----------------------------------------------------------------------------------
    def gate_slice(self, gate):
        """Rows of the stacked gate matrices that belong to `gate` (one of `self.gates`)."""
        if gate not in self.gates:
            raise ValueError(f"gate must be one of {self.gates} for {type(self).__name__}; got {gate!r}")
        k = self.gates.index(gate)
        return slice(k * self.hidden_size, (k + 1) * self.hidden_size)

    def gate(self, gate):
        """Views of one gate's weights, named like the maths: for the LSTM's forget gate
        {'W_xf': (H, D), 'W_hf': (H, H), 'b_f': (H,)}. Writing into them changes the layer."""
        rows = self.gate_slice(gate)
        out = {}
        for name, p in self.params.items():
            # "W_x" -> "W_xf", "b" -> "b_f", "b_x" -> "b_xf"
            out[name + gate if "_" in name else f"{name}_{gate}"] = p[rows]
        return out

    # ----- states ----------------------------------------------------------------------------------
    def zero_state(self, batch_size=None):
        """The all-zero initial state: h of shape (B, H), (h, c) for the LSTM; (H,) when batch_size is None."""
        shape = (self.hidden_size,) if batch_size is None else (batch_size, self.hidden_size)
        parts = tuple(np.zeros(shape, self.dtype) for _ in range(self.state_size))
        return self._public(parts)

    def _public(self, parts):
        return parts[0] if self.state_size == 1 else parts

    def _parts(self, state, name, batch_size, single):
        """Check a public state and return it as a tuple of (B, H) arrays."""
        H = self.hidden_size
        if state is None:
            return tuple(np.zeros((batch_size, H), self.dtype) for _ in range(self.state_size))
        parts = (state,) if self.state_size == 1 else state
        if self.state_size > 1 and (not isinstance(state, tuple) or len(state) != self.state_size):
            raise TypeError(f"{name} must be a pair (h, c) of arrays for {type(self).__name__}; got {type(state).__name__}")
        shape, meaning = ((H,), "(H,)") if single else ((batch_size, H), "(B, H)")
        return tuple(check_like(p, name, shape, self.dtype, meaning).reshape(batch_size, H) for p in parts)

    # ----- whole sequences -------------------------------------------------------------------------
    def forward(self, x, state=None):
        """Run the layer over a sequence batch.

        Args:
            x: (T, B, D) time-major batch, or (T, D) for one sequence.
            state: initial state, h of shape (B, H) (or (h, c) for the LSTM); zeros when None.
        Returns:
            hs: (T, B, H) every hidden state h_1..h_T ((T, H) for a (T, D) input).
            cache: dict of what backward needs; cache["final_state"] is the state after the last step
                (feed it as `state` to continue a sequence); the layer's docstring lists the rest.
        """
        x, single = check_sequence(x, "x", self.input_size, self.dtype)
        parts = self._parts(state, "state", x.shape[1], single)
        hs, cache = self._forward(x, parts)
        cache["single"] = single
        final = tuple(p[0] if single else p for p in cache["final"])
        cache["final_state"] = self._public(final)
        return (hs[:, 0] if single else hs), cache

    def backward(self, dhs, cache, dstate=None, *, truncate=None):
        """Backpropagation through time over the sequence of the matching `forward` call.

        Args:
            dhs: (T, B, H) gradient of the loss with respect to every h_t (same shape as `hs`).
            cache: the cache returned by `forward`.
            dstate: gradient with respect to the final state (h_T, or (h_T, c_T)), or None for zero.
            truncate: None for full BPTT, or k >= 1: the sequence is cut into windows of k steps
                (t = 0..k-1, k..2k-1, ...) and no gradient crosses a window boundary, which is what
                training on consecutive chunks of k steps with the state carried forward computes.
        Returns:
            grads: dict keyed like `params`; dx: like x; dstate0: like the initial state.
        """
        single = cache["single"]
        T, B = cache["x"].shape[:2]
        H = self.hidden_size
        dhs = check_like(dhs, "dhs", (T, H) if single else (T, B, H), self.dtype,
                         "(T, H)" if single else "(T, B, H) (time, batch, hidden)")
        if truncate is not None:
            truncate = check_positive_int(truncate, "truncate")
        given = self._parts(dstate, "dstate", B, single) if dstate is not None else (0.0,) * self.state_size
        # The gradient carried back from after the last step, in arrays `_backward` updates in place.
        dparts = tuple(self._array(name, (B, H)) for name in ("dh", "dc")[: self.state_size])
        for carried, value in zip(dparts, given):
            carried[...] = value
        grads, dx, dparts0 = self._backward(dhs.reshape(T, B, H), cache, dparts, truncate)
        if single:
            dx, dparts0 = dx[:, 0], tuple(p[0] for p in dparts0)
        return grads, dx, self._public(dparts0)

    # ----- one step --------------------------------------------------------------------------------
    def step_forward(self, x_t, state=None, params=None):
        """One time step, for widgets and for checking the unrolled maths.

        Args:
            x_t: (B, D) input at step t, or (D,) for one sequence.
            state: the previous state (h_{t-1}, or (h_{t-1}, c_{t-1})); zeros when None.
            params: a dict like `self.params` to use instead of it (default: the layer's own).
        Returns:
            state_t: the new state, shaped like `state`.
            cache: dict with x_t, the previous state, every pre-activation and gate, and h_t, each (B, ·).
        """
        x_t = check_array(x_t, "x_t", self.dtype)
        D = self.input_size
        if x_t.ndim not in (1, 2) or x_t.shape[-1] != D:
            raise ValueError(f"x_t must have shape (B, {D}) (batch, features) or ({D},); got {x_t.shape}")
        single = x_t.ndim == 1
        x_t = x_t.reshape(-1, D)
        parts = self._parts(state, "state", x_t.shape[0], single)
        new, cache = self._step_forward(x_t, parts, self.params if params is None else params)
        cache["single"] = single
        return self._public(tuple(p[0] if single else p for p in new)), cache

    def step_backward(self, dstate_t, cache):
        """Backward through one `step_forward`.

        Args:
            dstate_t: gradient with respect to the new state (shaped like state_t).
            cache: the cache of the matching `step_forward`.
        Returns:
            grads: this step's contribution to the gradient of every parameter (keyed like `params`);
            dx_t: like x_t; dstate_prev: like the previous state.
        """
        single = cache["single"]
        B = cache["x_t"].shape[0]
        dparts = self._parts(dstate_t, "dstate_t", B, single)
        grads, dx_t, dprev = self._step_backward(dparts, cache)
        if single:
            dx_t, dprev = dx_t[0], tuple(p[0] for p in dprev)
        return grads, dx_t, self._public(dprev)


def weight_gradient(d, inputs):
    """Sum over time and batch of the outer products d_t x_t^T, as one matmul: (T, B, M), (T, B, N) -> (M, N).
    Computed as (x^T d)^T: OpenBLAS is up to 1.5x faster writing the (N, M) product than the (M, N) one."""
    product = inputs.reshape(-1, inputs.shape[-1]).T @ d.reshape(-1, d.shape[-1])  # (N, M)
    return np.ascontiguousarray(product.T)


def recurrent_weight_gradient(d, h0, hs):
    """Sum over t of d_t h_{t-1}^T, where h_{t-1} is h0 (B, H) for t = 1 and hs[t-2] after: (M, H).
    d: (T, B, M), hs: (T, B, H). Two matmuls, so that h_0..h_{T-1} is never copied into one array."""
    return weight_gradient(d[1:], hs[:-1]) + d[0].T @ h0


def bias_gradient(d):
    """Sum of d (T, B, M) over time and batch: (M,). A matrix-vector product, several times faster
    than d.sum(axis=(0, 1)) on large arrays."""
    return np.ones(d.shape[0] * d.shape[1], d.dtype) @ d.reshape(-1, d.shape[-1])


def project(x, W, b=None, out=None):
    """x @ W.T (+ b) for every time step at once: (T, B, D) -> (T, B, M) in one matmul, into `out` if given.

    With a bias, the matmul is [x, 1] @ [W, b].T: b is the weight of one more input that is always 1.
    That measured 1.5x faster than adding b to the large result afterwards, a second pass over memory.
    """
    T, B, D = x.shape
    x = x.reshape(T * B, D)
    if b is not None:
        x = np.concatenate([x, np.ones((T * B, 1), x.dtype)], axis=1)  # (T B, D + 1)
        W = np.concatenate([W, b[:, None]], axis=1)  # (M, D + 1)
    if out is None:
        out = np.empty((T, B, W.shape[0]), np.result_type(x, W))
    np.matmul(x, W.T, out=out.reshape(T * B, W.shape[0]))
    return out

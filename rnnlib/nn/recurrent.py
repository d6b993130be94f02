"""What the RNN, LSTM and GRU layers share: parameters, states, gate views, input checks, and the loop over
time that turns one step's forward and backward into a whole sequence's.

A layer module (`rnn.py`, `lstm.py`, `gru.py`) writes the maths of one step as two functions on `(B, ·)` arrays,
`rnn_step_forward` and `rnn_step_backward` (and the same for `lstm` and `gru`): read those. The layer's
`_step_forward` / `_step_backward` only pass states to them as tuples, and `step_forward` / `step_backward` are the
same with the input checks of the public boundary. Inside a layer a state is a tuple of `(B, H)` arrays: `(h,)` for
the RNN and GRU, `(h, c)` for the LSTM. The public methods take and give `h` itself, or the pair `(h, c)`
(PyTorch's convention), and accept one sequence `(T, D)` as a batch of one; both conversions and every
input check happen here, once, so that the maths code never meets them.

The sequence forward runs the step forward for t = 1..T, each step's state feeding the next:

    state_t, cache_t = step_forward(x_t, state_{t-1})

The sequence backward (backpropagation through time) runs the step backward for t = T..1. The gradient
on h_t is total: the loss's direct dependence on h_t (dhs[t]) plus everything that reaches h_t back from
step t+1 (the carried gradient). Every step adds its share to the gradients of the shared weights.

    dstate_t = (dhs[t] + carried dh, carried dc)
    step_grads, dx_t, carried = step_backward(dstate_t, cache_t);   grads += step_grads
    if a truncation window starts at step t: carried = 0

Arrays are 0-based and steps 1-based: index t of `hs`, `dhs` or `cache["steps"]` holds step t + 1.
"""
import numpy as np

from .checks import check_array, check_dtype, check_like, check_positive_int, check_sequence, rng_from


def split_gates(v, k):
    """The k gate blocks of stacked columns v (..., k H): a tuple of k views (..., H), in stacking order; block j
    is columns j H to (j + 1) H. (Plain slices: np.split gives the same views at three times the cost, a fifth
    of a small GRU's training time.)"""
    H = v.shape[-1] // k
    return tuple(v[..., j * H:(j + 1) * H] for j in range(k))


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

    # ----- states: the public form (h, or the pair (h, c)) and the internal tuple of (B, H) arrays --------
    def zero_state(self, batch_size=None):
        """The all-zero initial state: h of shape (B, H), (h, c) for the LSTM; (H,) when batch_size is None."""
        shape = (self.hidden_size,) if batch_size is None else (batch_size, self.hidden_size)
        return self._public(tuple(np.zeros(shape, self.dtype) for _ in range(self.state_size)))

    def _public(self, parts):
        return parts[0] if self.state_size == 1 else parts

    def _parts(self, state, name, batch_size, single):
        """Check a public state and return it as a tuple of (B, H) arrays (zeros for None)."""
        H = self.hidden_size
        if state is None:
            return tuple(np.zeros((batch_size, H), self.dtype) for _ in range(self.state_size))
        if self.state_size > 1 and (not isinstance(state, tuple) or len(state) != self.state_size):
            raise TypeError(f"{name} must be a pair (h, c) of arrays for {type(self).__name__}; got {type(state).__name__}")
        parts = (state,) if self.state_size == 1 else state
        shape, meaning = ((H,), "(H,)") if single else ((batch_size, H), "(B, H)")
        return tuple(check_like(p, name, shape, self.dtype, meaning).reshape(batch_size, H) for p in parts)

    # ----- whole sequences: the public boundary ------------------------------------------------------
    def forward(self, x, state=None):
        """Run the layer over a sequence batch.

        Args:
            x: (T, B, D) time-major batch, or (T, D) for one sequence.
            state: initial state, h of shape (B, H) (or (h, c) for the LSTM); zeros when None.
        Returns:
            hs: (T, B, H) every hidden state h_1..h_T ((T, H) for a (T, D) input).
            cache: what backward needs: "steps", the T step caches (each documented at the layer's step
                forward), and "final_state", the state after the last step (pass it as `state` to go on).
        """
        x, single = check_sequence(x, "x", self.input_size, self.dtype)
        hs, cache = self._forward(x, self._parts(state, "state", x.shape[1], single))
        cache["single"] = single
        cache["final_state"] = self._public(tuple(p[0] if single else p for p in cache["final"]))
        return (hs[:, 0] if single else hs), cache

    def backward(self, dhs, cache, dstate=None, *, truncate=None):
        """Backpropagation through time over the sequence of the matching `forward` call.

        Args:
            dhs: (T, B, H) the partial derivatives dL/dh_t, the loss's direct dependence on each h_t (e.g.
                through y_t); the backward adds what comes back from later steps. Same shape as `hs`.
            cache: the cache returned by `forward`.
            dstate: the partial derivative of the loss with respect to the final state (h_T, or (h_T, c_T)) from
                whatever uses it beyond this sequence; added to dhs[T] (so do not count the same term in both);
                None for zero.
            truncate: None for full BPTT, or k >= 1: the sequence is cut into windows of k steps
                (steps 1..k, k+1..2k, ...) and no gradient crosses a window boundary, which is what
                training on consecutive chunks of k steps with the state carried forward computes.
        Returns:
            grads: dict keyed like `params`; dx: like x; dstate0: dL/d(initial state), total (the initial state
            feeds step 1 only; with `truncate`, only the first window's losses reach it).
        """
        single = cache["single"]
        (T, B, _), H = cache["x_shape"], self.hidden_size
        dhs = check_like(dhs, "dhs", (T, H) if single else (T, B, H), self.dtype,
                         "(T, H)" if single else "(T, B, H) (time, batch, hidden)")
        if truncate is not None:
            truncate = check_positive_int(truncate, "truncate")
        if dstate is None:
            dstate = tuple(np.zeros((B, H), self.dtype) for _ in range(self.state_size))
        else:
            dstate = self._parts(dstate, "dstate", B, single)
        grads, dx, dstate0 = self._backward(dhs.reshape(T, B, H), cache, dstate, truncate)
        if single:
            dx, dstate0 = dx[:, 0], tuple(p[0] for p in dstate0)
        return grads, dx, self._public(dstate0)

    # ----- whole sequences: the loops over the step functions ---------------------------------------
    def _forward(self, x, state):
        """x: (T, B, D); state: tuple of (B, H). Returns hs (T, B, H) and the cache."""
        T, B, _ = x.shape
        hs = np.empty((T, B, self.hidden_size), self.dtype)
        steps = []
        for t in range(T):  # the recurrence: step t needs the state of step t-1, so this loop cannot be vectorised
            state, step_cache = self._step_forward(x[t], state, self.params)
            hs[t] = state[0]  # h_(t+1): index t holds step t + 1
            steps.append(step_cache)
        return hs, {"steps": steps, "final": state, "x_shape": x.shape}

    def _backward(self, dhs, cache, dstate, truncate):
        """dhs: (T, B, H); dstate: tuple of (B, H), the gradient on the final state. Returns grads, dx, dstate0."""
        grads = {name: np.zeros_like(p) for name, p in self.params.items()}
        dx = np.empty(cache["x_shape"], self.dtype)
        carried = dstate  # what reaches step t from step t+1 (from after the last step, at t = T)
        for t in reversed(range(len(cache["steps"]))):  # sequential: step t needs the gradient of step t+1
            dstate_t = (carried[0] + dhs[t],) + carried[1:]  # dL/dh_t, total: the loss at t plus all later
            step_grads, dx[t], carried = self._step_backward(dstate_t, cache["steps"][t])
            for name in grads:
                grads[name] += step_grads[name]  # the weights are shared: every step adds its share
            if truncate and t > 0 and t % truncate == 0:
                carried = tuple(np.zeros_like(d) for d in carried)  # a window boundary: nothing crosses into t-1
        return grads, dx, carried

    # ----- one step --------------------------------------------------------------------------------
    def step_forward(self, x_t, state=None, params=None):
        """One time step, for widgets and for checking the unrolled maths.

        Args:
            x_t: (B, D) input at step t, or (D,) for one sequence.
            state: the previous state (h_{t-1}, or (h_{t-1}, c_{t-1})); zeros when None.
            params: a dict like `self.params` to use instead of it (default: the layer's own).
        Returns:
            state_t: the new state, shaped like `state`.
            cache: the step cache documented at the layer's step forward (x_t, the previous state,
                every pre-activation and gate, the new state, each (B, ·)).
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
        dparts = self._parts(dstate_t, "dstate_t", cache["x_t"].shape[0], single)
        grads, dx_t, dprev = self._step_backward(dparts, cache)
        if single:
            dx_t, dprev = dx_t[0], tuple(p[0] for p in dprev)
        return grads, dx_t, self._public(dprev)

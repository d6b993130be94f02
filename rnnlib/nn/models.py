"""Whole models built from the layers: a memoryless feedforward net and a recurrent net with a read-out.

Both keep every parameter in one dict named after the maths, so `fit`, the optimizers and the gradient
checker treat them alike: `ys, cache = model.forward(x)`, `grads, dx, dstate0 = model.backward(dys, cache)`.
"""
import numpy as np

from .checks import check_sequence, rng_from
from .dense import Dense
from .functional import tanh_slope
from .recurrent import Recurrent


class Model:
    """Base of the models made of layers: one params dict holding the layers' own arrays under the model's names.

    A subclass calls `self._name_params([(layer, {"W": "W_hy", "b": "b_y"}), ...])`, a map per layer from
    the layer's parameter names to the model's; `self._named([grads of each layer])` renames gradients alike.
    """

    def _name_params(self, parts):
        self._names = [names for _, names in parts]
        self.params = self._named([layer.params for layer, _ in parts])

    def _named(self, dicts):
        return {names[k]: d[k] for d, names in zip(dicts, self._names) for k in names}

    @property
    def num_params(self):
        """Number of trainable numbers: the total size of every array in `params`."""
        return sum(p.size for p in self.params.values())


class FeedForward(Model):
    """A one-hidden-layer net applied to every time step on its own: no memory.

        h_t = tanh(W_xh x_t + b_h),   y_t = W_hy h_t + b_y

    The same names as the RNN, minus W_hh: adding W_hh h_{t-1} inside the tanh is what makes it recurrent.
    params: W_xh (H, D), b_h (H,), W_hy (K, H), b_y (K,).
    """

    def __init__(self, input_size, hidden_size, output_size, *, seed=None, dtype=np.float64):
        rng = rng_from(seed)
        self.hidden = Dense(input_size, hidden_size, seed=rng, dtype=dtype)
        self.out = Dense(hidden_size, output_size, seed=rng, dtype=dtype)
        self.input_size, self.dtype = input_size, self.hidden.dtype
        self._name_params([(self.hidden, {"W": "W_xh", "b": "b_h"}), (self.out, {"W": "W_hy", "b": "b_y"})])

    def forward(self, x, state=None):
        """Args: x (T, B, D) or (T, D) ( `state` is accepted and ignored: there is none).
        Returns: ys (T, B, K) or (T, K); cache."""
        x, single = check_sequence(x, "x", self.input_size, self.dtype)
        a, c1 = self.hidden.forward(x)  # (T, B, H)
        h = np.tanh(a)
        ys, c2 = self.out.forward(h)  # (T, B, K)
        return (ys[:, 0] if single else ys), {"c1": c1, "c2": c2, "h": h, "single": single}

    def backward(self, dys, cache, dstate=None):
        """Returns grads (keyed like params), dx (like x) and None (no state)."""
        if cache["single"]:
            dys = np.asarray(dys)[:, None] if np.ndim(dys) == 2 else dys
        g2, dh = self.out.backward(dys, cache["c2"])
        g1, dx = self.hidden.backward(dh * tanh_slope(cache["h"]), cache["c1"])
        return self._named([g1, g2]), (dx[:, 0] if cache["single"] else dx), None


class SequenceModel(Model):
    """A recurrent layer followed by a dense read-out y_t = W_hy h_t + b_y.

    Args:
        core: an RNN, LSTM or GRU layer.
        output_size: K, the size of y_t.
        many_to_one: if True, only the last step is read out: y = W_hy h_T + b_y.
    params: the core's params plus W_hy (K, H) and b_y (K,); the arrays are shared with the layers.
    """

    def __init__(self, core, output_size, *, many_to_one=False, seed=None):
        if not isinstance(core, Recurrent):
            raise TypeError(f"core must be an RNN, LSTM or GRU layer; got {type(core).__name__}")
        self.core, self.many_to_one = core, bool(many_to_one)
        self.head = Dense(core.hidden_size, output_size, seed=seed, dtype=core.dtype)
        self.dtype = core.dtype
        self._name_params([(core, {name: name for name in core.params}), (self.head, {"W": "W_hy", "b": "b_y"})])

    def __repr__(self):
        shape = "many-to-one" if self.many_to_one else "many-to-many"
        return f"SequenceModel({self.core!r}, output_size={self.head.output_size}, {shape}) with {self.num_params} parameters"

    def forward(self, x, state=None):
        """Args: x (T, B, D) or (T, D); state: initial state of the core (zeros when None).
        Returns: ys (T, B, K) or (T, K), or for many_to_one (B, K) or (K,); cache."""
        hs, core_cache = self.core.forward(x, state)
        ys, head_cache = self.head.forward(hs[-1] if self.many_to_one else hs)
        return ys, {"core": core_cache, "head": head_cache, "hs_shape": hs.shape}

    def backward(self, dys, cache, dstate=None, *, truncate=None):
        """Args: dys like ys; dstate: gradient on the core's final state; truncate: as in the core.
        Returns: grads (keyed like params), dx (like x), dstate0 (like the initial state)."""
        head_grads, dh = self.head.backward(dys, cache["head"])
        if self.many_to_one:
            dhs = np.zeros(cache["hs_shape"], self.dtype)
            dhs[-1] = dh
        else:
            dhs = dh
        core_grads, dx, dstate0 = self.core.backward(dhs, cache["core"], dstate, truncate=truncate)
        return self._named([core_grads, head_grads]), dx, dstate0

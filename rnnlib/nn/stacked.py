"""Deeper and both ways: recurrent layers stacked on top of each other, and a forward and a backward layer side by side.

Stacked (L layers; layer l reads the states of layer l-1 as its input, layer 1 reads x_t):

    h_t^(0) = x_t,    h_t^(l) = f(W_hh^(l) h_{t-1}^(l) + W_xh^(l) h_t^(l-1) + b^(l))    for l = 1..L

Backward, layer by layer from the top: layer l's backward pass through time takes dL/dh^(l) for every t and
returns dL/dh^(l-1) for every t (its `dx`), which is the upstream gradient of layer l-1.

Bidirectional (one layer reads t = 1..T, the other t = T..1; their states are concatenated):

    h_t^fwd = f(h_{t-1}^fwd, x_t),    h_t^bwd = f(h_{t+1}^bwd, x_t),    h_t = [h_t^fwd ; h_t^bwd]

The backward layer is an ordinary layer run on the time-reversed sequence, so its backward pass is the
ordinary one, on the time-reversed gradient.

Both are built from any layers with the recurrent contract (`rl.RNN`, `rl.LSTM`, `rl.GRU`, or these two):
`forward(x, state) -> (hs, cache)` with cache["final_state"], `backward(dhs, cache, dstate) -> (grads, dx,
dstate0)`. Their own state is a flat tuple of arrays, layer by layer, each layer's parts in its order (h for
RNN and GRU, h then c for the LSTM), so `rl.check_layer` can check them like a single layer.
"""
import numpy as np

from .models import Model
from .recurrent import Recurrent


def _to_parts(layer, state):
    """A layer's public state (h, (h, c) or a tuple) as a tuple of arrays."""
    return (state,) if isinstance(layer, Recurrent) and layer.state_size == 1 else tuple(state)


def _from_parts(layer, parts):
    """A tuple of arrays as `layer`'s public state."""
    return parts[0] if isinstance(layer, Recurrent) and layer.state_size == 1 else tuple(parts)


def _split(layers, state, name):
    """The flat tuple `state` (or None) cut into one public state per layer (None for zeros)."""
    if state is None:
        return [None] * len(layers)
    sizes = [layer.state_size for layer in layers]
    if not isinstance(state, tuple) or len(state) != sum(sizes):
        got = f"a tuple of {len(state)}" if isinstance(state, tuple) else type(state).__name__
        raise TypeError(f"{name} must be a tuple of {sum(sizes)} arrays (each layer's state parts in order); got {got}")
    out, start = [], 0
    for layer, k in zip(layers, sizes):
        out.append(_from_parts(layer, state[start:start + k]))
        start += k
    return out


def _join(layers, states):
    """One public state per layer -> the flat tuple."""
    return tuple(p for layer, s in zip(layers, states) for p in _to_parts(layer, s))


class Stacked(Model):
    """L recurrent layers on top of each other: layer l reads the states h^(l-1) of layer l-1 (equations in the module docstring).

    Args:
        layers: a list of layers with the recurrent contract; layers[l].input_size must equal
            layers[l-1].hidden_size.
    params: every layer's params, named with the layer's number 1..L as a superscript: "W_xh^(1)", "W_hh^(2)", ...
    State: a flat tuple, layer 1's parts first (see the module docstring).
    """

    def __init__(self, layers):
        layers = list(layers)
        if not layers:
            raise ValueError("layers must hold at least one recurrent layer; got an empty list")
        for l in range(1, len(layers)):
            if layers[l].input_size != layers[l - 1].hidden_size:
                raise ValueError(f"layers[{l}].input_size must equal layers[{l - 1}].hidden_size = "
                                 f"{layers[l - 1].hidden_size} (it reads that layer's states); got {layers[l].input_size}")
        self.layers = layers
        self.input_size, self.hidden_size = layers[0].input_size, layers[-1].hidden_size
        self.dtype, self.state_size = layers[0].dtype, sum(layer.state_size for layer in layers)
        self._name_params([(layer, {k: f"{k}^({l + 1})" for k in layer.params}) for l, layer in enumerate(layers)])

    def __repr__(self):
        inner = ", ".join(repr(layer).split(" with ")[0] for layer in self.layers)
        return f"Stacked([{inner}]) with {self.num_params} parameters"

    def zero_state(self, batch_size=None):
        """The all-zero state: a flat tuple of (B, H_l) arrays ((H_l,) when batch_size is None)."""
        return _join(self.layers, [layer.zero_state(batch_size) for layer in self.layers])

    def forward(self, x, state=None):
        """Run the stack over a sequence batch.

        Args:
            x: (T, B, D) or (T, D); state: the flat tuple of initial states, or None for zeros.
        Returns:
            hs: (T, B, H_L) the top layer's states; cache: "layers" (each layer's cache) and "final_state".
        """
        states = _split(self.layers, state, "state")
        h, caches = x, []
        for layer, s in zip(self.layers, states):
            h, c = layer.forward(h, s)  # h^(l) for every t: (T, B, H_l), the input of layer l+1
            caches.append(c)
        final = _join(self.layers, [c["final_state"] for c in caches])
        return h, {"layers": caches, "final_state": final}

    def backward(self, dhs, cache, dstate=None, *, truncate=None):
        """Backward through the stack, from the top layer down, each layer through time.

        Args:
            dhs: (T, B, H_L) gradient on the top layer's states; dstate: flat tuple like the final state, or None.
        Returns:
            grads (keyed like params), dx (like x), dstate0 (a flat tuple like the initial state).
        """
        dstates = _split(self.layers, dstate, "dstate")
        grads, dstate0 = [None] * len(self.layers), [None] * len(self.layers)
        dh = dhs
        for l in reversed(range(len(self.layers))):  # top to bottom: layer l's dx is dL/dh^(l-1)
            grads[l], dh, dstate0[l] = self.layers[l].backward(dh, cache["layers"][l], dstates[l], truncate=truncate)
        return self._named(grads), dh, _join(self.layers, dstate0)


class Bidirectional(Model):
    """A forward layer over t = 1..T and a backward layer over t = T..1, states concatenated (module docstring).

    Args:
        forward_layer, backward_layer: layers with the recurrent contract and the same input_size.
    params: the forward layer's with the superscript "fwd" ("W_xh^fwd", ...), the backward layer's with "bwd".
    hs: (T, B, H_fwd + H_bwd), h_t = [h_t^fwd ; h_t^bwd]. State: (forward layer's parts..., backward layer's
    parts...); the backward layer's initial state is the one before t = T and its final state the one at t = 1.
    """

    def __init__(self, forward_layer, backward_layer):
        if forward_layer.input_size != backward_layer.input_size:
            raise ValueError(f"backward_layer.input_size must equal forward_layer.input_size = "
                             f"{forward_layer.input_size} (both read x_t); got {backward_layer.input_size}")
        self.layers = [forward_layer, backward_layer]
        self.input_size = forward_layer.input_size
        self.hidden_size = forward_layer.hidden_size + backward_layer.hidden_size
        self.dtype, self.state_size = forward_layer.dtype, forward_layer.state_size + backward_layer.state_size
        self._name_params([(forward_layer, {k: f"{k}^fwd" for k in forward_layer.params}),
                           (backward_layer, {k: f"{k}^bwd" for k in backward_layer.params})])

    def __repr__(self):
        f, b = (repr(layer).split(" with ")[0] for layer in self.layers)
        return f"Bidirectional({f}, {b}) with {self.num_params} parameters"

    def zero_state(self, batch_size=None):
        """The all-zero state: the forward layer's parts, then the backward layer's."""
        return _join(self.layers, [layer.zero_state(batch_size) for layer in self.layers])

    def forward(self, x, state=None):
        """Run both layers over a sequence batch.

        Args:
            x: (T, B, D) or (T, D); state: the flat tuple of both initial states, or None for zeros.
        Returns:
            hs: (T, B, H_fwd + H_bwd) (or (T, H_fwd + H_bwd)); cache: both layers' caches, "final_state".
        """
        s_fwd, s_bwd = _split(self.layers, state, "state")
        hs_fwd, c_fwd = self.layers[0].forward(x, s_fwd)  # h_t^fwd, t = 1..T
        hs_rev, c_bwd = self.layers[1].forward(np.asarray(x)[::-1], s_bwd)  # the reversed sequence: step k is t = T+1-k
        hs = np.concatenate([hs_fwd, hs_rev[::-1]], axis=-1)  # back in time order: h_t = [h_t^fwd ; h_t^bwd]
        H_f = self.layers[0].hidden_size
        final = _join(self.layers, [c_fwd["final_state"], c_bwd["final_state"]])
        return hs, {"fwd": c_fwd, "bwd": c_bwd, "H_fwd": H_f, "final_state": final}

    def backward(self, dhs, cache, dstate=None, *, truncate=None):
        """Backward through both layers: the backward layer's on the time-reversed gradient.

        Args:
            dhs: like hs; dstate: flat tuple like the final state, or None.
        Returns:
            grads (keyed like params), dx (like x), dstate0 (flat tuple like the initial state).
        """
        d_fwd, d_bwd = _split(self.layers, dstate, "dstate")
        dhs = np.asarray(dhs)
        H_f = cache["H_fwd"]
        g_fwd, dx_fwd, d0_fwd = self.layers[0].backward(dhs[..., :H_f], cache["fwd"], d_fwd, truncate=truncate)
        g_bwd, dx_rev, d0_bwd = self.layers[1].backward(dhs[..., H_f:][::-1], cache["bwd"], d_bwd, truncate=truncate)
        dx = dx_fwd + dx_rev[::-1]  # x_t feeds both layers: the two gradients add
        return self._named([g_fwd, g_bwd]), dx, _join(self.layers, [d0_fwd, d0_bwd])

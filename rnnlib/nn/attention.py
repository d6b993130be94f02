"""Additive attention (Bahdanau, Cho & Bengio 2015): at decoder step t, a weighted average of the encoder's states.

Forward, for every encoder position j = 1..S (s_j is the encoder's state there):

    a_{t,j} = W_a h_{t-1} + U_a s_j                 pre-activation, (A,)
    e_{t,j} = v^T tanh(a_{t,j})                     score: how well s_j fits the decoder's state h_{t-1}
    alpha_{t,j} = exp(e_{t,j}) / sum_j' exp(e_{t,j'})   softmax over j: the attention weights, sum to 1
    c_t = sum_j alpha_{t,j} s_j                     the context vector, (E,)

Backward, from dL/dc_t (and optionally dL/dalpha_t, given):

    dL/dalpha_{t,j} = s_j^T dL/dc_t  (+ the given dL/dalpha_{t,j})
    dL/de_{t,j}     = alpha_{t,j} (dL/dalpha_{t,j} - sum_j' alpha_{t,j'} dL/dalpha_{t,j'})     softmax
    dL/dv           = sum_j dL/de_{t,j} tanh(a_{t,j})
    dL/da_{t,j}     = dL/de_{t,j} v * (1 - tanh(a_{t,j})^2)
    dL/dW_a = sum_j dL/da_{t,j} h_{t-1}^T,   dL/dU_a = sum_j dL/da_{t,j} s_j^T
    dL/dh_{t-1} = W_a^T sum_j dL/da_{t,j},   dL/ds_j = alpha_{t,j} dL/dc_t + U_a^T dL/da_{t,j}

Shapes, batched and row-vector as everywhere in rnnlib: h_prev (B, H), s (S, B, E) time-major like the encoder's
states (s[j - 1] is s_j), W_a (A, H), U_a (A, E), v (A,); W_a h_{t-1} is `h_prev @ W_a.T`. Every position is
handled at once (no loop: the S positions do not depend on each other).
"""
import numpy as np

from .checks import check_array, check_dtype, check_positive_int, rng_from
from .functional import softmax


class AdditiveAttention:
    """Additive attention (equations in the module docstring).

    Args:
        query_size: H, the size of the decoder state h_{t-1}; key_size: E, the size of each encoder state s_j;
        attention_size: A, the size of a_{t,j}.
    params: W_a (A, H), U_a (A, E), v (A,).
    """

    def __init__(self, query_size, key_size, attention_size, *, seed=None, dtype=np.float64):
        self.query_size = check_positive_int(query_size, "query_size")
        self.key_size = check_positive_int(key_size, "key_size")
        self.attention_size = check_positive_int(attention_size, "attention_size")
        self.dtype = check_dtype(dtype)
        rng = rng_from(seed)
        A, H, E = self.attention_size, self.query_size, self.key_size
        self.params = {"W_a": rng.uniform(-1, 1, (A, H)) / np.sqrt(H), "U_a": rng.uniform(-1, 1, (A, E)) / np.sqrt(E),
                       "v": rng.uniform(-1, 1, A) / np.sqrt(A)}
        self.params = {k: p.astype(self.dtype) for k, p in self.params.items()}

    def __repr__(self):
        return (f"AdditiveAttention(query_size={self.query_size}, key_size={self.key_size}, "
                f"attention_size={self.attention_size}) with {self.num_params} parameters")

    @property
    def num_params(self):
        """Number of trainable numbers: A H + A E + A."""
        return sum(p.size for p in self.params.values())

    def check_inputs(self, h_prev, s):
        """Check h_prev (B, H) and s (S, B, E) once, at the public boundary; returns them as arrays."""
        h_prev, s = check_array(h_prev, "h_prev", self.dtype), check_array(s, "s", self.dtype)
        H, E = self.query_size, self.key_size
        if h_prev.ndim != 2 or h_prev.shape[1] != H:
            raise ValueError(f"h_prev must have shape (B, {H}) (batch, query_size); got {h_prev.shape}")
        if s.ndim != 3 or s.shape[1:] != (h_prev.shape[0], E) or s.shape[0] == 0:
            raise ValueError(f"s must have shape (S, {h_prev.shape[0]}, {E}) (source steps, batch, key_size) "
                             f"with S >= 1; got {s.shape}")
        return h_prev, s

    def forward(self, h_prev, s, params=None):
        """One decoder step's attention over all encoder states.

        Args:
            h_prev: (B, H) the decoder state h_{t-1}; s: (S, B, E) the encoder states s_1..s_S;
            params: a dict like `self.params` to use instead (default: the layer's own).
        Returns:
            c_t: (B, E) the context vector; alpha: (S, B) the attention weights (each column sums to 1);
            cache: h_prev, s, u = tanh(a) (S, B, A), alpha, and the params.
        """
        p = self.params if params is None else params
        a = (h_prev @ p["W_a"].T)[None] + s @ p["U_a"].T  # a_{t,j} = W_a h_{t-1} + U_a s_j: (S, B, A)
        u = np.tanh(a)  # (S, B, A)
        e = u @ p["v"]  # e_{t,j} = v^T tanh(a_{t,j}): (S, B)
        alpha = softmax(e, axis=0)  # softmax over s: (S, B)
        c_t = np.einsum("jb,jbe->be", alpha, s)  # c_t = sum_j alpha_{t,j} s_j: (B, E)
        return c_t, alpha, {"h_prev": h_prev, "s": s, "u": u, "alpha": alpha, "params": p}

    def backward(self, dc_t, cache, dalpha=None):
        """Backward through `forward` (equations in the module docstring).

        Args:
            dc_t: (B, E) gradient with respect to c_t; dalpha: (S, B) gradient with respect to alpha, or None.
        Returns:
            grads: W_a (A, H), U_a (A, E), v (A,); dh_prev: (B, H); ds: (S, B, E).
        """
        p, s, u, alpha = cache["params"], cache["s"], cache["u"], cache["alpha"]
        dal = np.einsum("be,jbe->jb", dc_t, s)  # dL/dalpha_{t,j} = s_j^T dL/dc_t: (S, B)
        if dalpha is not None:
            dal = dal + dalpha
        de = alpha * (dal - (alpha * dal).sum(axis=0, keepdims=True))  # through the softmax over s: (S, B)
        dv = np.einsum("jb,jba->a", de, u)  # (A,)
        da = de[..., None] * p["v"] * (1 - u ** 2)  # dL/da_{t,j}: (S, B, A)
        da_sum = da.sum(axis=0)  # W_a h_{t-1} is shared by every s: (B, A)
        A, E = da.shape[-1], s.shape[-1]
        grads = {"W_a": da_sum.T @ cache["h_prev"], "U_a": da.reshape(-1, A).T @ s.reshape(-1, E), "v": dv}
        dh_prev = da_sum @ p["W_a"]  # (B, H)
        ds = alpha[..., None] * dc_t[None] + da @ p["U_a"]  # (S, B, E)
        return grads, dh_prev, ds

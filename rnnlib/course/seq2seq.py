"""Notebook 08: the toy translation (number words to digits) and the encoder-decoder models, plain and with attention.

The source language is English number words for 0..99, several numbers separated by commas; the target
is the same numbers in digits. Order matters ("twenty one" is 21, "one , twenty" is 1,20), one word can
become two symbols ("twenty" -> 20, "thirteen" -> 13) and two words one number ("forty two" -> 42), so the
lengths differ. Everything is generated from a seed; nothing is copied from elsewhere.

    "forty two , seven , thirteen"   ->   "42,7,13"

Both models read the source with a GRU encoder, s_1..s_S = GRU_enc(x_1..x_S), and start the decoder
from the encoder's last state, h_0 = s_S (Sutskever, Vinyals & Le 2014; Cho et al. 2014a, "Learning Phrase
Representations using RNN Encoder-Decoder for Statistical Machine Translation"). The target symbols are
k_1..k_T, indices into TARGET_SYMBOLS (y_t stays the output layer's result, as everywhere in the course).
The decoder's input at step t is the previous target symbol k_{t-1}, one-hot (the end symbol at t = 1), and

    plain:      h_t = GRU_dec(h_{t-1}, k_{t-1})
    attention:  c_t = Attention(h_{t-1}, s_1..s_S),   h_t = GRU_dec(h_{t-1}, [k_{t-1} ; c_t])
    both:       y_t = W_hy h_t + b_y,   p(k_t | k_<t, x) = softmax(y_t)[k_t]
"""
import numpy as np

from ..nn.attention import AdditiveAttention
from ..nn.checks import rng_from
from ..nn.dense import Dense
from ..nn.gru import GRU, gru_step_backward, gru_step_forward
from ..nn.models import Model

ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen").split()
TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
SOURCE_WORDS = (*ONES, *TENS, ",")  # 29 source words
TARGET_SYMBOLS = (*"0123456789", ",", "<end>")  # 12 target symbols; the last ends a translation
END = len(TARGET_SYMBOLS) - 1
MAX_NUMBERS = 6  # the longest sentences in the course's data: six numbers


def number_words(n):
    """The English words for 0 <= n <= 99: 42 -> ['forty', 'two'], 13 -> ['thirteen'], 20 -> ['twenty']."""
    if n < 20:
        return [ONES[n]]
    return [TENS[n // 10 - 2]] + ([ONES[n % 10]] if n % 10 else [])


def translate(numbers):
    """The (source words, target symbols) of a list of numbers: [42, 7] -> ('forty two , seven', '42,7')."""
    words = []
    for k, n in enumerate(numbers):
        words += ([","] if k else []) + number_words(int(n))
    return " ".join(words), ",".join(str(int(n)) for n in numbers)


def encode_source(sentence):
    """Source words -> word indices; raises ValueError naming the first unknown word."""
    words = sentence.replace(",", " , ").split()
    unknown = [w for w in words if w not in SOURCE_WORDS]
    if unknown:
        raise ValueError(f"unknown source word {unknown[0]!r}")
    return np.array([SOURCE_WORDS.index(w) for w in words])


def encode_target(text):
    """Digits and commas -> symbol indices, with the end symbol appended."""
    return np.array([TARGET_SYMBOLS.index(c) for c in text] + [END])


def decode_target(indices):
    """Symbol indices -> text, stopping at the first end symbol."""
    out = []
    for i in indices:
        if i == END:
            break
        out.append(TARGET_SYMBOLS[i])
    return "".join(out)


def make_pairs(n, *, seed, numbers=(1, MAX_NUMBERS)):
    """n random sentences: how many numbers each has is uniform in `numbers` (inclusive), each number uniform in 0..99.

    Returns: a dict with "source" (list of word-index arrays), "target" (list of symbol-index arrays, each
    ending with the end symbol), "text" (list of (source, target) strings) and "count" (numbers per sentence).
    """
    rng = rng_from(seed)
    lo, hi = numbers
    counts = rng.integers(lo, hi + 1, size=n)
    text = [translate(rng.integers(0, 100, size=k)) for k in counts]
    return {"source": [encode_source(s) for s, _ in text], "target": [encode_target(t) for _, t in text],
            "text": text, "count": counts}


def one_hot(indices, size, dtype=np.float64):
    """(...) integer indices -> (..., size) one-hot rows."""
    return np.eye(size, dtype=dtype)[indices]


def pad_targets(targets):
    """Targets of different lengths -> (T, B) with the end symbol repeated after each one's end."""
    T = max(len(t) for t in targets)
    out = np.full((T, len(targets)), END)
    for b, t in enumerate(targets):
        out[: len(t), b] = t
    return out


def teacher_inputs(k):
    """Teacher forcing: the decoder's inputs are the true previous symbols k_{t-1} (the end symbol at t = 1).

    Args: k: (T, B) target symbols. Returns: (T, B)."""
    return np.concatenate([np.full((1, k.shape[1]), END), k[:-1]])


def batches_by_length(pairs, batch_size, *, seed):
    """A function epoch -> list of ((source (S, B), decoder inputs (T, B)), targets (T, B)) for `fit`.

    Sentences are grouped by source length, so a batch needs no padding of the source (every column has
    S real words); targets are padded with the end symbol, which the model learns to repeat: the padded
    positions are targets like any other, and the loss (a mean over all T B positions) counts them.
    """
    by_len = {}
    for n, src in enumerate(pairs["source"]):
        by_len.setdefault(len(src), []).append(n)

    def batches(epoch):
        rng = np.random.default_rng([seed, epoch])
        out = []
        for S in sorted(by_len):
            idx = rng.permutation(by_len[S])
            for i in range(0, len(idx), batch_size):
                chunk = idx[i:i + batch_size]
                src = np.stack([pairs["source"][n] for n in chunk], axis=1)  # (S, B)
                k = pad_targets([pairs["target"][n] for n in chunk])  # (T, B)
                out.append(((src, teacher_inputs(k)), k))
        return [out[i] for i in rng.permutation(len(out))]

    return batches


class EncoderDecoder(Model):
    """The plain encoder-decoder: the whole source must pass through one vector, h_0 = s_S (module docstring).

    Args:
        hidden_size: H of the encoder and the decoder GRUs (the same, since h_0 = s_S).
    params: the encoder's "W_x^enc", "W_h^enc", "b_x^enc", "b_h^enc", the decoder's "...^dec", W_hy, b_y.
    forward((source (S, B), decoder inputs (T, B))) -> logits (T, B, V_target), cache.
    """

    attention = None

    def __init__(self, hidden_size, *, seed=None):
        rng = rng_from(seed)
        self.hidden_size = hidden_size
        self.encoder = GRU(len(SOURCE_WORDS), hidden_size, seed=rng)
        self.decoder = GRU(self._decoder_input_size(), hidden_size, seed=rng)
        self.head = Dense(hidden_size, len(TARGET_SYMBOLS), seed=rng)
        self.dtype = self.encoder.dtype
        self._name_params(self._parts())

    def _decoder_input_size(self):
        return len(TARGET_SYMBOLS)

    def _parts(self):
        return [(self.encoder, {k: f"{k}^enc" for k in self.encoder.params}),
                (self.decoder, {k: f"{k}^dec" for k in self.decoder.params}),
                (self.head, {"W": "W_hy", "b": "b_y"})]

    def __repr__(self):
        return f"{type(self).__name__}(hidden_size={self.hidden_size}) with {self.num_params} parameters"

    # ----- training (teacher forcing): the decoder reads the true previous symbols -----------------------
    def forward(self, inputs):
        """Args: inputs = (source (S, B) word indices, decoder inputs (T, B) symbol indices).
        Returns: logits (T, B, V); cache."""
        src, k_prev = inputs
        s, enc_cache = self.encoder.forward(one_hot(src, len(SOURCE_WORDS)))  # s_1..s_S: (S, B, H)
        hs, dec_cache = self._decode(k_prev, s, enc_cache["final_state"])  # (T, B, H)
        logits, head_cache = self.head.forward(hs)  # (T, B, V)
        return logits, {"enc": enc_cache, "dec": dec_cache, "head": head_cache, "s": s}

    def backward(self, dlogits, cache):
        """Returns grads (keyed like params), and None twice (no gradient for integer inputs, no state)."""
        g_head, dhs = self.head.backward(dlogits, cache["head"])
        g_dec, extra, ds, dh0 = self._decode_backward(dhs, cache["dec"])
        dhs_enc = np.zeros_like(cache["s"]) if ds is None else ds
        g_enc, _, _ = self.encoder.backward(dhs_enc, cache["enc"], dh0)  # h_0 = s_S: its gradient enters at the end
        return self._named([g_enc, g_dec, g_head, *extra]), None, None

    def _decode(self, k_prev, s, h0):
        return self.decoder.forward(one_hot(k_prev, len(TARGET_SYMBOLS)), h0)

    def _decode_backward(self, dhs, cache):
        g_dec, _, dh0 = self.decoder.backward(dhs, cache)
        return g_dec, [], None, dh0

    # ----- decoding one symbol at a time (greedy, beam search, the widget) --------------------------------
    def start(self, src):
        """Encode a batch of sources (S, B); returns the decoder's starting point {"h": h_0, "s": s}."""
        s, cache = self.encoder.forward(one_hot(np.asarray(src), len(SOURCE_WORDS)))
        return {"h": cache["final_state"], "s": s}

    def step(self, state, k_prev):
        """One free-running decoder step. Args: state from `start` or `step`; k_prev: (B,) symbol indices.
        Returns: log p(k_t = k | k_<t, x) for every k (B, V), the new state, and the attention weights (S, B)
        (None for the plain model)."""
        x_t = one_hot(k_prev, len(TARGET_SYMBOLS))  # (B, V)
        h_t, _ = gru_step_forward(x_t, state["h"], self.decoder.params)
        return log_softmax(self.head.forward(h_t)[0]), {"h": h_t, "s": state["s"]}, None


class AttentionEncoderDecoder(EncoderDecoder):
    """The encoder-decoder with additive attention: at each step the decoder also reads c_t (module docstring).

    Args:
        hidden_size: H of both GRUs; attention_size: A of the attention.
    params: those of `EncoderDecoder`, plus the attention's W_a, U_a, v; the decoder reads [k_{t-1} ; c_t].
    """

    def __init__(self, hidden_size, attention_size, *, seed=None):
        rng = rng_from(seed)
        self.attention = AdditiveAttention(hidden_size, hidden_size, attention_size, seed=rng)
        super().__init__(hidden_size, seed=rng)

    def _decoder_input_size(self):
        return len(TARGET_SYMBOLS) + self.hidden_size  # [k_{t-1} ; c_t]

    def _parts(self):
        return super()._parts() + [(self.attention, {k: k for k in self.attention.params})]

    def __repr__(self):
        return (f"AttentionEncoderDecoder(hidden_size={self.hidden_size}, attention_size="
                f"{self.attention.attention_size}) with {self.num_params} parameters")

    def _decode(self, k_prev, s, h0):
        """The decoder's loop: c_t needs h_{t-1}, so the attention runs inside it, step by step."""
        k_onehot = one_hot(k_prev, len(TARGET_SYMBOLS))  # (T, B, V)
        h, steps, hs = h0, [], []
        for t in range(len(k_prev)):
            c_t, alpha, att_cache = self.attention.forward(h, s)  # (B, H), (S, B)
            h, gru_cache = gru_step_forward(np.concatenate([k_onehot[t], c_t], axis=1), h, self.decoder.params)
            steps.append((att_cache, gru_cache))
            hs.append(h)
        return np.stack(hs), {"steps": steps, "s_shape": s.shape}

    def _decode_backward(self, dhs, cache):
        """Backward through the decoder's loop, t = T..1; returns decoder grads, attention grads, ds, dh_0."""
        V = len(TARGET_SYMBOLS)
        g_dec = {k: np.zeros_like(p) for k, p in self.decoder.params.items()}
        g_att = {k: np.zeros_like(p) for k, p in self.attention.params.items()}
        ds = np.zeros(cache["s_shape"])
        carried = np.zeros_like(dhs[0])  # dL/dh_t reaching step t from step t+1
        for t in reversed(range(len(dhs))):
            att_cache, gru_cache = cache["steps"][t]
            grads, dx_t, dh_prev = gru_step_backward(dhs[t] + carried, gru_cache)
            g_att_t, dh_prev_att, ds_t = self.attention.backward(dx_t[:, V:], att_cache)  # c_t's share of dx_t
            for k in g_dec:
                g_dec[k] += grads[k]
            for k in g_att:
                g_att[k] += g_att_t[k]
            ds += ds_t
            carried = dh_prev + dh_prev_att  # h_{t-1} fed both the GRU step and the attention
        return g_dec, [g_att], ds, carried

    def step(self, state, k_prev):
        c_t, alpha, _ = self.attention.forward(state["h"], state["s"])
        x_t = np.concatenate([one_hot(k_prev, len(TARGET_SYMBOLS)), c_t], axis=1)
        h_t, _ = gru_step_forward(x_t, state["h"], self.decoder.params)
        return log_softmax(self.head.forward(h_t)[0]), {"h": h_t, "s": state["s"]}, alpha


def log_softmax(logits):
    """log softmax(y) over the last axis, computed stably: (..., V) -> (..., V)."""
    shifted = logits - logits.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def model_for_budget(kind, budget, *, attention_size=None, seed=None):
    """The model of `kind` ("plain" or "attention") whose parameter count is closest to `budget`.

    For attention, the hidden size is searched with attention_size fixed (default: the hidden size)."""
    best = None
    for H in range(4, 257):
        model = (EncoderDecoder(H, seed=0) if kind == "plain"
                 else AttentionEncoderDecoder(H, attention_size or H, seed=0))
        if best is None or abs(model.num_params - budget) < abs(best[1] - budget):
            best = (H, model.num_params)
        if model.num_params > budget:
            break
    H = best[0]
    return EncoderDecoder(H, seed=seed) if kind == "plain" else AttentionEncoderDecoder(H, attention_size or H, seed=seed)

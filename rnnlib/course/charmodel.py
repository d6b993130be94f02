"""Notebooks 07 and 00: next-character prediction and text generation on the course's own corpus (00 has a
first taste: a vanilla RNN trained for a second, against counting baselines, `ngram_loss`).

The model reads one character per step and predicts the next: x_t = one-hot(c_t), y_t = W_hy h_t + b_y,
p(c_{t+1} | c_1..c_t) = softmax(y_t). Sampling feeds each drawn character back in as the next input:

    p_i = exp(y_i / tau) / sum_j exp(y_j / tau)       (temperature tau > 0)

tau -> 0 always picks the most likely character; tau = 1 samples the model's own distribution; tau > 1
flattens it towards uniform. The corpus, `rnnlib/course/data/corpus.txt`, ships inside the package and was
written for this course (see data/README.md).
"""
from collections import Counter, defaultdict
from importlib import resources
from pathlib import Path

import numpy as np

from ..nn.checks import check_positive_float, check_positive_int, rng_from
from ..nn.functional import softmax
from ..nn.gru import GRU
from ..nn.losses import softmax_cross_entropy
from ..nn.models import SequenceModel
from ..nn.optim import Adam
from ..nn.train import fit
from .tasks import one_hot
from .text import ALPHABET, Vocabulary

HIDDEN_SIZE = 48


def load_corpus(path=None):
    """The corpus as one string: its lines joined by single spaces (characters of `text.ALPHABET` only).

    Args:
        path: a text file to read instead; None reads the corpus shipped in the package (package data, so it
            is there in every install, editable or not).
    """
    source = resources.files(__package__).joinpath("data", "corpus.txt") if path is None else Path(path)
    text = " ".join(line.strip() for line in source.read_text(encoding="utf-8").splitlines() if line.strip())
    unknown = sorted(set(text) - set(ALPHABET))
    if unknown:
        raise ValueError(f"{path or 'the corpus'} has characters outside the alphabet {ALPHABET!r}: {unknown}")
    return text


def split_corpus(text, heldout_fraction=0.15):
    """Split at a sentence boundary: (train_text, heldout_text), the held-out part at the end.

    The held-out sentences are never trained on, so the loss on them measures what the model learnt
    about the language rather than what it memorised of the training text."""
    cut = text.rfind(". ", 0, int(len(text) * (1 - check_positive_float(heldout_fraction, "heldout_fraction")))) + 2
    if cut < 2:
        raise ValueError("the text needs at least two sentences (ending in '. ') to split")
    return text[:cut], text[cut:]


def char_model(vocab=None, hidden_size=HIDDEN_SIZE, *, seed=0):
    """An untrained character model: a GRU over one-hot characters with a read-out to V classes."""
    vocab = Vocabulary() if vocab is None else vocab
    return SequenceModel(GRU(vocab.size, hidden_size, seed=seed), vocab.size, seed=seed)


def char_batches(text, vocab, *, seq_len=32, batch_size=16, seed=0):
    """A function epoch -> [(x, targets)] of one minibatch of random windows of the text (for `fit`).

    Returns batches of x (T, B, V) one-hot characters and targets (T, B), the character after each one.
    """
    codes = vocab.encode(text)
    T, B = check_positive_int(seq_len, "seq_len"), check_positive_int(batch_size, "batch_size")

    def batches(epoch):
        starts = np.random.default_rng([seed, epoch]).integers(0, len(codes) - T - 1, size=B)
        idx = starts[None, :] + np.arange(T)[:, None]  # (T, B)
        return [(one_hot(codes[idx], vocab.size), codes[idx + 1])]

    return batches


def train_char_model(model, text, vocab, *, steps, heldout=None, eval_every=50, seq_len=32, batch_size=16,
                     learning_rate=0.01, seed=0, progress=None):
    """Train `model` in place on `steps` minibatches of random windows of `text` (Adam, clipping at 5).

    With `heldout` text, the loss on it is measured every `eval_every` steps and the model ends with the
    parameters that gave the lowest held-out loss (early stopping): later steps only memorised `text`.

    Args:
        progress: None or a function (step, loss) called after every step (e.g. to move a progress bar).
    Returns:
        history: "loss" (training loss per step, nats per character); with heldout also "heldout_step",
        "heldout_loss" (including step 0, before training) and "best_step".
    """
    steps = check_positive_int(steps, "steps")
    history = {"heldout_step": [], "heldout_loss": [], "best_step": None}
    best = {}

    def evaluate(step):
        loss = text_loss(model, heldout, vocab)
        history["heldout_step"].append(step)
        history["heldout_loss"].append(loss)
        if loss <= min(history["heldout_loss"]):
            history["best_step"] = step
            best.update({k: v.copy() for k, v in model.params.items()})

    def on_step(step, loss):
        if heldout is not None and step % eval_every == 0:
            evaluate(step)
        if progress is not None:
            progress(step, loss)

    if heldout is not None:
        evaluate(0)
    optimizer = Adam(model.params, learning_rate)
    batches = char_batches(text, vocab, seq_len=seq_len, batch_size=batch_size, seed=seed)
    history.update(fit(model, softmax_cross_entropy, optimizer, batches, epochs=steps, clip=5.0, progress=on_step))
    for k, v in best.items():
        model.params[k][...] = v  # in place: the layers share these arrays
    return history


def text_loss(model, text, vocab, *, window=None):
    """Mean cross-entropy (nats per character) of predicting each character of `text` from the ones before.

    window: None reads the text in one pass, each prediction from every character before it; a number w reads it
    in consecutive pieces of w predictions, each piece started from h_0 = 0 like the training windows, so that no
    prediction sees more than w characters of context. Either way every character from the second on is scored once.
    """
    codes = vocab.encode(text)
    if window is None:
        logits, _ = model.forward(one_hot(codes[:-1], vocab.size))  # (T - 1, V)
        return softmax_cross_entropy(logits, codes[1:])[0]
    w = check_positive_int(window, "window")
    total = 0.0
    for start in range(0, len(codes) - 1, w):  # piece: characters start .. start + w, predicting the last w of them
        piece = codes[start : start + w + 1]
        logits, _ = model.forward(one_hot(piece[:-1], vocab.size))
        total += softmax_cross_entropy(logits, piece[1:])[0] * (len(piece) - 1)
    return total / (len(codes) - 1)


def sample_text(model, vocab, prompt, length, *, temperature=1.0, seed=None):
    """Continue `prompt` by `length` characters drawn one at a time from softmax(y_t / temperature).

    Args:
        model: a SequenceModel around a recurrent layer, trained on characters of `vocab`.
        prompt: at least one character of the vocabulary; length: how many characters to add.
        temperature: tau > 0; seed: int or Generator for the draws.
    Returns:
        the generated characters (a string of `length`, without the prompt).
    """
    codes = vocab.encode(prompt)  # raises a clear error naming an unknown character
    length = check_positive_int(length, "length")
    tau = check_positive_float(temperature, "temperature")
    uniforms = rng_from(seed).random(length)  # one uniform number per draw, drawn up front
    inputs = np.eye(vocab.size)  # row k is the one-hot vector of symbol k
    _, cache = model.core.forward(inputs[codes])  # read the prompt: the state after its last character
    state = cache["final_state"]
    W_hy, b_y = model.params["W_hy"], model.params["b_y"]
    out = []
    for u in uniforms:  # sequential by nature: each character is the next input
        h = state[0] if isinstance(state, tuple) else state
        p = softmax((W_hy @ h + b_y) / tau)
        k = min(int(np.searchsorted(np.cumsum(p), u)), vocab.size - 1)  # draw k with probability p_k
        out.append(vocab.symbols[k])
        state, _ = model.core.step_forward(inputs[k], state)
    return "".join(out)


def next_char_probabilities(model, vocab, prompt, *, temperature=1.0):
    """softmax(y_t / temperature) after reading `prompt`: (V,) probabilities of the next character."""
    codes = vocab.encode(prompt)
    tau = check_positive_float(temperature, "temperature")
    logits, _ = model.forward(one_hot(codes, vocab.size))  # (T, V)
    return softmax(logits[-1] / tau)


def ngram_loss(train_text, text, vocab, *, context=1, alpha=0.1):
    """Mean cross-entropy (nats per character) of a counting baseline on `text`: each character is predicted from
    the `context` characters before it, by how often each character followed them in `train_text`.

        p(c | previous) = (count(previous, c) + alpha) / (count(previous) + alpha * V)

    context = 0 predicts from letter frequencies alone, context = 1 from the letter before (the most a net that
    sees only the current letter can learn), context = 2 from the two before. Where fewer characters came
    before, the shorter context is used. alpha > 0 (add-alpha smoothing) keeps unseen pairs possible.
    Scored on the same positions as `text_loss`: characters 2..T of `text`.
    """
    if isinstance(context, bool) or not isinstance(context, (int, np.integer)) or context < 0:
        raise ValueError(f"context must be a whole number >= 0 (how many characters before); got {context!r}")
    alpha = check_positive_float(alpha, "alpha")
    train_codes, codes = vocab.encode(train_text), vocab.encode(text)

    def before(seq, i):
        return tuple(seq[max(0, i - context):i])

    counts = defaultdict(Counter)  # {previous characters: Counter({next code: count})}
    for i in range(1, len(train_codes)):
        counts[before(train_codes, i)][train_codes[i]] += 1
    losses = []
    for i in range(1, len(codes)):
        seen = counts[before(codes, i)]
        p = (seen[codes[i]] + alpha) / (sum(seen.values()) + alpha * vocab.size)
        losses.append(-np.log(p))
    return float(np.mean(losses))


def known_word_fraction(generated, text):
    """Fraction of the whole words in `generated` (between spaces or full stops) that occur in `text`."""
    words = set(text.replace(".", " ").split())
    found = generated.replace(".", " ").split()[1:-1]  # the first and last may be cut off
    return float(np.mean([w in words for w in found])) if found else 0.0

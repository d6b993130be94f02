"""Notebook 08: training the encoder-decoders, decoding (greedy and beam search) and the experiments.

- `train`: teacher forcing, Adam, clipping, on batches grouped by source length.
- `greedy_decode`, `beam_decode`: free-running decoding, the model reading its own previous symbol.
- `teacher_forced_accuracy`, `exposure_bias`: the same model scored with the true prefix and with its own.
- `bottleneck_experiment`: the plain and the attention model at an equal parameter budget, accuracy against
  the number of numbers in the sentence.
"""
import numpy as np

from ..nn.losses import softmax_cross_entropy
from ..nn.optim import Adam
from ..nn.train import fit
from . import seq2seq
from .seq2seq import END, MAX_NUMBERS, AttentionEncoderDecoder, batches_by_length, make_pairs, model_for_budget

MAX_OUTPUT = 3 * MAX_NUMBERS + 2  # the longest translation has 3 MAX_NUMBERS - 1 symbols and the end symbol


def train(model, pairs, *, epochs, seed, batch_size=32, learning_rate=0.01, clip=5.0):
    """Teacher forcing: the decoder reads the true previous symbol y_{t-1}; the loss is the mean cross-entropy
    over every (t, b) of a batch. Returns `fit`'s history."""
    return fit(model, softmax_cross_entropy, Adam(model.params, learning_rate),
               batches_by_length(pairs, batch_size, seed=seed), epochs=epochs, clip=clip)


def _by_length(sources):
    groups = {}
    for i, src in enumerate(sources):
        groups.setdefault(len(src), []).append(i)
    return groups


def greedy_decode(model, sources, *, max_len=MAX_OUTPUT):
    """Free-running greedy decoding: y_t = argmax p(y_t | y_<t, x), fed back as the next input.

    Returns: a list of symbol-index arrays (up to the end symbol, which is not included) and a list of their
    log-probabilities (the sum of log p(y_t) over the symbols produced, the end symbol included)."""
    out, logp = [None] * len(sources), [0.0] * len(sources)
    for idx in _by_length(sources).values():
        state = model.start(np.stack([sources[i] for i in idx], axis=1))  # (S, B)
        y, done = np.full(len(idx), END), np.zeros(len(idx), bool)
        seqs, total = [[] for _ in idx], np.zeros(len(idx))
        for _ in range(max_len):
            log_p, state, _ = model.step(state, y)
            y = log_p.argmax(axis=1)
            total += np.where(done, 0.0, log_p[np.arange(len(idx)), y])
            for j in np.flatnonzero(~done & (y != END)):
                seqs[j].append(int(y[j]))
            done |= y == END
            if done.all():
                break
        for j, i in enumerate(idx):
            out[i], logp[i] = np.array(seqs[j], int), float(total[j])
    return out, logp


def beam_decode(model, source, *, beam_width=3, max_len=MAX_OUTPUT):
    """Beam search for one source (S,): keep the `beam_width` most probable prefixes at every step.

    Score of a prefix: log p(y_1..y_t | x) = sum of log p(y_t | y_<t, x). A prefix that produced the end
    symbol is finished; the search stops when the best unfinished prefix scores below the best finished one
    (adding symbols can only lower a score) or after max_len steps.
    Returns: (symbol indices without the end symbol, log-probability)."""
    state = model.start(np.asarray(source)[:, None])  # batch of 1
    beams = [([], 0.0, state, END)]  # (symbols, score, decoder state, last symbol)
    finished = []
    for _ in range(max_len):
        # all live beams as one batch: the state (h) stacked, the encoder states repeated
        h = np.concatenate([b[2]["h"] for b in beams])
        s = np.repeat(beams[0][2]["s"], len(beams), axis=1)
        log_p, new_state, _ = model.step({"h": h, "s": s}, np.array([b[3] for b in beams]))
        candidates = []
        for k, (symbols, score, _, _) in enumerate(beams):
            for y in np.argsort(log_p[k])[::-1][:beam_width]:
                candidates.append((score + log_p[k, y], k, int(y), symbols))
        candidates.sort(key=lambda c: -c[0])
        beams = []
        for score, k, y, symbols in candidates[:beam_width]:
            if y == END:
                finished.append((symbols, score))
            else:
                beams.append((symbols + [y], score, {"h": new_state["h"][k:k + 1], "s": state["s"]}, y))
        best_done = max((f[1] for f in finished), default=-np.inf)
        if not beams or max(b[1] for b in beams) < best_done:
            break
    if not finished:  # no prefix ended in time: take the best unfinished one
        finished = [(b[0], b[1]) for b in beams]
    symbols, score = max(finished, key=lambda f: f[1])
    return np.array(symbols, int), float(score)


def sequence_accuracy(decoded, pairs):
    """(N,) booleans: is each whole translation exactly right?"""
    return np.array([seq2seq.decode_target(d) == t for d, (_, t) in zip(decoded, pairs["text"])])


def teacher_forced_accuracy(model, pairs):
    """Per sentence, the fraction of target symbols (end symbol included) predicted right when the decoder is
    given the true previous symbols. Returns (N,) fractions and (N,) booleans (all of a sentence right)."""
    frac, every = np.zeros(len(pairs["source"])), np.zeros(len(pairs["source"]), bool)
    for S, idx in _by_length(pairs["source"]).items():
        src = np.stack([pairs["source"][i] for i in idx], axis=1)
        y = seq2seq.pad_targets([pairs["target"][i] for i in idx])
        logits, _ = model.forward((src, seq2seq.teacher_inputs(y)))
        right = logits.argmax(axis=-1) == y  # (T, B)
        for j, i in enumerate(idx):
            n = len(pairs["target"][i])
            frac[i], every[i] = right[:n, j].mean(), right[:n, j].all()
    return frac, every


def exposure_bias(model, pairs):
    """The same model scored two ways, symbol by symbol, against the true translation (end symbol included):
    teacher-forced (given the true prefix) and free-running (given its own greedy prefix).

    Returns: {"teacher_forced": symbol accuracy, "free_running": symbol accuracy, "after_first_error": the
    free-running accuracy at the positions after its first mistake, "teacher_forced_there": the teacher-forced
    accuracy at those same positions, "all_right_tf", "all_right_free": fraction of sentences all right}."""
    decoded, _ = greedy_decode(model, pairs["source"])
    tf_frac, tf_all = teacher_forced_accuracy(model, pairs)
    free_right, after, tf_there, n_total = 0, [], [], 0
    for i, (d, target) in enumerate(zip(decoded, pairs["target"])):
        produced = np.append(d, END)[: len(target)]
        produced = np.pad(produced, (0, len(target) - len(produced)), constant_values=-1)
        right = produced == target
        free_right += right.sum()
        n_total += len(target)
        wrong = np.flatnonzero(~right)
        if wrong.size and wrong[0] + 1 < len(target):
            after.append(right[wrong[0] + 1:])
            tf_there.append(_tf_right(model, pairs, i)[wrong[0] + 1:])
    after = np.concatenate(after) if after else np.array([])
    tf_there = np.concatenate(tf_there) if tf_there else np.array([])
    return {"teacher_forced": float(np.sum(tf_frac * [len(t) for t in pairs["target"]]) / n_total),
            "free_running": float(free_right / n_total),
            "after_first_error": float(after.mean()) if after.size else float("nan"),
            "teacher_forced_there": float(tf_there.mean()) if tf_there.size else float("nan"),
            "all_right_tf": float(tf_all.mean()), "all_right_free": float(sequence_accuracy(decoded, pairs).mean())}


def _tf_right(model, pairs, i):
    """(T,) booleans: teacher-forced symbol i of sentence i right?"""
    y = pairs["target"][i][:, None]
    logits, _ = model.forward((pairs["source"][i][:, None], seq2seq.teacher_inputs(y)))
    return logits[:, 0].argmax(axis=-1) == y[:, 0]


def by_count(values, pairs):
    """Mean of per-sentence `values` for each number of numbers 1..MAX_NUMBERS: (MAX_NUMBERS,)."""
    values = np.asarray(values, dtype=float)
    return np.array([values[pairs["count"] == k].mean() for k in range(1, MAX_NUMBERS + 1)])


def bottleneck_experiment(seed, *, n_train=3000, n_test=600, hidden=24, epochs=12):
    """The plain encoder-decoder against the one with attention, at an equal parameter budget.

    The attention model has `hidden` units and attention size `hidden`; the plain model's hidden size is chosen
    so that its parameter count is the closest to it (`seq2seq.model_for_budget`). Both are trained the same way
    (teacher forcing, `epochs` epochs) on the same sentences with 1..6 numbers.
    Returns: {"models", "params", "train", "test", "decoded" (greedy, on test), "accuracy" (whole test set),
    "by_count" ({name: (6,) accuracy per number of numbers}), "train_by_count" (the same on the training set)}."""
    train_pairs = make_pairs(n_train, seed=np.random.default_rng([seed, 0]))
    test_pairs = make_pairs(n_test, seed=np.random.default_rng([seed, 1]))
    attention = AttentionEncoderDecoder(hidden, hidden, seed=np.random.default_rng([seed, 2]))
    plain = model_for_budget("plain", attention.num_params, seed=np.random.default_rng([seed, 3]))
    models = {"plain": plain, "attention": attention}
    result = {"models": models, "params": {k: m.num_params for k, m in models.items()}, "train": train_pairs,
              "test": test_pairs, "decoded": {}, "accuracy": {}, "by_count": {}, "train_by_count": {}}
    for k, (name, model) in enumerate(models.items()):
        train(model, train_pairs, epochs=epochs, seed=seed * 10 + k)
        decoded, _ = greedy_decode(model, test_pairs["source"])
        right = sequence_accuracy(decoded, test_pairs)
        result["decoded"][name] = decoded
        result["accuracy"][name] = float(right.mean())
        result["by_count"][name] = by_count(right, test_pairs)
    return result


def train_accuracy_by_count(model, pairs, n=600):
    """Greedy whole-translation accuracy on the first n training sentences, per number of numbers."""
    sub = {k: v[:n] for k, v in pairs.items()}
    return by_count(sequence_accuracy(greedy_decode(model, sub["source"])[0], sub), sub)


def greedy_vs_beam(model, pairs, *, beam_width=3):
    """Greedy and beam search on the same sentences: whole-translation accuracy and log-probabilities.

    Returns: {"greedy": accuracy, "beam": accuracy, "logp_greedy": (N,), "logp_beam": (N,), "changed": how many
    translations differ}."""
    greedy, logp_greedy = greedy_decode(model, pairs["source"])
    beams = [beam_decode(model, src, beam_width=beam_width) for src in pairs["source"]]
    beam, logp_beam = [b[0] for b in beams], np.array([b[1] for b in beams])
    return {"greedy": float(sequence_accuracy(greedy, pairs).mean()), "beam": float(sequence_accuracy(beam, pairs).mean()),
            "logp_greedy": np.array(logp_greedy), "logp_beam": logp_beam,
            "changed": int(sum(not np.array_equal(g, b) for g, b in zip(greedy, beam))), "beam_width": beam_width}

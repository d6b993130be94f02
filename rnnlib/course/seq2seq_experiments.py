"""Notebook 08: training the encoder-decoders, decoding (greedy and beam search) and the experiments.

- `train`: teacher forcing, Adam, clipping, on batches grouped by source length.
- `greedy_decode`, `beam_decode`: free-running decoding, the model reading its own previous symbol.
- `teacher_forced_accuracy`, `exposure_bias`: the same model scored with the true prefix and with its own.
- `reference_logp`, `greedy_vs_beam`: how probable the model finds the true translation and the decoded ones.
- `bottleneck_experiment`: the plain and the attention model at an equal parameter budget, accuracy against
  the number of numbers in the sentence; `accuracy_by_count` measures a model the same way on any sentences.

Target symbols are k_1..k_T (indices into seq2seq.TARGET_SYMBOLS), as in the `seq2seq` module docstring.
"""
import numpy as np

from ..nn.losses import softmax_cross_entropy
from ..nn.optim import Adam
from ..nn.train import fit
from . import seq2seq
from .seq2seq import END, MAX_NUMBERS, AttentionEncoderDecoder, batches_by_length, make_pairs, model_for_budget

MAX_OUTPUT = 3 * MAX_NUMBERS + 2  # the longest translation has 3 MAX_NUMBERS - 1 symbols and the end symbol


def train(model, pairs, *, epochs, seed, batch_size=32, learning_rate=0.01, clip=5.0):
    """Teacher forcing: the decoder reads the true previous symbol k_{t-1}; the loss is the mean cross-entropy
    over every (t, b) of a batch, the end symbols that pad the shorter targets included. A fresh Adam optimizer
    each call, so calling it again on a trained model trains it further with a new optimizer state.
    Returns `fit`'s history."""
    return fit(model, softmax_cross_entropy, Adam(model.params, learning_rate),
               batches_by_length(pairs, batch_size, seed=seed), epochs=epochs, clip=clip)


def _by_length(sources):
    groups = {}
    for i, src in enumerate(sources):
        groups.setdefault(len(src), []).append(i)
    return groups


def greedy_decode(model, sources, *, max_len=MAX_OUTPUT):
    """Free-running greedy decoding: k_t = argmax_k p(k | k_<t, x), fed back as the next input.

    Returns: a list of symbol-index arrays (up to the end symbol, which is not included) and a list of their
    log-probabilities (the sum of log p(k_t | k_<t, x) over the symbols produced, the end symbol included)."""
    out, logp = [None] * len(sources), [0.0] * len(sources)
    for idx in _by_length(sources).values():
        state = model.start(np.stack([sources[i] for i in idx], axis=1))  # (S, B)
        k, done = np.full(len(idx), END), np.zeros(len(idx), bool)
        seqs, total = [[] for _ in idx], np.zeros(len(idx))
        for _ in range(max_len):
            log_p, state, _ = model.step(state, k)
            k = log_p.argmax(axis=1)
            total += np.where(done, 0.0, log_p[np.arange(len(idx)), k])
            for j in np.flatnonzero(~done & (k != END)):
                seqs[j].append(int(k[j]))
            done |= k == END
            if done.all():
                break
        for j, i in enumerate(idx):
            out[i], logp[i] = np.array(seqs[j], int), float(total[j])
    return out, logp


def beam_decode(model, source, *, beam_width=3, max_len=MAX_OUTPUT):
    """Beam search for one source (S,): keep the `beam_width` most probable prefixes at every step.

    Score of a prefix of n symbols: log p(k_1..k_n | x) = sum over t = 1..n of log p(k_t | k_<t, x). A prefix
    that produced the end symbol is finished; the search stops when the best unfinished prefix scores below the
    best finished one (adding symbols can only lower a score) or after max_len steps.
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
        for b, (symbols, score, _, _) in enumerate(beams):
            for k in np.argsort(log_p[b])[::-1][:beam_width]:
                candidates.append((score + log_p[b, k], b, int(k), symbols))
        candidates.sort(key=lambda c: -c[0])
        beams = []
        for score, b, k, symbols in candidates[:beam_width]:
            if k == END:
                finished.append((symbols, score))
            else:
                beams.append((symbols + [k], score, {"h": new_state["h"][b:b + 1], "s": state["s"]}, k))
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


def teacher_forced(model, pairs):
    """Every sentence through the decoder given the true previous symbols (teacher forcing), batched by length.

    Returns: two lists of N arrays, one entry per target symbol k_t (end symbol included): is argmax p(k | k_<t, x)
    the true k_t (booleans), and log p(k_t | k_<t, x) of the true symbol."""
    right, logp = [None] * len(pairs["source"]), [None] * len(pairs["source"])
    for idx in _by_length(pairs["source"]).values():
        src = np.stack([pairs["source"][i] for i in idx], axis=1)  # (S, B)
        k = seq2seq.pad_targets([pairs["target"][i] for i in idx])  # (T, B)
        logits, _ = model.forward((src, seq2seq.teacher_inputs(k)))  # y_t: (T, B, V)
        log_p = np.take_along_axis(seq2seq.log_softmax(logits), k[..., None], axis=-1)[..., 0]  # (T, B)
        for j, i in enumerate(idx):
            n = len(pairs["target"][i])
            right[i], logp[i] = logits[:n, j].argmax(axis=-1) == k[:n, j], log_p[:n, j]
    return right, logp


def teacher_forced_accuracy(model, pairs):
    """Per sentence, the fraction of target symbols (end symbol included) predicted right when the decoder is
    given the true previous symbols. Returns (N,) fractions and (N,) booleans (all of a sentence right)."""
    right, _ = teacher_forced(model, pairs)
    return np.array([r.mean() for r in right]), np.array([r.all() for r in right])


def reference_logp(model, pairs):
    """log p(k_1..k_T | x) of each true translation (end symbol included), by teacher forcing: (N,)."""
    return np.array([lp.sum() for lp in teacher_forced(model, pairs)[1]])


def exposure_bias(model, pairs):
    """The same model scored two ways, symbol by symbol, against the true translation (end symbol included):
    teacher-forced (given the true prefix) and free-running (given its own greedy prefix).

    Position t of the free-running output is compared with position t of the true translation, so an output
    with a symbol dropped or added is misaligned after it; the positions after the first mistake are therefore
    also scored apart for the outputs of the right length ("same_length") and the others ("wrong_length").
    Returns: {"teacher_forced": symbol accuracy, "free_running": symbol accuracy, "after_first_error": the
    free-running accuracy at the positions after its first mistake, "teacher_forced_there": the teacher-forced
    accuracy at those same positions, "after_first_error_same_length", "teacher_forced_there_same_length",
    "after_first_error_wrong_length", "teacher_forced_there_wrong_length": the same two on each subset,
    "with_error": how many sentences have a first mistake before their last symbol, "wrong_length": the fraction
    of those whose output has the wrong length, "all_right_tf", "all_right_free": fraction of sentences all right}."""
    decoded, _ = greedy_decode(model, pairs["source"])
    tf_right, _ = teacher_forced(model, pairs)
    free_right, n_total = 0, 0
    after = {"same_length": ([], []), "wrong_length": ([], [])}  # (free-running, teacher-forced) right after
    for d, target, tf in zip(decoded, pairs["target"], tf_right):
        produced = np.append(d, END)[: len(target)]
        produced = np.pad(produced, (0, len(target) - len(produced)), constant_values=-1)
        right = produced == target
        free_right += right.sum()
        n_total += len(target)
        wrong = np.flatnonzero(~right)
        if wrong.size and wrong[0] + 1 < len(target):
            free, forced = after["same_length" if len(d) + 1 == len(target) else "wrong_length"]
            free.append(right[wrong[0] + 1:])
            forced.append(tf[wrong[0] + 1:])
    out = {"teacher_forced": float(np.concatenate(tf_right).mean()), "free_running": float(free_right / n_total),
           "with_error": sum(len(free) for free, _ in after.values()),
           "all_right_tf": float(np.mean([r.all() for r in tf_right])),
           "all_right_free": float(sequence_accuracy(decoded, pairs).mean())}
    out["wrong_length"] = len(after["wrong_length"][0]) / out["with_error"] if out["with_error"] else float("nan")
    for suffix, groups in (("", list(after.values())), ("_same_length", [after["same_length"]]),
                           ("_wrong_length", [after["wrong_length"]])):
        free = [r for g in groups for r in g[0]]
        forced = [r for g in groups for r in g[1]]
        out["after_first_error" + suffix] = float(np.concatenate(free).mean()) if free else float("nan")
        out["teacher_forced_there" + suffix] = float(np.concatenate(forced).mean()) if forced else float("nan")
    return out


def by_count(values, pairs):
    """Mean of per-sentence `values` for each number of numbers 1..MAX_NUMBERS: (MAX_NUMBERS,)."""
    values = np.asarray(values, dtype=float)
    return np.array([values[pairs["count"] == k].mean() for k in range(1, MAX_NUMBERS + 1)])


def bottleneck_experiment(seed, *, n_train=3000, n_test=600, hidden=24, epochs=12):
    """The plain encoder-decoder against the one with attention, at an equal parameter budget.

    The attention model has `hidden` units and attention size `hidden`; the plain model's hidden size is chosen
    so that its parameter count is the closest to it (`seq2seq.model_for_budget`). Both are trained the same way
    (teacher forcing, `epochs` epochs) on the same sentences with 1..6 numbers.
    Returns: {"models", "params", "epochs", "train", "test", "decoded" (greedy, on test), "accuracy" (whole test
    set), "by_count" ({name: (6,) accuracy per number of numbers})}."""
    train_pairs = make_pairs(n_train, seed=np.random.default_rng([seed, 0]))
    test_pairs = make_pairs(n_test, seed=np.random.default_rng([seed, 1]))
    attention = AttentionEncoderDecoder(hidden, hidden, seed=np.random.default_rng([seed, 2]))
    plain = model_for_budget("plain", attention.num_params, seed=np.random.default_rng([seed, 3]))
    models = {"plain": plain, "attention": attention}
    result = {"models": models, "params": {k: m.num_params for k, m in models.items()}, "epochs": epochs,
              "train": train_pairs, "test": test_pairs, "decoded": {}, "accuracy": {}, "by_count": {}}
    for k, (name, model) in enumerate(models.items()):
        train(model, train_pairs, epochs=epochs, seed=seed * 10 + k)
        decoded, _ = greedy_decode(model, test_pairs["source"])
        right = sequence_accuracy(decoded, test_pairs)
        result["decoded"][name] = decoded
        result["accuracy"][name] = float(right.mean())
        result["by_count"][name] = by_count(right, test_pairs)
    return result


def accuracy_by_count(model, pairs, n=600):
    """Greedy whole-translation accuracy on the first n sentences of `pairs`, per number of numbers: (MAX_NUMBERS,)."""
    sub = {key: value[:n] for key, value in pairs.items()}
    return by_count(sequence_accuracy(greedy_decode(model, sub["source"])[0], sub), sub)


def greedy_vs_beam(model, pairs, *, beam_width=3):
    """Greedy and beam search on the same sentences, and how probable the model finds the true translations.

    Returns: {"greedy": accuracy, "beam": accuracy, "greedy_right", "beam_right": (N,) booleans, "logp_greedy",
    "logp_beam", "logp_reference": (N,) log p(translation | x) of the greedy, the beam and the true translation
    (`reference_logp`), "changed": how many translations differ, "beam_width"}."""
    greedy, logp_greedy = greedy_decode(model, pairs["source"])
    beams = [beam_decode(model, src, beam_width=beam_width) for src in pairs["source"]]
    beam, logp_beam = [b[0] for b in beams], np.array([b[1] for b in beams])
    greedy_right, beam_right = sequence_accuracy(greedy, pairs), sequence_accuracy(beam, pairs)
    return {"greedy": float(greedy_right.mean()), "beam": float(beam_right.mean()), "greedy_right": greedy_right,
            "beam_right": beam_right, "logp_greedy": np.array(logp_greedy), "logp_beam": logp_beam,
            "logp_reference": reference_logp(model, pairs),
            "changed": int(sum(not np.array_equal(g, b) for g, b in zip(greedy, beam))), "beam_width": beam_width}

"""Notebook 08: exercise checks (stacked, bidirectional, encoder-decoder, attention)."""
import numpy as np

from ...nn.attention import AdditiveAttention
from ...nn.gru import GRU
from ...nn.stacked import Bidirectional
from . import result
from ._answers import as_array, as_int, not_answered, prediction_result

# Exercise 1 (predict, then run): the sentences with this many numbers.
PREDICT_COUNT = 4
PREDICT_CHOICES = ("plain", "attention", "both", "neither")
# Exercise 2: a bidirectional GRU with different sizes in the two directions.
D2, H_FWD2, H_BWD2 = 6, 5, 3
# Exercise 3: attention weights by hand.
S3, H3, E3, A3 = 5, 4, 3, 6


def check_length_prediction(prediction, result_):
    """Exercise 1 (predict, then run). Which model translates more than half of the test sentences with
    PREDICT_COUNT numbers right: one of PREDICT_CHOICES. `result_`: the notebook's `bottleneck_experiment`."""
    name = f"predict: who translates {PREDICT_COUNT} numbers"
    hint = ("Think about where each decoder finds the words it is translating: in one state vector, or in all the "
            "encoder's states.",
            "The plain decoder starts from the encoder's last state and never sees the source again; the attention "
            "decoder can look back at every source word at every step, however long the sentence is.")
    k = PREDICT_COUNT - 1
    acc = {m: result_["by_count"][m][k] for m in ("plain", "attention")}
    solved = tuple(m for m in ("plain", "attention") if acc[m] > 0.5)
    right = {(): "neither", ("plain",): "plain", ("attention",): "attention", ("plain", "attention"): "both"}[solved]
    measured = f"whole translations right with {PREDICT_COUNT} numbers: " + ", ".join(f"{m} {a:.2f}" for m, a in acc.items())
    why = {"attention": "Trained as long as the attention model, the plain model, whose decoder sees the source only "
                        "through the encoder's last state, translates almost none of them; attention reads each word "
                        "again when it is needed.",
           "plain": "The plain model carried the sentence; attention did not help here.",
           "both": "Both models carried the sentence this far.", "neither": "Neither model managed it."}
    return prediction_result(name, prediction, PREDICT_CHOICES, right, measured, why, hint)


def check_bidirectional_params(count):
    """Exercise 2. Parameters of rl.Bidirectional(rl.GRU(6, 5), rl.GRU(6, 3))."""
    name = "parameters of a bidirectional GRU"
    hint = ("A bidirectional layer is two independent layers reading the same input; nothing is shared between them.",
            "Count each GRU with the formula of notebook 05 (three gates, two biases each), with its own hidden "
            "size, and add the two.")
    if count is None:
        return not_answered(name)
    model = Bidirectional(GRU(D2, H_FWD2), GRU(D2, H_BWD2))
    right = model.num_params
    given, count = count, as_int(count)
    if count is None:
        return result(name, False, "", f"expected a whole number; got {given!r}", hint)
    if count in (model.layers[0].num_params, model.layers[1].num_params):
        return result(name, False, "", f"{count} counts one direction only", hint)
    if count == 2 * model.layers[0].num_params or count == 2 * model.layers[1].num_params:
        return result(name, False, "", f"{count} gives both directions the same hidden size", hint)
    return result(name, count == right, f"{model.layers[0].num_params} + {model.layers[1].num_params} = {right}: "
                  "two GRUs side by side.", f"got {count}", hint)


def attention_inputs():
    """The inputs of exercise 3, for one example: W_a (A, H), U_a (A, E), v (A,), h_prev (H,), s (S, E)."""
    rng = np.random.default_rng(8)
    W_a, U_a = rng.standard_normal((A3, H3)).round(2), rng.standard_normal((A3, E3)).round(2)
    v, h_prev, s = rng.standard_normal(A3).round(2), rng.standard_normal(H3).round(2), rng.standard_normal((S3, E3)).round(2)
    return W_a, U_a, v, h_prev, s


def check_attention_weights(alpha):
    """Exercise 3. alpha_j = softmax over j of v^T tanh(W_a h_prev + U_a s_j), j = 1..S, for the inputs of
    `attention_inputs()` (row j of s is s_j): (S,)."""
    name = "attention weights by hand"
    hint = ("Each source position gets one score, from the decoder's state and that position's encoder state; the "
            "scores are turned into weights that are positive and sum to 1.",
            "Score e_j = v^T tanh(W_a h_prev + U_a s_j), one number per source position j; then alpha = exp(e) / "
            "sum of exp(e) over the S positions.")
    if alpha is None:
        return not_answered(name)
    W_a, U_a, v, h_prev, s = attention_inputs()
    alpha, why = as_array(alpha, (S3,))
    if alpha is None:
        return result(name, False, "", why, hint)
    att = AdditiveAttention(H3, E3, A3)
    att.params.update(W_a=W_a, U_a=U_a, v=v)
    right = att.forward(h_prev[None], s[:, None])[1][:, 0]
    e = np.tanh(W_a @ h_prev + s @ U_a.T) @ v
    if np.allclose(alpha, e):
        return result(name, False, "", "these are the scores e_j: they still have to go through a softmax over the positions j", hint)
    no_tanh = (W_a @ h_prev + s @ U_a.T) @ v
    if np.allclose(alpha, np.exp(no_tanh) / np.exp(no_tanh).sum()):
        return result(name, False, "", "the tanh is missing: the score is v^T tanh(...), not v^T (...)", hint)
    if not np.isclose(alpha.sum(), 1.0):
        return result(name, False, "", f"your weights sum to {alpha.sum():.3f}; attention weights sum to 1", hint)
    worst = float(np.max(np.abs(alpha - right)))
    return result(name, worst < 1e-6, f"matches rl.AdditiveAttention (largest weight {right.max():.2f}, on source "
                  f"position {int(right.argmax()) + 1}).", f"differs from rl.AdditiveAttention by up to {worst:.3g}", hint)


# Exercise 4 (mini-project): reverse the source, as Sutskever, Vinyals & Le (2014) did.
REVERSAL_STATEMENTS = {
    "a": "it now translates most sentences of four or more numbers",
    "b": "it gets more sentences of three numbers right, but still almost none of four or more",
    "c": "it is no better than the plain model above at three numbers, nor at four or more",
}


def reversal_outcome(reversed_by_count, plain_by_count):
    """Which of REVERSAL_STATEMENTS the accuracies per number of numbers (1..6) show: "a" if the reversed model
    gets more than half of the sentences of four or more numbers right; else, if under a tenth of them, "b" when it
    beats the plain model at three numbers by more than 0.05 and "c" when not; None in between."""
    long_ = float(np.mean(reversed_by_count[3:]))
    if long_ > 0.5:
        return "a"
    if long_ < 0.1:
        return "b" if reversed_by_count[2] > plain_by_count[2] + 0.05 else "c"
    return None


def check_reversal(reverse_sources, model, answer, result_):
    """Exercise 4 (mini-project). `reverse_sources(pairs)`: a copy of `pairs` (as from seq2seq.make_pairs) with
    every source sentence in reverse word order; `model`: a plain encoder-decoder at the attention model's budget,
    trained on the reversed training sentences; `answer`: the letter of REVERSAL_STATEMENTS that describes it,
    measured here on the reversed test sentences of `result_` (the notebook's `bottleneck_experiment`) and
    compared with the plain model trained on the sentences as they are."""
    from ..seq2seq import AttentionEncoderDecoder, EncoderDecoder, make_pairs
    from ..seq2seq_experiments import by_count, greedy_decode, sequence_accuracy

    name = "mini-project: reverse the source"
    hint = ("Only the order of the words inside each source sentence changes: the sentences keep their order, and "
            "every target stays as it is, since the digits must still come out in reading order.",
            "Build new lists and leave the given pairs as they are. A plain model of the attention model's size "
            "comes from the course's model_for_budget, and it learns from seq2seq_experiments.train with as many "
            "epochs as the plain model of section 3; then read your model's accuracy at three numbers and at four "
            "or more against the plain model's row in section 4.")
    sample = make_pairs(4, seed=8, numbers=(2, 3))
    given = {key: list(value) if isinstance(value, list) else value.copy() for key, value in sample.items()}
    try:
        out = None if reverse_sources is None else reverse_sources(given)
    except Exception as error:  # the learner's code: a message, not a traceback
        return result(name, False, "", f"reverse_sources raised {type(error).__name__}: {error}", hint)
    if out is None and model is None and answer is None:
        return not_answered(name)
    if not isinstance(out, dict) or not {"source", "target"} <= set(out):
        return result(name, False, "", "reverse_sources should return pairs like the ones it is given (a dict with "
                      f"'source' and 'target'); got {type(out).__name__}", hint)
    if not all(np.array_equal(g, s) for g, s in zip(given["source"], sample["source"])):
        return result(name, False, "", "reverse_sources changed the pairs it was given: return new ones (the "
                      "notebook's own test sentences must stay as they are)", hint)
    if [list(s) for s in out["source"]] == [list(s) for s in sample["source"][::-1]]:
        return result(name, False, "", "that reverses the order of the sentences, not of the words inside each", hint)
    if any(not np.array_equal(t, s) for t, s in zip(out["target"], sample["target"])):
        return result(name, False, "", "the targets changed: reverse only the sources; the decoder still writes the "
                      "digits in reading order", hint)
    if len(out["source"]) != len(sample["source"]) or any(
            not np.array_equal(o, s[::-1]) for o, s in zip(out["source"], sample["source"])):
        return result(name, False, "", "some source sentence is not its words in reverse order", hint)
    if isinstance(model, AttentionEncoderDecoder):
        return result(name, False, "", "that is an attention model: the question is whether reversal helps the plain "
                      "encoder-decoder", hint)
    if not isinstance(model, EncoderDecoder):
        return result(name, False, "", f"expected a trained plain encoder-decoder; got {type(model).__name__}", hint)
    budget = result_["params"]["attention"]
    if abs(model.num_params / budget - 1) > 0.02:
        return result(name, False, "", f"your model has {model.num_params} parameters; the comparison is at the "
                      f"attention model's budget, {budget} (within 2 %)", hint)
    test = result_["test"]
    reversed_test = dict(test, source=[s[::-1] for s in test["source"]])
    acc = by_count(sequence_accuracy(greedy_decode(model, reversed_test["source"])[0], reversed_test), reversed_test)
    if acc[0] < 0.95:
        forward = by_count(sequence_accuracy(greedy_decode(model, test["source"])[0], test), test)
        if forward[0] > acc[0] + 0.3:
            return result(name, False, "", "your model translates sentences as they are better than reversed ones: "
                          "train it on the reversed training sentences", hint)
        return result(name, False, "", f"your model translates only {acc[0]:.2f} of the one-number sentences: "
                      "it needs training first", hint)
    if answer not in REVERSAL_STATEMENTS:
        return result(name, False, "", f"expected one of {tuple(REVERSAL_STATEMENTS)}; got {answer!r}", hint)
    plain = result_["by_count"]["plain"]
    truth = reversal_outcome(acc, plain)
    measured = ("whole translations right with 1-6 numbers, your reversed model: " + " ".join(f"{a:.2f}" for a in acc)
                + "; the plain model: " + " ".join(f"{a:.2f}" for a in plain))
    if truth is None:
        return result(name, False, "", f"{measured}: between the statements (four or more numbers "
                      f"{acc[3:].mean():.2f}); train it for as many epochs as the plain model and measure again", hint)
    why = {"a": "Reversal carried the whole sentence through: the bottleneck did not bind here.",
           "b": "Reversed, the first numbers' words are the last the encoder read, a few steps before the decoder "
                "writes their digits, so the start of each translation gets easier; but every later number is "
                "now farther away, and the whole sentence still has to pass through one vector: after as much "
                "training, the long sentences stay wrong, where attention (section 4) gets them right.",
           "c": "Here reversal did not shorten the path that mattered."}
    return result(name, answer == truth, f"{measured}. {why[truth]}",
                  f"you said {answer!r}, and your model says {truth!r} ({measured})", hint)

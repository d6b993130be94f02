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
    why = {"attention": "One vector of the plain model's size cannot carry four numbers through to the decoder; "
                        "attention reads each word again when it is needed.",
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
    """Exercise 3. alpha_s = softmax_s(v^T tanh(W_a h_prev + U_a s_s)) for the inputs of `attention_inputs()`: (S,)."""
    name = "attention weights by hand"
    hint = ("Each source position gets one score, from the decoder's state and that position's encoder state; the "
            "scores are turned into weights that are positive and sum to 1.",
            "Score e_s = v^T tanh(W_a h_prev + U_a s_s), one number per s; then alpha = exp(e) / sum of exp(e) "
            "over the S positions.")
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
        return result(name, False, "", "these are the scores e_s: they still have to go through a softmax over s", hint)
    no_tanh = (W_a @ h_prev + s @ U_a.T) @ v
    if np.allclose(alpha, np.exp(no_tanh) / np.exp(no_tanh).sum()):
        return result(name, False, "", "the tanh is missing: the score is v^T tanh(...), not v^T (...)", hint)
    if not np.isclose(alpha.sum(), 1.0):
        return result(name, False, "", f"your weights sum to {alpha.sum():.3f}; attention weights sum to 1", hint)
    worst = float(np.max(np.abs(alpha - right)))
    return result(name, worst < 1e-6, f"matches rl.AdditiveAttention (largest weight {right.max():.2f}, on source "
                  f"position {int(right.argmax()) + 1}).", f"differs from rl.AdditiveAttention by up to {worst:.3g}", hint)

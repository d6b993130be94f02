"""Notebook 00: exercise checks (start here): a model's sizes read off its weights, one RNN step in row-vector code,
batch-major to time-major, and the missing-transpose prediction."""
import numpy as np

from ...nn.models import SequenceModel
from ...nn.rnn import RNN
from . import result
from ._answers import as_array, as_int, not_answered, prediction_result

# Exercise 2: one step of an RNN with input size D and hidden size H.
D, H = 4, 3
# Exercise 1: a model whose sizes the learner reads off its parameters' shapes.
MYSTERY_D, MYSTERY_H, MYSTERY_K = 7, 12, 5
# Exercise 3: B sequences of T steps with D features, stored batch-major (B, T, D).
BATCH_B, BATCH_T, BATCH_D = 3, 5, 2


def mystery_model():
    """Exercise 1: an RNN with a read-out, sizes not told: D, H and K are for the learner to read off its params."""
    return SequenceModel(RNN(MYSTERY_D, MYSTERY_H, seed=7), MYSTERY_K, seed=7)


def check_mystery_sizes(D, H, K, num_params):
    """Exercise 1. The input size D, hidden size H and output size K of `mystery_model()`, read off the shapes of its
    parameters, and the number of numbers its five parameter arrays hold together."""
    name = "read a model's sizes off its weights"
    hint = ("Each weight matrix maps one vector to another. Which of its two sizes belongs to the vector that comes "
            "out, and which to the vector that goes in?",
            "In W v the rows give the size of the result and the columns the size of v; so W_xh is hidden by input "
            "and W_hy is output by hidden. A matrix holds rows times columns numbers, a bias one per row of its "
            "matrix.")
    if any(v is None for v in (D, H, K, num_params)):
        return not_answered(name)
    D, H, K, num_params = (as_int(v) for v in (D, H, K, num_params))
    if None in (D, H, K, num_params):
        return result(name, False, "", "D, H, K and num_params should be whole numbers", hint)
    d, h, k = MYSTERY_D, MYSTERY_H, MYSTERY_K
    right_count = h * d + h * h + h + k * h + k
    if (D, H) == (h, d):
        return result(name, False, "", "D and H are swapped: W_xh has one row per hidden unit (what comes out) and "
                      "one column per input feature (what goes in)", hint)
    if (D, H, K) != (d, h, k):
        return result(name, False, "", f"D = {D}, H = {H}, K = {K} do not match the shapes of the model's "
                      "parameters", hint)
    if num_params == right_count - h - k:
        return result(name, False, "", "the sizes are right; the count leaves out the biases b_h and b_y", hint)
    return result(name, num_params == right_count,
                  f"D = {d}, H = {h}, K = {k}; {right_count} numbers: W_xh {h * d} + W_hh {h * h} + b_h {h} + "
                  f"W_hy {k * h} + b_y {k}.", f"the sizes are right; {num_params} is not the number of numbers the "
                  "five arrays hold", hint)


def batch_major_batch():
    """Exercise 3: B = 3 sequences of T = 5 steps with D = 2 features, stored batch-major, (B, T, D): element
    [b, t, d] is 100 * (b + 1) + 10 * (t + 1) + (d + 1), so its digits say sequence, step and feature, from 1."""
    b, t, d = np.meshgrid(np.arange(BATCH_B), np.arange(BATCH_T), np.arange(BATCH_D), indexing="ij")
    return (100 * (b + 1) + 10 * (t + 1) + (d + 1)).astype(float)  # (B, T, D)


def check_time_major(x):
    """Exercise 3. `x`: the sequences of `batch_major_batch()` in rnnlib's time-major layout, (T, B, D) = (5, 3, 2)."""
    name = "batch-major to time-major"
    hint = ("Time-major means x[t] is the whole batch at step t. Where in the batch-major array is sequence b's "
            "input at step t, and where must it go?",
            "The numbers must move: what sits at sequence b, step t must end up at step t, sequence b. Exchanging "
            "two axes moves them; giving the same numbers a new shape, in the order they are stored, does not.")
    if x is None:
        return not_answered(name)
    batch = batch_major_batch()
    a, why = as_array(x, (BATCH_T, BATCH_B, BATCH_D))
    if a is None:
        return result(name, False, "", why + " (T = 5 steps, B = 3 sequences, D = 2 features)", hint)
    if np.array_equal(a, batch.reshape(BATCH_T, BATCH_B, BATCH_D)):
        return result(name, False, "", "the shape is right but the numbers are not where they belong: reshaping keeps "
                      "them in the order they are stored, so x[0] holds the first steps of sequence 1 instead of step "
                      "1 of every sequence (look at x[0]: at step 1 every number has 1 as its tens digit)", hint)
    return result(name, np.array_equal(a, batch.transpose(1, 0, 2)),
                  "x[t, b] is sequence b's input at step t: the batch and time axes were exchanged, and every number "
                  "moved with them.", "the numbers are not those of batch_major_batch() with the batch and time "
                  "axes exchanged", hint)


def step_inputs():
    """Exercise 2's inputs: x_t (B=2, D=4), h_prev (2, 3) and params {W_xh (3, 4), W_hh (3, 3), b_h (3,)}."""
    rng = np.random.default_rng(2024)
    params = {"W_xh": rng.normal(size=(H, D)), "W_hh": rng.normal(size=(H, H)) * 0.5, "b_h": rng.normal(size=H)}
    return rng.normal(size=(2, D)), rng.normal(size=(2, H)), params


def check_batched_step(h_t):
    """Exercise 2. `h_t`: the (B, H) = (2, 3) new states for the batch from `step_inputs()`, in row-vector code."""
    name = "one batched RNN step"
    hint = ("In the maths an example is a column vector; in the code each example is a row of x_t and h_prev. "
            "What becomes of W v when v is a row?",
            "Transposing W v gives v^T W^T: a row times the transposed matrix is W v written as a row. Do that for "
            "both products, add the bias and apply tanh.")
    if h_t is None:
        return not_answered(name)
    x_t, h_prev, p = step_inputs()
    a, why = as_array(h_t, (2, H))
    if a is None:
        return result(name, False, "", why + " (B = 2 examples, H = 3 units)", hint)
    pre = h_prev @ p["W_hh"].T + x_t @ p["W_xh"].T + p["b_h"]
    if np.allclose(a, pre):
        return result(name, False, "", "these are the pre-activations a_t: the tanh is missing", hint)
    if np.allclose(a, np.tanh(pre - p["b_h"])):
        return result(name, False, "", "close: the bias b_h is missing", hint)
    if np.allclose(a, np.tanh(h_prev @ p["W_hh"] + x_t @ p["W_xh"].T + p["b_h"])):
        return result(name, False, "", "h_prev @ W_hh runs only because W_hh is square: it computes W_hh^T h_{t-1}, "
                      "not W_hh h_{t-1}, so the recurrent weights act the wrong way round", hint)
    return result(name, np.allclose(a, np.tanh(pre)), "h_t = tanh(h_prev @ W_hh.T + x_t @ W_xh.T + b_h), row by row.",
                  "the numbers do not match tanh(W_hh h_{t-1} + W_xh x_t + b_h) for each row", hint)


def check_transpose_prediction(prediction, same):
    """Predict first. `prediction`: True if `h_prev @ W_hh` gives the same numbers as `h_prev @ W_hh.T`, else
    False; `same`: what the notebook then measured (np.allclose of the two)."""
    name = "predict: h_prev @ W_hh or h_prev @ W_hh.T"
    hint = ("Both run, because W_hh is square. What does a matrix product of a row with W_hh compute, written as "
            "a column?",
            "Transposing h^T W gives W^T h: without the transpose the recurrent weights act the other way round, and only "
            "a symmetric W_hh would not notice.")
    why = {True: "They agree only because this W_hh is symmetric.",
           False: "Without .T the product is W_hh^T h_{t-1}: the code runs, because W_hh is square, but computes "
                  "another network; nothing but a check like this one catches it."}
    measured = "the two agree" if same else "the two differ"
    return prediction_result(name, prediction, (True, False), bool(same), measured, why, hint)

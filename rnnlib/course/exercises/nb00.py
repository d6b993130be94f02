"""Notebook 00: exercise checks (start here): the notation, shapes, and one RNN step in row-vector code."""
import numpy as np

from . import result
from ._answers import as_array, as_shape, not_answered, prediction_result, shapes_result

# Exercise 1: an RNN with input size D, hidden size H and output size K.
D, H, K = 4, 3, 2
# Exercise 3: a batch of B sequences of T steps with D_SEQ features, through a layer of H_SEQ units.
T_SEQ, B_SEQ, D_SEQ, H_SEQ = 20, 8, 5, 16


def check_parameter_shapes(shapes):
    """Exercise 1. `shapes`: {"W_xh": ..., "W_hh": ..., "b_h": ..., "W_hy": ..., "b_y": ...} for D=4, H=3, K=2."""
    name = "parameter shapes"
    hint = ("A weight matrix turns the vector that goes in into the vector that comes out: which sizes do those "
            "two vectors have, for each matrix?",
            "In W v the number of rows is the size of the result and the number of columns the size of v; a bias "
            "is added to the result, so it has the result's size.")
    right = {"W_xh": (H, D), "W_hh": (H, H), "b_h": (H,), "W_hy": (K, H), "b_y": (K,)}
    return shapes_result(name, shapes, right, hint,
                         "every shape is right (rows = size of what comes out, columns = size of what goes in).")


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


def check_time_major_shapes(x_shape, hs_shape):
    """Exercise 3. The shapes of x and of the layer's output hs for B=8 sequences of T=20 steps, D=5, H=16."""
    name = "time-major shapes"
    hint = ("rnnlib is time-major: which axis does that put first?",
            "Inputs are (time, batch, features); a layer keeps the time and batch axes and changes only the last one.")
    if x_shape is None or hs_shape is None:
        return not_answered(name)
    x_shape, hs_shape = as_shape(x_shape), as_shape(hs_shape)
    right_x, right_hs = (T_SEQ, B_SEQ, D_SEQ), (T_SEQ, B_SEQ, H_SEQ)
    if x_shape == (B_SEQ, T_SEQ, D_SEQ) or hs_shape == (B_SEQ, T_SEQ, H_SEQ):
        return result(name, False, "", "that is batch-major (B, T, ·); rnnlib is time-major", hint)
    return result(name, x_shape == right_x and hs_shape == right_hs,
                  f"x is {right_x} and hs is {right_hs}: time, batch, features.",
                  f"got x {x_shape} and hs {hs_shape}", hint)


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

"""Notebook 03: exercise checks (backpropagation through time)."""
import numpy as np

from ..bptt import bptt_trace, gradient_reach
from ...nn.gradcheck import per_step_errors
from ...nn.rnn import RNN, rnn_step_backward
from . import result
from ._answers import as_array, as_int, function_problem, not_answered

H = 3  # hidden size of the exercises' layers


def _layer(seed=7):
    layer = RNN(2, H, seed=seed)
    layer.params["b_h"][...] = np.random.default_rng(seed).uniform(-0.5, 0.5, H)
    return layer


def total_derivative_inputs():
    """Exercise 1's inputs, from a backward walk over T = 5 steps with a loss at every step.

    Returns:
        dict with local_3 = dL_3/dh_3 (H,), total_4 = dL/dh_4 (H,), h_4 (H,) (so f'(a_4) = 1 - h_4**2 for
        tanh) and W_hh (H, H).
    """
    layer, x, dhs = _total_derivative_setup()
    trace = bptt_trace(layer, x, dhs)
    return {"local_3": trace["local"][2], "total_4": trace["total"][3], "h_4": trace["h"][3],
            "W_hh": layer.params["W_hh"].copy()}


def _total_derivative_setup():
    rng = np.random.default_rng(3)
    return _layer(), rng.standard_normal((5, 2)), rng.standard_normal((5, H))


def check_total_derivative(dL_dh_3):
    """Exercise 1. The total derivative dL/dh_3 (H,) from the inputs of `total_derivative_inputs()`."""
    name = "the total derivative dL/dh_3"
    hint = ("The total derivative collects every path from h_3 to the loss: the direct one at step 3, and the one "
            "through h_4.",
            "dL/dh_3 = dL_3/dh_3 + (dL/dh_4) diag(f'(a_4)) W_hh, with f'(a_4) written from h_4 for tanh; in "
            "row-vector code diag(v) becomes an element-wise product with v.")
    if dL_dh_3 is None:
        return not_answered(name)
    a, why = as_array(dL_dh_3, (H,))
    if a is None:
        return result(name, False, "", why, hint)
    layer, x, dhs = _total_derivative_setup()
    right = bptt_trace(layer, x, dhs)["total"][2]
    i = total_derivative_inputs()
    carried = (i["total_4"] * (1 - i["h_4"] ** 2)) @ i["W_hh"]
    diagnoses = [
        (i["local_3"], "that is only the partial derivative dL_3/dh_3: the later steps' share is missing"),
        (carried, "that is only the share carried back from step 4: the loss at step 3 itself is missing"),
        (i["local_3"] + i["total_4"] @ i["W_hh"], "the factor f'(a_4) = 1 - h_4**2 is missing"),
        (i["local_3"] + (i["total_4"] * (1 - i["h_4"] ** 2)) @ i["W_hh"].T,
         "W_hh is transposed the wrong way: in row-vector code the carried part is (... ) @ W_hh"),
        (i["local_3"] + (i["total_4"] @ i["W_hh"]) * (1 - i["h_4"] ** 2),
         "the slope f'(a_4) is applied after the product with W_hh; it belongs to step 4's units, so it scales "
         "dL/dh_4 before the product: (dL/dh_4 * f'(a_4)) W_hh"),
        (i["local_3"] + (i["total_4"] * (1 - np.tanh(i["h_4"]) ** 2)) @ i["W_hh"],
         "tanh is applied twice: h_4 is already tanh(a_4), so f'(a_4) = 1 - h_4^2"),
    ]
    for wrong, why in diagnoses:
        if np.allclose(a, wrong) and not np.allclose(wrong, right):
            return result(name, False, "", why, hint)
    return result(name, np.allclose(a, right, rtol=1e-6, atol=1e-9),
                  "partial derivative at step 3 plus everything that comes back from step 4 on.",
                  "the numbers do not match dL/dh_3 of the backward walk", hint)


def check_step_backward(step_backward):
    """Exercise 2. Your own `step_backward(dh_t, cache) -> (grads, dx_t, dh_prev)` for the tanh RNN, checked
    step by step against central differences (`rl.per_step_errors`) and for dx_t."""
    name = "your RNN step backward"
    hint = ("Go back through the forward step's two lines in reverse order: first through the tanh, then through "
            "the sum of the three terms.",
            "dL/da_t = dL/dh_t times f'(a_t), written from h_t; each weight's gradient is dL/da_t times what that "
            "weight multiplied in the forward pass (a transposed product sums over the batch's rows); dx_t and "
            "dh_prev go back through W_xh and W_hh.")
    problem = function_problem(name, step_backward, "(dh_t, cache) -> (grads, dx_t, dh_prev)", hint)
    if problem is not None:
        return problem
    layer = _layer()
    x = np.random.default_rng(5).standard_normal((5, 2, 2))  # T = 5 steps, B = 2, D = 2
    wrong_shape = _shape_problem(step_backward, layer, x)
    if wrong_shape:
        return result(name, False, "", wrong_shape, hint)
    try:
        errors, names, _ = per_step_errors(layer, x, step_backward=step_backward)
        _, cache = layer.step_forward(x[0], np.random.default_rng(6).uniform(-0.5, 0.5, (2, H)))
        dh = np.random.default_rng(8).standard_normal((2, H))
        _, dx_mine, _ = step_backward(dh, cache)
        dx_right = rnn_step_backward(dh, cache)[1]
    except Exception as exc:  # the learner's code: report, never raise
        return result(name, False, "", f"calling it raised {type(exc).__name__}: {exc}", hint)
    bad = errors > 1e-6
    if bad.any():
        wrong = [n for j, n in enumerate(names) if bad[:, j].any()]
        steps = [t + 1 for t in range(len(errors)) if bad[t].any()]
        where = f"wrong at steps {steps} for {wrong}"
        if not bad[-1].any():
            where += " (right at the last step: look at what you pass back, dh_prev)"
        return result(name, False, "", where, hint)
    dx_ok = np.shape(dx_mine) == dx_right.shape and np.allclose(dx_mine, dx_right)
    return result(name, dx_ok, "every step's share of every gradient matches central differences "
                  "(relative errors below 1e-6), and dx_t is right.",
                  "the weight gradients are right but dx_t is not (dx_t = da @ W_xh)", hint)


def _shape_problem(step_backward, layer, x):
    """What is wrong with the shapes `step_backward` returns on one step of `layer`, checked before any
    gradient is compared (so that no NumPy error from inside a check reaches the learner), or ""."""
    _, cache = layer.step_forward(x[0], np.zeros((x.shape[1], H)))
    try:
        out = step_backward(np.ones((x.shape[1], H)), cache)
    except Exception as exc:  # the learner's code: report, never raise
        return f"calling it raised {type(exc).__name__}: {exc}"
    if not isinstance(out, tuple) or len(out) != 3:
        return "expected it to return three things: (grads, dx_t, dh_prev)"
    grads, dx_t, dh_prev = out
    if not isinstance(grads, dict) or set(grads) != set(layer.params):
        got = sorted(grads) if isinstance(grads, dict) else type(grads).__name__
        return f"grads must be a dict with the keys {sorted(layer.params)}; got {got}"
    for key, p in layer.params.items():
        if np.shape(grads[key]) != p.shape:
            return f"your {key} gradient has shape {np.shape(grads[key])}; expected {p.shape}, the shape of {key}"
    for what, value, shape in (("dx_t", dx_t, x.shape[1:]), ("dh_prev", dh_prev, (x.shape[1], H))):
        if np.shape(value) != shape:
            return f"{what} has shape {np.shape(value)}; expected {shape} (B, {shape[1]}), like {what[1:]}"
    return ""


def check_first_reached(first_reached):
    """Exercise 3. Your `first_reached(t, k)`: the earliest step s (1-based) whose input x_s gets any gradient
    from the loss at step t under truncated BPTT with windows of k steps (steps 1..k, k+1..2k, ...)."""
    name = "how far truncated BPTT reaches back"
    hint = ("Truncation cuts the sequence into fixed windows, and no gradient crosses a window's boundary.",
            "The windows are steps 1..k, k+1..2k, and so on: find the window that t falls in, and its first step.")
    problem = function_problem(name, first_reached, "(t, k) -> s", hint)
    if problem is not None:
        return problem
    T = 12
    layer = RNN(1, 4, seed=2)
    x = np.random.default_rng(2).standard_normal((T, 1))
    for k in (1, 2, 3, 5, 12):
        R = gradient_reach(layer, x, truncate=k)
        for t in range(1, T + 1):
            right = int(np.flatnonzero(R[t - 1])[0]) + 1  # measured: the first input with a non-zero gradient
            try:
                mine = as_int(first_reached(t, k))
            except Exception as exc:
                return result(name, False, "", f"first_reached({t}, {k}) raised {type(exc).__name__}: {exc}", hint)
            if mine != right:
                if all(as_int(first_reached(u, k)) == max(1, u - k + 1) for u in range(1, T + 1)):
                    return result(name, False, "", f"that is a sliding window of the last {k} steps up to t; "
                                  "rnnlib truncates into non-overlapping windows, so the reach depends on where t "
                                  "sits in its window", hint)
                return result(name, False, "", f"first_reached({t}, {k}) gave {mine}; the measured answer is {right}",
                              hint)
    return result(name, True, "matches the measured reach for every t = 1..12 and k in (1, 2, 3, 5, 12).", "", hint)

"""Notebook 03: exercise checks (backpropagation through time)."""
import numpy as np

from ..bptt import bptt_trace, gradient_reach, truncation_errors
from ...nn.gradcheck import numerical_gradient, relative_error
from ...nn.rnn import RNN
from . import result
from ._answers import as_array, as_int, function_problem, not_answered, prediction_result

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
        (i["local_3"] + i["total_4"],
         "dL/dh_4 is added to h_3 as it is, without going back through step 4: what comes back from later steps "
         "joins at h_4 and must pass step 4's backward (its slope and W_hh) before it reaches h_3"),
    ]
    for wrong, why in diagnoses:
        if np.allclose(a, wrong) and not np.allclose(wrong, right):
            return result(name, False, "", why, hint)
    return result(name, np.allclose(a, right, rtol=1e-6, atol=1e-9),
                  "partial derivative at step 3 plus everything that comes back from step 4 on.",
                  "the numbers do not match dL/dh_3 of the backward walk", hint)


# ----- exercise 2: the backward pass of a cell the lesson never showed -----------------------------------------
def residual_step_forward(x_t, h_prev, params):
    """Exercise 2's cell: the tanh RNN with a skip connection that adds the previous state back in,

        a_t = W_hh h_{t-1} + W_xh x_t + b_h,    h_t = tanh(a_t) + h_{t-1}.

    Args:
        x_t: (B, D); h_prev: (B, H); params: {"W_xh": (H, D), "W_hh": (H, H), "b_h": (H,)}.
    Returns:
        h_t (B, H) and the cache {"x_t", "h_prev", "h_t", "params", "activation"}: `rl.rnn_step_forward`'s keys
        without a_t (the exercise works out tanh(a_t) from the others).
    """
    a_t = h_prev @ params["W_hh"].T + x_t @ params["W_xh"].T + params["b_h"]  # (B, H)
    h_t = np.tanh(a_t) + h_prev
    return h_t, {"x_t": x_t, "h_prev": h_prev, "h_t": h_t, "params": params, "activation": "tanh"}


def residual_case():
    """Exercise 2's one step, B = 2, D = 2, H = 3: (dh_t (B, H), cache of `residual_step_forward`)."""
    rng = np.random.default_rng(11)
    params = {k: v.copy() for k, v in _layer(seed=11).params.items()}
    _, cache = residual_step_forward(rng.standard_normal((2, 2)), rng.uniform(-0.8, 0.8, (2, H)), params)
    return rng.standard_normal((2, H)), cache


# The classic ways to get this backward wrong, each planted in the right rule; `check_residual_step_backward`
# names the one a learner's answer matches. (None is the right rule.)
RESIDUAL_MISTAKES = {
    "slope from h_t": "f'(a_t) is written from h_t, as for the plain RNN; here h_t = tanh(a_t) + h_(t-1), so "
                      "tanh(a_t) is h_t - h_(t-1)",
    "tanh twice": "tanh is applied twice: h_t - h_(t-1) is already tanh(a_t), so f'(a_t) = 1 - (h_t - h_(t-1))^2",
    "no skip": "dh_prev is missing the skip path: h_(t-1) also enters h_t directly, unchanged, so dL/dh_t itself "
               "comes back to h_(t-1) as well",
    "skip only": "dh_prev has only the skip path: h_(t-1) also enters a_t through W_hh",
    "slope after W_hh": "the slope f'(a_t) is applied after the product with W_hh; it belongs to step t's units, so "
                        "it scales dL/dh_t before the product",
    "W_hh transposed": "W_hh is transposed the wrong way: in row-vector code a_t = h_(t-1) W_hh^T + ..., so its "
                       "backward is (...) W_hh; a square matrix runs either way, it just computes something else",
    "plain RNN": "that is the plain RNN's step backward of section 2: this cell differs in two places, the slope and "
                 "what goes back to h_(t-1)",
}


def residual_step_backward(dh_t, cache, mistake=None):
    """The backward of `residual_step_forward`, or with one of RESIDUAL_MISTAKES planted (for the check's messages
    and for the tests; the exercise's answer is checked against central differences, not against this).

    Returns:
        (grads, dx_t, dh_prev) as `rl.rnn_step_backward`'s.
    """
    p, h_t, h_prev = cache["params"], cache["h_t"], cache["h_prev"]
    tanh_a = {"slope from h_t": h_t, "plain RNN": h_t, "tanh twice": np.tanh(h_t - h_prev)}.get(mistake, h_t - h_prev)
    slope = 1 - tanh_a ** 2  # f'(a_t) = 1 - tanh(a_t)^2
    da = dh_t * slope  # (B, H) dL/da_t
    grads = {"W_xh": da.T @ cache["x_t"], "W_hh": da.T @ h_prev, "b_h": da.sum(axis=0)}
    through_W_hh = {"slope after W_hh": (dh_t @ p["W_hh"]) * slope, "W_hh transposed": da @ p["W_hh"].T,
                    "skip only": 0.0}.get(mistake, da @ p["W_hh"])
    skip = 0.0 if mistake in ("no skip", "plain RNN") else dh_t  # h_t = ... + h_{t-1}: dL/dh_t goes straight back
    return grads, da @ p["W_xh"], through_W_hh + skip


def _residual_numeric(dh_t, cache):
    """Central differences of L = sum(dh_t * h_t) for every input of the step (independent of any backward)."""
    arrays = dict(cache["params"], x_t=cache["x_t"].copy(), h_prev=cache["h_prev"].copy())

    def loss():
        params = {k: arrays[k] for k in cache["params"]}
        return float(np.sum(dh_t * residual_step_forward(arrays["x_t"], arrays["h_prev"], params)[0]))
    return {name: numerical_gradient(loss, arrays[name]) for name in arrays}


def check_residual_step_backward(step_backward):
    """Exercise 2. Your `step_backward(dh_t, cache) -> (grads, dx_t, dh_prev)` for `residual_step_forward`,
    checked against central differences on `residual_case()` (shapes first)."""
    name = "the backward of the residual RNN step"
    hint = ("Two things changed from the plain RNN: what h_t is made of, and how many ways h_(t-1) reaches h_t. "
            "Each way back adds its own term.",
            "The slope of tanh is 1 - tanh(a_t)^2, and the cache has no a_t: write tanh(a_t) from what it holds. "
            "dh_prev needs one term per way h_(t-1) reaches h_t.")
    problem = function_problem(name, step_backward, "(dh_t, cache) -> (grads, dx_t, dh_prev)", hint)
    if problem is not None:
        return problem
    dh_t, cache = residual_case()
    params = cache["params"]
    # what it returns, its kind and every shape, is checked before any gradient is compared, so that no NumPy error
    # from inside the check reaches the learner: each gradient like its parameter, dx_t like x_t, dh_prev like h_prev
    try:
        out = step_backward(dh_t.copy(), dict(cache))
    except Exception as exc:  # the learner's code: report, never raise
        return result(name, False, "", f"calling it raised {type(exc).__name__}: {exc}", hint)
    if not isinstance(out, tuple) or len(out) != 3:
        return result(name, False, "", "expected it to return three things: (grads, dx_t, dh_prev)", hint)
    grads, dx_t, dh_prev = out
    if not isinstance(grads, dict) or set(grads) != set(params):
        got = sorted(grads) if isinstance(grads, dict) else type(grads).__name__
        return result(name, False, "", f"grads must be a dict with the keys {sorted(params)}; got {got}", hint)
    for key, p in params.items():
        if np.shape(grads[key]) != p.shape:
            return result(name, False, "", f"your {key} gradient has shape {np.shape(grads[key])}; expected "
                          f"{p.shape}, the shape of {key}", hint)
    for what, value, like in (("dx_t", dx_t, cache["x_t"]), ("dh_prev", dh_prev, cache["h_prev"])):
        if np.shape(value) != like.shape:
            return result(name, False, "", f"{what} has shape {np.shape(value)}; expected {like.shape} "
                          f"(B, {like.shape[1]}), like {what[1:]}", hint)
    mine = dict(grads, x_t=dx_t, h_prev=dh_prev)
    numeric = _residual_numeric(dh_t, cache)
    errors = {k: relative_error(np.asarray(mine[k], dtype=float), numeric[k]) for k in numeric}
    if max(errors.values()) < 1e-6:
        return result(name, True, "every gradient, dx_t and dh_prev match central differences (relative errors "
                      "below 1e-6).", "", hint)
    for mistake, why in RESIDUAL_MISTAKES.items():
        grads_p, dx_p, dh_prev_p = residual_step_backward(dh_t, cache, mistake)
        planted = dict(grads_p, x_t=dx_p, h_prev=dh_prev_p)
        if all(np.allclose(mine[k], planted[k]) for k in mine):
            return result(name, False, "", why, hint)
    names = {"x_t": "dx_t", "h_prev": "dh_prev"}
    wrong = [names.get(k, f"the {k} gradient") for k, e in errors.items() if e >= 1e-6]
    return result(name, False, "", f"{', '.join(wrong)} do{'es' if len(wrong) == 1 else ''} not match central "
                  "differences (the others do)", hint)


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


# ----- predict first: how much of the error signal reaches t = 1 -------------------------------------------------
FADE_CHOICES = ("more than half", "between a tenth and a half", "less than a tenth")


def check_fade_prediction(prediction, norms):
    """Predict first. `prediction`: with the loss at the last step only, how large is ||dL/dh_1|| against
    ||dL/dh_T||, one of FADE_CHOICES? `norms`: the walker's ||dL/dh_t|| for t = 1..T, measured after the guess."""
    name = "predict: how much of the error signal reaches t = 1"
    hint = ("With the loss at step T only, every step back multiplies the carried gradient by one more Jacobian "
            "dh_(t+1)/dh_t. What does a long product of such factors do?",
            "Each factor is diag(f'(a_(t+1))) W_hh: tanh's slope is at most 1, so a factor can stretch a vector by at "
            "most the largest singular value of W_hh, and eleven steps multiply eleven such factors.")
    norms = np.asarray(norms, dtype=float)
    ratio = norms[0] / norms[-1]
    right = FADE_CHOICES[0] if ratio > 0.5 else FADE_CHOICES[1] if ratio >= 0.1 else FADE_CHOICES[2]
    fades = ("Each step back multiplied the carried gradient by diag(f'(a_t)) W_hh, and at this initialisation that "
             "factor shrinks it, so the product of {n} of them leaves a sliver: the loss at T barely reaches x_1, "
             "the input the task needs. Notebook 04 says when it shrinks and when it grows.").format(n=len(norms) - 1)
    why = {FADE_CHOICES[2]: fades,
           FADE_CHOICES[1]: "The factors shrank the signal, but less than a long product usually does.",
           FADE_CHOICES[0]: "The factors did not shrink the signal much here: this W_hh keeps a direction almost "
                            "intact."}
    measured = f"||dL/dh_1|| / ||dL/dh_T|| = {ratio:.1e}"
    return prediction_result(name, prediction, FADE_CHOICES, right, measured, why, hint)


# ----- mini-project: the cheapest window that is close enough ---------------------------------------------------
WINDOW_TOLERANCE = 0.1  # "close enough": ||g_k - g|| below 10 % of ||g||, the full gradient's length


def window_project():
    """The mini-project's setting, like section 4's but a model and data of their own (seed 1): a tanh RNN layer
    (D = 3, H = 16), inputs x (T = 40, B = 4, 3) and the partial derivatives dhs (40, 4, 16) of a loss at every step.

    Returns:
        (layer, x, dhs).
    """
    rng = np.random.default_rng(1)
    return RNN(3, 16, seed=1), rng.standard_normal((40, 4, 3)), rng.standard_normal((40, 4, 16))


def check_shortest_window(k):
    """Mini-project. The shortest window k (1..T) whose truncated gradient g_k is within WINDOW_TOLERANCE of full
    BPTT's g on `window_project()`, ||g_k - g|| / ||g|| < 0.1: the cheapest memory per update that is close enough.
    Checked on the outcome, by measuring every window."""
    name = "mini-project: the shortest window within 10 % of the full gradient"
    hint = ("Memory per update grows with k, and the error is what the windows' boundaries cut off. Measure it "
            "rather than guess: it need not fall at every step of k.",
            "bptt.truncation_errors gives ||g_k - g|| / ||g|| for a list of window lengths; the answer is the first "
            "k from 1 upwards whose error is below 0.1. Where the boundaries fall depends on k, not only how many.")
    if k is None:
        return not_answered(name)
    layer, x, dhs = window_project()
    T = x.shape[0]
    k = as_int(k)
    if k is None or not 1 <= k <= T:
        return result(name, False, "", f"expected a whole number of steps from 1 to T = {T}", hint)
    errors = truncation_errors(layer, x, dhs, range(1, T + 1))  # errors[j - 1]: window j
    if errors[k - 1] >= WINDOW_TOLERANCE:
        return result(name, False, "", f"with k = {k}, ||g_k - g|| / ||g|| = {errors[k - 1]:.3f}, not below "
                      f"{WINDOW_TOLERANCE}", hint)
    if errors[:k - 1].min(initial=1.0) < WINDOW_TOLERANCE:
        where = "k = T is exact by construction; " if k == T else ""
        return result(name, False, "", f"{where}k = {k} is within {WINDOW_TOLERANCE} ({errors[k - 1]:.3f}), but a "
                      "shorter window already is", hint)
    return result(name, True, f"k = {k}: ||g_k - g|| / ||g|| = {errors[k - 1]:.3f}, and every shorter window is at "
                  f"least {WINDOW_TOLERANCE} off; each update keeps {k} of the {T} steps in memory.", "", hint)

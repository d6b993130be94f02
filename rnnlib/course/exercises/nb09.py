"""Notebook 09: exercise checks (the combine, the levels of the scan, what minGRU learns, an LTI kernel)."""
import numpy as np

from ...nn.checks import rng_from
from ...nn.scan import combine, num_levels
from ..parallel import lti_kernel, stable_system
from . import result
from ._answers import as_array, as_int, function_problem, not_answered, prediction_result

# Exercise 1 (predict, then run): which tasks minGRU learns at the GRU's budget.
PREDICT_CHOICES = ("adding", "parity", "both", "neither")
SOLVED = 0.98  # accuracy from which a task counts as solved: notebook 05's bar for the adding problem
# Exercise 3: the sequence length.
T3 = 1000
# Exercise 4: the kernel length.
K4 = 6


def check_task_prediction(prediction, adding, parity):
    """Exercise 1. Which tasks does a one-layer minGRU learn (accuracy above SOLVED in every run given): one of
    PREDICT_CHOICES. `adding`: a list of minGRU `adding_experiment` results (the notebook passes its longer-trained
    run); `parity`: a `parity_experiment` result."""
    name = "predict: what minGRU learns"
    hint = ("Ask what each task needs the state to do from one step to the next: add something in, or change "
            "what is already there depending on it.",
            "minGRU's new state is (1 - z_t) h_{t-1} + z_t h~_t with 1 - z_t between 0 and 1: it can keep the old "
            "state, fade it or write over it, but never turn its sign around; parity must flip on every 1.")
    adding_ok = all(r["accuracy"] > SOLVED for r in adding)
    parity_ok = parity["accuracy"]["minGRU"] > SOLVED
    right = {(True, True): "both", (True, False): "adding", (False, True): "parity", (False, False): "neither"}[
        (adding_ok, parity_ok)]
    scores = ", ".join(f"{r['accuracy']:.3f}" for r in adding)
    measured = (f"adding problem {scores}; running parity "
                f"{parity['accuracy']['minGRU']:.3f} (chance 0.5)")
    why = {"adding": "Adding two marked numbers only writes into the state; parity must flip it on every 1, and "
                     "minGRU's a_t = 1 - z_t lies in (0, 1): it can keep or fade its state, never change its sign.",
           "both": "minGRU learned both here.", "parity": "minGRU learned parity but not the adding problem here.",
           "neither": "minGRU learned neither here."}
    return prediction_result(name, prediction, PREDICT_CHOICES, right, measured, why, hint)


def check_combine(fn):
    """Exercise 2. `fn((a_i, b_i), (a_j, b_j)) -> (a, b)`: the combine of step i followed by step j."""
    name = "the combine of two affine steps"
    hint = ("Write out what happens to h when step i is applied first and step j second, and read off the new "
            "coefficient and the new offset.",
            "Step j applied to a_i h + b_i gives a_j (a_i h + b_i) + b_j: collect the factor of h and the rest.")
    problem = function_problem(name, fn, "fn((a_i, b_i), (a_j, b_j))", hint)
    if problem is not None:
        return problem
    rng = rng_from(9)
    a_i, b_i, a_j, b_j = rng.uniform(-2, 2, (4, 5))
    try:
        got = fn((a_i.copy(), b_i.copy()), (a_j.copy(), b_j.copy()))
        a, b = (np.asarray(v, dtype=float) for v in got)
    except Exception as exc:  # the learner's code may fail in any way: report it, never raise
        return result(name, False, "", f"your function raised or returned something other than a pair: "
                      f"{type(exc).__name__}: {exc}", hint)
    right_a, right_b = combine(a_i, b_i, a_j, b_j)
    if a.shape != right_a.shape or b.shape != right_b.shape:
        return result(name, False, "", f"expected two arrays of shape {right_a.shape}; got {a.shape} and {b.shape}", hint)
    if np.allclose(a, right_a) and np.allclose(b, a_i * b_j + b_i):
        return result(name, False, "", "the order is swapped: this is step j first, then step i", hint)
    return result(name, np.allclose(a, right_a) and np.allclose(b, right_b),
                  "matches rnnlib.nn.scan.combine: (a_j a_i, a_j b_i + b_j).", "does not match the combine", hint)


def check_levels(answer):
    """Exercise 3. {"loop": steps, "scan": levels}: how many steps must run one after another for T = T3."""
    name = f"sequential steps for T = {T3}"
    hint = ("Count how many elements are final after each level, starting from one.",
            "After level l the first 2^l elements are final; the scan is done when 2^l reaches T.")
    if answer is None:
        return not_answered(name)
    if not isinstance(answer, dict) or set(answer) != {"loop", "scan"}:
        return result(name, False, "", 'expected a dict with the keys "loop" and "scan"', hint)
    loop, scan = as_int(answer["loop"]), as_int(answer["scan"])
    right = num_levels(T3)
    if loop != T3:
        return result(name, False, "", f"loop: got {answer['loop']!r}; the loop runs one step per time step", hint)
    if scan == right - 1:
        return result(name, False, "", f"scan: {scan} levels leave some elements unfinished: 2^{scan} < {T3}", hint)
    return result(name, scan == right, f"{T3} sequential steps against {right} levels.",
                  f"scan: got {answer['scan']!r}", hint)


def kernel_inputs():
    """Exercise 4's system: A (4, 4), B (4, 1), C (1, 4), with spectral radius 0.9."""
    return stable_system(4, 1, 1, 0.9, seed=4)


def check_kernel(K):
    """Exercise 4. K of shape (K4,): K_k = C A^k B for k = 0..K4-1, the kernel of h_t = A h_{t-1} + B x_t, y_t = C h_t."""
    name = "the convolution kernel of an LTI recurrence"
    hint = ("Feed the recurrence a single 1 at the first step and zeros after: what comes out at each step?",
            "With h_0 = 0 and x_1 = 1, h_1 = B, h_2 = A B, h_3 = A^2 B, ...; the output is C times each.")
    if K is None:
        return not_answered(name)
    K, why = as_array(np.ravel(K) if np.size(K) == K4 else K, (K4,))
    if K is None:
        return result(name, False, "", why, hint)
    A, B, C = kernel_inputs()
    right = lti_kernel(A, B, C, K4 + 1)[:, 0, 0]
    if np.allclose(K, right[1:]):
        return result(name, False, "", "off by one power of A: the first entry, k = 0, is C B", hint)
    worst = float(np.max(np.abs(K - right[:K4])))
    return result(name, worst < 1e-9, "matches parallel.lti_kernel: the impulse response of the recurrence.",
                  f"differs from C A^k B by up to {worst:.3g}", hint)

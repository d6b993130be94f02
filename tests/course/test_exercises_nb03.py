"""Notebook 03's reasoning exercises: the backward of an unseen cell, the predict-first exercise and the mini-project
pass right answers, name each classic mistake, never raise, and give hints in tiers that do not hand over the answer."""
import copy
import re

import numpy as np
import pytest

import rnnlib as rl
from rnnlib.course import bptt, widgets
from rnnlib.course.exercises import nb03
from test_exercise_hints import CODE  # what no hint may contain: code


def right_residual_backward(dh_t, cache):
    """Written from the maths, independently of nb03.residual_step_backward: h_t = tanh(a_t) + h_{t-1}."""
    p = cache["params"]
    da = dh_t * (1 - (cache["h_t"] - cache["h_prev"]) ** 2)
    grads = {"W_xh": da.T @ cache["x_t"], "W_hh": da.T @ cache["h_prev"], "b_h": da.sum(axis=0)}
    return grads, da @ p["W_xh"], da @ p["W_hh"] + dh_t


def test_the_residual_cells_forward_is_tanh_plus_the_previous_state():
    dh_t, cache = nb03.residual_case()
    p = cache["params"]
    a_t = cache["h_prev"] @ p["W_hh"].T + cache["x_t"] @ p["W_xh"].T + p["b_h"]
    np.testing.assert_allclose(cache["h_t"], np.tanh(a_t) + cache["h_prev"], rtol=1e-14)
    assert "a_t" not in cache and dh_t.shape == cache["h_prev"].shape


def test_a_right_residual_backward_passes_and_the_planted_mistakes_are_really_wrong():
    outcome = nb03.check_residual_step_backward(right_residual_backward)
    assert outcome and "central differences" in outcome.message
    dh_t, cache = nb03.residual_case()
    right = right_residual_backward(dh_t, cache)
    for mistake in nb03.RESIDUAL_MISTAKES:  # a message for a mistake that gives the right numbers would be a lie
        planted = nb03.residual_step_backward(dh_t, cache, mistake)
        assert not all(np.allclose(a, b) for a, b in zip((right[1], right[2]), planted[1:])) or \
            not all(np.allclose(right[0][k], planted[0][k]) for k in right[0]), mistake


@pytest.mark.parametrize("mistake", list(nb03.RESIDUAL_MISTAKES))
def test_each_classic_mistake_in_the_residual_backward_gets_its_own_message(mistake):
    outcome = nb03.check_residual_step_backward(lambda dh, c: nb03.residual_step_backward(dh, c, mistake))
    assert not outcome and outcome.message == nb03.RESIDUAL_MISTAKES[mistake] and outcome.hint


def test_the_plain_rnn_backward_from_the_lesson_is_named_as_such():
    outcome = nb03.check_residual_step_backward(rl.rnn_step_backward)
    assert not outcome and "plain RNN" in outcome.message


@pytest.mark.parametrize("change, says", [
    (lambda g, dx, dh: (dict(g, W_xh=g["W_xh"].T), dx, dh), "your W_xh gradient has shape (2, 3); expected (3, 2)"),
    (lambda g, dx, dh: (dict(g, b_h=g["b_h"][None]), dx, dh), "your b_h gradient has shape (1, 3)"),
    (lambda g, dx, dh: (g, dx[:, :1], dh), "dx_t has shape (2, 1); expected (2, 2)"),
    (lambda g, dx, dh: (g, dx, dh[:1]), "dh_prev has shape (1, 3); expected (2, 3)"),
    (lambda g, dx, dh: (g, dx), "three things"),
    (lambda g, dx, dh: ({k: v for k, v in g.items() if k != "b_h"}, dx, dh), "keys"),
    (lambda g, dx, dh: (g, dx, dh * 1.5), "dh_prev does not match central differences"),
    (lambda g, dx, dh: (dict(g, W_hh=2 * g["W_hh"]), 2 * dx, dh), "the W_hh gradient, dx_t do not match"),
])
def test_wrong_shapes_are_named_before_anything_is_computed_and_wrong_numbers_by_name(change, says):
    def answer(dh_t, cache):
        return change(*right_residual_backward(dh_t, cache))
    outcome = nb03.check_residual_step_backward(answer)
    assert not outcome and says in outcome.message, outcome.message


def test_the_residual_check_reports_exceptions_and_non_functions_instead_of_raising():
    def broken(dh_t, cache):
        return cache["a_t"]
    outcome = nb03.check_residual_step_backward(broken)
    assert not outcome and "KeyError" in outcome.message
    assert not nb03.check_residual_step_backward(42)
    assert "no answer yet" in nb03.check_residual_step_backward(None).message


def test_the_upstream_gradient_added_after_the_step_is_named():
    i = nb03.total_derivative_inputs()
    outcome = nb03.check_total_derivative(i["local_3"] + i["total_4"])
    assert not outcome and "without going back through step 4" in outcome.message


# ----- predict first ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("ratio, right", [(0.8, "more than half"), (0.3, "between a tenth and a half"),
                                          (0.004, "less than a tenth")])
def test_the_fade_prediction_is_judged_by_the_measured_ratio_and_explained_either_way(ratio, right):
    norms = np.array([ratio, 0.5, 1.0])
    for choice in nb03.FADE_CHOICES:
        outcome = nb03.check_fade_prediction(choice, norms)
        assert bool(outcome) == (choice == right)
        assert f"{ratio:.1e}" in outcome.message  # what was measured, right or wrong
    assert not nb03.check_fade_prediction("lots", norms) and "expected one of" in \
        nb03.check_fade_prediction("lots", norms).message


def test_the_walkers_signal_is_less_than_a_tenth_at_t1_for_the_notebooks_sequence():
    walker = widgets.BPTTWalker(sequence=", ".join(["1"] + ["0"] * 11), loss_at="last step only", seed=0)
    assert nb03.check_fade_prediction("less than a tenth", walker.total_norms)


# ----- mini-project ------------------------------------------------------------------------------------------------
def shortest_window_by_hand():
    """The answer measured here with layer.backward directly, not through the check's own loop."""
    layer, x, dhs = nb03.window_project()
    _, cache = layer.forward(x)
    full = layer.backward(dhs, cache)[0]
    g = np.concatenate([full[n].ravel() for n in sorted(full)])
    for k in range(1, x.shape[0] + 1):
        cut = layer.backward(dhs, cache, truncate=k)[0]
        g_k = np.concatenate([cut[n].ravel() for n in sorted(cut)])
        if np.linalg.norm(g_k - g) / np.linalg.norm(g) < nb03.WINDOW_TOLERANCE:  # within 10 % of the full gradient
            return k


def test_the_mini_project_passes_the_measured_window_and_no_other():
    k = shortest_window_by_hand()
    assert 1 < k < 40  # a real trade-off: neither no memory at all nor full BPTT
    assert nb03.check_shortest_window(k) and nb03.check_shortest_window(float(k))
    errors = bptt.truncation_errors(*nb03.window_project(), range(1, 41))
    assert np.any(np.diff(errors) > 0), "the error need not fall with k: why the project asks to measure"
    longer_k = next(j for j in range(k + 1, 40) if errors[j - 1] < nb03.WINDOW_TOLERANCE)  # also within, not shortest
    too_short, longer = nb03.check_shortest_window(k - 1), nb03.check_shortest_window(longer_k)
    assert not too_short and "not below" in too_short.message
    assert not longer and "shorter window already is" in longer.message
    whole = nb03.check_shortest_window(40)
    assert not whole and "exact by construction" in whole.message
    for bad in (0, 41, "ten", 2.5, True):
        assert not nb03.check_shortest_window(bad) and "whole number" in nb03.check_shortest_window(bad).message


# ----- hints in tiers, never the answer (as tests/course/test_exercise_hints.py does for the others) ---------------
CASES = {
    "residual": (nb03.check_residual_step_backward, (lambda dh, c: nb03.residual_step_backward(dh, c, "no skip"),),
                 ["h_t - h_(t-1)", "h_t - h_prev", "+ dh_t", "identity"]),
    "fade": (nb03.check_fade_prediction, ("more than half", np.array([0.004, 1.0])), ["less than a tenth"]),
    "window": (nb03.check_shortest_window, (1,), [str(shortest_window_by_hand())]),
}


def gives_away(answer, hint):
    """A number counts only as a whole word (the 1 of 0.1 is not the answer 11); any other text anywhere."""
    return bool(re.search(rf"(?<![\d.]){answer}(?![\d.])", hint)) if answer.isdigit() else answer in hint


@pytest.mark.parametrize("case", CASES)
def test_hints_deepen_with_the_tries_and_never_give_the_answer(case):
    check, wrong, forbidden = CASES[case]
    first, second, third = (check(*copy.deepcopy(wrong)) for _ in range(3))
    assert not first and not second and first.hint != second.hint and third.hint == second.hint
    for hint in (first.hint, second.hint):
        found = [f for f in CODE if re.search(f, hint)] + [f for f in forbidden if gives_away(f, hint)]
        assert not found, f"the hint gives away {found}: {hint}"

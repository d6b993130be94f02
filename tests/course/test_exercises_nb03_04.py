"""Each exercise check of notebooks 03 and 04 passes a right answer, fails wrong ones with a hint, and never raises."""
import numpy as np
import pytest

from rnnlib.course.exercises import nb03, nb04


def passes(check, answer):
    outcome = check(answer)
    return bool(outcome), repr(outcome)


# ----- notebook 03 ----------------------------------------------------------------------------------------
def right_total_derivative():
    i = nb03.total_derivative_inputs()
    return i["local_3"] + (i["total_4"] * (1 - i["h_4"] ** 2)) @ i["W_hh"]


def test_nb03_total_derivative_passes_the_right_vector():
    ok, text = passes(nb03.check_total_derivative, right_total_derivative())
    assert ok and text.startswith("PASS")


@pytest.mark.parametrize("wrong, says", [
    (lambda i: i["local_3"], "only the partial"),
    (lambda i: (i["total_4"] * (1 - i["h_4"] ** 2)) @ i["W_hh"], "loss at step 3 itself is missing"),
    (lambda i: i["local_3"] + i["total_4"] @ i["W_hh"], "f'(a_4)"),
    (lambda i: i["local_3"] + (i["total_4"] * (1 - i["h_4"] ** 2)) @ i["W_hh"].T, "transposed"),
    (lambda i: i["local_3"] + 1.0, "do not match"),
    (lambda i: np.zeros(4), "expected shape"),
    (lambda i: "abc", "expected"),
])
def test_nb03_total_derivative_fails_wrong_answers_with_a_reason(wrong, says):
    ok, text = passes(nb03.check_total_derivative, wrong(nb03.total_derivative_inputs()))
    assert not ok and says in text and "Hint" in text


def test_nb03_first_reached_passes_the_window_start_and_fails_a_sliding_window():
    assert passes(nb03.check_first_reached, lambda t, k: k * ((t - 1) // k) + 1)[0]
    ok, text = passes(nb03.check_first_reached, lambda t, k: max(1, t - k + 1))
    assert not ok and "sliding window" in text
    assert not passes(nb03.check_first_reached, lambda t, k: 1 / 0)[0]


@pytest.mark.parametrize("check", [nb03.check_total_derivative, nb03.check_residual_step_backward, nb03.check_first_reached,
                                   nb04.check_jacobian_product, nb04.check_transient_matrix, nb04.check_clip])
def test_every_check_says_not_yet_for_the_placeholder(check):
    ok, text = passes(check, None)
    assert not ok and "no answer yet" in text and "Hint" not in text  # the hint waits for a first try


# ----- notebook 04 ----------------------------------------------------------------------------------------
def product(J, k):
    P = np.eye(J.shape[1])
    for t in range(J.shape[0], k, -1):
        P = P @ J[t - 1]
    return P


def test_nb04_jacobian_product_passes_the_chain_rule_order():
    assert passes(nb04.check_jacobian_product, product)[0]


@pytest.mark.parametrize("wrong, says", [
    (lambda J, k: np.linalg.multi_dot([np.eye(3)] + list(J[k:]) + [np.eye(3)]), "reverse order"),
    (lambda J, k: product(J, k) if k < len(J) else np.zeros((3, 3)), "does not match"),
    (lambda J, k: np.eye(2), "expected shape"),
    (lambda J, k: J[k], "does not match"),
])
def test_nb04_jacobian_product_fails_wrong_functions(wrong, says):
    ok, text = passes(nb04.check_jacobian_product, wrong)
    assert not ok and says in text


@pytest.mark.parametrize("W", [[[0.8, 1.5], [0.0, 0.8]], np.diag([0.5, 0.5, 0.5]) + np.diag([3.0, 3.0], 1)])
def test_nb04_transient_matrix_passes_rho_below_one_below_sigma(W):
    ok, text = passes(nb04.check_transient_matrix, W)
    assert ok and "transient growth" in text


@pytest.mark.parametrize("W, says", [
    (0.5 * np.eye(2), "need rho < 1 < sigma_max"),  # shrinks from the start
    ([[1.1, 0.0], [0.0, 0.2]], "need rho"),  # rho > 1
    ([[0.5, 1.0, 0.0]], "square"),
    ([1.0, 2.0], "square"),
    ([[np.nan, 0], [0, 0]], "NaN"),
])
def test_nb04_transient_matrix_fails_wrong_matrices(W, says):
    ok, text = passes(nb04.check_transient_matrix, W)
    assert not ok and says in text


def right_clip(grads, threshold):
    norm = np.sqrt(sum(float(np.sum(g * g)) for g in grads.values()))
    return {k: g * threshold / norm for k, g in grads.items()} if norm >= threshold else grads


def test_nb04_clip_passes_global_norm_clipping():
    assert passes(nb04.check_clip, right_clip)[0]


@pytest.mark.parametrize("wrong, says", [
    (lambda g, th: {k: v * min(1.0, th / np.linalg.norm(v)) for k, v in g.items()}, "above the threshold"),
    (lambda g, th: {k: v * th / np.sqrt(sum(np.sum(u * u) for u in g.values())) for k, v in g.items()}, "below"),
    (lambda g, th: None, "expected the dict"),
    (lambda g, th: {k: np.clip(v, -th, th) for k, v in g.items()}, "wrong"),
])
def test_nb04_clip_fails_other_rules(wrong, says):
    ok, text = passes(nb04.check_clip, wrong)
    assert not ok and says in text

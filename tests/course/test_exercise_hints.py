"""Hints come in tiers and never hand over the answer: for every exercise of notebooks 00-06, a wrong try
gives a hint about the concept, a second wrong try the idea or the formula, and neither hint contains the
answer's value or its code. The classic mistakes get messages of their own."""
import copy
import re

import numpy as np
import pytest

import rnnlib as rl
from rnnlib.course.exercises import nb00, nb01, nb02, nb03, nb04, nb05, nb06
from rnnlib.course.jacobians import non_normal_matrix

CODE = [r"@", r"\.T\b", r"\bnp\.", r"params\[", r"\[\.\.\.\]", r"\bfor \w+ in\b", r"range\(", r"\blambda\b",
        r"\breturn\b", r"\w\(\w+, "]  # no hint is code


def _shapes(right):
    return [str(shape) for shape in right.values()]


# (check, a wrong answer as the check's arguments, what no hint may contain besides code)
CASES = {
    "nb00 step": (nb00.check_batched_step, (np.zeros((2, 3)),), ["W_hh.T", "W_xh.T", "tanh("]),
    "nb00 time-major": (nb00.check_time_major, (nb00.batch_major_batch().reshape(5, 3, 2),), ["swapaxes", "transpose"]),
    "nb01 counts": (nb01.check_stacked_counts, (1, 2), [str(5 * 620), "620"]),
    "nb01 words": (nb01.check_word_set, (["aa", "bb", "cc"],), []),
    "nb02 scalar": (nb02.check_scalar_rnn, ([1.0, 0.5, 0.25],), ["0.76", "0.36", "0.18", "tanh(1"]),
    "nb02 tasks": (nb02.check_shapes_of_tasks, ({"sentiment": "many_to_many", "tagging": "encoder_decoder",
                                                 "captioning": "many_to_one", "translation": "many_to_many"},),
                   ["_to_", "encoder", "one-to-many", "many-to-one"]),
    "nb03 total": (nb03.check_total_derivative, (np.zeros(3),), []),
    "nb03 residual": (nb03.check_residual_step_backward, (lambda dh, c: ({k: np.zeros_like(v) for k, v in
                                                                      c["params"].items()}, np.zeros((2, 2)),
                                                                     np.zeros_like(dh)),), ["1 - (h_t - h_(t-1))"]),
    "nb03 first reached": (nb03.check_first_reached, (lambda t, k: 1,), ["(t - 1) // k", "k * "]),
    "nb04 product": (nb04.check_jacobian_product, (lambda J, k: np.eye(3),), ["np.eye", "multi_dot"]),
    "nb04 transient": (nb04.check_transient_matrix, (np.eye(2) * 0.5,), []),
    "nb04 clip": (nb04.check_clip, (lambda g, threshold: g,), ["sqrt(", "np.linalg"]),
    "nb05 counts": (nb05.check_parameter_counts, ({"rnn": 1, "lstm": 2, "gru": 3},),
                    [str(nb05.H * (nb05.D + nb05.H + 1)), str(4 * nb05.H * (nb05.D + nb05.H + 1))]),
    "nb05 cho": (nb05.check_cho_gru_step, (lambda x, h, p: np.zeros_like(h),), ["r * h_prev", "h_prev * r"]),
    "nb06 receptive field": (nb06.check_receptive_field, (5,), [str(1 + 2 * 31), "63"]),
    "nb06 causal conv": (nb06.check_causal_conv, (np.zeros(12),), ["np.full", "np.roll"]),
    "nb05 lstm step": (nb05.check_lstm_step, (lambda x, h, c, p: (h, c),), ["split", "a[:, :H]"]),
    "nb05 update bias": (nb05.check_update_gate_bias, (-1.0,), ["1.6", "2.0", "3.0", "4.0", "4.6", "b_xz"]),
    "nb06 params": (nb06.check_conv_params, (1,), [str(16 * 3 * 8 + 16), "400"]),
    # predict-first exercises: the wrong prediction, and the measured answer the hints must not name
    "nb00 predict": (nb00.check_transpose_prediction, (True, False), ["False"]),
    "nb02 predict": (nb02.check_length_prediction, ("worse", {10: 1.0, 50: 1.0, 200: 1.0}), ["as good"]),
    "nb04 predict": (nb04.check_clipping_prediction, ("larger", 1e-4, 1e-4), ["the same"]),
    "nb05 predict": (nb05.check_fresh_gradient_prediction, ("RNN", {"RNN": 5e-8, "GRU": 1e-10, "LSTM": 7e-4}),
                     ['"LSTM"', "the LSTM keeps the most"]),
    "nb06 predict": (nb06.check_memory_prediction, ("GRU", {"seq_lens": np.array([16, 32, 64]), "accuracy": {
        "GRU": {4: np.array([1.0, 0.25, 0.25])}, "TCN": {4: np.array([1.0, 1.0, 1.0])}}}), ['"TCN"', "the TCN wins"]),
    "nb06 longer training": (nb06.check_longer_training, (0.25, rl.SequenceModel(rl.GRU(8, 20, seed=0), 4,
                                                                                many_to_one=True, seed=0),
                                                          {"loss": [1.0] * 480}, 0.25),
                             ["1.000", "1.0", "epochs=40", "train_classifier", "accuracy("]),
}


@pytest.mark.parametrize("case", CASES, ids=str)
def test_hints_deepen_with_the_tries_and_never_give_the_answer(case):
    check, wrong, forbidden = CASES[case]
    first, second, third = (check(*copy.deepcopy(wrong)) for _ in range(3))
    assert not first and not second and first.hint and second.hint
    assert first.hint != second.hint and third.hint == second.hint, "two tiers: concept, then idea"
    for hint in (first.hint, second.hint):
        found = [f for f in CODE if re.search(f, hint)] + [f for f in forbidden if f in hint]
        assert not found, f"the hint gives away {found}: {hint}"


def test_a_right_answer_passes_whatever_the_hints_so_far():
    nb00.check_time_major(nb00.batch_major_batch().reshape(5, 3, 2))
    assert nb00.check_time_major(nb00.batch_major_batch().swapaxes(0, 1))


# ----- the classic mistakes get their own message -------------------------------------------------------
def test_h_prev_at_W_hh_without_the_transpose_is_named():
    x_t, h_prev, p = nb00.step_inputs()
    res = nb00.check_batched_step(np.tanh(h_prev @ p["W_hh"] + x_t @ p["W_xh"].T + p["b_h"]))
    assert not res and "square" in res.message and "W_hh^T" in res.message


@pytest.mark.parametrize("mistake, words", [
    (lambda i: i["local_3"] + (i["total_4"] @ i["W_hh"]) * (1 - i["h_4"] ** 2), "after the product"),
    (lambda i: i["local_3"] + (i["total_4"] * (1 - np.tanh(i["h_4"]) ** 2)) @ i["W_hh"], "tanh is applied twice"),
    (lambda i: i["local_3"], "only the partial derivative"),
])
def test_total_derivative_mistakes_are_named(mistake, words):
    res = nb03.check_total_derivative(mistake(nb03.total_derivative_inputs()))
    assert not res and words in res.message


def test_a_gradient_of_the_wrong_shape_is_named_before_any_numpy_error():
    def transposed_W_xh(dh_t, cache):
        grads, dx, dh = rl.rnn_step_backward(dh_t, cache)
        return dict(grads, W_xh=grads["W_xh"].T), dx, dh

    res = nb03.check_residual_step_backward(transposed_W_xh)
    assert not res and res.message == "your W_xh gradient has shape (2, 3); expected (3, 2), the shape of W_xh"


def test_a_sliding_window_is_named():
    res = nb03.check_first_reached(lambda t, k: max(1, t - k + 1))
    assert not res and "sliding window" in res.message and "non-overlapping" in res.message


def test_z_and_one_minus_z_swapped_is_named():
    from rnnlib.course.variants import cho_gru_step_forward

    def swapped(x_t, h_prev, params):
        h_t, gates = cho_gru_step_forward(x_t, h_prev, params)
        return gates["z"] * gates["n"] + (1 - gates["z"]) * h_prev

    res = nb05.check_cho_gru_step(swapped)
    assert not res and "swapped" in res.message


def test_the_worked_example_of_notebook_04_is_not_an_answer():
    res = nb04.check_transient_matrix(non_normal_matrix(2, spectral_radius=0.9, shear=2.0, seed=0))
    assert not res and "worked example" in res.message

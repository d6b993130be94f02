"""The exercise checks of notebooks 06 and 07 pass right answers and fail wrong ones (with a hint), never raising."""
import numpy as np
import pytest

import rnnlib as rl
from rnnlib.course import exercises

nb06 = exercises.nb06


def right_causal_conv():
    x, w, b, d = nb06.conv_inputs()
    y = np.full(len(x), b)
    for j in range(len(w)):
        y[j * d :] += w[j] * x[: len(x) - j * d]
    return y


def test_nb06_unanswered_exercises_say_so():
    for check in (nb06.check_receptive_field, nb06.check_causal_conv, nb06.check_full_coverage, nb06.check_conv_params):
        outcome = check(None)
        assert not outcome and "no answer yet" in repr(outcome) and "Hint" not in repr(outcome)


@pytest.mark.parametrize("answer,passes", [(63, True), (63.0, True), (62, False), (31, False), ("63", False), (True, False)])
def test_nb06_receptive_field_check(answer, passes):
    assert bool(nb06.check_receptive_field(answer)) is passes


def test_nb06_receptive_field_check_explains_an_off_by_one():
    assert "one short" in repr(nb06.check_receptive_field(62))


def test_nb06_causal_conv_check_passes_the_right_answer():
    assert nb06.check_causal_conv(right_causal_conv())


def test_nb06_causal_conv_check_catches_looking_into_the_future():
    x, w, b, d = nb06.conv_inputs()
    y = np.full(len(x), b)
    for j in range(len(w)):
        y[: len(x) - j * d] += w[j] * x[j * d :]
    outcome = nb06.check_causal_conv(y)
    assert not outcome and "later inputs" in repr(outcome)


@pytest.mark.parametrize("wrong", [lambda y: y + 0.1, lambda y: y[:-1], lambda y: "text", lambda y: y - right_causal_conv()[0]])
def test_nb06_causal_conv_check_fails_wrong_answers(wrong):
    assert not nb06.check_causal_conv(wrong(right_causal_conv()))


@pytest.mark.parametrize("dilations,passes", [([1, 2, 4, 8], True), ((8, 4, 2, 1), True), ([2, 1, 8, 4], True),
                                              ([3, 4, 4, 4], False), ([1, 1, 1, 1], False), ([1, 2, 4], False),
                                              ([1, 2, 4, 0], False), ("1,2,4,8", False), (8, False)])
def test_nb06_full_coverage_check(dilations, passes):
    assert bool(nb06.check_full_coverage(dilations)) is passes


def test_nb06_full_coverage_check_names_the_holes():
    assert "cannot see x_(t-1)" in repr(nb06.check_full_coverage([2, 4, 4, 5]))


@pytest.mark.parametrize("count,passes", [(400, True), (384, False), (3 * 16 * 8 * 4 + 16, False), (None, False)])
def test_nb06_conv_params_check(count, passes):
    assert bool(nb06.check_conv_params(count)) is passes


def test_nb06_conv_params_check_explains_missing_biases():
    assert "missing the 16 biases" in repr(nb06.check_conv_params(384))


# ----- notebook 07 ------------------------------------------------------------------------------------
nb07 = exercises.nb07


def test_nb07_unanswered_exercises_say_so():
    for outcome in (nb07.check_temperature(None), nb07.check_naive_mse(None), nb07.check_same_bag(None, "x"),
                    nb07.check_window_input(None, 1.0)):
        assert not outcome and "no answer yet" in repr(outcome) and "Hint" not in repr(outcome)


def test_nb07_temperature_check():
    y, tau = nb07.temperature_inputs()
    assert nb07.check_temperature(np.exp(y / tau) / np.exp(y / tau).sum())
    assert "multiplied" in repr(nb07.check_temperature(rl.softmax(y * tau)))
    assert "plain softmax" in repr(nb07.check_temperature(rl.softmax(y)))
    assert not nb07.check_temperature(np.ones(5) / 5)
    assert not nb07.check_temperature([0.5, 0.5])


def test_nb06_number_checks_name_what_they_got():
    assert "'31'" in repr(nb06.check_receptive_field("31")) and "31.5" in repr(nb06.check_conv_params(31.5))


def test_nb07_window_check_says_which_part_is_wrong():
    s = nb07.forecast_inputs()
    assert nb07.check_window_input(s[-5:] - s[-1], s[-1])
    assert "naive forecast 9.00 is not right" in repr(nb07.check_window_input(s[-5:] - s[-1], 9.0))
    assert "the input" in repr(nb07.check_window_input(np.zeros(5), s[-1])) and "(the other part is)" in repr(
        nb07.check_window_input(np.zeros(5), s[-1]))
    assert "neither" in repr(nb07.check_window_input(np.zeros(5), 9.0))


def test_nb07_naive_mse_check():
    s = nb07.forecast_inputs()
    right = np.mean((s[1:] - s[:-1]) ** 2)
    assert nb07.check_naive_mse(right)
    assert "square root" in repr(nb07.check_naive_mse(np.sqrt(right)))
    assert not nb07.check_naive_mse(np.mean((s[1:] - s.mean()) ** 2))
    assert not nb07.check_naive_mse("0.2")
    assert not nb07.check_naive_mse([1, 2])


@pytest.mark.parametrize("first,second,passes", [
    ("the soup seemed lovely, not awful", "the soup seemed awful, not lovely", True),
    ("the game is not dull but great", "the game is not great but dull", True),
    ("the film was good, not bad", "the film was good, not bad", False),  # same label
    ("the film was bad, not good", "the film was good, not bad", False),  # the pair the notebook shows
    ("the film was good", "the film was not good", False),  # different bags
    ("the film was good, not great", "the film was great, not good", False),  # not the grammar
    ("the movie was good, not bad", "the movie was bad, not good", False),  # unknown word
    (1, 2, False),
])
def test_nb07_same_bag_check(first, second, passes):
    assert bool(nb07.check_same_bag(first, second)) is passes


def test_nb07_window_input_check():
    s = nb07.forecast_inputs()
    assert nb07.check_window_input(s[-5:] - s[-1], s[-1])
    assert "subtract" in repr(nb07.check_window_input(s[-5:], s[-1]))
    assert not nb07.check_window_input(s[-6:-1] - s[-2], s[-2])
    assert not nb07.check_window_input(s[-5:] - s[-1], s.mean())
    assert not nb07.check_window_input(s[-4:] - s[-1], s[-1])

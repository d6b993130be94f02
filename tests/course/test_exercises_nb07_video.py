"""Exercise 5 of notebook 07 (predict the average-frame baseline on the moving letters): right and wrong
predictions, never raising; the hints deepen and never contain the answer."""
import re

import pytest

from rnnlib.course.exercises import nb07


def test_unanswered_prediction_says_so_and_reveals_nothing():
    outcome = nb07.check_average_frame_prediction(None, 0.502)
    assert not outcome and "no answer yet" in repr(outcome) and "0.502" not in repr(outcome)


@pytest.mark.parametrize("prediction,passes", [(0.5, True), (0.45, True), (0.55, True), ("0.55", False), (0.25, False),
                                               (0.3, False), (1.0, False), (0.95, False), (0.75, False),
                                               (1.5, False), ("half", False), ([0.5], False)])
def test_average_frame_prediction_check(prediction, passes):
    assert bool(nb07.check_average_frame_prediction(prediction, 0.502)) is passes


@pytest.mark.parametrize("prediction,words", [(0.25, "that is chance"), (1.0, "throws the order"),
                                              (0.75, "exactly the same smear")])
def test_classic_wrong_predictions_get_their_own_message_and_the_measurement(prediction, words):
    outcome = nb07.check_average_frame_prediction(prediction, 0.502)
    assert not outcome and words in outcome.message and "Measured: 0.502" in outcome.message


def test_hints_deepen_and_never_give_the_number():
    first, second, third = (nb07.check_average_frame_prediction(0.25, 0.5) for _ in range(3))
    assert first.hint and second.hint and first.hint != second.hint and third.hint == second.hint
    for hint in (first.hint, second.hint):
        assert not re.search(r"0\.5|50|half|two of|2 of|one in two", hint, flags=re.IGNORECASE), hint


def test_a_right_prediction_explains_why():
    outcome = nb07.check_average_frame_prediction(0.5, 0.5)
    assert outcome and "row or along a column" in outcome.message

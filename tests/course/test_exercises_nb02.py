"""Exercise checks of notebook 02: the length prediction, the scalar RNN by hand (with a message for each classic
mistake) and the shapes of use: each passes the right answer and fails wrong ones with a hint."""
import numpy as np
import pytest

from rnnlib.course.exercises import nb02
from rnnlib.course.plotting.shapes_of_use import SHAPES
from exercise_results import assert_fails, assert_passes

HELD = {10: 1.0, 50: 0.998, 200: 0.997}  # accuracies as the notebook measures them: the rule carried over
FELL = {10: 1.0, 50: 0.71, 200: 0.40}  # a model whose rule did not


def test_nb02_length_prediction_is_judged_against_what_was_measured():
    assert_passes(nb02.check_length_prediction("as good", HELD))
    assert_passes(nb02.check_length_prediction("worse", FELL))
    assert_fails(nb02.check_length_prediction("worse", HELD), "you predicted 'worse'", "0.997 at T = 200",
                 "two steps ago")
    assert_fails(nb02.check_length_prediction("as good", FELL), "'worse'", "0.400 at T = 200")
    assert_fails(nb02.check_length_prediction("same", HELD), "expected one of ('as good', 'worse')")
    assert_fails(nb02.check_length_prediction("as good", {10: 1.0}), "run the cell that measures it first")
    assert_fails(nb02.check_length_prediction(None, HELD), "no answer yet")


def test_nb02_scalar_rnn_passes_the_hand_worked_states_to_three_decimals():
    assert_passes(nb02.check_scalar_rnn([0.762, 0.363, 0.180]))
    h_1 = np.tanh(0.5 * 0.0 + 1.0 * 1.0)  # worked here independently of nb02.scalar_rnn
    h_2 = np.tanh(0.5 * h_1)
    assert_passes(nb02.check_scalar_rnn(np.array([h_1, h_2, np.tanh(0.5 * h_2)])))
    assert_passes(nb02.check_scalar_rnn((0.7616, 0.3634, 0.1797)))


@pytest.mark.parametrize("answer, words", [
    ([0.0, 0.762, 0.363], "h_0 = 0"),  # the wrong index: the starting state given as the first step
    ([1.0, 0.5, 0.25], "the tanh is missing"),
    ([0.762, 0.381, 0.190], "h_2 and h_3 are missing their tanh"),
    ([np.tanh(np.tanh(1.0)), 0.301, 0.148], "tanh is applied twice"),  # tanh(tanh(a_t))
    ([0.762, 0.310, 0.149], "tanh is applied twice"),  # tanh(w tanh(h_{t-1}) + u x_t)
    ([0.762, 0.0, 0.0], "not fed back"),
    ([0.462, 0.432, 0.407], "w and u are swapped"),
    ([0.0, 0.0, 0.762], "wrong order"),
    ([0.5, 0.5, 0.5], "not the states"),
    ([0.762, 0.363], "expected shape (3,)"),
    ("0.762", "expected shape (3,)"),
    ({"h_1": 0.762}, "expected an array of numbers"),
    (None, "no answer yet"),
])
def test_nb02_scalar_rnn_names_the_classic_mistakes(answer, words):
    assert_fails(nb02.check_scalar_rnn(answer), words)


RIGHT_TASKS = {"sentiment": "many_to_one", "tagging": "many_to_many", "captioning": "one_to_many",
               "translation": "encoder_decoder"}


def test_nb02_shapes_of_tasks_pass_the_right_matching_and_use_the_figure_names():
    assert nb02.SHAPES == SHAPES  # the exercise's names are the figure's
    assert_passes(nb02.check_shapes_of_tasks(dict(RIGHT_TASKS)))


@pytest.mark.parametrize("task, wrong, words", [
    ("translation", "many_to_many", "its own length and word order"),
    ("tagging", "encoder_decoder", "line up with the inputs"),
    ("sentiment", "many_to_many", "one label"),
    ("captioning", "many_to_many", "one input, not a sequence"),
    ("captioning", "many_to_one", "not yet right: captioning"),
])
def test_nb02_shapes_of_tasks_say_why_a_shape_does_not_fit(task, wrong, words):
    assert_fails(nb02.check_shapes_of_tasks(dict(RIGHT_TASKS, **{task: wrong})), f"not yet right: {task}", words)


def test_nb02_shapes_of_tasks_reject_answers_that_are_not_a_matching():
    assert_fails(nb02.check_shapes_of_tasks({"sentiment": "many_to_one"}), "keys")
    assert_fails(nb02.check_shapes_of_tasks(dict(RIGHT_TASKS, tagging="many-to-many")), "each value must be one of")
    assert_fails(nb02.check_shapes_of_tasks(["many_to_one"]), "got list")
    assert_fails(nb02.check_shapes_of_tasks(None), "no answer yet")

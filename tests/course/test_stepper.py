"""The hidden-state stepper: its state logic (no display needed) and the wiring of its ipywidgets view."""
import re

import numpy as np
import pytest

import rnnlib as rl
from rnnlib.course import text, widgets
from rnnlib.course.widgets.stepper import MAX_LENGTH, HiddenStateStepper
from rnnlib.course.widgets.stepper_view import BACKWARDS, FORWARDS, StepperView

VOCAB = text.Vocabulary()
ERROR_BOX = 'class="rl-message rl-error"'  # the message box in the HTML (the stylesheet names the class too)


def make_model(kind="sequence", activation="tanh", hidden=6, dtype=np.float64):
    layer = rl.RNN(VOCAB.size, hidden, activation=activation, seed=3, dtype=dtype)
    return rl.SequenceModel(layer, VOCAB.size, seed=4) if kind == "sequence" else layer


@pytest.fixture
def stepper():
    return HiddenStateStepper(make_model(), VOCAB, "lemon")


# ----- stepping, bounds, reset -------------------------------------------------------------------------
def test_stepper_starts_at_step_one_of_the_text(stepper):
    assert (stepper.t, stepper.T, stepper.text, stepper.message) == (1, 5, "lemon", "")


def test_stepper_steps_forward_and_back_within_bounds(stepper):
    assert stepper.step_back() is False and stepper.t == 1
    for t in range(2, 6):
        assert stepper.step_forward() is True and stepper.t == t
    assert stepper.step_forward() is False and stepper.t == 5
    assert stepper.step_back() is True and stepper.t == 4


def test_stepper_reset_returns_to_the_first_step(stepper):
    stepper.go_to(4)
    stepper.reset()
    assert stepper.t == 1


@pytest.mark.parametrize("asked, shown", [(0, 1), (-3, 1), (3, 3), (5, 5), (99, 5)])
def test_stepper_go_to_clamps_t_to_the_sequence(stepper, asked, shown):
    assert stepper.go_to(asked) == shown == stepper.t


# ----- the arrays shown at t -----------------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["sequence", "layer"])
@pytest.mark.parametrize("activation", ["tanh", "relu", "identity"])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_stepper_arrays_at_t_equal_the_layers_forward_at_t(kind, activation, dtype):
    model = make_model(kind, activation, dtype=dtype)
    layer = model.core if kind == "sequence" else model
    stepper = HiddenStateStepper(model, VOCAB, "stare at")
    x = VOCAB.one_hot("stare at", dtype)
    hs, cache = layer.forward(x)
    h_prev = np.zeros(layer.hidden_size, dtype)
    for t in range(1, stepper.T + 1):
        arrays = stepper.arrays(t)
        np.testing.assert_array_equal(arrays["x_t"], x[t - 1])
        np.testing.assert_allclose(arrays["h_prev"], h_prev)
        np.testing.assert_allclose(arrays["a_t"], cache["steps"][t - 1]["a_t"][0])
        np.testing.assert_allclose(arrays["h_t"], hs[t - 1])
        # the three terms add up to the pre-activation, and one step of the layer gives the same h_t
        total = arrays["Whh_h_prev"] + arrays["Wxh_x_t"] + arrays["b_h"]
        np.testing.assert_allclose(total, arrays["a_t"], rtol=1e-5, atol=1e-6)
        h_step, _ = layer.step_forward(x[t - 1], h_prev)
        np.testing.assert_allclose(arrays["h_t"], h_step, rtol=1e-5, atol=1e-6)
        if kind == "sequence":
            y = model.forward(x)[0][t - 1]
            np.testing.assert_allclose(arrays["y_t"], y, rtol=1e-5, atol=1e-6)
            np.testing.assert_allclose(arrays["p_t"], rl.softmax(y), rtol=1e-5, atol=1e-6)
        else:
            assert "y_t" not in arrays and stepper.prediction(t) is None
        h_prev = hs[t - 1]


def test_stepper_arrays_reject_a_step_outside_the_sequence(stepper):
    with pytest.raises(ValueError, match=r"t must lie in 1\.\.5; got 6"):
        stepper.arrays(6)


def test_stepper_prediction_is_the_most_likely_next_symbol(stepper):
    symbol, p = stepper.prediction(2)
    probabilities = stepper.arrays(2)["p_t"]
    assert symbol == VOCAB.symbols[int(np.argmax(probabilities))] and p == pytest.approx(probabilities.max())


def test_stepper_recompute_follows_changed_weights(stepper):
    before = stepper.arrays(3)["h_t"].copy()
    stepper.layer.params["W_hh"] *= 0.5
    stepper.recompute()
    assert not np.allclose(stepper.arrays(3)["h_t"], before)


# ----- parsing the learner's text --------------------------------------------------------------------------
def test_stepper_parses_text_into_one_hot_inputs(stepper):
    x, text, message = stepper.parse("melon")
    assert message == "" and text == "melon" and x.shape == (5, VOCAB.size)
    np.testing.assert_array_equal(x.argmax(axis=1), VOCAB.encode("melon"))
    np.testing.assert_array_equal(x.sum(axis=1), np.ones(5))


def test_stepper_accepts_new_text_and_starts_again_at_step_one(stepper):
    stepper.go_to(4)
    assert stepper.set_text("tears and rates") is True
    assert (stepper.t, stepper.T, stepper.message) == (1, 15, "")


def test_stepper_turns_capitals_into_lower_case_when_the_alphabet_has_none(stepper):
    assert stepper.set_text("Lemon") is True and stepper.text == "lemon"


@pytest.mark.parametrize("text, words", [
    ("", ["empty"]),
    ("st@re!", ["'@'", "'!'", "known characters"]),
    ("b7", ["'7'"]),
    ("a" * (MAX_LENGTH + 1), [str(MAX_LENGTH + 1), f"{MAX_LENGTH} or fewer"]),
    (42, ["string", "int"]),
])
def test_stepper_rejects_bad_text_with_a_message_and_keeps_the_old_sequence(stepper, text, words):
    stepper.go_to(3)
    assert stepper.set_text(text) is False
    assert all(w in stepper.message for w in words), stepper.message
    assert (stepper.text, stepper.t) == ("lemon", 3)
    assert ERROR_BOX in stepper.html()
    assert stepper.set_text("melon") and stepper.message == "" and ERROR_BOX not in stepper.html()


def test_stepper_rejects_unknown_character_naming_it():
    stepper = HiddenStateStepper(make_model(), VOCAB, "ok")
    stepper.set_text("caf\u00e9")
    assert "'\u00e9'" in stepper.message and VOCAB.symbols in stepper.message


def test_stepper_refuses_a_first_text_it_cannot_show():
    with pytest.raises(ValueError, match="empty"):
        HiddenStateStepper(make_model(), VOCAB, "")


@pytest.mark.parametrize("model, vocab, match", [
    (rl.LSTM(28, 4, seed=0), VOCAB, "rl.RNN"),
    (rl.RNN(5, 4, seed=0), VOCAB, r"input_size \(5\) must equal the vocabulary size \(28\)"),
    (rl.RNN(28, 4, seed=0), "abc", "text.Vocabulary"),
])
def test_stepper_rejects_a_model_it_cannot_show(model, vocab, match):
    with pytest.raises((TypeError, ValueError), match=match):
        HiddenStateStepper(model, vocab, "abc")


# ----- the HTML view of one step -----------------------------------------------------------------------------
def test_stepper_html_labels_every_vector_in_course_notation(stepper):
    page = stepper.html()
    for label in ["x<sub>t</sub>", "h<sub>t-1</sub>", "W<sub>hh</sub> h<sub>t-1</sub>", "W<sub>xh</sub> x<sub>t</sub>",
                  "b<sub>h</sub>", "a<sub>t</sub>", "h<sub>t</sub> = tanh(a<sub>t</sub>)", "softmax(y<sub>t</sub>)",
                  "step t = 1 of T = 5", "most likely next character"]:
        assert label in page, label


def test_stepper_html_draws_the_vanilla_cell_with_the_units_values():
    stepper = HiddenStateStepper(make_model(), VOCAB, "lemon", unit=2)
    stepper.go_to(3)
    a = stepper.arrays()
    page = stepper.html()
    diagram = re.search(r'<svg[^>]*class="rl-cell-diagram".*?</svg>', page).group(0)
    assert "RNN cell (step t = 3, unit 2)" in diagram and 'data-activation="tanh"' in diagram
    for name in ("Whh_h_prev", "Wxh_x_t", "b_h", "a_t", "h_t"):
        assert f"{a[name][2]:+.2f}" in diagram, name
    assert "one-hot(&#x27;m&#x27;)" in diagram


@pytest.mark.parametrize("unit", [-1, 6, 0.5, True])
def test_stepper_refuses_a_unit_it_does_not_have(unit):
    with pytest.raises(ValueError, match="from 0 to 5"):
        HiddenStateStepper(make_model(), VOCAB, "lemon", unit=unit)


def test_stepper_html_changes_with_t_and_escapes_the_learners_text(stepper):
    first = stepper.html()
    stepper.step_forward()
    assert stepper.html() != first
    stepper.set_text("<b>")
    assert "'<'" in stepper.message and "&#x27;&lt;&#x27;" in stepper.html() and "'<'" not in stepper.html()


# ----- the ipywidgets view, driven without a browser ---------------------------------------------------------
@pytest.fixture
def view(stepper):
    return StepperView(stepper)


def test_stepper_view_has_the_css_class_and_clear_control_descriptions(view):
    assert "rnn-stepper" in view.box._dom_classes
    assert (view.back.description, view.forward.description, view.reset.description) == (
        "◀ step back", "step forward ▶", "reset")
    assert view.slider.description == "t" and (view.slider.min, view.slider.max) == (1, 5)
    assert list(view.direction.options) == [FORWARDS, BACKWARDS]


def test_stepper_view_buttons_move_t_and_redraw(view):
    start = view.view.value
    view.forward.click()
    assert view.stepper.t == view.slider.value == view.play.value == 2 and view.view.value != start
    view.back.click()
    assert view.stepper.t == 1 and view.view.value == start
    view.back.click()
    assert view.stepper.t == 1
    view.slider.value = 5
    view.reset.click()
    assert view.stepper.t == view.slider.value == 1 and view.view.value == start


def test_stepper_view_play_counter_moves_t_forwards_and_backwards(view):
    for p in (2, 3):
        view.play.value = p
    assert view.stepper.t == 3
    view.direction.value = BACKWARDS
    assert view.play.value == 3  # 5 + 1 - 3: playing backwards continues from t = 3
    view.play.value = 4
    assert view.stepper.t == view.slider.value == 2
    view.play.value = 5
    assert view.stepper.t == 1


def test_stepper_view_text_box_shows_a_message_for_bad_input_and_a_new_sequence_for_good(view):
    view.slider.value = 3
    view.text.value = "no digits 4 u"
    assert ERROR_BOX in view.view.value and "&#x27;4&#x27;" in view.view.value
    assert view.stepper.text == "lemon" and view.slider.value == 3
    view.direction.value = BACKWARDS
    view.text.value = "stare at the lemons"
    assert ERROR_BOX not in view.view.value
    assert view.stepper.T == view.slider.max == view.play.max == 19
    assert view.stepper.t == view.slider.value == 1 and view.play.value == 19


def test_stepper_view_shows_a_message_not_a_traceback_when_drawing_fails(view, monkeypatch):
    monkeypatch.setattr(view.stepper, "html", lambda: 1 / 0)
    view.forward.click()
    assert "Could not draw this step" in view.view.value


def test_stepper_view_text_repr_is_short_and_stable(view):
    assert view._repr_mimebundle_()["text/plain"].startswith("Hidden-state stepper over 'lemon'")


# ----- the shared Timeline -------------------------------------------------------------------------------------
class Steps(widgets.Timeline):
    def __init__(self, T):
        self.T, self.t = T, 1


@pytest.mark.parametrize("T", [1, 2, 7])
def test_timeline_walks_one_to_T_and_stops_at_both_ends(T):
    steps = Steps(T)
    moves = [steps.step_forward() for _ in range(T + 1)]
    assert moves == [True] * (T - 1) + [False, False] and steps.t == T
    assert [steps.step_back() for _ in range(T)] == [True] * (T - 1) + [False] and steps.t == 1
    steps.go_to(T)
    steps.reset()
    assert steps.t == 1

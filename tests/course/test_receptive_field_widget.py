"""The receptive-field widget: its state (no display needed) and the thin view wired to it."""
import html

import numpy as np
import pytest

from rnnlib.course import widgets
from rnnlib.course.widgets.receptive_field import parse_dilations, rnn_influence


@pytest.fixture
def state():
    return widgets.ReceptiveFieldState("the cat sat on the mat.", kernel_size=2, dilations=(1, 2, 4))


def test_state_starts_at_the_first_step_with_the_formula_receptive_field(state):
    assert (state.t, state.T, state.receptive_field) == (1, 23, 8)


def test_conv_window_covers_the_last_r_inputs_at_step_t(state):
    state.go_to(15)
    seen = np.flatnonzero(state.conv_paths()[0]) + 1
    np.testing.assert_array_equal(seen, np.arange(8, 16))
    assert "x<sub>8</sub>..x<sub>15</sub> (8 inputs" in state.summary()


def test_window_is_cut_at_the_start_of_the_sequence(state):
    state.go_to(3)
    assert np.flatnonzero(state.conv_paths()[0]).tolist() == [0, 1, 2]


def test_rnn_influence_matches_finite_differences_and_ignores_the_future(state):
    x = state.vocab.one_hot(state.text)
    influence = rnn_influence(state.rnn, x)
    t, eps = 9, 1e-6
    for s in (0, 4, 9, 12):
        J = np.zeros((state.rnn.hidden_size, x.shape[1]))
        for d in range(x.shape[1]):
            plus, minus = x.copy(), x.copy()
            plus[s, d] += eps
            minus[s, d] -= eps
            J[:, d] = (state.rnn.forward(plus)[0][t] - state.rnn.forward(minus)[0][t]) / (2 * eps)
        assert np.isclose(influence[t, s], np.linalg.norm(J), rtol=1e-5, atol=1e-12)
    assert np.all(influence[np.triu_indices(len(x), 1)] == 0)


def test_rnn_depends_on_every_earlier_input(state):
    state.go_to(20)
    assert np.all(state.rnn_influence()[:20] > 0) and np.all(state.rnn_influence()[20:] == 0)


@pytest.mark.parametrize("t,expected", [(0, 1), (5, 5), (99, 23)])
def test_go_to_clamps_to_the_sequence(state, t, expected):
    assert state.go_to(t) == expected


def test_step_forward_back_and_reset(state):
    state.step_forward()
    state.step_forward()
    assert state.t == 3
    state.step_back()
    assert state.t == 2
    state.reset()
    assert state.t == 1
    state.step_back()
    assert state.t == 1


@pytest.mark.parametrize("text,fragment", [("", "empty"), ("x" * 41, "41 characters"), ("Hello!", "'!'"), (3, "string")])
def test_bad_text_keeps_the_old_sequence_and_says_why(state, text, fragment):
    assert not state.set_text(text)
    assert state.text == "the cat sat on the mat." and fragment in state.message
    assert html.escape(fragment) in state.html()


def test_new_text_is_lower_cased_and_clamps_t(state):
    state.go_to(20)
    assert state.set_text("Short.")
    assert (state.text, state.t, state.message) == ("short.", 6, "")


@pytest.mark.parametrize("text,expected", [("1, 2, 4", (1, 2, 4)), ("3;4", (3, 4)), ([1, 1], (1, 1)), (" 8 ", (8,))])
def test_parse_dilations_accepts_lists_of_whole_numbers(text, expected):
    assert parse_dilations(text) == (expected, "")


@pytest.mark.parametrize("text,fragment", [("", "empty"), ("1, x", "'x' is not a whole number"), ("1, -2", "not a whole"),
                                           ("0", "1..32"), ("1,1,1,1,1,1,1", "7 layers"), ("64", "1..32")])
def test_bad_dilations_keep_the_old_ones_and_say_why(state, text, fragment):
    assert not state.set_dilations(text)
    assert state.dilations == (1, 2, 4) and fragment in state.message


def test_kernel_size_changes_the_receptive_field_and_bad_sizes_are_refused(state):
    assert state.set_kernel_size(3) and state.receptive_field == 15
    assert not state.set_kernel_size(7) and state.kernel_size == 3 and "one of (2, 3, 4)" in state.message


def test_a_good_input_clears_the_message(state):
    state.set_dilations("oops")
    assert state.message
    state.set_dilations("1, 1")
    assert state.message == ""


def test_holes_show_as_unreached_inputs(state):
    state.set_dilations("3, 4")
    state.go_to(23)
    assert np.flatnonzero(state.conv_paths()[0]).tolist() == [22 - 7, 22 - 4, 22 - 3, 22]


def test_html_has_one_row_per_layer_plus_input_and_rnn(state):
    out = state.html()
    assert out.count("layer ") == 3 and "input x<sub>s</sub>" in out and "RNN:" in out


# ----- the view ---------------------------------------------------------------------------------------
@pytest.fixture
def view(state):
    return widgets.ReceptiveFieldView(state)


def test_view_has_the_css_class_and_named_controls(view):
    assert "receptive-field" in view.box._dom_classes
    assert view.forward.description == "step forward ▶" and view.back.description == "◀ step back"


def test_view_buttons_slider_and_play_move_t_together(view):
    view.forward.click()
    view.forward.click()
    assert view.state.t == view.slider.value == view.play.value == 3
    view.slider.value = 10
    assert view.state.t == view.play.value == 10
    view.play.value = 12
    assert view.state.t == view.slider.value == 12
    view.back.click()
    assert view.state.t == 11
    view.reset.click()
    assert view.state.t == view.slider.value == 1


def test_view_text_box_resizes_the_slider_and_shows_messages(view):
    view.slider.value = 20
    view.text.value = "a short one"
    assert view.slider.max == view.play.max == 11 and view.state.t == view.slider.value == 11
    view.text.value = "not ok #"
    assert "&#x27;#&#x27;" in view.view.value and view.state.text == "a short one"


def test_view_kernel_and_dilation_controls_update_the_drawing(view):
    view.kernel.value = 3
    view.dilations.value = "1, 1"
    assert view.state.receptive_field == 5 and "receptive field r = 5" in view.view.value
    view.dilations.value = "nope"
    assert "not a whole number" in view.view.value and view.state.dilations == (1, 1)


def test_view_has_a_stable_text_repr(view):
    assert view._repr_mimebundle_()["text/plain"].startswith("Receptive-field slider over 'the cat sat on the mat.'")

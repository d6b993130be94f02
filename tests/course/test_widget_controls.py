"""The shared time controls of the stepping widgets (rnnlib/course/widgets/controls.py), on a bare Timeline."""
import pytest

from rnnlib.course import widgets
from rnnlib.course.widgets.controls import TimeControls, show_html, widget_bundle


class Steps(widgets.Timeline):
    def __init__(self, T):
        self.T, self.t = T, 1


@pytest.mark.parametrize("backwards", [False, True])
def test_time_controls_move_t_slider_and_play_counter_together(backwards):
    steps, drawn = Steps(5), []
    controls = TimeControls(steps, lambda: drawn.append(steps.t), prefix="demo", interval=100, backwards=backwards)
    flip = (lambda t: 6 - t) if backwards else (lambda t: t)
    controls.forward.click()
    assert steps.t == controls.slider.value == 2 and controls.play.value == flip(2) and drawn[-1] == 2
    controls.play.value = flip(4)  # the browser's play counter
    assert steps.t == controls.slider.value == 4
    controls.back.click()
    controls.reset.click()
    assert steps.t == controls.slider.value == 1 and controls.play.value == flip(1)
    controls.back.click()  # already at t = 1: stays, but redraws
    assert steps.t == 1 and len(drawn) == 5
    assert "demo-back" in controls.back._dom_classes and controls.slider.description == "t"


def test_time_controls_restart_resizes_to_a_new_T():
    steps = Steps(5)
    controls = TimeControls(steps, lambda: None, prefix="demo", interval=100, backwards=True)
    steps.T, steps.t = 9, 9
    controls.restart()
    assert controls.slider.max == controls.play.max == 9 and controls.slider.value == 9 and controls.play.value == 1


def _sent(widget, log):
    """Record the state updates `widget` sends to the browser, as (name, keys); not ipywidgets' echo of a
    value the browser sent."""
    widget._send = lambda msg, buffers=None: msg["method"] == "update" and log.append(
        (widget.description, sorted(msg["state"])))


def test_time_controls_draw_before_they_move_the_slider_and_play_counter():
    # the drawing is the first message to reach the browser: controls.py's module docstring says why
    steps, drawn, sent = Steps(5), [], []
    controls = TimeControls(steps, lambda: drawn.append((steps.t, controls.slider.value, controls.play.value)),
                            prefix="demo", interval=100)
    controls.forward.click()
    assert drawn[-1] == (2, 1, 1) and controls.slider.value == controls.play.value == 2
    controls.play.value = 4  # the browser's play counter: drawn, then the slider follows
    assert drawn[-1] == (4, 2, 4) and controls.slider.value == 4
    for widget in (controls.slider, controls.play):
        _sent(widget, sent)
    controls.slider.set_state({"value": 3})  # the learner drags t: drawn once, then only the play counter is sent
    assert drawn[-1][0] == 3 and len(drawn) == 3 and sent == [("play", ["value"])]


def test_time_controls_restart_sends_one_update_per_control_and_no_redraw():
    steps, drawn, sent = Steps(5), [], []
    controls = TimeControls(steps, lambda: drawn.append(steps.t), prefix="demo", interval=100)
    for widget in (controls.slider, controls.play):
        _sent(widget, sent)
    steps.T, steps.t = 3, 2
    controls.restart()
    assert sorted(sent) == [("play", ["max", "value"]), ("t", ["max", "value"])] and drawn == []
    assert controls.slider.value == controls.play.value == 2 and controls.slider.max == 3


def test_time_controls_can_start_at_zero():
    # ScanView's levels run 0..L
    steps = Steps(4)
    steps.t = 0
    controls = TimeControls(steps, lambda: None, prefix="demo", interval=100, first=0, backwards=True)
    assert controls.slider.min == controls.play.min == 0 and controls.play.value == 4
    steps.T = 2
    controls.restart()
    assert (controls.slider.value, controls.play.value, controls.slider.max) == (0, 2, 2)


def test_show_html_shows_a_message_instead_of_a_traceback():
    view = type("View", (), {"value": ""})()
    show_html(view, lambda: 1 / 0, "Could not draw")
    assert "Could not draw: division by zero" in view.value


def test_widget_bundle_sets_the_text_repr():
    import ipywidgets as widgets
    assert widget_bundle(widgets.VBox([]), "a stable text")["text/plain"] == "a stable text"

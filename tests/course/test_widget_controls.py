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


def test_show_html_shows_a_message_instead_of_a_traceback():
    view = type("View", (), {"value": ""})()
    show_html(view, lambda: 1 / 0, "Could not draw")
    assert "Could not draw: division by zero" in view.value


def test_widget_bundle_sets_the_text_repr():
    import ipywidgets as widgets
    assert widget_bundle(widgets.VBox([]), "a stable text")["text/plain"] == "a stable text"

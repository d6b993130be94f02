"""Notebook 00's widget check: the cell follows the slider and says that widgets work."""
from rnnlib.course import widgets
from rnnlib.course.widgets.check import check_html


def test_widget_check_redraws_when_the_slider_moves():
    check = widgets.WidgetCheck()
    start = check.view.value
    assert "Drag the slider" in start and "rnn-widget-check" in check.box._dom_classes
    check.slider.value = 0.5
    assert check.moves == 1 and check.view.value != start and "+0.50" in check.view.value
    assert "Widgets work" in check.view.value


def test_widget_check_html_is_plain_and_stable():
    assert check_html(-1.0, 2) == check_html(-1.0, 2) and "-1.00" in check_html(-1.0, 2)

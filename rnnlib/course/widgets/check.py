"""Notebook 00: a tiny widget for notebook 00: drag the slider, and if the coloured cell follows, widgets work.

The answer to "do widgets render and talk to the kernel here?" needs both halves: the slider is drawn by
the browser, and the cell below it is redrawn by Python in the kernel each time the slider moves.
"""
import ipywidgets as widgets

from . import html
from .controls import widget_bundle


def check_html(value, moves):
    """What the check shows for a slider at `value` after `moves` moves (plain HTML, testable)."""
    if moves == 0:
        note = html.message("Drag the slider: the cell should change colour and number.", kind="info")
    else:
        note = html.message(f"Widgets work: Python redrew this {moves} time(s) as you moved the slider.", kind="info")
    return html.page(html.row(html.vector("v", [value], title="the slider's value"),
                              html.colour_bar(-1.0, 1.0, "RdBu_r", "colour scale of v")), note)


class WidgetCheck:
    """A slider and a coloured cell that follows it. Display it as the last line of a cell.

    Attributes: slider, view, box (CSS class "rnn-widget-check"), moves (how often the view was redrawn).
    """

    def __init__(self):
        self.moves = 0
        self.slider = widgets.FloatSlider(value=0.0, min=-1.0, max=1.0, step=0.05, description="v",
                                          readout_format="+.2f")
        self.view = widgets.HTML(value=check_html(0.0, 0))
        self.slider.observe(self._on_value, names="value")
        self.box = widgets.VBox([self.slider, self.view])
        self.box.add_class("rnn-widget-check")

    def _on_value(self, change):
        self.moves += 1
        self.view.value = check_html(change["new"], self.moves)

    def _repr_mimebundle_(self, **kwargs):
        return widget_bundle(self.box, "Widget check: a slider and a coloured cell "
                             "(if you can read this, widgets are not showing)", **kwargs)

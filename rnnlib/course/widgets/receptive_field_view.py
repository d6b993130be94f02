"""Notebook 06: the receptive-field slider's view: ipywidgets controls around one ipywidgets.HTML.

All the logic is in `ReceptiveFieldState` (receptive_field.py); this class wires the controls to it and
writes its `html()` into the HTML widget (about a millisecond per update: benchmarks/bench_cnn_widgets.py).
"""
import ipywidgets as widgets

from .controls import WIDE, TimeControls, show_html, widget_bundle
from .receptive_field import KERNEL_SIZES


class ReceptiveFieldView:
    """Controls for a `ReceptiveFieldState`: a text box for the sequence, the kernel size, a text box for
    the dilations, step back / forward, reset, play/pause and a slider over t. Display it as the last
    line of a cell.

    Attributes:
        box: the outer ipywidgets.VBox (CSS classes "receptive-field" and "rnn-receptive-field"); text, kernel,
        dilations, back, forward, reset, play, slider, view: the controls and the HTML output (each with a CSS
        class "receptive-field-<name>").
    """

    def __init__(self, state, *, interval=700):
        self.state = state
        self.text = widgets.Text(value=state.text, description="sequence:", continuous_update=False, style=WIDE,
                                 placeholder="type a sentence and press Enter", layout=widgets.Layout(width="460px"))
        self.kernel = widgets.Dropdown(options=KERNEL_SIZES, value=state.kernel_size, description="kernel size k:",
                                       style=WIDE, layout=widgets.Layout(width="170px"))
        self.dilations = widgets.Text(value=", ".join(map(str, state.dilations)), continuous_update=False,
                                      description="dilations d (one per layer):", style=WIDE,
                                      placeholder="e.g. 1, 2, 4", layout=widgets.Layout(width="330px"))
        self.time = TimeControls(state, self._redraw, prefix="receptive-field", interval=interval)
        self.back, self.forward, self.reset = self.time.back, self.time.forward, self.time.reset
        self.slider, self.play = self.time.slider, self.time.play
        self.view = widgets.HTML(value=state.html())
        for widget, name in ((self.text, "text"), (self.kernel, "kernel"), (self.dilations, "dilations"),
                             (self.view, "view")):
            widget.add_class(f"receptive-field-{name}")

        self.text.observe(self._on_text, names="value")
        self.kernel.observe(lambda change: self._apply(self.state.set_kernel_size, change["new"]), names="value")
        self.dilations.observe(lambda change: self._apply(self.state.set_dilations, change["new"]), names="value")

        self.box = widgets.VBox([
            self.text,
            widgets.HBox([self.kernel, self.dilations]),
            widgets.HBox([self.back, self.forward, self.reset]),
            widgets.HBox([self.play, self.slider]),
            self.view,
        ])
        self.box.add_class("receptive-field")
        self.box.add_class("rnn-receptive-field")  # the prefix the browser tests look for

    def _repr_mimebundle_(self, **kwargs):
        return widget_bundle(self.box, f"Receptive-field slider over {self.state.text!r} "
                             "(an interactive widget: run the notebook in JupyterLab to use it)", **kwargs)

    # ----- callbacks -------------------------------------------------------------------------------
    def _apply(self, setter, value):
        setter(value)  # on bad input the state keeps its old setting and sets a message
        self._redraw()

    def _on_text(self, change):
        self.play.playing = False
        accepted = self.state.set_text(change["new"])  # t is kept if it still fits, else moved to the new T
        self._redraw()  # the drawing first, then the controls follow it (controls.py)
        if accepted:
            self.time.restart()

    def _redraw(self):
        show_html(self.view, self.state.html)

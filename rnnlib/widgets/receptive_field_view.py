"""The receptive-field slider's view: ipywidgets controls around one ipywidgets.HTML.

All the logic is in `ReceptiveFieldState` (receptive_field.py); this class wires the controls to it and
writes its `html()` into the HTML widget (about a millisecond per update: benchmarks/bench_cnn_widgets.py).
"""
import ipywidgets as widgets

from . import html
from .receptive_field import KERNEL_SIZES

WIDE = {"description_width": "initial"}


class ReceptiveFieldView:
    """Controls for a `ReceptiveFieldState`: a text box for the sequence, the kernel size, a text box for
    the dilations, step back / forward, reset, play/pause and a slider over t. Display it as the last
    line of a cell.

    Attributes:
        box: the outer ipywidgets.VBox (CSS class "receptive-field"); text, kernel, dilations, back,
        forward, reset, play, slider, view: the controls and the HTML output.
    """

    def __init__(self, state, *, interval=700):
        self.state = state
        self._syncing = False  # True while the view itself moves the slider and play counter
        self.text = widgets.Text(value=state.text, description="sequence:", continuous_update=False, style=WIDE,
                                 placeholder="type a sentence and press Enter", layout=widgets.Layout(width="460px"))
        self.kernel = widgets.Dropdown(options=KERNEL_SIZES, value=state.kernel_size, description="kernel size k:",
                                       style=WIDE, layout=widgets.Layout(width="170px"))
        self.dilations = widgets.Text(value=", ".join(map(str, state.dilations)), continuous_update=False,
                                      description="dilations d (one per layer):", style=WIDE,
                                      placeholder="e.g. 1, 2, 4", layout=widgets.Layout(width="330px"))
        self.back = widgets.Button(description="◀ step back", tooltip="go to step t - 1")
        self.forward = widgets.Button(description="step forward ▶", tooltip="go to step t + 1")
        self.reset = widgets.Button(description="reset", tooltip="back to t = 1")
        self.slider = widgets.IntSlider(value=state.t, min=1, max=state.T, description="t", style=WIDE)
        self.play = widgets.Play(value=state.t, min=1, max=state.T, interval=interval, show_repeat=False,
                                 description="play", tooltip="play / pause")
        self.view = widgets.HTML(value=state.html())
        for widget, name in ((self.text, "text"), (self.kernel, "kernel"), (self.dilations, "dilations"),
                             (self.back, "back"), (self.forward, "forward"), (self.reset, "reset"),
                             (self.slider, "slider"), (self.play, "play"), (self.view, "view")):
            widget.add_class(f"receptive-field-{name}")

        self.text.observe(self._on_text, names="value")
        self.kernel.observe(lambda change: self._apply(self.state.set_kernel_size, change["new"]), names="value")
        self.dilations.observe(lambda change: self._apply(self.state.set_dilations, change["new"]), names="value")
        self.slider.observe(self._on_t, names="value")
        self.play.observe(self._on_t, names="value")
        self.back.on_click(lambda _: self._go(self.state.t - 1))
        self.forward.on_click(lambda _: self._go(self.state.t + 1))
        self.reset.on_click(lambda _: self._go(1))

        self.box = widgets.VBox([
            self.text,
            widgets.HBox([self.kernel, self.dilations]),
            widgets.HBox([self.back, self.forward, self.reset]),
            widgets.HBox([self.play, self.slider]),
            self.view,
        ])
        self.box.add_class("receptive-field")

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.box._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = (f"Receptive-field slider over {self.state.text!r} "
                                "(an interactive widget: run the notebook in JupyterLab to use it)")
        return bundle

    # ----- callbacks -------------------------------------------------------------------------------
    def _go(self, t):
        self.state.go_to(t)
        self._sync()
        self._redraw()

    def _on_t(self, change):
        if not self._syncing:
            self._go(change["new"])

    def _apply(self, setter, value):
        setter(value)  # on bad input the state keeps its old setting and sets a message
        self._redraw()

    def _on_text(self, change):
        self.play.playing = False
        self.state.set_text(change["new"])
        self._syncing = True
        try:
            for control in (self.slider, self.play):
                control.max = max(control.min, self.state.T)
        finally:
            self._syncing = False
        self._go(self.state.t)

    def _sync(self):
        """Put the slider and the play counter at the state's t without triggering another update."""
        self._syncing = True
        try:
            self.slider.value = self.play.value = self.state.t
        finally:
            self._syncing = False

    def _redraw(self):
        try:
            self.view.value = self.state.html()
        except Exception as exc:  # a widget shows a message, never a traceback
            self.view.value = html.page(html.message(f"Could not draw this step: {exc}"))

"""Notebook 09: the scan widget's view: a box for the pairs, a preset menu and the level controls around one HTML.

All the logic is in `ScanState` (scan.py); this class wires the controls to it and writes its `html()` into the
HTML widget (timings: benchmarks/bench_scan.py).
"""
import ipywidgets as widgets

from .controls import WIDE, TimeControls, show_html, widget_bundle
from .scan import PRESETS

TOOLTIPS = ("go to the level before", "go to the next level", "back to level 0, the inputs")


class ScanView:
    """Controls for a `ScanState`: a text box for the pairs (a_t, b_t), a preset menu, step back / forward, reset,
    play/pause and a slider "level" over 0..L. Display it as the last line of a cell.

    Attributes:
        box: the outer ipywidgets.VBox (CSS classes "scan" and "rnn-scan"); text, preset, back, forward, reset,
        play, slider, view: the controls and the HTML output.
    """

    def __init__(self, state, *, interval=900):
        self.state = state
        self.text = widgets.Text(value=state.text, description="pairs a b:", continuous_update=False, style=WIDE,
                                 placeholder="a b; a b; ... e.g. 0.5 1; 0.5 1; 1 0; press Enter",
                                 layout=widgets.Layout(width="620px"))
        self.preset = widgets.Dropdown(options=["(your own)"] + list(PRESETS), value="(your own)",
                                       description="preset:", style=WIDE)
        self.view = widgets.HTML(value=state.html())
        # level 0 is the inputs
        self.time = TimeControls(state, self._redraw, prefix="scan", interval=interval, first=0, tooltips=TOOLTIPS)
        self.back, self.forward, self.reset = self.time.back, self.time.forward, self.time.reset
        self.slider, self.play = self.time.slider, self.time.play
        self.slider.description = "level"
        self.text.add_class("scan-text")
        self.preset.add_class("scan-preset")
        self.view.add_class("scan-view")
        self.text.observe(self._on_text, names="value")
        self.preset.observe(self._on_preset, names="value")
        self.box = widgets.VBox([widgets.HBox([self.preset]), self.text,
                                 widgets.HBox([self.back, self.forward, self.reset]),
                                 widgets.HBox([self.play, self.slider]), self.view])
        self.box.add_class("scan")
        self.box.add_class("rnn-scan")  # the prefix the browser tests look for

    def _repr_mimebundle_(self, **kwargs):
        return widget_bundle(self.box, f"Scan widget over the pairs {self.state.text!r} "
                             "(an interactive widget: run the notebook in JupyterLab to use it)", **kwargs)

    def _on_preset(self, change):
        if change["new"] in PRESETS:
            self.text.value = PRESETS[change["new"]]  # fires _on_text

    def _on_text(self, change):
        self.play.playing = False
        accepted = self.state.set_text(change["new"])  # a new sequence: level back to 0, a new L
        self._redraw()  # the drawing first, then the controls follow it (controls.py)
        if accepted:
            self.time.restart()

    def _redraw(self):
        show_html(self.view, self.state.html)

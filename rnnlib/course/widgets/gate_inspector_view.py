"""Notebook 05: the gate inspector's view: ipywidgets controls around one ipywidgets.HTML.

All the logic is in `GateInspector` (gate_inspector.py); this class only wires controls to it and writes
its `html()` into the HTML widget. An update takes a few milliseconds: see benchmarks/bench_gate_inspector.py.
"""
import ipywidgets as widgets

from .controls import WIDE, TimeControls, show_html, widget_bundle
from .gate_inspector import KINDS


class GateInspectorView:
    """Controls for a `GateInspector`. Display it as the last line of a cell.

    Controls (each with the CSS class "gate-inspector-<name>"; the outer box has "gate-inspector"):
        text ("your sequence:"): a new input sequence, applied on Enter; starts again at t = 1; bad input
            shows a message in the view and keeps the old sequence.
        model (toggle "LSTM" / "GRU"): which model's gates are shown; t stays where it is.
        unit (dropdown "unit:"): whose values the cell diagram shows; t stays where it is.
        back ("◀ step back"), forward ("step forward ▶"): t - 1, t + 1 (stay at the ends).
        reset ("reset"): t = 1.
        play (play / pause): moves t forwards every `interval` ms; the slider follows it.
        slider ("t"): the step shown, 1..T; the play counter follows it.
        view: the HTML drawing of step t: the cell diagram with the unit's values, then every unit's vectors.
    Args:
        inspector: a `GateInspector`; interval: milliseconds between steps while playing.
    """

    def __init__(self, inspector, *, interval=700):
        self.inspector = inspector
        self.text = widgets.Text(value=inspector.text, description="your sequence:", continuous_update=False,
                                 placeholder="numbers separated by spaces; *0.5 marks a step, then press Enter",
                                 style=WIDE, layout=widgets.Layout(width="640px"))
        self.model = widgets.ToggleButtons(options=list(KINDS), value=inspector.kind, description="model:",
                                           tooltips=["show the LSTM's gates i, f, g, o and cell state c",
                                                     "show the GRU's gates r, z, n"], style=WIDE)
        self.unit = widgets.Dropdown(options=list(range(inspector.units)), value=inspector.unit, description="unit:",
                                     layout=widgets.Layout(width="150px"))
        self.time = TimeControls(inspector, self._redraw, prefix="gate-inspector", interval=interval)
        self.back, self.forward, self.reset = self.time.back, self.time.forward, self.time.reset
        self.slider, self.play = self.time.slider, self.time.play
        self.view = widgets.HTML(value=inspector.html())
        for widget, name in ((self.text, "text"), (self.model, "model"), (self.unit, "unit"), (self.view, "view")):
            widget.add_class(f"gate-inspector-{name}")

        self.text.observe(self._on_text, names="value")
        self.model.observe(self._on_model, names="value")
        self.unit.observe(self._on_unit, names="value")

        self.box = widgets.VBox([
            self.text,
            widgets.HBox([self.model, self.unit]),
            widgets.HBox([self.back, self.forward, self.reset]),
            widgets.HBox([self.play, self.slider]),
            self.view,
        ])
        self.box.add_class("gate-inspector")
        self.box.add_class("rnn-gate-inspector")  # the class the browser tests look for

    def _repr_mimebundle_(self, **kwargs):
        return widget_bundle(self.box, f"Gate inspector ({self.inspector.kind}, T = {self.inspector.T}; an "
                             "interactive widget: run the notebook in JupyterLab to use it)", **kwargs)

    # ----- callbacks: each changes the inspector, then redraws -------------------------------------
    def _on_model(self, change):
        self.inspector.set_kind(change["new"])
        self._redraw()

    def _on_unit(self, change):
        self.inspector.set_unit(change["new"])
        self._redraw()

    def _on_text(self, change):
        self.play.playing = False
        accepted = self.inspector.set_text(change["new"])  # now at t = 1 of the new T
        self._redraw()  # the drawing first, then the controls follow it (controls.py)
        if accepted:
            self.time.restart()

    def _redraw(self):
        show_html(self.view, self.inspector.html)

"""Notebooks 01 and 02: the hidden-state stepper's view: ipywidgets controls around one ipywidgets.HTML.

All the logic is in `HiddenStateStepper` (stepper.py); this class only wires controls to it and
writes its `html()` into the HTML widget. One step's update (state step + HTML build + setting the
new value) takes about a millisecond: see benchmarks/bench_widgets.py.
"""
import ipywidgets as widgets

from .controls import WIDE, TimeControls, show_html, widget_bundle

FORWARDS, BACKWARDS = "forwards ▶", "◀ backwards"


class StepperView:
    """Controls for a `HiddenStateStepper`: a text box for the learner's own input, step back / forward,
    reset, play/pause in either direction, and a slider over t. Display it as the last line of a cell.

    Args:
        stepper: a `HiddenStateStepper`.
        interval: milliseconds between steps while playing.
    Attributes:
        box: the outer ipywidgets.VBox (CSS class "rnn-stepper"); text, back, forward, reset, play,
        direction, slider, view: the controls and the HTML output (used by tests and browser tests).
    """

    def __init__(self, stepper, *, interval=800):
        self.stepper = stepper
        self.text = widgets.Text(value=stepper.text, description="your text:", continuous_update=False,
                                 placeholder="type a word and press Enter", style=WIDE,
                                 layout=widgets.Layout(width="420px"))
        self.time = TimeControls(stepper, self._redraw, prefix="rnn-stepper", interval=interval)
        self.back, self.forward, self.reset = self.time.back, self.time.forward, self.time.reset
        self.slider, self.play = self.time.slider, self.time.play
        self.direction = widgets.ToggleButtons(options=[FORWARDS, BACKWARDS], value=FORWARDS,
                                               style={"button_width": "110px"},
                                               tooltips=["t goes up while playing", "t goes down while playing"])
        self.view = widgets.HTML(value=stepper.html())
        for widget, name in ((self.text, "text"), (self.direction, "direction"), (self.view, "view")):
            widget.add_class(f"rnn-stepper-{name}")

        self.text.observe(self._on_text, names="value")
        self.direction.observe(self._on_direction, names="value")

        self.box = widgets.VBox([
            self.text,
            widgets.HBox([self.back, self.forward, self.reset]),
            widgets.HBox([widgets.Label("play:"), self.play, self.direction, self.slider]),
            self.view,
        ])
        self.box.add_class("rnn-stepper")

    def _repr_mimebundle_(self, **kwargs):
        return widget_bundle(self.box, f"Hidden-state stepper over {self.stepper.text!r} "
                             "(an interactive widget: run the notebook in JupyterLab to use it)", **kwargs)

    # ----- callbacks: each changes the stepper, then redraws ---------------------------------------
    def _on_direction(self, change):
        self.time.backwards = change["new"] == BACKWARDS
        self.time.sync_play()  # playing continues from the current t, in the new direction

    def _on_text(self, change):
        self.play.playing = False
        accepted = self.stepper.set_text(change["new"])  # the stepper is now at t = 1 of the new T
        self._redraw()  # the drawing first, then the controls follow it (controls.py)
        if accepted:
            self.time.restart()

    def _redraw(self):
        show_html(self.view, self.stepper.html)

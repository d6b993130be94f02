"""The hidden-state stepper's view: ipywidgets controls around one ipywidgets.HTML.

All the logic is in `HiddenStateStepper` (stepper.py); this class only wires controls to it and
writes its `html()` into the HTML widget. One step's update (state step + HTML build + setting the
new value) takes about a millisecond: see benchmarks/bench_widgets.py.
"""
import ipywidgets as widgets

from . import html

WIDE = {"description_width": "initial"}
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
        self._resizing = False  # True while a new text moves the slider and the play counter together
        T = stepper.T
        self.text = widgets.Text(value=stepper.text, description="your text:", continuous_update=False,
                                 placeholder="type a word and press Enter", style=WIDE,
                                 layout=widgets.Layout(width="420px"))
        self.back = widgets.Button(description="◀ step back", tooltip="go to step t - 1")
        self.forward = widgets.Button(description="step forward ▶", tooltip="go to step t + 1")
        self.reset = widgets.Button(description="reset", tooltip="back to t = 1")
        self.slider = widgets.IntSlider(value=stepper.t, min=1, max=T, description="t", style=WIDE)
        # Play runs in the browser and counts p = 1..T; t follows it: t = p forwards, t = T + 1 - p backwards.
        self.play = widgets.Play(value=stepper.t, min=1, max=T, interval=interval, show_repeat=False,
                                 description="play", tooltip="play / pause")
        self.direction = widgets.ToggleButtons(options=[FORWARDS, BACKWARDS], value=FORWARDS,
                                               style={"button_width": "110px"},
                                               tooltips=["t goes up while playing", "t goes down while playing"])
        self.view = widgets.HTML(value=stepper.html())
        for widget, name in ((self.text, "text"), (self.back, "back"), (self.forward, "forward"),
                             (self.reset, "reset"), (self.slider, "slider"), (self.play, "play"),
                             (self.direction, "direction"), (self.view, "view")):
            widget.add_class(f"rnn-stepper-{name}")

        self.text.observe(self._on_text, names="value")
        self.slider.observe(self._on_t, names="value")
        self.play.observe(self._on_play, names="value")
        self.direction.observe(lambda _: self._sync_play(), names="value")
        self.back.on_click(lambda _: self._move(self.stepper.step_back))
        self.forward.on_click(lambda _: self._move(self.stepper.step_forward))
        self.reset.on_click(lambda _: self._move(self.stepper.reset))

        self.box = widgets.VBox([
            self.text,
            widgets.HBox([self.back, self.forward, self.reset]),
            widgets.HBox([widgets.Label("play:"), self.play, self.direction, self.slider]),
            self.view,
        ])
        self.box.add_class("rnn-stepper")

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.box._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = (f"Hidden-state stepper over {self.stepper.text!r} "
                                "(an interactive widget: run the notebook in JupyterLab to use it)")
        return bundle

    # ----- the play counter p and the step t -------------------------------------------------------
    def _t_from_p(self, p):
        return p if self.direction.value == FORWARDS else self.stepper.T + 1 - p

    def _sync_play(self):
        """Put the play counter where the current t is, so playing continues from here."""
        p = self._t_from_p(self.stepper.t)  # the map t <-> p is its own inverse
        if self.play.value != p:
            self.play.value = p  # fires _on_play, which finds t unchanged

    # ----- callbacks: each changes the stepper, then redraws ---------------------------------------
    def _move(self, action):
        action()
        if self.slider.value == self.stepper.t:
            self._redraw()  # t did not change (already at an end): redraw anyway, e.g. to clear a message
        else:
            self.slider.value = self.stepper.t  # fires _on_t, which redraws

    def _on_t(self, change):
        if self._resizing:
            return
        self.stepper.go_to(change["new"])
        self._sync_play()
        self._redraw()

    def _on_play(self, change):
        if self._resizing:
            return
        t = self._t_from_p(change["new"])
        if t != self.slider.value:
            self.slider.value = t  # fires _on_t

    def _on_text(self, change):
        self.play.playing = False
        if self.stepper.set_text(change["new"]):  # the stepper is now at t = 1 of the new T
            self._resizing = True
            try:
                for control in (self.slider, self.play):
                    control.value = 1  # first a value valid for any T, then the new range
                    control.max = self.stepper.T
            finally:
                self._resizing = False
            self._sync_play()
        self._redraw()

    def _redraw(self):
        try:
            self.view.value = self.stepper.html()
        except Exception as exc:  # a widget shows a message, never a traceback
            self.view.value = html.page(html.message(f"Could not draw this step: {exc}"))

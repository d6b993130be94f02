"""Notebook 03: the BPTT walker's view: ipywidgets controls around one ipywidgets.HTML.

All the logic is in `BPTTWalker` (bptt_walker.py); this class wires the controls to it and writes its
`html()` into the HTML widget. One click costs about 2 ms (benchmarks/bench_gradient_widgets.py).
"""
import ipywidgets as widgets

from .bptt_walker import LOSS_AT
from .controls import WIDE, TimeControls, show_html, widget_bundle


class BPTTWalkerView:
    """Controls for a `BPTTWalker`: a text box for the learner's own sequence, the choice of where the loss
    is taken, step back (t - 1, one more backward step) / step forward (t + 1, undo), reset (t = T), play
    (walks backwards to t = 1) and a slider over t. Display it as the last line of a cell.

    Attributes:
        box: the outer ipywidgets.VBox (CSS classes "bptt-walker" and "rnn-bptt-walker"); text, loss, back,
        forward, reset, play, slider, view: the controls and the HTML output (each with a CSS class
        "bptt-walker-<name>").
    """

    def __init__(self, walker, *, interval=900):
        self.walker = walker
        self.text = widgets.Text(value=", ".join(f"{v:g}" for v in walker.values),
                                 description="your sequence x_1..x_T:",
                                 continuous_update=False, placeholder="numbers separated by commas, then Enter",
                                 style=WIDE, layout=widgets.Layout(width="520px"))
        self.loss = widgets.ToggleButtons(options=LOSS_AT, value=walker.loss_at, description="loss taken at",
                                          style={"button_width": "130px", **WIDE},
                                          tooltips=["L = sum of L_t over every step", "L = L_T only"])
        # Play counts p = 1..T in the browser; the walk goes backwards, so t = T + 1 - p.
        self.time = TimeControls(walker, self._redraw, prefix="bptt-walker", interval=interval, backwards=True,
                                 tooltips=("one more backward step: t -> t - 1", "undo one backward step: t -> t + 1",
                                           "back to the start of the walk, t = T"),
                                 play_description="play backwards", play_tooltip="play / pause: walk back to t = 1")
        self.back, self.forward, self.reset = self.time.back, self.time.forward, self.time.reset
        self.slider, self.play = self.time.slider, self.time.play
        self.view = widgets.HTML(value=walker.html())
        for widget, name in ((self.text, "text"), (self.loss, "loss"), (self.view, "view")):
            widget.add_class(f"bptt-walker-{name}")

        self.text.observe(lambda change: self._restart(self.walker.set_sequence, change["new"]), names="value")
        self.loss.observe(lambda change: self._restart(self.walker.set_loss_at, change["new"]), names="value")

        self.box = widgets.VBox([
            self.text,
            self.loss,
            widgets.HBox([self.back, self.forward, self.reset]),
            widgets.HBox([self.play, self.slider]),
            self.view,
        ])
        self.box.add_class("bptt-walker")
        self.box.add_class("rnn-bptt-walker")  # the prefix the browser tests look for

    def _repr_mimebundle_(self, **kwargs):
        return widget_bundle(self.box, f"BPTT walker over a sequence of T = {self.walker.T} numbers "
                             "(an interactive widget: run the notebook in JupyterLab to use it)", **kwargs)

    # ----- callbacks: each changes the walker, then redraws ------------------------------------------
    def _restart(self, setter, value):
        """A new sequence or loss: if accepted, the walk restarts at t = T of a possibly new T."""
        self.play.playing = False
        accepted = setter(value)
        self._redraw()  # the drawing first, then the controls follow it (controls.py)
        if accepted:
            self.time.restart()

    def _redraw(self):
        show_html(self.view, self.walker.html)

"""The BPTT walker's view: ipywidgets controls around one ipywidgets.HTML.

All the logic is in `BPTTWalker` (bptt_walker.py); this class wires the controls to it and writes its
`html()` into the HTML widget. One click costs about 2 ms (benchmarks/bench_gradient_widgets.py).
"""
import ipywidgets as widgets

from . import html
from .bptt_walker import LOSS_AT

WIDE = {"description_width": "initial"}


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
        self._resizing = False  # True while a new sequence moves the slider and the play counter together
        T = walker.T
        self.text = widgets.Text(value=", ".join(f"{v:g}" for v in walker.values),
                                 description="your sequence x_1..x_T:",
                                 continuous_update=False, placeholder="numbers separated by commas, then Enter",
                                 style=WIDE, layout=widgets.Layout(width="520px"))
        self.loss = widgets.ToggleButtons(options=LOSS_AT, value=walker.loss_at, description="loss taken at",
                                          style={"button_width": "130px", **WIDE},
                                          tooltips=["L = sum of L_t over every step", "L = L_T only"])
        self.back = widgets.Button(description="◀ step back", tooltip="one more backward step: t -> t - 1")
        self.forward = widgets.Button(description="step forward ▶", tooltip="undo one backward step: t -> t + 1")
        self.reset = widgets.Button(description="reset", tooltip="back to the start of the walk, t = T")
        self.slider = widgets.IntSlider(value=walker.t, min=1, max=T, description="t", style=WIDE)
        # Play counts p = 1..T in the browser; the walk goes backwards, so t = T + 1 - p.
        self.play = widgets.Play(value=1, min=1, max=T, interval=interval, show_repeat=False,
                                 description="play backwards", tooltip="play / pause: walk back to t = 1")
        self.view = widgets.HTML(value=walker.html())
        for widget, name in ((self.text, "text"), (self.loss, "loss"), (self.back, "back"),
                             (self.forward, "forward"), (self.reset, "reset"), (self.slider, "slider"),
                             (self.play, "play"), (self.view, "view")):
            widget.add_class(f"bptt-walker-{name}")

        self.text.observe(self._on_text, names="value")
        self.loss.observe(self._on_loss, names="value")
        self.slider.observe(self._on_t, names="value")
        self.play.observe(self._on_play, names="value")
        self.back.on_click(lambda _: self._move(self.walker.step_back))
        self.forward.on_click(lambda _: self._move(self.walker.step_forward))
        self.reset.on_click(lambda _: self._move(self.walker.reset))

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
        bundle = self.box._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = (f"BPTT walker over a sequence of T = {self.walker.T} numbers "
                                "(an interactive widget: run the notebook in JupyterLab to use it)")
        return bundle

    # ----- the play counter p and the step t (t = T + 1 - p, its own inverse) -------------------------
    def _sync_play(self):
        p = self.walker.T + 1 - self.walker.t
        if self.play.value != p:
            self.play.value = p  # fires _on_play, which finds t unchanged

    # ----- callbacks: each changes the walker, then redraws ------------------------------------------
    def _move(self, action):
        action()
        if self.slider.value == self.walker.t:
            self._redraw()  # t did not change (already at an end): redraw anyway, e.g. to clear a message
        else:
            self.slider.value = self.walker.t  # fires _on_t, which redraws

    def _on_t(self, change):
        if self._resizing:
            return
        self.walker.go_to(change["new"])
        self._sync_play()
        self._redraw()

    def _on_play(self, change):
        if self._resizing:
            return
        t = self.walker.T + 1 - change["new"]
        if t != self.slider.value:
            self.slider.value = t  # fires _on_t

    def _restarted(self):
        """After a new sequence or loss: the walker is at t = T of a possibly new T; move the controls there."""
        self._resizing = True
        try:
            self.slider.value, self.play.value = 1, 1  # first values valid for any T, then the new range
            self.slider.max = self.play.max = self.walker.T
            self.slider.value = self.walker.t
        finally:
            self._resizing = False
        self._sync_play()

    def _on_text(self, change):
        self.play.playing = False
        if self.walker.set_sequence(change["new"]):
            self._restarted()
        self._redraw()

    def _on_loss(self, change):
        self.play.playing = False
        if self.walker.set_loss_at(change["new"]):
            self._restarted()
        self._redraw()

    def _redraw(self):
        try:
            self.view.value = self.walker.html()
        except Exception as exc:  # a widget shows a message, never a traceback
            self.view.value = html.page(html.message(f"Could not draw this step: {exc}"))

"""Every widget: what the widget views share: the time controls of a `Timeline`, the safe redraw and the text repr.

    TimeControls(state, redraw, prefix="rnn-stepper")  # step back / step forward / reset, play and a slider over t
    show_html(view, state.html)                          # write the state's HTML, or a message if drawing fails
    widget_bundle(box, "Hidden-state stepper ...")       # what a view's _repr_mimebundle_ returns

The play counter p runs in the browser and counts first..T; t follows it: t = p forwards, t = T + first - p when
`backwards` is True (the map is its own inverse, so it also gives p from t).

Why the drawing goes first: each control is its own ipywidgets model, so one click sends the browser one
message per control that changes (the slider, the play counter, the drawing), in the order Python sets them,
and the browser handles and paints each before it reads the next. A move therefore draws first and then
puts the slider and the play counter where t now is: the drawing, which is what the learner waits for, is the
first message to arrive. Measured in the browser tests: see tests/browser/widget_driving.py.
"""
from contextlib import contextmanager

import ipywidgets as widgets

from . import html

WIDE = {"description_width": "initial"}
TOOLTIPS = ("go to step t - 1", "go to step t + 1", "back to t = 1")


def show_html(view, make_html, failure="Could not draw this step"):
    """Set `view.value` (an ipywidgets.HTML) to `make_html()`; a widget shows a message, never a traceback.
    An unchanged value sends nothing to the browser (traitlets only notifies a change)."""
    try:
        view.value = make_html()
    except Exception as exc:
        view.value = html.page(html.message(f"{failure}: {exc}"))


def widget_bundle(box, text, **kwargs):
    """The mime bundle of `box` with `text` as its text/plain (the stable text nbval compares)."""
    bundle = box._repr_mimebundle_(**kwargs)
    bundle["text/plain"] = text
    return bundle


class TimeControls:
    """Buttons "◀ step back", "step forward ▶", "reset", a Play counter and an IntSlider "t" over first..T,
    wired to a `Timeline` state: each control moves `state.t`, `redraw()` runs, then the others follow.

    Args:
        state: a `Timeline` (has t, T, go_to, step_forward, step_back, reset).
        redraw: called with no arguments after every move, before the slider and play counter move.
        prefix: each control gets the CSS class "<prefix>-back", "-forward", "-reset", "-slider", "-play".
        interval: milliseconds between steps while playing; backwards: True if playing moves t down.
        first: the first t (1; ScanView's levels start at 0).
        tooltips: of the back, forward and reset buttons; play_description, play_tooltip: of the Play.
    Attributes:
        back, forward, reset, slider, play: the controls; backwards: the play direction (set it, then call
        `sync_play()`); first.
    """

    def __init__(self, state, redraw, *, prefix, interval, backwards=False, first=1, tooltips=TOOLTIPS,
                 play_description="play", play_tooltip="play / pause"):
        self.state, self.redraw, self.backwards, self.first = state, redraw, backwards, first
        self._quiet = False  # True while this class moves the slider and play counter itself
        self.back = widgets.Button(description="◀ step back", tooltip=tooltips[0])
        self.forward = widgets.Button(description="step forward ▶", tooltip=tooltips[1])
        self.reset = widgets.Button(description="reset", tooltip=tooltips[2])
        self.slider = widgets.IntSlider(value=state.t, min=first, max=state.T, description="t", style=WIDE)
        self.play = widgets.Play(value=self._flip(state.t), min=first, max=state.T, interval=interval,
                                 show_repeat=False, description=play_description, tooltip=play_tooltip)
        for name in ("back", "forward", "reset", "slider", "play"):
            getattr(self, name).add_class(f"{prefix}-{name}")

        self.slider.observe(self._on_t, names="value")
        self.play.observe(self._on_play, names="value")
        self.back.on_click(lambda _: self._move(state.step_back))
        self.forward.on_click(lambda _: self._move(state.step_forward))
        self.reset.on_click(lambda _: self._move(state.reset))

    def _flip(self, t_or_p):
        """t from p, or p from t: the same map both ways."""
        return self.state.T + self.first - t_or_p if self.backwards else t_or_p

    @contextmanager
    def _moving(self):
        """Move the slider and the play counter without their observers redrawing."""
        self._quiet = True
        try:
            yield
        finally:
            self._quiet = False

    def sync_play(self):
        """Put the slider and the play counter where the current t is (playing continues from here); no redraw.
        Only a control whose value changes sends a message to the browser."""
        with self._moving():
            self.slider.value = self.state.t
            self.play.value = self._flip(self.state.t)

    def restart(self):
        """After the state got a new sequence (a new T): the slider and the play counter over first..T, at the
        state's t, in one message each; no redraw (the view redraws, best before calling this)."""
        with self._moving(), self.slider.hold_sync(), self.play.hold_sync():
            self.slider.value = self.play.value = self.first  # valid for any T, then the new range
            self.slider.max = self.play.max = self.state.T
            self.slider.value, self.play.value = self.state.t, self._flip(self.state.t)

    def _show(self):
        """Draw step t first, then move the slider and the play counter to it (see the module docstring)."""
        self.redraw()
        self.sync_play()

    def _move(self, action):
        action()  # at an end t stays; the redraw still runs, e.g. to clear a message
        self._show()

    def _on_t(self, change):
        if not self._quiet:
            self.state.go_to(change["new"])
            self._show()

    def _on_play(self, change):
        t = self._flip(change["new"])
        if not self._quiet and t != self.state.t:
            self.state.go_to(t)
            self._show()

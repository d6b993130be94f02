"""Every widget: what the widget views share: the time controls of a `Timeline`, the safe redraw and the text repr.

    TimeControls(state, redraw, prefix="rnn-stepper")  # step back / step forward / reset, play and a slider over t
    show_html(view, state.html)                          # write the state's HTML, or a message if drawing fails
    widget_bundle(box, "Hidden-state stepper ...")       # what a view's _repr_mimebundle_ returns

The play counter p runs in the browser and counts 1..T; t follows it: t = p forwards, t = T + 1 - p when
`backwards` is True (the map is its own inverse, so it also gives p from t).
"""
import ipywidgets as widgets

from . import html

WIDE = {"description_width": "initial"}
TOOLTIPS = ("go to step t - 1", "go to step t + 1", "back to t = 1")


def show_html(view, make_html, failure="Could not draw this step"):
    """Set `view.value` (an ipywidgets.HTML) to `make_html()`; a widget shows a message, never a traceback."""
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
    """Buttons "◀ step back", "step forward ▶", "reset", a Play counter and an IntSlider "t" over 1..T,
    wired to a `Timeline` state: each control moves `state.t`, the others follow, then `redraw()` runs.

    Args:
        state: a `Timeline` (has t, T, go_to, step_forward, step_back, reset).
        redraw: called with no arguments after every move.
        prefix: each control gets the CSS class "<prefix>-back", "-forward", "-reset", "-slider", "-play".
        interval: milliseconds between steps while playing; backwards: True if playing moves t down.
        tooltips: of the back, forward and reset buttons; play_description, play_tooltip: of the Play.
    Attributes:
        back, forward, reset, slider, play: the controls; backwards: the play direction (set it, then call
        `sync_play()`).
    """

    def __init__(self, state, redraw, *, prefix, interval, backwards=False, tooltips=TOOLTIPS,
                 play_description="play", play_tooltip="play / pause"):
        self.state, self.redraw, self.backwards = state, redraw, backwards
        self._resizing = False  # True while `restart` moves the slider and the play counter together
        self.back = widgets.Button(description="◀ step back", tooltip=tooltips[0])
        self.forward = widgets.Button(description="step forward ▶", tooltip=tooltips[1])
        self.reset = widgets.Button(description="reset", tooltip=tooltips[2])
        self.slider = widgets.IntSlider(value=state.t, min=1, max=state.T, description="t", style=WIDE)
        self.play = widgets.Play(value=self._flip(state.t), min=1, max=state.T, interval=interval,
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
        return self.state.T + 1 - t_or_p if self.backwards else t_or_p

    def sync_play(self):
        """Put the play counter where the current t is, so playing continues from here."""
        p = self._flip(self.state.t)
        if self.play.value != p:
            self.play.value = p  # fires _on_play, which finds t unchanged

    def restart(self):
        """After the state got a new sequence (a new T): move the slider and play counter to the state's t."""
        self._resizing = True
        try:
            self.slider.value, self.play.value = 1, 1  # first values valid for any T, then the new range
            self.slider.max = self.play.max = self.state.T
            self.slider.value = self.state.t
        finally:
            self._resizing = False
        self.sync_play()

    def _move(self, action):
        action()
        if self.slider.value == self.state.t:
            self.redraw()  # t did not change (already at an end): redraw anyway, e.g. to clear a message
        else:
            self.slider.value = self.state.t  # fires _on_t, which redraws

    def _on_t(self, change):
        if self._resizing:
            return
        self.state.go_to(change["new"])
        self.sync_play()
        self.redraw()

    def _on_play(self, change):
        if self._resizing:
            return
        t = self._flip(change["new"])
        if t != self.slider.value:
            self.slider.value = t  # fires _on_t

"""Notebook 08: the attention stepper's view: a sentence box and the time controls around one ipywidgets.HTML.

All the logic is in `AttentionStepper` (attention.py); this class wires the controls to it and writes its
`html()` into the HTML widget (timings: benchmarks/bench_attention_widget.py).
"""
import ipywidgets as widgets

from .controls import WIDE, TimeControls, show_html, widget_bundle


class AttentionView:
    """Controls for an `AttentionStepper`: a text box for the sentence, step back / forward, reset, play/pause
    and a slider over the output steps t. Display it as the last line of a cell.

    Attributes:
        box: the outer ipywidgets.VBox (CSS classes "attention" and "rnn-attention"); text, back, forward, reset,
        play, slider, view: the controls and the HTML output.
    """

    def __init__(self, state, *, interval=700):
        self.state = state
        self.text = widgets.Text(value=state.text, description="sentence:", continuous_update=False, style=WIDE,
                                 placeholder="number words, e.g. forty two , seven; press Enter",
                                 layout=widgets.Layout(width="520px"))
        self.time = TimeControls(state, self._redraw, prefix="attention", interval=interval)
        self.back, self.forward, self.reset = self.time.back, self.time.forward, self.time.reset
        self.slider, self.play = self.time.slider, self.time.play
        self.view = widgets.HTML(value=state.html())
        self.text.add_class("attention-text")
        self.view.add_class("attention-view")
        self.text.observe(self._on_text, names="value")
        self.box = widgets.VBox([self.text, widgets.HBox([self.back, self.forward, self.reset]),
                                 widgets.HBox([self.play, self.slider]), self.view])
        self.box.add_class("attention")
        self.box.add_class("rnn-attention")  # the prefix the browser tests look for

    def _repr_mimebundle_(self, **kwargs):
        return widget_bundle(self.box, f"Attention stepper translating {self.state.text!r} "
                             "(an interactive widget: run the notebook in JupyterLab to use it)", **kwargs)

    def _on_text(self, change):
        self.play.playing = False
        accepted = self.state.set_text(change["new"])  # a new translation: t back to 1, a new T
        self._redraw()  # the drawing first, then the controls follow it (controls.py)
        if accepted:
            self.time.restart()

    def _redraw(self):
        show_html(self.view, self.state.html)

"""Notebook 07: the text sampler's view: ipywidgets controls around one ipywidgets.HTML.

All the logic is in `TextSamplerState` (sampler.py); this class wires the controls to it and writes its
`html()` into the HTML widget (a 200-character sample takes a few ms: benchmarks/bench_cnn_widgets.py).
"""
import ipywidgets as widgets

from .controls import WIDE, show_html, widget_bundle
from .sampler import LENGTH_RANGE, TEMPERATURE_RANGE


class TextSamplerView:
    """Controls for a `TextSamplerState`: a prompt text box, a temperature slider, a seed box, a length
    slider and a "new sample" button (seed + 1). Display it as the last line of a cell.

    Attributes:
        box: the outer ipywidgets.VBox (CSS classes "text-sampler" and "rnn-text-sampler"); prompt, temperature,
        seed, length, resample, view: the controls and the HTML output.
    """

    def __init__(self, state):
        self.state = state
        self.prompt = widgets.Text(value=state.prompt, description="prompt:", continuous_update=False, style=WIDE,
                                   placeholder="type the start of a sentence and press Enter",
                                   layout=widgets.Layout(width="460px"))
        self.temperature = widgets.FloatSlider(value=state.temperature, min=TEMPERATURE_RANGE[0], max=2.0, step=0.05,
                                               description="temperature τ", continuous_update=False, style=WIDE,
                                               readout_format=".2f", layout=widgets.Layout(width="420px"))
        self.seed = widgets.BoundedIntText(value=state.seed, min=0, max=10**6, description="seed:", style=WIDE,
                                           layout=widgets.Layout(width="160px"))
        self.length = widgets.IntSlider(value=state.length, min=10, max=LENGTH_RANGE[1], step=10, description="length",
                                        continuous_update=False, style=WIDE)
        self.resample = widgets.Button(description="new sample (seed + 1)", tooltip="draw another continuation",
                                       layout=widgets.Layout(width="200px"))
        self.view = widgets.HTML(value=state.html())
        for widget, name in ((self.prompt, "prompt"), (self.temperature, "temperature"), (self.seed, "seed"),
                             (self.length, "length"), (self.resample, "resample"), (self.view, "view")):
            widget.add_class(f"text-sampler-{name}")

        for widget, setter in ((self.prompt, state.set_prompt), (self.temperature, state.set_temperature),
                               (self.length, state.set_length)):
            widget.observe(lambda change, setter=setter: self._apply(setter, change["new"]), names="value")
        self.seed.observe(self._on_seed, names="value")
        self.resample.on_click(self._on_resample)

        self.box = widgets.VBox([self.prompt, widgets.HBox([self.temperature, self.seed]),
                                 widgets.HBox([self.length, self.resample]), self.view])
        self.box.add_class("text-sampler")
        self.box.add_class("rnn-text-sampler")  # the prefix the browser tests look for

    def _repr_mimebundle_(self, **kwargs):
        return widget_bundle(self.box, f"Text sampler continuing {self.state.prompt!r} "
                             "(an interactive widget: run the notebook in JupyterLab to use it)", **kwargs)

    def _on_seed(self, change):
        if change["new"] != self.state.seed or self.state.message:  # not the seed box following "new sample"
            self._apply(self.state.set_seed, change["new"])

    def _on_resample(self, _):
        self._apply(self.state.set_seed, self.state.seed + 1)  # the sample first, then the seed box follows it
        self.seed.value = self.state.seed

    def _apply(self, setter, value):
        setter(value)  # on bad input the state keeps its old setting and sets a message
        show_html(self.view, self.state.html, "Could not sample")

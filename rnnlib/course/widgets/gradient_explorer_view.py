"""Notebook 04: the gradient explorer's view: sliders and toggle buttons around one ipywidgets.HTML holding an SVG plot.

All the logic is in `GradientExplorer` (gradient_explorer.py). One update (Jacobians, norms, SVG) takes
a few milliseconds up to about 20 ms at T = 200 (benchmarks/bench_gradient_widgets.py).
"""
import ipywidgets as widgets

from .controls import WIDE, show_html, widget_bundle
from .gradient_explorer import ACTIVATION_NAMES, DEFAULTS, KINDS, LIMITS


class GradientExplorerView:
    """Controls for a `GradientExplorer`: scale s of W_hh, activation f, length T, kind of W_hh (normal or
    non-normal), input strength, and reset. Display it as the last line of a cell.

    Attributes:
        box: the outer ipywidgets.VBox (CSS classes "gradient-explorer" and "rnn-gradient-explorer");
        scale, activation, T, kind, input_scale, reset, view: the controls and the HTML output (each with
        a CSS class "gradient-explorer-<name>").
    """

    def __init__(self, explorer):
        self.explorer = explorer
        s = explorer.settings
        self.scale = widgets.FloatSlider(value=s["scale"], min=LIMITS["scale"][0], max=LIMITS["scale"][1], step=0.05,
                                         description="scale s of W_hh = s·M", readout_format=".2f", style=WIDE,
                                         layout=widgets.Layout(width="460px"))
        self.activation = widgets.ToggleButtons(options=[(name, key) for key, name in ACTIVATION_NAMES.items()],
                                                value=s["activation"], description="activation f",
                                                style={"button_width": "90px", **WIDE})
        self.T = widgets.IntSlider(value=s["T"], min=LIMITS["T"][0], max=LIMITS["T"][1], description="T (length)",
                                   style=WIDE, layout=widgets.Layout(width="460px"))
        self.kind = widgets.ToggleButtons(options=KINDS, value=s["kind"], description="W_hh kind",
                                          style={"button_width": "110px", **WIDE},
                                          tooltips=["M orthogonal: rho = sigma_max", "rho(M) = 1 < sigma_max(M)"])
        self.input_scale = widgets.FloatSlider(value=s["input_scale"], min=LIMITS["input_scale"][0],
                                               max=LIMITS["input_scale"][1], step=0.5, readout_format=".1f",
                                               description="input strength", style=WIDE,
                                               layout=widgets.Layout(width="460px"))
        self.reset = widgets.Button(description="reset", tooltip="back to the default settings")
        self.view = widgets.HTML(value=explorer.html())
        self._controls = {"scale": self.scale, "activation": self.activation, "T": self.T, "kind": self.kind,
                          "input_scale": self.input_scale}
        for name, widget in list(self._controls.items()) + [("reset", self.reset), ("view", self.view)]:
            widget.add_class(f"gradient-explorer-{name}")
        for name, widget in self._controls.items():
            widget.observe(lambda change, name=name: self._on_change(name, change["new"]), names="value")
        self._resetting = False
        self.reset.on_click(self._on_reset)

        self.box = widgets.VBox([
            widgets.HBox([self.scale, self.T]),
            widgets.HBox([self.activation, self.kind]),
            widgets.HBox([self.input_scale, self.reset]),
            self.view,
        ])
        self.box.add_class("gradient-explorer")
        self.box.add_class("rnn-gradient-explorer")  # the prefix the browser tests look for

    def _repr_mimebundle_(self, **kwargs):
        return widget_bundle(self.box, "Gradient explorer: ||dh_T/dh_k|| against k with the bound "
                             "(an interactive widget: run the notebook in JupyterLab to use it)", **kwargs)

    def _on_change(self, name, value):
        if self._resetting:
            return
        self.explorer.set(**{name: value})
        self._redraw()

    def _on_reset(self, _):
        self._resetting = True  # move every control without recomputing once per control
        try:
            for name, widget in self._controls.items():
                widget.value = DEFAULTS[name]
        finally:
            self._resetting = False
        self.explorer.reset()
        self._redraw()

    def _redraw(self):
        show_html(self.view, self.explorer.html, "Could not draw")

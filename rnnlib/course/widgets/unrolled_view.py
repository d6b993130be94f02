"""Notebook 02: a slider over T and the unrolled graph for that T (drawn as SVG into an ipywidgets.HTML)."""
import ipywidgets as widgets

from ..plotting.unrolled import parameter_count, unrolled_layout
from .controls import WIDE, widget_bundle
from .svg import graph_svg


class UnrolledGraphView:
    """Choose T with a slider (and whether the weights are shared) and see the RNN unrolled over T steps.

    Args:
        T: the first T shown; max_T: the slider's end (at most 12); sizes: (D, H, K), the input, hidden and
            output sizes, to show the parameter count of what is drawn (`plotting.unrolled.parameter_count`:
            the separate layers have a read-out per step, as drawn), or None.
    Attributes:
        slider, shared (ToggleButtons: True for an RNN), view (the HTML), box (CSS class "rnn-unrolled"), graph (the
        layout shown), count (its parameter count, when sizes are given).
    """

    def __init__(self, T=3, *, max_T=8, sizes=None):
        self.sizes = sizes
        # redraw once when the slider is released, not for every T passed while dragging
        self.slider = widgets.IntSlider(value=T, min=1, max=max_T, description="T (steps)", continuous_update=False,
                                        style=WIDE)
        self.shared = widgets.ToggleButtons(options=[("same weights at every step (an RNN)", True),
                                                     ("separate weights per step", False)], value=True,
                                            style={"button_width": "280px"})
        self.view = widgets.HTML()
        self.slider.observe(self._redraw, names="value")
        self.shared.observe(self._redraw, names="value")
        self.box = widgets.VBox([self.slider, self.shared, self.view])
        self.box.add_class("rnn-unrolled")
        self._redraw()

    def _redraw(self, change=None):
        T, shared = self.slider.value, self.shared.value
        self.graph = unrolled_layout(T, shared=shared)
        title = (f"T = {T}: one W_xh, one W_hh, one W_hy, used at every step" if shared
                 else f"T = {T} separate layers: {T} different sets of weights")
        if self.sizes is not None:
            self.count = parameter_count(self.graph, *self.sizes)
            title += f", {self.count:,} parameters"
        self.view.value = graph_svg(self.graph, title=title)

    def _repr_mimebundle_(self, **kwargs):
        return widget_bundle(self.box, "Unrolled-graph widget: a slider over T "
                             "(run the notebook in JupyterLab to use it)", **kwargs)

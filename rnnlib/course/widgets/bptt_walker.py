"""Notebook 03: the BPTT walker's state: the error walked backwards in time through a small RNN, one step t at a time.

The network and its loss, in the course notation (column vectors):

    a_t = W_hh h_{t-1} + W_xh x_t + b_h,   h_t = tanh(a_t),   y_t = W_hy h_t + b_y
    L_t = 1/2 (y_t - x_1)^2      (the task: report the first input)
    L = sum_t L_t  ("every step")  or  L = L_T  ("last step only")

Walking back from t = T to t = 1, step t shows the recursion with total and partial derivatives apart,

    dL/dh_t = dL_t/dh_t + (dL/dh_{t+1}) dh_{t+1}/dh_t,     dL/da_t = dL/dh_t * f'(a_t),

and step t's share dL/da_t h_{t-1}^T of dL/dW_hh = sum_t dL/da_t h_{t-1}^T. Above the numbers, `bptt_graph_svg`
draws the unrolled graph with its losses L_t and lights the paths walked so far: the two ways out of h_t (to L_t,
and to h_{t+1}) in two colours, and the size of each loss's path back to h_t (`bptt.path_terms`: the recursion
unrolled into its sum over paths). The notebook shows the same drawing on its own. The numbers come from
`bptt.bptt_trace`. No ipywidgets import here: `BPTTWalkerView` (bptt_walker_view.py) is the thin view.
"""
import html as html_text
import math
import re

import numpy as np

from ..bptt import bptt_trace, path_terms
from ...nn.models import SequenceModel
from ...nn.functional import ACTIVATIONS
from ...nn.rnn import RNN
from . import html, svgplot
from .html import CARD, INK, MUTED, readable
from .timeline import Timeline
from .svg import drawing_id

MAX_LENGTH = 16  # longest sequence: the bar chart of ||dL/dh_t|| stays readable
MAX_ABS = 10.0  # inputs beyond this only saturate tanh
LOSS_AT = ("every step", "last step only")
DEFAULT_SEQUENCE = "0.8, -0.5, 0.3, 0, 0, 0, 0, 0"


def cell_format(scale):
    """A signed fixed-point format with enough decimals to show numbers on the scale [-scale, scale]."""
    return "{:+.%df}" % min(4, max(2, 1 - math.floor(math.log10(scale))))


def cell_unit(scale):
    """The power of ten the cells of a colour scale [-scale, scale] are shown in: 1 down to scale 0.1, below that
    10^floor(log10(scale)), so every cell reads like "+1.23" (five characters, never an overflowing "+0.0012")."""
    return 1.0 if scale >= 0.1 else 10.0 ** math.floor(math.log10(scale))


def in_unit(values, unit):
    """Values divided by `unit` and rounded as the cells show them, with no negative zero ("-0.00" is "+0.00")."""
    return np.round(np.asarray(values, dtype=float) / unit, 2) + 0.0  # -0.0 + 0.0 is +0.0


def unit_label(label, unit):
    """A cell label with the unit of its cells: "dL/dh_t" stays, or gains " (in units of 10^-3)"."""
    return label if unit == 1 else f"{label} (in units of 10<sup>&minus;{-round(math.log10(unit))}</sup>)"


def nice_ceil(value):
    """The smallest of 1, 2, 5 times a power of ten that is >= value (a readable fixed scale)."""
    if not value > 0 or not math.isfinite(value):
        return 1.0
    power = 10.0 ** math.floor(math.log10(value))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= value * (1 - 1e-12))


class BPTTWalker(Timeline):
    """Walk backpropagation through time from t = T down to t = 1 on the learner's own sequence.

    Args:
        model: an `rl.SequenceModel` around an `rl.RNN` with input_size 1 and one output (many-to-many);
            None builds one with H = 4 hidden units from `seed`.
        sequence: the inputs x_1..x_T as text ("0.8, -0.5, 0.3") or a list of numbers.
        loss_at: "every step" (L = sum_t L_t) or "last step only" (L = L_T).
    Attributes:
        t: the step shown; the walk has computed steps T..t (it starts at t = T). step_back is one more
        backward step (t -> t - 1), step_forward undoes one (t -> t + 1), reset goes to t = T (from
        `Timeline`). T: the length.
        values: the inputs x_1..x_T; trace: the `bptt.bptt_trace` dict; message: "" or what was wrong
        with the last input (shown in the view instead of a traceback).
    """

    def __init__(self, model=None, sequence=DEFAULT_SEQUENCE, *, loss_at="every step", seed=0):
        if model is None:
            model = SequenceModel(RNN(1, 4, seed=seed), 1, seed=seed + 1)
        if not isinstance(model, SequenceModel) or not isinstance(model.core, RNN):
            raise TypeError(f"model must be an rl.SequenceModel around an rl.RNN; got {type(model).__name__}")
        if model.core.input_size != 1 or model.head.output_size != 1 or model.many_to_one:
            raise ValueError("the walker needs a many-to-many model with input_size 1 and output_size 1 "
                             f"(x_t and y_t are numbers); got {model!r}")
        if loss_at not in LOSS_AT:
            raise ValueError(f"loss_at must be one of {LOSS_AT}; got {loss_at!r}")
        self.model, self.layer, self.loss_at = model, model.core, loss_at
        self.message = ""
        if not self.set_sequence(sequence):
            raise ValueError(self.message)

    # ----- the learner's input ---------------------------------------------------------------------
    @property
    def T(self):
        return len(self.values)

    @staticmethod
    def parse(sequence):
        """The learner's sequence as a list of floats, or a message saying what is wrong.

        Returns:
            (values, message): values is a list of 1..MAX_LENGTH finite numbers in [-MAX_ABS, MAX_ABS], or
            None with a message.
        """
        if isinstance(sequence, str):
            items = [s for s in re.split(r"[,\s;]+", sequence.strip()) if s]
            if not items:
                return None, "The box is empty: type numbers separated by commas, for example 1, 0, -0.5, 0."
            values = []
            for item in items:
                try:
                    values.append(float(item))
                except ValueError:
                    return None, f"{item!r} is not a number: type numbers separated by commas, e.g. 1, 0, -0.5."
        else:
            try:
                values = [float(v) for v in sequence]
            except (TypeError, ValueError):
                return None, f"Please give numbers (text such as '1, 0, -0.5' or a list); got {sequence!r}."
        if not values:
            return None, "The sequence is empty: give at least one number."
        if len(values) > MAX_LENGTH:
            return None, f"That is {len(values)} numbers; please give at most {MAX_LENGTH}."
        if not all(math.isfinite(v) for v in values):
            return None, "NaN and infinity are not inputs a network can learn from: give finite numbers."
        if max(abs(v) for v in values) > MAX_ABS:
            return None, (f"Please keep the numbers between -{MAX_ABS:g} and {MAX_ABS:g} "
                          "(larger ones only saturate tanh).")
        return values, ""

    def set_sequence(self, sequence):
        """Use a new input sequence and restart the walk at t = T; on bad input keep the old one and set
        `message`. Returns True when the sequence was accepted."""
        values, self.message = self.parse(sequence)
        if values is None:
            return False
        self.values = values
        self.recompute()
        return True

    def set_loss_at(self, loss_at):
        """Switch between L = sum_t L_t and L = L_T; restarts the walk at t = T. Returns True if accepted."""
        if loss_at not in LOSS_AT:
            self.message = f"The loss can be taken at {' or '.join(LOSS_AT)}; got {loss_at!r}."
            return False
        self.loss_at, self.message = loss_at, ""
        self.recompute()
        return True

    def recompute(self):
        """Forward pass, the loss's partial derivatives dL_t/dh_t, and the whole backward walk (once)."""
        x = np.array(self.values, dtype=self.layer.dtype)[:, None]  # (T, 1)
        self.x = x
        ys, _ = self.model.forward(x)  # (T, 1)
        taken = np.ones(self.T) if self.loss_at == "every step" else np.eye(self.T)[-1]  # which steps have an L_t
        dy = (ys - x[0]) * taken[:, None]  # dL_t/dy_t = y_t - x_1 where a loss is taken, (T, 1)
        self.losses = 0.5 * (ys[:, 0] - x[0, 0]) ** 2 * taken  # L_t, (T,)
        self.y = ys[:, 0]
        W_hy = self.model.params["W_hy"]  # (1, H)
        self.trace = bptt_trace(self.layer, x, dy @ W_hy)  # dL_t/dh_t = W_hy^T (y_t - x_1), (T, H)
        tr = self.trace
        self.loss_steps = [s for s in range(1, self.T + 1) if taken[s - 1]]
        self.path_norms = np.linalg.norm(path_terms(self.layer, x, tr["local"]), axis=2)  # [t-1, s-1]: L_s to h_t
        self.fprime = ACTIVATIONS[self.layer.activation][1](tr["h"])  # f'(a_t), (T, H)
        self.total_norms = np.linalg.norm(tr["total"], axis=1)  # ||dL/dh_t||, (T,)
        self.dW_hh_sums = np.cumsum(tr["dW_hh"][::-1], axis=0)[::-1]  # sum_{s >= t} dL/da_s h_{s-1}^T
        # fixed colour scales for the whole walk, so the eye can compare steps
        self.g_scale = nice_ceil(max(np.abs(tr[k]).max() for k in ("local", "carried", "total", "da")))
        self.w_scale = nice_ceil(max(np.abs(tr["dW_hh"]).max(), np.abs(self.dW_hh_sums).max()))
        self.t = self.T

    # ----- moving in time: go_to, step_back, step_forward from `Timeline`; the walk starts at t = T ----
    def reset(self):
        """Back to the start of the walk, t = T."""
        self.t = self.T

    # ----- what is shown at step t -----------------------------------------------------------------
    def arrays(self, t=None):
        """Every quantity of backward step t (default: the current one).

        Returns:
            dict: local dL_t/dh_t (H,), carried (dL/dh_{t+1}) dh_{t+1}/dh_t (H,), total dL/dh_t (H,),
            fprime f'(a_t) (H,), da dL/da_t (H,), h_prev h_{t-1} (H,), dW_hh_t = dL/da_t h_{t-1}^T (H, H),
            dW_hh_sum = sum_{s=t}^{T} of those (H, H); at t = 1 this is dL/dW_hh.
        """
        t = self.t if t is None else t
        if not 1 <= t <= self.T:
            raise ValueError(f"t must lie in 1..{self.T}; got {t}")
        tr, i = self.trace, t - 1
        return {"local": tr["local"][i], "carried": tr["carried"][i], "total": tr["total"][i],
                "fprime": self.fprime[i], "da": tr["da"][i], "h_prev": tr["h_prev"][i],
                "dW_hh_t": tr["dW_hh"][i], "dW_hh_sum": self.dW_hh_sums[i]}

    def graph_svg(self, t=None):
        """The unrolled graph of `bptt_graph_svg` at step t (default: the current one), the paths walked so far
        lit and each loss's path size ||(dL_s/dh_s) J_s ... J_{t+1}|| above it."""
        t = self.t if t is None else t
        return bptt_graph_svg(self.T, t, self.loss_steps, path_norms=self.path_norms[t - 1])

    def html(self):
        """The view of backward step t as one HTML string (rnnlib.widgets.html and svgplot; about 1 ms).

        Cells on a small scale are shown in a power of ten named in their label (`cell_unit`)."""
        t, T = self.t, self.T
        g_unit, w_unit = cell_unit(self.g_scale), cell_unit(self.w_scale)
        units = {"fprime": None, "h_prev": 1.0, "dW_hh_t": w_unit, "dW_hh_sum": w_unit}  # the rest: g_unit
        a = {k: v if units.get(k, g_unit) is None else in_unit(v, units.get(k, g_unit))
             for k, v in self.arrays().items()}  # each in the unit its cells show, no "-0.00"
        g = dict(vmin=-self.g_scale / g_unit, vmax=self.g_scale / g_unit, fmt=cell_format(self.g_scale / g_unit))
        w = dict(vmin=-self.w_scale / w_unit, vmax=self.w_scale / w_unit, fmt=cell_format(self.w_scale / w_unit))

        def gl(label):  # a gradient label with the unit its cells are in
            return unit_label(label, g_unit)

        half_square = "&frac12;(y<sub>{0}</sub> &minus; x<sub>1</sub>)<sup>2</sup>"  # the loss at step {0}
        if self.loss_at == "every step":
            loss = "L = &sum;<sub>t</sub> L<sub>t</sub>, L<sub>t</sub> = " + half_square.format("t")
        else:
            loss = "L = L<sub>T</sub> = " + half_square.format("T")
        here = (f"L<sub>t</sub> = {self.losses[t - 1]:.4f}" if self.loss_at == "every step" or t == T
                else "no loss at this step")
        parts = [html.message(self.message)] if self.message else []
        parts.append(f'<div class="rl-caption" style="font-size:16px;font-family:sans-serif">'
                     f'backward step at <b>t = {t}</b> '
                     f'(the walk goes from t = T = {T} down to t = 1); {loss}; '
                     f'y<sub>t</sub> = {self.y[t - 1]:+.3f}, {here}</div>')
        parts.append(html.tape([f"{v:g}" for v in self.values], t - 1))
        parts.append(self.graph_svg())
        later = "nothing comes back from after T" if t == T else "from the steps after t"
        parts.append(html.row(
            html.row(
                html.vector(gl("&part;L<sub>t</sub>/&part;h<sub>t</sub>"), a["local"], **g,
                            title="partial: the loss at step t itself"),
                html.vector(gl("(dL/dh<sub>t+1</sub>) &part;h<sub>t+1</sub>/&part;h<sub>t</sub>"), a["carried"], **g,
                            title=later),
                operator="+"),
            html.vector(gl("dL/dh<sub>t</sub>"), a["total"], **g, title="total derivative"),
            operator="="))
        parts.append(html.row(
            html.row(html.vector(gl("dL/dh<sub>t</sub>"), a["total"], **g),
                     html.vector("f&prime;(a<sub>t</sub>)", a["fprime"], vmin=0.0, vmax=1.0, cmap="cividis",
                                 fmt="{:.3f}"),
                     operator="&odot;"),
            html.vector(gl("dL/da<sub>t</sub>"), a["da"], **g),
            operator="="))
        parts.append(html.row(
            html.row(html.vector(gl("dL/da<sub>t</sub>"), a["da"], **g),
                     html.matrix("h<sub>t&minus;1</sub><sup>T</sup>", a["h_prev"][None], vmin=-1.0, vmax=1.0),
                     operator="&times;"),
            html.matrix(unit_label("dL/da<sub>t</sub> h<sub>t&minus;1</sub><sup>T</sup>: step t's share of "
                                   "dL/dW<sub>hh</sub>", w_unit), a["dW_hh_t"], **w),
            operator="="))
        shown = np.arange(1, T + 1) >= t
        parts.append(html.row(  # side by side (wrapping on a narrow screen), so a projected view needs less scrolling
            html.matrix(unit_label(f"running sum &sum;<sub>s={t}..{T}</sub> dL/da<sub>s</sub> "
                                   f"h<sub>s&minus;1</sub><sup>T</sup>"
                                   + (" = dL/dW<sub>hh</sub>" if t == 1 else " (so far)"), w_unit), a["dW_hh_sum"], **w),
            svgplot.bar_plot(
                self.total_norms, [str(s) for s in range(1, T + 1)], ymax=nice_ceil(self.total_norms.max()),
                highlight=t - 1, shown=shown, title="||dL/dh_t|| for the steps walked so far", width=480,
                xlabel="step t", ylabel=f"||dL/dh{svgplot.sub('t')}||")))
        parts.append(html.row(
            html.colour_bar(-self.g_scale, self.g_scale, "RdBu_r", "gradients on h<sub>t</sub> and a<sub>t</sub>"),
            html.colour_bar(-1.0, 1.0, "RdBu_r", "h<sub>t&minus;1</sub>"),
            html.colour_bar(0.0, 1.0, "cividis", "f&prime;(a<sub>t</sub>)"),
            html.colour_bar(-self.w_scale, self.w_scale, "RdBu_r", "dL/dW<sub>hh</sub>")))
        return html.page(*parts)


# ----- the unrolled graph with its losses, and the paths the walk has lit -------------------------------------
DIRECT, CARRIED = "#009E73", "#D55E00"  # Okabe-Ito bluish green and vermillion: to L_t (via W_hy), to h_{t+1} (W_hh)
STEP_PX, LEFT_PX = 62, 30  # pixels per time step; margin
ROW_Y = {"L": 92, "h": 178, "x": 258}  # losses at the top, states in the middle, inputs at the bottom
NODE_FILL = {"x": "#f2f2f2", "h": "#fde9c9", "L": "#f3dde8"}


def path_label(value):
    """A path's size as at most seven characters: 0.45, 0.0025, 2.5e-05."""
    return "0" if value == 0 else f"{value:.2g}"


def bptt_graph_svg(T, t, losses, *, path_norms=None, title=None):
    """The RNN unrolled over T steps with its losses, as the backward walk at step t sees it (SVG).

    Forward edges (x_t -> h_t, h_{t-1} -> h_t, h_t -> L_t through y_t) are thin grey arrows. The gradient runs
    back beside them: from L_s down into h_s (dL_s/dh_s, bluish green) and from h_{s+1} left into h_s
    ((dL/dh_{s+1}) dh_{s+1}/dh_s, vermillion), lit on every path from a loss at s >= t back to h_t, and thickest
    at h_t itself, the two ways out of h_t that its total derivative adds up.

    Args:
        T: steps, 1..16; t: the step the walk is at, 1..T; losses: the steps that have a loss L_s (1-based).
        path_norms: None, or (T,) numbers written above each L_s with s >= t: ||(dL_s/dh_s) J_s ... J_{t+1}||,
            the size of what the loss at s sends back to h_t (`bptt.path_terms`).
    Returns:
        an SVG string (role="img", a <title> in words, its own white background); each gradient arrow is a
        <line> with data-path ("direct" or "carried"), data-step s and data-lit ("0", "1", or "2" for h_t's own).
    """
    losses = sorted(set(int(s) for s in losses))
    if not 1 <= t <= T or not all(1 <= s <= T for s in losses):
        raise ValueError(f"t and the loss steps must lie in 1..{T}; got t = {t}, losses {losses}")
    width = max(2 * LEFT_PX + (T + 1) * STEP_PX, 680)  # at least the legend's width
    height = ROW_Y["x"] + 70 + 24 * (path_norms is not None)
    left = (width - (T + 1) * STEP_PX) / 2

    def cx(step):  # the centre of column `step` (h_0 is column 0)
        return left + (step + 0.5) * STEP_PX

    reaches = {s for s in range(t, T + 1) if any(u >= s for u in losses)}  # h_s on a path from a loss back to h_t
    colours = {"grey": MUTED, "direct": readable(DIRECT, ratio=3.0), "carried": readable(CARRIED, ratio=3.0)}
    ids = drawing_id("bptt walker", colours)  # marker ids unique in the page (svg.drawing_id)
    markers = "".join(f'<marker id="{ids}-{k}" viewBox="0 0 10 10" refX="8" refY="5" markerUnits="userSpaceOnUse" '
                      f'markerWidth="{w}" markerHeight="{w}" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="{c}"/>'
                      f'</marker>' for k, c, w in (("grey", colours["grey"], 10), ("direct", colours["direct"], 15),
                                                   ("carried", colours["carried"], 15)))
    sub = svgplot.sub
    if title is None:
        ways = [f"to L{sub(t)}"] * (t in losses) + [f"to h{sub(t + 1)}"] * (t < T)
        title = (f"backward step t = {t}: the two ways out of h{sub(t)}, {ways[0]} and {ways[1]}" if len(ways) == 2
                 else f"backward step t = {t}: one way out of h{sub(t)}, {ways[0]}" if ways
                 else f"backward step t = {t}: no path from h{sub(t)} to a loss")
    where = "at every step" if losses == list(range(1, T + 1)) else \
        "at step " + ", ".join(str(s) for s in losses) if losses else "nowhere"
    description = (f"The RNN unrolled over T = {T} steps, inputs x_1 to x_{T} below, states h_0 to h_{T}, a loss "
                   f"{where} above. The backward walk is at step {t}, h_{t} outlined: green arrows (down) bring each "
                   f"loss's partial derivative into its state, vermillion arrows (left) carry the gradient back from "
                   f"h_s+1 into h_s; lit are the paths from the losses at steps {t} to {T} back to h_{t}.")
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width:.0f}" height="{height}" '
             f'viewBox="0 0 {width:.0f} {height}" style="max-width:100%;height:auto;background:{CARD}" '
             f'font-family="sans-serif" font-size="16" fill="{INK}"><title>{html_text.escape(description)}</title>'
             f'<defs>{markers}</defs>',
             f'<text x="{width / 2:.0f}" y="22" text-anchor="middle" font-size="17">{title}</text>']

    def arrow(x0, y0, x1, y1, kind, *, step=0, lit=0):
        stroke = {0: 1.6, 1: 3.5, 2: 6.0}[lit] if kind != "grey" else 1.6
        data = "" if kind == "grey" else f' data-path="{kind}" data-step="{step}" data-lit="{lit}"'
        parts.append(f'<line x1="{x0:.1f}" y1="{y0:.1f}" x2="{x1:.1f}" y2="{y1:.1f}" stroke="{colours[kind]}" '
                     f'stroke-width="{stroke}" marker-end="url(#{ids}-{kind})"{data}/>')

    for s in range(1, T + 1):  # forward: thin grey arrows; the gradient: lit arrows beside them, pointing back
        x = cx(s)
        arrow(x, ROW_Y["x"] - 15, x, ROW_Y["h"] + 17, "grey")
        arrow(cx(s - 1) + 21, ROW_Y["h"] - 6, x - 23, ROW_Y["h"] - 6, "grey")
        if s in losses:
            arrow(x - 7, ROW_Y["h"] - 15, x - 7, ROW_Y["L"] + 17, "grey")
            if s in reaches:
                arrow(x + 7, ROW_Y["L"] + 15, x + 7, ROW_Y["h"] - 17, "direct", step=s, lit=2 if s == t else 1)
        if t <= s < T and s + 1 in reaches:  # dL/dh_{s+1} carried back into h_s, walked once the walk is at s
            arrow(cx(s + 1) - 21, ROW_Y["h"] + 7, x + 23, ROW_Y["h"] + 7, "carried", step=s, lit=2 if s == t else 1)
    for s in range(T + 1):  # nodes over the arrows' ends
        nodes = [("h", s)] + ([("x", s)] if s else []) + ([("L", s)] if s in losses else [])
        for kind, step in nodes:
            x, y = cx(step), ROW_Y[kind]
            now = kind == "h" and step == t
            parts.append(f'<rect x="{x - 20:.1f}" y="{y - 15}" width="40" height="30" rx="7" fill="{NODE_FILL[kind]}" '
                         f'stroke="{INK if now else "#444"}" stroke-width="{3.5 if now else 1.3}"/>'
                         f'<text x="{x:.1f}" y="{y + 5}" text-anchor="middle">'
                         f'<tspan font-style="italic">{kind}</tspan><tspan dy="5" font-size="12">{step}</tspan>'
                         f'</text>')
        if path_norms is not None and s in losses and s >= t:
            parts.append(f'<text x="{cx(s):.1f}" y="{ROW_Y["L"] - 24}" text-anchor="middle" font-size="13" '
                         f'fill="{readable(DIRECT)}">{path_label(float(path_norms[s - 1]))}</text>')
    legend_y = ROW_Y["x"] + 38
    legend = [("direct", f"direct: from L{sub('s')} down into h{sub('s')}, the partial derivative "
                         f"&#8706;L{sub('s')}/&#8706;h{sub('s')}"),
              ("carried", f"carried: from h{sub('s+1')} back into h{sub('s')}, "
                          f"(dL/dh{sub('s+1')}) &#8706;h{sub('s+1')}/&#8706;h{sub('s')}")]
    if path_norms is not None:
        path = (f"||(&#8706;L{sub('s')}/&#8706;h{sub('s')}) J{sub('s')} &#8943; J{sub(t + 1)}||" if t < T
                else f"||&#8706;L{sub(T)}/&#8706;h{sub(T)}||")  # at t = T the product is empty
        legend.append((None, f"numbers above L{sub('s')}: the size of the path from L{sub('s')} back to h{sub(t)}, "
                             f"{path}"))
    for k, (kind, text) in enumerate(legend):
        y = legend_y + 24 * k
        if kind:
            parts.append(f'<line x1="{LEFT_PX}" y1="{y - 5}" x2="{LEFT_PX + 40}" y2="{y - 5}" '
                         f'stroke="{colours[kind]}" stroke-width="4"/>')
        parts.append(f'<text x="{LEFT_PX + 50}" y="{y}" font-size="14"'
                     f'{"" if kind else f" fill={chr(34)}{readable(DIRECT)}{chr(34)}"}>{text}</text>')
    parts.append("</svg>")
    return "".join(parts)

"""Notebook 03: the BPTT walker's state: the error walked backwards in time through a small RNN, one step t at a time.

The network and its loss, in the course notation (column vectors):

    a_t = W_hh h_{t-1} + W_xh x_t + b_h,   h_t = tanh(a_t),   y_t = W_hy h_t + b_y
    L_t = 1/2 (y_t - x_1)^2      (the task: report the first input)
    L = sum_t L_t  ("every step")  or  L = L_T  ("last step only")

Walking back from t = T to t = 1, step t shows the recursion with total and partial derivatives apart,

    dL/dh_t = dL_t/dh_t + (dL/dh_{t+1}) dh_{t+1}/dh_t,     dL/da_t = dL/dh_t * f'(a_t),

and step t's share dL/da_t h_{t-1}^T of dL/dW_hh = sum_t dL/da_t h_{t-1}^T. The numbers come from
`bptt.bptt_trace`. No ipywidgets import here: `BPTTWalkerView` (bptt_walker_view.py) is the thin view.
"""
import math
import re

import numpy as np

from ..bptt import bptt_trace
from ...nn.models import SequenceModel
from ...nn.functional import ACTIVATIONS
from ...nn.rnn import RNN
from . import html, svgplot
from .timeline import Timeline

MAX_LENGTH = 16  # longest sequence: the bar chart of ||dL/dh_t|| stays readable
MAX_ABS = 10.0  # inputs beyond this only saturate tanh
LOSS_AT = ("every step", "last step only")
DEFAULT_SEQUENCE = "0.8, -0.5, 0.3, 0, 0, 0, 0, 0"


def cell_format(scale):
    """A signed fixed-point format with enough decimals to show numbers on the scale [-scale, scale]."""
    return "{:+.%df}" % min(4, max(2, 1 - math.floor(math.log10(scale))))


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

    def html(self):
        """The view of backward step t as one HTML string (rnnlib.widgets.html and svgplot; about 1 ms)."""
        t, T, a = self.t, self.T, self.arrays()
        g = dict(vmin=-self.g_scale, vmax=self.g_scale, fmt=cell_format(self.g_scale))
        w = dict(vmin=-self.w_scale, vmax=self.w_scale, fmt=cell_format(self.w_scale))
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
        later = "nothing comes back from after T" if t == T else "from the steps after t"
        parts.append(html.row(
            html.row(
                html.vector("&part;L<sub>t</sub>/&part;h<sub>t</sub>", a["local"], **g,
                            title="partial: the loss at step t itself"),
                html.vector("(dL/dh<sub>t+1</sub>) &part;h<sub>t+1</sub>/&part;h<sub>t</sub>", a["carried"], **g,
                            title=later),
                operator="+"),
            html.vector("dL/dh<sub>t</sub>", a["total"], **g, title="total derivative"),
            operator="="))
        parts.append(html.row(
            html.row(html.vector("dL/dh<sub>t</sub>", a["total"], **g),
                     html.vector("f&prime;(a<sub>t</sub>)", a["fprime"], vmin=0.0, vmax=1.0, cmap="cividis",
                                 fmt="{:.3f}"),
                     operator="&odot;"),
            html.vector("dL/da<sub>t</sub>", a["da"], **g),
            operator="="))
        parts.append(html.row(
            html.row(html.vector("dL/da<sub>t</sub>", a["da"], **g),
                     html.matrix("h<sub>t&minus;1</sub><sup>T</sup>", a["h_prev"][None], vmin=-1.0, vmax=1.0),
                     operator="&times;"),
            html.matrix("dL/da<sub>t</sub> h<sub>t&minus;1</sub><sup>T</sup>: step t's share of dL/dW<sub>hh</sub>",
                        a["dW_hh_t"], **w),
            operator="="))
        shown = np.arange(1, T + 1) >= t
        parts.append(html.row(  # side by side (wrapping on a narrow screen), so a projected view needs less scrolling
            html.matrix(f"running sum &sum;<sub>s={t}..{T}</sub> dL/da<sub>s</sub> h<sub>s&minus;1</sub><sup>T</sup>"
                        + (" = dL/dW<sub>hh</sub>" if t == 1 else " (so far)"), a["dW_hh_sum"], **w),
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

"""Notebook 05: the gate inspector's state: an LSTM and a GRU run over the same sequence, and what each shows at step t.

The LSTM (gates stacked i, f, g, o) and the GRU (r, z, n, PyTorch/cuDNN form), in the course notation:

    i_t = sigmoid(W_xi x_t + W_hi h_{t-1} + b_i)        r_t = sigmoid(W_xr x_t + b_xr + W_hr h_{t-1} + b_hr)
    f_t = sigmoid(W_xf x_t + W_hf h_{t-1} + b_f)        z_t = sigmoid(W_xz x_t + b_xz + W_hz h_{t-1} + b_hz)
    g_t = tanh(W_xg x_t + W_hg h_{t-1} + b_g)           n_t = tanh(W_xn x_t + b_xn + r_t * (W_hn h_{t-1} + b_hn))
    o_t = sigmoid(W_xo x_t + W_ho h_{t-1} + b_o)        h_t = (1 - z_t) * n_t + z_t * h_{t-1}
    c_t = f_t * c_{t-1} + i_t * g_t
    h_t = o_t * tanh(c_t)

At step t the view draws the cell as a circuit (cell_diagram.py) with one unit's values on it, then every
unit's vectors. Inputs are numbers typed by the learner: with input size 1 each number is x_t; with input size 2 (the adding
problem's layout, x_t = (value, marker)) a number written with a leading "*" is marked (marker 1).

No ipywidgets import here: `GateInspector` is a plain object tested in tests/course/test_gate_inspector.py, and
`GateInspectorView` in gate_inspector_view.py is the thin ipywidgets layer on top of it.
"""
import math

import numpy as np

from ..gates import gate_values
from ...nn.gru import GRU
from ...nn.lstm import LSTM
from ...nn.models import SequenceModel
from ..colours import GATE_COLOURS
from . import html
from .cell_diagram import cell_svg, describe_cell
from .timeline import Timeline

MAX_LENGTH = 60  # longest sequence accepted: the history grid stays readable on a projector
KINDS = ("LSTM", "GRU")
GATE_CMAP, SIGNED_CMAP = "viridis", "RdBu_r"  # gates live in [0, 1]; g, n, h, c are signed, centred at 0

# What each vector means, shown as a tooltip (course notation, the equations above).
MEANINGS = {
    "i": "input gate: how much of g_t is written into the cell",
    "f": "forget gate: how much of c_{t-1} is kept",
    "g": "candidate: what could be written into the cell",
    "o": "output gate: how much of tanh(c_t) is shown as h_t",
    "c": "cell state c_t = f_t * c_{t-1} + i_t * g_t",
    "r": "reset gate: how much of W_hn h_{t-1} + b_hn enters the candidate",
    "z": "update gate: how much of h_{t-1} is kept",
    "n": "candidate n_t",
    "h": "hidden state h_t",
}


def _sub(symbol, index="t"):
    """A label in the course notation: _sub("h", "t-1") is h<sub>t-1</sub>."""
    return f"{symbol}<sub>{index}</sub>"


def _gate_label(gate):
    """A gate's label in its own colour (colours.GATE_COLOURS, darkened to 4.5:1 on the card), as in the diagram."""
    return f'<span style="color:{html.readable(GATE_COLOURS[gate])}">{_sub(gate)}</span>'


def _unit_numbers(H):
    """A column of unit numbers 0..H-1, aligned with the cells of html.vector, so a unit can be followed."""
    cells = "".join(f'<div class="rl-cell" style="width:34px;color:{html.MUTED}">{j}</div>' for j in range(H))
    return f'<div class="rl-vector" title="unit number"><div class="rl-label">unit</div>{cells}</div>'


def _core(model, cls, name):
    core = model.core if isinstance(model, SequenceModel) else model
    if not isinstance(core, cls):
        raise TypeError(f"{name} must be an rl.{cls.__name__} or an rl.SequenceModel around one; got {type(core).__name__}")
    return core


class GateInspector(Timeline):
    """Step an LSTM and a GRU through the same sequence, t = 1..T, and show every gate of one of them.

    Args:
        lstm: an rl.LSTM, or an rl.SequenceModel around one (then its read-out y_t = W_hy h_t + b_y is shown).
        gru: an rl.GRU, or an rl.SequenceModel around one; the same input size as `lstm` (1 or 2).
        text: the first sequence, numbers separated by spaces or commas (see `parse`).
        kind: "LSTM" or "GRU", the model shown first.
        c_scale: the fixed colour scale [-c_scale, c_scale] of c_{t-1} and c_t (gates use [0, 1], g, n and h
            use [-1, 1]).
        value_range: (low, high): the input values accepted (the range the models were trained on).
        unit: the unit whose values the cell diagram shows (0..H-1 of the smaller layer).
    Attributes:
        t: the current step, 1..T, moved by go_to, step_forward, step_back and reset (from `Timeline`);
        kind: the model shown; text: the sequence as typed; tokens: its numbers
        as strings; x: (T, D) inputs; unit: the unit on the diagram; message: "" or what was wrong with the
        last input (shown in the view instead of a traceback).
    """

    def __init__(self, lstm, gru, text, *, kind="LSTM", c_scale=2.0, value_range=(-1.0, 1.0), unit=0):
        self.layers = {"LSTM": _core(lstm, LSTM, "lstm"), "GRU": _core(gru, GRU, "gru")}
        self.cells = {kind: describe_cell(layer) for kind, layer in self.layers.items()}  # read once: what is drawn
        self.heads = {k: m.head if isinstance(m, SequenceModel) else None for k, m in (("LSTM", lstm), ("GRU", gru))}
        D = self.layers["LSTM"].input_size
        if self.layers["GRU"].input_size != D or D not in (1, 2):
            raise ValueError("lstm and gru must have the same input_size, 1 (a number per step) or 2 (number, "
                             f"marker); got {D} and {self.layers['GRU'].input_size}")
        self.input_size = D
        self.c_scale = float(c_scale)
        self.value_range = tuple(float(v) for v in value_range)
        self.t, self.text, self.message, self.kind, self.unit = 1, "", "", "LSTM", 0
        if not self.set_kind(kind) or not self.set_unit(unit):
            raise ValueError(self.message)
        if not self.set_text(text):
            raise ValueError(self.message)

    # ----- the sequence ----------------------------------------------------------------------------
    @property
    def T(self):
        """Length of the current sequence."""
        return len(self.tokens)

    @staticmethod
    def format(x):
        """Text for a sequence `x` of shape (T, 1) or (T, 2) (value, marker): "0.31 *-0.52 ...", as `parse` reads it."""
        x = np.asarray(x, dtype=float)
        if x.ndim != 2 or x.shape[1] not in (1, 2):
            raise ValueError(f"x must have shape (T, 1) or (T, 2) (value, marker); got {x.shape}")
        marks = x[:, 1] if x.shape[1] == 2 else np.zeros(len(x))
        return " ".join(("*" if m else "") + f"{v:.2f}" for v, m in zip(x[:, 0], marks))

    def parse(self, text):
        """The learner's text as inputs (T, D), or a message saying what is wrong.

        Numbers are separated by spaces or commas; with input size 2, "*0.5" marks a step (marker 1).
        Returns:
            (x, tokens, message): x is (T, D) or None; tokens the numbers as written (without "*");
            message is "" when all is well.
        """
        example = "0.5 *-0.3 0.1 *0.9 0.2" if self.input_size == 2 else "0.5 -0.3 0.1 0.9"
        if not isinstance(text, str):
            return None, [], f"Please give the sequence as text; got {type(text).__name__}."
        words = text.replace(",", " ").split()
        if not words:
            return None, [], f"The text box is empty: type numbers separated by spaces, for example {example}"
        if len(words) > MAX_LENGTH:
            return None, [], f"That is {len(words)} numbers; please keep it to {MAX_LENGTH} or fewer."
        low, high = self.value_range
        rows, tokens = [], []
        for k, word in enumerate(words, start=1):
            marked = word.startswith("*")
            if marked and self.input_size == 1:
                return None, [], (f"Number {k} ({word!r}) has a '*', but these models have one input per step and "
                                  "no marker: write plain numbers, for example " + example)
            body = word[1:] if marked else word
            try:
                value = float(body)
            except ValueError:
                return None, [], (f"Number {k} ({word!r}) is not a number. Write numbers such as 0.25 or -1"
                                  + (", with '*' in front of a marked one, e.g. *0.7." if self.input_size == 2 else "."))
            if not math.isfinite(value):
                return None, [], f"Number {k} ({word!r}) is not a finite number; use values in [{low:g}, {high:g}]."
            if not low <= value <= high:
                return None, [], (f"Number {k} ({word}) lies outside [{low:g}, {high:g}], the range the models "
                                  "were trained on; please use values in that range.")
            rows.append([value, float(marked)] if self.input_size == 2 else [value])
            tokens.append(("*" if marked else "") + body)
        return np.array(rows, dtype=self.layers["LSTM"].dtype), tokens, ""

    def set_text(self, text):
        """Show a new sequence from step t = 1, or keep the current one and set `message` if `text` is bad.

        Returns True when the text was accepted.
        """
        x, tokens, message = self.parse(text)
        self.message = message
        if x is None:
            return False
        self.text, self.tokens, self.x, self.t = text, tokens, x, 1
        self.recompute()
        return True

    def recompute(self):
        """Run both models over the sequence once (call again after changing weights); stepping is indexing."""
        self.values = {}
        for kind, layer in self.layers.items():
            values = gate_values(layer, self.x)  # dict of (T, H)
            head = self.heads[kind]
            if head is not None:
                values["y"] = head.forward(values["h"])[0]  # (T, K): the read-out at every step
            self.values[kind] = values

    def set_kind(self, kind):
        """Show the LSTM or the GRU; returns False (and sets `message`) for anything else."""
        if kind not in KINDS:
            self.message = f"The model must be one of {', '.join(KINDS)}; got {kind!r}."
            return False
        self.kind, self.message = kind, ""
        return True

    @property
    def units(self):
        """How many units the diagram can show: the hidden size of the smaller of the two layers."""
        return min(layer.hidden_size for layer in self.layers.values())

    def set_unit(self, unit):
        """Show unit `unit` on the cell diagram; returns False (and sets `message`) for anything but 0..units-1."""
        if isinstance(unit, bool) or not isinstance(unit, (int, np.integer)) or not 0 <= unit < self.units:
            self.message = f"The unit must be a whole number from 0 to {self.units - 1}; got {unit!r}."
            return False
        self.unit, self.message = int(unit), ""
        return True

    def diagram_values(self, t=None, kind=None):
        """One unit's numbers at step t for the cell diagram: the gates, h_prev and h_t (and c_prev, c_t), and x_t."""
        a = self.arrays(t, kind)
        j = self.unit
        values = {name: float(v[j]) for name, v in a.items() if name not in ("x_t", "y_t")}
        values["x_t"] = a["x_t"]
        return values

    # ----- what is shown at step t -----------------------------------------------------------------
    def arrays(self, t=None, kind=None):
        """Every vector of step t (default: the current step) of one model (default: the one shown), each 1-D.

        Returns:
            LSTM: x_t (D,), h_prev, c_prev, i, f, g, o, c_t, h_t (H,);  GRU: x_t, h_prev, r, z, n, h_t;
            plus y_t (K,) when the model has a read-out.
        """
        t = self.t if t is None else t
        kind = self.kind if kind is None else kind
        if not 1 <= t <= self.T:
            raise ValueError(f"t must lie in 1..{self.T}; got {t}")
        v = self.values[kind]
        H = self.layers[kind].hidden_size
        prev = (lambda a: np.zeros(H) if t == 1 else a[t - 2])  # the state before step t; zeros before t = 1
        out = {"x_t": self.x[t - 1], "h_prev": prev(v["h"])}
        if kind == "LSTM":
            out["c_prev"] = prev(v["c"])
            out.update({g: v[g][t - 1] for g in ("i", "f", "g", "o")})
            out["c_t"] = v["c"][t - 1]
        else:
            out.update({g: v[g][t - 1] for g in ("r", "z", "n")})
        out["h_t"] = v["h"][t - 1]
        if "y" in v:
            out["y_t"] = v["y"][t - 1]
        return out

    def target(self):
        """The adding problem's target 0.5 + (X1 + X2) / 4 when exactly two steps are marked, else None."""
        if self.input_size != 2 or int(self.x[:, 1].sum()) != 2:
            return None
        return 0.5 + float(self.x[self.x[:, 1] == 1, 0].sum()) / 4

    def html(self):
        """The whole view of step t as one HTML string (built with rnnlib.widgets.html, in about a millisecond)."""
        t, kind, a = self.t, self.kind, self.arrays()
        gate = dict(vmin=0.0, vmax=1.0, cmap=GATE_CMAP)
        signed = dict(vmin=-1.0, vmax=1.0, cmap=SIGNED_CMAP)
        cell = dict(vmin=-self.c_scale, vmax=self.c_scale, cmap=SIGNED_CMAP)
        parts = [html.message(self.message)] if self.message else []
        parts.append(f'<div class="rl-caption" style="font-size:16px"><b>{kind}</b>, step t = {t} of T = {self.T}</div>')
        parts.append(html.tape(self.tokens, t - 1))
        # the cell as a circuit with this step's values of one unit, then every unit's numbers below it
        parts.append(cell_svg(self.layers[kind], self.diagram_values(), step=t, unit=self.unit, c_scale=self.c_scale,
                              description=self.cells[kind]))
        x_label = "x<sub>t</sub>"  # (value, marker) when the input has two features: said in the caption below
        inputs = [html.vector(x_label, a["x_t"], **signed), _unit_numbers(len(a["h_t"])),
                  html.vector(_sub("h", "t-1"), a["h_prev"], **signed)]
        if kind == "LSTM":
            inputs.append(html.vector(_sub("c", "t-1"), a["c_prev"], **cell))
            gates = [html.vector(_gate_label(g), a[g], **(signed if g == "g" else gate), title=MEANINGS[g])
                     for g in "ifgo"]
            new = [html.vector("c<sub>t</sub>", a["c_t"], **cell, title=MEANINGS["c"]),
                   html.vector("h<sub>t</sub>", a["h_t"], **signed)]
            equations = ("c<sub>t</sub> = f<sub>t</sub>&middot;c<sub>t-1</sub> + i<sub>t</sub>&middot;g<sub>t</sub>, "
                         "h<sub>t</sub> = o<sub>t</sub>&middot;tanh(c<sub>t</sub>)")
            bars = [html.colour_bar(0.0, 1.0, GATE_CMAP, "gates i, f, o"),
                    html.colour_bar(-1.0, 1.0, SIGNED_CMAP, "x, g, h"),
                    html.colour_bar(-self.c_scale, self.c_scale, SIGNED_CMAP, "cell state c")]
            history, history_label = self.values[kind]["c"], "c<sub>1</sub> &hellip; c<sub>T</sub>"
            history_scale = cell
        else:
            gates = [html.vector(_gate_label(g), a[g], **(signed if g == "n" else gate), title=MEANINGS[g])
                     for g in "rzn"]
            new = [html.vector("h<sub>t</sub>", a["h_t"], **signed, title=MEANINGS["h"])]
            equations = "h<sub>t</sub> = (1 - z<sub>t</sub>)&middot;n<sub>t</sub> + z<sub>t</sub>&middot;h<sub>t-1</sub>"
            bars = [html.colour_bar(0.0, 1.0, GATE_CMAP, "gates r, z"),
                    html.colour_bar(-1.0, 1.0, SIGNED_CMAP, "x, n, h")]
            history, history_label, history_scale = self.values[kind]["h"], "h<sub>1</sub> &hellip; h<sub>T</sub>", signed
        marks = ["*" if m else "·" for m in self.x[:, 1]] if self.input_size == 2 else ["·"] * self.T
        so_far = html.grid(f"{history_label} so far<br>" + html.aside("rows: units<br>columns: steps<br>* marked"),
                           history.T, marks, filled=t, **history_scale)
        # the history beside the step (wrapping below it on a narrow screen): less scrolling
        parts.append(html.row(html.row(html.row(*inputs), html.row(*gates), html.row(*new), operator="&rarr;"), so_far))
        if self.input_size == 2:
            equations += "; x<sub>t</sub> = (value, marker)"
        parts.append(f'<div class="rl-caption" style="font-size:16px">{equations}</div>')
        if "y_t" in a:
            line = f"read-out y<sub>t</sub> = W<sub>hy</sub> h<sub>t</sub> + b<sub>y</sub> = {a['y_t'][0]:.3f}"
            if t == self.T and self.target() is not None:
                target = self.target()
                ok = "correct" if abs(a["y_t"][0] - target) < 0.04 else "not within 0.04"
                line += f"; target 0.5 + (X<sub>1</sub> + X<sub>2</sub>)/4 = {target:.3f} ({ok})"
            parts.append(f'<div class="rl-caption" style="font-size:16px">{line}</div>')
        parts.append(html.row(*bars))
        return html.page(*parts)

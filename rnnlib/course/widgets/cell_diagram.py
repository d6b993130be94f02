"""Notebooks 01, 02 and 05 (and the stepper and the gate inspector): the RNN, LSTM and GRU cells drawn as circuits.

One visual language for the three cells: the state wires run left to right (the LSTM's cell state c on top,
crossed only by a x and a +), the inputs come in from below (x_t) and from the left (h_{t-1}, c_{t-1}), each gate
is a box with its activation (sigma or tanh), in the gate's own colour (colours.GATE_COLOURS), and x and + are
junctions. With `values` (one unit's numbers at one step) each box is filled by its value, the number is written
beside it, a gate's wire is as thick as the gate is open, and the state wires are as thick as |value| is large,
so the LSTM's cell-state wire shows what is kept.

What is drawn is read from the layer, not typed here: `describe_cell` runs the layer's own step with probe
weights to find the order in which its gates are sliced from the stacked pre-activation and which activation
each one has (a gate whose bias block is -10 comes out near 0 for a sigmoid, near -1 for tanh). Only where each
gate acts (WIRING, the equations of rnnlib/nn/lstm.py and gru.py) is written here, and
tests/course/test_cell_diagrams.py checks it against what the layers compute. The GRU is drawn as rnnlib's
(PyTorch's) GRU computes it: r_t multiplies W_hn h_{t-1} + b_hn, after the matrix product.

Pure Python: an SVG string, built in about a millisecond (the widgets redraw it at every step).
"""
import html

import numpy as np

from ...nn.gru import GRU
from ...nn.lstm import LSTM
from ...nn.rnn import RNN
from ..colours import CARD, GATE_COLOURS, INK, MUTED, readable, text_on
from .html import colours as value_colours

# Where each gate acts, as in the layers' equations (checked against the code in tests/course/test_cell_diagrams.py):
# LSTM: c_t = keep * c_{t-1} + write * candidate, h_t = show * tanh(c_t);
# GRU:  n_t = tanh(a_xn + reset * a_hn), h_t = (1 - update) * n_t + update * h_{t-1}.
WIRING = {"LSTM": {"keep": "f", "write": "i", "candidate": "g", "show": "o"},
          "GRU": {"reset": "r", "update": "z", "candidate": "n"}}
NAMES = {"i": "input gate", "f": "forget gate", "g": "candidate", "o": "output gate",
         "r": "reset gate", "z": "update gate", "n": "candidate"}
ACTIVATION_SYMBOL = {"sigmoid": "σ", "tanh": "tanh", "relu": "ReLU", "identity": "id"}
C_SCALE = 2.0  # |c| at which the cell-state wire is thickest (the gate inspector's c scale)


def _kind(layer):
    for cls in (LSTM, GRU, RNN):
        if isinstance(layer, cls):
            return cls.__name__
    raise TypeError(f"layer must be an rl.RNN, rl.LSTM or rl.GRU; got {type(layer).__name__}")


def describe_cell(layer):
    """What the layer's step computes, read by running it with probe weights.

    All weights 0 and one block of the stacked bias at -10: the one gate that moves is the gate of that block,
    and its value tells its activation (sigmoid(-10) is near 0, tanh(-10) near -1).
    Args:
        layer: an rl.RNN, rl.LSTM or rl.GRU (or a subclass with its own step).
    Returns:
        dict: kind ("RNN", "LSTM", "GRU"); gates: names in the order they are sliced from the stacked
        pre-activation (blocks 0, 1, ...); activation: {gate: "sigmoid" or "tanh"} (RNN: {"a": its f}).
    """
    kind = _kind(layer)
    if kind == "RNN":
        return {"kind": kind, "gates": (), "activation": {"a": layer.activation}}
    H, names = layer.hidden_size, layer.gates
    bias = "b" if kind == "LSTM" else "b_x"
    x_t = np.zeros(layer.input_size, layer.dtype)
    order, activation = [], {}
    for k in range(len(names)):
        probe = {name: np.zeros_like(w) for name, w in layer.params.items()}
        probe[bias][k * H:(k + 1) * H] = -10.0
        _, cache = layer.step_forward(x_t, None, params=probe)
        # with zero weights a sigmoid gate sits at 0.5 and a tanh one at 0: the gate of block k alone leaves them
        moved = [g for g in names if not np.isclose(cache[g][0, 0], 0.5) and not np.isclose(cache[g][0, 0], 0.0)]
        if len(moved) != 1:
            raise ValueError(f"block {k} of {type(layer).__name__}'s stacked bias moves {moved}, not one gate")
        gate = moved[0]
        order.append(gate)
        activation[gate] = "sigmoid" if abs(cache[gate][0, 0]) < 0.01 else "tanh"
    return {"kind": kind, "gates": tuple(order), "activation": activation}


# ----- SVG pieces --------------------------------------------------------------------------------
def _sub(symbol, index="t", size=13):
    """'h', 't-1' -> h with subscript t-1, as SVG text spans."""
    return (f'<tspan font-style="italic">{html.escape(symbol)}</tspan>'
            f'<tspan dy="5" font-size="{size}">{html.escape(index)}</tspan><tspan dy="-5"></tspan>')


def _text(x, y, content, *, anchor="middle", size=17, fill=INK, weight="normal"):
    return (f'<text x="{x:.0f}" y="{y:.0f}" text-anchor="{anchor}" font-size="{size}" fill="{fill}" '
            f'font-weight="{weight}">{content}</text>')


def _wire(points, colour=INK, width=2.0, *, arrow=False, data=""):
    """A polyline through `points`; with `arrow`, an arrowhead at its end."""
    path = " ".join(f"{x:.0f},{y:.0f}" for x, y in points)
    out = (f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="{width:.1f}" '
           f'stroke-linejoin="round"{data}/>')
    if arrow:
        (x0, y0), (x1, y1) = points[-2], points[-1]
        d = np.array([x1 - x0, y1 - y0]) / np.hypot(x1 - x0, y1 - y0)
        n = np.array([-d[1], d[0]])
        size = 7 + width
        tip, base = np.array([x1, y1]), np.array([x1, y1]) - size * d
        corners = [tip, base + 0.55 * size * n, base - 0.55 * size * n]
        out += f'<polygon points="{" ".join(f"{x:.0f},{y:.0f}" for x, y in corners)}" fill="{colour}"/>'
    return out


def _junction(x, y, sign, data=""):
    """A x or + junction: a white circle with the operator."""
    symbol = {"x": "×", "+": "+", "1-": "1−"}[sign]
    size = 15 if sign == "1-" else 22
    return (f'<g{data}><circle cx="{x}" cy="{y}" r="15" fill="{CARD}" stroke="{INK}" stroke-width="2"/>'
            f'{_text(x, y + size / 3, symbol, size=size, weight="bold")}</g>')


def _number(v, signed):
    return f"{v:+.2f}" if signed else f"{v:.2f}"


class _Drawing:
    """The parts of one SVG, with the live values (or None) they are coloured by."""

    def __init__(self, values, c_scale):
        self.parts, self.values, self.c_scale = [], values, c_scale

    def add(self, *parts):
        self.parts.extend(parts)

    def value(self, name):
        if self.values is None or name not in self.values:
            return None
        return float(np.asarray(self.values[name], dtype=float).ravel()[0])

    def state_wire(self, points, name, *, scale=1.0, arrow=False):
        """A state wire (h or c): as thick as |value| / scale, coloured by the value's sign (RdBu_r)."""
        v = self.value(name)
        if v is None:
            self.add(_wire(points, INK, 3.0, arrow=arrow))
            return
        colour = readable(value_colours([v], -scale, scale, "RdBu_r")[0], ratio=3.0)
        width = 1.5 + 7.5 * min(abs(v) / scale, 1.0)
        self.add(_wire(points, colour, width, arrow=arrow, data=f' data-wire="{name}" data-value="{v:.4f}"'))

    def gate_wire(self, points, gate, *, value_name=None, arrow=True):
        """A gate's output wire in the gate's colour, as thick as the gate is open (|value|)."""
        v = self.value(value_name or gate)
        width = 3.0 if v is None else 1.5 + 6.0 * min(abs(v), 1.0)
        self.add(_wire(points, readable(GATE_COLOURS[gate], ratio=3.0), width, arrow=arrow,
                       data=f' data-wire="{value_name or gate}"'))

    def box(self, x, y, gate, activation, block=None, n_blocks=None):
        """A gate as a box with its activation, its name above it and (with values) its number beside it."""
        v = self.value(gate)
        signed = activation != "sigmoid"
        if v is None:
            fill = CARD
        else:
            fill = value_colours([v], -1.0 if signed else 0.0, 1.0, "RdBu_r" if signed else "viridis")[0]
        colour = GATE_COLOURS[gate]
        label = readable(colour)
        data = f' data-gate="{gate}" data-activation="{activation}"' + ("" if block is None else f' data-block="{block}"')
        self.add(f'<g{data}><rect x="{x - 34}" y="{y - 22}" width="68" height="44" rx="6" fill="{fill}" '
                 f'stroke="{readable(colour, ratio=3.0)}" stroke-width="4"/>'
                 + _text(x, y + 7, ACTIVATION_SYMBOL[activation], size=20, fill=text_on(fill) if v is not None else INK)
                 + _text(x - 6, y - 30, _sub(gate), anchor="end", size=19, fill=label, weight="bold")
                 + ("" if v is None else _text(x + 6, y - 30, _number(v, signed), anchor="start", size=16))
                 + ("" if block is None else _text(x + 6, y + 44, f"block {block + 1}/{n_blocks}", anchor="start",
                                                   size=13, fill=MUTED))
                 + "</g>")

    def svg(self, width, height, title):
        return (f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="rl-cell-diagram" width="{width}" '
                f'height="{height}" viewBox="0 0 {width} {height}" style="max-width:100%;height:auto;'
                f'background:{CARD}" font-family="sans-serif" fill="{INK}"><title>{html.escape(title)}</title>'
                + "".join(self.parts) + "</svg>")


def _strip(d, x, y, gates, caption):
    """The stacked pre-activation as a row of blocks in the layer's slicing order (data-order for tests)."""
    d.add(f'<g data-order="{" ".join(gates)}">' + _text(x - 8, y + 19, caption, anchor="end", size=15, fill=MUTED))
    for k, gate in enumerate(gates):
        colour = GATE_COLOURS[gate]
        d.add(f'<rect x="{x + 46 * k}" y="{y}" width="44" height="26" fill="{colour}" stroke="{INK}" stroke-width="1"/>',
              _text(x + 46 * k + 22, y + 19, html.escape(gate), size=17, fill=text_on(colour), weight="bold"))
    d.add("</g>")


def _heading(d, kind, values, step, unit):
    where = "" if values is None else ", ".join(s for s in (f"step t = {step}" if step else "",
                                                             f"unit {unit}" if unit is not None else "") if s)
    d.add(_text(20, 28, f"{kind} cell" + (f" ({html.escape(where)})" if where else ""), anchor="start", size=19,
                weight="bold"))


def _inputs(d, x_left, bus_y, x_in, bottom, values):
    """h_{t-1} from the left along the bus and x_t from below, joined at a dot."""
    d.add(_text(x_left, bus_y - 10, _sub("h", "t-1"), anchor="start", size=19))
    d.add(_text(x_in, bottom + 2, _sub("x", "t"), size=19))
    if values is not None and "x_t" in values:
        x = values["x_t"]
        shown = x if isinstance(x, str) else ", ".join(f"{v:+.2f}" for v in np.atleast_1d(x))
        d.add(_text(x_in + 22, bottom - 20, html.escape(shown), anchor="start", size=16))
    d.add(_wire([(x_in, bottom - 18), (x_in, bus_y)], MUTED, 2.5))
    d.add(f'<circle cx="{x_in}" cy="{bus_y}" r="5" fill="{INK}"/>')


def _lstm(desc, d):
    roles, act = WIRING["LSTM"], desc["activation"]
    keep, write, cand, show = roles["keep"], roles["write"], roles["candidate"], roles["show"]
    top, row, bus = 90, 290, 390
    xs = {keep: 220, write: 340, cand: 460, show: 590}
    block = {g: k for k, g in enumerate(desc["gates"])}
    d.add(_text(40, top - 14, _sub("c", "t-1"), anchor="start", size=19),
          _text(750, top - 14, _sub("c", "t"), anchor="end", size=19))
    # the cell state: c_{t-1} -> x (forget) -> + (write) -> c_t, thickness by value
    d.state_wire([(40, top), (205, top)], "c_prev", scale=d.c_scale)
    d.state_wire([(235, top), (445, top)], "kept", scale=d.c_scale)
    d.state_wire([(475, top), (750, top)], "c_t", scale=d.c_scale, arrow=True)
    d.add(_junction(xs[keep], top, "x", ' data-junction="keep"'), _junction(xs[cand], top, "+", ' data-junction="add"'))
    for v, x in (("c_prev", 120), ("kept", 340), ("c_t", 600)):
        if d.value(v) is not None:
            d.add(_text(x, top + 26, _number(d.value(v), True), size=16))
    # the bus: h_{t-1} and x_t reach every gate
    d.state_wire([(40, bus), (xs[show], bus)], "h_prev")
    _inputs(d, 40, bus, 120, 470, d.values)
    for g, x in xs.items():
        d.add(_wire([(x, bus), (x, row + 22)], MUTED, 2.5))
        d.box(x, row, g, act[g], block[g], len(desc["gates"]))
    d.gate_wire([(xs[keep], row - 44), (xs[keep], top + 15)], keep)
    d.gate_wire([(xs[write], row - 44), (xs[write], 190), (xs[cand] - 15, 190)], write)
    d.gate_wire([(xs[cand], row - 44), (xs[cand], 205)], cand)
    d.add(_junction(xs[cand], 190, "x", ' data-junction="write"'))
    d.gate_wire([(xs[cand], 175), (xs[cand], top + 15)], cand, value_name="written")
    # the output: h_t = o * tanh(c_t)
    d.state_wire([(690, top), (690, 178)], "c_t", scale=d.c_scale)
    d.add(f'<ellipse cx="690" cy="195" rx="34" ry="17" fill="{CARD}" stroke="{INK}" stroke-width="2"/>',
          _text(690, 202, "tanh", size=18))
    d.add(_wire([(690, 212), (690, row - 15)], INK, 2.5))
    d.gate_wire([(xs[show] + 34, row), (675, row)], show)
    d.add(_junction(690, row, "x", ' data-junction="show"'))
    d.state_wire([(690, row + 15), (690, bus), (750, bus)], "h_t", arrow=True)
    d.add(_text(750, bus - 12, _sub("h", "t"), anchor="end", size=19))
    if d.value("h_t") is not None:
        d.add(_text(700, bus + 26, _number(d.value("h_t"), True), anchor="start", size=16))
    _strip(d, 420, 440, desc["gates"], "stacked a_t:")
    return 780, 485


def _gru(desc, d):
    roles, act = WIRING["GRU"], desc["activation"]
    reset, update, cand = roles["reset"], roles["update"], roles["candidate"]
    top, row, bus = 90, 290, 390
    xs = {update: 220, reset: 370, cand: 610}
    lin = 505  # the box W_hn h_{t-1} + b_hn, whose output the reset gate scales
    block = {g: k for k, g in enumerate(desc["gates"])}
    d.add(_text(40, top - 14, _sub("h", "t-1"), anchor="start", size=19),
          _text(750, top - 14, _sub("h", "t"), anchor="end", size=19))
    # the state: h_{t-1} -> x (z keeps) -> + ((1 - z) n written) -> h_t
    d.state_wire([(40, top), (205, top)], "h_prev")
    d.state_wire([(235, top), (595, top)], "kept")
    d.state_wire([(625, top), (750, top)], "h_t", arrow=True)
    d.add(_junction(xs[update], top, "x", ' data-junction="keep"'), _junction(xs[cand], top, "+", ' data-junction="add"'))
    for v, x in (("h_prev", 120), ("kept", 420), ("h_t", 690)):
        if d.value(v) is not None:
            d.add(_text(x, top + 26, _number(d.value(v), True), size=16))
    # h_{t-1} also goes down to the bus, where x_t joins it
    d.state_wire([(90, top), (90, bus), (xs[cand], bus)], "h_prev")
    _inputs(d, 100, bus, 150, 470, d.values)
    for g, x in xs.items():
        d.add(_wire([(x, bus), (x, row + 22)], MUTED, 2.5))
        d.box(x, row, g, act[g], block[g], len(desc["gates"]))
    # z twice: z_t on the kept path, 1 - z_t on the written one
    d.gate_wire([(xs[update], row - 44), (xs[update], top + 15)], update)
    d.gate_wire([(xs[update], 190), (400, 190)], update, value_name="one_minus_z", arrow=False)
    d.add(_junction(415, 190, "1-", ' data-junction="one-minus"'))
    d.gate_wire([(430, 190), (xs[cand] - 15, 190)], update, value_name="one_minus_z")
    z = d.value(update)
    d.add(_text(310, 182, "z" if z is None else f"z = {z:.2f}", size=15, fill=MUTED),
          _text(xs[cand] - 75, 182, "1 − z" if z is None else f"1 − z = {1 - z:.2f}", size=15, fill=MUTED))
    d.gate_wire([(xs[cand], row - 44), (xs[cand], 205)], cand)
    d.add(_junction(xs[cand], 190, "x", ' data-junction="write"'))
    d.gate_wire([(xs[cand], 175), (xs[cand], top + 15)], cand, value_name="written")
    # the reset gate scales W_hn h_{t-1} + b_hn (after the matrix product), on its way into n_t
    d.add(_wire([(lin, bus), (lin, 372)], MUTED, 2.5),
          f'<rect x="{lin - 60}" y="336" width="120" height="34" rx="4" fill="{CARD}" stroke="{INK}" stroke-width="1.5" '
          f'data-box="W_hn"/>', _text(lin, 359, "W<tspan dy=\"5\" font-size=\"12\">hn</tspan><tspan dy=\"-5\"> h + b"
                                      "</tspan><tspan dy=\"5\" font-size=\"12\">hn</tspan>", size=16))
    d.add(_wire([(lin, 336), (lin, row + 15)], INK, 2.5))
    d.gate_wire([(xs[reset] + 34, row), (lin - 15, row)], reset)
    d.add(_junction(lin, row, "x", ' data-junction="reset"'))
    d.add(_wire([(lin + 15, row), (xs[cand] - 34, row)], INK, 2.5, arrow=True))
    _strip(d, 470, 440, desc["gates"], "stacked a_x, a_h:")
    return 780, 485


def _rnn(desc, d):
    top, f = 150, desc["activation"]["a"]
    d.add(_text(40, top - 14, _sub("h", "t-1"), anchor="start", size=19),
          _text(600, top - 14, _sub("h", "t"), anchor="end", size=19))
    d.state_wire([(40, top), (140, top)], "h_prev")
    d.add(f'<rect x="140" y="{top - 20}" width="80" height="40" rx="4" fill="{CARD}" stroke="{INK}" stroke-width="1.5"/>',
          _text(180, top + 7, "W<tspan dy=\"5\" font-size=\"13\">hh</tspan>", size=18))
    d.add(_wire([(220, top), (295, top)], INK, 2.5), _junction(310, top, "+", ' data-junction="add"'))
    d.add(f'<rect x="270" y="{top + 60}" width="80" height="40" rx="4" fill="{CARD}" stroke="{INK}" stroke-width="1.5"/>',
          _text(310, top + 87, "W<tspan dy=\"5\" font-size=\"13\">xh</tspan>", size=18))
    d.add(_wire([(310, top + 60), (310, top + 15)], INK, 2.5), _wire([(310, top + 150), (310, top + 100)], MUTED, 2.5))
    d.add(_text(310, top + 168, _sub("x", "t"), size=19))
    d.add(_wire([(310, top - 62), (310, top - 15)], INK, 2.5), _text(310, top - 70, _sub("b", "h"), size=19))
    d.state_wire([(325, top), (410, top)], "a_t", scale=4.0)
    d.add(_text(367, top - 12, _sub("a", "t"), size=17))
    v = d.value("h_t")
    fill = CARD if v is None else value_colours([v], -1.0, 1.0, "RdBu_r")[0]
    d.add(f'<rect x="410" y="{top - 22}" width="76" height="44" rx="6" fill="{fill}" stroke="{INK}" stroke-width="3" '
          f'data-box="activation" data-activation="{f}"/>',
          _text(448, top + 7, ACTIVATION_SYMBOL[f], size=20, fill=INK if v is None else text_on(fill)))
    d.state_wire([(486, top), (600, top)], "h_t", arrow=True)
    for name, x, y, anchor in (("Whh_h_prev", 258, top - 12, "middle"), ("Wxh_x_t", 318, top + 42, "start"),
                               ("b_h", 318, top - 40, "start"), ("a_t", 367, top + 28, "middle"),
                               ("h_prev", 90, top + 28, "middle"), ("h_t", 545, top + 28, "middle")):
        if d.value(name) is not None:
            d.add(_text(x, y, _number(d.value(name), True), anchor=anchor, size=16))
    if d.values is not None and "x_t" in d.values:
        d.add(_text(330, top + 140, html.escape(str(d.values["x_t"])), anchor="start", size=16))
    return 620, 340


def describe(desc, values=None):
    """The diagram in words (its <title>, read by a screen reader)."""
    kind, act = desc["kind"], desc["activation"]
    if kind == "RNN":
        text = (f"Vanilla RNN cell: h_(t-1) times W_hh plus x_t times W_xh plus b_h gives a_t, and "
                f"{act['a']}(a_t) is h_t.")
    else:
        gates = ", ".join(f"{g} ({NAMES[g]}, {act[g]})" for g in desc["gates"])
        if kind == "LSTM":
            text = ("LSTM cell. The cell state runs along the top from c_(t-1) to c_t, crossed only by a x with the "
                    "forget gate f and a + that adds the input gate i times the candidate g; h_t = o * tanh(c_t). "
                    f"h_(t-1) and x_t feed the gates, stacked in the order {gates}.")
        else:
            text = ("GRU cell. The state runs along the top from h_(t-1) to h_t: a x keeps z times h_(t-1) and a + "
                    "adds (1 - z) times the candidate n. The reset gate r scales W_hn h_(t-1) + b_hn, after the "
                    f"matrix product, inside n. Gates stacked in the order {gates}.")
    if values:
        shown = ", ".join(f"{k} = {float(np.asarray(v, dtype=float).ravel()[0]):+.2f}"
                          for k, v in values.items() if not isinstance(v, str) and np.size(v) == 1)
        text += f" Values at this step: {shown}."
    return text


def cell_svg(layer, values=None, *, step=None, unit=None, c_scale=C_SCALE, description=None):
    """The cell of `layer` drawn as a circuit, optionally with one unit's live values at one step.

    Args:
        layer: an rl.RNN, rl.LSTM or rl.GRU; what is drawn comes from `describe_cell(layer)`.
        values: None, or a dict of one unit's numbers at step t, by name: the gates (i, f, g, o or r, z, n),
            h_prev, h_t, and for the LSTM c_prev, c_t; for the RNN Whh_h_prev, Wxh_x_t, b_h, a_t, h_t;
            x_t may be numbers or a string (a character). Missing names are drawn without a value.
        step, unit: shown in the heading when values are given.
        c_scale: |c| at which the LSTM's cell-state wire is thickest.
        description: `describe_cell(layer)`, when the caller has it already (a widget reads it once).
    Returns:
        an SVG string (role="img", a <title> describing it, its own white card, scalable by its viewBox).
    """
    desc = describe_cell(layer) if description is None else description
    values = None if values is None else dict(values)
    if values is not None:
        def get(name):
            return float(np.asarray(values[name], dtype=float).ravel()[0])
        if desc["kind"] == "LSTM" and {"f", "c_prev", "i", "g"} <= set(values):
            values["kept"], values["written"] = get("f") * get("c_prev"), get("i") * get("g")
        if desc["kind"] == "GRU" and {"z", "h_prev", "n"} <= set(values):
            values["kept"], values["written"] = get("z") * get("h_prev"), (1 - get("z")) * get("n")
            values["one_minus_z"] = 1 - get("z")
    d = _Drawing(values, float(c_scale))
    _heading(d, desc["kind"], values, step, unit)
    width, height = {"LSTM": _lstm, "GRU": _gru, "RNN": _rnn}[desc["kind"]](desc, d)
    return d.svg(width, height, describe(desc, None if values is None else
                                         {k: v for k, v in values.items() if k not in ("kept", "written", "one_minus_z")}))

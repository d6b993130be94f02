"""The cell diagrams: drawn from what the layers compute (gate order, activations, wiring), with live values."""
import re

import numpy as np
import pytest

import rnnlib as rl
from rnnlib.course.colours import CARD, GATE_COLOURS, contrast, readable
from rnnlib.course.gates import gate_values
from rnnlib.course.widgets.cell_diagram import WIRING, cell_svg, describe_cell


class ReorderedLSTM(rl.LSTM):
    """An LSTM whose stacked weights hold the gates in the order i, f, o, g (a layout other libraries use)."""

    gates = ("i", "f", "o", "g")

    def _step_forward(self, x_t, state, params):
        H = self.hidden_size

        def to_ifgo(w):  # blocks i, f, o, g -> i, f, g, o, for lstm_step_forward
            return np.concatenate([w[:2 * H], w[3 * H:], w[2 * H:3 * H]])

        return super()._step_forward(x_t, state, {name: to_ifgo(w) for name, w in params.items()})


def _attr(svg, tag, name):
    return re.findall(rf"<{tag}[^>]*\b{name}=\"([^\"]*)\"", svg)


@pytest.mark.parametrize("layer, order, activation", [
    (rl.LSTM(2, 3, seed=0), ("i", "f", "g", "o"), {"i": "sigmoid", "f": "sigmoid", "g": "tanh", "o": "sigmoid"}),
    (rl.GRU(2, 3, seed=0), ("r", "z", "n"), {"r": "sigmoid", "z": "sigmoid", "n": "tanh"}),
    (ReorderedLSTM(2, 3, seed=0), ("i", "f", "o", "g"), {"i": "sigmoid", "f": "sigmoid", "g": "tanh", "o": "sigmoid"}),
])
def test_describe_cell_reads_the_gate_order_and_activations_from_the_layers_step(layer, order, activation):
    desc = describe_cell(layer)
    assert desc["gates"] == order == layer.gates and desc["activation"] == activation


def test_describe_cell_works_in_float32():
    assert describe_cell(rl.GRU(2, 3, seed=0, dtype=np.float32))["gates"] == ("r", "z", "n")


def test_changing_the_layers_gate_order_changes_the_drawing():
    lstm, reordered = rl.LSTM(2, 3, seed=0), ReorderedLSTM(2, 3, seed=0)
    plain, changed = cell_svg(lstm), cell_svg(reordered)
    assert _attr(plain, "g", "data-order") == ["i f g o"] and _attr(changed, "g", "data-order") == ["i f o g"]
    blocks = {svg: dict(re.findall(r'data-gate="(\w)" data-activation="\w+" data-block="(\d)"', svg))
              for svg in (plain, changed)}
    assert blocks[plain] == {"i": "0", "f": "1", "g": "2", "o": "3"}
    assert blocks[changed] == {"i": "0", "f": "1", "o": "2", "g": "3"}
    assert "stacked in the order i (input gate, sigmoid), f (forget gate, sigmoid), o (output gate" in changed


def test_lstm_wiring_is_what_the_layer_computes():
    lstm = rl.LSTM(2, 3, seed=1)
    rng = np.random.default_rng(1)
    c_prev = rng.normal(size=3)
    (h_t, c_t), cache = lstm.step_forward(rng.normal(size=2), (rng.normal(size=3), c_prev))
    w = {role: cache[gate][0] for role, gate in WIRING["LSTM"].items()}
    np.testing.assert_allclose(c_t, w["keep"] * c_prev + w["write"] * w["candidate"], rtol=1e-12)
    np.testing.assert_allclose(h_t, w["show"] * np.tanh(c_t), rtol=1e-12)


def test_gru_wiring_is_what_the_layer_computes_with_the_reset_after_the_matmul():
    gru = rl.GRU(2, 3, seed=1)
    rng = np.random.default_rng(1)
    x_t, h_prev = rng.normal(size=2), rng.normal(size=3)
    h_t, cache = gru.step_forward(x_t, h_prev)
    w = {role: cache[gate][0] for role, gate in WIRING["GRU"].items()}
    np.testing.assert_allclose(h_t, (1 - w["update"]) * w["candidate"] + w["update"] * h_prev, rtol=1e-12)
    p = {name: gru.gate("n")[f"{name}n"] for name in ("W_x", "W_h", "b_x", "b_h")}
    after = np.tanh(p["W_x"] @ x_t + p["b_x"] + w["reset"] * (p["W_h"] @ h_prev + p["b_h"]))  # what is drawn
    before = np.tanh(p["W_x"] @ x_t + p["b_x"] + p["W_h"] @ (w["reset"] * h_prev) + p["b_h"])  # Cho et al. 2014
    np.testing.assert_allclose(w["candidate"], after, rtol=1e-12)
    assert not np.allclose(w["candidate"], before)


@pytest.mark.parametrize("layer", [rl.RNN(2, 3, seed=0), rl.LSTM(2, 3, seed=0), rl.GRU(2, 3, seed=0)])
def test_every_diagram_is_a_scalable_light_card_with_a_title_and_readable_text(layer):
    svg = cell_svg(layer)
    assert svg.startswith("<svg") and 'role="img"' in svg and "viewBox=" in svg and f"background:{CARD}" in svg
    assert re.search(r"<title>(Vanilla )?(RNN|LSTM|GRU) cell[^<]+</title>", svg)
    strip = re.search(r'<g data-order=.*?</g>', svg)
    on_card = svg.replace(strip.group(0), "") if strip else svg
    for colour in _attr(on_card, "text", "fill"):  # text on the card (box labels without values sit on white too)
        assert contrast(colour, CARD) >= 4.5, colour
    if strip:  # the stacked blocks: each letter on its gate's colour
        for block, letter in re.findall(r'<rect[^>]*fill="(#\w+)"[^>]*/><text[^>]*fill="(#\w+)"', strip.group(0)):
            assert contrast(letter, block) >= 4.5, (letter, block)


def test_each_gate_is_a_box_in_its_own_colour_with_its_activation():
    svg = cell_svg(rl.LSTM(2, 3, seed=0))
    for gate, symbol in (("i", "σ"), ("f", "σ"), ("g", "tanh"), ("o", "σ")):
        box = re.search(rf'<g data-gate="{gate}".*?</g>', svg).group(0)
        assert f'stroke="{readable(GATE_COLOURS[gate], ratio=3.0)}"' in box and f">{symbol}<" in box
    assert svg.count('data-junction="keep"') == svg.count('data-junction="add"') == 1  # the cell state: one x, one +


def _lstm_values(layer, x, t, unit=0):
    v = gate_values(layer, x)
    values = {g: v[g][t - 1, unit] for g in "ifgo"}
    values.update(c_prev=v["c"][t - 2, unit], c_t=v["c"][t - 1, unit], h_prev=v["h"][t - 2, unit],
                  h_t=v["h"][t - 1, unit], x_t=x[t - 1])
    return values


def test_live_values_fill_the_boxes_write_the_numbers_and_size_the_cell_state_wire():
    lstm = rl.LSTM(2, 3, seed=0)
    x = np.random.default_rng(0).normal(size=(6, 2))
    values = _lstm_values(lstm, x, 4)
    svg = cell_svg(lstm, values, step=4, unit=0)
    assert "step t = 4, unit 0" in svg and f"{values['f']:.2f}" in svg and f"{values['c_t']:+.2f}" in svg
    assert f"f = {values['f']:+.2f}" in re.search(r"<title>(.*)</title>", svg).group(1)
    widths = {}
    for c in (0.05, 1.5):  # a small and a large cell state: the wire after + is thicker for the large one
        svg_c = cell_svg(lstm, dict(values, c_t=c))
        widths[c] = float(re.search(r'stroke-width="([\d.]+)" stroke-linejoin="round" data-wire="c_t"', svg_c).group(1))
    assert widths[1.5] > widths[0.05] + 3
    box_fill = {f: re.search(r'<g data-gate="f".*?fill="(#\w+)"', cell_svg(lstm, dict(values, f=f))).group(1)
                for f in (0.05, 0.95)}
    assert box_fill[0.05] != box_fill[0.95] != CARD


def test_the_gru_draws_z_in_both_roles_and_the_reset_gate_on_w_hn():
    svg = cell_svg(rl.GRU(2, 3, seed=0), {"r": 0.3, "z": 0.8, "n": -0.5, "h_prev": 0.4, "h_t": 0.2, "x_t": [0.1, 1.0]})
    assert 'data-junction="one-minus"' in svg and 'data-junction="reset"' in svg and 'data-box="W_hn"' in svg
    assert "z = 0.80" in svg and "1 − z = 0.20" in svg and "after the matrix product" in svg


def test_the_rnn_draws_its_own_activation_and_its_three_terms():
    for activation, symbol in (("tanh", "tanh"), ("relu", "ReLU")):
        svg = cell_svg(rl.RNN(2, 3, activation=activation, seed=0),
                       {"Whh_h_prev": 0.3, "Wxh_x_t": -0.2, "b_h": 0.1, "a_t": 0.2, "h_t": 0.19, "h_prev": 0.5})
        assert f'data-activation="{activation}"' in svg and f">{symbol}<" in svg
        assert all(s in svg for s in ("+0.30", "-0.20", "+0.10", "+0.19"))


def test_cell_svg_refuses_what_is_not_a_recurrent_cell():
    with pytest.raises(TypeError, match="rl.RNN, rl.LSTM or rl.GRU"):
        cell_svg(rl.Dense(2, 3, seed=0))

"""The gate inspector: its state logic (no display needed) and the wiring of its ipywidgets view."""
import re

import numpy as np
import pytest

import rnnlib as rl
from rnnlib.course import tasks
from rnnlib.course.widgets.gate_inspector import MAX_LENGTH, GateInspector
from rnnlib.course.widgets.gate_inspector_view import GateInspectorView

ERROR_BOX = 'class="rl-message rl-error"'
TEXT = "0.5 *-0.3 0.1 *0.9 0.2"  # x_t = (value, marker); two marked steps


def make_models(D=2, H=4, readout=True, dtype=np.float64):
    lstm, gru = rl.LSTM(D, H, seed=1, dtype=dtype), rl.GRU(D, H, seed=2, dtype=dtype)
    if readout:
        return (rl.SequenceModel(lstm, 1, many_to_one=True, seed=3), rl.SequenceModel(gru, 1, many_to_one=True, seed=4))
    return lstm, gru


@pytest.fixture
def inspector():
    return GateInspector(*make_models(), TEXT)


# ----- parsing the learner's sequence ---------------------------------------------------------------------
def test_inspector_parses_values_and_markers(inspector):
    np.testing.assert_array_equal(inspector.x, [[0.5, 0], [-0.3, 1], [0.1, 0], [0.9, 1], [0.2, 0]])
    assert (inspector.t, inspector.T, inspector.kind, inspector.message) == (1, 5, "LSTM", "")
    assert inspector.tokens == ["0.5", "*-0.3", "0.1", "*0.9", "0.2"]
    assert inspector.target() == pytest.approx(0.5 + (-0.3 + 0.9) / 4)


def test_inspector_accepts_commas_and_one_input_models():
    ins = GateInspector(*make_models(D=1), "0.1, -0.2,0.3")
    np.testing.assert_array_equal(ins.x, [[0.1], [-0.2], [0.3]])
    assert ins.target() is None


@pytest.mark.parametrize("text, words", [
    ("", ["empty"]),
    ("   ", ["empty"]),
    ("0.1 abc", ["Number 2", "'abc'", "not a number"]),
    ("0.1 *", ["Number 2", "not a number"]),
    ("nan", ["not a finite number"]),
    ("inf 0.2", ["not a finite number"]),
    ("0.1 1.5", ["Number 2", "outside [-1, 1]"]),
    (" ".join(["0.1"] * (MAX_LENGTH + 1)), [f"{MAX_LENGTH + 1} numbers", f"{MAX_LENGTH} or fewer"]),
    (42, ["as text", "int"]),
    (None, ["as text", "NoneType"]),
])
def test_inspector_rejects_bad_text_with_a_message_and_keeps_the_old_sequence(inspector, text, words):
    inspector.go_to(3)
    assert inspector.set_text(text) is False
    assert all(w in inspector.message for w in words), inspector.message
    assert (inspector.T, inspector.t, inspector.tokens[1]) == (5, 3, "*-0.3")
    assert ERROR_BOX in inspector.html()


def test_inspector_rejects_markers_for_a_model_without_a_marker_input():
    ins = GateInspector(*make_models(D=1), "0.1 0.2")
    assert ins.set_text("0.1 *0.2") is False and "no marker" in ins.message


def test_inspector_escapes_the_learners_text_in_the_message(inspector):
    inspector.set_text("<script>alert(1)</script>")
    assert "<script>" not in inspector.html() and "&lt;script&gt;" in inspector.html()


def test_inspector_clears_the_message_after_good_text(inspector):
    inspector.set_text("oops")
    assert inspector.set_text("0.1 0.2") is True and inspector.message == "" and ERROR_BOX not in inspector.html()


def test_format_writes_what_parse_reads(inspector):
    x, _ = tasks.adding_problem(12, 1, seed=0)
    text = GateInspector.format(x[:, 0])
    assert inspector.set_text(text)
    np.testing.assert_allclose(inspector.x, np.round(x[:, 0], 2) * [1, 0] + x[:, 0] * [0, 1])


def test_constructor_refuses_models_it_cannot_show():
    lstm, gru = make_models(readout=False)
    with pytest.raises(TypeError, match="rl.LSTM"):
        GateInspector(gru, gru, TEXT)
    with pytest.raises(ValueError, match="same input_size"):
        GateInspector(lstm, rl.GRU(3, 4, seed=0), TEXT)
    with pytest.raises(ValueError, match="not a number"):
        GateInspector(lstm, gru, "x y")
    with pytest.raises(ValueError, match="LSTM, GRU"):
        GateInspector(lstm, gru, TEXT, kind="RNN")


# ----- stepping ------------------------------------------------------------------------------------------
def test_inspector_steps_within_bounds_and_resets(inspector):
    assert inspector.step_back() is False and inspector.t == 1
    for t in range(2, 6):
        assert inspector.step_forward() is True and inspector.t == t
    assert inspector.step_forward() is False and inspector.t == 5
    inspector.reset()
    assert inspector.t == 1
    assert [inspector.go_to(t) for t in (-2, 0, 3, 99)] == [1, 1, 3, 5]


def test_model_toggle_keeps_t_and_rejects_unknown_models(inspector):
    inspector.go_to(4)
    assert inspector.set_kind("GRU") is True and (inspector.kind, inspector.t) == ("GRU", 4)
    assert inspector.set_kind("lstm") is False and "LSTM, GRU" in inspector.message and inspector.kind == "GRU"


# ----- what is shown equals the layers' own computation -------------------------------------------------
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("readout", [True, False])
def test_lstm_arrays_at_every_step_equal_step_forward(dtype, readout):
    models = make_models(dtype=dtype, readout=readout)
    ins = GateInspector(*models, TEXT)
    layer = ins.layers["LSTM"]
    state = None
    tol = 1e-12 if dtype == np.float64 else 1e-5
    for t in range(1, ins.T + 1):
        a = ins.arrays(t, "LSTM")
        h_prev = np.zeros(4) if state is None else state[0]
        state, cache = layer.step_forward(ins.x[t - 1], state)
        np.testing.assert_allclose(a["h_prev"], h_prev, atol=tol)
        for name in ("i", "f", "g", "o", "c_t", "h_t"):
            np.testing.assert_allclose(a[name], cache[name][0], rtol=tol, atol=tol)
        np.testing.assert_allclose(a["c_t"], a["f"] * a["c_prev"] + a["i"] * a["g"], rtol=tol, atol=tol)
        assert ("y_t" in a) == readout
    if readout:
        np.testing.assert_allclose(a["y_t"], models[0].forward(ins.x)[0], rtol=tol, atol=tol)


def test_gru_arrays_at_every_step_equal_step_forward(inspector):
    layer = inspector.layers["GRU"]
    h = None
    for t in range(1, inspector.T + 1):
        a = inspector.arrays(t, "GRU")
        h, cache = layer.step_forward(inspector.x[t - 1], h)
        for name in ("r", "z", "n", "h_t"):
            np.testing.assert_allclose(a[name], cache[name][0], rtol=1e-12)
        np.testing.assert_allclose(a["h_t"], (1 - a["z"]) * a["n"] + a["z"] * a["h_prev"], rtol=1e-12)
        assert set(a) == {"x_t", "h_prev", "r", "z", "n", "h_t", "y_t"}


def test_arrays_refuse_a_step_outside_the_sequence(inspector):
    with pytest.raises(ValueError, match=r"1\.\.5"):
        inspector.arrays(6)


def test_recompute_sees_changed_weights(inspector):
    before = inspector.arrays(3)["f"].copy()
    inspector.layers["LSTM"].gate("f")["b_f"][...] = 30.0
    inspector.recompute()
    assert not np.allclose(before, inspector.arrays(3)["f"]) and np.allclose(inspector.arrays(3)["f"], 1.0)


# ----- the HTML -------------------------------------------------------------------------------------------
def test_html_labels_every_lstm_gate_and_fixed_colour_scales(inspector):
    inspector.go_to(5)
    page = inspector.html()
    for label in ("i<sub>t</sub>", "f<sub>t</sub>", "g<sub>t</sub>", "o<sub>t</sub>", "c<sub>t-1</sub>",
                  "h<sub>t-1</sub>", "step t = 5 of T = 5", "target", "gates i, f, o", "cell state c"):
        assert label in page, label


def test_html_of_the_gru_shows_its_gates_and_no_cell(inspector):
    inspector.set_kind("GRU")
    page = inspector.html()
    assert all(s in page for s in ("r<sub>t</sub>", "z<sub>t</sub>", "n<sub>t</sub>", "gates r, z"))
    assert "c<sub>t</sub>" not in page


def _diagram(page):
    return re.search(r'<svg[^>]*class="rl-cell-diagram".*?</svg>', page).group(0)


def test_html_draws_the_cell_with_the_units_values_at_step_t(inspector):
    inspector.go_to(2)
    assert inspector.set_unit(3)
    a = inspector.arrays()
    diagram = _diagram(inspector.html())
    assert "LSTM cell (step t = 2, unit 3)" in diagram and 'data-order="i f g o"' in diagram
    assert all(f"{a[g][3]:.2f}" in diagram for g in "ifo") and f"{a['c_t'][3]:+.2f}" in diagram
    inspector.step_forward()
    assert _diagram(inspector.html()) != diagram  # the browser tests see the diagram change after a step
    inspector.set_kind("GRU")
    gru = _diagram(inspector.html())
    assert "GRU cell (step t = 3, unit 3)" in gru and f"z = {inspector.arrays()['z'][3]:.2f}" in gru


@pytest.mark.parametrize("unit", [-1, 4, 1.5, "0", True, None])
def test_set_unit_refuses_what_is_not_a_unit_with_a_message(inspector, unit):
    assert inspector.set_unit(unit) is False and "from 0 to 3" in inspector.message and inspector.unit == 0


def test_same_value_gets_the_same_colour_at_every_step(inspector):
    # fixed scales: a gate value of 0.5 is the same colour whatever else is on screen
    from rnnlib.course.widgets import html
    assert html.colours([0.5], 0.0, 1.0, "viridis") == html.colours([0.5, 0.99, 0.01], 0.0, 1.0, "viridis")[:1]
    assert f"background:{html.colours([0.0], -1, 1, 'RdBu_r')[0]}" in html.vector("x", [0.0])


# ----- the view ------------------------------------------------------------------------------------------
@pytest.fixture
def view(inspector):
    return GateInspectorView(inspector)


def test_view_buttons_move_t_and_the_slider_and_play_follow(view):
    view.forward.click()
    view.forward.click()
    assert view.inspector.t == view.slider.value == view.play.value == 3
    assert "step t = 3 of T = 5" in view.view.value
    view.back.click()
    assert view.inspector.t == view.slider.value == 2
    view.reset.click()
    assert view.inspector.t == view.slider.value == view.play.value == 1


def test_view_play_counter_drives_t(view):
    view.play.value = 4  # what the browser does while playing
    assert view.inspector.t == view.slider.value == 4 and "step t = 4" in view.view.value


def test_view_model_toggle_redraws_with_the_other_model(view):
    view.slider.value = 3
    view.model.value = "GRU"
    assert view.inspector.kind == "GRU" and view.inspector.t == 3 and "<b>GRU</b>" in view.view.value


def test_view_unit_dropdown_redraws_the_diagram_for_that_unit(view):
    assert view.unit.options == (0, 1, 2, 3)
    view.slider.value = 2
    view.unit.value = 2
    assert view.inspector.unit == 2 and view.inspector.t == 2 and "(step t = 2, unit 2)" in view.view.value


def test_view_text_box_sets_a_new_sequence_and_resizes_the_slider(view):
    view.slider.value = 5
    view.text.value = "0.1 *0.2 0.3"
    assert view.inspector.T == view.slider.max == view.play.max == 3
    assert view.inspector.t == view.slider.value == 1
    view.text.value = " ".join(["0.1"] * 12)
    assert view.slider.max == 12


def test_view_shows_a_message_for_bad_text_and_keeps_working(view):
    view.text.value = "0.1 hello"
    assert ERROR_BOX in view.view.value and "&#x27;hello&#x27;" in view.view.value
    assert view.inspector.T == view.slider.max == 5
    view.forward.click()
    assert view.inspector.t == 2


def test_view_has_the_css_classes_the_browser_tests_use(view):
    assert "gate-inspector" in view.box._dom_classes
    for name in ("text", "model", "unit", "back", "forward", "reset", "play", "slider", "view"):
        assert f"gate-inspector-{name}" in getattr(view, name)._dom_classes
    assert view.forward.description == "step forward ▶" and view.back.description == "◀ step back"


def test_view_text_repr_is_stable(view):
    assert view._repr_mimebundle_()["text/plain"].startswith("Gate inspector (LSTM, T = 5")

"""The BPTT walker and the gradient explorer: their state logic (no display needed), their views' wiring,
and the SVG plots and HTML matrix they draw with."""
import numpy as np
import pytest

import rnnlib as rl
from rnnlib.course.widgets import html, svgplot
from rnnlib.course.widgets.bptt_walker import MAX_LENGTH, BPTTWalker, cell_format, nice_ceil
from rnnlib.course.widgets.bptt_walker_view import BPTTWalkerView
from rnnlib.course.widgets.gradient_explorer import DEFAULTS, Y_RANGE, GradientExplorer
from rnnlib.course.widgets.gradient_explorer_view import GradientExplorerView

ERROR_BOX = 'class="rl-message rl-error"'


@pytest.fixture
def walker():
    return BPTTWalker(sequence="0.5, -1, 0.25, 0, 1")


# ----- BPTT walker: stepping --------------------------------------------------------------------------
def test_walker_starts_at_the_last_step(walker):
    assert (walker.t, walker.T, walker.values, walker.message) == (5, 5, [0.5, -1.0, 0.25, 0.0, 1.0], "")


def test_walker_steps_back_and_forward_within_bounds(walker):
    assert walker.step_forward() is False and walker.t == 5
    for t in (4, 3, 2, 1):
        assert walker.step_back() is True and walker.t == t
    assert walker.step_back() is False and walker.t == 1
    assert walker.step_forward() is True and walker.t == 2
    walker.reset()
    assert walker.t == 5


@pytest.mark.parametrize("asked, shown", [(0, 1), (-2, 1), (3, 3), (5, 5), (50, 5)])
def test_walker_go_to_clamps_t(walker, asked, shown):
    assert walker.go_to(asked) == shown == walker.t


# ----- BPTT walker: the numbers --------------------------------------------------------------------------
@pytest.mark.parametrize("loss_at", ["every step", "last step only"])
@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_walker_running_sum_at_t1_is_the_models_dL_dW_hh(loss_at, activation):
    model = rl.SequenceModel(rl.RNN(1, 3, activation=activation, seed=2), 1, seed=3)
    walker = BPTTWalker(model, "1, -0.5, 2, 0", loss_at=loss_at)
    ys, cache = model.forward(walker.x)
    dys = ys - walker.values[0]
    if loss_at == "last step only":
        dys[:-1] = 0.0
    grads = model.backward(dys, cache)[0]
    walker.go_to(1)
    np.testing.assert_allclose(walker.arrays()["dW_hh_sum"], grads["W_hh"], rtol=1e-12, atol=1e-15)
    assert walker.losses.sum() == pytest.approx(0.5 * np.sum(dys ** 2), rel=1e-12)


def test_walker_arrays_keep_total_and_partial_apart(walker):
    for t in range(1, walker.T + 1):
        a = walker.arrays(t)
        np.testing.assert_allclose(a["total"], a["local"] + a["carried"], atol=1e-15)
        np.testing.assert_allclose(a["da"], a["total"] * a["fprime"], atol=1e-15)
        np.testing.assert_allclose(a["dW_hh_t"], np.outer(a["da"], a["h_prev"]), atol=1e-15)
    np.testing.assert_array_equal(walker.arrays(walker.T)["carried"], 0.0)
    with pytest.raises(ValueError, match="t must lie"):
        walker.arrays(0)


def test_walker_last_step_only_has_no_local_gradient_before_T():
    walker = BPTTWalker(sequence="1, 0, 0, 0", loss_at="last step only")
    np.testing.assert_array_equal(walker.trace["local"][:-1], 0.0)
    assert np.any(walker.trace["local"][-1] != 0)
    assert "no loss at this step" not in walker.html()  # at t = T the loss is there
    walker.go_to(2)
    assert "no loss at this step" in walker.html()


def test_walker_colour_scales_are_fixed_for_the_whole_walk(walker):
    scales = []
    for _ in range(walker.T):
        walker.html()
        scales.append((walker.g_scale, walker.w_scale))
        walker.step_back()
    assert len(set(scales)) == 1
    assert walker.g_scale >= max(np.abs(walker.trace[k]).max() for k in ("local", "carried", "total", "da"))


@pytest.mark.parametrize("value, expected", [(0.3, 0.5), (0.5, 0.5), (0.51, 1.0), (7, 10), (0.012, 0.02), (0, 1.0)])
def test_nice_ceil_rounds_up_to_1_2_5(value, expected):
    assert nice_ceil(value) == pytest.approx(expected)


@pytest.mark.parametrize("scale, shown", [(1.0, "+0.12"), (0.5, "+0.12"), (0.05, "+0.123"), (0.005, "+0.1235"),
                                          (1e-6, "+0.1235"), (20.0, "+0.12")])
def test_walker_cells_get_enough_decimals_for_their_scale(scale, shown):
    assert cell_format(scale).format(0.123456) == shown


# ----- BPTT walker: bad input ------------------------------------------------------------------------------
@pytest.mark.parametrize("text, says", [
    ("", "empty"), ("   ", "empty"), ("1, two, 3", "'two' is not a number"), ("1, nan", "NaN"),
    ("1, inf", "NaN"), ("1, 50", "between"), (", ".join(["1"] * (MAX_LENGTH + 1)), f"at most {MAX_LENGTH}"),
])
def test_walker_rejects_bad_text_with_a_message_and_keeps_its_sequence(walker, text, says):
    walker.step_back()
    assert walker.set_sequence(text) is False
    assert says in walker.message
    assert walker.values == [0.5, -1.0, 0.25, 0.0, 1.0] and walker.t == 4
    assert ERROR_BOX in walker.html()


@pytest.mark.parametrize("given", [None, 3, [1, "x"], []])
def test_walker_rejects_bad_python_values(walker, given):
    assert walker.set_sequence(given) is False and walker.message


def test_walker_accepts_lists_spaces_and_semicolons_then_clears_the_message(walker):
    walker.set_sequence("oops")
    assert walker.set_sequence("1 2;3") is True and walker.values == [1.0, 2.0, 3.0] and walker.message == ""
    assert walker.set_sequence([0.5, 1]) is True and walker.T == 2 and walker.t == 2


def test_walker_rejects_an_unknown_loss_and_wrong_models():
    walker = BPTTWalker()
    assert walker.set_loss_at("middle") is False and "every step" in walker.message
    with pytest.raises(ValueError, match="loss_at"):
        BPTTWalker(loss_at="sometimes")
    with pytest.raises(TypeError, match="SequenceModel"):
        BPTTWalker(rl.RNN(1, 3, seed=0))
    with pytest.raises(ValueError, match="input_size 1"):
        BPTTWalker(rl.SequenceModel(rl.RNN(2, 3, seed=0), 1, seed=0))
    with pytest.raises(ValueError, match="not a number"):
        BPTTWalker(sequence="a, b")


def test_walker_html_labels_and_highlights_the_current_step(walker):
    walker.go_to(3)
    page = walker.html()
    assert "t = 3" in page and "dL/dh<sub>t</sub>" in page and "&part;L<sub>t</sub>/&part;h<sub>t</sub>" in page
    assert 'data-index="2" data-value' in page and 'data-index="1" data-value="nan"' in page  # steps 1-2 not walked
    walker.go_to(1)
    assert "= dL/dW<sub>hh</sub>" in walker.html()


# ----- BPTT walker view ------------------------------------------------------------------------------------
def test_walker_view_buttons_slider_and_play_move_t_together():
    view = BPTTWalkerView(BPTTWalker(sequence="1, 2, 3, 4"))
    assert "bptt-walker" in view.box._dom_classes and "rnn-bptt-walker" in view.box._dom_classes
    first = view.view.value
    view.back.click()
    assert (view.walker.t, view.slider.value, view.play.value) == (3, 3, 2) and view.view.value != first
    view.forward.click()
    assert view.walker.t == 4
    view.play.value = 4  # the browser's play counter p: t = T + 1 - p
    assert view.walker.t == view.slider.value == 1
    view.slider.value = 2
    assert view.play.value == 3
    view.reset.click()
    assert view.walker.t == 4 and view.play.value == 1


def test_walker_view_new_text_resizes_the_controls_and_bad_text_shows_a_message():
    view = BPTTWalkerView(BPTTWalker(sequence="1, 2, 3, 4"))
    view.text.value = "1, 0, 0, 0, 0, 0, 0"
    assert view.walker.T == view.slider.max == view.play.max == 7
    assert view.slider.value == 7 and view.play.value == 1
    view.text.value = "1, ?"
    assert ERROR_BOX in view.view.value and view.walker.T == 7
    view.loss.value = "last step only"
    assert view.walker.loss_at == "last step only" and ERROR_BOX not in view.view.value
    assert "text/plain" in view._repr_mimebundle_() and "T = 7" in view._repr_mimebundle_()["text/plain"]


# ----- gradient explorer: state ------------------------------------------------------------------------------
@pytest.fixture
def explorer():
    return GradientExplorer(hidden_size=8, seed=1)


def test_explorer_starts_at_the_defaults_and_the_bound_holds(explorer):
    assert explorer.settings == DEFAULTS and explorer.message == ""
    assert explorer.norms.shape == (DEFAULTS["T"] + 1,) and explorer.norms[-1] == pytest.approx(1.0)
    assert np.all(explorer.norms <= explorer.bound * (1 + 1e-9))


@pytest.mark.parametrize("activation", ["tanh", "relu", "identity"])
@pytest.mark.parametrize("kind", ["normal", "non-normal"])
@pytest.mark.parametrize("scale", [0.5, 1.0, 1.5])
def test_explorer_bound_holds_for_every_setting(explorer, activation, kind, scale):
    assert explorer.set(activation=activation, kind=kind, scale=scale, T=40)
    assert np.all(explorer.norms <= explorer.bound * (1 + 1e-9))
    assert explorer.rho == pytest.approx(scale, rel=1e-6)
    if kind == "normal":
        assert explorer.sigma == pytest.approx(scale, rel=1e-9)
    else:
        assert explorer.sigma == pytest.approx(scale * (1 + np.sqrt(2)), rel=1e-9)


def test_explorer_identity_normal_sits_on_the_bound(explorer):
    explorer.set(activation="identity", kind="normal", scale=1.1, T=30)
    np.testing.assert_allclose(explorer.norms, explorer.bound, rtol=1e-9)
    np.testing.assert_allclose(explorer.norms, explorer.rho_line, rtol=1e-6)


def test_explorer_non_normal_shows_transient_growth_with_rho_below_one(explorer):
    explorer.set(activation="identity", kind="non-normal", scale=0.9, T=100)
    assert explorer.rho < 1 < explorer.sigma
    assert explorer.norms[90:].max() > 5 and explorer.norms[0] < 1e-2
    assert "transient growth" in explorer.verdict()


def test_explorer_verdict_names_the_condition(explorer):
    explorer.set(scale=0.8)
    assert "sufficient" in explorer.verdict()
    explorer.set(scale=1.5, input_scale=10.0)
    assert "necessary, not sufficient" in explorer.verdict() and "still vanishes" in explorer.verdict()


@pytest.mark.parametrize("activation", ["tanh", "identity"])
def test_explorer_verdict_at_sigma_max_one_says_the_norm_cannot_grow(explorer, activation):
    explorer.set(activation=activation, kind="normal", scale=1.0)  # gamma sigma_max = 1 exactly
    verdict = explorer.verdict()
    assert "= 1:" in verdict and "never" in verdict and "possible" not in verdict
    assert np.all(explorer.norms <= 1 + 1e-9)  # what the verdict says, measured


@pytest.mark.parametrize("changes, says", [
    ({"T": 0}, "T must be"), ({"T": 2.5}, "T must be"), ({"T": 500}, "T must be"), ({"scale": -1}, "scale must"),
    ({"scale": float("nan")}, "scale must"), ({"scale": "big"}, "scale must"),
    ({"activation": "sigmoid"}, "activation"),
    ({"kind": "weird"}, "kind"), ({"size": 3}, "unknown setting"), ({"input_scale": True}, "input_scale"),
])
def test_explorer_rejects_bad_settings_with_a_message_and_changes_nothing(explorer, changes, says):
    before = (dict(explorer.settings), explorer.norms.copy())
    assert explorer.set(**changes) is False
    assert says in explorer.message and ERROR_BOX in explorer.html()
    assert explorer.settings == before[0]
    np.testing.assert_array_equal(explorer.norms, before[1])
    assert explorer.set(T=10) is True and explorer.message == ""


def test_explorer_sweep_returns_one_norm_per_value_and_restores_the_settings(explorer):
    explorer.set(activation="identity", T=20)
    norms = explorer.sweep("scale", [0.5, 1.0, 2.0])
    np.testing.assert_allclose(norms, [0.5 ** 20, 1.0, 2.0 ** 20], rtol=1e-9)
    assert explorer.settings["scale"] == DEFAULTS["scale"] and explorer.norms.shape == (21,)
    with pytest.raises(ValueError, match="scale must"):
        explorer.sweep("scale", [0.5, -2])
    assert explorer.settings["scale"] == DEFAULTS["scale"]


def test_explorer_html_draws_three_lines_and_notes_values_off_the_axis(explorer):
    page = explorer.html()
    assert page.count("<polyline") == 3 and "measured" in page and "bound" in page
    explorer.set(activation="identity", scale=2.0, T=200)
    assert explorer.norms[0] > Y_RANGE[1] and "drawn on the edge" in explorer.html()


# ----- gradient explorer view ---------------------------------------------------------------------------------
def test_explorer_view_controls_change_the_state_and_reset_restores_it():
    view = GradientExplorerView(GradientExplorer(hidden_size=8, seed=0))
    assert "gradient-explorer" in view.box._dom_classes and "rnn-gradient-explorer" in view.box._dom_classes
    first = view.view.value
    view.scale.value = 1.2
    view.activation.value = "relu"
    view.T.value = 30
    view.kind.value = "non-normal"
    view.input_scale.value = 3.0
    assert view.explorer.settings == {"scale": 1.2, "activation": "relu", "T": 30, "kind": "non-normal",
                                      "input_scale": 3.0}
    assert view.view.value != first
    view.reset.click()
    assert view.explorer.settings == DEFAULTS and view.scale.value == DEFAULTS["scale"] and view.view.value == first
    assert "Gradient explorer" in view._repr_mimebundle_()["text/plain"]


# ----- drawing helpers ----------------------------------------------------------------------------------------
def test_line_plot_puts_clipped_values_on_the_edges():
    svg = svgplot.line_plot([0, 1, 2], [{"name": "a", "y": [1e-20, 1.0, 1e20]}], xlim=(0, 2), ylim=(1e-2, 1e2),
                            log_y=True, title="t <&>")
    points = svg.split('points="')[1].split('"')[0].split()
    ys = [float(p.split(",")[1]) for p in points]
    assert ys[0] > ys[1] > ys[2]  # bottom edge, middle, top edge
    assert ys[1] == pytest.approx((ys[0] + ys[2]) / 2)
    assert "t &lt;&amp;&gt;" in svg and 'data-name="a"' in svg


@pytest.mark.parametrize("y, corner", [
    (np.logspace(-8, 0, 41), "upper left"),  # vanishing: the curve rises from the bottom left to 1 at k = T
    (np.logspace(10, 0, 41), "lower left"),  # exploding: it falls from the top left (clipped there) to 1
])
def test_line_plot_puts_the_legend_where_it_hides_no_line(y, corner):
    svg = svgplot.line_plot(np.arange(41), [{"name": "measured", "y": y}, {"name": "bound", "y": y}],
                            xlim=(0, 40), ylim=(1e-10, 1e10), log_y=True)
    assert f'<g data-corner="{corner}">' in svg and svg.count("data-corner") == 1


def test_bar_plot_marks_the_highlight_and_leaves_unshown_bars_empty():
    svg = svgplot.bar_plot([1.0, 2.0, 3.0], ["1", "2", "3"], ymax=4.0, highlight=1, shown=[False, True, True])
    assert 'data-index="0" data-value="nan"' in svg and 'data-index="1" data-value="2"' in svg
    assert svg.count(html.NOW) == 1  # the current step: the tape's colour, not a gradient's


def test_html_matrix_draws_one_cell_per_entry_on_the_fixed_scale():
    out = html.matrix("W", [[1.0, -1.0], [0.0, 0.5]], vmin=-1, vmax=1, fmt="{:+.1f}")
    assert out.count('class="rl-cell"') == 4 and out.count('class="rl-mrow"') == 2
    assert "+1.0" in out and "-1.0" in out and "+0.5" in out

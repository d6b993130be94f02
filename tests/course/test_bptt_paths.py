"""The BPTT recursion unrolled into its sum over paths (rnnlib/course/bptt.py: path_terms), the graph the walker and
notebook 03 draw of it (bptt_walker.bptt_graph_svg), and the walker's cells reading right on a small scale."""
import re

import numpy as np
import pytest

import rnnlib as rl
from rnnlib.course import bptt
from rnnlib.course.widgets.bptt_walker import BPTTWalker, bptt_graph_svg, cell_unit, in_unit


@pytest.mark.parametrize("activation", ["tanh", "relu", "identity"])
def test_the_sum_over_paths_is_the_recursions_total_derivative(activation, rng):
    layer = rl.RNN(2, 4, activation=activation, seed=1)
    x, dhs = rng.standard_normal((7, 2)), rng.standard_normal((7, 4))
    P = bptt.path_terms(layer, x, dhs)
    np.testing.assert_allclose(P.sum(axis=1), bptt.bptt_trace(layer, x, dhs)["total"], rtol=0, atol=1e-12)
    t, s = np.indices((7, 7))
    assert np.all(P[s < t] == 0)  # no loss before t depends on h_t
    np.testing.assert_array_equal(P[np.arange(7), np.arange(7)], dhs)  # the empty product: the partial itself


def test_each_path_is_what_its_own_loss_sends_back_by_central_differences(rng):
    layer = rl.RNN(2, 4, seed=2)
    x, dhs = rng.standard_normal((6, 2)), rng.standard_normal((6, 4))
    P = bptt.path_terms(layer, x, dhs)
    for s in (2, 5):  # the loss at step s + 1 alone: its dL/dh_t for every t is the path from it
        only = np.zeros_like(dhs)
        only[s] = dhs[s]
        assert rl.relative_error(P[:, s], bptt.numerical_state_gradients(layer, x, only)) < 1e-7


def lit(svg):
    """{(path, step): lit level} of the gradient arrows in a drawing."""
    return {(m[0], int(m[1])): int(m[2]) for m in
            re.findall(r'data-path="(\w+)" data-step="(\d+)" data-lit="(\d)"', svg)}


def test_the_graph_lights_every_path_from_a_loss_back_to_h_t_and_h_t_s_two_ways_most():
    arrows = lit(bptt_graph_svg(6, 3, range(1, 7)))
    assert set(arrows) == {("direct", s) for s in range(3, 7)} | {("carried", s) for s in range(3, 6)}
    assert [k for k, v in arrows.items() if v == 2] == [("direct", 3), ("carried", 3)]  # into h_3: from L_3 and h_4


def test_with_the_loss_at_the_last_step_only_one_chain_is_lit():
    svg = bptt_graph_svg(6, 2, [6])
    assert set(lit(svg)) == {("direct", 6)} | {("carried", s) for s in range(2, 6)}
    assert "L<tspan" in svg and svg.count(">L</tspan>") == 1  # only L_6 is drawn
    assert "one way out of h" in svg  # h_2 has no loss of its own


def test_the_graph_is_an_accessible_image_with_path_sizes():
    svg = bptt_graph_svg(4, 2, range(1, 5), path_norms=[0.0, 0.5, 0.025, 3e-5])
    assert svg.startswith("<svg") and 'role="img"' in svg and "<title>" in svg and "at step 2" in svg
    sizes = re.findall(r'font-size="13" fill="[^"]+">([^<]+)</text>', svg)
    assert sizes == ["0.5", "0.025", "3e-05"]  # above L_2, L_3, L_4: the losses at s >= t only
    with pytest.raises(ValueError, match="1..4"):
        bptt_graph_svg(4, 5, [4])


def test_the_walker_draws_its_own_paths_and_moves_the_light_with_t():
    walker = BPTTWalker(sequence="1, 0, 0, 0, 0", loss_at="every step")
    np.testing.assert_allclose(walker.path_norms.sum(axis=1) >= 0, True)
    first = lit(walker.html())
    walker.step_back()
    second = lit(walker.html())
    assert len(second) == len(first) + 2 and ("carried", 4) in second  # one more loss and one more link lit


@pytest.mark.parametrize("scale, unit", [(2.0, 1.0), (0.1, 1.0), (0.05, 0.01), (0.005, 0.001)])
def test_small_scales_are_shown_in_a_power_of_ten(scale, unit):
    assert cell_unit(scale) == pytest.approx(unit)


def test_walker_cells_read_right_on_a_tiny_scale_no_negative_zero_no_overflow():
    assert str(in_unit([-1e-9], 1.0)[0]) == "0.0"
    walker = BPTTWalker(sequence="1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0", loss_at="last step only", seed=0)
    walker.go_to(1)
    page = walker.html()
    cells = re.findall(r'class="rl-cell"[^>]*>([^<]*)<', page)
    assert cells and all(len(c) <= 5 for c in cells), [c for c in cells if len(c) > 5]  # "+1.23", never "+0.0012"
    assert "-0.00" not in cells and "in units of 10<sup>&minus;3</sup>" in page
    walker.go_to(walker.T)  # h_0 = 0 and the first states are tiny: h_(t-1)'s cells too
    assert "-0.00" not in re.findall(r'class="rl-cell"[^>]*>([^<]*)<', walker.html())

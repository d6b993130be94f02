"""Notebook 04's pictures and mini-project: the numbers behind the chain of Jacobians, the unit circle under W^n
and the cliff (gradient-checked), the figures drawn from them, and the initialisation check; claims over three seeds."""
import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import rnnlib as rl  # noqa: E402
from exercise_results import assert_fails, assert_passes  # noqa: E402
from rnnlib.course import gradient_experiments, jacobians, plotting  # noqa: E402
from rnnlib.course.exercises import nb04  # noqa: E402
from test_exercise_hints import CODE  # noqa: E402 (the patterns no hint may contain)

SEEDS = [0, 1, 2]


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


# ----- the unit circle under W^n ---------------------------------------------------------------------------
@pytest.mark.parametrize("W", [np.array([[0.9, 1.5], [0.0, 0.6]]), np.array([[0.5, -0.4], [0.4, 0.5]])])
def test_circle_images_reach_exactly_the_norm_of_each_power(W):
    images = jacobians.circle_images(W, 12, points=2000)
    radius = np.linalg.norm(images, axis=2).max(axis=1)
    np.testing.assert_allclose(radius, jacobians.power_norms(W, 12), rtol=1e-5)
    np.testing.assert_allclose(np.linalg.norm(images[0], axis=1), 1.0)


def test_circle_images_reject_a_matrix_that_is_not_2_by_2():
    with pytest.raises(ValueError, match=r"W must have shape \(2, 2\).*got \(3, 3\)"):
        jacobians.circle_images(np.eye(3), 5)


def test_is_normal_tells_orthogonal_and_symmetric_from_sheared():
    assert jacobians.is_normal(jacobians.orthogonal_matrix(5, seed=0))
    assert jacobians.is_normal(np.array([[0.7, 0.2], [0.2, 0.4]]))
    assert not jacobians.is_normal(np.array([[0.9, 1.5], [0.0, 0.6]]))
    assert not jacobians.is_normal(jacobians.non_normal_matrix(6, spectral_radius=0.9, seed=0))


# ----- the cliff -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("w", [1.2, 1.66, 1.67, 1.9, 2.5])
def test_cliff_slope_matches_central_differences(w):
    eps = 1e-6
    numeric = (gradient_experiments.cliff_loss(w + eps)[0] - gradient_experiments.cliff_loss(w - eps)[0]) / (2 * eps)
    assert rl.relative_error(np.array(gradient_experiments.cliff_loss(w)[1]), np.array(numeric)) < 1e-7


def test_the_cliff_throws_the_unclipped_step_onto_a_plateau_and_the_clipped_one_into_the_valley():
    ws = np.linspace(1.0, 3.0, 401)
    losses, slopes = np.array([gradient_experiments.cliff_loss(w) for w in ws]).T
    w_start = ws[np.abs(slopes).argmax()]
    assert losses[ws < w_start].max() > 2 and losses[ws > w_start + 0.2].max() < 0.05  # a wall between two levels
    w_free, norm = gradient_experiments.cliff_step(w_start, 0.1)
    w_clip, _ = gradient_experiments.cliff_step(w_start, 0.1, clip=1.0)
    assert norm > 50 and w_free == pytest.approx(w_start + 0.1 * norm) and w_clip == pytest.approx(w_start + 0.1)
    L_free, slope_free = gradient_experiments.cliff_loss(w_free)
    L_clip, _ = gradient_experiments.cliff_loss(w_clip)
    assert L_free > 100 * L_clip and abs(slope_free) < 1e-6


# ----- the chain of Jacobians, three seeds -----------------------------------------------------------------
@pytest.mark.parametrize("seed", SEEDS)
def test_chain_every_factor_is_bounded_and_the_product_is_far_below_the_product_of_norms(seed):
    layer = rl.RNN(2, 6, seed=seed)
    layer.params["W_hh"][...] = 1.2 * jacobians.orthogonal_matrix(6, seed=seed)
    J, _ = jacobians.step_jacobians(layer, np.random.default_rng(seed).standard_normal((10, 2)))
    factor_norms, product_norms = np.linalg.norm(J, ord=2, axis=(1, 2)), jacobians.jacobian_norms(J)
    _, (_, ax_norms) = plotting.jacobian_chain(factor_norms, product_norms)
    bound = ax_norms.lines[1].get_ydata()
    np.testing.assert_allclose(bound[0], np.prod(factor_norms))
    assert np.all(factor_norms <= 1.2 + 1e-12) and np.all(product_norms <= bound * (1 + 1e-12))
    assert product_norms[0] < 0.5 * bound[0]


# ----- figures drawn from the data they are given ----------------------------------------------------------
def test_picture_figures_plot_the_given_numbers():
    W = np.array([[0.9, 1.5], [0.0, 0.6]])
    images = jacobians.circle_images(W, 6)
    _, axes = plotting.unit_circle_powers([(images, np.linalg.eig(W)[1], "non-normal")])
    np.testing.assert_allclose(axes[1, 0].lines[0].get_ydata(), np.linalg.norm(images, axis=2).max(axis=1))
    ws, losses = np.array([1.0, 2.0, 3.0]), np.array([2.0, 0.0, 0.1])
    _, ax = plotting.cliff(ws, losses, (1.5, 1.0), (1.6, 0.1), (9.0, 0.1), learning_rate=0.1, threshold=1.0)
    np.testing.assert_array_equal(ax.lines[0].get_ydata(), losses)
    assert any("lands at w = 9.0" in t.get_text() for t in ax.texts)  # off the picture: said where it lands


def test_healthy_scales_clip_the_axis_and_draw_each_interval():
    series = [{"x": [1.0, 2.0], "y": [1e-30, 1e30], "label": "a"}, {"x": [1.0, 2.0], "y": [1.0, 2.0], "label": "b"}]
    _, (ax, ax_bars) = plotting.healthy_scales(series, {"a": (1.2, 1.4), "b": (1.0, 2.0)}, band=(1e-2, 1e2))
    np.testing.assert_array_equal(ax.lines[0].get_ydata(), [1e-8, 1e8])
    assert [round(p.get_width(), 9) for p in ax_bars.patches] == [0.2, 1.0] and ax.get_ylim() == (1e-8, 1e8)


def test_accuracy_vs_lag_draws_the_mean_over_seeds_and_series_at_other_lags():
    acc = np.array([[1.0, 0.3], [0.8, 0.25], [0.9, 0.2]])
    _, ax = plotting.accuracy_vs_lag([1, 8], {"RNN": acc, "GRU": ((4, 8), [0.9, 0.3])}, chance=0.25)
    np.testing.assert_allclose(ax.lines[0].get_ydata(), [0.9, 0.25])
    np.testing.assert_array_equal(ax.lines[1].get_xdata(), [4, 8])
    assert ax.lines[1].get_color() != ax.lines[0].get_color()  # each model its own colour
    segments = ax.collections[0].get_segments()  # the min-max bars
    assert segments[0][:, 1].tolist() == [0.8, 1.0]


# ----- the mini-project ------------------------------------------------------------------------------------
def test_mini_project_passes_an_orthogonal_start_and_names_what_was_measured():
    assert_passes(nb04.check_lag8_initialisation(jacobians.orthogonal_matrix(32, seed=0)))


@pytest.mark.parametrize("answer, words", [
    (None, ["no answer yet"]),
    (np.eye(3), ["expected shape (32, 32)", "H = 32"]),
    (np.full((32, 32), np.nan), ["NaN"]),
    (rl.RNN(5, 32, seed=0).params["W_hh"], ["the layer's own initialisation"]),
    ("orthogonal", ["expected an array of numbers"]),
])
def test_mini_project_rejects_bad_answers_with_a_message(answer, words):
    assert_fails(nb04.check_lag8_initialisation(answer), *words)


def test_mini_project_hints_deepen_and_give_no_code():
    default = rl.RNN(5, 32, seed=0).params["W_hh"]
    first, second, third = (nb04.check_lag8_initialisation(default) for _ in range(3))
    assert first.hint != second.hint == third.hint
    for hint in (first.hint, second.hint):
        assert not [f for f in CODE if re.search(f, hint)] and "orthogonal_matrix" not in hint, hint


def test_jacobian_product_with_one_factor_too_many_is_named():
    res = nb04.check_jacobian_product(lambda J, k: jacobians.jacobian_products(J)[max(k - 1, 0)])
    assert_fails(res, "one factor too many")

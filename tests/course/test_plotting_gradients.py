"""rnnlib/course/plotting/gradients.py: each figure is drawn from the data it is given (asserted on its artists)."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from rnnlib.course import plotting  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_per_step_error_heatmaps_show_log_errors_on_a_fixed_scale():
    errors = np.array([[1e-10, 1e-2], [0.0, 1e-9]])
    fig, axes = plotting.per_step_error_heatmaps([(errors, "a"), (errors * 10, "b")], ["W_xh", "W_hh"])
    np.testing.assert_allclose(axes[0].images[0].get_array(), np.log10(np.maximum(errors, 1e-16)))
    assert axes[1].images[0].get_clim() == (-16, 0) and len(fig.axes) == 3  # two maps and a colour bar


def test_reach_maps_leave_exact_zeros_blank():
    R = np.array([[1.0, 0.0], [0.1, 1.0]])
    _, axes = plotting.reach_maps([(R, "full")])
    data = axes[0].images[0].get_array()
    assert data.mask[0, 1] and data[1, 0] == pytest.approx(-1.0)


def test_line_figures_plot_the_given_numbers():
    _, ax = plotting.truncation_error_plot([1, 2, 4], np.array([0.3, 0.2, 0.0]), 4)
    np.testing.assert_array_equal(ax.lines[0].get_ydata(), [0.3, 0.2, 0.0])
    _, ax = plotting.norm_curves([{"x": [0, 1], "y": [1.0, 0.5], "label": "a"}], title="t", xlabel="k",
                                    band=(1e-2, 1e2))
    np.testing.assert_array_equal(ax.lines[0].get_ydata(), [1.0, 0.5])
    runs = {"a": {"loss": np.array([1.0, 0.5]), "grad_norm": np.array([3.0, 2.0])}}
    _, (ax_loss, ax_norm) = plotting.training_runs(runs)
    np.testing.assert_array_equal(ax_norm.lines[0].get_ydata(), [3.0, 2.0])
    _, ax = plotting.accuracy_vs_lag([1, 2], {"rnn": np.array([1.0, 0.25])}, chance=0.25)
    np.testing.assert_array_equal(ax.lines[0].get_ydata(), [1.0, 0.25])


def test_training_runs_draw_the_first_seed_as_a_line_and_the_seeds_lowest_to_highest_as_a_band():
    seeds = [{"loss": np.array([1.0, 0.5, 0.2]), "grad_norm": np.array([3.0, 2.0, 1.0])},
             {"loss": np.array([2.0, 0.4]), "grad_norm": np.array([1.0, 4.0])}]  # a shorter run: the band stops with it
    _, (ax_loss, ax_norm) = plotting.training_runs({"a": seeds, "b": seeds[0]})
    np.testing.assert_array_equal(ax_loss.lines[0].get_ydata(), [1.0, 0.5, 0.2])
    assert len(ax_loss.collections) == len(ax_norm.collections) == 1  # one band, for the run with several seeds
    band = ax_norm.collections[0].get_paths()[0].vertices
    assert band[:, 1].min() == pytest.approx(1.0) and band[:, 1].max() == pytest.approx(4.0) and band[:, 0].max() == 1
    assert "2 seeds" in ax_loss.get_legend().get_texts()[0].get_text()

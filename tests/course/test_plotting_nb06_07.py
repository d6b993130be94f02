"""rnnlib/course/plotting/convolution.py and applications.py: every model in its course colour, every baseline in
the one baseline colour, the spread over seeds drawn when given, whole-number colour bars for path counts."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402

from rnnlib.course import plotting  # noqa: E402
from rnnlib.course.colours import contrast  # noqa: E402
from rnnlib.course.plotting.convolution import model_colour  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.mark.parametrize("name,model", [("GRU", "GRU"), ("GRU over rows", "GRU"), ("CNN", "CNN"),
                                        ("dilated CNN", "TCN"), ("TCN", "TCN"), ("RNN", "RNN")])
def test_a_figure_name_gets_its_models_colour(name, model):
    assert model_colour(name).lower() == plotting.MODEL_COLOURS[model].lower()
    assert contrast(model_colour(name), "#ffffff") >= 3.0  # a bar or line that must be seen on the white figure


@pytest.mark.parametrize("name", ["bag of words", "bigrams", "linear", "next = last"])
def test_every_baseline_gets_the_one_baseline_colour(name):
    assert model_colour(name) == plotting.BASELINE_COLOUR


def test_accuracy_bars_colour_each_model_and_draw_the_spread_over_seeds():
    acc = {"GRU": 1.0, "CNN": 0.27, "dilated CNN": 1.0}
    spread = {"GRU": (0.99, 1.0), "CNN": (0.24, 0.27), "dilated CNN": (1.0, 1.0), "seeds": "seeds 0, 1, 2"}
    _, ax = plotting.accuracy_bars(acc, chance=0.25, spread=spread)
    bars = ax.patches[:3]
    assert [to_hex(b.get_facecolor()) for b in bars] == [model_colour(n).lower() for n in acc]
    (segments,) = [c.get_segments() for c in ax.collections if c.get_segments()]
    assert [(s[0][1], s[1][1]) for s in segments] == [spread[n] for n in acc]  # lowest to highest, per model


def test_receptive_field_colour_bar_counts_whole_paths():
    fig, _, counts = plotting.receptive_field_diagram(2, (1, 1, 1, 1), 20)
    ticks = fig.axes[-1].get_yticks()
    assert np.array_equal(ticks, np.arange(1, counts.max() + 1))  # one tick per whole number of paths
    assert fig.axes[0].collections[-1].norm.boundaries.tolist() == list(np.arange(0.5, counts.max() + 1))


def test_accuracy_by_form_gives_the_baselines_one_colour_and_tells_them_apart_by_hatch():
    by_form = {f: {"GRU": 1.0, "bag of words": 0.5, "bigrams": 0.7} for f in ("plain", "negated")}
    spread = {f: {m: (v - 0.1, v) for m, v in row.items()} for f, row in by_form.items()}
    _, ax = plotting.accuracy_by_form(by_form, spread={**spread, "seeds": "seeds 0, 1, 2"})
    bars = [p for p in ax.patches]
    gru, bow, bigram = bars[0:2], bars[2:4], bars[4:6]
    assert {to_hex(b.get_facecolor()) for b in gru} == {model_colour("GRU").lower()}
    assert {to_hex(b.get_facecolor()) for b in bow + bigram} == {plotting.BASELINE_COLOUR}
    assert bow[0].get_hatch() != bigram[0].get_hatch()
    assert sum(len(c.get_segments()) for c in ax.collections) == 6  # one spread line per bar


def test_forecasts_draw_the_gru_and_both_baselines():
    n = 30
    r = {"target": np.zeros(n), "prediction": np.ones(n), "linear_prediction": np.full(n, 2.0), "last": np.full(n, 3.0),
         "split": 100, "model_mse": 1.0, "linear_mse": 4.0, "naive_mse": 9.0}
    _, axes = plotting.forecasts({"seasonal series": r})
    truth, gru, linear, naive = axes[0].lines
    assert np.array_equal(linear.get_ydata(), r["linear_prediction"]) and np.array_equal(naive.get_ydata(), r["last"])
    assert to_hex(gru.get_color()) == model_colour("GRU").lower()
    assert linear.get_color() == naive.get_color() == plotting.BASELINE_COLOUR
    assert linear.get_linestyle() != naive.get_linestyle()


def test_char_loss_curves_use_no_colour_below_three_to_one():
    history = {"loss": list(np.linspace(3, 1, 20)), "heldout_step": [1, 10, 20], "heldout_loss": [3.0, 1.5, 1.7],
               "best_step": 10}
    _, ax = plotting.char_loss_curves(history, uniform=3.3)
    for line in ax.lines:
        assert contrast(to_hex(line.get_color()), "#ffffff") >= 3.0, line.get_label()


def _runs(values, make):
    return [dict(make(v), seed=seed) for seed, v in enumerate(values)]


def test_learning_curves_draw_the_first_seed_as_lines_and_every_seed_inside_a_band_in_the_models_colour():
    epochs = np.arange(1, 4)
    runs = _runs([0.1, 0.3, 0.2], lambda v: {"epochs": epochs, "params": {"CNN": 10, "GRU over rows": 11},
                                            "accuracy": {"CNN": v + 0.5 + 0.1 * epochs,
                                                         "GRU over rows": v + 0.1 * epochs}})
    _, ax = plotting.learning_curves(runs, chance=0.1)
    assert np.allclose(ax.lines[0].get_ydata(), runs[0]["accuracy"]["CNN"])
    colours = [to_hex(line.get_color()) for line in ax.lines[:2]]
    assert colours == [model_colour("CNN").lower(), model_colour("GRU").lower()]
    band = ax.collections[1].get_paths()[0].vertices[:, 1]  # the GRU's band: from the lowest to the highest seed
    assert np.isclose(band.min(), 0.1 + 0.1) and np.isclose(band.max(), 0.3 + 0.3)
    assert "seeds 0, 1, 2" in ax.get_title()


def test_memory_vs_length_draws_one_line_per_model_and_checkpoint_and_bars_over_the_seeds():
    T = np.array([16, 32, 64])
    runs = _runs([0.0, 0.5, 0.25], lambda v: {"seq_lens": T, "chance": 0.25, "epochs": {"GRU": (4, 12), "TCN": (4,)},
                                             "accuracy": {"GRU": {4: np.full(3, v), 12: np.full(3, v + 0.1)},
                                                          "TCN": {4: np.ones(3) - v}}})
    _, ax = plotting.memory_vs_length(runs)
    assert len(ax.lines) == 4 and len(ax.collections) == 3  # three curves and the chance line; bars per curve
    colours = [to_hex(line.get_color()) for line in ax.lines[:3]]
    assert colours == [model_colour(n).lower() for n in ("GRU", "GRU", "TCN")]
    assert np.array_equal(ax.lines[2].get_ydata(), runs[0]["accuracy"]["TCN"][4])
    tcn_bars = ax.collections[2].get_segments()  # one per T, from the lowest to the highest seed
    assert len(tcn_bars) == 3 and all(np.allclose(sorted(seg[:, 1]), [0.5, 1.0]) for seg in tcn_bars)
    _, ax_single = plotting.memory_vs_length(runs[0])  # one sweep: lines, no bars
    assert not ax_single.collections and "bars" not in ax_single.get_title()

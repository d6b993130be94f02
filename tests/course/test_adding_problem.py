"""gated_experiments, the adding problem of notebook 05: scoring, the baseline, the experiment's bookkeeping and
its plots. (The outcome over seeds 0, 1 and 2, that the LSTM and the GRU solve it where the vanilla RNN stays at
the baseline, also at an equal budget, is computed and asserted on the worst seed in the notebook itself.)
"""
import numpy as np
import pytest

import rnnlib as rl
from rnnlib.course import gated_experiments, tasks


def test_scores_count_an_answer_correct_within_0_04_and_compute_the_baseline():
    target = np.array([[0.5], [0.7], [0.2], [0.9]])
    pred = np.array([[0.53], [0.75], [0.2], [0.5]])
    s = gated_experiments.adding_problem_scores(pred, target)
    assert s["accuracy"] == pytest.approx(2 / 4)  # 0.03 and 0.0 are within 0.04; 0.05 and 0.4 are not
    assert s["mse"] == pytest.approx(np.mean((pred - target) ** 2))
    assert s["baseline_mse"] == pytest.approx(np.mean((0.5 - target) ** 2))
    assert s["baseline_accuracy"] == pytest.approx(1 / 4)


def test_baseline_mse_of_fresh_data_is_about_one_24th():
    _, y = tasks.adding_problem(10, 20000, seed=0)
    assert gated_experiments.adding_problem_scores(np.full_like(y, 0.5), y)["baseline_mse"] == pytest.approx(1 / 24, rel=0.03)


def test_experiment_is_reproducible_and_returns_its_model():
    a = gated_experiments.adding_problem_experiment("gru", 6, 5, 3, hidden_size=3, batch_size=4, test_size=10)
    b = gated_experiments.adding_problem_experiment("gru", 6, 5, 3, hidden_size=3, batch_size=4, test_size=10)
    assert a["loss"] == b["loss"] and a["mse"] == b["mse"] and len(a["loss"]) == 5
    assert isinstance(a["model"], rl.SequenceModel) and isinstance(a["model"].core, rl.GRU)
    assert a["num_params"] == a["model"].num_params


def test_experiment_uses_the_same_data_for_every_kind():
    r = [gated_experiments.adding_problem_experiment(k, 6, 3, 1, hidden_size=2, batch_size=4, test_size=50) for k in ("rnn", "lstm")]
    assert r[0]["baseline_mse"] == r[1]["baseline_mse"]


@pytest.mark.parametrize("kwargs, error, words", [
    ({"kind": "cnn"}, ValueError, ["'rnn', 'lstm', 'gru'"]),
    ({"seq_len": 1}, ValueError, ["seq_len", ">= 2"]),
    ({"steps": 0}, ValueError, ["steps"]),
    ({"seed": -1}, ValueError, ["seed"]),
    ({"seed": 1.5}, ValueError, ["seed"]),
    ({"final_fraction": 1.0}, ValueError, ["final_fraction"]),
    ({"learning_rate": 0.0}, ValueError, ["learning_rate"]),
])
def test_experiment_rejects_bad_arguments_with_a_clear_message(kwargs, error, words):
    args = dict(kind="lstm", seq_len=5, steps=2, seed=0)
    args.update(kwargs)
    with pytest.raises(error) as info:
        gated_experiments.adding_problem_experiment(args.pop("kind"), args.pop("seq_len"), args.pop("steps"), args.pop("seed"), **args)
    assert all(w in str(info.value) for w in words), str(info.value)


def test_seeds_run_the_same_experiment_once_per_seed_and_the_spread_spans_them():
    runs = gated_experiments.adding_problem_seeds("gru", (2, 0), seq_len=6, steps=3, hidden_size=2, batch_size=4,
                                                  test_size=20)
    assert [r["seed"] for r in runs] == [2, 0]
    again = gated_experiments.adding_problem_experiment("gru", 6, 3, 0, hidden_size=2, batch_size=4, test_size=20)
    assert runs[1]["mse"] == again["mse"]  # the same call as the single run
    s = gated_experiments.score_spread(runs)
    assert s["seeds"] == [2, 0]
    np.testing.assert_allclose(s["mse_ratio"], [r["mse"] / r["baseline_mse"] for r in runs])  # each on its own test set
    assert s["accuracy_min"] == min(r["accuracy"] for r in runs) and s["mse_ratio_max"] == s["mse_ratio"].max()
    with pytest.raises(ValueError, match="at least one"):
        gated_experiments.score_spread([])
    with pytest.raises(ValueError, match="at least one"):
        gated_experiments.adding_problem_seeds("gru", ())


def test_curves_draw_the_first_seed_as_a_line_and_the_seeds_lowest_to_highest_as_a_band():
    import matplotlib
    matplotlib.use("Agg")
    from rnnlib.course.plotting import adding_problem_curves
    runs = [{"kind": "lstm", "seed": s, "loss": np.full(30, 0.01 * (s + 1)), "baseline_mse": 0.04, "seq_len": 10}
            for s in (0, 1, 2)]
    single = {"kind": "rnn", "seed": 0, "loss": np.full(30, 0.04), "baseline_mse": 0.04, "seq_len": 10}
    fig, ax = adding_problem_curves([single, runs], window=5)
    np.testing.assert_allclose(ax.lines[1].get_ydata(), 0.01)  # the line is seed 0's
    assert len(ax.collections) == 1  # one band, for the entry with several seeds
    band = ax.collections[0].get_paths()[0].vertices[:, 1]
    assert band.min() == pytest.approx(0.01) and band.max() == pytest.approx(0.03)
    assert "3 seeds" in ax.get_title()
    matplotlib.pyplot.close(fig)

"""rnnlib/course/gradient_experiments.py: the scoring of delayed recall and the bookkeeping of the exploding run.
(The experiments' outcomes over seeds 0, 1 and 2 are asserted in notebook 04 itself, on the worst seed.)"""
import numpy as np
import pytest

import rnnlib as rl
from rnnlib.course import gradient_experiments, tasks


def test_recall_accuracy_scores_only_steps_after_the_lag_and_ignores_the_blank():
    x, y = tasks.delayed_recall(12, 6, 4, 3, seed=0)
    perfect = np.eye(5)[y] * 5.0  # logits that name the right class
    perfect[:, :, 0] = 100.0  # a huge blank logit must not matter: the blank is never a recall answer
    assert gradient_experiments.recall_accuracy(perfect, y, 3) == 1.0
    shifted = np.eye(5)[(y % 4) + 1]  # always the next symbol: never right after the lag
    assert gradient_experiments.recall_accuracy(shifted, y, 3) == 0.0


def test_exploding_training_records_every_update_and_keeps_the_model():
    run = gradient_experiments.exploding_training(seed=0, steps=5, seq_len=10, hidden_size=4, clip=1.0)
    assert run["loss"].shape == run["grad_norm"].shape == run["sigma_max"].shape == (5,) and run["diverged"] is False
    assert np.allclose(run["sigma_max"][-1], np.linalg.norm(run["model"].params["W_hh"], 2))  # after the last update
    assert 0.0 <= run["dead_units"] <= 1.0 and run["model"].core.activation == "relu"


def test_exploding_training_reports_a_diverged_run_instead_of_raising(monkeypatch):
    def diverging_fit(*args, **kwargs):
        raise rl.TrainingDiverged("boom", {"loss": [1.0, float("inf")], "grad_norm": [2.0, float("inf")]})
    monkeypatch.setattr(gradient_experiments, "fit", diverging_fit)
    run = gradient_experiments.exploding_training(seed=0, steps=5, seq_len=10, hidden_size=4)
    assert run["diverged"] is True and run["loss"].shape == (2,) and np.isinf(run["loss"][-1])
    assert np.isnan(run["dead_units"]) and run["sigma_max"].shape == (0,)  # the stand-in made no update


@pytest.mark.parametrize("lag", [0, 1])
def test_delayed_recall_accuracy_returns_a_fraction(lag):
    acc = gradient_experiments.delayed_recall_accuracy(lag, seed=0, steps=3, hidden_size=4, extra_steps=3, test_size=10)
    assert 0.0 <= acc <= 1.0


def test_delayed_recall_accuracy_scored_after_several_budgets_equals_separate_runs():
    small = dict(seed=1, hidden_size=4, extra_steps=3, test_size=10)
    scores = gradient_experiments.delayed_recall_accuracy(2, steps=[5, 2], kind="gru", **small)
    separate = [gradient_experiments.delayed_recall_accuracy(2, steps=n, kind="gru", **small) for n in (2, 5)]
    assert isinstance(scores, np.ndarray) and scores.tolist() == separate  # in sorted order: 2 updates, then 5

"""Notebook 05: reproducible experiments the notebooks run and the tests re-run: one function per claim.

The notebook and `tests/course/test_adding_problem.py` call the same function with the same arguments, so the
claim the notebook asserts is exactly the one the tests check over several seeds.
"""
import numbers
import time

import numpy as np

from ..nn.gru import GRU
from ..nn.losses import mse
from ..nn.lstm import LSTM
from ..nn.models import SequenceModel
from ..nn.optim import Adam
from ..nn.rnn import RNN
from .tasks import adding_problem
from ..nn.train import fit
from ..nn.checks import check_positive_float, check_positive_int

CORES = {"rnn": RNN, "lstm": LSTM, "gru": GRU}
TOLERANCE = 0.04  # Hochreiter & Schmidhuber (1997): an answer is correct when |y_hat - y| < 0.04


def adding_problem_scores(pred, target):
    """Score predictions on the adding problem against the trivial baseline.

    Args:
        pred, target: (B, 1) predictions and targets y = 0.5 + (X1 + X2) / 4.
    Returns:
        dict: mse = mean (y_hat - y)^2; accuracy = fraction with |y_hat - y| < 0.04;
        baseline_mse = mean (0.5 - y)^2, the error of always answering 0.5, the mean target
        (in expectation Var((X1 + X2) / 4) = (2/3) / 16 = 1/24 for X1, X2 ~ U(-1, 1));
        baseline_accuracy = fraction with |0.5 - y| < 0.04.
    """
    err = np.asarray(pred, dtype=float) - target
    base = 0.5 - target
    return {"mse": float(np.mean(err ** 2)), "accuracy": float(np.mean(np.abs(err) < TOLERANCE)),
            "baseline_mse": float(np.mean(base ** 2)), "baseline_accuracy": float(np.mean(np.abs(base) < TOLERANCE))}


def adding_problem_experiment(kind, seq_len=50, steps=800, seed=0, *, hidden_size=16, batch_size=32,
                              learning_rate=1e-2, final_learning_rate=1e-3, final_fraction=0.2, clip=1.0,
                              test_size=1000):
    """Train an RNN, LSTM or GRU on the adding problem with Adam, then score it on fresh sequences.

    The model is `SequenceModel(core, 1, many_to_one=True)`: y_hat = W_hy h_T + b_y, trained on the
    mean squared error with a fresh batch at every step, gradient-norm clipping, and Adam whose learning
    rate drops from `learning_rate` to `final_learning_rate` for the last `final_fraction` of the steps
    (which settles the answer to the 0.04 tolerance). For one `seed`, every kind sees the same training
    batches and the same test set, so the three models are compared on equal terms.

    Args:
        kind: "rnn", "lstm" or "gru"; seq_len: T; steps: training steps (one batch each); seed: int.
        hidden_size: H; batch_size: B; learning_rate, final_learning_rate: Adam's step sizes;
        final_fraction: in [0, 1), the share of steps at the final rate; clip: max gradient norm;
        test_size: how many fresh test sequences.
    Returns:
        dict with kind, seq_len, steps, seed, the scores of `adding_problem_scores` on the test set
        (mse, accuracy, baseline_mse, baseline_accuracy), loss (list: the training loss at every
        step), seconds (wall-clock training time), num_params and model (the trained SequenceModel).
    """
    if kind not in CORES:
        raise ValueError(f"kind must be one of {tuple(CORES)}; got {kind!r}")
    T, steps = check_positive_int(seq_len, "seq_len"), check_positive_int(steps, "steps")
    if T < 2:
        raise ValueError(f"seq_len must be >= 2 for two marked positions; got {T}")
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise ValueError(f"seed must be a whole number >= 0; got {seed!r}")
    if not 0 <= final_fraction < 1:
        raise ValueError(f"final_fraction must lie in [0, 1); got {final_fraction!r}")
    learning_rate = check_positive_float(learning_rate, "learning_rate")
    final_learning_rate = check_positive_float(final_learning_rate, "final_learning_rate")
    init_rng, data_rng, test_rng = np.random.default_rng(seed).spawn(3)

    core = CORES[kind](2, hidden_size, seed=init_rng)
    model = SequenceModel(core, 1, many_to_one=True, seed=init_rng)
    optimizer = Adam(model.params, learning_rate)
    first = steps - int(round(final_fraction * steps))
    batches = [adding_problem(T, batch_size, seed=data_rng) for _ in range(steps)]

    start = time.perf_counter()
    loss = fit(model, mse, optimizer, batches[:first], clip=clip)["loss"]
    if first < steps:
        optimizer.learning_rate = final_learning_rate
        loss += fit(model, mse, optimizer, batches[first:], clip=clip)["loss"]
    seconds = time.perf_counter() - start

    x_test, y_test = adding_problem(T, test_size, seed=test_rng)
    pred, _ = model.forward(x_test)
    return {"kind": kind, "seq_len": T, "steps": steps, "seed": seed, **adding_problem_scores(pred, y_test),
            "loss": loss, "seconds": seconds, "num_params": model.num_params, "model": model}


SEEDS = (0, 1, 2)  # the seeds notebook 05 shows the spread over, and tests/course/test_adding_problem.py re-runs


def adding_problem_seeds(kind, seeds=SEEDS, seq_len=50, steps=800, **kwargs):
    """`adding_problem_experiment` once per seed, the same arguments otherwise: the runs a spread is taken over.

    Args:
        kind, seq_len, steps, **kwargs: as `adding_problem_experiment`; seeds: the seeds, in order.
    Returns:
        list of the result dicts, one per seed, in the order of `seeds`.
    """
    seeds = tuple(seeds)
    if not seeds:
        raise ValueError("seeds must name at least one seed; got none")
    return [adding_problem_experiment(kind, seq_len, steps, seed, **kwargs) for seed in seeds]


def score_spread(runs):
    """The scores of several runs of one model side by side, and their range over the runs (the seeds).

    Args:
        runs: list of result dicts of `adding_problem_experiment` (one model, one per seed).
    Returns:
        dict: seeds (list); mse_ratio and accuracy, (S,) arrays with entry s for runs[s], where mse_ratio =
        mse / baseline_mse on that seed's own test set; and for each of the two, its min and max over the runs
        under "<name>_min" and "<name>_max".
    """
    if not runs:
        raise ValueError("runs must hold at least one result; got none")
    out = {"seeds": [r["seed"] for r in runs],
           "mse_ratio": np.array([r["mse"] / r["baseline_mse"] for r in runs]),
           "accuracy": np.array([r["accuracy"] for r in runs])}
    for name in ("mse_ratio", "accuracy"):
        out[f"{name}_min"], out[f"{name}_max"] = float(out[name].min()), float(out[name].max())
    return out

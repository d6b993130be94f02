"""Notebook 07: figures (applications): a training curve with held-out loss, accuracy by sentence form,
and forecasts against the truth."""
import matplotlib.pyplot as plt
import numpy as np


def char_loss_curves(history, *, uniform=None):
    """Training loss per step and held-out loss at the evaluation steps, the best step marked.

    Args:
        history: from `charmodel.train_char_model` with heldout; uniform: draw a line at this loss (e.g. ln V).
    Returns:
        fig, ax; ax.lines[0] is the training loss, ax.lines[1] the held-out loss.
    """
    fig, ax = plt.subplots(figsize=(8, 4))
    steps = np.arange(1, len(history["loss"]) + 1)
    ax.plot(steps, history["loss"], lw=1, alpha=0.8, label="training loss (one minibatch)")
    ax.plot(history["heldout_step"], history["heldout_loss"], "o-", lw=2, label="held-out loss (unseen sentences)")
    best = history["heldout_step"].index(history["best_step"])
    ax.plot([history["best_step"]], [history["heldout_loss"][best]], "*", ms=16, color="black",
            label=f"lowest held-out loss: kept (step {history['best_step']})")
    if uniform is not None:
        ax.axhline(uniform, ls=":", color="0.4", label=f"guessing uniformly: ln V = {uniform:.2f}")
    ax.set_xlabel("training step")
    ax.set_ylabel("cross-entropy (nats per character)")
    ax.set_title("Next-character prediction: learning, then memorising")
    ax.legend(fontsize=10)
    return fig, ax


def accuracy_by_form(by_form, *, title="Sentiment accuracy by sentence form"):
    """Grouped bars: for each sentence form, the accuracy of each model.

    Args:
        by_form: {form: {model name: accuracy}} (as in `sentiment.sentiment_experiment`'s "by_form").
    Returns:
        fig, ax; the bar heights in ax.patches are the accuracies, model by model, form by form.
    """
    forms = list(by_form)
    models = list(by_form[forms[0]])
    fig, ax = plt.subplots(figsize=(8, 3.6))
    width = 0.8 / len(models)
    for m, name in enumerate(models):
        values = [by_form[f][name] for f in forms]
        bars = ax.bar(np.arange(len(forms)) + (m - (len(models) - 1) / 2) * width, values, width, label=name)
        for bar, v in zip(bars, values):
            ax.text(bar.get_x() + bar.get_width() / 2, v + 0.02, f"{v:.2f}", ha="center", fontsize=10)
    ax.axhline(0.5, ls="--", color="0.4", lw=1, label="chance (0.50)")
    ax.set_xticks(range(len(forms)), forms)
    ax.set_ylim(0, 1.15)
    ax.set_ylabel("test accuracy")
    ax.set_xlabel("sentence form")
    ax.set_title(title)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=10)
    return fig, ax


def forecasts(results, *, last=120):
    """One panel per series: the last `last` test values, the model's forecasts and "next = last".

    Args:
        results: {series name: result of `forecast.forecast_experiment`}.
    Returns:
        fig, axes; in each panel lines[0..2] are the truth, the model and the naive forecast.
    """
    fig, axes = plt.subplots(len(results), 1, figsize=(9, 2.9 * len(results)), layout="constrained", squeeze=False)
    axes = axes[:, 0]
    for ax, (name, r) in zip(axes, results.items()):
        t = np.arange(len(r["target"]))[-last:] + r["split"]
        ax.plot(t, r["target"][-last:], color="black", lw=2, label="true next value")
        ax.plot(t, r["prediction"][-last:], lw=1.5, label=f"GRU forecast (MSE {r['model_mse']:.4f})")
        ax.plot(t, r["last"][-last:], ls="--", lw=1.2, label=f"next = last (MSE {r['naive_mse']:.4f})")
        ax.set_title(name)
        ax.set_ylabel("value")
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=10)
    axes[-1].set_xlabel("time step t (test part only)")
    return fig, axes

"""Notebook 07: figures (applications): a training curve with held-out loss, accuracy by sentence form,
and forecasts against the truth. The GRU is drawn in its course colour, every baseline in BASELINE_COLOUR."""
import matplotlib.pyplot as plt
import numpy as np

from ..colours import INK, readable
from . import BASELINE_COLOUR
from .convolution import model_colour

HATCHES = ("", "//", "..")  # the baselines in one bar chart share a colour and differ by hatch


def char_loss_curves(history, *, uniform=None):
    """Training loss per step and held-out loss at the evaluation steps, the best step marked.

    Args:
        history: from `charmodel.train_char_model` with heldout; uniform: draw a line at this loss (e.g. ln V).
    Returns:
        fig, ax; ax.lines[0] is the training loss, ax.lines[1] the held-out loss.
    """
    fig, ax = plt.subplots(figsize=(8, 4))
    steps = np.arange(1, len(history["loss"]) + 1)
    gru = model_colour("GRU")
    ax.plot(steps, history["loss"], lw=1, color=gru, label="training loss (one minibatch)")
    ax.plot(history["heldout_step"], history["heldout_loss"], "o-", lw=2, color=readable(gru),
            label="held-out loss (unseen sentences)")
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


def accuracy_by_form(by_form, *, spread=None, title="Sentiment accuracy by sentence form"):
    """Grouped bars: for each sentence form, the accuracy of each model (course colours; the baselines grey,
    told apart by hatch); with `spread`, a line from the lowest to the highest accuracy over several seeds.

    Args:
        by_form: {form: {model name: accuracy}} (as in `sentiment.sentiment_experiment`'s "by_form");
        spread: {form: {model name: (lowest, highest)}} over seeds, and "seeds": their description.
    Returns:
        fig, ax; the bar heights in ax.patches are the accuracies, model by model, form by form.
    """
    forms = list(by_form)
    models = list(by_form[forms[0]])
    fig, ax = plt.subplots(figsize=(9, 3.8))
    width = 0.8 / len(models)
    baselines = [name for name in models if model_colour(name) == BASELINE_COLOUR]
    for m, name in enumerate(models):
        values = [by_form[f][name] for f in forms]
        x = np.arange(len(forms)) + (m - (len(models) - 1) / 2) * width
        hatch = HATCHES[baselines.index(name) % len(HATCHES)] if name in baselines else ""
        bars = ax.bar(x, values, width, label=name, color=model_colour(name), hatch=hatch, edgecolor="white", lw=0)
        tops = values
        if spread is not None:
            low, high = ([spread[f][name][i] for f in forms] for i in (0, 1))
            ax.errorbar(x, values, yerr=[np.subtract(values, low), np.subtract(high, values)], fmt="none",
                        ecolor=INK, elinewidth=1.2, capsize=3, label=f"lowest to highest, {spread['seeds']}" if m == 0
                        else None)
            tops = high
        for bar, v, top in zip(bars, values, tops):
            ax.text(bar.get_x() + bar.get_width() / 2, top + 0.02, f"{v:.2f}", ha="center", fontsize=9)
    ax.axhline(0.5, ls="--", color="0.4", lw=1, label="chance (0.50)")
    ax.set_xticks(range(len(forms)), forms)
    ax.set_ylim(0, 1.15)
    ax.set_ylabel("test accuracy")
    ax.set_xlabel("sentence form")
    ax.set_title(title)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=10)
    return fig, ax


def forecasts(results, *, last=120):
    """One panel per series: the last `last` test values, the GRU's forecasts, the linear autoregression's and
    "next = last" (the two baselines in BASELINE_COLOUR, dash-dotted and dashed).

    Args:
        results: {series name: result of `forecast.forecast_experiment`}.
    Returns:
        fig, axes; in each panel lines[0..3] are the truth, the GRU, the linear and the naive forecast.
    """
    fig, axes = plt.subplots(len(results), 1, figsize=(9, 2.9 * len(results)), layout="constrained", squeeze=False)
    axes = axes[:, 0]
    for ax, (name, r) in zip(axes, results.items()):
        t = np.arange(len(r["target"]))[-last:] + r["split"]
        ax.plot(t, r["target"][-last:], color=INK, lw=2.5, label="true next value")
        ax.plot(t, r["prediction"][-last:], lw=1.8, color=model_colour("GRU"), label=f"GRU (MSE {r['model_mse']:.4f})")
        ax.plot(t, r["linear_prediction"][-last:], ls="-.", lw=1.5, color=BASELINE_COLOUR,
                label=f"linear (MSE {r['linear_mse']:.4f})")
        ax.plot(t, r["last"][-last:], ls="--", lw=1.2, color=BASELINE_COLOUR,
                label=f"next = last (MSE {r['naive_mse']:.4f})")
        ax.set_title(name)
        ax.set_ylabel("value")
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=10)
    axes[-1].set_xlabel("time step t (test part only)")
    return fig, axes

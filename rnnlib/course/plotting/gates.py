"""Notebook 05: figures: one cell's gates over a whole sequence, and training curves on the adding problem.

Each function draws one figure with a title and labelled axes and returns (fig, axes), so the notebook can
assert on the data behind it (ax.lines[k].get_ydata()). Each gate has its colour of the cell diagrams and the
gate inspector (colours.GATE_COLOURS), each model its colour of every figure (MODEL_COLOURS), darkened to 3:1 on
white where needed (the Okabe-Ito orange is 2.2:1) so that a line is seen.
"""
import matplotlib.pyplot as plt
import numpy as np

from . import MODEL_COLOURS
from ..colours import GATE_COLOURS, readable

# Which traces go in which panel: gates (in [0, 1]) on top, signed quantities below.
PANELS = {"LSTM": (("i", "f", "o"), ("g", "c", "h")), "GRU": (("r", "z"), ("n", "h"))}
LABELS = {"c": "c_t (cell state)", "h": "h_t", "g": "g_t (candidate)", "n": "n_t (candidate)",
          "i": "i_t (input gate)", "f": "f_t (forget gate)", "o": "o_t (output gate)",
          "r": "r_t (reset gate)", "z": "z_t (update gate)"}


def line_colour(name):
    """The colour of gate or state `name` (i, f, g, o, c, h, r, z, n) as a line on white: 3:1 at least."""
    return readable(GATE_COLOURS[name], ratio=3.0)


def model_colour(kind):
    """The colour of model `kind` ("rnn", "LSTM", ...) as a line on white: MODEL_COLOURS, 3:1 at least."""
    return readable(MODEL_COLOURS[kind.upper()], ratio=3.0)


def gate_traces(values, unit, *, kind, marks=None, title=None, figsize=(10, 5)):
    """One unit's gates and states at every step of a sequence.

    Args:
        values: dict of (T, H) arrays as `gates.gate_values` returns (LSTM: i, f, g, o, c, h; GRU: r, z, n, h).
        unit: which unit (0..H-1) to draw; kind: "LSTM" or "GRU".
        marks: optional (T,) booleans: steps to shade (e.g. the adding problem's marked positions).
    Returns:
        fig, (ax_gates, ax_states); the lines are in the order of PANELS[kind]: ax_gates.lines[k] is the
        k-th gate, its y data values[name][:, unit].
    """
    if kind not in PANELS:
        raise ValueError(f"kind must be one of {tuple(PANELS)}; got {kind!r}")
    T, H = values["h"].shape
    if not 0 <= unit < H:
        raise ValueError(f"unit must lie in 0..{H - 1}; got {unit}")
    steps = np.arange(1, T + 1)
    fig, axes = plt.subplots(2, 1, figsize=figsize, sharex=True)
    for ax, names in zip(axes, PANELS[kind]):
        for name in names:
            ax.plot(steps, values[name][:, unit], color=line_colour(name), lw=2, label=LABELS[name].replace("_t", "$_t$"))
        if marks is not None:
            for t in steps[np.asarray(marks, dtype=bool)]:
                ax.axvspan(t - 0.5, t + 0.5, color="#bbbbbb", alpha=0.5, lw=0)
        ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=11)
    axes[0].set(ylim=(-0.05, 1.05), ylabel="gate value")
    axes[1].axhline(0.0, color="#6f6f6f", lw=0.8)
    axes[1].set(ylabel="value", xlabel="step t" + (" (grey: marked steps)" if marks is not None else ""))
    axes[0].set_title(title or f"{kind}, unit {unit}: gates (top) and states (bottom) at every step")
    fig.tight_layout()
    return fig, axes


def adding_problem_curves(results, *, window=20, title=None, figsize=(9, 4)):
    """Training loss against step for several runs of `gated_experiments.adding_problem_experiment`, with the baseline.

    Args:
        results: list with one entry per model: a result dict (each with kind, loss, baseline_mse, seq_len), or
            a list of result dicts of the same model on several seeds; then the line is the first run's and a
            shaded band spans the lowest to the highest moving average of the runs at every step.
        window: steps in the moving average drawn (the raw loss is noisy: one fresh batch per step).
    Returns:
        fig, ax; ax.lines[k] is results[k]'s (first run's) moving-average loss; the last line is the baseline;
        ax.collections holds the bands, in the order of the entries that have several runs.
    """
    fig, ax = plt.subplots(figsize=figsize)
    kernel = np.ones(window) / window
    groups = [entry if isinstance(entry, (list, tuple)) else [entry] for entry in results]
    for runs in groups:
        smooth = np.array([np.convolve(r["loss"], kernel, mode="valid") for r in runs])  # (S, steps - window + 1)
        steps = np.arange(window, len(runs[0]["loss"]) + 1)
        colour, name = model_colour(runs[0]["kind"]), runs[0]["kind"].upper()
        ax.semilogy(steps, smooth[0], color=colour, lw=2, label=name)
        if len(runs) > 1:
            ax.fill_between(steps, smooth.min(axis=0), smooth.max(axis=0), color=colour, alpha=0.25, lw=0)
    baseline = float(np.mean([r["baseline_mse"] for runs in groups for r in runs]))
    ax.axhline(baseline, color="#6f6f6f", ls="--", lw=1.5, label="always 0.5 (test MSE)")
    ax.set(xlabel="training step", ylabel=f"training MSE ({window}-step average)")
    several = [runs for runs in groups if len(runs) > 1]
    spread = (f"\nlines: seed {several[0][0]['seed']}; bands: lowest to highest of {len(several[0])} seeds"
              if several else "")
    ax.set_title(title or f"The adding problem, T = {groups[0][0]['seq_len']}{spread}")
    ax.legend(fontsize=11)
    return fig, ax

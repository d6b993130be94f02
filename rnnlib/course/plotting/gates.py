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
        results: list of result dicts (each with kind, loss, baseline_mse, seq_len).
        window: steps in the moving average drawn (the raw loss is noisy: one fresh batch per step).
    Returns:
        fig, ax; ax.lines[k] is results[k]'s moving-average loss; the last line is the baseline.
    """
    fig, ax = plt.subplots(figsize=figsize)
    kernel = np.ones(window) / window
    for r in results:
        smooth = np.convolve(r["loss"], kernel, mode="valid")  # (steps - window + 1,)
        ax.semilogy(np.arange(window, len(r["loss"]) + 1), smooth, color=model_colour(r["kind"]), lw=2,
                    label=r["kind"].upper())
    baseline = float(np.mean([r["baseline_mse"] for r in results]))
    ax.axhline(baseline, color="#6f6f6f", ls="--", lw=1.5, label="always 0.5 (test MSE)")
    ax.set(xlabel="training step", ylabel=f"training MSE ({window}-step average)")
    ax.set_title(title or f"The adding problem, T = {results[0]['seq_len']}")
    ax.legend(fontsize=11)
    return fig, ax

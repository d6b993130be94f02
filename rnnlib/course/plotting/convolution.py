"""Notebook 06: figures (RNN vs CNN): receptive fields, example images, accuracies, forward times."""
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import BoundaryNorm

from ...nn.conv1d import receptive_field_paths
from ..colours import readable
from . import BASELINE_COLOUR, MODEL_COLOURS, SEQUENTIAL_CMAP

# The keyword in a figure's model name that says which model it is, checked in this order ("dilated CNN" is a TCN).
_MODEL_WORDS = (("dilated", "TCN"), ("TCN", "TCN"), ("LSTM", "LSTM"), ("GRU", "GRU"), ("CNN", "CNN"), ("RNN", "RNN"))


def model_colour(name):
    """The course's colour for the model a figure calls `name` ("GRU over rows", "dilated CNN", ...), as a line or
    bar on white (3:1 at least); BASELINE_COLOUR for a name that is none of the course's models."""
    for word, model in _MODEL_WORDS:
        if word in name:
            return readable(MODEL_COLOURS[model], ratio=3.0)
    return BASELINE_COLOUR


def receptive_field_diagram(kernel_size, dilations, seq_len, t=None, *, ax=None):
    """A stack of causal convolutions drawn as dots (rows: input x, then layers 1..L; columns: steps), with
    the taps that lead to the output at step t drawn as lines and each dot coloured by its number of paths.

    Args:
        kernel_size: k; dilations: d_1..d_L; seq_len: T; t: the output step (0-based; default T - 1).
        ax: draw into these axes (default: a new figure).
    Returns:
        fig, ax, counts: counts is `receptive_field_paths(...)`, (L + 1, T), the numbers behind the colours.
    """
    T = seq_len
    t = T - 1 if t is None else t
    counts = receptive_field_paths(kernel_size, dilations, T, t)
    L = len(dilations)
    fig, ax = (plt.subplots(figsize=(min(0.42 * T + 2.5, 14), 1.1 + 0.75 * L)) if ax is None else (ax.figure, ax))
    for l in range(1, L + 1):  # the taps of layer l from every reached node back to layer l - 1
        d = dilations[l - 1]
        for s in np.flatnonzero(counts[l]):
            for j in range(kernel_size):
                if s - j * d >= 0:
                    ax.plot([s - j * d, s], [l - 1, l], color="0.35", lw=1.2, zorder=1)
    rows, cols = np.nonzero(np.ones_like(counts))
    reached = counts[rows, cols] > 0
    ax.scatter(cols[~reached], rows[~reached], s=70, facecolors="white", edgecolors="0.6", zorder=2)
    most = max(2, int(counts.max()))  # path counts are whole numbers: one colour per count, ticks at the counts
    norm = BoundaryNorm(np.arange(0.5, most + 1), plt.get_cmap(SEQUENTIAL_CMAP).N)
    dots = ax.scatter(cols[reached], rows[reached], s=110, c=counts[rows, cols][reached], cmap=SEQUENTIAL_CMAP,
                      norm=norm, edgecolors="black", zorder=3)
    bar = fig.colorbar(dots, ax=ax, label="paths to the output", fraction=0.03, pad=0.02)
    bar.set_ticks(range(1, most + 1, max(1, most // 8)))
    ax.set_yticks(range(L + 1), ["input $x$"] + [f"layer {l} (d={d})" for l, d in enumerate(dilations, 1)])
    ax.set_xticks(range(0, T, max(1, T // 16)), [str(s + 1) for s in range(0, T, max(1, T // 16))])
    ax.set_xlabel("step t")
    width = int((counts[0] > 0).sum())
    ax.set_title(f"Receptive field of the output at t = {t + 1}: {width} inputs (k = {kernel_size})")
    ax.set_ylim(-0.5, L + 0.5)
    return fig, ax, counts


def glyph_examples(images, labels, classes, *, columns=8):
    """The first `columns` images in a row, each titled with its class.

    Returns:
        fig, axes; axes[i].images[0].get_array() is images[i].
    """
    n = min(columns, len(images))
    fig, axes = plt.subplots(1, n, figsize=(1.3 * n + 0.8, 1.9), squeeze=False)
    axes = axes[0]
    for ax, image, label in zip(axes, images, labels):
        shown = ax.imshow(image, cmap="gray_r", vmin=-0.5, vmax=1.5, interpolation="nearest")
        ax.set_title(f"'{classes[label]}'")
        ax.set_xticks([])
        ax.set_yticks([])
    axes[0].set_ylabel("rows = steps")
    fig.colorbar(shown, ax=list(axes), label="pixel value", fraction=0.02, pad=0.02)
    fig.suptitle("Generated letters: shifted and noised", y=1.05)
    return fig, axes


def accuracy_bars(accuracies, *, chance=None, params=None, spread=None, title="Test accuracy"):
    """One bar per model, in the model's course colour, its accuracy written on it; a dashed line at chance level;
    with `spread`, a line from the lowest to the highest accuracy over several seeds.

    Args:
        accuracies: dict name -> accuracy in [0, 1]; chance: the guessing accuracy; params: dict name -> count;
        spread: dict name -> (lowest, highest) over seeds, and "seeds": their description (e.g. "seeds 0-2").
    Returns:
        fig, ax; [b.get_height() for b in ax.patches] are the accuracies in order.
    """
    names = list(accuracies)
    fig, ax = plt.subplots(figsize=(1.9 * len(names) + 2, 3.4))
    heights = [accuracies[n] for n in names]
    bars = ax.bar(range(len(names)), heights, color=[model_colour(n) for n in names], edgecolor="black", lw=0.6)
    tops = heights
    if spread is not None:
        low = [spread[n][0] for n in names]
        high = [spread[n][1] for n in names]
        ax.errorbar(range(len(names)), heights, yerr=[np.subtract(heights, low), np.subtract(high, heights)],
                    fmt="none", ecolor="black", elinewidth=1.5, capsize=6, label=f"lowest to highest, {spread['seeds']}")
        tops = high
    for bar, name, top in zip(bars, names, tops):
        ax.text(bar.get_x() + bar.get_width() / 2, top + 0.02, f"{accuracies[name]:.2f}", ha="center")
    labels = [f"{n}\n{params[n]:,} params" if params else n for n in names]
    ax.set_xticks(range(len(names)), labels)
    if chance is not None:
        ax.axhline(chance, ls="--", color="0.3", label=f"chance ({chance:.2f})")
    if chance is not None or spread is not None:
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=10)
    ax.set_ylim(0, 1.15)
    ax.set_ylabel("accuracy")
    ax.set_title(title)
    return fig, ax


def forward_time_plot(timing):
    """Forward-pass wall time against T on log-log axes, with a line of slope 1 (time proportional to T).

    Args:
        timing: the dict of `rnn_vs_cnn.time_forward`.
    Returns:
        fig, ax; ax.lines[0] holds the RNN's times, then (if timed) the no-dependency loop's, then the convolution's.
    """
    T, rnn, conv = timing["seq_len"], timing["rnn_ms"], timing["conv_ms"]
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.loglog(T, rnn, "o-", color=model_colour("RNN"), label="RNN: T sequential steps")
    if "no_dependency_ms" in timing:
        ax.loglog(T, timing["no_dependency_ms"], "^--", color=model_colour("RNN"),
                  label="the same T step calls, no step waiting")
    ax.loglog(T, conv, "s-", color=model_colour("CNN"), label="Conv1D: one matmul over all t")
    ax.loglog(T, rnn[0] * T / T[0], ":", color="0.5", label="proportional to T")
    ax.set_xlabel("sequence length T")
    ax.set_ylabel("forward time (ms)")
    ax.set_title("Wall time of one forward pass")
    ax.legend()
    return fig, ax


def _seeds_note(runs):
    """'line: seed 0; band: lowest to highest of seeds 0, 1, 2' for runs with a "seed" each ('' for one run)."""
    if len(runs) < 2:
        return ""
    return (f"line: seed {runs[0]['seed']}; band: lowest to highest of seeds "
            f"{', '.join(str(r['seed']) for r in runs)}")


def memory_vs_length(sweeps, *, title="Name the key shown at step 1 of T"):
    """Test accuracy against T for the GRU and the TCN of `rnn_vs_cnn.memory_length_sweep`, one line per model
    and number of training epochs (solid: the fewest, dashed: more), with the chance level.

    Args:
        sweeps: a list of sweeps, one per seed (or one sweep). The lines are the first sweep's; with several, a
            bar in the line's colour spans the lowest to the highest accuracy over the sweeps at every T (the
            lines are shifted a little sideways so that the bars do not hide each other).
    Returns:
        fig, ax; ax.lines[i].get_ydata() is one (model, epochs) curve of the first sweep, in the order GRU, TCN and
        their epochs; with several sweeps, ax.collections[i] holds its bars (one segment per T, lowest to highest).
    """
    sweeps = [sweeps] if isinstance(sweeps, dict) else list(sweeps)
    first = sweeps[0]
    fig, ax = plt.subplots(figsize=(9, 3.6))
    T = first["seq_lens"]
    curves = [(name, k, epochs) for name in ("GRU", "TCN") for k, epochs in enumerate(first["epochs"][name])]
    shifts = 2.0 ** (0.05 * (np.arange(len(curves)) - (len(curves) - 1) / 2))  # sideways, on the log axis
    for (name, k, epochs), shift in zip(curves, shifts):
        ax.plot(T * shift, first["accuracy"][name][epochs], "o-" if k == 0 else "s--", color=model_colour(name), lw=2,
                label=f"{name}, {epochs} epochs")
    if len(sweeps) > 1:
        for (name, k, epochs), shift in zip(curves, shifts):
            runs = np.array([s["accuracy"][name][epochs] for s in sweeps])  # (seeds, len(T))
            line = first["accuracy"][name][epochs]
            ax.errorbar(T * shift, line, yerr=[line - runs.min(axis=0), runs.max(axis=0) - line], fmt="none",
                        ecolor=model_colour(name), elinewidth=2.5, capsize=0)
    ax.axhline(first["chance"], color="#6f6f6f", ls=":", label=f"chance = {first['chance']:.2f}")
    ax.set_xscale("log", base=2)
    ax.set_xticks(T, [str(t) for t in T])
    ax.set_ylim(0, 1.05)
    note = _seeds_note(sweeps).replace("band", "bars")
    ax.set(xlabel="T (the key is shown at step 1, the answer is due after step T)", ylabel="test accuracy",
           title=title + (f"\n{note}" if note else ""))
    ax.legend(fontsize=10, loc="center left", bbox_to_anchor=(1.01, 0.5))  # outside: the lines fill the axes
    fig.tight_layout()
    return fig, ax


def learning_curves(runs, *, chance, title="Letters in noisy images: test accuracy after each epoch"):
    """Test accuracy against training epochs, one line per model (`rnn_vs_cnn.image_learning_curves`).

    Args:
        runs: a list of results, one per seed (or one result). The lines are the first run's; with several, a
            band in the line's colour spans the lowest to the highest accuracy over the runs after every epoch.
    Returns:
        fig, ax; ax.lines[i].get_ydata() is the i-th model's curve of the first run, in the order of
        runs[0]["accuracy"]; ax.collections[i] is its band (with several runs).
    """
    runs = [runs] if isinstance(runs, dict) else list(runs)
    first = runs[0]
    fig, ax = plt.subplots(figsize=(7, 3.8))
    for name, acc in first["accuracy"].items():
        colour = model_colour(name)
        ax.plot(first["epochs"], acc, "o-", color=colour, lw=2, label=f"{name} ({first['params'][name]} parameters)")
        if len(runs) > 1:
            curves = np.array([r["accuracy"][name] for r in runs])  # (seeds, epochs)
            ax.fill_between(first["epochs"], curves.min(axis=0), curves.max(axis=0), color=colour, alpha=0.3, lw=0)
    ax.axhline(chance, color="#6f6f6f", ls=":", label=f"chance = {chance:.2f}")
    ax.set_ylim(0, 1.05)
    note = _seeds_note(runs)
    ax.set(xlabel="epochs of training", ylabel="test accuracy", title=title + (f"\n{note}" if note else ""))
    ax.legend(fontsize=10, loc="lower right")
    return fig, ax

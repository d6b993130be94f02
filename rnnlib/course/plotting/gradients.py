"""Notebooks 03 and 04: figures: gradient checks per step, truncation, Jacobian norms, training runs.

Each function draws one figure with titles, labelled axes and colour bars where colour means a value, and
returns (fig, axes) so a notebook can assert on the data behind it.
"""
import matplotlib.colors as mcolors
import matplotlib.pyplot as plt
import numpy as np

from ..colours import text_on
from . import SEQUENTIAL_CMAP

LINE_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#6f6f6f", "#CC79A7")  # Okabe-Ito, colour-blind safe


def per_step_error_heatmaps(panels, names, *, vmin=-16, vmax=0):
    """Relative error of each step's gradient contribution, one heatmap per backward pass.

    Args:
        panels: list of (errors (T, P), title); names: the P parameter names (columns).
        vmin, vmax: fixed colour scale in log10(relative error).
    Returns:
        fig, axes; axes[i].images[0].get_array() is log10 of panels[i]'s errors (floored at 1e-16).
    """
    fig, axes = plt.subplots(1, len(panels), figsize=(3.2 * len(panels) + 1.4, 1.4 + 0.38 * len(panels[0][0])),
                             squeeze=False)
    axes = axes[0]
    for ax, (errors, title) in zip(axes, panels):
        logs = np.log10(np.maximum(errors, 1e-16))
        image = ax.imshow(logs, cmap="cividis", vmin=vmin, vmax=vmax, aspect="auto", interpolation="nearest")
        T = errors.shape[0]
        ax.set_xticks(range(len(names)), names)
        ax.set_yticks(range(T), [str(t) for t in range(1, T + 1)])
        ax.set_xlabel("parameter")
        ax.set_title(title, fontsize=12)
        for (t, p), v in np.ndenumerate(logs):
            label = f"{v:.0f}" if round(v) != 0 else "0"  # no "-0"
            ax.text(p, t, label, ha="center", va="center", fontsize=9,
                    color=text_on(mcolors.to_hex(image.cmap(image.norm(v)))))  # black or white, by WCAG contrast
    axes[0].set_ylabel("step t")
    fig.colorbar(image, ax=list(axes), label="log$_{10}$ relative error", fraction=0.04, pad=0.03)
    fig.suptitle("Gradient check of each step's share of dL/dW (numbers: log$_{10}$ error)", y=1.03)
    return fig, axes


def truncation_error_plot(ks, errors, T):
    """Relative error of truncated BPTT's gradient against full BPTT, for window lengths k.

    Returns: fig, ax; ax.lines[0].get_ydata() is `errors`.
    """
    fig, ax = plt.subplots(figsize=(7, 3.6))
    ax.plot(ks, errors, "o-", color=LINE_COLOURS[0])
    ax.set_ylim(0, None)
    ax.axvline(T, color=LINE_COLOURS[4], ls=":", label=f"k = T = {T}: nothing is cut")
    ax.set_xlabel("window length k (steps the gradient may travel back)")
    ax.set_ylabel("relative error vs full BPTT")
    ax.set_title("What truncated BPTT cuts off")
    ax.legend()
    return fig, ax


def reach_maps(panels):
    """How strongly the state at step t depends on the input x_s: log10 ||dh_t/dx_s||, one map per backward pass.

    Args:
        panels: list of (R (T, T) from `bptt.gradient_reach`, title).
    Returns:
        fig, axes; axes[i].images[0].get_array() is log10 R (zeros shown blank).
    """
    fig, axes = plt.subplots(1, len(panels), figsize=(4.2 * len(panels) + 1.2, 4.0), squeeze=False)
    axes = axes[0]
    for ax, (R, title) in zip(axes, panels):
        with np.errstate(divide="ignore"):
            logs = np.where(R > 0, np.log10(np.where(R > 0, R, 1.0)), np.nan)
        image = ax.imshow(np.ma.masked_invalid(logs), cmap=SEQUENTIAL_CMAP, vmin=-6, vmax=0, interpolation="nearest")
        T = R.shape[0]
        ticks = range(0, T, max(1, T // 6))
        ax.set_xticks(ticks, [str(s + 1) for s in ticks])
        ax.set_yticks(ticks, [str(t + 1) for t in ticks])
        ax.set_xlabel("input step s")
        ax.set_title(title, fontsize=12)
    axes[0].set_ylabel("state at step t")
    fig.colorbar(image, ax=list(axes), label="log$_{10}$ ||dh$_t$/dx$_s$|| (blank: exactly 0)", fraction=0.04, pad=0.03)
    fig.suptitle("Which inputs x$_s$ a gradient on h$_t$ reaches", y=1.02)
    return fig, axes


def norm_curves(series, *, title, xlabel, ylabel="norm (log scale)", band=None, figsize=(8, 4)):
    """Lines on a log y axis, e.g. ||dh_T/dh_k|| against k with its bound.

    Args:
        series: list of dicts {"x", "y", "label"} with optional "style" ("-", "--", ":").
        band: None, or (low, high): a shaded horizontal band, e.g. the norms that neither vanish nor explode.
    Returns:
        fig, ax; ax.lines[i].get_ydata() is series[i]["y"].
    """
    fig, ax = plt.subplots(figsize=figsize)
    for i, s in enumerate(series):
        ax.semilogy(s["x"], s["y"], s.get("style", "-"), color=LINE_COLOURS[i % len(LINE_COLOURS)], lw=2,
                    label=s["label"])
    if band is not None:
        ax.axhspan(*band, color="#dddddd", zorder=0, label=f"between {band[0]:g} and {band[1]:g}")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend(fontsize=10)
    return fig, ax


def training_runs(runs, *, title="Training with and without gradient clipping"):
    """Loss and gradient norm per update for several runs, on log axes.

    Args:
        runs: dict label -> history with "loss" and "grad_norm" arrays (as `gradient_experiments.exploding_training` gives).
    Returns:
        fig, (ax_loss, ax_norm); ax_loss.lines[i].get_ydata() is the i-th run's loss.
    """
    fig, (ax_loss, ax_norm) = plt.subplots(1, 2, figsize=(11, 3.8))
    for i, (label, h) in enumerate(runs.items()):
        colour = LINE_COLOURS[i % len(LINE_COLOURS)]
        ax_loss.semilogy(h["loss"], color=colour, label=label)
        ax_norm.semilogy(h["grad_norm"], color=colour, label=label)
    ax_loss.set(xlabel="update", ylabel="training loss (MSE)", title="loss")
    ax_norm.set(xlabel="update", ylabel="||g|| before clipping", title="global gradient norm")
    ax_loss.legend(fontsize=10)
    fig.suptitle(title, y=1.02)
    return fig, (ax_loss, ax_norm)


def accuracy_vs_lag(lags, accuracies, chance, *, title="Vanilla RNN on delayed recall"):
    """Test accuracy against the lag of the dependency, with the chance level.

    Args:
        lags: (N,); accuracies: dict label -> (N,) accuracies (e.g. one per seed); chance: 1 / K.
    Returns:
        fig, ax; ax.lines[i].get_ydata() is the i-th accuracy curve.
    """
    fig, ax = plt.subplots(figsize=(7, 3.6))
    for i, (label, acc) in enumerate(accuracies.items()):
        ax.plot(lags, acc, "o-", color=LINE_COLOURS[i % len(LINE_COLOURS)], label=label)
    ax.axhline(chance, color=LINE_COLOURS[4], ls=":", label=f"chance = {chance:.2f}")
    ax.set_xscale("log", base=2)
    ax.set_xticks(lags, [str(lag) for lag in lags])
    ax.set_ylim(0, 1.05)
    ax.set(xlabel="lag (steps between seeing a symbol and reporting it)", ylabel="test accuracy", title=title)
    ax.legend(fontsize=10)
    return fig, ax

"""Notebooks 03 and 04: figures: gradient checks per step, truncation, Jacobian norms, training runs.

Each function draws one figure with titles, labelled axes and colour bars where colour means a value, and
returns (fig, axes) so a notebook can assert on the data behind it.
"""
import matplotlib.colors as mcolors
import matplotlib.pyplot as plt
import numpy as np

from ..colours import readable, text_on
from . import MODEL_COLOURS, SEQUENTIAL_CMAP

# Okabe-Ito, colour-blind safe, each darkened where needed to 3:1 on white so that a thin line is seen (the
# orange #E69F00 has 2.2:1 and becomes #c68900; the others already reach it)
LINE_COLOURS = tuple(readable(c, ratio=3.0) for c in ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#6f6f6f", "#CC79A7"))


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
            label = f"1e{round(v)}"  # the error itself, 1e-10 or 1e0 (an exponent alone reads as "no error")
            ax.text(p, t, label, ha="center", va="center", fontsize=9,
                    color=text_on(mcolors.to_hex(image.cmap(image.norm(v)))))  # black or white, by WCAG contrast
    axes[0].set_ylabel("step t")
    bar = fig.colorbar(image, ax=list(axes), label="relative error (log scale)", fraction=0.04, pad=0.03)
    bar.set_ticks(range(vmin, vmax + 1, 4), labels=[f"1e{e}" for e in range(vmin, vmax + 1, 4)])
    fig.suptitle("Gradient check of each step's share of dL/dW (numbers: relative error)", y=1.03)
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
        series: list of dicts {"x", "y", "label"} with optional "style" ("-", "--", ":") and "colour" (else the
            i-th of LINE_COLOURS).
        band: None, or (low, high): a shaded horizontal band, e.g. the norms that neither vanish nor explode.
    Returns:
        fig, ax; ax.lines[i].get_ydata() is series[i]["y"].
    """
    fig, ax = plt.subplots(figsize=figsize)
    for i, s in enumerate(series):
        ax.semilogy(s["x"], s["y"], s.get("style", "-"), color=s.get("colour", LINE_COLOURS[i % len(LINE_COLOURS)]),
                    lw=2, label=s["label"])
    if band is not None:
        ax.axhspan(*band, color="#dddddd", zorder=0, label=f"between {band[0]:g} and {band[1]:g}")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend(fontsize=10)
    return fig, ax


def healthy_scales(series, intervals, *, band, ylim=(1e-8, 1e8), title="||dh$_T$/dh$_0$|| against the scale of W$_{hh}$",
                   xlabel="scale s (W$_{hh}$ = s Q, Q orthogonal)"):
    """Left: ||dh_T/dh_0|| against the scale of W_hh on a clipped log axis with the healthy band; right: the
    healthy interval of scales for each setting as a bar, so that a narrow strip reads as narrow.

    Args:
        series: as `norm_curves` (one per setting, same labels as `intervals`); intervals: dict label -> (low,
            high), the scales whose norm lies in the band; band: (low, high) norms counted healthy; ylim: the
            y range shown (values beyond it are drawn on the edge, and the axis label says so).
    Returns:
        fig, (ax_curves, ax_bars); ax_curves.lines[i].get_ydata() is series[i]["y"] clipped to ylim;
        ax_bars.patches[i] spans intervals[label_i].
    """
    fig, (ax, ax_bars) = plt.subplots(1, 2, figsize=(12, 4.2), gridspec_kw={"width_ratios": [1.5, 1]})
    for i, s in enumerate(series):
        colour = s.get("colour", LINE_COLOURS[i % len(LINE_COLOURS)])
        ax.semilogy(s["x"], np.clip(s["y"], *ylim), s.get("style", "-"), color=colour, lw=2, label=s["label"])
        low, high = intervals[s["label"]]
        ax_bars.barh(i, high - low, left=low, height=0.6, color=colour)
        ax_bars.text(high + 0.03, i, f"{low:.2f} to {high:.2f}", va="center", fontsize=11)
    ax.axhspan(*band, color="#dddddd", zorder=0, label=f"healthy: {band[0]:g} to {band[1]:g}")
    ax.set_ylim(*ylim)
    exponents = [int(round(np.log10(v))) for v in ylim]
    ax.set(xlabel=xlabel, ylabel=f"norm (log; cut at 10$^{{{exponents[0]}}}$, 10$^{{{exponents[1]}}}$)", title=title)
    ax.legend(fontsize=9)
    ax_bars.set_yticks(range(len(series)), [s["label"] for s in series])
    ax_bars.invert_yaxis()
    lo, hi = ax.get_xlim()
    ax_bars.set(xlim=(lo, hi + 0.35), xlabel="scale s", title="the healthy scales")
    fig.tight_layout()
    return fig, (ax, ax_bars)


def training_runs(runs, *, title="Training with and without gradient clipping"):
    """Loss and gradient norm per update for several runs, on log axes.

    Args:
        runs: dict label -> one history with "loss" and "grad_norm" arrays (as `gradient_experiments.exploding_training`
            gives), or a list of such histories, one per seed: the first is drawn as the line, and a band spans the
            lowest to the highest of them at every update.
    Returns:
        fig, (ax_loss, ax_norm); ax_loss.lines[i].get_ydata() is the i-th run's loss (its first seed's), and
        ax_loss.collections holds one band per run given over several seeds.
    """
    fig, (ax_loss, ax_norm) = plt.subplots(1, 2, figsize=(11, 3.8))
    for i, (label, h) in enumerate(runs.items()):
        seeds = list(h) if isinstance(h, (list, tuple)) else [h]
        colour = LINE_COLOURS[i % len(LINE_COLOURS)]
        spread = f" (line: first seed; band: {len(seeds)} seeds)" if len(seeds) > 1 else ""
        for ax, key in ((ax_loss, "loss"), (ax_norm, "grad_norm")):
            ax.semilogy(seeds[0][key], color=colour, label=label + spread)
            if len(seeds) > 1:  # lowest to highest seed, over the updates every run made
                n = min(len(s[key]) for s in seeds)
                values = np.array([s[key][:n] for s in seeds])  # (S, n)
                ax.fill_between(np.arange(n), values.min(axis=0), values.max(axis=0), color=colour, alpha=0.25, lw=0)
    ax_loss.set(xlabel="update", ylabel="training loss (MSE)", title="loss")
    ax_norm.set(xlabel="update", ylabel="||g|| before clipping", title="global gradient norm")
    ax_loss.legend(fontsize=10)
    fig.suptitle(title, y=1.02)
    return fig, (ax_loss, ax_norm)


def accuracy_vs_lag(lags, accuracies, chance, *, title="Vanilla RNN on delayed recall",
                    xlabel="lag (steps between seeing a symbol and reporting it)"):
    """Test accuracy against the lag of the dependency, with the chance level.

    Args:
        lags: (N,); accuracies: dict label -> (N,) accuracies, or (S, N) for S seeds (drawn as the mean with a
            min-max bar), or a pair (lags_i, accuracies) for a series measured at other lags. A label that starts
            with a model's name ("RNN", "LSTM", "GRU", ...) gets that model's colour (MODEL_COLOURS).
        chance: 1 / K.
        xlabel: what `lags` are (another x, such as the number of updates, on the same log-2 axis).
    Returns:
        fig, ax; ax.lines[i].get_ydata() is the i-th curve (the mean over seeds).
    """
    fig, ax = plt.subplots(figsize=(7, 3.6))
    for i, (label, acc) in enumerate(accuracies.items()):
        x, acc = acc if isinstance(acc, tuple) else (lags, acc)
        acc = np.atleast_2d(np.asarray(acc, dtype=float))  # (S, N)
        model = next((m for m in MODEL_COLOURS if label.split()[0] == m), None)
        colour = readable(MODEL_COLOURS[model], ratio=3.0) if model else LINE_COLOURS[i % len(LINE_COLOURS)]
        spread = f" (mean, min-max over {len(acc)} seeds)" if len(acc) > 1 else ""
        ax.plot(x, acc.mean(axis=0), "o-", color=colour, label=label + spread)
        if len(acc) > 1:  # a vertical bar from the worst seed to the best (a collection: ax.lines stays one per curve)
            ax.vlines(x, acc.min(axis=0), acc.max(axis=0), color=colour, lw=6, alpha=0.45)
    ax.axhline(chance, color=LINE_COLOURS[4], ls=":", label=f"chance = {chance:.2f}")
    ax.set_xscale("log", base=2)
    ax.set_xticks(lags, [str(lag) for lag in lags])
    ax.set_ylim(0, 1.05)
    ax.set(xlabel=xlabel, ylabel="test accuracy", title=title)
    ax.legend(fontsize=10, loc="upper left", bbox_to_anchor=(1.02, 1.0))  # beside the plot: never over a curve
    return fig, ax

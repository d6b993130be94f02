"""Notebook 01: hidden states over time as heatmaps (one row per hidden unit, one column per step t), the tanh that
keeps them in (-1, 1), and why a state fed back T times must be bounded."""
import matplotlib.pyplot as plt
import numpy as np

from . import DIVERGING_CMAP
from .gradients import LINE_COLOURS


def hidden_state_heatmap(states, labels, *, titles=None, vmax=1.0, suptitle="Hidden state $h_t$ over time"):
    """Draw h_1..h_T of one or more sequences side by side, on one fixed colour scale.

    Args:
        states: (T, H) array of hidden states, or a list of them (one panel each; T may differ).
        labels: the T input symbols of each sequence (a string such as "lemon", or a list of strings).
        titles: a title per panel (default: the labels).
        vmax: the colour scale is [-vmax, vmax] (1 suits tanh), centred at 0.
    Returns:
        fig, axes (one per sequence); axes[i].images[0].get_array() is states[i].T, (H, T).
    """
    if isinstance(states, np.ndarray):
        states, labels = [states], [labels]
    if len(states) != len(labels):
        raise ValueError(f"give one label sequence per state array; got {len(states)} arrays and {len(labels)} labels")
    for i, (h, lab) in enumerate(zip(states, labels)):
        if np.ndim(h) != 2 or len(h) != len(lab):
            raise ValueError(f"states[{i}] must have shape (T, H) with T = len(labels[{i}]) = {len(lab)}; "
                             f"got {np.shape(h)}")
    titles = [f"input: {''.join(lab)!r}" for lab in labels] if titles is None else titles
    widths = [max(len(lab), 3) for lab in labels]
    H = states[0].shape[1]
    fig, axes = plt.subplots(1, len(states), figsize=(1.6 + 0.55 * sum(widths) + 1.2 * len(states), 1.2 + 0.22 * H),
                             gridspec_kw={"width_ratios": widths}, squeeze=False)
    axes = axes[0]
    for ax, h, lab, title in zip(axes, states, labels, titles):
        image = ax.imshow(np.asarray(h).T, cmap=DIVERGING_CMAP, vmin=-vmax, vmax=vmax, aspect="auto",
                          interpolation="nearest")
        symbols = [str(c) if c != " " else "␣" for c in lab]
        ax.set_xticks(range(len(lab)), [f"{c}\n{t}" for t, c in enumerate(symbols, start=1)])  # x_t over t
        ax.set_xlabel("input $x_t$ and step t")
        ax.set_title(title)
        ax.set_yticks(range(0, H, max(1, H // 8)))
    axes[0].set_ylabel("hidden unit")
    fig.colorbar(image, ax=list(axes), label="$h_t$ (fixed scale)", fraction=0.05, pad=0.03)
    fig.suptitle(suptitle, y=1.02)
    return fig, axes


def tanh_box(*, saturation=0.95, a_max=4.0):
    """Draw h = tanh(a) and its slope dh/da = 1 - tanh(a)^2, with the saturated ranges |tanh(a)| > saturation shaded.

    Args:
        saturation: where saturation starts, as a value of |h| (0.95: |a| > artanh(0.95) = 1.83).
        a_max: the a axis runs from -a_max to a_max.
    Returns:
        fig, ax; ax.lines[0] is tanh, ax.lines[1] its slope.
    """
    a = np.linspace(-a_max, a_max, 401)
    edge = np.arctanh(saturation)  # |a| beyond this: |tanh(a)| > saturation
    fig, ax = plt.subplots(figsize=(7.5, 4))
    ax.plot(a, np.tanh(a), color=LINE_COLOURS[0], lw=2.5, label="$h = \\tanh(a)$")
    ax.plot(a, 1 - np.tanh(a) ** 2, color=LINE_COLOURS[1], lw=2.5, ls="--", label="slope $1 - \\tanh^2(a)$")
    for lo, hi in ((-a_max, -edge), (edge, a_max)):
        ax.axvspan(lo, hi, color="#e6e6e6", zorder=0)
    ax.axvspan(edge, edge, color="#e6e6e6", label=f"saturated: $|h| > {saturation:g}$")  # the legend entry
    for level in (-1, 1):
        ax.axhline(level, color=LINE_COLOURS[2], lw=1, ls=":")
    ax.set_xlim(-a_max, a_max)
    ax.set_ylim(-1.15, 1.15)
    ax.set_xlabel("pre-activation $a$")
    ax.set_ylabel("$h$ and $dh/da$")
    ax.set_title("tanh squeezes every $a$ into $(-1, 1)$; where it saturates, its slope is near 0", fontsize=12)
    ax.legend(loc="upper left", fontsize=10, framealpha=1)
    return fig, ax


def feedback_curves(states, labels, *, title="A state fed back $T$ times"):
    """Draw |h_t| over t, on a log scale, for scalar recurrences: does the state stay bounded?

    Args:
        states: list of (T,) arrays h_1..h_T; labels: one per array (the recurrence, in maths).
    Returns:
        fig, ax; ax.lines[i] is |states[i]|.
    """
    fig, ax = plt.subplots(figsize=(7.5, 4))
    for i, (h, label) in enumerate(zip(states, labels)):
        t = np.arange(1, len(h) + 1)
        ax.semilogy(t, np.abs(h), color=LINE_COLOURS[i % len(LINE_COLOURS)], lw=2.5, ls=("-", "--")[i % 2],
                    label=label)
    ax.axhline(1, color=LINE_COLOURS[4], lw=1, ls=":", label="$|h_t| = 1$, the edge of tanh's range")
    ax.set_xlabel("step t")
    ax.set_ylabel("$|h_t|$ (log scale)")
    ax.set_title(title)
    ax.legend(loc="upper left", fontsize=10, framealpha=1)
    return fig, ax

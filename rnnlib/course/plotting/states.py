"""Notebook 01: hidden states over time as heatmaps: one row per hidden unit, one column per step t."""
import matplotlib.pyplot as plt
import numpy as np

from . import DIVERGING_CMAP


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

"""Notebook 07: figures (video): clips shown as strips of frames, one row per clip."""
import matplotlib.pyplot as plt
import numpy as np

from . import SEQUENTIAL_CMAP


def clip_strips(clips, labels, *, names=None):
    """One row per clip, one panel per frame, all on one colour scale.

    Args:
        clips: (N, T, S, S) frames; labels: (N,) class of each clip; names: class names (default: video.MOTIONS).
    Returns:
        fig, axes (N, T); axes[n, t].images[0] holds frame t of clip n.
    """
    if names is None:
        from ..video import MOTIONS as names
    clips = np.asarray(clips)
    N, T, S = clips.shape[:3]
    fig, axes = plt.subplots(N, T, figsize=(1.45 * T + 1.5, 1.6 * N + 0.9), squeeze=False, layout="constrained")
    vmax = np.abs(clips).max()
    for n in range(N):
        for t in range(T):
            ax = axes[n, t]
            im = ax.imshow(clips[n, t], cmap=SEQUENTIAL_CMAP, vmin=-vmax * 0.3, vmax=vmax,
                           extent=(-0.5, S - 0.5, S - 0.5, -0.5))
            ax.set_xticks([0, S - 1])
            ax.set_yticks([0, S - 1])
            if n == 0:
                ax.set_title(f"t = {t + 1}", fontsize=11)
            if n == N - 1:
                ax.set_xlabel("column (px)", fontsize=9)
            if t == 0:
                ax.set_ylabel(f"{names[labels[n]]}\nrow (px)", fontsize=10)
            ax.tick_params(labelsize=8)
    fig.colorbar(im, ax=axes, label="pixel value", shrink=0.8)
    fig.suptitle("Clips as strips of frames, one row per clip (labelled with its motion; edges wrap round)")
    return fig, axes

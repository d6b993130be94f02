"""Notebook 07: figures (speech): one log-magnitude spectrogram per spoken digit."""
import matplotlib.pyplot as plt
import numpy as np

from . import SEQUENTIAL_CMAP


def digit_spectrograms(data, *, voice=0, speed=None, pitch=None):
    """One panel per digit: the log-magnitude spectrogram of its clip in one voice, on one colour scale.

    Args:
        data: from `speech.load_speech_digits()`; voice: an index into data["voices"];
        speed, pitch: which of that voice's clips (None: the first there is).
    Returns:
        fig, axes (2, 5); axes.flat[d].images[0] holds digit d's (bands, frames) array.
    """
    from ..speech import DIGITS

    pick = data["voice"] == voice
    pick &= (data["speed"] == (data["speed"][pick][0] if speed is None else speed))
    pick &= (data["pitch"] == (data["pitch"][pick][0] if pitch is None else pitch))
    rate, hop = int(data["sample_rate"]), int(data["hop"])
    band_hz = rate / 2 / data["frames"].shape[2]
    clips = {int(data["digit"][i]): data["frames"][i, -data["num_frames"][i]:] for i in np.flatnonzero(pick)}
    vmin = min(c.min() for c in clips.values())
    vmax = max(c.max() for c in clips.values())
    fig, axes = plt.subplots(2, 5, figsize=(13, 5.4), sharey=True, layout="constrained")
    for d, ax in enumerate(axes.flat):
        c = clips[d]  # (frames, bands)
        im = ax.imshow(c.T, origin="lower", aspect="auto", cmap=SEQUENTIAL_CMAP, vmin=vmin, vmax=vmax,
                       extent=(0, len(c) * hop / rate * 1000, 0, c.shape[1] * band_hz))
        ax.set_title(f"{d} \u201c{DIGITS[d]}\u201d")
        if d >= 5:
            ax.set_xlabel("time (ms)")
        if d % 5 == 0:
            ax.set_ylabel("frequency (Hz)")
    fig.colorbar(im, ax=axes, label="log magnitude, log(|X| + 0.001)", shrink=0.9)
    fig.suptitle(f"Spectrograms of the ten digits: voice {data['voices'][voice]}, "
                 f"{int(data['speed'][pick][0])} words/min, pitch {int(data['pitch'][pick][0])}")
    return fig, axes

"""Notebook 07: video: short clips of a letter moving on a small grid, where only the ORDER of the frames tells
the motion.

Each clip is T frames of an S x S grid. A letter (from `glyphs.glyph_template`) starts at a uniformly random
position and moves one pixel per frame right, left, down or up (the label), wrapping round the edges (the grid
is a torus); every pixel gets fresh Gaussian noise. The letter and its start are drawn independently of the
motion, and a uniform position plus any fixed shift, wrapped round, is again uniform. So every single frame has
exactly the same distribution whatever the motion: a classifier that sees one frame can do no better than
chance (1/4), by construction. `position_independence` checks that statistically; `video_experiment` checks it
by training such a classifier. The motion is only in how one frame follows another.
"""
import numpy as np

from ..nn.checks import check_positive_float, check_positive_int, rng_from
from ..nn.gru import GRU
from ..nn.models import FeedForward, SequenceModel
from .classify import accuracy, train_classifier
from .glyphs import glyph_template

MOTIONS = ("right", "left", "down", "up")  # the classes, in label order
STEPS = {"right": (0, 1), "left": (0, -1), "down": (1, 0), "up": (-1, 0)}  # (rows, columns) per frame
LETTERS = "TLXOH+"  # the letters that move (drawn at random, independently of the motion)


def moving_glyph_clips(num_clips, *, num_frames=8, grid_size=10, glyph_size=5, noise=0.2, letters=LETTERS,
                       seed=None):
    """Clips of a letter moving one pixel per frame on a grid that wraps round.

    Args:
        num_clips: N; num_frames: T; grid_size: S; glyph_size: the letter's box (< S); noise: the standard
        deviation of the Gaussian noise added to every pixel; letters: the letters to draw from; seed.
    Returns:
        clips: (N, T, S, S) float64; labels: (N,) int64 index into MOTIONS;
        positions: (N, T, 2) int64, the letter's top-left (row, column) in each frame, already wrapped (mod S).
    """
    N, T = check_positive_int(num_clips, "num_clips"), check_positive_int(num_frames, "num_frames")
    S, g = check_positive_int(grid_size, "grid_size"), check_positive_int(glyph_size, "glyph_size")
    if g >= S:
        raise ValueError(f"glyph_size must be < grid_size = {S}; got {g}")
    noise = check_positive_float(noise, "noise", allow_zero=True)
    rng = rng_from(seed)
    labels = rng.integers(0, len(MOTIONS), size=N)
    which = rng.integers(0, len(letters), size=N)  # the letter: independent of the motion
    start = rng.integers(0, S, size=(N, 2))  # uniform on the torus: independent of the motion
    step = np.array([STEPS[m] for m in MOTIONS])[labels]  # (N, 2)
    positions = (start[:, None, :] + np.arange(T)[None, :, None] * step[:, None, :]) % S  # (N, T, 2)
    templates = np.stack([glyph_template(c, g) for c in letters])  # (K, g, g)
    clips = np.zeros((N, T, S, S))
    r, c = np.meshgrid(np.arange(g), np.arange(g), indexing="ij")  # (g, g) pixel offsets inside the letter
    n_idx, t_idx = np.arange(N)[:, None, None, None], np.arange(T)[None, :, None, None]
    rows = (positions[:, :, 0, None, None] + r) % S  # (N, T, g, g): wrapped pixel rows
    cols = (positions[:, :, 1, None, None] + c) % S
    clips[n_idx, t_idx, rows, cols] = templates[which][:, None]
    clips += noise * rng.standard_normal(clips.shape)
    return clips, labels.astype(np.int64), positions


def clips_as_sequences(clips):
    """Each frame's pixels as one input vector, time-major: (N, T, S, S) -> (T, N, S * S)."""
    clips = np.asarray(clips)
    if clips.ndim != 4:
        raise ValueError(f"clips must have shape (N, T, S, S); got {clips.shape}")
    N, T = clips.shape[:2]
    return np.ascontiguousarray(clips.reshape(N, T, -1).transpose(1, 0, 2))


def position_independence(labels, positions, grid_size, frame=0):
    """Chi-square test of independence between the motion and the letter's position in one frame.

    Counts clips per (motion, position) cell, a (4, S * S) table, and computes
    chi2 = sum (observed - expected)^2 / expected, expected = row total * column total / N.
    If the position in that frame says nothing about the motion, chi2 is close to its degrees of freedom
    df = (4 - 1)(S * S - 1), give or take sqrt(2 df).
    Returns:
        chi2, df, and z = (chi2 - df) / sqrt(2 df) (|z| of a few or less: no sign of dependence).
    """
    S = check_positive_int(grid_size, "grid_size")
    cell = positions[:, frame, 0] * S + positions[:, frame, 1]
    table = np.zeros((len(MOTIONS), S * S))
    np.add.at(table, (labels, cell), 1)
    expected = table.sum(1, keepdims=True) * table.sum(0, keepdims=True) / table.sum()
    chi2 = float(np.sum((table - expected) ** 2 / np.where(expected > 0, expected, 1)))
    df = (len(MOTIONS) - 1) * (S * S - 1)
    return chi2, df, (chi2 - df) / np.sqrt(2 * df)


def video_experiment(seed=0, *, num_train=2000, num_test=1000, hidden_size=32, epochs=10):
    """A GRU reads the frames in order and names the motion; two baselines see no order.

    GRU: SequenceModel(GRU(S*S, hidden_size), 4, many_to_one) on the raw pixels of each frame, (T, B, S*S).
    One frame: a FeedForward net (one hidden layer of the same size) on a single frame (a random one per clip).
    Average frame: the same net on the mean of the T frames, (B, S*S). Same data, optimizer and epochs.
    Returns:
        dict with "accuracy" {"gru", "one_frame", "average_frame"} (on fresh test clips), "chance" (0.25),
        "models", "independence" (chi2, df, z of `position_independence` on the training clips, every frame).
    """
    clips, labels, positions = moving_glyph_clips(num_train, seed=rng_from(seed))
    test, test_labels, _ = moving_glyph_clips(num_test, seed=np.random.default_rng([seed, 1]))
    rng = np.random.default_rng([seed, 2])
    S, T = clips.shape[2], clips.shape[1]
    seq, seq_test = clips_as_sequences(clips), clips_as_sequences(test)  # (T, N, S*S)
    one, one_test = (s[rng.integers(0, T, size=s.shape[1]), np.arange(s.shape[1])] for s in (seq, seq_test))
    gru = SequenceModel(GRU(S * S, hidden_size, seed=seed), len(MOTIONS), many_to_one=True, seed=seed)
    nets = {k: FeedForward(S * S, hidden_size, len(MOTIONS), seed=seed) for k in ("one_frame", "average_frame")}
    train_classifier(gru, seq, labels, epochs=epochs, seed=seed, batch_axis=1)
    # FeedForward has no memory: on (N, S*S) it applies the same net to every row on its own
    train_classifier(nets["one_frame"], one, labels, epochs=epochs, seed=seed)
    train_classifier(nets["average_frame"], seq.mean(axis=0), labels, epochs=epochs, seed=seed)
    return {"accuracy": {"gru": accuracy(gru, seq_test, test_labels),
                         "one_frame": accuracy(nets["one_frame"], one_test, test_labels),
                         "average_frame": accuracy(nets["average_frame"], seq_test.mean(axis=0), test_labels)},
            "chance": 1 / len(MOTIONS), "models": dict(nets, gru=gru),
            "independence": [position_independence(labels, positions, S, frame=t) for t in range(T)]}

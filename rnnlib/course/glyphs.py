"""Notebook 06: small image-like data made here: letters drawn with matplotlib's font outlines, shifted and noised.

Nothing is downloaded: each glyph is the outline of a letter in DejaVu Sans Bold (the font matplotlib
ships), filled by testing pixel centres against the outline (3 x 3 samples per pixel, so edges are
grey), then placed at a random offset in a larger square and covered with Gaussian noise.
"""
from functools import lru_cache

import numpy as np

from ..nn.checks import check_positive_float, check_positive_int, rng_from

GLYPHS = "TLXOHZ+VACE"  # the classes, in label order


@lru_cache(maxsize=32)
def glyph_template(char, size=10):
    """The letter `char` filled into a size x size box, values in [0, 1] (read-only, cached).

    Args:
        char: one character; size: the box side in pixels.
    Returns:
        (size, size) float64 array, 1 inside the outline.
    """
    from matplotlib.font_manager import FontProperties
    from matplotlib.path import Path
    from matplotlib.textpath import TextPath

    if not isinstance(char, str) or len(char) != 1 or char.isspace():
        raise ValueError(f"char must be one visible character; got {char!r}")
    size = check_positive_int(size, "size")
    polygons = TextPath((0, 0), char, size=10, prop=FontProperties(family="DejaVu Sans", weight="bold")).to_polygons()
    corners = np.concatenate(polygons)
    lo, hi = corners.min(axis=0), corners.max(axis=0)
    n = 3 * size  # 3 x 3 samples per pixel
    scale, centre = (n - 1) / max(hi - lo), (lo + hi) / 2
    rows, cols = np.mgrid[0:n, 0:n]
    points = np.stack([(cols.ravel() - (n - 1) / 2) / scale + centre[0],
                       ((n - 1) / 2 - rows.ravel()) / scale + centre[1]], axis=1)
    inside = np.zeros(len(points), bool)
    for polygon in polygons:  # even-odd rule, so the hole of an O stays empty
        inside ^= Path(polygon).contains_points(points)
    template = inside.reshape(size, 3, size, 3).mean(axis=(1, 3))
    template.flags.writeable = False
    return template


def glyph_images(num_images, *, classes=GLYPHS, image_size=16, glyph_size=10, noise=0.3, seed=None):
    """Random letters at random positions in noisy square images.

    Each image: one letter (label = its index in `classes`) pasted at a uniformly random offset
    (so it may move by image_size - glyph_size pixels in each direction), plus N(0, noise^2) per pixel.

    Args:
        num_images: N; classes: the letters; image_size: S; glyph_size: the letter's box (<= S);
        noise: the noise standard deviation; seed: int or Generator.
    Returns:
        images: (N, S, S) float64; labels: (N,) int64.
    """
    N, S = check_positive_int(num_images, "num_images"), check_positive_int(image_size, "image_size")
    g = check_positive_int(glyph_size, "glyph_size")
    if g > S:
        raise ValueError(f"glyph_size must be <= image_size = {S}; got {g}")
    noise = check_positive_float(noise, "noise", allow_zero=True)
    if not isinstance(classes, str) or len(set(classes)) < 2:
        raise ValueError(f"classes must be a string of at least two different letters; got {classes!r}")
    rng = rng_from(seed)
    templates = np.stack([glyph_template(c, g) for c in classes])  # (K, g, g)
    labels = rng.integers(0, len(classes), size=N)
    top, left = rng.integers(0, S - g + 1, size=(2, N))
    images = np.zeros((N, S, S))
    # paste every glyph at once: pixel (r, c) of glyph n goes to (top_n + r, left_n + c)
    r, c = np.meshgrid(np.arange(g), np.arange(g), indexing="ij")
    n_idx = np.arange(N)[:, None, None]
    images[n_idx, top[:, None, None] + r, left[:, None, None] + c] = templates[labels]
    images += noise * rng.standard_normal(images.shape)
    return images, labels


def rows_as_sequence(images):
    """Read each image top to bottom, one row per step: (B, H, W) -> (T = H, B, D = W), time-major."""
    images = np.asarray(images)
    if images.ndim != 3:
        raise ValueError(f"images must have shape (B, H, W); got {images.shape}")
    return np.ascontiguousarray(images.transpose(1, 0, 2))

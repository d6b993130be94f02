"""Notebooks 03, 04 and 05: toy sequence tasks, generated from a seed (nothing is downloaded)."""
import numpy as np

from ..nn.checks import check_positive_int, rng_from


def adding_problem(seq_len, batch_size, *, seed=None):
    """The adding problem (Hochreiter & Schmidhuber 1997), in the form of the curriculum.

    Each input step has two features: a value in [-1, 1] and a marker that is 1 at exactly two
    positions (one in the first half of the sequence, one in the second) and 0 elsewhere. The target
    is 0.5 + (X1 + X2) / 4 where X1, X2 are the two marked values, so it lies in [0, 1].

    Args:
        seq_len: T >= 2; batch_size: B; seed: int or Generator.
    Returns:
        x: (T, B, 2) float64; y: (B, 1) float64 targets.
    """
    T, B = check_positive_int(seq_len, "seq_len"), check_positive_int(batch_size, "batch_size")
    if T < 2:
        raise ValueError(f"seq_len must be >= 2 for two marked positions; got {T}")
    rng = rng_from(seed)
    values = rng.uniform(-1.0, 1.0, size=(T, B))
    half = max(T // 2, 1)
    first = rng.integers(0, half, size=B)  # the first marker in the first half
    second = rng.integers(half, T, size=B)  # the second in the second half
    markers = np.zeros((T, B))
    cols = np.arange(B)
    markers[first, cols] = 1.0
    markers[second, cols] = 1.0
    y = 0.5 + (values[first, cols] + values[second, cols]) / 4.0
    return np.stack([values, markers], axis=2), y[:, None]


def one_hot(indices, num_classes, dtype=np.float64):
    """One-hot vectors: an integer array (...) -> (..., num_classes)."""
    indices = np.asarray(indices)
    if not np.issubdtype(indices.dtype, np.integer):
        raise TypeError(f"indices must be integers; got dtype {indices.dtype}")
    if indices.size and (indices.min() < 0 or indices.max() >= num_classes):
        raise ValueError(f"indices must lie in [0, {num_classes}); got values from {indices.min()} to {indices.max()}")
    return np.eye(num_classes, dtype=dtype)[indices]


def delayed_recall(seq_len, batch_size, num_symbols, lag, *, seed=None):
    """Echo the input `lag` steps later: target y_t = x_{t-lag} (class 0 'blank' for t < lag).

    A task whose difficulty is set by one number, the lag between when a symbol is seen and when
    it must be reported. Symbols are 1..num_symbols; class 0 is reserved for "nothing yet".

    Returns:
        x: (T, B, num_symbols + 1) one-hot inputs; y: (T, B) integer targets.
    """
    T, B = check_positive_int(seq_len, "seq_len"), check_positive_int(batch_size, "batch_size")
    K = check_positive_int(num_symbols, "num_symbols")
    if not isinstance(lag, (int, np.integer)) or not 0 <= lag < T:
        raise ValueError(f"lag must be a whole number in [0, seq_len) = [0, {T}); got {lag!r}")
    s = rng_from(seed).integers(1, K + 1, size=(T, B))
    y = np.zeros((T, B), dtype=np.int64)
    y[lag:] = s[: T - lag]
    return one_hot(s, K + 1), y

"""Checks at the public boundary: each one names the argument, what was expected and what was given.

Internals trust their inputs; only the functions a learner calls use these.
"""
import numbers

import numpy as np

FLOAT_DTYPES = (np.float32, np.float64)


def check_dtype(dtype):
    """Return `dtype` as a NumPy dtype, accepting only float32 and float64."""
    try:
        dt = np.dtype(dtype)
    except TypeError:
        dt = None
    if dt is None or dt.type not in FLOAT_DTYPES:
        raise TypeError(f"dtype must be numpy.float32 or numpy.float64; got {dtype!r}")
    return dt


def check_positive_int(value, name):
    """Return `value` if it is a whole number >= 1, else raise a message naming `name`."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise ValueError(f"{name} must be a whole number >= 1; got {value!r}")
    return int(value)


def check_positive_float(value, name, *, allow_zero=False):
    """Return `value` as a float if it is finite and > 0 (>= 0 with allow_zero)."""
    ok = isinstance(value, numbers.Real) and not isinstance(value, bool) and np.isfinite(value)
    if not ok or value < 0 or (value == 0 and not allow_zero):
        bound = ">= 0" if allow_zero else "> 0"
        raise ValueError(f"{name} must be a finite number {bound}; got {value!r}")
    return float(value)


def check_array(a, name, dtype):
    """Return `a` as an ndarray of floating dtype `dtype`, with no NaN or inf.

    Raises TypeError for a non-float dtype or a float dtype other than `dtype`, and ValueError for
    NaN or inf (the message gives the index of the first bad entry).
    """
    a = np.asarray(a)
    if not np.issubdtype(a.dtype, np.floating):
        raise TypeError(f"{name} must be a floating-point array ({np.dtype(dtype).name}); got dtype {a.dtype}")
    if a.dtype != dtype:
        raise TypeError(
            f"{name} has dtype {a.dtype} but the parameters are {np.dtype(dtype).name}; "
            f"convert it with .astype(np.{np.dtype(dtype).name})"
        )
    bad = ~np.isfinite(a)
    if bad.any():
        where = tuple(int(i) for i in np.argwhere(bad)[0])
        raise ValueError(f"{name} contains NaN or inf (first at index {where}); clean the input first")
    return a


def check_sequence(x, name, feature_size, dtype):
    """Check a sequence batch and return it as `(T, B, D)` plus whether it came in as `(T, D)`.

    Args:
        x: array of shape (T, B, D) (time, batch, features) or (T, D) for a single sequence.
        feature_size: the expected D.
    Returns:
        x3: the same data with shape (T, B, D); single: True if x was (T, D).
    """
    x = check_array(x, name, dtype)
    if x.ndim not in (2, 3) or x.shape[-1] != feature_size:
        raise ValueError(
            f"{name} must have shape (T, B, {feature_size}) (time, batch, features) or (T, {feature_size}) "
            f"for one sequence; got {x.shape}"
        )
    if x.shape[0] == 0 or (x.ndim == 3 and x.shape[1] == 0):
        raise ValueError(f"{name} is empty: a sequence needs at least one time step and one item; got shape {x.shape}")
    single = x.ndim == 2
    return (x[:, None, :] if single else x), single


def check_like(a, name, shape, dtype, meaning):
    """Check that `a` has exactly `shape`; `meaning` names the axes in the message, e.g. '(T, B, H)'."""
    a = check_array(a, name, dtype)
    if a.shape != tuple(shape):
        raise ValueError(f"{name} must have shape {tuple(shape)} {meaning}; got {a.shape}")
    return a


def rng_from(seed):
    """Return a numpy Generator from an int seed, a Generator (used as is) or None (fresh entropy)."""
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is None or (isinstance(seed, numbers.Integral) and not isinstance(seed, bool) and seed >= 0):
        return np.random.default_rng(seed)
    raise TypeError(f"seed must be a non-negative int, a numpy.random.Generator or None; got {seed!r}")

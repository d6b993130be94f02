"""Every notebook: small helpers the exercise checks share: reading a learner's answer without ever raising."""
import numpy as np

from . import CheckResult, result


def not_answered(name):
    """The result for an exercise whose answer is still the placeholder None. It gives no hint: a hint shows
    only once the learner has tried, so that reading the exercise does not already show the way."""
    return CheckResult(name, False, "no answer yet: replace None with your answer and run the cell again "
                                    "(a hint appears after a first try)")


def function_problem(name, answer, signature, hint):
    """What is wrong with an answer that should be a function: still None, or not callable (None if neither)."""
    if answer is None:
        return not_answered(name)
    if not callable(answer):
        return result(name, False, "", f"expected a function {signature}; got {type(answer).__name__}", hint)
    return None


def as_shape(value):
    """A shape as a tuple of ints, or None if `value` is not one (a list or tuple of whole numbers)."""
    if isinstance(value, (tuple, list)) and all(isinstance(v, (int, np.integer)) and not isinstance(v, bool)
                                               for v in value):
        return tuple(int(v) for v in value)
    return None


def as_int(value):
    """A whole number as an int, or None (floats such as 620.0 count, 620.5 and True do not)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return int(value)
    return None


def as_fraction(value):
    """A number from 0 to 1 (an accuracy, a share) as a float, or None (True, "0.5", 50 and 1.2 are not)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        return None
    value = float(value)
    return value if 0.0 <= value <= 1.0 else None


def as_array(value, shape):
    """`value` as a float array of exactly `shape`, or (None, why not)."""
    try:
        a = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return None, f"expected an array of numbers; got {type(value).__name__}"
    if a.shape != tuple(shape):
        return None, f"expected shape {tuple(shape)}; got {a.shape}"
    return a, ""


def shapes_result(name, shapes, right, hint, message_if_right):
    """Check a dict of shapes against `right` ({key: shape tuple}); lists count as tuples."""
    if shapes is None:
        return not_answered(name)
    if not isinstance(shapes, dict) or set(shapes) != set(right):
        got = sorted(shapes) if isinstance(shapes, dict) else type(shapes).__name__
        return result(name, False, "", f"expected a dict with the keys {sorted(right)}; got {got}", hint)
    wrong = [k for k in right if as_shape(shapes[k]) != right[k]]
    return result(name, not wrong, message_if_right,
                  f"not yet right: {', '.join(wrong)} (shapes are tuples such as (3, 4))", hint)


def prediction_result(name, prediction, choices, right, measured, why, hint):
    """The result of a predict-first exercise: the learner chose one of `choices` before the cell that measures
    it ran; `right` is what the notebook measured. Either way the message says what was measured and why.

    Args:
        measured: the numbers, as text; why: {choice: the explanation when that choice is the measured one}.
    """
    if prediction is None:
        return not_answered(name)
    if prediction not in choices:
        return result(name, False, "", f"expected one of {choices}; got {prediction!r}", hint)
    return result(name, prediction == right, f"measured: {measured}. {why[right]}",
                  f"you predicted {prediction!r}, and the measurement says {right!r} ({measured}). {why[right]}", hint)

"""Notebook 07: exercise checks (applications)."""
import numpy as np

from ...nn.functional import softmax
from ..sentiment import bag_of_words, label_sentence
from . import result
from ._answers import as_array, not_answered


USED_PAIR = ("the film was good, not bad", "the film was bad, not good")  # the pair notebook 07 shows in section 2


def temperature_inputs():
    """The inputs of exercise 1: logits y (5,) and a temperature tau."""
    return np.array([2.0, 1.0, 0.5, -1.0, 0.0]), 0.5


def check_temperature(p):
    """Exercise 1. p_i = exp(y_i / tau) / sum_j exp(y_j / tau) for the inputs of `temperature_inputs()`."""
    name = "softmax with a temperature"
    hint = ("Divide each logit by tau first, then take the softmax as usual: exponentiate and normalise so that "
            "the probabilities sum to 1.")
    if p is None:
        return not_answered(name)
    y, tau = temperature_inputs()
    p, why = as_array(p, y.shape)
    if p is None:
        return result(name, False, "", why, hint)
    if np.allclose(p, softmax(y * tau)):
        return result(name, False, "", "you multiplied by tau; the temperature divides the logits", hint)
    if np.allclose(p, softmax(y)):
        return result(name, False, "", "that is the plain softmax (tau = 1); the temperature is missing", hint)
    right = softmax(y / tau)
    return result(name, np.allclose(p, right, atol=1e-9),
                  f"the most likely character now has probability {right.max():.3f} (at tau = 1: "
                  f"{softmax(y).max():.3f}): a low temperature sharpens the distribution.",
                  f"got {np.round(p, 3)}", hint)


def forecast_inputs():
    """The series of exercises 2 and 4: 12 values."""
    return np.array([1.0, 1.4, 1.1, 1.8, 2.0, 1.7, 2.4, 2.2, 2.9, 2.6, 3.1, 3.3])


def check_naive_mse(mse):
    """Exercise 2. The mean squared error of the forecast "next = last" over the series of `forecast_inputs()`."""
    name = "the last-value baseline"
    hint = ("The forecast for s[t+1] is s[t], so each error is a value minus the one before it; there are len(s) - 1 "
            "of them. Square them, then average.")
    if mse is None:
        return not_answered(name)
    s = forecast_inputs()
    right = float(np.mean((s[1:] - s[:-1]) ** 2))
    try:
        mse = float(mse)
    except (TypeError, ValueError):
        return result(name, False, "", f"expected a number; got {type(mse).__name__}", hint)
    if np.isclose(mse, np.sqrt(right)):
        return result(name, False, "", "that is the root of the mean squared error; do not take the square root", hint)
    return result(name, np.isclose(mse, right), f"MSE = {right:.4f}: any model worth using must beat this number.",
                  f"got {mse:.4f}", hint)


def check_same_bag(first, second):
    """Exercise 3. Two sentences of the grammar with the same bag of words and opposite labels."""
    name = "a blind spot of the bag of words"
    hint = ("Look for a form of the grammar in which the same words, in another order, flip the meaning, such as a "
            "contrast with 'not'. sentiment.label_sentence(s) tells you the label of your sentence.")
    if first is None or second is None:
        return not_answered(name)
    if not isinstance(first, str) or not isinstance(second, str):
        return result(name, False, "", "give two sentences as strings", hint)
    try:
        labels = label_sentence(first), label_sentence(second)
    except ValueError as exc:
        return result(name, False, "", str(exc), hint)
    same = np.array_equal(bag_of_words([first]), bag_of_words([second]))
    if not same:
        return result(name, False, "", "the two sentences use different words (or different counts)", hint)
    if {first, second} == set(USED_PAIR):
        return result(name, False, "", "that is the pair the notebook used; find another one", hint)
    return result(name, labels[0] != labels[1],
                  "same words, opposite meanings: a model that ignores order must get one of them wrong.",
                  "both sentences have the same label; change the order so the meaning flips", hint)


def check_window_input(x, naive):
    """Exercise 4. For a window of 5, the model input of the LAST window (its values minus its last value)
    and the naive forecast of the value after it, for the series of `forecast_inputs()`."""
    name = "a forecasting window"
    hint = ("The last window holds the series' final five values. The model sees each of them minus the window's "
            "own last value, so its input ends in 0; 'next = last' repeats that last value.")
    if x is None or naive is None:
        return not_answered(name)
    s = forecast_inputs()
    x, why = as_array(x, (5,))
    if x is None:
        return result(name, False, "", why, hint)
    if np.allclose(x, s[-5:]):
        return result(name, False, "", "subtract the window's last value, so the model sees changes, not levels", hint)
    try:
        naive = float(naive)
    except (TypeError, ValueError):
        return result(name, False, "", f"the naive forecast must be a number; got {type(naive).__name__}", hint)
    x_ok, naive_ok = np.allclose(x, s[-5:] - s[-1]), np.isclose(naive, s[-1])
    if x_ok != naive_ok:  # say which half is wrong
        wrong = f"the naive forecast {naive:.2f}" if x_ok else f"the input {np.round(x, 2)}"
        return result(name, False, "", f"{wrong} is not right yet (the other part is)", hint)
    return result(name, x_ok, "the model sees only changes, so a series that drifts to new levels looks the same to it.",
                  f"neither the input {np.round(x, 2)} nor the naive forecast {naive:.2f} is right yet", hint)


def check_average_frame_prediction(prediction, measured=None):
    """Exercise 5 (predict, then run). The test accuracy of the average-frame baseline on the moving letters
    (four motions), predicted before it is shown; `measured` is the notebook's measurement, shown once you answer."""
    name = "predict the average-frame baseline"
    hint = ("A single frame carries no motion at all. But the average of all the frames is not a single frame: "
            "picture where the letter has been during the clip.",
            "The average frame is the letter smeared along its path. Ask which pairs of motions leave the same "
            "smear (same path, travelled the other way?) and which leave different ones; the accuracy follows "
            "from how many motions the smear can tell apart.")
    if prediction is None:
        return not_answered(name)
    try:
        prediction = float(prediction)
    except (TypeError, ValueError):
        return result(name, False, "", f"expected a number between 0 and 1; got {type(prediction).__name__}", hint)
    if not 0 <= prediction <= 1:
        return result(name, False, "", f"an accuracy is between 0 and 1; got {prediction}", hint)
    seen = "" if measured is None else f" Measured: {float(measured):.3f}."
    if abs(prediction - 0.25) <= 0.05:
        return result(name, False, "", "that is chance, what one frame gets; the average of all the frames keeps "
                      f"something a single frame does not have.{seen}", hint)
    if prediction >= 0.9:
        return result(name, False, "", "averaging throws the order of the frames away, and the direction of a "
                      f"motion is in that order.{seen}", hint)
    right = abs(prediction - 0.5) <= 0.1
    return result(name, right, "the smear shows whether the letter moved along a row or along a column, but not which "
                  f"way: two of the four motions are left, and the baseline guesses between them.{seen}",
                  f"not quite: think about which motions leave exactly the same smear.{seen}", hint)

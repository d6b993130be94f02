"""Notebook 07: exercise checks (applications)."""
import numpy as np

from ...nn.functional import softmax
from .. import sentiment
from ..sentiment import bag_of_words, label_sentence
from . import result
from ._answers import as_array, as_fraction, function_problem, not_answered


USED_PAIR = ("the film was good, not bad", "the film was bad, not good")  # the pair notebook 07 shows in section 2


def temperature_inputs():
    """The inputs of exercise 1: logits y (5,) and a temperature tau."""
    return np.array([2.0, 1.0, 0.5, -1.0, 0.0]), 0.5


def check_temperature(p):
    """Exercise 1. p_i = exp(y_i / tau) / sum_j exp(y_j / tau) for the inputs of `temperature_inputs()`."""
    name = "softmax with a temperature"
    hint = ("The temperature reshapes the scores before they become probabilities: with a temperature below 1 the "
            "largest score should win more clearly than in the plain softmax.",
            "Divide each logit by tau first, then take the softmax as usual: exponentiate and normalise so that "
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
    hint = ("An error is the true value minus its forecast, and the forecast of every value here is the value just "
            "before it.",
            "Each error is a value minus the one before it, one error for every value from the second on: square "
            "each error, then take their mean.")
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
    hint = ("A bag of words keeps which words occur and how often, never where: look for a form of the grammar in "
            "which moving words around flips the meaning.",
            "In a contrast ('X, not Y') or a 'but' sentence, exchanging the two judgement words keeps every count "
            "and turns the meaning round; sentiment.label_sentence tells you the label the grammar gives a sentence.")
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
    """Exercise 4. For a window of 5, the model input of the window of the series' final five values (a window
    whose next value is not in the series: its values minus its last value) and the naive forecast of the value
    after it, for the series of `forecast_inputs()`."""
    name = "a forecasting window"
    hint = ("The model never sees the level of the series, only where each value of its window lies relative to "
            "the newest one; and the simplest forecast repeats the newest value.",
            "The window holds the series' final five values. The model sees each of them minus the window's "
            "own last value, so its input ends in 0; 'next = last' repeats that last value.")
    if x is None or naive is None:
        return not_answered(name)
    s = forecast_inputs()
    x, why = as_array(x, (5,))
    if x is None:
        return result(name, False, "", why, hint)
    if np.allclose(x, s[-5:]):
        return result(name, False, "", "subtract the window's last value, so the model sees changes, not levels", hint)
    if np.allclose(x, s[-6:-1] - s[-2]):
        return result(name, False, "", "that is the last window the experiment's forecast_windows builds, whose next "
                      "value (the series' final one) is known; the exercise asks for the window of the final five "
                      "values, whose next value is not in the series", hint)
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
    given, prediction = prediction, as_fraction(prediction)
    if prediction is None:
        return result(name, False, "", f"an accuracy is a number between 0 and 1; got {given!r}", hint)
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


NEGATION_THRESHOLD = 0.9  # exercise 6: the share of negated test sentences a repaired linear model must get right
NEGATION_EPOCHS = 20  # exercise 6 trains longer than the notebook (6): "not <adverb> <judgement>" is rare in training


def check_negation_features(features):
    """Exercise 6 (mini-project). `features(sentences) -> (B, F)` numbers, made from the words alone. The check
    trains the notebook's linear classifier (a Dense layer, Adam as in `sentiment_experiment`, for NEGATION_EPOCHS
    epochs) on them, on the notebook's 2000 training sentences, and scores it on its negated test sentences: it
    passes above NEGATION_THRESHOLD. The bigram features are trained and scored the same way, for comparison.
    Checked on the outcome: any features that get there pass."""
    from ...nn.dense import Dense
    from ..classify import accuracy, train_classifier

    name = "mini-project: a linear model that reads 'not'"
    hint = ("The bigram model is right on 'not good' and wrong on 'not very good': a linear model can only use "
            "the features it is given, so give it one that joins 'not' to its judgement across the adverb.",
            "Count pairs of words that are two apart as well as neighbours (or count word triples): 'not' and "
            "'good' then form one feature whatever adverb sits between them.")
    problem = function_problem(name, features, "features(sentences) -> (B, F) numbers", hint)
    if problem is not None:
        return problem
    train, labels, _ = sentiment.sentiment_sentences(2000, seed=0)  # the notebook's experiment (SEED = 0)
    test, test_labels, test_forms = sentiment.sentiment_sentences(1000, seed=np.random.default_rng([0, 1]))
    real_label_sentence = sentiment.label_sentence
    sentiment.label_sentence = _no_labels  # features come from the words; the grammar's labels are the answer
    try:
        made = [features(list(train)), features(list(test))]
    except Exception as exc:  # a learner's function: say what went wrong, never a traceback
        return result(name, False, "", f"features(sentences) raised {type(exc).__name__}: {exc}", hint)
    finally:
        sentiment.label_sentence = real_label_sentence
    for k, n in enumerate((len(train), len(test))):
        try:
            made[k] = np.asarray(made[k], dtype=float)
        except (TypeError, ValueError):
            return result(name, False, "", f"features(sentences) must return numbers; got {type(made[k]).__name__}",
                          hint)
        if made[k].ndim != 2 or made[k].shape[0] != n:
            return result(name, False, "", f"features(sentences) must return shape (B, F), one row per sentence: "
                          f"for B = {n} sentences it returned shape {made[k].shape}", hint)
        if not np.all(np.isfinite(made[k])):
            return result(name, False, "", "features(sentences) returned NaN or infinite values", hint)
    if made[0].shape[1] != made[1].shape[1]:
        return result(name, False, "", f"features must have the same columns for every list of sentences; got "
                      f"{made[0].shape[1]} for the training sentences and {made[1].shape[1]} for the test ones", hint)
    negated = test_forms == sentiment.FORMS.index("negated")

    def scores(train_features, test_features):  # (negated, all) test accuracy of a linear model on these features
        model = Dense(train_features.shape[1], 2, seed=0)
        train_classifier(model, train_features, labels, epochs=NEGATION_EPOCHS, seed=0)
        return accuracy(model, test_features[negated], test_labels[negated]), accuracy(model, test_features, test_labels)

    negated_acc, overall = scores(*made)
    index = sentiment.bigram_index(train)
    bigrams = scores(sentiment.bag_of_bigrams(train, index), sentiment.bag_of_bigrams(test, index))[0]
    measured = (f"negated test sentences {negated_acc:.3f} (bigrams, trained the same way: {bigrams:.3f}), all test "
                f"sentences {overall:.3f}")
    return result(name, negated_acc > NEGATION_THRESHOLD,
                  f"a linear model on your {made[0].shape[1]} features: {measured}. The order it needs was put into "
                  "the features by hand; the GRU found it by itself.",
                  f"{measured}; the negated ones must be above {NEGATION_THRESHOLD}", hint)


def _no_labels(sentence):
    """Stands in for sentiment.label_sentence while a learner's features are made (exercise 6)."""
    raise RuntimeError("features must be made from the words, not from the grammar's label (label_sentence)")

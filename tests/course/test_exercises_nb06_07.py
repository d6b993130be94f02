"""The exercise checks of notebooks 06 and 07 pass right answers and fail wrong ones (with a hint), never raising."""
import numpy as np
import pytest

import rnnlib as rl
from rnnlib.course import exercises

nb06 = exercises.nb06


def right_causal_conv():
    x, w, b, d = nb06.conv_inputs()
    y = np.full(len(x), b)
    for j in range(len(w)):
        y[j * d :] += w[j] * x[: len(x) - j * d]
    return y


def test_nb06_unanswered_exercises_say_so():
    for check in (nb06.check_receptive_field, nb06.check_causal_conv, nb06.check_full_coverage, nb06.check_conv_params,
                  nb06.check_tcn_design):
        outcome = check(None)
        assert not outcome and "no answer yet" in repr(outcome) and "Hint" not in repr(outcome)


@pytest.mark.parametrize("answer,passes", [(63, True), (63.0, True), (62, False), (31, False), ("63", False), (True, False)])
def test_nb06_receptive_field_check(answer, passes):
    assert bool(nb06.check_receptive_field(answer)) is passes


def test_nb06_receptive_field_check_explains_an_off_by_one():
    assert "one short" in repr(nb06.check_receptive_field(62))


def test_nb06_causal_conv_check_passes_the_right_answer():
    assert nb06.check_causal_conv(right_causal_conv())


def test_nb06_causal_conv_check_catches_looking_into_the_future():
    x, w, b, d = nb06.conv_inputs()
    y = np.full(len(x), b)
    for j in range(len(w)):
        y[: len(x) - j * d] += w[j] * x[j * d :]
    outcome = nb06.check_causal_conv(y)
    assert not outcome and "later inputs" in repr(outcome)


@pytest.mark.parametrize("wrong", [lambda y: y + 0.1, lambda y: y[:-1], lambda y: "text", lambda y: y - right_causal_conv()[0]])
def test_nb06_causal_conv_check_fails_wrong_answers(wrong):
    assert not nb06.check_causal_conv(wrong(right_causal_conv()))


@pytest.mark.parametrize("dilations,passes", [([1, 3, 9], True), ((9, 3, 1), True), ([3, 9.0, 1], True),
                                              ([1, 2, 4, 8], False), ([1, 2, 4], False), ([1, 3, 10], False),
                                              ([2, 3, 9], False), ([1, 3, 9, 27], False), ([1, 3, 0], False),
                                              ("1,3,9", False), (9, False)])
def test_nb06_full_coverage_check(dilations, passes):
    assert bool(nb06.check_full_coverage(dilations)) is passes


def test_nb06_full_coverage_check_names_the_holes():
    assert "cannot see x_(t-9), x_(t-19)" in repr(nb06.check_full_coverage([1, 3, 10]))
    assert "r = 1 + 2 * 7 = 15" in repr(nb06.check_full_coverage([1, 2, 4]))


@pytest.mark.parametrize("dilations", [[1, 2, 4, 8], (8, 4, 2, 1)])
def test_nb06_the_worked_example_is_not_an_answer_to_exercise_3(dilations):
    outcome = nb06.check_full_coverage(dilations)
    assert not outcome and "that is the worked example" in outcome.message


@pytest.mark.parametrize("count,passes", [(400, True), (384, False), (3 * 16 * 8 * 4 + 16, False), (None, False)])
def test_nb06_conv_params_check(count, passes):
    assert bool(nb06.check_conv_params(count)) is passes


def test_nb06_conv_params_check_explains_missing_biases():
    assert "missing the 16 biases" in repr(nb06.check_conv_params(384))


# ----- notebook 07 ------------------------------------------------------------------------------------
nb07 = exercises.nb07


def test_nb07_unanswered_exercises_say_so():
    for outcome in (nb07.check_temperature(None), nb07.check_naive_mse(None), nb07.check_same_bag(None, "x"),
                    nb07.check_window_input(None, 1.0), nb07.check_negation_features(None)):
        assert not outcome and "no answer yet" in repr(outcome) and "Hint" not in repr(outcome)


def test_nb07_temperature_check():
    y, tau = nb07.temperature_inputs()
    assert nb07.check_temperature(np.exp(y / tau) / np.exp(y / tau).sum())
    assert "multiplied" in repr(nb07.check_temperature(rl.softmax(y * tau)))
    assert "plain softmax" in repr(nb07.check_temperature(rl.softmax(y)))
    assert not nb07.check_temperature(np.ones(5) / 5)
    assert not nb07.check_temperature([0.5, 0.5])


def test_nb06_number_checks_name_what_they_got():
    assert "'31'" in repr(nb06.check_receptive_field("31")) and "31.5" in repr(nb06.check_conv_params(31.5))


def test_nb07_window_check_says_which_part_is_wrong():
    s = nb07.forecast_inputs()
    assert nb07.check_window_input(s[-5:] - s[-1], s[-1])
    assert "naive forecast 9.00 is not right" in repr(nb07.check_window_input(s[-5:] - s[-1], 9.0))
    assert "the input" in repr(nb07.check_window_input(np.zeros(5), s[-1])) and "(the other part is)" in repr(
        nb07.check_window_input(np.zeros(5), s[-1]))
    assert "neither" in repr(nb07.check_window_input(np.zeros(5), 9.0))


def test_nb07_naive_mse_check():
    s = nb07.forecast_inputs()
    right = np.mean((s[1:] - s[:-1]) ** 2)
    assert nb07.check_naive_mse(right)
    assert "square root" in repr(nb07.check_naive_mse(np.sqrt(right)))
    assert not nb07.check_naive_mse(np.mean((s[1:] - s.mean()) ** 2))
    assert not nb07.check_naive_mse("0.2")
    assert not nb07.check_naive_mse([1, 2])


@pytest.mark.parametrize("first,second,passes", [
    ("the soup seemed lovely, not awful", "the soup seemed awful, not lovely", True),
    ("the game is not dull but great", "the game is not great but dull", True),
    ("the film was good, not bad", "the film was good, not bad", False),  # same label
    ("the film was bad, not good", "the film was good, not bad", False),  # the pair the notebook shows
    ("the film was good", "the film was not good", False),  # different bags
    ("the film was good, not great", "the film was great, not good", False),  # not the grammar
    ("the movie was good, not bad", "the movie was bad, not good", False),  # unknown word
    (1, 2, False),
])
def test_nb07_same_bag_check(first, second, passes):
    assert bool(nb07.check_same_bag(first, second)) is passes


def test_nb07_window_input_check():
    s = nb07.forecast_inputs()
    assert nb07.check_window_input(s[-5:] - s[-1], s[-1])
    assert "subtract" in repr(nb07.check_window_input(s[-5:], s[-1]))
    assert "next value is not in the series" in repr(nb07.check_window_input(s[-6:-1] - s[-2], s[-2]))
    assert not nb07.check_window_input(s[-5:] - s[-1], s.mean())
    assert not nb07.check_window_input(s[-4:] - s[-1], s[-1])


# ----- the mini-projects: checked on their outcome -----------------------------------------------------------
def memory_tcn(dilations=(1, 3, 9, 27), channels=12, kernel_size=3, **kwargs):
    return rl.TCN(8, channels, 4, kernel_size=kernel_size, dilations=dilations, many_to_one=True, seed=0, **kwargs)


def test_nb06_tcn_design_passes_a_trained_model_and_fails_the_same_model_untrained():
    from rnnlib.course import classify, rnn_vs_cnn

    model = memory_tcn()
    untrained = nb06.check_tcn_design(model)
    assert not untrained and "the design is right" in untrained.message
    x, y = rnn_vs_cnn.memory_task(64, 2000, seed=0)
    classify.train_classifier(model, x, y, epochs=4, seed=0, batch_axis=1)  # about 1 s
    assert nb06.check_tcn_design(model)


@pytest.mark.parametrize("model,words", [
    (lambda: memory_tcn((1, 3, 9, 18)), "cannot see 1 of the 64 inputs (x_(t-63))"),
    (lambda: memory_tcn((1, 3, 9, 27, 1), channels=8), "with 5 layers; fewer will do"),
    (lambda: memory_tcn(channels=16), "more than the GRU's 1884"),
    (lambda: memory_tcn((1, 2, 4, 8, 16, 32), kernel_size=2), "fixes kernel_size=3"),
    (lambda: rl.TCN(8, 12, 4, kernel_size=3, dilations=(1, 3, 9, 27)), "many_to_one=True"),
    (lambda: rl.GRU(8, 4), "expected an rl.TCN; got GRU"),
    (lambda: "my model", "expected an rl.TCN; got str"),
])
def test_nb06_tcn_design_says_what_is_wrong_with_a_design(model, words):
    outcome = nb06.check_tcn_design(model())
    assert not outcome and words in outcome.message


def skip_bigram_features():
    """The solution's features: word counts, neighbouring pairs and pairs two apart, indexed on the training set."""
    from rnnlib.course import sentiment

    def pairs(sentence):
        words = sentiment.tokenize(sentence)
        return list(zip(words, words[1:])) + [(a, "_", b) for a, b in zip(words, words[2:])]

    index = {p: k for k, p in enumerate(sorted({p for s in sentiment.sentiment_sentences(2000, seed=0)[0]
                                                for p in pairs(s)}))}

    def features(sentences):
        counts = np.zeros((len(sentences), len(index)))
        for b, s in enumerate(sentences):
            for p in pairs(s):
                if p in index:
                    counts[b, index[p]] += 1
        return np.concatenate([sentiment.bag_of_words(sentences), counts], axis=1)

    return features


def test_nb07_negation_features_pass_skip_bigrams_and_fail_plain_bigrams():
    from rnnlib.course import sentiment

    assert nb07.check_negation_features(skip_bigram_features())
    index = sentiment.bigram_index(sentiment.sentiment_sentences(2000, seed=0)[0])
    outcome = nb07.check_negation_features(lambda s: sentiment.bag_of_bigrams(s, index))
    assert not outcome and "must be above 0.9" in outcome.message


@pytest.mark.parametrize("features,words", [
    (lambda s: np.array([[nb07.sentiment.label_sentence(x)] for x in s]), "not from the grammar's label"),
    (lambda s: 1 / 0, "raised ZeroDivisionError"),
    (lambda s: np.zeros(len(s)), "must return shape (B, F)"),
    (lambda s: np.zeros((len(s), len(s))), "the same columns"),
    (lambda s: np.full((len(s), 2), np.nan), "NaN"),
    (lambda s: [["a"]] * len(s), "must return numbers"),
    ("bigrams", "expected a function"),
])
def test_nb07_negation_features_say_what_is_wrong(features, words):
    outcome = nb07.check_negation_features(features)
    assert not outcome and words in outcome.message


def test_nb07_negation_features_check_gives_the_label_function_back():
    from rnnlib.course import sentiment

    nb07.check_negation_features(lambda s: 1 / 0)
    assert sentiment.label_sentence("the soup was not good") == 0


# ----- hints in tiers, never the answer (as tests/course/test_exercise_hints.py does for notebooks 00-06) ----
CODE = [r"@", r"\.T\b", r"\bnp\.", r"params\[", r"\bfor \w+ in\b", r"range\(", r"\blambda\b", r"\breturn\b",
        r"\w\(\w+, "]
HINT_CASES = {
    "nb06 coverage": (nb06.check_full_coverage, ([1, 2, 4],), ["1, 3, 9", "3, 9", "base 3", "powers of 3"]),
    "nb06 tcn design": (nb06.check_tcn_design, (memory_tcn((1, 3, 9, 18)),), ["27", "1, 3, 9", "four layers", "4 layers"]),
    "nb07 temperature": (nb07.check_temperature, (np.ones(5) / 5,), ["0.829", "y / tau"]),
    "nb07 naive mse": (nb07.check_naive_mse, (1.0,), ["0.2064", "s[1:]"]),
    "nb07 same bag": (nb07.check_same_bag, ("the soup was good", "the soup was not good"), ["lovely, not awful"]),
    "nb07 window": (nb07.check_window_input, (np.zeros(5), 9.0), ["3.3", "-0.4"]),
    "nb07 negation": (nb07.check_negation_features, (lambda s: np.zeros((len(s), 1)),), ['"_"', "zip("]),
}


@pytest.mark.parametrize("case", HINT_CASES, ids=str)
def test_nb06_07_hints_deepen_with_the_tries_and_never_give_the_answer(case):
    import re

    check, wrong, forbidden = HINT_CASES[case]
    first, second, third = (check(*wrong) for _ in range(3))
    assert not first and not second and first.hint and second.hint
    assert first.hint != second.hint and third.hint == second.hint, "two tiers: concept, then idea"
    for hint in (first.hint, second.hint):
        found = [f for f in CODE if re.search(f, hint)] + [f for f in forbidden if f in hint]
        assert not found, f"the hint gives away {found}: {hint}"


# ----- exercise 6 of notebook 06: the GRU at T = 64 with 40 epochs (checked without training: the check counts the
# steps in the history and measures the model, so an untrained model with a history of the right length is enough
# to test its logic; notebooks/solutions/06_rnn_vs_cnn_solutions.ipynb trains it for real)
def _gru(hidden=20):
    return rl.SequenceModel(rl.GRU(8, hidden, seed=0), 4, many_to_one=True, seed=0)


def _measured(model):
    from rnnlib.course import classify, rnn_vs_cnn

    return classify.accuracy(model, *rnn_vs_cnn.memory_task(64, 1000, seed=np.random.default_rng([6, 64])))


def test_nb06_longer_training_passes_a_consistent_run_and_reports_what_it_measured():
    model = _gru()
    outcome = nb06.check_longer_training(0.5, model, {"loss": [1.4] * 1600}, _measured(model))
    assert outcome and "40 epochs (1600 steps)" in outcome.message and "at chance" in outcome.message


def test_nb06_longer_training_unanswered_says_so():
    outcome = nb06.check_longer_training(None, None, None, None)
    assert not outcome and "no answer yet" in repr(outcome) and "Hint" not in repr(outcome)


@pytest.mark.parametrize("args, words", [
    (lambda m, a: (None, m, {"loss": [1.4] * 1600}, a), "predict first"),
    (lambda m, a: (60, m, {"loss": [1.4] * 1600}, a), "not a percentage"),
    (lambda m, a: (0.5, _gru(16), {"loss": [1.4] * 1600}, a), "20 hidden units"),
    (lambda m, a: (0.5, m, {"loss": [1.4] * 480}, a), "the sweep's 12 epochs"),
    (lambda m, a: (0.5, m, {"loss": [1.4] * 800}, a), "20 epochs"),
    (lambda m, a: (0.5, m, [1.4] * 1600, a), "history"),
    (lambda m, a: (0.5, m, {"loss": [1.4] * 1599 + [0.3]}, 0.3), "not an accuracy"),
    (lambda m, a: (0.5, m, {"loss": [1.4] * 1600}, min(1.0, a + 0.3)), "measure the trained model itself"),
])
def test_nb06_longer_training_names_the_classic_mistakes(args, words):
    model = _gru()
    outcome = nb06.check_longer_training(*args(model, _measured(model)))
    assert not outcome and words in outcome.message

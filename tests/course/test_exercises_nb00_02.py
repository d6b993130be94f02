"""Exercise checks of notebooks 00-01 (02: test_exercises_nb02.py): each passes the right answer and fails wrong ones with a hint."""
import copy

import numpy as np
import pytest

import rnnlib as rl
from rnnlib.course import text
from rnnlib.course.exercises import nb00, nb01
from exercise_results import assert_fails, assert_passes


# ----- notebook 00 ----------------------------------------------------------------------------------------
def right_step():
    x_t, h_prev, p = nb00.step_inputs()
    return np.tanh(h_prev @ p["W_hh"].T + x_t @ p["W_xh"].T + p["b_h"])


def test_nb00_batched_step_passes_the_row_vector_step_and_matches_rnnlib():
    x_t, h_prev, p = nb00.step_inputs()
    assert_passes(nb00.check_batched_step(right_step()))
    assert_passes(nb00.check_batched_step(rl.rnn_step_forward(x_t, h_prev, p)[0]))


def test_nb00_batched_step_names_the_usual_mistakes():
    x_t, h_prev, p = nb00.step_inputs()
    pre = h_prev @ p["W_hh"].T + x_t @ p["W_xh"].T + p["b_h"]
    assert_fails(nb00.check_batched_step(pre), "tanh is missing")
    assert_fails(nb00.check_batched_step(np.tanh(pre - p["b_h"])), "bias")
    assert_fails(nb00.check_batched_step(right_step() + 0.1), "do not match")
    assert_fails(nb00.check_batched_step(right_step()[0]), "expected shape (2, 3)")
    assert_fails(nb00.check_batched_step("h"), "expected")
    assert_fails(nb00.check_batched_step(None), "no answer yet")


def test_nb00_mystery_sizes_pass_when_read_off_the_shapes():
    mystery = nb00.mystery_model()
    H, D = mystery.params["W_xh"].shape
    K = mystery.params["W_hy"].shape[0]
    assert_passes(nb00.check_mystery_sizes(D, H, K, mystery.num_params))
    assert_passes(nb00.check_mystery_sizes(float(D), np.int64(H), K, mystery.num_params))


def test_nb00_mystery_sizes_name_the_usual_mistakes():
    mystery = nb00.mystery_model()
    H, D = mystery.params["W_xh"].shape
    K = mystery.params["W_hy"].shape[0]
    assert_fails(nb00.check_mystery_sizes(H, D, K, mystery.num_params), "swapped")  # W_xh read as (D, H)
    assert_fails(nb00.check_mystery_sizes(D, H, K, mystery.num_params - H - K), "leaves out the biases")
    assert_fails(nb00.check_mystery_sizes(D, H, K + 1, mystery.num_params), "do not match")
    assert_fails(nb00.check_mystery_sizes(D, H, K, mystery.num_params + 1), "is not the number")
    assert_fails(nb00.check_mystery_sizes(D, H, "K", 1), "whole numbers")
    assert_fails(nb00.check_mystery_sizes(None, None, None, None), "no answer yet")


def test_nb00_time_major_passes_the_exchanged_axes_and_names_a_reshape():
    batch = nb00.batch_major_batch()  # (B, T, D)
    assert batch[1, 3, 0] == 241  # the digits: sequence 2, step 4, feature 1, as the notebook says
    assert_passes(nb00.check_time_major(batch.transpose(1, 0, 2)))
    assert_passes(nb00.check_time_major(np.swapaxes(batch, 0, 1).tolist()))
    assert_fails(nb00.check_time_major(batch.reshape(5, 3, 2)), "reshaping keeps them in the order")
    assert_fails(nb00.check_time_major(batch), "expected shape (5, 3, 2)")
    assert_fails(nb00.check_time_major(batch.transpose(1, 0, 2) + 1), "not those")
    assert_fails(nb00.check_time_major("x"), "expected")
    assert_fails(nb00.check_time_major(None), "no answer yet")


# ----- notebook 01 ----------------------------------------------------------------------------------------
def test_nb01_stacked_counts():
    one = 20 * 10 + 20 * 20 + 20
    assert_passes(nb01.check_stacked_counts(5 * one, one))
    assert_passes(nb01.check_stacked_counts(float(5 * one), np.int64(one)))
    assert_fails(nb01.check_stacked_counts(5 * one, one - 20), "missing the bias")
    assert_fails(nb01.check_stacked_counts(one, one), "got")
    assert_fails(nb01.check_stacked_counts("3100", one), "got")
    assert_fails(nb01.check_stacked_counts(None, None), "no answer yet")


def test_nb01_word_set_passes_sets_that_need_memory():
    assert_passes(nb01.check_word_set(["stare", "tears", "rates", "aster"]))
    assert_passes(nb01.check_word_set(list(text.ANAGRAMS)))


@pytest.mark.parametrize("words, words_in_message", [
    (["stop", "spot", "tops", "pots"], ["start with the same letter"]),
    (["cat", "dog", "emu"], ["0 ambiguous positions"]),
    (["ab", "ba", "cd"], ["at least 3 letters"]),
    (["abc", "abcd", "bca"], ["same length"]),
    (["Abc", "bca", "cab"], ["a-z"]),
    (["abc", "bca"], ["at least 3 words"]),
    ("stare", ["list"]),
    (None, ["no answer yet"]),
])
def test_nb01_word_set_fails_sets_that_do_not(words, words_in_message):
    assert_fails(nb01.check_word_set(words), *words_in_message)


@pytest.fixture(scope="module")
def trained_word_model():
    vocab = text.Vocabulary()
    x, targets = text.next_letter_batch(text.ANAGRAMS, vocab)
    model = rl.SequenceModel(rl.RNN(vocab.size, 16, seed=0), vocab.size, seed=0)
    rl.fit(model, rl.softmax_cross_entropy, rl.Adam(model.params, 0.05), [(x, targets)], epochs=150)
    return model


def forgetful_copy(model):
    forgetful = copy.deepcopy(model)
    forgetful.params["W_hh"][...] = 0.0  # in place: the layer inside computes with this array
    return forgetful


def test_nb01_no_memory_bound_passes_the_bound_and_names_the_measured_copy():
    assert_passes(nb01.check_no_memory_bound(11 / 26))
    assert_passes(nb01.check_no_memory_bound(0.423))
    assert_fails(nb01.check_no_memory_bound(10 / 26), "what one particular copy scores")
    assert_fails(nb01.check_no_memory_bound(1.0), "at_most = 1.000")
    assert_fails(nb01.check_no_memory_bound("0.42"), "number")
    assert_fails(nb01.check_no_memory_bound(None), "no answer yet")


def test_nb01_ablated_prediction_measures_the_copy_and_explains_either_way(trained_word_model):
    forgetful = forgetful_copy(trained_word_model)
    assert nb01.ablated_accuracy(forgetful) < text.memoryless_bound(text.ANAGRAMS)  # this copy: below the bound
    assert_passes(nb01.check_ablated_prediction("below", forgetful))
    assert_fails(nb01.check_ablated_prediction("at", forgetful), "you predicted 'at'", "10/26", "trained together")
    assert_fails(nb01.check_ablated_prediction("level", forgetful), "expected one of")
    assert_fails(nb01.check_ablated_prediction(None, forgetful), "no answer yet")
    assert np.any(trained_word_model.params["W_hh"] != 0)  # the original keeps its memory


def test_nb01_ablated_prediction_names_a_copy_that_still_remembers(trained_word_model):
    assert_fails(nb01.check_ablated_prediction("below", trained_word_model), "W_hh still has non-zero entries")
    assert_fails(nb01.check_ablated_prediction("below", rl.RNN(28, 4, seed=0)), "SequenceModel")
    replaced = copy.deepcopy(trained_word_model)
    replaced.params["W_hh"] = np.zeros_like(replaced.params["W_hh"])  # the layer inside never sees this
    assert_fails(nb01.check_ablated_prediction("below", replaced), "replaced by a new array")


def test_nb01_ablated_reason_accepts_the_explanation_and_refutes_the_others():
    assert_passes(nb01.check_ablated_reason("a"))
    assert_fails(nb01.check_ablated_reason("b"), "not zero")
    assert_fails(nb01.check_ablated_reason("c"), "exact")
    assert_fails(nb01.check_ablated_reason("d"), "expected one of")
    assert_fails(nb01.check_ablated_reason(None), "no answer yet")


def test_nb01_window_prediction_is_the_smallest_window_that_decides_every_letter():
    windows = {n: text.memoryless_bound(text.ANAGRAMS, window=n) for n in (1, 2, 3, 4, 5)}
    assert_passes(nb01.check_window_prediction(3, windows))
    assert_fails(nb01.check_window_prediction(2, windows), "you predicted 2", "2 letters: 22/26", "'st'")
    assert_fails(nb01.check_window_prediction(6, windows), "expected one of")
    assert_fails(nb01.check_window_prediction(None, windows), "no answer yet")



def test_nb01_equal_budget_width_is_the_largest_layer_within_five_layers_budget():
    budget = 5 * rl.RNN(10, 20, seed=0).num_params
    widest = max(h for h in range(1, 200) if rl.RNN(10, h, seed=0).num_params <= budget)
    assert_passes(nb01.check_equal_budget_width(widest))
    assert_passes(nb01.check_equal_budget_width(float(widest)))
    assert_fails(nb01.check_equal_budget_width(widest + 1), "more than the 3,100")
    assert_fails(nb01.check_equal_budget_width(100), "does not grow in proportion")
    assert_fails(nb01.check_equal_budget_width(widest - 10), "a wider layer still fits")
    assert_fails(nb01.check_equal_budget_width("fifty"), "whole number")
    assert_fails(nb01.check_equal_budget_width(None), "no answer yet")

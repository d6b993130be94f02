"""Exercise checks of notebooks 00-02: each passes the right answer and fails wrong ones with a hint."""
import copy

import numpy as np
import pytest

import rnnlib as rl
from rnnlib.course import text
from rnnlib.course.exercises import nb00, nb01, nb02
from exercise_results import assert_fails, assert_passes


# ----- notebook 00 ----------------------------------------------------------------------------------------
RIGHT_SHAPES = {"W_xh": (3, 4), "W_hh": (3, 3), "b_h": (3,), "W_hy": (2, 3), "b_y": (2,)}


def test_nb00_parameter_shapes_pass_when_right_also_as_lists():
    assert_passes(nb00.check_parameter_shapes(RIGHT_SHAPES))
    assert_passes(nb00.check_parameter_shapes({k: list(v) for k, v in RIGHT_SHAPES.items()}))


@pytest.mark.parametrize("answer, words", [
    (None, ["no answer yet"]),
    (dict(RIGHT_SHAPES, W_xh=(4, 3)), ["W_xh"]),  # the transposed, row-vector-code shape
    (dict(RIGHT_SHAPES, b_h=3), ["b_h"]),
    ({"W_xh": (3, 4)}, ["keys"]),
    ("(3, 4)", ["dict"]),
])
def test_nb00_parameter_shapes_fail_when_wrong(answer, words):
    assert_fails(nb00.check_parameter_shapes(answer), *words)


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


def test_nb00_time_major_shapes():
    assert_passes(nb00.check_time_major_shapes((20, 8, 5), [20, 8, 16]))
    assert_fails(nb00.check_time_major_shapes((8, 20, 5), (8, 20, 16)), "batch-major")
    assert_fails(nb00.check_time_major_shapes((20, 8, 5), (20, 8, 5)), "got x")
    assert_fails(nb00.check_time_major_shapes(None, (20, 8, 16)), "no answer yet")


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


def test_nb01_no_memory_passes_a_copy_with_zero_recurrent_weights_and_the_bound(trained_word_model):
    forgetful = copy.deepcopy(trained_word_model)
    forgetful.params["W_hh"][...] = 0.0
    assert_passes(nb01.check_no_memory(forgetful, 11 / 26))
    assert_passes(nb01.check_no_memory(forgetful, 0.423))
    assert np.any(trained_word_model.params["W_hh"] != 0)  # the original keeps its memory


def test_nb01_no_memory_fails_while_the_memory_is_there(trained_word_model):
    bound = text.memoryless_bound(text.ANAGRAMS)
    assert_fails(nb01.check_no_memory(trained_word_model, bound), "W_hh still has non-zero entries")
    assert_fails(nb01.check_no_memory(rl.RNN(28, 4, seed=0), bound), "SequenceModel")
    assert_fails(nb01.check_no_memory(None, None), "no answer yet")


def test_nb01_no_memory_explains_a_replaced_array_and_a_wrong_bound(trained_word_model):
    replaced = copy.deepcopy(trained_word_model)
    replaced.params["W_hh"] = np.zeros_like(replaced.params["W_hh"])  # the layer inside never sees this
    assert_fails(nb01.check_no_memory(replaced, 11 / 26), "replaced by a new array")
    forgetful = copy.deepcopy(trained_word_model)
    forgetful.params["W_hh"][...] = 0.0
    assert_fails(nb01.check_no_memory(forgetful, 1.0), "at_most = 1.000")
    assert_fails(nb01.check_no_memory(forgetful, None), "no answer yet")
    assert_fails(nb01.check_no_memory(forgetful, "0.42"), "number")


# ----- notebook 02 ----------------------------------------------------------------------------------------
def test_nb02_param_count_vs_T():
    right = rl.SequenceModel(rl.RNN(28, 32, seed=0), 28, seed=0).num_params
    assert_passes(nb02.check_param_count_vs_T({5: right, 50: right, 500: right}))
    assert_fails(nb02.check_param_count_vs_T({5: right, 50: 10 * right, 500: 100 * right}), "got")
    assert_fails(nb02.check_param_count_vs_T({5: right}), "keys")
    assert_fails(nb02.check_param_count_vs_T(right), "keys")
    assert_fails(nb02.check_param_count_vs_T(None), "no answer yet")


def test_nb02_shapes_of_use_match_what_rnnlib_returns():
    x = np.zeros((6, 4, 3))
    many_to_one = rl.SequenceModel(rl.RNN(3, 5, seed=0), 2, many_to_one=True, seed=0).forward(x)[0].shape
    many_to_many = rl.SequenceModel(rl.RNN(3, 5, seed=0), 2, seed=0).forward(x)[0].shape
    assert_passes(nb02.check_shapes_of_use({"many_to_one": many_to_one, "many_to_many": many_to_many,
                                            "one_to_many": (6, 4, 2)}))
    assert_fails(nb02.check_shapes_of_use({"many_to_one": (6, 4, 2), "many_to_many": (6, 4, 2),
                                           "one_to_many": (6, 4, 2)}), "many_to_one")
    assert_fails(nb02.check_shapes_of_use({"many_to_one": (4, 2)}), "keys")
    assert_fails(nb02.check_shapes_of_use(None), "no answer yet")


def test_nb02_unrolled_passes_a_loop_of_steps_and_fails_a_loop_that_forgets():
    layer, x = nb02.unroll_inputs()
    hs, h = [], None
    for t in range(len(x)):
        h, _ = layer.step_forward(x[t], h)
        hs.append(h)
    assert_passes(nb02.check_unrolled(np.stack(hs)))
    forgetful = np.stack([layer.step_forward(x[t])[0] for t in range(len(x))])  # h_prev = 0 every step
    assert_fails(nb02.check_unrolled(forgetful), "h_1 is right")
    assert_fails(nb02.check_unrolled(np.zeros((5, 4))), "differ")
    assert_fails(nb02.check_unrolled(np.zeros((4, 5))), "expected shape (5, 4)")
    assert_fails(nb02.check_unrolled(None), "no answer yet")

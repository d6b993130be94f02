"""The character vocabulary and the anagram word set made for notebook 01."""
import numpy as np
import pytest

import rnnlib as rl
from rnnlib.course import text


@pytest.fixture
def vocab():
    return text.Vocabulary("abc .")


def test_vocabulary_encodes_and_decodes_round_trip(vocab):
    indices = vocab.encode("cab a.")
    np.testing.assert_array_equal(indices, [2, 0, 1, 3, 0, 4])
    assert indices.dtype == np.int64 and vocab.decode(indices) == "cab a."


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_vocabulary_one_hot_has_one_one_per_row_at_the_index(vocab, dtype):
    x = vocab.one_hot("bca", dtype)
    assert x.shape == (3, 5) and x.dtype == dtype
    np.testing.assert_array_equal(x.argmax(axis=1), [1, 2, 0])
    np.testing.assert_array_equal(x.sum(axis=1), [1, 1, 1])


def test_vocabulary_rejects_unknown_character_naming_it_and_the_alphabet(vocab):
    with pytest.raises(ValueError, match=r"character 'z' \(position 2\) is not in the alphabet 'abc \.'"):
        vocab.encode("abz")


@pytest.mark.parametrize("text, error, match", [
    ("", ValueError, "empty"),
    (["a"], TypeError, "must be a string; got list"),
])
def test_vocabulary_rejects_empty_and_non_string_text(vocab, text, error, match):
    with pytest.raises(error, match=match):
        vocab.encode(text)


@pytest.mark.parametrize("indices, match", [([0, 5], r"\[0, 5\)"), ([-1], r"\[0, 5\)"), ([[0]], "1-D"), ([0.5], "whole")])
def test_vocabulary_decode_rejects_bad_indices(vocab, indices, match):
    with pytest.raises(ValueError, match=match):
        vocab.decode(indices)


@pytest.mark.parametrize("symbols, match", [("", "non-empty"), ("abca", "'a' appear more than once"), (None, "non-empty")])
def test_vocabulary_rejects_bad_symbol_sets(symbols, match):
    with pytest.raises(ValueError, match=match):
        text.Vocabulary(symbols)


def test_default_vocabulary_is_letters_space_and_end_marker():
    vocab = text.Vocabulary()
    assert vocab.size == len(vocab) == 28 and " " in vocab and "." in vocab and vocab.symbols[:3] == "abc"


def test_next_letter_batch_targets_are_the_inputs_shifted_by_one_then_the_end_marker():
    vocab = text.Vocabulary()
    x, targets = text.next_letter_batch(["lemon", "melon"], vocab)
    assert x.shape == (5, 2, 28) and targets.shape == (5, 2)
    assert vocab.decode(x[:, 1].argmax(axis=1)) == "melon"
    assert vocab.decode(targets[:, 0]) == "emon." and vocab.decode(targets[:, 1]) == "elon."


@pytest.mark.parametrize("words, match", [
    (["ab", "abc"], "same length"), ([], "non-empty list"), ("abc", "non-empty list"), (["a.b"], "end marker"),
])
def test_next_letter_batch_rejects_words_it_cannot_stack(words, match):
    with pytest.raises(ValueError, match=match):
        text.next_letter_batch(words, text.Vocabulary())


def test_successors_and_ambiguous_positions_of_a_hand_checked_word_set():
    words = ["ab", "ba"]  # a -> b or end; b -> end or a: every position is ambiguous
    assert text.successors(words) == {"a": {"b": 1, ".": 1}, "b": {".": 1, "a": 1}}
    np.testing.assert_array_equal(text.ambiguous_positions(words), [[True, True], [True, True]])
    assert text.memoryless_bound(words) == pytest.approx(0.5)


def test_memoryless_bound_is_one_when_nothing_is_ambiguous():
    assert text.memoryless_bound(["ab", "cd"]) == 1.0 and not text.ambiguous_positions(["ab", "cd"]).any()


def test_anagram_words_need_memory():
    words = text.ANAGRAMS
    assert len({w[0] for w in words}) == len(words)  # the first letter decides the word
    assert text.ambiguous_positions(words).sum() == 26 and text.memoryless_bound(words) == pytest.approx(11 / 26)


def accuracy(model, x, targets, mask):
    return float((model.forward(x)[0].argmax(-1) == targets)[mask].mean())


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_rnn_learns_the_anagrams_and_feedforward_stays_within_the_memoryless_bound(seed):
    vocab = text.Vocabulary()
    x, targets = text.next_letter_batch(text.ANAGRAMS, vocab)
    mask = text.ambiguous_positions(text.ANAGRAMS)
    ff = rl.FeedForward(vocab.size, 16, vocab.size, seed=seed)
    rnn = rl.SequenceModel(rl.RNN(vocab.size, 16, seed=seed), vocab.size, seed=seed)
    for model in (ff, rnn):
        rl.fit(model, rl.softmax_cross_entropy, rl.Adam(model.params, 0.05), [(x, targets)], epochs=150)
    assert accuracy(ff, x, targets, mask) == pytest.approx(text.memoryless_bound(text.ANAGRAMS))  # the best, no better
    assert accuracy(rnn, x, targets, mask) >= 0.95


def test_memoryless_bound_with_a_window_of_letters_on_the_anagrams():
    counts = [text.memoryless_bound(text.ANAGRAMS, window=n) * 26 for n in (1, 2, 3, 4)]
    np.testing.assert_allclose(counts, [11, 22, 26, 26])  # 26 ambiguous positions; three letters decide them all


@pytest.mark.parametrize("window", [0, 1.5, True])
def test_memoryless_bound_rejects_a_window_that_is_not_a_whole_number(window):
    with pytest.raises(ValueError, match="window must be a whole number"):
        text.memoryless_bound(text.ANAGRAMS, window=window)

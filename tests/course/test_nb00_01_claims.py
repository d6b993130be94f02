"""Notebooks 00 and 01: what their text claims, over three seeds; the counting baselines of 00's first taste; the
tanh figures of 01; and the tiers of the hints of the exercises these two notebooks added (the rule of
test_exercise_hints.py: a concept, then the idea, never code or the answer)."""
import copy
import re

import matplotlib
import numpy as np
import pytest

import rnnlib as rl
from rnnlib.course import charmodel, plotting, text
from rnnlib.course.exercises import nb00, nb01
from test_exercise_hints import CODE

matplotlib.use("Agg")
SEEDS = (0, 1, 2)


# ----- notebook 00: the first taste ------------------------------------------------------------------------
def test_ngram_loss_with_no_context_is_the_cross_entropy_of_the_letter_frequencies():
    vocab = text.Vocabulary()
    train, new = "the cat sat. the dog ran.", "the cat ran."
    counts = np.bincount(vocab.encode(train)[1:], minlength=vocab.size) + 0.5  # every character but the first
    p = counts / counts.sum()
    expected = -np.log(p[vocab.encode(new)[1:]]).mean()
    assert charmodel.ngram_loss(train, new, vocab, context=0, alpha=0.5) == pytest.approx(expected)
    assert charmodel.ngram_loss(train, new, vocab, context=2) < charmodel.ngram_loss(train, new, vocab, context=0)
    with pytest.raises(ValueError, match="context"):
        charmodel.ngram_loss(train, new, vocab, context=-1)


def test_first_taste_spells_words_and_beats_the_table_of_the_letter_before_on_every_seed():
    corpus = charmodel.load_corpus()
    train_text, new_text = charmodel.split_corpus(corpus, heldout_fraction=0.15)
    vocab = text.Vocabulary()

    def table_loss(context):
        return min(charmodel.ngram_loss(train_text, new_text, vocab, context=context, alpha=a)
                   for a in (0.01, 0.1, 0.5, 1))

    one_letter, two_letters = table_loss(1), table_loss(2)
    for seed in SEEDS:
        model = rl.SequenceModel(rl.RNN(vocab.size, 64, seed=seed), vocab.size, seed=seed)
        untrained = copy.deepcopy(model)
        charmodel.train_char_model(model, train_text, vocab, steps=200, seed=seed)
        sample = charmodel.sample_text(model, vocab, "the ", 240, temperature=0.5, seed=seed)
        blank = charmodel.sample_text(untrained, vocab, "the ", 240, temperature=0.5, seed=seed)
        loss = charmodel.text_loss(model, new_text, vocab)
        assert charmodel.known_word_fraction(sample, train_text) > 0.4, seed
        assert charmodel.known_word_fraction(blank, train_text) < 0.1, seed
        assert loss < one_letter - 0.2 and abs(loss - two_letters) < 0.1, (seed, loss, one_letter, two_letters)


# ----- notebook 01: saturation, the bound, the copy without memory -----------------------------------------
@pytest.mark.parametrize("seed", SEEDS)
def test_word_rnn_saturates_is_bounded_and_its_copy_without_memory_scores_below_the_bound(seed):
    vocab = text.Vocabulary()
    x, targets = text.next_letter_batch(text.ANAGRAMS, vocab)
    rnn = rl.SequenceModel(rl.RNN(vocab.size, 16, seed=seed), vocab.size, seed=seed)
    rl.fit(rnn, rl.softmax_cross_entropy, rl.Adam(rnn.params, learning_rate=0.05), [(x, targets)], epochs=200)
    states = np.concatenate([rnn.core.forward(vocab.one_hot(w))[0] for w in ("lemon", "melon")])
    assert np.mean(np.abs(states) > 0.95) > 0.3 and np.abs(states).max() < 1
    assert np.abs(np.linalg.eigvals(rnn.params["W_hh"])).max() > 1  # unbounded without the tanh
    assert np.abs(rnn.core.forward(vocab.one_hot("lemon melon " * 5))[0]).max() < 1
    forgetful = copy.deepcopy(rnn)
    forgetful.params["W_hh"][...] = 0.0
    assert nb01.ablated_accuracy(forgetful) < text.memoryless_bound(text.ANAGRAMS)
    assert nb01.check_ablated_prediction("below", forgetful)


def test_tanh_box_draws_tanh_and_its_slope_and_feedback_curves_draw_the_absolute_states():
    fig, ax = plotting.tanh_box()
    a, h = ax.lines[0].get_data()
    _, slope = ax.lines[1].get_data()
    assert np.allclose(h, np.tanh(a)) and np.allclose(slope, 1 - np.tanh(a) ** 2)
    fig, ax = plotting.feedback_curves([np.array([1.0, -2.0, 4.0])], ["doubling, sign flipping"])
    assert np.array_equal(ax.lines[0].get_ydata(), [1.0, 2.0, 4.0])
    matplotlib.pyplot.close("all")


# ----- hints in tiers, for the exercises 00 and 01 added ---------------------------------------------------
WINDOWS = {n: text.memoryless_bound(text.ANAGRAMS, window=n) for n in (1, 2, 3, 4, 5)}
CASES = {
    "nb00 mystery": (nb00.check_mystery_sizes, (12, 7, 5, 305), ["(12, 7)", "305", "= 7", "= 12"]),
    "nb00 time-major": (nb00.check_time_major, (nb00.batch_major_batch().reshape(5, 3, 2),),
                        ["transpose", "swapaxes", "(1, 0, 2)"]),
    "nb01 window": (nb01.check_window_prediction, (2, WINDOWS), ["3", "three"]),
    "nb01 width": (nb01.check_equal_budget_width, (100,), ["50", "3,050"]),
    "nb01 bound": (nb01.check_no_memory_bound, (1.0,), ["0.42", "11/26", "11 of"]),
    "nb01 reason": (nb01.check_ablated_reason, ("b",), ['"a"', "(a)"]),
}


@pytest.mark.parametrize("case", CASES, ids=str)
def test_hints_of_the_new_exercises_deepen_and_never_give_the_answer(case):
    check, wrong, forbidden = CASES[case]
    first, second, third = (check(*wrong) for _ in range(3))
    assert not first and not second and first.hint and second.hint
    assert first.hint != second.hint and third.hint == second.hint
    for hint in (first.hint, second.hint):
        found = [f for f in CODE if re.search(f, hint)] + [f for f in forbidden if f in hint]
        assert not found, f"the hint gives away {found}: {hint}"


def test_hints_of_the_ablated_copy_prediction_do_not_name_the_outcome():
    vocab = text.Vocabulary()
    x, targets = text.next_letter_batch(text.ANAGRAMS, vocab)
    rnn = rl.SequenceModel(rl.RNN(vocab.size, 16, seed=0), vocab.size, seed=0)
    rl.fit(rnn, rl.softmax_cross_entropy, rl.Adam(rnn.params, learning_rate=0.05), [(x, targets)], epochs=200)
    rnn.params["W_hh"][...] = 0.0
    first, second = nb01.check_ablated_prediction("at", rnn), nb01.check_ablated_prediction("above", rnn)
    assert not first and not second and first.hint != second.hint
    for hint in (first.hint, second.hint):
        assert "below" not in hint and not [f for f in CODE if re.search(f, hint)], hint

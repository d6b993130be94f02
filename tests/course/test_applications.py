"""The data and helpers of notebook 07: the corpus, the sentiment grammar, the forecasting windows."""
import re
from pathlib import Path

import numpy as np
import pytest

from rnnlib.course import charmodel, forecast, sentiment, text

DATA = Path(__file__).resolve().parents[2] / "rnnlib" / "course" / "data"  # the files, in the package
DATA_README = Path(__file__).resolve().parents[2] / "data" / "README.md"  # their documentation


def test_every_data_file_is_documented_in_the_data_readme():
    readme = DATA_README.read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `([^`]+)` \|", readme, flags=re.MULTILINE))
    present = {p.name for p in DATA.iterdir() if p.is_file() and p.name != "README.md"}
    assert present == listed, f"undocumented: {present - listed}; documented but missing: {listed - present}"


def test_corpus_uses_only_the_course_alphabet_and_is_a_few_kilobytes():
    corpus = charmodel.load_corpus()
    assert set(corpus) <= set(text.ALPHABET) and 3000 < len(corpus) < 10000


def test_split_corpus_cuts_at_a_sentence_boundary():
    train, heldout = charmodel.split_corpus(charmodel.load_corpus(), heldout_fraction=0.15)
    assert train.endswith(". ") and heldout[0].isalpha() and 0.1 < len(heldout) / (len(train) + len(heldout)) < 0.2


def test_load_corpus_names_characters_outside_the_alphabet(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("Hello, world.\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"outside the alphabet.*','.*'H'"):
        charmodel.load_corpus(bad)


def test_sample_text_rejects_unknown_characters_and_bad_temperatures():
    model, vocab = charmodel.char_model(text.Vocabulary(), 4, seed=0), text.Vocabulary()
    with pytest.raises(ValueError, match="character '!'"):
        charmodel.sample_text(model, vocab, "hi!", 5)
    with pytest.raises(ValueError, match="temperature must be a finite number > 0"):
        charmodel.sample_text(model, vocab, "hi", 5, temperature=0)


def test_train_char_model_keeps_the_parameters_with_the_lowest_heldout_loss():
    vocab = text.Vocabulary()
    train, heldout = charmodel.split_corpus(charmodel.load_corpus())
    model = charmodel.char_model(vocab, 8, seed=0)
    history = charmodel.train_char_model(model, train, vocab, steps=20, heldout=heldout, eval_every=5, seq_len=8, batch_size=4)
    assert history["heldout_step"] == [0, 5, 10, 15, 20] and len(history["loss"]) == 20
    assert charmodel.text_loss(model, heldout, vocab) == pytest.approx(min(history["heldout_loss"]))


def test_text_loss_in_windows_starts_every_piece_from_h0():
    vocab = text.Vocabulary()
    model = charmodel.char_model(vocab, 8, seed=0)
    words = "the cat sat by the door."
    one_pass = charmodel.text_loss(model, words, vocab)
    assert charmodel.text_loss(model, words, vocab, window=len(words)) == pytest.approx(one_pass)  # one piece: the same
    codes = vocab.encode(words)  # window 1: every character predicted from the one before it alone, from h_0 = 0
    alone = np.mean([charmodel.text_loss(model, vocab.decode(codes[i : i + 2]), vocab) for i in range(len(codes) - 1)])
    assert charmodel.text_loss(model, words, vocab, window=1) == pytest.approx(alone)
    pieces = [charmodel.text_loss(model, words[:9], vocab), charmodel.text_loss(model, words[8:17], vocab),
              charmodel.text_loss(model, words[16:], vocab)]  # window 8: 8 + 8 + 7 predictions
    assert charmodel.text_loss(model, words, vocab, window=8) == pytest.approx((8 * pieces[0] + 8 * pieces[1] + 7 * pieces[2]) / 23)


@pytest.mark.parametrize("seed", [0, 1])
def test_generated_sentences_have_the_labels_of_the_grammar(seed):
    sentences, labels, forms = sentiment.sentiment_sentences(400, seed=seed)
    assert [sentiment.label_sentence(s) for s in sentences] == labels.tolist()
    assert set(forms.tolist()) == {0, 1, 2, 3}
    assert all(("not" in s.split()) == (f > 0) for s, f in zip(sentences, forms))


def test_swapping_the_judgements_keeps_the_bag_and_flips_the_label():
    pair = ["the game is great, not dull", "the game is dull, not great"]
    counts = sentiment.bag_of_words(pair)
    assert np.array_equal(counts[0], counts[1]) and [sentiment.label_sentence(s) for s in pair] == [1, 0]


def test_sequences_are_padded_at_the_front_so_each_ends_at_the_last_step():
    x = sentiment.encode_sequences(["the film was good", "the film was not very good"])
    assert x.shape == (6, 2, len(sentiment.TOKENS))
    assert x[:2, 0].sum() == 0 and x[2:, 0].sum(axis=1).tolist() == [1, 1, 1, 1]
    assert x[-1, 0].argmax() == x[-1, 1].argmax() == sentiment.INDEX["good"]


@pytest.mark.parametrize("sentence,fragment", [("the film was great!", "unknown word 'great!'"),
                                               ("the film was", "too short"),
                                               ("a film was good", "unknown word 'a'"),
                                               ("the film was good, not great", "opposites"),
                                               ("the film was not not good", "not one of the forms")])
def test_label_sentence_explains_what_the_grammar_cannot_make(sentence, fragment):
    with pytest.raises(ValueError, match=re.escape(fragment)):
        sentiment.label_sentence(sentence)


def test_forecast_windows_are_changes_relative_to_the_last_value():
    s = np.array([1.0, 2.0, 4.0, 7.0, 11.0])
    x, y, last = forecast.forecast_windows(s, 3)
    assert x.shape == (3, 2, 1) and y.shape == (2, 1)
    np.testing.assert_array_equal(x[:, 0, 0], [-3.0, -2.0, 0.0])
    np.testing.assert_array_equal(y[:, 0], [3.0, 4.0])
    np.testing.assert_array_equal(last, [4.0, 7.0])


def test_forecast_windows_reject_a_series_shorter_than_the_window():
    with pytest.raises(ValueError, match="longer than window = 5"):
        forecast.forecast_windows(np.arange(5.0), 5)


def test_series_are_deterministic_from_the_seed():
    np.testing.assert_array_equal(forecast.seasonal_series(50, seed=4), forecast.seasonal_series(50, seed=4))
    np.testing.assert_array_equal(forecast.random_walk(50, seed=4), forecast.random_walk(50, seed=4))
    assert forecast.random_walk(50, seed=4)[0] == 0.0

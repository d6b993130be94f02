"""The text sampler: its state (no display needed), the sampling maths, and the thin view wired to it."""
import html

import numpy as np
import pytest

import rnnlib as rl
from rnnlib.course import charmodel, text, widgets


@pytest.fixture(scope="module")
def model():
    return charmodel.char_model(text.Vocabulary(), hidden_size=8, seed=0)


@pytest.fixture
def state(model):
    return widgets.TextSamplerState(model, text.Vocabulary(), corpus="the cat sat on the mat.", prompt="the ",
                                       length=60)


def test_same_settings_give_the_same_sample_and_a_new_seed_another(state):
    first = state.sample()
    assert len(first) == 60 and state.sample() == first
    state.set_seed(1)
    assert state.sample() != first


def test_sample_uses_only_known_characters(state):
    assert set(state.sample()) <= set(text.ALPHABET)


def test_next_char_distribution_follows_the_temperature(state, model):
    logits = model.forward(text.Vocabulary().one_hot("the "))[0][-1]
    for tau in (0.2, 1.0, 2.5):
        state.set_temperature(tau)
        np.testing.assert_allclose(state.next_char(), rl.softmax(logits / tau))
    state.set_temperature(0.05)
    sharp = state.next_char().max()
    state.set_temperature(3.0)
    assert sharp > state.next_char().max()


def test_low_temperature_picks_the_most_likely_character(model):
    vocab = text.Vocabulary()
    sample = charmodel.sample_text(model, vocab, "the ", 1, temperature=1e-3, seed=0)
    assert sample == vocab.symbols[int(np.argmax(charmodel.next_char_probabilities(model, vocab, "the ")))]


def test_sampling_matches_feeding_the_text_back_in(model):
    """The state carried between draws is the one a forward pass over prompt + sample reaches."""
    vocab = text.Vocabulary()
    sample = charmodel.sample_text(model, vocab, "ab", 5, temperature=0.8, seed=3)
    rng = np.random.default_rng(3)
    full = "ab"
    for _ in range(5):
        p = charmodel.next_char_probabilities(model, vocab, full, temperature=0.8)
        full += vocab.symbols[int(rng.choice(vocab.size, p=p))]
    assert full == "ab" + sample


@pytest.mark.parametrize("prompt,fragment", [("", "empty"), ("the cat, 2", "','"),
                                             ("x" * 81, "81 characters"), (None, "string")])
def test_bad_prompts_keep_the_old_one_and_say_why(state, prompt, fragment):
    assert not state.set_prompt(prompt)
    assert state.prompt == "the " and fragment in state.message
    assert html.escape(fragment) in state.html()


def test_unknown_characters_are_all_named(state):
    state.set_prompt("Hi! 42")
    assert "'!', '4', '2'" in state.message


def test_capitals_are_lower_cased(state):
    assert state.set_prompt("The Cat ") and state.prompt == "the cat "


@pytest.mark.parametrize("setter,value", [("set_temperature", 0.0), ("set_temperature", 5.0), ("set_temperature", "hot"),
                                          ("set_seed", -1), ("set_seed", 1.5), ("set_length", 0), ("set_length", 1000),
                                          ("set_length", True)])
def test_bad_settings_are_refused_with_a_message(state, setter, value):
    before = (state.temperature, state.seed, state.length)
    assert not getattr(state, setter)(value)
    assert state.message and (state.temperature, state.seed, state.length) == before


def test_a_good_input_clears_the_message(state):
    state.set_seed(-5)
    assert state.set_seed(5) and state.message == ""


def test_known_word_share_is_shown_with_a_corpus(state):
    assert "of the whole generated words occur in the training text" in state.html()


def test_known_word_fraction_counts_whole_words_only():
    assert charmodel.known_word_fraction("xx the cat zzz dog yy", "the cat sat.") == pytest.approx(2 / 4)
    assert charmodel.known_word_fraction("one", "the cat") == 0.0


def test_state_rejects_a_vocabulary_of_another_size(model):
    with pytest.raises(ValueError, match="vocab must be the text.Vocabulary"):
        widgets.TextSamplerState(model, text.Vocabulary("abc"))


# ----- the view ---------------------------------------------------------------------------------------
@pytest.fixture
def view(state):
    return widgets.TextSamplerView(state)


def test_view_has_the_css_class_and_named_controls(view):
    assert "text-sampler" in view.box._dom_classes
    assert view.temperature.description == "temperature τ" and "new sample" in view.resample.description


def test_view_controls_change_the_state_and_the_text(view):
    before = view.view.value
    view.temperature.value = 1.5
    assert view.state.temperature == 1.5 and view.view.value != before
    view.length.value = 30
    assert view.state.length == 30
    view.resample.click()
    assert view.seed.value == view.state.seed == 1
    view.prompt.value = "a dog "
    assert view.state.prompt == "a dog " and "<b>a dog </b>" in view.view.value


def test_view_shows_a_message_for_unknown_characters(view):
    view.prompt.value = "héllo"
    assert "&#x27;é&#x27;" in view.view.value and view.state.prompt == "the "


def test_view_has_a_stable_text_repr(view):
    assert view._repr_mimebundle_()["text/plain"].startswith("Text sampler continuing 'the '")

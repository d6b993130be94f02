"""Notebook 08: the attention stepper's state, tested without a display, and the exercise checks."""
import numpy as np
import pytest

import rnnlib as rl
from rnnlib.course import seq2seq
from rnnlib.course.exercises import nb08
from rnnlib.course.widgets import AttentionStepper
from exercise_results import assert_fails, assert_passes


@pytest.fixture(scope="module")
def model():
    return seq2seq.AttentionEncoderDecoder(8, 6, seed=0)  # untrained: the state logic does not need a good model


def test_stepper_decodes_once_and_steps_through_every_output_symbol(model):
    st = AttentionStepper(model, "forty two , seven")
    assert st.T == len(st.symbols) and st.alpha.shape == (st.T, 4) and st.t == 1
    np.testing.assert_allclose(st.alpha.sum(axis=1), 1.0)
    assert np.all((st.probabilities > 0) & (st.probabilities <= 1))
    page1 = st.html()
    assert st.step_forward() or st.T == 1
    assert "forty" in page1 and "step t = 1" in page1
    st.go_to(st.T)
    assert f"step t = {st.T} of T = {st.T}" in st.html() and not st.step_forward()


def test_stepper_rejects_unknown_words_naming_them_and_escaping_the_text(model):
    st = AttentionStepper(model, "seven")
    before = st.T
    assert not st.set_text("forty <b>two</b>")
    assert "'<b>two</b>'" in st.message
    page = st.html()
    assert "&#x27;&lt;b&gt;two&lt;/b&gt;&#x27;" in page and "<b>two</b>" not in page
    assert st.T == before and st.text == "seven"  # the old sentence stays
    assert st.set_text("Seven,Eight") and st.message == "" and st.words == ["seven", ",", "eight"]


@pytest.mark.parametrize("bad, words", [("", "empty"), (12, "string"), ("one " * 40, "30 or fewer"),
                                        ("ab?7 €", "'ab?7'")])
def test_stepper_gives_a_message_not_an_exception_for_bad_input(model, bad, words):
    st = AttentionStepper(model, "one")
    assert not st.set_text(bad) and words in st.message and "rl-message rl-error" in st.html()


def test_stepper_refuses_a_model_without_attention():
    with pytest.raises(TypeError, match="with attention"):
        AttentionStepper(seq2seq.EncoderDecoder(4, seed=0))


def test_view_builds_and_follows_the_text_box(model):
    from rnnlib.course.widgets import AttentionView
    view = AttentionView(AttentionStepper(model, "one , two"))
    assert "rnn-attention" in view.box._dom_classes
    view.text.value = "hundred"
    assert "hundred" in view.view.value and "rl-message rl-error" in view.view.value
    view.text.value = "three , four , five"
    assert view.slider.max == view.state.T and "rl-message rl-error" not in view.view.value


# ----- exercise checks ---------------------------------------------------------------------------------
FAKE = {"by_count": {"plain": np.array([1, .7, .1, .0, 0, 0]), "attention": np.array([1, 1, 1, .99, 1, .99])}}


def test_length_prediction_passes_the_measured_answer_and_fails_the_others():
    assert_passes(nb08.check_length_prediction("attention", FAKE))
    assert_fails(nb08.check_length_prediction("both", FAKE), "'attention'", "plain 0.00")
    assert_fails(nb08.check_length_prediction("transformer", FAKE), "expected one of")
    assert_fails(nb08.check_length_prediction(None, FAKE), "no answer yet")


def test_bidirectional_params_pass_the_count_and_name_the_classic_mistakes():
    right = rl.Bidirectional(rl.GRU(6, 5), rl.GRU(6, 3)).num_params
    assert_passes(nb08.check_bidirectional_params(right))
    assert_passes(nb08.check_bidirectional_params(float(right)))
    assert_fails(nb08.check_bidirectional_params(rl.GRU(6, 5).num_params), "one direction")
    assert_fails(nb08.check_bidirectional_params(2 * rl.GRU(6, 5).num_params), "same hidden size")
    assert_fails(nb08.check_bidirectional_params(right + 1), "got")
    assert_fails(nb08.check_bidirectional_params("294"), "whole number")


def test_attention_weights_pass_a_softmax_of_the_scores_and_diagnose_mistakes():
    W_a, U_a, v, h_prev, s = nb08.attention_inputs()
    e = np.tanh(W_a @ h_prev + s @ U_a.T) @ v
    assert_passes(nb08.check_attention_weights(np.exp(e) / np.exp(e).sum()))
    assert_fails(nb08.check_attention_weights(e), "softmax")
    no_tanh = (W_a @ h_prev + s @ U_a.T) @ v
    assert_fails(nb08.check_attention_weights(np.exp(no_tanh) / np.exp(no_tanh).sum()), "tanh is missing")
    assert_fails(nb08.check_attention_weights(np.ones(5)), "sum to")
    assert_fails(nb08.check_attention_weights(np.ones(4) / 4), "shape")
    assert_fails(nb08.check_attention_weights(np.roll(np.exp(e) / np.exp(e).sum(), 1)), "differs")


@pytest.mark.parametrize("check, wrong, forbidden", [
    (nb08.check_length_prediction, ("plain", FAKE), ['"attention"']),
    (nb08.check_bidirectional_params, (1,), ["294", "195", "99"]),
    (nb08.check_attention_weights, (np.zeros(5),), ["np.", "@"]),
])
def test_hints_deepen_and_never_give_the_answer(check, wrong, forbidden):
    first, second, third = (check(*wrong) for _ in range(3))
    assert first.hint and second.hint and first.hint != second.hint and third.hint == second.hint
    assert not any(f in h for f in forbidden for h in (first.hint, second.hint))


# ----- exercise 4 (mini-project): reversing the source ---------------------------------------------------
def _reversed(pairs):
    return dict(pairs, source=[s[::-1] for s in pairs["source"]])


@pytest.fixture(scope="module")
def small_experiment():
    budget = seq2seq.AttentionEncoderDecoder(24, 24, seed=0).num_params
    return {"params": {"attention": budget}, "test": seq2seq.make_pairs(40, seed=1),
            "by_count": {"plain": np.array([1, .7, .08, 0, 0, 0])}}


@pytest.mark.parametrize("acc, outcome", [
    ([1, .9, .31, .01, 0, 0], "b"),  # what the solutions' model shows
    ([1, .7, .1, 0, 0, 0], "c"),
    ([1, 1, 1, .9, .8, .7], "a"),
    ([1, 1, .9, .4, .2, .1], None),  # between the statements
])
def test_reversal_outcome_reads_the_statement_off_the_accuracies(acc, outcome):
    assert nb08.reversal_outcome(np.array(acc), np.array([1, .7, .08, 0, 0, 0])) == outcome


def test_reversal_check_names_the_classic_mistakes_before_any_model(small_experiment):
    check = nb08.check_reversal
    assert_fails(check(lambda p: None, None, None, small_experiment), "no answer yet")
    assert_fails(check(lambda p: dict(p, source=p["source"][::-1]), None, None, small_experiment),
                 "order of the sentences")
    assert_fails(check(lambda p: dict(_reversed(p), target=[t[::-1] for t in p["target"]]), None, None,
                       small_experiment), "targets changed")
    assert_fails(check(lambda p: (p["source"].reverse(), p)[1], None, None, small_experiment), "changed the pairs")
    assert_fails(check(lambda p: 1 / 0, None, None, small_experiment), "raised ZeroDivisionError")
    assert_fails(check(lambda p: [], None, None, small_experiment), "a dict")


def test_reversal_check_wants_a_trained_plain_model_at_the_budget(small_experiment):
    budget = small_experiment["params"]["attention"]
    assert_fails(nb08.check_reversal(_reversed, seq2seq.AttentionEncoderDecoder(24, 24, seed=0), "b",
                                     small_experiment), "attention model")
    assert_fails(nb08.check_reversal(_reversed, seq2seq.EncoderDecoder(8, seed=0), "b", small_experiment),
                 "parameters")
    untrained = seq2seq.model_for_budget("plain", budget, seed=0)
    assert_fails(nb08.check_reversal(_reversed, untrained, "b", small_experiment), "needs training")
    assert_fails(nb08.check_reversal(_reversed, "model", "b", small_experiment), "expected a trained")


def test_reversal_hints_deepen_and_never_hold_the_code_or_the_answer(small_experiment):
    bad = lambda p: dict(p, source=p["source"][::-1])  # noqa: E731
    first, second = (repr(nb08.check_reversal(bad, None, None, small_experiment)).split("Hint:")[1] for _ in range(2))
    assert first != second
    for hint in (first, second):
        assert "[::-1]" not in hint and "reversed(" not in hint and "'b'" not in hint and "three numbers right" not in hint

"""Notebook 08: every asserted claim, rerun with seeds 0, 1 and 2 (the notebook runs seed 0)."""
import numpy as np
import pytest

from rnnlib.course import deep_rnn, seq2seq, seq2seq_experiments
from rnnlib.course.widgets import AttentionStepper

SEEDS = (0, 1, 2)


@pytest.mark.parametrize("seed", SEEDS)
def test_depth_does_not_help_on_parity_at_an_equal_budget(seed):
    depth = deep_rnn.depth_experiment(seed)
    acc = depth["accuracy"]
    assert abs(depth["params"]["1 layer"] / depth["params"]["2 layers"] - 1) < 0.05
    assert acc["1 layer"][-1] > 0.99 and acc["2 layers"][-1] > 0.99
    assert acc["2 layers"][0] < acc["1 layer"][0]


@pytest.mark.parametrize("seed", SEEDS)
def test_unidirectional_stops_at_the_causal_bound_and_bidirectional_goes_past_it(seed):
    r = deep_rnn.bidirectional_experiment(seed)
    acc, params, bound = r["accuracy"], r["params"], r["bound"]
    assert abs(bound - r["bound_exact"]) < 0.01 and abs(params["unidirectional"] / params["bidirectional"] - 1) < 0.05
    assert bound - 0.03 < acc["unidirectional"] < bound + 0.01
    assert acc["bidirectional"] > 0.99


def test_causal_bound_from_data_matches_the_probabilities():
    _, y, _ = deep_rnn.later_letter_task(200_000, seed=5)
    assert abs(deep_rnn.causal_bound(y)[0] - deep_rnn.causal_bound_exact()) < 0.002


@pytest.fixture(scope="module", params=SEEDS)
def experiment(request):
    return request.param, seq2seq_experiments.bottleneck_experiment(request.param)


@pytest.mark.slow
def test_attention_holds_up_as_the_plain_model_falls_with_length(experiment):
    _, r = experiment
    by_count = r["by_count"]
    assert abs(r["params"]["plain"] / r["params"]["attention"] - 1) < 0.02
    assert by_count["plain"][0] > 0.95 and np.all(by_count["plain"][3:] < 0.1)
    assert np.all(by_count["attention"] > 0.95)
    assert np.all(by_count["attention"][1:] - by_count["plain"][1:] > 0.1)
    train_by_count = seq2seq_experiments.train_accuracy_by_count(r["models"]["plain"], r["train"])
    assert np.all(train_by_count[3:] < 0.15)


@pytest.mark.slow
def test_exposure_bias_and_the_whole_translation_identity(experiment):
    _, r = experiment
    bias = seq2seq_experiments.exposure_bias(r["models"]["plain"], r["test"])
    assert bias["free_running"] < bias["teacher_forced"] - 0.05
    assert bias["after_first_error"] < bias["teacher_forced_there"] - 0.1
    assert bias["all_right_tf"] == bias["all_right_free"]


@pytest.mark.slow
def test_beam_search_finds_more_probable_but_not_more_right_translations(experiment):
    _, r = experiment
    test_300 = {key: value[:300] for key, value in r["test"].items()}
    search = seq2seq_experiments.greedy_vs_beam(r["models"]["plain"], test_300, beam_width=3)
    higher = np.mean(search["logp_beam"] >= search["logp_greedy"] - 1e-9)
    assert search["logp_beam"].mean() > search["logp_greedy"].mean() and higher > 0.9
    assert abs(search["beam"] - search["greedy"]) < 0.03


@pytest.mark.slow
def test_the_alignment_points_at_the_words_the_digits_come_from(experiment):
    _, r = experiment
    stepper = AttentionStepper(r["models"]["attention"], "seventy , thirteen , forty two")
    assert stepper.translation() == "70,13,42"
    looked_at = [stepper.words[s] for s in stepper.alpha.argmax(axis=1)]
    digit_sources = {"7": "seventy", "1": "thirteen", "3": "thirteen", "4": "forty", "2": "two"}
    assert all(w == digit_sources[y] for y, w in zip(stepper.symbols, looked_at) if y in digit_sources)


# ----- the toy translation and the models' own correctness ----------------------------------------------
def test_number_words_and_translations():
    assert seq2seq.number_words(42) == ["forty", "two"] and seq2seq.number_words(20) == ["twenty"]
    assert seq2seq.number_words(13) == ["thirteen"] and seq2seq.number_words(0) == ["zero"]
    assert seq2seq.translate([42, 7, 20]) == ("forty two , seven , twenty", "42,7,20")
    assert all(seq2seq.translate([n])[1] == str(n) for n in range(100))
    pairs = seq2seq.make_pairs(50, seed=3)
    assert all(seq2seq.decode_target(t) == text for t, (_, text) in zip(pairs["target"], pairs["text"]))
    with pytest.raises(ValueError, match="'hundred'"):
        seq2seq.encode_source("one hundred")


@pytest.mark.parametrize("kind", ["plain", "attention"])
def test_encoder_decoder_backward_matches_numerical_gradient(kind):
    import rnnlib as rl
    pairs = seq2seq.make_pairs(8, seed=0, numbers=(2, 2))
    x, y = seq2seq.batches_by_length(pairs, 4, seed=0)(0)[0]
    model = seq2seq.EncoderDecoder(5, seed=0) if kind == "plain" else seq2seq.AttentionEncoderDecoder(5, 4, seed=0)
    w = np.random.default_rng(0).standard_normal((y.shape[0], y.shape[1], len(seq2seq.TARGET_SYMBOLS)))
    logits, cache = model.forward(x)
    grads = model.backward(w, cache)[0]
    # eps = 1e-4: some gradients (W_a) are small here, and a smaller eps would measure rounding, not the backward pass
    errors = rl.check_gradients(lambda: float(np.sum(w * model.forward(x)[0])), model.params, grads, eps=1e-4)
    assert max(errors.values()) < 1e-7, errors


def test_greedy_decoding_step_by_step_equals_teacher_forcing_on_its_own_output():
    model = seq2seq.AttentionEncoderDecoder(6, 5, seed=1)
    src = seq2seq.encode_source("forty two , seven")
    decoded, _ = seq2seq_experiments.greedy_decode(model, [src], max_len=6)
    y = np.append(decoded[0], seq2seq.END)[:, None] if len(decoded[0]) < 6 else decoded[0][:, None]
    logits, _ = model.forward((src[:, None], seq2seq.teacher_inputs(y)))
    assert np.array_equal(logits[:, 0].argmax(axis=-1)[: len(decoded[0])], decoded[0])


def test_beam_search_of_width_one_is_greedy():
    model = seq2seq.EncoderDecoder(8, seed=2)
    sources = [p for p in seq2seq.make_pairs(5, seed=1)["source"]]
    greedy, logp = seq2seq_experiments.greedy_decode(model, sources)
    for src, g, lp in zip(sources, greedy, logp):
        b, blp = seq2seq_experiments.beam_decode(model, src, beam_width=1)
        assert np.array_equal(b, g) and np.isclose(blp, lp)

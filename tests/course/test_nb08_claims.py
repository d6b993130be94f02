"""Notebook 08: the functions behind its claims. The claims themselves (depth, bidirectional, the bottleneck and
the longer-trained plain model, exposure bias, beam search and model errors, the alignment) are asserted in the
notebook on seeds 0, 1 and 2, which strict nbval runs; here: the causal bound, the hand-built parity RNN, the toy
translation, gradient checks, the decoders, the teacher-forced scores and the figures."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from rnnlib.course import deep_rnn, plotting, seq2seq, seq2seq_experiments  # noqa: E402


def test_causal_bound_from_data_matches_the_probabilities():
    _, y, _ = deep_rnn.later_letter_task(200_000, seed=5)
    assert abs(deep_rnn.causal_bound(y)[0] - deep_rnn.causal_bound_exact()) < 0.002


@pytest.mark.parametrize("T", [1, 12, 500])
def test_two_tanh_units_set_by_hand_compute_the_running_parity_at_any_length(T):
    x, y = deep_rnn.parity_task(300, T, seed=T)
    model = deep_rnn.parity_rnn()
    assert model.num_params == 14 and deep_rnn.tag_accuracy(model, x, y) == 1.0
    hs, _ = model.core.forward(x)
    np.testing.assert_allclose((hs[..., 0] - hs[..., 1]) / 2, y, atol=1e-3)  # p_t = (h_1 - h_2) / 2


def test_parity_by_hand_needs_saturated_units():
    x, y = deep_rnn.parity_task(300, 50, seed=1)
    assert deep_rnn.tag_accuracy(deep_rnn.parity_rnn(scale=2.0), x, y) < 0.9  # too soft: the errors grow


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


@pytest.mark.parametrize("kind", ["plain", "attention"])
def test_reference_logp_by_teacher_forcing_equals_stepping_through_the_true_prefix(kind):
    model = seq2seq.EncoderDecoder(6, seed=3) if kind == "plain" else seq2seq.AttentionEncoderDecoder(6, 5, seed=3)
    pairs = seq2seq.make_pairs(7, seed=4)
    expected = []
    for src, target in zip(pairs["source"], pairs["target"]):
        state, k_prev, total = model.start(src[:, None]), seq2seq.END, 0.0
        for k_t in target:  # log p(k_t | k_<t, x), one step at a time, fed the true symbol
            log_p, state, _ = model.step(state, np.array([k_prev]))
            total, k_prev = total + log_p[0, k_t], k_t
        expected.append(total)
    np.testing.assert_allclose(seq2seq_experiments.reference_logp(model, pairs), expected, rtol=1e-10)


def test_exposure_bias_splits_the_positions_after_the_first_mistake_by_output_length():
    model = seq2seq.EncoderDecoder(16, seed=5)
    seq2seq_experiments.train(model, seq2seq.make_pairs(400, seed=7, numbers=(1, 3)), epochs=3, seed=0)  # ~0.1 s
    pairs = seq2seq.make_pairs(60, seed=6, numbers=(1, 3))  # half-trained: outputs of the right length and not
    bias = seq2seq_experiments.exposure_bias(model, pairs)
    frac, every = seq2seq_experiments.teacher_forced_accuracy(model, pairs)
    lengths = np.array([len(t) for t in pairs["target"]])
    assert np.isclose(bias["teacher_forced"], np.sum(frac * lengths) / lengths.sum())
    assert bias["all_right_tf"] == every.mean() and 0 < bias["with_error"] <= 60 and 0 < bias["wrong_length"] < 1
    for name in ("after_first_error", "teacher_forced_there"):  # the whole is a mean of its two parts
        parts = sorted((bias[name + "_same_length"], bias[name + "_wrong_length"]))
        assert parts[0] - 1e-12 <= bias[name] <= parts[1] + 1e-12


def test_accuracy_by_count_scores_the_first_n_sentences_per_number_of_numbers():
    model = seq2seq.EncoderDecoder(6, seed=0)
    pairs = seq2seq.make_pairs(30, seed=2)
    decoded, _ = seq2seq_experiments.greedy_decode(model, pairs["source"][:20])
    sub = {key: value[:20] for key, value in pairs.items()}
    expected = seq2seq_experiments.by_count(seq2seq_experiments.sequence_accuracy(decoded, sub), sub)
    np.testing.assert_array_equal(seq2seq_experiments.accuracy_by_count(model, pairs, n=20), expected)


# ----- figures ------------------------------------------------------------------------------------------
def test_accuracy_vs_length_draws_the_longer_trained_plain_model_in_the_plain_colour():
    pairs = seq2seq.make_pairs(60, seed=0)
    run = {"by_count": {"plain": np.linspace(1, 0, 6), "attention": np.ones(6)},
           "params": {"plain": 98, "attention": 99}, "epochs": 12, "test": pairs}
    fig, ax = plotting.accuracy_vs_length(run, extra_seeds=[run], longer={"epochs": 24, "by_count": [np.ones(6)] * 2})
    labels = [line.get_label() for line in ax.get_lines() if not line.get_label().startswith("_")]
    assert labels == ["plain, 12 epochs (98 params)", "plain, 24 epochs (98 params)",
                      "attention, 12 epochs (99 params)"]
    assert len(ax.get_lines()) == 6  # each model: seed 0 thick, the other seed thin
    colours = {line.get_label(): line.get_color() for line in ax.get_lines()}
    assert colours[labels[0]] == colours[labels[1]] != colours[labels[2]]
    plt.close(fig)


def test_alignment_labels_are_mathtext():
    fig, ax, image = plotting.alignment(np.full((2, 3), 1 / 3), ["a", "b", "c"], ["1", "<end>"])
    assert ax.get_title() == r"Attention weights $\alpha_{t,j}$" and "$k_t$" in ax.get_ylabel()
    assert fig.axes[-1].get_ylabel() == r"$\alpha_{t,j}$"  # the colour bar
    plt.close(fig)


def test_batches_pad_shorter_targets_with_end_and_feed_the_true_previous_symbol():
    pairs = seq2seq.make_pairs(60, seed=0, numbers=(1, 3))
    padded = 0
    for (src, k_prev), k in seq2seq.batches_by_length(pairs, 8, seed=0)(0):
        assert src.shape[1] == k.shape[1] == k_prev.shape[1]
        assert np.all(k_prev[0] == seq2seq.END) and np.array_equal(k_prev[1:], k[:-1])  # teacher forcing
        targets = {tuple(t) for t in pairs["target"]}
        for column in k.T:  # its target, then <end> up to the batch's longest: counted in the loss like the rest
            n = next(n for n in range(1, len(column) + 1) if tuple(column[:n]) in targets)
            assert np.all(column[n:] == seq2seq.END)
            padded += len(column) - n
    assert padded > 0

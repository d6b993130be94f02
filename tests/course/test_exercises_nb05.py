"""Exercise checks of notebook 05: each passes the right answer and fails wrong ones with a hint."""
import numpy as np
import pytest

import rnnlib as rl
from rnnlib.course.exercises import nb05
from exercise_results import assert_fails, assert_passes


# ----- exercise 1: parameter counts ---------------------------------------------------------------------
def right_counts():
    D, H = nb05.D, nb05.H
    return {"rnn": rl.RNN(D, H, seed=0).num_params, "lstm": rl.LSTM(D, H, seed=0).num_params,
            "gru": rl.GRU(D, H, seed=0).num_params}


def test_parameter_counts_pass_rnnlibs_own_counts_and_the_formulas():
    D, H = nb05.D, nb05.H
    assert right_counts() == {"rnn": H * (D + H + 1), "lstm": 4 * H * (D + H + 1), "gru": 3 * H * (D + H + 2)}
    assert_passes(nb05.check_parameter_counts(right_counts()))
    assert_passes(nb05.check_parameter_counts({k: float(v) for k, v in right_counts().items()}))


@pytest.mark.parametrize("change, words", [
    ({"gru": 3 * nb05.H * (nb05.D + nb05.H + 1)}, ["two", "b_x and b_h"]),  # one bias per gate
    ({"lstm": 4 * nb05.H * (nb05.D + nb05.H)}, ["lstm"]),  # no bias
    ({"rnn": nb05.H * (nb05.D + nb05.H)}, ["rnn"]),
    ({"lstm": "5504x"}, ["lstm"]),
])
def test_parameter_counts_fail_when_wrong(change, words):
    assert_fails(nb05.check_parameter_counts(dict(right_counts(), **change)), *words)


@pytest.mark.parametrize("answer, words", [(None, ["no answer yet"]), ({"rnn": 1}, ["keys"]), ([1, 2, 3], ["keys"])])
def test_parameter_counts_fail_on_missing_or_malformed_answers(answer, words):
    assert_fails(nb05.check_parameter_counts(answer), *words)


# ----- exercise 2: the Cho et al. GRU step ---------------------------------------------------------------
def cho_step(x_t, h_prev, params):
    H = h_prev.shape[1]
    W_x, W_h, b_x, b_h = params["W_x"], params["W_h"], params["b_x"], params["b_h"]
    sig = lambda a: 1 / (1 + np.exp(-a))  # noqa: E731
    r = sig(x_t @ W_x[:H].T + b_x[:H] + h_prev @ W_h[:H].T + b_h[:H])
    z = sig(x_t @ W_x[H:2 * H].T + b_x[H:2 * H] + h_prev @ W_h[H:2 * H].T + b_h[H:2 * H])
    n = np.tanh(x_t @ W_x[2 * H:].T + b_x[2 * H:] + (r * h_prev) @ W_h[2 * H:].T + b_h[2 * H:])
    return (1 - z) * n + z * h_prev


def test_cho_step_passes_a_right_implementation():
    assert_passes(nb05.check_cho_gru_step(cho_step))


def test_cho_step_names_the_pytorch_form_when_given_it():
    assert_fails(nb05.check_cho_gru_step(lambda x, h, p: rl.gru_step_forward(x, h, p)[0]), "PyTorch", "after the matmul")


@pytest.mark.parametrize("step, words", [
    (None, ["no answer yet"]),
    ("not a function", ["expected a function"]),
    (lambda x, h, p: 1 / 0, ["ZeroDivisionError"]),
    (lambda x, h, p: cho_step(x, h, p)[:, :2], ["shape"]),
    (lambda x, h, p: 1 - cho_step(x, h, p), ["differs"]),
])
def test_cho_step_fails_wrong_answers_without_raising(step, words):
    assert_fails(nb05.check_cho_gru_step(step), *words)


# ----- exercise 4: one LSTM step from the stacked weights --------------------------------------------------
def lstm_step(x_t, h_prev, c_prev, params, order="ifgo", squash_cell=True):
    H = h_prev.shape[1]
    a = x_t @ params["W_x"].T + h_prev @ params["W_h"].T + params["b"]  # (B, 4H)
    block = {name: a[:, k * H:(k + 1) * H] for k, name in enumerate(order)}
    i, f, g, o = rl.sigmoid(block["i"]), rl.sigmoid(block["f"]), np.tanh(block["g"]), rl.sigmoid(block["o"])
    c_t = f * c_prev + i * g
    return o * (np.tanh(c_t) if squash_cell else c_t), c_t


def test_lstm_step_passes_a_right_implementation():
    assert_passes(nb05.check_lstm_step(lstm_step))


@pytest.mark.parametrize("order, words", [
    ("ifog", ["i, f, o, g", "rnnlib stacks them i, f, g, o"]),  # the classic mix-up of g and o
    ("figo", ["f, i, g, o"]),
])
def test_lstm_step_names_the_gate_order_it_was_given(order, words):
    assert_fails(nb05.check_lstm_step(lambda x, h, c, p: lstm_step(x, h, c, p, order=order)), *words)


@pytest.mark.parametrize("step, words", [
    (None, ["no answer yet"]),
    ("not a function", ["expected a function"]),
    (lambda x, h, c, p: 1 / 0, ["ZeroDivisionError"]),
    (lambda x, h, c, p: lstm_step(x, h, c, p)[0], ["the pair (h_t, c_t)"]),
    (lambda x, h, c, p: lstm_step(x, h, c, p)[::-1], ["swapped"]),
    (lambda x, h, c, p: lstm_step(x, h, c, p, squash_cell=False), ["not o_t * c_t"]),
    (lambda x, h, c, p: (lstm_step(x, h, c, p)[0][:, :2], lstm_step(x, h, c, p)[1]), ["shape"]),
    (lambda x, h, c, p: (lstm_step(x, h, c, p)[0], 2 * lstm_step(x, h, c, p)[1]), ["c_t differs"]),
])
def test_lstm_step_fails_wrong_answers_without_raising(step, words):
    assert_fails(nb05.check_lstm_step(step), *words)


# ----- exercise 3: hold one bit for 200 steps ------------------------------------------------------------
def bit_cell(b_f=10.0, b_i=-10.0, w_flag=20.0, w_g=3.0, b_o=10.0):
    cell = rl.LSTM(2, 1, seed=0)
    for p in cell.params.values():
        p[...] = 0.0
    cell.gate("f")["b_f"][...] = b_f
    cell.gate("i")["W_xi"][...] = [[0.0, w_flag]]
    cell.gate("i")["b_i"][...] = b_i
    cell.gate("g")["W_xg"][...] = [[w_g, 0.0]]
    cell.gate("o")["b_o"][...] = b_o
    return cell


def test_bit_memory_passes_a_hand_set_cell_and_the_bit_can_be_negated():
    assert_passes(nb05.check_bit_memory(bit_cell()))
    assert_passes(nb05.check_bit_memory(bit_cell(w_g=-3.0)))  # storing a 1 as a negative h is fine too


@pytest.mark.parametrize("cell, words", [
    (bit_cell(b_f=2.0), ["lost by step"]),  # the forget gate lets c fade
    (bit_cell(b_i=10.0), ["lost by step"]),  # the input gate lets the noise in
    (bit_cell(w_flag=0.0, b_i=-10.0), ["does not get in"]),  # the input gate never opens
    (bit_cell(b_o=-10.0), ["does not get in"]),  # the output gate hides c
    (rl.LSTM(2, 1, seed=0), ["does not get in"]),  # untouched random weights
])
def test_bit_memory_fails_cells_that_forget_with_a_diagnosis(cell, words):
    assert_fails(nb05.check_bit_memory(cell), *words)


@pytest.mark.parametrize("cell, words", [
    (None, ["no answer yet"]),
    (rl.LSTM(1, 1, seed=0), ["rl.LSTM(2, 1)"]),
    (rl.LSTM(2, 2, seed=0), ["rl.LSTM(2, 1)"]),
    (rl.GRU(2, 1, seed=0), ["rl.LSTM(2, 1)"]),
])
def test_bit_memory_fails_the_wrong_kind_of_cell(cell, words):
    assert_fails(nb05.check_bit_memory(cell), *words)


def test_bit_memory_fails_nan_weights():
    cell = bit_cell()
    cell.gate("f")["b_f"][...] = np.nan
    assert_fails(nb05.check_bit_memory(cell), "NaN")


def test_bit_sequences_write_the_bit_once_then_noise():
    x = nb05.bit_sequences(np.array([1, 0]), T=50, seed=3)
    assert x.shape == (50, 2, 2)
    np.testing.assert_array_equal(x[0], [[1, 1], [-1, 1]])
    assert (x[1:, :, 1] == 0).all() and np.abs(x[1:, :, 0]).max() <= 1 and x[1:, :, 0].std() > 0.3
    with pytest.raises(ValueError, match="0s and 1s"):
        nb05.bit_sequences(np.array([2]))


# ----- exercise 5 (mini-project): an update-gate bias for the GRU -----------------------------------------
def test_update_gate_bias_outcome_measures_a_fresh_gru_against_the_fresh_lstm():
    out = nb05.update_bias_outcome(2.0)
    assert out["lstm"] > 1e-7 and out["gru_unbiased"] < 1e-15  # T = 100: the LSTM with b_f = 1 keeps far more
    assert out["gru"] > out["lstm"] and 0.8 < out["z_mean"] < 0.95
    assert out["written"] == pytest.approx(1 - out["z_mean"])
    assert nb05.update_bias_outcome(0.0)["gru"] == pytest.approx(out["gru_unbiased"])
    assert nb05.update_bias_outcome(1.0)["gru"] < out["lstm"]  # the LSTM's own bias is not enough for the GRU


@pytest.mark.parametrize("bias", [2.0, 3, np.float64(4.0)])
def test_update_gate_bias_passes_a_bias_that_keeps_as_much_as_the_lstm_and_still_writes(bias):
    res = nb05.check_update_gate_bias(bias)
    assert_passes(res)
    assert "LSTM with b_f = 1" in res.message and "forget gate" in res.message


@pytest.mark.parametrize("bias, words", [
    (-2.0, ["wrong way round", "z_t near 0", "follow the candidate n_t"]),  # the classic mistake: the sign
    (0.0, ["sigmoid(0) = 0.5"]),
    (1.0, ["right direction", "keeps less than the LSTM"]),
    (8.0, ["frozen", "smaller bias"]),  # keeps everything because it writes nothing
    (None, ["no answer yet"]),
    ("2", ["expected one number"]),
    (True, ["expected one number"]),
    (float("nan"), ["finite"]),
])
def test_update_gate_bias_fails_with_a_message_for_each_mistake(bias, words):
    assert_fails(nb05.check_update_gate_bias(bias), *words)


# ----- predict first (section 5): which fresh layer keeps the most of ||dh_T/dh_0|| ---------------------------
# The measured numbers of seeds 0 and 1 (section 5's table): the layer that keeps the least differs, the answer not.
@pytest.mark.parametrize("at_zero", [{"RNN": 5.3e-08, "GRU": 1.1e-10, "LSTM": 7.1e-04},
                                     {"RNN": 3.0e-12, "GRU": 1.1e-09, "LSTM": 1.2e-03}])
def test_fresh_gradient_prediction_passes_the_layer_that_keeps_the_most(at_zero):
    res = nb05.check_fresh_gradient_prediction("LSTM", at_zero)
    assert_passes(res)
    assert "b_f = 1" in res.message and "depends on the seed" in res.message
    for wrong in ("RNN", "GRU"):
        assert_fails(nb05.check_fresh_gradient_prediction(wrong, at_zero), "you predicted", "'LSTM'")


def test_fresh_gradient_prediction_reads_the_measurement_not_a_fixed_answer():
    measured = {"RNN": 1e-8, "GRU": 1e-2, "LSTM": 1e-3}
    assert_passes(nb05.check_fresh_gradient_prediction("GRU", measured))
    assert_fails(nb05.check_fresh_gradient_prediction("lstm", measured), "expected one of")

"""Notebook 05: exercise checks (LSTM and GRU gates)."""
from itertools import permutations

import numpy as np

from ...nn.functional import sigmoid
from ...nn.gru import GRU, gru_step_forward
from ...nn.lstm import LSTM, lstm_step_forward
from ...nn.checks import rng_from
from ..gates import gate_values, state_gradient_norms
from ..tasks import adding_problem
from ..variants import cho_gru_step_forward
from . import CheckResult, result
from ._answers import as_int, function_problem, not_answered, prediction_result

# Exercise 1: layer sizes for the parameter counts.
D, H = 10, 32
# Exercise 3: the bit must still be readable from h_T after T steps, for every noise sequence tried.
BIT_STEPS, BIT_MARGIN, BIT_TRIALS = 200, 0.5, 16
# Exercise 5: fresh layers of this size on one adding-problem sequence of this length (seed 0, as the notebook's).
UPDATE_STEPS, UPDATE_HIDDEN, UPDATE_SEED = 100, 16, 0


def check_parameter_counts(counts):
    """Exercise 1. `counts`: {"rnn": ..., "lstm": ..., "gru": ...}, the parameters of each layer (no read-out)
    with input size D = 10 and hidden size H = 32, as rnnlib defines them."""
    name = "parameter counts of RNN, LSTM and GRU"
    hint = ("Each gate is one small dense layer over x_t and h_{t-1}: count one block and how many blocks each "
            "layer has.",
            "One block has an (H, D) input matrix, an (H, H) recurrent matrix and a bias of H numbers; the LSTM has "
            "4 blocks, the GRU 3 with two biases each (b_x and b_h), the RNN 1.")
    if counts is None:
        return not_answered(name)
    if not isinstance(counts, dict) or set(counts) != {"rnn", "lstm", "gru"}:
        return result(name, False, "", 'expected a dict with the keys "rnn", "lstm" and "gru"', hint)
    got = {k: as_int(v) for k, v in counts.items()}
    right = {"rnn": H * (D + H + 1), "lstm": 4 * H * (D + H + 1), "gru": 3 * H * (D + H + 2)}
    if got["gru"] == 3 * H * (D + H + 1) and got["gru"] != right["gru"]:
        return result(name, False, "", f"GRU: {got['gru']} counts one bias per gate; rnnlib's GRU has two "
                      "(b_x and b_h: the reset gate multiplies only the recurrent part W_hn h + b_hn)", hint)
    wrong = [k for k in right if got[k] != right[k]]
    return result(name, not wrong,
                  f"RNN {right['rnn']:,}, LSTM {right['lstm']:,} (4x), GRU {right['gru']:,} (about 3x).",
                  "not yet right: " + ", ".join(f"{k} (got {counts[k]!r})" for k in wrong), hint)


def cho_inputs(seed=5):
    """Exercise 2's test inputs: x_t (3, 4), h_prev (3, 6) and GRU params in rnnlib's layout (D = 4, H = 6)."""
    rng = rng_from(seed)
    D_, H_, B_ = 4, 6, 3
    params = {"W_x": rng.normal(size=(3 * H_, D_)), "W_h": rng.normal(size=(3 * H_, H_)),
              "b_x": rng.normal(size=3 * H_), "b_h": rng.normal(size=3 * H_)}
    return rng.normal(size=(B_, D_)), rng.normal(size=(B_, H_)), params


def check_cho_gru_step(step):
    """Exercise 2. `step(x_t, h_prev, params) -> h_t`: one step of the GRU of Cho et al. (2014), with the
    reset gate applied to h_{t-1} before the matmul, n_t = tanh(W_xn x_t + b_xn + W_hn (r_t * h_{t-1}) + b_hn)."""
    name = "the Cho et al. (2014) GRU step"
    hint = ("Only the candidate n_t differs from rnnlib's GRU: where does the reset gate act on the previous state?",
            "r_t and z_t are as in rl.gru_step_forward (the blocks are stacked r, z, n); for n_t multiply h_{t-1} "
            "by r_t before the recurrent matrix W_hn, then add b_hn.")
    problem = function_problem(name, step, "step(x_t, h_prev, params)", hint)
    if problem is not None:
        return problem
    x_t, h_prev, params = cho_inputs()
    try:
        h_t = np.asarray(step(x_t.copy(), h_prev.copy(), {k: v.copy() for k, v in params.items()}), dtype=float)
    except Exception as exc:  # the learner's code may fail in any way: report it, never raise
        return result(name, False, "", f"your function raised {type(exc).__name__}: {exc}", hint)
    right = cho_gru_step_forward(x_t, h_prev, params)[0]
    if h_t.shape != right.shape:
        return result(name, False, "", f"expected h_t of shape {right.shape} (B, H); got {h_t.shape}", hint)
    ours = gru_step_forward(x_t, h_prev, params)[0]
    H_ = h_prev.shape[1]
    z_rows = slice(H_, 2 * H_)  # the blocks are stacked r, z, n
    z = sigmoid(x_t @ params["W_x"][z_rows].T + params["b_x"][z_rows] + h_prev @ params["W_h"][z_rows].T
                + params["b_h"][z_rows])
    n = (right - z * h_prev) / (1 - z)  # the reference's candidate n_t, recovered from its h_t
    if np.allclose(h_t, z * n + (1 - z) * h_prev):
        return result(name, False, "", "z_t and 1 - z_t are swapped: in this course z_t is the share of h_{t-1} "
                      "that is kept, h_t = (1 - z_t) n_t + z_t h_{t-1}", hint)
    if np.allclose(h_t, ours) and not np.allclose(h_t, right):
        return result(name, False, "", "this is rnnlib's (PyTorch's) GRU: r_t multiplies W_hn h_{t-1} + b_hn "
                      "after the matmul; in Cho et al. it multiplies h_{t-1} before it", hint)
    return result(name, np.allclose(h_t, right), "matches variants.cho_gru_step_forward.",
                  f"h_t differs from the reference by up to {np.abs(h_t - right).max():.3g}", hint)


def bit_sequences(bits, T=BIT_STEPS, seed=0):
    """Inputs for exercise 3: store a bit at step 1, then read it after T steps of noise.

    x_t = (value, write flag): at step 1, value = +1 for bit 1 and -1 for bit 0 and the flag is 1; at steps
    2..T the value is noise drawn from U(-1, 1) and the flag is 0.
    Args:
        bits: (B,) of 0s and 1s; T: sequence length; seed: for the noise.
    Returns:
        x: (T, B, 2).
    """
    bits = np.asarray(bits)
    if bits.ndim != 1 or not np.isin(bits, (0, 1)).all():
        raise ValueError(f"bits must be a 1-D array of 0s and 1s; got {bits!r}")
    x = np.zeros((T, bits.size, 2))
    x[0, :, 0] = 2.0 * bits - 1.0
    x[0, :, 1] = 1.0
    x[1:, :, 0] = rng_from(seed).uniform(-1.0, 1.0, size=(T - 1, bits.size))
    return x


def bit_gap(cell, T=BIT_STEPS, trials=BIT_TRIALS, seed=0):
    """How well h_t separates the two bit values at every step: the gap between the two groups.

    Runs `cell` on `trials` noise sequences for each bit value (the same noise for both) and returns, for
    t = 1..T, min over bit-1 runs of h_t minus max over bit-0 runs, or the same with the bits swapped,
    whichever is larger (a cell may store a 1 as a negative h): (T,) array. A gap > 0 means a threshold on
    h_t reads the bit.
    """
    bits = np.repeat([1, 0], trials)
    x = bit_sequences(bits, T, seed)
    x[1:, trials:, 0] = x[1:, :trials, 0]  # the same noise after a 1 and after a 0
    hs = cell.forward(x)[0][:, :, 0]  # (T, 2 * trials)
    ones, zeros = hs[:, :trials], hs[:, trials:]
    return np.maximum(ones.min(axis=1) - zeros.max(axis=1), zeros.min(axis=1) - ones.max(axis=1))


def check_bit_memory(cell):
    """Exercise 3. `cell`: an rl.LSTM(2, 1) whose hand-set weights store the bit given at step 1 (see
    `bit_sequences`) and still show it in h_200, for every noise sequence tried: the gap between the
    h_200 of the two bit values must be at least 0.5."""
    name = "a cell that holds one bit for 200 steps"
    hint = ("A bit is kept when, after it is in, the cell forgets nothing and writes nothing new: which gate does "
            "each of those?",
            "Through the cell.gate(...) views, starting from all zeros: a forget gate held open by a large bias, an "
            "input gate opened only by the write flag, a candidate that follows the value, an output gate open.")
    if cell is None:
        return not_answered(name)
    if not isinstance(cell, LSTM) or cell.input_size != 2 or cell.hidden_size != 1:
        return result(name, False, "", f"expected rl.LSTM(2, 1) (input: value and write flag; one unit); got {cell!r}",
                      hint)
    if not all(np.isfinite(p).all() for p in cell.params.values()):
        return result(name, False, "", "some weights are NaN or inf", hint)
    gap = bit_gap(cell)
    if gap[-1] >= BIT_MARGIN:
        return CheckResult(name, True, f"after {BIT_STEPS} steps of noise the two bit values are still "
                           f"{gap[-1]:.2f} apart in h_T (gap at t = 1: {gap[0]:.2f}).")
    if gap[0] < BIT_MARGIN:
        why = (f"the bit does not get in: at t = 1 the gap is only {gap[0]:.2f}. Check the input gate at the "
               "write step, the candidate g and the output gate.")
    else:
        lost = int(np.argmax(gap < BIT_MARGIN)) + 1
        why = (f"the bit gets in (gap {gap[0]:.2f} at t = 1) but is lost by step {lost} (gap {gap[-1]:.2f} at "
               f"t = {BIT_STEPS}): either the forget gate lets c fade or the input gate lets the noise in.")
    return CheckResult(name, False, why, hint)


def lstm_inputs(seed=6):
    """Exercise 4's test inputs: x_t (3, 4), h_prev and c_prev (3, 5), and LSTM params in rnnlib's layout."""
    rng = rng_from(seed)
    D_, H_, B_ = 4, 5, 3
    params = {"W_x": rng.normal(size=(4 * H_, D_)), "W_h": rng.normal(size=(4 * H_, H_)), "b": rng.normal(size=4 * H_)}
    return rng.normal(size=(B_, D_)), rng.normal(size=(B_, H_)), rng.normal(size=(B_, H_)), params


def _lstm_step_with_order(x_t, h_prev, c_prev, params, order):
    """The LSTM step of a learner who reads the four blocks of a_t as the gates `order` (e.g. "ifog")."""
    a = x_t @ params["W_x"].T + h_prev @ params["W_h"].T + params["b"]  # (B, 4H)
    blocks = dict(zip(order, np.split(a, 4, axis=1)))
    i, f, g, o = sigmoid(blocks["i"]), sigmoid(blocks["f"]), np.tanh(blocks["g"]), sigmoid(blocks["o"])
    c_t = f * c_prev + i * g
    return o * np.tanh(c_t), c_t


def check_lstm_step(step):
    """Exercise 4. `step(x_t, h_prev, c_prev, params) -> (h_t, c_t)`: one LSTM step from the stacked parameters
    W_x (4H, D), W_h (4H, H), b (4H,), the gates stacked i, f, g, o as the cell diagram's strip shows."""
    name = "one LSTM step from the stacked weights"
    hint = ("Follow the diagram: one product gives the four pre-activations at once, and the strip under the cell "
            "says which block of them belongs to which gate.",
            "a_t = W_x x_t + W_h h_{t-1} + b has 4H numbers, blocks i, f, g, o of H each; sigma on i, f, o and tanh on "
            "g; then c_t = f_t * c_{t-1} + i_t * g_t and h_t = o_t * tanh(c_t).")
    problem = function_problem(name, step, "step(x_t, h_prev, c_prev, params)", hint)
    if problem is not None:
        return problem
    x_t, h_prev, c_prev, params = lstm_inputs()
    try:
        out = step(x_t.copy(), h_prev.copy(), c_prev.copy(), {k: v.copy() for k, v in params.items()})
    except Exception as exc:  # the learner's code may fail in any way: report it, never raise
        return result(name, False, "", f"your function raised {type(exc).__name__}: {exc}", hint)
    if not isinstance(out, tuple) or len(out) != 2:
        return result(name, False, "", "return the pair (h_t, c_t)", hint)
    h_t, c_t = (np.asarray(v, dtype=float) for v in out)
    right_h, right_c, cache = lstm_step_forward(x_t, h_prev, c_prev, params)
    if h_t.shape != right_h.shape or c_t.shape != right_c.shape:
        return result(name, False, "", f"expected h_t and c_t of shape {right_h.shape} (B, H); got {h_t.shape} "
                      f"and {c_t.shape}", hint)
    if np.allclose(h_t, right_h) and np.allclose(c_t, right_c):
        return result(name, True, "matches rl.lstm_step_forward.", "", hint)
    if np.allclose(h_t, right_c) and np.allclose(c_t, right_h):
        return result(name, False, "", "h_t and c_t are swapped: return (h_t, c_t)", hint)
    for order in ("".join(p) for p in permutations("ifgo")):
        if order != "ifgo" and np.allclose((h_t, c_t), _lstm_step_with_order(x_t, h_prev, c_prev, params, order)):
            return result(name, False, "", f"you read the blocks of a_t as {', '.join(order)}; rnnlib stacks them "
                          "i, f, g, o (the strip under the cell diagram), so your gates get each other's weights", hint)
    if np.allclose(c_t, right_c) and np.allclose(h_t, cache["o"] * right_c):
        return result(name, False, "", "c_t is right but h_t is not: h_t = o_t * tanh(c_t), not o_t * c_t", hint)
    if np.allclose(c_t, right_c):
        return result(name, False, "", "c_t is right but h_t is not: the output gate shows tanh(c_t), "
                      "h_t = o_t * tanh(c_t)", hint)
    return result(name, False, "", f"c_t differs from rl.lstm_step_forward's by up to {np.abs(c_t - right_c).max():.3g}",
                  hint)


LAYER_CHOICES = ("RNN", "GRU", "LSTM")


def check_fresh_gradient_prediction(prediction, at_zero):
    """Predict first. `prediction`: which fresh layer ("RNN", "GRU" or "LSTM" with b_f = 1) keeps the MOST of
    ||dh_T/dh_0|| over the 50 steps of section 1's sequence; `at_zero`: {layer: ||dh_T/dh_0||} as measured.
    (The answer does not depend on the seed: notebook 05's section 5 measures seeds 0, 1 and 2. Which layer keeps
    the least does: the GRU on seed 0, the RNN on seed 1.)"""
    name = "predict: which fresh layer keeps the most gradient"
    hint = ("A gate helps only where it is open. What does a fresh gate's sigmoid give when its weights are small "
            "and its bias is zero, and does any of the three layers start with a bias that changes that?",
            "Compare what each layer's most direct path multiplies the gradient by per step: the GRU's z_t (about 0.5 "
            "when fresh), the LSTM's f_t (sigmoid of b_f when the weights are small) and the RNN's "
            "diag(1 - h^2) W_hh (small entries at the default start); then take each to the 50th power.")
    if prediction is None:
        return not_answered(name)
    right = max(at_zero, key=at_zero.get)
    measured = ", ".join(f"{k} {v:.1e}" for k, v in at_zero.items())
    why = {"LSTM": "The LSTM starts with b_f = 1, so f_t is about 0.73 and along the cell the gradient is multiplied "
                   "only by f_t; a fresh GRU's update gate is about 0.5 (no bias opens it), and the RNN multiplies by "
                   "diag(1 - h^2) W_hh. Which of those two keeps less depends on the seed. Gates are a way to learn "
                   "to keep a gradient, and the LSTM's bias gives it a head start.",
           "GRU": "The GRU's direct path h_t = ... + z_t * h_{t-1} kept more than the others on this sequence.",
           "RNN": "The RNN's diag(1 - h^2) W_hh kept more than the gated paths on this sequence."}
    return prediction_result(name, prediction, LAYER_CHOICES, right, measured, why, hint)


def update_bias_outcome(bias, T=UPDATE_STEPS, seed=UPDATE_SEED):
    """Exercise 5: what one update-gate bias does to a fresh GRU, measured against a fresh LSTM with b_f = 1.

    Both layers are fresh, rl.GRU(2, 16, seed=seed) and rl.LSTM(2, 16, seed=seed), on one sequence of
    tasks.adding_problem(T, 1, seed=seed). The GRU's update gate gets the bias: b_xz = bias for every unit and
    b_hz = 0, so that the constant part of a_z = W_xz x_t + b_xz + W_hz h_{t-1} + b_hz is exactly `bias`
    (as the LSTM's b_f = 1 replaces its random start).
    Args:
        bias: float; T: the sequence length; seed: for both layers and the sequence.
    Returns:
        dict: gru and lstm, ||dh_T/dh_0|| of each (`gates.state_gradient_norms`); gru_unbiased, the same GRU's
        norm with bias 0; z_mean, the GRU's z_t averaged over steps and units; written, the mean of 1 - z_t (the
        share of the candidate n_t that enters h_t per step).
    """
    x = adding_problem(T, 1, seed=seed)[0][:, 0]  # (T, 2): one sequence

    def gru_with(b):
        layer = GRU(2, UPDATE_HIDDEN, seed=seed)
        z_gate = layer.gate("z")  # views W_xz, W_hz, b_xz, b_hz
        z_gate["b_xz"][...], z_gate["b_hz"][...] = b, 0.0
        return layer

    gru = gru_with(bias)
    z = gate_values(gru, x)["z"]  # (T, H)
    if (T, seed) not in _REFERENCE:  # the two layers every bias is compared with, measured once per (T, seed)
        _REFERENCE[T, seed] = (float(state_gradient_norms(LSTM(2, UPDATE_HIDDEN, seed=seed), x)["h"][0]),
                               float(state_gradient_norms(gru_with(0.0), x)["h"][0]))
    lstm, unbiased = _REFERENCE[T, seed]
    return {"gru": float(state_gradient_norms(gru, x)["h"][0]), "lstm": lstm, "gru_unbiased": unbiased,
            "z_mean": float(z.mean()), "written": float((1 - z).mean())}


_REFERENCE = {}  # (T, seed) -> (the fresh LSTM's ||dh_T/dh_0||, the unbiased GRU's), for update_bias_outcome


def check_update_gate_bias(bias):
    """Exercise 5 (mini-project). `bias`: one number, the update-gate bias of every unit of a fresh
    rl.GRU(2, 16). Passes when, over the T = 100 steps of `update_bias_outcome`'s sequence, the GRU keeps at least
    as much of ||dh_T/dh_0|| as the fresh LSTM with its forget bias b_f = 1, and still writes: 1 - z_t averages at
    least 1/T, so that within T steps an input can get into the state. The check measures both itself."""
    name = "mini-project: an update-gate bias that keeps the GRU's gradient"
    hint = ("In this course's GRU, which value of z_t keeps h_{t-1}, and where does a sigmoid sit when its "
            "pre-activation is large and positive, or large and negative?",
            "Along the direct path every step multiplies the gradient by z_t, so over T steps the product of the "
            "z_t decides, and a bias moves every z_t the same way. Keep 1 - z_t above 1/T on average, or the state "
            "no longer takes anything in.")
    if bias is None:
        return not_answered(name)
    if isinstance(bias, bool) or not isinstance(bias, (int, float, np.integer, np.floating)):
        return result(name, False, "", f"expected one number, the bias of every unit's update gate; got "
                      f"{type(bias).__name__}", hint)
    bias = float(bias)
    if not np.isfinite(bias):
        return result(name, False, "", f"the bias must be a finite number; got {bias}", hint)
    out = update_bias_outcome(bias)
    T = UPDATE_STEPS
    measured = (f"with b_z = {bias:g}, ||dh_T/dh_0|| over T = {T} is {out['gru']:.1e} for the GRU "
                f"({out['gru_unbiased']:.1e} without a bias) and {out['lstm']:.1e} for the LSTM with b_f = 1; "
                f"z_t averages {out['z_mean']:.3f}, so the GRU writes {out['written']:.1%} of its candidate per step")
    if out["gru"] >= out["lstm"] and out["written"] >= 1 / T:
        return result(name, True, measured + ". The update gate is this GRU's forget gate: a bias that opens it "
                      "lets the direct path h_t = ... + z_t * h_{t-1} carry the gradient, as b_f does for the LSTM.",
                      "", hint)
    if bias < 0:
        return result(name, False, "", measured + ". The sign is the wrong way round: in rnnlib's GRU h_t = z_t * "
                      "h_{t-1} + (1 - z_t) * n_t, so a z_t near 0 makes h_t follow the candidate n_t and drop "
                      "h_{t-1}, and the gradient shrinks faster than with no bias at all. (Texts that swap z and "
                      "1 - z, such as Chung et al. 2014, would want this sign.)", hint)
    if out["written"] < 1 / T:
        return result(name, False, "", measured + f", less than 1/T = {1 / T:.0%}: the state is frozen. The "
                      "gradient survives only because h_t hardly changes, and an input can no longer get in "
                      "within T steps: choose a smaller bias.", hint)
    if bias == 0:
        return result(name, False, "", measured + ": a bias of 0 leaves z_t near sigmoid(0) = 0.5, the fresh GRU "
                      "of section 5 that keeps the least of the three.", hint)
    return result(name, False, "", measured + ": the right direction, but the GRU still keeps less than the "
                  "LSTM; open its update gate further.", hint)

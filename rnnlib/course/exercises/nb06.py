"""Notebook 06: exercise checks (RNN vs CNN)."""
import numpy as np

from ...nn.conv1d import Conv1D, receptive_field, receptive_field_paths
from . import result
from ._answers import as_array, as_int, not_answered, prediction_result

# Exercise 1: a stack of five causal convolutions.
K1, DILATIONS1 = 3, (1, 2, 4, 8, 16)
# Exercise 3: four layers with kernel size 2 that must see every one of the last 16 inputs.
K3, LAYERS3, SPAN3 = 2, 4, 16
# Exercise 4: one Conv1D layer.
C_IN4, C_OUT4, K4, D4 = 8, 16, 3, 4


def check_receptive_field(r):
    """Exercise 1. The receptive field of 5 causal convolutions with k = 3 and dilations 1, 2, 4, 8, 16."""
    name = "receptive field of a dilated stack"
    hint = ("Each layer with kernel size k and dilation d lets an output see (k - 1) d more steps into the past.",
            "Add up what every layer adds, and count the output's own step too.")
    if r is None:
        return not_answered(name)
    right = receptive_field(K1, DILATIONS1)
    given, r = r, as_int(r)
    if r is None:
        return result(name, False, "", f"expected a whole number of steps; got {given!r}", hint)
    if r == right - 1:
        return result(name, False, "", f"{r} is one short: the output's own step t counts too", hint)
    return result(name, r == right, f"r = 1 + {K1 - 1} * {sum(DILATIONS1)} = {right} steps from five layers.",
                  f"got {r}", hint)


def conv_inputs():
    """The inputs of exercise 2: x (T,) one channel, taps w (k,), bias b and dilation d."""
    rng = np.random.default_rng(6)
    return rng.standard_normal(12).round(2), np.array([0.5, -1.0, 2.0]), 0.1, 2


def check_causal_conv(y):
    """Exercise 2. y_t = b + sum_j w_j x_{t - j d} (x_s = 0 before the first step), for the inputs of `conv_inputs()`."""
    name = "a causal dilated convolution by hand"
    hint = ("A causal convolution at step t mixes x_t and earlier inputs only, spaced d steps apart.",
            "y_t = b + sum_j w_j x_{t - j d}, with x_s = 0 before the first step: one shifted copy of x per tap, "
            "added up, with no loop over t needed.")
    if y is None:
        return not_answered(name)
    x, w, b, d = conv_inputs()
    y, why = as_array(y, x.shape)
    if y is None:
        return result(name, False, "", why, hint)
    layer = Conv1D(1, 1, len(w), dilation=d)
    layer.params["W"][:, 0, 0], layer.params["b"][:] = w, b
    right = layer.forward(x[:, None])[0][:, 0]  # (T,)
    future = np.zeros_like(x)
    for j in range(len(w)):  # the same taps looking forwards instead: the usual mistake
        future[: len(x) - j * d] += w[j] * x[j * d :]
    if np.allclose(y, future + b):
        return result(name, False, "", "your y_t uses later inputs x_{t + j d}: a causal convolution looks back", hint)
    worst = float(np.max(np.abs(y - right)))
    return result(name, worst < 1e-9, "matches rl.Conv1D: one shifted copy of x per tap, no loop over t.",
                  f"differs from rl.Conv1D by up to {worst:.3g}", hint)


def check_full_coverage(dilations):
    """Exercise 3. Dilations for 4 layers with k = 2 whose last output sees every one of the last 16 inputs."""
    name = "dilations without holes"
    hint = ("With k = 2 each layer either skips d_l steps back or not, so the output reaches the steps that are "
            "sums of some of the dilations. Which four numbers make every sum 0..15 possible?")
    if dilations is None:
        return not_answered(name)
    if isinstance(dilations, (str, bytes)) or not hasattr(dilations, "__len__"):
        return result(name, False, "", f"give a list of {LAYERS3} whole numbers; got {dilations!r}", hint)
    ds = [as_int(d) for d in dilations]
    if len(ds) != LAYERS3 or any(d is None or d < 1 for d in ds):
        return result(name, False, "", f"give exactly {LAYERS3} whole numbers >= 1; got {list(dilations)!r}", hint)
    seen = receptive_field_paths(K3, ds, SPAN3 + 40, SPAN3 + 39)[0][-SPAN3:] > 0  # the last 16 inputs
    holes = [f"x_(t-{SPAN3 - 1 - i})" for i in np.flatnonzero(~seen)[::-1]]  # the nearest first
    listed = ", ".join(holes[:4]) + (" ..." if len(holes) > 4 else "")
    return result(name, not holes, f"dilations {ds}: the output sees all of x_(t-15)..x_t, each by exactly one path.",
                  f"with dilations {ds} the output cannot see {listed}", hint)


def check_conv_params(count):
    """Exercise 4. Parameters of Conv1D(in_channels=8, out_channels=16, kernel_size=3, dilation=4)."""
    name = "parameters of a convolution"
    hint = ("Count the numbers in the layer's weights and in its bias: which of the layer's settings do they depend on?",
            "The weights hold one number per (output channel, tap, input channel), the bias one per output "
            "channel; the dilation only says where the taps read.")
    if count is None:
        return not_answered(name)
    right = Conv1D(C_IN4, C_OUT4, K4, dilation=D4).num_params
    given, count = count, as_int(count)
    if count is None:
        return result(name, False, "", f"expected a whole number; got {given!r}", hint)
    if count == right - C_OUT4:
        return result(name, False, "", f"{count} is missing the {C_OUT4} biases", hint)
    return result(name, count == right, f"{right} = {K4} * {C_OUT4} * {C_IN4} + {C_OUT4}; the dilation changes "
                  "which inputs are read, not how many weights there are.", f"got {count}", hint)


MEMORY_CHOICES = ("GRU", "TCN", "both", "neither")


def check_memory_prediction(prediction, sweep):
    """Exercise 5 (predict, then run). `prediction`: which of the two models of `rnn_vs_cnn.memory_length_sweep`
    names the key at T = 32 after 4 epochs (test accuracy above 0.95): one of MEMORY_CHOICES. `sweep`: the
    sweep the notebook ran, so the check compares with what was measured."""
    name = "predict: who remembers at T = 32"
    hint = ("Think about what each model needs in order to carry the key across 31 distractor steps: one a long "
            "enough receptive field, the other a state that training has taught to hold the key.",
            "The TCN's receptive field grows with T by design; the GRU's memory has to be found by gradient "
            "descent, through 31 steps of the chain of Jacobians of notebook 04, in 4 epochs.")
    k = list(sweep["seq_lens"]).index(32)
    solved = [m for m in ("GRU", "TCN") if sweep["accuracy"][m][4][k] > 0.95]
    right = {(): "neither", ("GRU",): "GRU", ("TCN",): "TCN", ("GRU", "TCN"): "both"}[tuple(solved)]
    measured = "test accuracy at T = 32 after 4 epochs: " + ", ".join(
        f"{m} {sweep['accuracy'][m][4][k]:.2f}" for m in ("GRU", "TCN"))
    why = {"TCN": "The TCN sees all 32 steps by construction; the GRU has to learn to hold the key through 31 "
                  "steps, and 4 epochs were not enough for it.", "both": "Both carried the key this far.",
           "GRU": "The GRU learnt to hold the key; the TCN did not.", "neither": "Neither carried the key this far."}
    return prediction_result(name, prediction, MEMORY_CHOICES, right, measured, why, hint)

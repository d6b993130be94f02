"""Notebook 06: exercise checks (RNN vs CNN)."""
import numpy as np

from ...nn.conv1d import Conv1D, receptive_field, receptive_field_paths
from . import result
from ._answers import as_array, as_fraction, as_int, not_answered, prediction_result

# Exercise 1: a stack of five causal convolutions.
K1, DILATIONS1 = 3, (1, 2, 4, 8, 16)
# Exercise 3: three layers with kernel size 3 that must see every one of the last 27 inputs (the notebook's
# worked example, drawn in its receptive-field section, is k = 2 with dilations 1, 2, 4, 8: not an answer).
K3, LAYERS3, SPAN3 = 3, 3, 27
WORKED_EXAMPLE = (1, 2, 4, 8)
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


def _dilations_or_problem(name, dilations, layers, hint):
    """The learner's dilations as a list of ints, or (None, the result that says what is wrong with them)."""
    if isinstance(dilations, (str, bytes)) or not hasattr(dilations, "__len__"):
        return None, result(name, False, "", f"give a list of {layers} whole numbers; got {dilations!r}", hint)
    ds = [as_int(d) for d in dilations]
    if any(d is None or d < 1 for d in ds):
        return None, result(name, False, "", f"every dilation must be a whole number >= 1; got {list(dilations)!r}",
                            hint)
    return ds, None


def _holes(kernel_size, dilations, span):
    """The inputs among the last `span` that the last output of the stack cannot see, nearest first, as text."""
    seen = receptive_field_paths(kernel_size, dilations, span + 40, span + 39)[0][-span:] > 0
    return [f"x_(t-{span - 1 - i})" for i in np.flatnonzero(~seen)[::-1]]


def check_full_coverage(dilations):
    """Exercise 3. Dilations for 3 layers with k = 3 whose last output sees every one of the last 27 inputs."""
    name = "dilations without holes"
    hint = ("With kernel size 3 a layer of dilation d lets a path step back 0, d or 2d steps, so the output reaches "
            "the offsets that are sums of one such step per layer. Three layers give 3 x 3 x 3 = 27 ways to choose "
            "the steps, and 27 offsets must be reached: no two ways may land on the same offset.",
            "With k = 2 every offset was a sum of distinct dilations, as every number is a sum of distinct powers "
            "of two. Here each dilation may be used 0, 1 or 2 times: write each offset from 0 to 26 with three "
            "digits that are each 0, 1 or 2, and read off what each digit must be worth.")
    if dilations is None:
        return not_answered(name)
    ds, problem = _dilations_or_problem(name, dilations, LAYERS3, hint)
    if problem is not None:
        return problem
    if sorted(ds) == sorted(WORKED_EXAMPLE):
        return result(name, False, "", f"that is the worked example of the section on the receptive field (k = 2, "
                      f"four layers, 16 steps); this exercise asks for k = {K3}, {LAYERS3} layers, {SPAN3} steps", hint)
    if len(ds) != LAYERS3:
        return result(name, False, "", f"give exactly {LAYERS3} dilations, one per layer; got {len(ds)}", hint)
    r = receptive_field(K3, ds)
    if r < SPAN3:
        return result(name, False, "", f"with dilations {ds} the output sees r = 1 + {K3 - 1} * {sum(ds)} = {r} "
                      f"inputs at most, fewer than {SPAN3}", hint)
    holes = _holes(K3, ds, SPAN3)
    listed = ", ".join(holes[:4]) + (" ..." if len(holes) > 4 else "")
    return result(name, not holes, f"dilations {ds}: every offset 0..26 is reached by exactly one of the 27 choices "
                  "of taps, as a number has exactly one way to be written in base 3.",
                  f"with dilations {ds} the output cannot see {listed}: the {K3 ** LAYERS3} choices of taps reach at "
                  f"most {K3 ** LAYERS3} offsets, and some of yours land on the same offset or beyond x_(t-{SPAN3 - 1})",
                  hint)


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
    """Predict first (section 4). `prediction`: which of the two models of `rnn_vs_cnn.memory_length_sweep`
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


# Exercise 5 (mini-project): a TCN for the memory task at T = 64.
K5, SPAN5, MIN_LAYERS5, NUM_SYMBOLS5 = 3, 64, 4, 4  # 3 layers of k = 3 reach at most 1 + 2 * 13 = 27 < 64 inputs


def check_tcn_design(model):
    """Exercise 5 (mini-project). A trained `rl.TCN` with kernel size 3 for `rnn_vs_cnn.memory_task` at T = 64:
    its last output sees every input, it has the fewest layers that can, no more parameters than the GRU of the
    memory experiment, and it names the key on fresh test sequences (accuracy above 0.95). Checked on the outcome:
    any dilations and any training that achieve it pass."""
    from ...nn.convnets import TCN
    from ..rnn_vs_cnn import memory_models, memory_task

    name = "mini-project: a TCN that remembers 64 steps"
    hint = ("Three things decide: the last output must see x_1 (the receptive field and its holes), each layer you "
            "add costs parameters, and the weights must be trained until the key is read out.",
            "Each layer of kernel size k multiplies the number of tap choices by k, so L layers can reach at most "
            "k^L different offsets: find the smallest L with enough, then choose dilations that waste none of the "
            "choices near the output, as in exercise 3.")
    if model is None:
        return not_answered(name)
    D, K = 2 * NUM_SYMBOLS5, NUM_SYMBOLS5
    if not isinstance(model, TCN):
        return result(name, False, "", f"expected an rl.TCN; got {type(model).__name__}", hint)
    if model.input_size != D or model.head.params["W"].shape[0] != K or not model.many_to_one:
        return result(name, False, "", f"the memory task needs rl.TCN({D}, channels, {K}, ..., many_to_one=True): "
                      f"{D} input features, {K} classes, one answer after the last step", hint)
    if model.kernel_size != K5:
        return result(name, False, "", f"this project fixes kernel_size={K5}; got {model.kernel_size}", hint)
    holes = _holes(K5, model.dilations, SPAN5)
    if holes:
        return result(name, False, "", f"with dilations {list(model.dilations)} the last output cannot see "
                      f"{len(holes)} of the {SPAN5} inputs ({', '.join(holes[:3])}{' ...' if len(holes) > 3 else ''}): "
                      f"the project asks for all {SPAN5}", hint)
    if len(model.dilations) > MIN_LAYERS5:
        return result(name, False, "", f"it sees all {SPAN5} inputs, with {len(model.dilations)} layers; fewer will "
                      "do", hint)
    budget = memory_models(num_symbols=K)["GRU"].num_params
    if model.num_params > budget:
        return result(name, False, "", f"{model.num_params} parameters, more than the GRU's {budget}: use fewer "
                      "channels", hint)
    x_test, y_test = memory_task(SPAN5, 1000, NUM_SYMBOLS5, seed=np.random.default_rng([6, 64]))
    acc = float(np.mean(model.forward(x_test)[0].argmax(-1) == y_test))
    return result(name, acc > 0.95, f"{len(model.dilations)} layers, dilations {list(model.dilations)}, receptive "
                  f"field {model.receptive_field}, {model.num_params} parameters (the GRU: {budget}); test accuracy "
                  f"{acc:.3f} on 1000 fresh sequences.",
                  f"the design is right ({len(model.dilations)} layers, no holes, {model.num_params} parameters), but "
                  f"the trained model names the key on only {acc:.3f} of fresh sequences (chance {1 / K:.2f}): train "
                  "it longer, or from another seed (a run can stall with some keys still confused)", hint)


# Exercise 6 (predict, run, explain): the GRU of section 4 at T = 64, trained for 40 epochs instead of 12.
SEQ6, EPOCHS6, SWEEP_EPOCHS6, STEPS_PER_EPOCH6, HIDDEN6 = 64, 40, 12, 2000 // 50, 20


def check_longer_training(prediction, model, history, accuracy_40):
    """Exercise 6. `prediction`: the learner's guess of the test accuracy (0 to 1), written before training;
    `model`: the GRU of `rnn_vs_cnn.memory_length_sweep` (rl.GRU(8, 20), read out after the last step), trained
    on `rnn_vs_cnn.memory_task(64, 2000, ...)` for 40 epochs with the experiments' `train_classifier`; `history`:
    what the training returned (its number of steps says how many epochs ran); `accuracy_40`: the learner's own
    measurement on fresh sequences. The check measures the model again, on 1000 fresh sequences of its own, and
    passes when the training and the reported number are right, whatever accuracy the run reached."""
    from ...nn.gru import GRU
    from ...nn.models import SequenceModel
    from ..classify import accuracy
    from ..rnn_vs_cnn import memory_task

    name = "predict, run, explain: the GRU at T = 64 with more training"
    hint = ("Keep everything of section 4's GRU as it was (the model, the data, the optimizer and its settings) and "
            "change only the number of epochs; then score it on sequences it never saw, of the same length.",
            f"2000 training sequences in minibatches of 50 make {STEPS_PER_EPOCH6} steps per epoch, so the history of "
            f"{EPOCHS6} epochs has {EPOCHS6} times as many entries; the accuracy is the share of fresh test sequences "
            "whose largest logit is the key, a number between 0 and 1.")
    if prediction is None and model is None and history is None and accuracy_40 is None:
        return not_answered(name)
    guess = as_fraction(prediction)
    if guess is None:
        return result(name, False, "", "predict first: write your guess of the test accuracy after "
                      f"{EPOCHS6} epochs as a number from 0 to 1 (a fraction, not a percentage); got {prediction!r}",
                      hint)
    if not (isinstance(model, SequenceModel) and isinstance(model.core, GRU) and model.many_to_one):
        return result(name, False, "", "expected the GRU of section 4: an rl.SequenceModel around an rl.GRU, "
                      f"read out after the last step (many_to_one=True); got {type(model).__name__}", hint)
    if model.core.input_size != 2 * NUM_SYMBOLS5 or model.core.hidden_size != HIDDEN6 or \
            model.head.params["W"].shape[0] != NUM_SYMBOLS5:
        return result(name, False, "", f"section 4's GRU reads {2 * NUM_SYMBOLS5} features with {HIDDEN6} hidden "
                      f"units and answers one of {NUM_SYMBOLS5} keys; yours has {model.core.input_size} inputs, "
                      f"{model.core.hidden_size} units and {model.head.params['W'].shape[0]} outputs: another "
                      "budget is another experiment", hint)
    steps = len(history["loss"]) if isinstance(history, dict) and "loss" in history else None
    if steps is None:
        return result(name, False, "", "expected the history that the training returned (a dict with a 'loss' "
                      f"list, one entry per step); got {type(history).__name__}", hint)
    if steps == SWEEP_EPOCHS6 * STEPS_PER_EPOCH6:
        return result(name, False, "", f"{steps} steps are the sweep's {SWEEP_EPOCHS6} epochs, which section 4 "
                      f"already measured; the question is what {EPOCHS6} epochs do", hint)
    if steps != EPOCHS6 * STEPS_PER_EPOCH6:
        epochs = f"{steps // STEPS_PER_EPOCH6} epochs" if steps % STEPS_PER_EPOCH6 == 0 else "not a whole number of epochs"
        return result(name, False, "", f"the history has {steps} training steps ({epochs} of 2000 sequences in "
                      f"minibatches of 50); {EPOCHS6} epochs are {EPOCHS6 * STEPS_PER_EPOCH6}", hint)
    reported = as_fraction(accuracy_40)
    if reported is None:
        return result(name, False, "", f"expected the test accuracy you measured, a number from 0 to 1; got "
                      f"{accuracy_40!r}", hint)
    if np.isclose(reported, history["loss"][-1]):
        return result(name, False, "", f"{reported:.3f} is the last training loss, not an accuracy: score the "
                      "model on fresh test sequences", hint)
    x_test, y_test = memory_task(SEQ6, 1000, NUM_SYMBOLS5, seed=np.random.default_rng([6, SEQ6]))
    measured = accuracy(model, x_test, y_test)
    if abs(reported - measured) > 0.05:
        return result(name, False, "", f"you report {reported:.3f}, but this model names the key on {measured:.3f} "
                      f"of 1000 fresh sequences of length {SEQ6}: measure the trained model itself, on fresh test "
                      f"sequences of length {SEQ6} (not the training set, not another T)", hint)
    chance = 1 / NUM_SYMBOLS5
    if measured > 0.95:
        verdict = (f"In section 4, after {SWEEP_EPOCHS6} epochs, this GRU was at chance at T = {SEQ6} on every "
                   "seed; with more training it names the key, so on this seed its failure there was one of training "
                   "time, not of how far back it can remember. Compare that with the 4 epochs the TCN was given.")
    elif measured > chance + 0.1:
        verdict = (f"The run has left chance ({chance:.2f}) but has not learnt the key in {EPOCHS6} epochs: look at "
                   "the last losses of its history to see whether it is still falling.")
    else:
        verdict = (f"The run is still at chance ({chance:.2f}) after {EPOCHS6} epochs: on this seed more training "
                   "has not found the memory yet; look at the losses in its history, and try another seed.")
    return result(name, True, f"{EPOCHS6} epochs ({steps} steps); test accuracy {measured:.3f} on 1000 fresh "
                  f"sequences (you measured {reported:.3f}; you predicted {guess:.2f}). {verdict}", "", hint)

"""Notebook 02: exercise checks (unrolling through time)."""
import numpy as np

from ...nn.rnn import RNN
from . import result
from ._answers import as_array, as_int, not_answered, shapes_result

# Exercise 1: SequenceModel(RNN(D, H), K) applied to sequences of several lengths.
D, H, K, LENGTHS = 28, 32, 28, (5, 50, 500)
# Exercise 2: a batch x of shape (T, B, D_USE) and a read-out of size K_USE.
T_USE, B_USE, D_USE, K_USE = 6, 4, 3, 2


def check_param_count_vs_T(counts):
    """Exercise 1. `counts`: {T: number of parameters} for T in (5, 50, 500), model SequenceModel(RNN(28, 32), 28)."""
    name = "parameters do not grow with T"
    hint = ("Does the size of any parameter depend on how long the sequence is?",
            "Add up the sizes of the five arrays of the model (input, recurrent and output matrices and two biases) "
            "for each T asked; write the same total for each.")
    if counts is None:
        return not_answered(name)
    right = H * D + H * H + H + K * H + K
    if not isinstance(counts, dict) or set(counts) != set(LENGTHS):
        return result(name, False, "", f"expected a dict with the keys {LENGTHS}", hint)
    got = {T: as_int(n) for T, n in counts.items()}
    return result(name, all(n == right for n in got.values()),
                  f"{right:,} parameters for every T: the same weights are used at every step.",
                  f"got {got}", hint)


def check_shapes_of_use(shapes):
    """Exercise 2. Output shapes for x of shape (6, 4, 3) and K = 2: {"many_to_one", "many_to_many", "one_to_many"}.

    one_to_many: a single input per sequence, (B, D), given at step 1 with zeros after it; the model produces
    T = 6 outputs.
    """
    name = "shapes of use"
    hint = ("For each use ask: is there an output at every step, or only after the last one?",
            "Only a read-out at every step keeps the time axis; whether the input is one vector or a sequence "
            "does not change the shape of what comes out.")
    right = {"many_to_one": (B_USE, K_USE), "many_to_many": (T_USE, B_USE, K_USE), "one_to_many": (T_USE, B_USE, K_USE)}
    return shapes_result(name, shapes, right, hint, "right: only many-to-one loses the time axis.")


def unroll_inputs():
    """Exercise 3's inputs: an RNN layer (D=3, H=4, seed 7) and one sequence x of shape (T=5, D=3)."""
    layer = RNN(3, 4, seed=7)
    return layer, np.random.default_rng(7).normal(size=(5, 3))


def check_unrolled(hs):
    """Exercise 3. `hs`: (5, 4), the states h_1..h_5 you computed with a loop of `layer.step_forward`."""
    name = "unrolling by hand"
    hint = ("Unrolling is one step applied T times, each step's new state fed to the next as its previous state.",
            "Start from the zero state, call the layer's one-step method for each t in order, keep every new "
            "state, and stack them into a (T, H) array.")
    if hs is None:
        return not_answered(name)
    layer, x = unroll_inputs()
    a, why = as_array(hs, (5, 4))
    if a is None:
        return result(name, False, "", why + " (T = 5 steps, H = 4 units)", hint)
    right = layer.forward(x)[0]
    if np.allclose(a[0], right[0]) and not np.allclose(a, right):
        return result(name, False, "", "h_1 is right but later steps are not: is each step's h fed into the next?", hint)
    return result(name, np.allclose(a, right), "your loop gives exactly layer.forward(x): unrolling is just the loop.",
                  "these states differ from layer.forward(x)", hint)

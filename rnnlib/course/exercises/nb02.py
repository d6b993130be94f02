"""Notebook 02: exercise checks (unrolling through time): a prediction about lengths never trained on, a scalar RNN
worked by hand, and which shape of use each task needs."""
import numpy as np

from . import result
from ._answers import as_array, not_answered, prediction_result

# Predict first: the model of section 3 is trained on sequences of TRAIN_T steps and tested at TEST_T.
TRAIN_T, TEST_T = 10, (10, 50, 200)
# Exercise 1: the scalar RNN h_t = tanh(w h_{t-1} + u x_t), h_0 = 0, over the inputs X.
W, U, X = 0.5, 1.0, (1.0, 0.0, 0.0)
# Exercise 2: the five shapes of use (the names of rnnlib.course.plotting.shapes_of_use.SHAPES) and four tasks.
SHAPES = ("one_to_one", "one_to_many", "many_to_one", "many_to_many", "encoder_decoder")
TASKS = {"sentiment": "many_to_one", "tagging": "many_to_many", "captioning": "one_to_many",
         "translation": "encoder_decoder"}


def check_length_prediction(prediction, accuracy):
    """Predict first. `prediction`: "as good" or "worse", the accuracy at T = 50 and 200 of a model trained on
    T = 10, against its accuracy at T = 10; `accuracy`: what the notebook then measured, {10: ..., 50: ..., 200: ...}."""
    name = "predict the accuracy at unseen lengths"
    hint = ("What in the model depends on the sequence length? Look at its parameter count again.",
            "The same weights apply the same rule at every step; ask whether the task's rule at step 150 is any "
            "different from its rule at step 5.")
    if prediction is None:
        return not_answered(name)
    if not isinstance(accuracy, dict) or set(accuracy) != set(TEST_T):
        return result(name, False, "", f"accuracy must be the notebook's dict with the keys {TEST_T}; run the cell "
                                       "that measures it first", hint)
    held = min(accuracy[T] for T in TEST_T[1:]) >= accuracy[TRAIN_T] - 0.02
    measured = ", ".join(f"{accuracy[T]:.3f} at T = {T}" for T in TEST_T)
    why = {"as good": "The weights encode one rule applied at every step, 'name the symbol seen two steps ago', and "
                      "that rule is the same at step 5 and at step 150: nothing in the model knows how long the "
                      "sequence is. (A rule that changes with the length would not carry over.)",
           "worse": "The rule learnt on short sequences does not hold at the longer ones: the model applies the same "
                    "step everywhere, so it generalises in length only when the task's rule is the same at every step."}
    return prediction_result(name, prediction, tuple(why), "as good" if held else "worse", measured, why, hint)


def scalar_rnn(w=W, u=U, x=X, *, activation=np.tanh, h_0=0.0):
    """h_1..h_T of the scalar RNN h_t = activation(w h_{t-1} + u x_t), starting from h_0 (a list)."""
    h, states = h_0, []
    for x_t in x:
        h = activation(w * h + u * x_t)
        states.append(float(h))
    return states


def _mistakes():
    """(states, message) of the classic mistakes on exercise 1, checked in this order."""
    right = scalar_rnn()
    twice_after = scalar_rnn(activation=lambda a: np.tanh(np.tanh(a)))
    twice_before = []  # tanh applied to h_{t-1} again before it is weighed: tanh(w tanh(h_{t-1}) + u x_t)
    h = 0.0
    for x_t in X:
        h = np.tanh(W * np.tanh(h) + U * x_t)
        twice_before.append(float(h))
    tanh_once = [right[0], W * right[0], W * W * right[0]]
    return [
        ([0.0, *right[:2]], "your first number is h_0 = 0, the starting state: the answer is h_1, h_2, h_3"),
        (scalar_rnn(activation=lambda a: a), "these are w h_{t-1} + u x_t without the tanh: the tanh is missing"),
        (tanh_once, "h_1 is right, but h_2 and h_3 are missing their tanh: every step applies it"),
        (twice_after, "tanh is applied twice at each step: h_t = tanh(a_t) once, with a_t = w h_{t-1} + u x_t"),
        (twice_before, "tanh is applied twice: h_{t-1} is already a tanh output, so it is weighed as it is"),
        (scalar_rnn(w=0.0), "h_2 and h_3 are 0: the previous state was not fed back (w h_{t-1} is part of every step)"),
        (scalar_rnn(w=U, u=W), "w and u are swapped: w = 0.5 weighs the previous state, u = 1 the input"),
        (scalar_rnn(x=X[::-1]), "the inputs are read in the wrong order: x_1 = 1 comes first"),
    ]


def check_scalar_rnn(hs):
    """Exercise 1. `hs`: the three states (h_1, h_2, h_3) of h_t = tanh(w h_{t-1} + u x_t) with w = 0.5, u = 1,
    x = (1, 0, 0) and h_0 = 0, worked by hand (a calculator or np.tanh for the tanh); 3 decimals are enough."""
    name = "a scalar RNN by hand"
    hint = ("Each step starts from the state the step before produced; the first step starts from h_0 = 0, and only "
            "the first input is not zero.",
            "Apply the step equation three times in order: h_1 from h_0 and x_1, h_2 from h_1 and x_2, h_3 from h_2 "
            "and x_3; the tanh is applied once per step, to the whole weighted sum.")
    if hs is None:
        return not_answered(name)
    a, why = as_array(hs, (3,))
    if a is None:
        return result(name, False, "", why + " (three numbers: h_1, h_2, h_3)", hint)
    right = scalar_rnn()
    if np.allclose(a, right, atol=2e-3):
        return result(name, True, f"h = ({right[0]:.3f}, {right[1]:.3f}, {right[2]:.3f}): x_1 echoes through w, "
                      "and each step shrinks the echo (w = 0.5, and tanh squeezes), so the memory of x_1 fades step "
                      "by step: the short-term memory of a plain RNN, which notebook 04 measures.", "")
    for states, message in _mistakes():
        if np.allclose(a, states, atol=2e-3):
            return result(name, False, "", message, hint)
    return result(name, False, "", "these are not the states h_1, h_2, h_3 of this RNN", hint)


def check_shapes_of_tasks(shapes):
    """Exercise 2. `shapes`: {"sentiment", "tagging", "captioning", "translation"} -> one of SHAPES."""
    name = "which shape for which task"
    hint = ("For each task ask: is the input one thing or a sequence, and is the output one thing, one per input "
            "step, or a sequence of its own length?",
            "Count the outputs: one label per review, one tag per word, a sentence per image, and a sentence whose "
            "length and order need not follow its source.")
    if shapes is None:
        return not_answered(name)
    if not isinstance(shapes, dict) or set(shapes) != set(TASKS):
        got = sorted(shapes) if isinstance(shapes, dict) else type(shapes).__name__
        return result(name, False, "", f"expected a dict with the keys {sorted(TASKS)}; got {got}", hint)
    unknown = {task: shape for task, shape in shapes.items() if shape not in SHAPES}
    if unknown:
        return result(name, False, "", f"each value must be one of {SHAPES}; got {unknown}", hint)
    named = {  # (task, wrong shape) -> why that shape does not fit
        ("translation", "many_to_many"): "many-to-many aligned puts one output at each input step, in the input's "
                                         "order; a translation has its own length and word order",
        ("tagging", "encoder_decoder"): "a tag belongs to its word, at the word's own step: the outputs line up "
                                        "with the inputs, nothing has to wait for the end",
        ("sentiment", "many_to_many"): "a review gets one label, and only after its last word is it known",
        ("captioning", "many_to_many"): "an image is one input, not a sequence",
        ("captioning", "encoder_decoder"): "an image is one input, not a sequence to encode step by step",
    }
    wrong = [task for task in TASKS if shapes[task] != TASKS[task]]
    reasons = [named[(task, shapes[task])] for task in wrong if (task, shapes[task]) in named]
    return result(name, not wrong, "sentiment is many-to-one (07), tagging many-to-many aligned (08's taggers), "
                  "captioning one-to-many (one image, then a sentence), translation an encoder-decoder (08).",
                  f"not yet right: {', '.join(wrong)}" + (f" ({'; '.join(reasons)})" if reasons else ""), hint)

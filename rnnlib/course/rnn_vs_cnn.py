"""Notebook 06: the experiments of RNN vs CNN, as functions, so that the notebook can run each one for seeds 0, 1
and 2 and assert its claims on the worst seed (tests/course/test_nb06_07_claims.py tests the functions).

1. `image_learning_curves`: letters in noisy images. A small CNN against a GRU that reads the rows, with the test
   accuracy after every epoch (`accuracy_after_epochs`: one training run, tested as it goes).
2. `memory_experiment`: remember the first symbol of a sequence (a one-symbol copy-memory task, after
   Bai, Kolter & Koltun 2018). A GRU against a TCN whose receptive field is too short, and the same TCN
   with dilations that cover the whole sequence: same parameter count, different receptive field.
3. `memory_length_sweep`: the same task at T = 16, 32, 64, the GRU against a TCN whose receptive field grows
   with T, at an equal parameter budget, each tested after several numbers of epochs of one training run.
4. `time_forward`: wall time of a forward pass against T, for an RNN layer and a Conv1D layer.
"""
import time

import numpy as np

from ..nn.convnets import ImageCNN, TCN
from ..nn.conv1d import Conv1D
from .classify import accuracy, train_classifier
from .glyphs import GLYPHS, glyph_images, rows_as_sequence
from ..nn.gru import GRU
from ..nn.models import SequenceModel
from ..nn.rnn import RNN, rnn_step_forward
from .tasks import one_hot
from ..nn.checks import check_positive_int, rng_from


def memory_task(seq_len, batch_size, num_symbols=4, *, seed=None):
    """Remember the first symbol: the target is the key shown at step 1, asked for after step T.

    x_t has 2K features. At t = 1 the key (one of K symbols) is one-hot in features 0..K-1; at every
    later step a random distractor symbol is one-hot in features K..2K-1 (the key features stay 0).
    The answer depends on x_1 only, so a model whose last output cannot see x_1 can only guess (1/K).

    Args:
        seq_len: T >= 2; batch_size: B; num_symbols: K >= 2; seed: int or Generator.
    Returns:
        x: (T, B, 2K) float64; y: (B,) int64, the key of each sequence.
    """
    T, B = check_positive_int(seq_len, "seq_len"), check_positive_int(batch_size, "batch_size")
    K = check_positive_int(num_symbols, "num_symbols")
    if T < 2 or K < 2:
        raise ValueError(f"seq_len and num_symbols must both be >= 2; got seq_len={T}, num_symbols={K}")
    symbols = rng_from(seed).integers(0, K, size=(T, B))
    x = np.concatenate([np.zeros((T, B, K)), one_hot(symbols, K)], axis=2)  # distractors in features K..2K-1
    x[0] = 0.0
    x[0, :, :K] = one_hot(symbols[0], K)  # the key, at t = 1 only
    return x, symbols[0]


def accuracy_after_epochs(model, x, y, x_test, y_test, epochs, *, seed, batch_axis=0, batch_size=50):
    """Train `model` once with `train_classifier` for max(epochs) epochs and measure its test accuracy after each
    number of epochs in `epochs` (increasing). Nothing in the training depends on the total number of epochs, so
    the accuracy after e epochs is the accuracy of a model trained for e epochs from the start.

    Returns:
        (len(epochs),) test accuracies, in the order of `epochs`.
    """
    epochs = tuple(epochs)
    if not epochs or any(check_positive_int(e, "each number of epochs") <= p for p, e in zip((0,) + epochs, epochs)):
        raise ValueError(f"epochs must be increasing whole numbers >= 1; got {epochs}")
    steps_per_epoch = -(-len(y) // batch_size)
    checkpoints = {e * steps_per_epoch for e in epochs}
    acc = []

    def after_step(step, loss):
        if step in checkpoints:
            acc.append(accuracy(model, x_test, y_test))

    train_classifier(model, x, y, epochs=epochs[-1], seed=seed, batch_axis=batch_axis, batch_size=batch_size,
                     progress=after_step)
    return np.array(acc)


def image_learning_curves(seed=0, *, num_train=2000, num_test=1000, epochs=16):
    """A CNN and a GRU that reads rows, with about the same number of parameters, on `glyph_images`, trained for
    `epochs` epochs, with the test accuracy after every epoch.

    CNN: ImageCNN(16 x 16, channels (8, 16)); RNN: a GRU (D = 16 pixels per row, H = 14) over T = 16 rows,
    read out after the last row. Both get the same data, optimizer and number of steps; the test images are fresh.
    Returns:
        dict with "epochs" (1..epochs), "accuracy" {"CNN": (epochs,), "GRU over rows": (epochs,)}, "params",
        "seed".
    """
    images, labels = glyph_images(num_train, seed=rng_from(seed))
    test_images, test_labels = glyph_images(num_test, seed=np.random.default_rng([seed, 1]))
    K = len(GLYPHS)
    models = {"CNN": (ImageCNN((16, 16), K, channels=(8, 16), seed=seed), images, test_images, 0),
              "GRU over rows": (SequenceModel(GRU(16, 14, seed=seed), K, many_to_one=True, seed=seed),
                                rows_as_sequence(images), rows_as_sequence(test_images), 1)}
    curves = {name: accuracy_after_epochs(model, x, labels, x_test, test_labels, range(1, epochs + 1), seed=seed,
                                          batch_axis=axis)
              for name, (model, x, x_test, axis) in models.items()}
    return {"epochs": np.arange(1, epochs + 1), "accuracy": curves,
            "params": {name: m[0].num_params for name, m in models.items()}, "seed": seed}


MEMORY_MODELS = ("GRU", "CNN", "dilated CNN")


def memory_models(seq_len=16, num_symbols=4, *, seed=0):
    """The three models of the memory experiment, with about the same number of parameters.

    GRU (H = 20); CNN: TCN with k = 2, dilations (1, 1, 1, 1), receptive field 5; dilated CNN: the same
    TCN with dilations (1, 2, 4, 8), receptive field 16 = T. All read out after the last step.
    Returns:
        dict name -> model, in the order of MEMORY_MODELS.
    """
    D, K = 2 * num_symbols, num_symbols
    return {
        "GRU": SequenceModel(GRU(D, 20, seed=seed), K, many_to_one=True, seed=seed),
        "CNN": TCN(D, 16, K, kernel_size=2, dilations=(1, 1, 1, 1), many_to_one=True, seed=seed),
        "dilated CNN": TCN(D, 16, K, kernel_size=2, dilations=(1, 2, 4, 8), many_to_one=True, seed=seed),
    }


def memory_experiment(seed=0, *, seq_len=16, num_symbols=4, num_train=2000, num_test=1000, epochs=4):
    """Train the three `memory_models` on `memory_task` and measure test accuracy.

    Returns:
        dict with "models", "accuracy" and "history" (each name -> value), "chance" = 1 / K, "seq_len".
    """
    x, y = memory_task(seq_len, num_train, num_symbols, seed=rng_from(seed))
    x_test, y_test = memory_task(seq_len, num_test, num_symbols, seed=np.random.default_rng([seed, 1]))
    models = memory_models(seq_len, num_symbols, seed=seed)
    history = {name: train_classifier(m, x, y, epochs=epochs, seed=seed, batch_axis=1) for name, m in models.items()}
    acc = {name: accuracy(m, x_test, y_test) for name, m in models.items()}
    return {"models": models, "accuracy": acc, "history": history, "chance": 1.0 / num_symbols, "seq_len": seq_len}


def tcn_for_budget(input_size, output_size, seq_len, budget, *, seed=0):
    """A TCN whose receptive field is `seq_len` (k = 2, dilations 1, 2, 4, ..., seq_len / 2, one layer each)
    with the channel count that brings its parameter count closest to `budget`.

    Args:
        seq_len: T, a power of two (so that the receptive field 1 + sum of the dilations is exactly T).
    """
    layers = int(np.log2(seq_len))
    if 2 ** layers != seq_len:
        raise ValueError(f"seq_len must be a power of two (the receptive field of k = 2 and dilations 1..T/2 is T); "
                         f"got {seq_len}")
    dilations = tuple(2 ** l for l in range(layers))

    def size(channels):
        return TCN(input_size, channels, output_size, kernel_size=2, dilations=dilations, many_to_one=True).num_params

    channels = min(range(2, 65), key=lambda c: abs(size(c) - budget))
    return TCN(input_size, channels, output_size, kernel_size=2, dilations=dilations, many_to_one=True, seed=seed)


def memory_length_sweep(seed=0, *, seq_lens=(16, 32, 64), gru_epochs=(4, 12), tcn_epochs=(4,), num_symbols=4,
                        num_train=2000, num_test=1000):
    """The memory task at several lengths T: the GRU of `memory_models` against a TCN whose receptive field
    grows with T (`tcn_for_budget`, the same parameter budget as the GRU). Each model is trained once, for the
    most epochs in its list, and tested after each number of epochs in it (`accuracy_after_epochs`).

    Returns:
        dict: "accuracy" {"GRU" | "TCN": {epochs: (len(seq_lens),) test accuracies}}, "params" {"GRU": n,
        "TCN": (len(seq_lens),)}, "seq_lens", "epochs" {"GRU": gru_epochs, "TCN": tcn_epochs}, "chance" = 1 / K,
        "seed".
    """
    D, K = 2 * num_symbols, num_symbols
    epochs = {"GRU": tuple(gru_epochs), "TCN": tuple(tcn_epochs)}
    acc = {name: [] for name in epochs}
    params = {"GRU": None, "TCN": []}
    for T in seq_lens:
        x, y = memory_task(T, num_train, num_symbols, seed=rng_from(seed))
        x_test, y_test = memory_task(T, num_test, num_symbols, seed=np.random.default_rng([seed, 1]))
        gru = SequenceModel(GRU(D, 20, seed=seed), K, many_to_one=True, seed=seed)
        tcn = tcn_for_budget(D, K, T, gru.num_params, seed=seed)
        for name, model in (("GRU", gru), ("TCN", tcn)):
            acc[name].append(accuracy_after_epochs(model, x, y, x_test, y_test, epochs[name], seed=seed, batch_axis=1))
        params["GRU"] = gru.num_params
        params["TCN"].append(tcn.num_params)
    acc = {name: {e: np.array([a[k] for a in acc[name]]) for k, e in enumerate(epochs[name])} for name in epochs}
    return {"accuracy": acc, "params": {"GRU": params["GRU"], "TCN": np.array(params["TCN"])},
            "seq_lens": np.array(seq_lens), "epochs": epochs, "chance": 1.0 / num_symbols, "seed": seed}


def time_forward(seq_lens=(8, 16, 32, 64, 128, 256, 512), *, channels=16, batch_size=1, repeats=7, seed=0):
    """Wall time of one forward pass against T: an RNN layer vs a Conv1D layer (k = 2) of the same size.

    Both have 2 C^2 + C parameters and do about the same arithmetic per step. The RNN makes T dependent
    steps (a Python loop that cannot be parallelised); the convolution makes one matmul over all T B rows.
    The control "no_dependency": the same T step calls of the RNN, each started from h_0 instead of the previous
    step's state, so that no step waits for another; if it costs as much as the RNN, what costs on this machine is
    making T small calls, not the waiting. The minimum over `repeats` runs is kept (the least disturbed by other
    programs on the machine).
    Returns:
        dict with "seq_len" (n,), "rnn_ms", "no_dependency_ms", "conv_ms" (n,) each, "rnn_params", "conv_params".
    """
    C, B = check_positive_int(channels, "channels"), check_positive_int(batch_size, "batch_size")
    rnn, conv = RNN(C, C, seed=seed), Conv1D(C, C, 2, seed=seed)
    rng = rng_from(seed)
    h0 = np.zeros((B, C))

    def no_dependency(x):  # the RNN's T step calls, each from the same h_0 instead of the step before
        return [rnn_step_forward(x_t, h0, rnn.params)[0] for x_t in x]

    runs = {"rnn_ms": rnn.forward, "no_dependency_ms": no_dependency, "conv_ms": conv.forward}
    times = {key: [] for key in runs}
    for T in seq_lens:
        x = rng.standard_normal((check_positive_int(T, "each seq_len"), B, C))
        for key, run in runs.items():
            best = np.inf
            for _ in range(repeats):
                start = time.perf_counter()
                run(x)
                best = min(best, time.perf_counter() - start)
            times[key].append(1e3 * best)
    return {"seq_len": np.array(seq_lens), **{key: np.array(v) for key, v in times.items()},
            "rnn_params": rnn.num_params, "conv_params": conv.num_params}

"""Notebooks 06 and 07: training a model on shuffled minibatches and scoring a classifier, for their experiments."""
import numpy as np

from ..nn.losses import softmax_cross_entropy
from ..nn.optim import Adam
from ..nn.train import fit


def accuracy(model, x, y):
    """Fraction of examples whose largest logit is the target class: model.forward(x) -> (B, K) logits.

    Args: x: the model's input for B examples; y: (B,) integer classes."""
    return float(np.mean(model.forward(x)[0].argmax(axis=-1) == y))


def minibatches(x, y, batch_size, *, seed, batch_axis=0):
    """A function epoch -> list of (x, y) minibatches in a fresh order each epoch (for `fit`).

    Args:
        x: inputs with the batch on `batch_axis` (0 for images (N, H, W), 1 for sequences (T, N, D));
        y: (N,) or (N, K) targets; batch_size: examples per step; seed: fixes every epoch's order.
    """
    n = y.shape[0]

    def batches(epoch):
        order = np.random.default_rng([seed, epoch]).permutation(n)
        return [(np.take(x, order[i : i + batch_size], axis=batch_axis), y[order[i : i + batch_size]])
                for i in range(0, n, batch_size)]

    return batches


def train_classifier(model, x, y, *, epochs, seed, batch_axis=0, batch_size=50, learning_rate=0.01,
                     clip=5.0, loss_fn=softmax_cross_entropy, progress=None):
    """Adam on minibatches of (x, y), with gradient clipping. Returns `fit`'s history.

    loss_fn: the mean softmax cross-entropy by default (classes); `rl.mse` for numbers.
    """
    optimizer = Adam(model.params, learning_rate)
    return fit(model, loss_fn, optimizer, minibatches(x, y, batch_size, seed=seed, batch_axis=batch_axis),
               epochs=epochs, clip=clip, progress=progress)

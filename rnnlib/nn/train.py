"""A small training loop: forward, loss, backward, clip, step, record; stops on NaN or inf."""
import math

import numpy as np

from .optim import clip_grad_norm, global_norm


class TrainingDiverged(FloatingPointError):
    """Raised by `fit` when the loss or the gradient norm stops being a finite number.

    `history` holds what was recorded up to that step (the divergence itself included)."""

    def __init__(self, message, history):
        super().__init__(message)
        self.history = history


def fit(model, loss_fn, optimizer, batches, *, epochs=1, clip=None, progress=None):
    """Train `model` in place.

    Args:
        model: has `params`, `forward(x) -> (out, cache)` and `backward(dout, cache) -> (grads, ...)`.
        loss_fn: (out, target) -> (loss, dout), e.g. `softmax_cross_entropy` or `mse`.
        optimizer: an optimizer built on `model.params`.
        batches: a list of (x, target) pairs, or a function epoch -> iterable of pairs (fresh data).
        epochs: how many passes over `batches`.
        clip: None, or the max global gradient norm (see `clip_grad_norm`).
        progress: None, or a function (step, loss) called after every step.
    Returns:
        history: {"loss": [...], "grad_norm": [...]}, one entry per step (the norm before clipping).
    Raises:
        TrainingDiverged: when the loss or the gradient norm is NaN or inf (with the history so far).
    """
    if not isinstance(epochs, int) or epochs < 1:
        raise ValueError(f"epochs must be a whole number >= 1; got {epochs!r}")
    history = {"loss": [], "grad_norm": []}
    # Overflow warnings are silenced because divergence is checked below and reported as one clear error.
    with np.errstate(over="ignore", invalid="ignore"):
        _run(model, loss_fn, optimizer, batches, epochs, clip, progress, history)
    if not history["loss"]:
        raise ValueError("batches gave no (x, target) pairs: nothing to train on")
    return history


def _run(model, loss_fn, optimizer, batches, epochs, clip, progress, history):
    step = 0
    for epoch in range(epochs):
        for x, target in (batches(epoch) if callable(batches) else batches):
            out, cache = model.forward(x)
            loss, dout = loss_fn(out, target)
            grads = model.backward(dout, cache)[0]
            norm = clip_grad_norm(grads, clip) if clip is not None else global_norm(grads)
            history["loss"].append(loss)
            history["grad_norm"].append(norm)
            if not (math.isfinite(loss) and math.isfinite(norm)):
                raise TrainingDiverged(
                    f"training diverged at step {step} (epoch {epoch}): loss = {loss}, gradient norm = {norm}; "
                    "try a smaller learning_rate or clip=1.0", history)
            optimizer.step(grads)
            step += 1
            if progress is not None:
                progress(step, loss)

"""Losses. Each returns (loss, gradient of the loss with respect to its first argument)."""
import numpy as np


def _check_float(a, name):
    """Losses check dtype and shape only: NaN must reach `fit`, which reports divergence clearly."""
    a = np.asarray(a)
    if not np.issubdtype(a.dtype, np.floating):
        raise TypeError(f"{name} must be a floating-point array; got dtype {a.dtype}")
    return a


def softmax_cross_entropy(logits, targets):
    """Mean cross-entropy of softmax(logits) against integer class targets.

    L = -(1/N) sum_n log softmax(y_n)[k_n], over all N positions (every time step of every sequence).

    Args:
        logits: (..., K) unnormalised scores y_t, e.g. (T, B, K) or (B, K).
        targets: (...) integer classes in [0, K), the shape of logits without the last axis.
    Returns:
        loss: float; dlogits: (..., K) = (softmax(y) - onehot(k)) / N.
    """
    logits = _check_float(logits, "logits")
    targets = np.asarray(targets)
    if not np.issubdtype(targets.dtype, np.integer):
        raise TypeError(f"targets must hold integer class indices; got dtype {targets.dtype}")
    if logits.ndim == 0 or targets.shape != logits.shape[:-1]:
        raise ValueError(f"targets must have shape {logits.shape[:-1]} (logits without the class axis); got {targets.shape}")
    K = logits.shape[-1]
    if targets.size and (targets.min() < 0 or targets.max() >= K):
        raise ValueError(f"targets must lie in [0, {K}) for {K} classes; got values from {targets.min()} to {targets.max()}")
    shifted = logits - logits.max(axis=-1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))  # log softmax, (..., K)
    k = targets[..., None]
    n = targets.size
    loss = -np.take_along_axis(log_p, k, axis=-1).sum() / n
    dlogits = np.exp(log_p)
    np.put_along_axis(dlogits, k, np.take_along_axis(dlogits, k, axis=-1) - 1.0, axis=-1)
    return float(loss), dlogits / n


def mse(pred, target):
    """Mean squared error L = (1/N) sum (pred - target)^2 over all N entries.

    Args:
        pred: any shape; target: the same shape.
    Returns:
        loss: float; dpred: like pred, 2 (pred - target) / N.
    """
    pred = _check_float(pred, "pred")
    target = np.asarray(target, dtype=pred.dtype)
    if target.shape != pred.shape:
        raise ValueError(f"target must have the shape of pred {pred.shape}; got {target.shape}")
    diff = pred - target
    return float(np.mean(diff * diff)), 2.0 * diff / diff.size

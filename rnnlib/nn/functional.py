"""The element-wise functions of the layers, each beside its derivative.

Every derivative is written in terms of the function's output y = f(a), because that is what a forward
pass keeps: tanh'(a) = 1 - y^2, sigmoid'(a) = y (1 - y), relu'(a) = 1 where y > 0.
"""
import numpy as np


def sigmoid(a):
    """Logistic function 1 / (1 + exp(-a)), element-wise, any shape.

    For a < -709, exp(-a) overflows to inf and the result is the exact limit 0, so that warning is silenced.
    """
    with np.errstate(over="ignore"):
        return 1.0 / (1.0 + np.exp(-a))


def sigmoid_slope(y):
    """sigmoid'(a) written in terms of its output y = sigmoid(a): y (1 - y)."""
    return y * (1.0 - y)


def tanh_slope(y):
    """tanh'(a) written in terms of its output y = tanh(a): 1 - y^2."""
    return 1.0 - y * y


def relu(a):
    """max(a, 0), element-wise."""
    return np.maximum(a, 0.0)


def relu_slope(y):
    """relu'(a) written in terms of its output y = relu(a): 1 where y > 0, else 0."""
    return (y > 0).astype(y.dtype)


def identity(a):
    """f(a) = a (a copy, so that changing the output never changes the input)."""
    return a.copy()


def identity_slope(y):
    """identity'(a) = 1."""
    return np.ones_like(y)


# The vanilla RNN's activations: name -> (f, f' written in terms of f's output).
ACTIVATIONS = {
    "tanh": (np.tanh, tanh_slope),
    "relu": (relu, relu_slope),
    "identity": (identity, identity_slope),
}


def softmax(logits, axis=-1):
    """Softmax along `axis`, stable for large logits (the maximum is subtracted first)."""
    e = np.exp(logits - logits.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)

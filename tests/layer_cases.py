"""The layers every parametrised test runs over, and a constructor with non-zero biases."""
import numpy as np

import rnnlib as rl

LAYERS = {"rnn": rl.RNN, "lstm": rl.LSTM, "gru": rl.GRU}


def make_layer(kind, input_size, hidden_size, dtype=np.float64, seed=0, **kwargs):
    """A layer with non-zero biases, so the gradient checks exercise every bias term."""
    layer = LAYERS[kind](input_size, hidden_size, seed=seed, dtype=dtype, **kwargs)
    bias_rng = np.random.default_rng(seed + 100)
    for name, p in layer.params.items():
        if name.startswith("b"):
            p[...] = bias_rng.uniform(-0.5, 0.5, size=p.shape)
    return layer

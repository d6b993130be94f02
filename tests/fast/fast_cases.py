"""The fast twin of every layer case: `rnnlib.fast` layers with the parameters of tests/layer_cases.py's."""
import numpy as np

import rnnlib.fast
from layer_cases import make_layer

FAST = {"rnn": rnnlib.fast.RNN, "lstm": rnnlib.fast.LSTM, "gru": rnnlib.fast.GRU}


def make_twins(kind, input_size, hidden_size, dtype=np.float64, seed=0, **kwargs):
    """(readable, fast): `make_layer`'s layer (non-zero biases) and a fast layer given the same parameters."""
    readable = make_layer(kind, input_size, hidden_size, dtype=dtype, seed=seed, **kwargs)
    fast = FAST[kind](input_size, hidden_size, seed=seed, dtype=dtype, **kwargs)
    for name, p in fast.params.items():
        p[...] = readable.params[name]
    return readable, fast


def make_fast_layer(kind, input_size, hidden_size, dtype=np.float64, seed=0, **kwargs):
    """A fast layer with `make_layer`'s parameters."""
    return make_twins(kind, input_size, hidden_size, dtype, seed, **kwargs)[1]

"""Optional tuned twins of the readable recurrent layers: `rnnlib.fast.RNN`, `.LSTM`, `.GRU`.

Same constructor, parameters, `forward` / `backward` / `step_forward` contract and error messages as
`rnnlib.RNN`, `rnnlib.LSTM`, `rnnlib.GRU` (they subclass them and replace only the two sequence loops);
tests/fast/ proves forward, every gradient, dx and dstate0 equal to the readable layers. Their caches are
their own (documented on each class). The course never needs them; README.md here says what they buy.
"""
from .gru import GRU
from .lstm import LSTM
from .rnn import RNN

__all__ = ["RNN", "LSTM", "GRU"]

"""rnnlib: the NumPy library behind the RNN course. Every model has a forward and a hand-written backward pass.

    import rnnlib as rl
    layer = rl.RNN(input_size=5, hidden_size=8, seed=0)
    hs, cache = layer.forward(x)                 # x: (T, B, 5) -> hs: (T, B, 8)
    grads, dx, dh0 = layer.backward(dhs, cache)  # grads keyed like layer.params

This namespace is the library in `rnnlib/nn/` (NumPy only), in its reading order. The tuned twins of the
recurrent layers are in `rnnlib.fast`; what the notebooks use to make their points (tasks, experiments,
figures, widgets, exercise checks) is in `rnnlib.course`, e.g. `from rnnlib.course import text, widgets`.
"""
from .nn.functional import sigmoid, softmax
from .nn.dense import Dense
from .nn.rnn import RNN, rnn_step_backward, rnn_step_forward
from .nn.lstm import LSTM, lstm_step_backward, lstm_step_forward
from .nn.gru import GRU, gru_step_backward, gru_step_forward
from .nn.scan import linear_scan
from .nn.mingru import MinGRU
from .nn.conv1d import Conv1D, receptive_field, receptive_field_paths
from .nn.models import FeedForward, SequenceModel
from .nn.stacked import Bidirectional, Stacked
from .nn.attention import AdditiveAttention
from .nn.convnets import TCN, ImageCNN
from .nn.losses import mse, softmax_cross_entropy
from .nn.optim import SGD, Adagrad, Adam, clip_grad_norm, global_norm
from .nn.train import TrainingDiverged, fit
from .nn.gradcheck import check_gradients, check_layer, numerical_gradient, per_step_errors, relative_error

__version__ = "0.1.0"

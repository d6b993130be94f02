"""rnnlib: the NumPy library behind the RNN course. Every model has a forward and a hand-written backward pass.

    import rnnlib as rl
    layer = rl.RNN(input_size=5, hidden_size=8, seed=0)
    hs, cache = layer.forward(x)                 # x: (T, B, 5) -> hs: (T, B, 8)
    grads, dx, dh0 = layer.backward(dhs, cache)  # grads keyed like layer.params
"""
from .dense import Dense
from .gradcheck import check_gradients, check_layer, numerical_gradient, per_step_errors, relative_error
from .gru import GRU, gru_step_backward, gru_step_forward
from .losses import mse, softmax, softmax_cross_entropy
from .lstm import LSTM, lstm_step_backward, lstm_step_forward
from .models import FeedForward, SequenceModel
from .optim import SGD, Adagrad, Adam, clip_grad_norm, global_norm
from .recurrent import sigmoid
from . import exercises, plotting
from .rnn import RNN, rnn_step_backward, rnn_step_forward
from .tasks import adding_problem, delayed_recall, one_hot
from .train import TrainingDiverged, fit
from .conv import Conv1D, GlobalMaxPool1D, MaxPool1D, receptive_field, receptive_field_paths
from .cnn2d import Conv2D, MaxPool2D
from .convnets import TCN, ImageCNN
from .glyphs import GLYPHS, glyph_images, rows_as_sequence
from .rnn_vs_cnn import image_experiment, memory_experiment, memory_task, time_forward
from .charmodel import (char_model, known_word_fraction, load_corpus, next_char_probabilities, sample_text,
                        split_corpus, text_loss, train_char_model)
from .forecast import forecast_experiment, forecast_windows, random_walk, seasonal_series
from .sentiment import sentiment_experiment, sentiment_sentences
from . import sentiment
from .text import ALPHABET, ANAGRAMS, Vocabulary, ambiguous_positions, memoryless_bound, next_letter_batch, successors
from . import text, widgets
from .jacobians import (gradient_bound, jacobian_norms, jacobian_products, largest_singular_value, non_normal_matrix,
                        numerical_jacobian, orthogonal_matrix, power_norms, random_matrix, spectral_radius,
                        step_jacobians)
from .bptt import bptt_trace, cache_nbytes, chunk_cost, gradient_reach, training_step, truncation_errors
from .gradient_experiments import delayed_recall_accuracy, exploding_training, recall_accuracy
from .experiments import adding_problem_experiment, adding_problem_scores
from .gates import gate_values, state_gradient_norms
from . import variants

__version__ = "0.1.0"

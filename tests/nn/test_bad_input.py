"""Wrong shapes, dtypes, empty sequences, NaN and bad hyper-parameters give messages that say what was expected."""
import numpy as np
import pytest

import rnnlib as rl
from layer_cases import LAYERS


@pytest.mark.parametrize("kind", LAYERS)
def test_wrong_feature_size_names_expected_and_actual_shape(kind):
    with pytest.raises(ValueError, match=r"x must have shape \(T, B, 5\).*got \(3, 2, 6\)"):
        LAYERS[kind](5, 4, seed=0).forward(np.zeros((3, 2, 6)))


@pytest.mark.parametrize("bad", [np.zeros(5), np.zeros((1, 2, 3, 5))])
def test_wrong_number_of_axes_is_rejected(bad):
    with pytest.raises(ValueError, match="x must have shape"):
        rl.RNN(5, 4, seed=0).forward(bad)


@pytest.mark.parametrize("shape", [(0, 2, 5), (3, 0, 5), (0, 5)])
def test_empty_sequence_is_rejected(shape):
    with pytest.raises(ValueError, match="x is empty"):
        rl.RNN(5, 4, seed=0).forward(np.zeros(shape))


def test_integer_input_is_rejected_with_the_expected_dtype():
    with pytest.raises(TypeError, match="x must be a floating-point array.*got dtype int64"):
        rl.RNN(5, 4, seed=0).forward(np.zeros((3, 2, 5), dtype=np.int64))


def test_float64_input_to_float32_layer_says_how_to_convert():
    with pytest.raises(TypeError, match=r"float64 but the parameters are float32.*astype\(np.float32\)"):
        rl.LSTM(5, 4, seed=0, dtype=np.float32).forward(np.zeros((3, 2, 5)))


def test_nan_input_names_the_first_bad_position():
    x = np.zeros((3, 2, 5))
    x[1, 0, 2] = np.nan
    with pytest.raises(ValueError, match=r"x contains NaN or inf \(first at index \(1, 0, 2\)\)"):
        rl.GRU(5, 4, seed=0).forward(x)


def test_wrong_state_shape_is_rejected():
    with pytest.raises(ValueError, match=r"state must have shape \(2, 4\) \(B, H\); got \(3, 4\)"):
        rl.RNN(5, 4, seed=0).forward(np.zeros((3, 2, 5)), np.zeros((3, 4)))


def test_lstm_state_must_be_a_pair():
    with pytest.raises(TypeError, match=r"state must be a pair \(h, c\)"):
        rl.LSTM(5, 4, seed=0).forward(np.zeros((3, 2, 5)), np.zeros((2, 4)))


def test_wrong_upstream_gradient_shape_is_rejected():
    layer = rl.RNN(5, 4, seed=0)
    _, cache = layer.forward(np.zeros((3, 2, 5)))
    with pytest.raises(ValueError, match=r"dhs must have shape \(3, 2, 4\)"):
        layer.backward(np.zeros((3, 2, 5)), cache)


@pytest.mark.parametrize("make,message", [
    (lambda: rl.RNN(0, 4), "input_size must be a whole number >= 1; got 0"),
    (lambda: rl.LSTM(3, 2.5), "hidden_size must be a whole number >= 1; got 2.5"),
    (lambda: rl.RNN(3, 4, activation="sigmoid"), "activation must be one of"),
    (lambda: rl.GRU(3, 4, dtype=np.int32), "dtype must be numpy.float32 or numpy.float64"),
    (lambda: rl.RNN(3, 4, seed=-1), "seed must be a non-negative int"),
    (lambda: rl.SGD({"w": np.zeros(2)}, learning_rate=-0.1), "learning_rate must be a finite number > 0"),
    (lambda: rl.Adam({"w": np.zeros(2)}, beta1=1.0), r"beta1 must lie in \[0, 1\)"),
    (lambda: rl.clip_grad_norm({"w": np.ones(2)}, 0), "max_norm must be a finite number > 0"),
])
def test_bad_hyper_parameters_are_named_in_the_message(make, message):
    with pytest.raises((ValueError, TypeError), match=message):
        make()


def test_bad_truncation_length_is_rejected():
    layer = rl.RNN(2, 3, seed=0)
    hs, cache = layer.forward(np.zeros((4, 2)))
    with pytest.raises(ValueError, match="truncate must be a whole number >= 1; got 0"):
        layer.backward(np.zeros_like(hs), cache, truncate=0)


@pytest.mark.parametrize("targets,error,message", [
    (np.zeros((3, 2)), TypeError, "targets must hold integer class indices"),
    (np.zeros((3,), dtype=int), ValueError, r"targets must have shape \(3, 2\)"),
    (np.full((3, 2), 4), ValueError, r"targets must lie in \[0, 4\)"),
])
def test_cross_entropy_rejects_bad_targets(targets, error, message):
    with pytest.raises(error, match=message):
        rl.softmax_cross_entropy(np.zeros((3, 2, 4)), targets)


def test_optimizer_rejects_grads_with_other_keys():
    with pytest.raises(ValueError, match="grads must have the keys"):
        rl.SGD({"w": np.zeros(2)}).step({"v": np.zeros(2)})

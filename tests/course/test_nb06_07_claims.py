"""The experiment functions of notebooks 06 and 07 (rnnlib/course/rnn_vs_cnn.py): what they train and measure.

The learning outcomes themselves (images, the memory task, the length sweep, the character model, sentiment,
forecasting, speech, video) are computed for seeds 0, 1 and 2 and asserted on the worst seed in the notebooks,
which strict nbval runs; they are not recomputed here."""
import numpy as np
import pytest

import rnnlib as rl
from rnnlib.course import rnn_vs_cnn
from rnnlib.course.classify import accuracy, train_classifier


def _small_memory_data(seq_len=6, seed=0):
    x, y = rnn_vs_cnn.memory_task(seq_len, 120, seed=seed)
    x_test, y_test = rnn_vs_cnn.memory_task(seq_len, 60, seed=seed + 1)
    return x, y, x_test, y_test


def _gru():
    return rl.SequenceModel(rl.GRU(8, 6, seed=0), 4, many_to_one=True, seed=0)


def test_accuracy_after_epochs_equals_training_for_that_many_epochs_from_the_start():
    x, y, x_test, y_test = _small_memory_data()
    measured = rnn_vs_cnn.accuracy_after_epochs(_gru(), x, y, x_test, y_test, (1, 3), seed=0, batch_axis=1,
                                                 batch_size=20)
    for k, epochs in enumerate((1, 3)):
        model = _gru()
        train_classifier(model, x, y, epochs=epochs, seed=0, batch_axis=1, batch_size=20)
        assert measured[k] == accuracy(model, x_test, y_test)


@pytest.mark.parametrize("epochs", [(), (3, 3), (4, 2), (0, 2)])
def test_accuracy_after_epochs_rejects_epochs_that_do_not_increase(epochs):
    x, y, x_test, y_test = _small_memory_data()
    with pytest.raises(ValueError, match="epochs"):
        rnn_vs_cnn.accuracy_after_epochs(_gru(), x, y, x_test, y_test, epochs, seed=0, batch_axis=1)


def test_memory_length_sweep_gives_one_accuracy_per_length_for_each_checkpoint_at_the_grus_budget():
    sweep = rnn_vs_cnn.memory_length_sweep(1, seq_lens=(4, 8), gru_epochs=(1, 2), tcn_epochs=(1,), num_train=100,
                                           num_test=40)
    assert sweep["epochs"] == {"GRU": (1, 2), "TCN": (1,)} and sweep["seed"] == 1
    assert set(sweep["accuracy"]["GRU"]) == {1, 2} and set(sweep["accuracy"]["TCN"]) == {1}
    for by_epochs in sweep["accuracy"].values():
        for acc in by_epochs.values():
            assert acc.shape == (2,) and np.all((0 <= acc) & (acc <= 1))
    assert np.array_equal(sweep["seq_lens"], [4, 8]) and sweep["chance"] == 0.25
    assert np.all(np.abs(sweep["params"]["TCN"] / sweep["params"]["GRU"] - 1) < 0.1)


def test_memory_length_sweep_at_one_length_measures_what_the_full_sweep_measures_there():
    settings = dict(gru_epochs=(1,), tcn_epochs=(1,), num_train=100, num_test=40)
    full = rnn_vs_cnn.memory_length_sweep(0, seq_lens=(4, 8), **settings)
    one = rnn_vs_cnn.memory_length_sweep(0, seq_lens=(8,), **settings)  # what solutions 06 runs for its check
    for name in ("GRU", "TCN"):
        assert one["accuracy"][name][1][0] == full["accuracy"][name][1][1]


def test_image_learning_curves_give_one_test_accuracy_per_epoch_for_models_of_equal_size():
    curves = rnn_vs_cnn.image_learning_curves(2, num_train=60, num_test=30, epochs=2)
    assert np.array_equal(curves["epochs"], [1, 2]) and curves["seed"] == 2
    assert set(curves["accuracy"]) == {"CNN", "GRU over rows"}
    assert all(acc.shape == (2,) for acc in curves["accuracy"].values())
    params = curves["params"]
    assert abs(params["CNN"] - params["GRU over rows"]) < 0.1 * params["CNN"]


def test_rnn_forward_time_grows_with_t_and_the_convolution_stays_faster():
    timing = rnn_vs_cnn.time_forward()
    ratio = timing["rnn_ms"] / timing["conv_ms"]
    span = timing["seq_len"][-1] / timing["seq_len"][0]
    assert timing["rnn_ms"][-1] / timing["rnn_ms"][0] > 0.1 * span
    assert np.all(ratio[2:] > 1) and ratio[-1] > 2 * ratio[0], ratio

"""Optimizers, clipping and the training loop."""
import numpy as np
import pytest

import rnnlib as rl
from rnnlib.course import tasks


def test_sgd_with_momentum_follows_its_update_rule():
    p = {"w": np.array([1.0, -2.0])}
    opt = rl.SGD(p, learning_rate=0.1, momentum=0.9)
    g = np.array([0.5, 1.0])
    opt.step({"w": g.copy()})
    np.testing.assert_allclose(p["w"], [1.0 - 0.05, -2.0 - 0.1])
    opt.step({"w": g.copy()})  # v = 0.9 v - 0.1 g
    np.testing.assert_allclose(p["w"], [0.95 - 0.095, -2.1 - 0.19])


def test_adam_first_step_moves_each_weight_by_the_learning_rate():
    p = {"w": np.array([1.0, 1.0, 1.0])}
    rl.Adam(p, learning_rate=0.01).step({"w": np.array([3.0, -0.2, 1e-3])})
    np.testing.assert_allclose(p["w"], [0.99, 1.01, 0.99], rtol=1e-4)


def test_adagrad_first_step_moves_each_weight_by_the_learning_rate():
    p = {"w": np.array([0.0, 0.0])}
    rl.Adagrad(p, learning_rate=0.5).step({"w": np.array([4.0, -0.1])})
    np.testing.assert_allclose(p["w"], [-0.5, 0.5], rtol=1e-6)


def test_clipping_rescales_to_the_threshold_and_returns_the_norm_before():
    grads = {"a": np.array([3.0, 0.0]), "b": np.array([[4.0]])}
    norm = rl.clip_grad_norm(grads, 1.0)
    assert norm == pytest.approx(5.0)
    assert rl.global_norm(grads) == pytest.approx(1.0)
    np.testing.assert_allclose(grads["a"], [0.6, 0.0])


def test_clipping_leaves_small_gradients_alone():
    grads = {"a": np.array([0.3, 0.4])}
    assert rl.clip_grad_norm(grads, 1.0) == pytest.approx(0.5)
    np.testing.assert_array_equal(grads["a"], [0.3, 0.4])


def test_small_rnn_learns_to_recall_the_symbol_two_steps_back():
    model = rl.SequenceModel(rl.RNN(4, 16, seed=0), 4, seed=1)
    batches = lambda epoch: [tasks.delayed_recall(12, 16, 3, lag=2, seed=1000 * epoch + k) for k in range(10)]
    history = rl.fit(model, rl.softmax_cross_entropy, rl.Adam(model.params, 0.02), batches, epochs=15, clip=5.0)
    assert len(history["loss"]) == 150
    assert history["loss"][0] > 1.2  # chance level over 4 classes is ln 4 = 1.39
    assert np.mean(history["loss"][-10:]) < 0.1
    x, y = tasks.delayed_recall(12, 64, 3, lag=2, seed=99)
    accuracy = np.mean(model.forward(x)[0].argmax(-1) == y)
    assert accuracy > 0.97


def test_fit_stops_with_a_clear_error_when_the_loss_becomes_nan():
    model = rl.SequenceModel(rl.RNN(2, 8, activation="identity", seed=0), 1, seed=0)
    model.params["W_hh"][...] = 3.0 * np.eye(8)
    x = np.ones((400, 1, 2))
    with pytest.raises(rl.TrainingDiverged, match="training diverged at step 0") as info:
        rl.fit(model, rl.mse, rl.SGD(model.params, 0.1), [(x, np.zeros((400, 1, 1)))])
    assert len(info.value.history["loss"]) == 1


def test_fit_reports_progress_and_records_the_norm_before_clipping():
    model = rl.SequenceModel(rl.GRU(2, 4, seed=0), 1, many_to_one=True, seed=0)
    x, y = tasks.adding_problem(10, 8, seed=0)
    seen = []
    history = rl.fit(model, rl.mse, rl.SGD(model.params, 0.1), [(x, y)] * 3, clip=1e-6,
                     progress=lambda step, loss: seen.append(step))
    assert seen == [1, 2, 3]
    assert min(history["grad_norm"]) > 1e-6  # recorded before clipping


def test_fit_rejects_empty_batches():
    model = rl.SequenceModel(rl.RNN(2, 3, seed=0), 1, seed=0)
    with pytest.raises(ValueError, match="batches gave no"):
        rl.fit(model, rl.mse, rl.SGD(model.params), [])


def test_adding_problem_targets_follow_the_definition():
    x, y = tasks.adding_problem(20, 50, seed=3)
    assert x.shape == (20, 50, 2) and y.shape == (50, 1)
    assert (x[:, :, 1].sum(axis=0) == 2).all()
    marked = (x[:, :, 0] * x[:, :, 1]).sum(axis=0)
    np.testing.assert_allclose(y[:, 0], 0.5 + marked / 4)
    assert np.abs(x[:, :, 0]).max() <= 1

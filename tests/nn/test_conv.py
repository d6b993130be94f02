"""Convolution and pooling layers and the convolutional models: gradients, causality, receptive fields, bad input."""
import numpy as np
import pytest

import rnnlib as rl
from rnnlib.nn.conv1d import GlobalMaxPool1D, MaxPool1D
from rnnlib.nn.conv2d import Conv2D, MaxPool2D
from rnnlib.course import rnn_vs_cnn

TOL = 1e-7


def linear_loss_check(model, x, rng):
    """Gradient check of L = sum(w * model(x)) with random w, for every parameter and the input."""
    x = np.array(x, dtype=np.float64)
    out, cache = model.forward(x)
    w = rng.standard_normal(out.shape)
    grads, dx = model.backward(w, cache)[:2]

    def loss():
        return float(np.sum(w * model.forward(x)[0]))

    return rl.check_gradients(loss, dict(model.params, x=x), dict(grads, x=dx))


def with_random_biases(model, rng):
    for name, p in model.params.items():
        if name.startswith("b"):
            p[...] = rng.uniform(-0.5, 0.5, size=p.shape)
    return model


# (T, B, C_in, C_out, k, d): one step, a dilation longer than the sequence, a batch, a single sequence.
CONV1D_CASES = [(1, 1, 2, 3, 2, 1), (5, 2, 3, 2, 3, 4), (9, 3, 2, 4, 3, 2), (12, None, 3, 2, 2, 1), (8, 2, 1, 1, 4, 1)]


@pytest.mark.parametrize("T,B,C_in,C_out,k,d", CONV1D_CASES)
def test_conv1d_backward_matches_numerical_gradient(T, B, C_in, C_out, k, d, rng):
    layer = with_random_biases(rl.Conv1D(C_in, C_out, k, dilation=d, seed=0), rng)
    shape = (T, C_in) if B is None else (T, B, C_in)
    errors = linear_loss_check(layer, rng.standard_normal(shape), rng)
    assert max(errors.values()) < TOL, errors


def test_conv1d_matches_the_equation_written_as_a_loop_over_t(rng):
    layer = with_random_biases(rl.Conv1D(3, 2, 3, dilation=2, seed=1), rng)
    x = rng.standard_normal((11, 4, 3))
    W, b = layer.params["W"], layer.params["b"]
    expected = np.stack([b + sum(x[t - j * 2] @ W[j].T for j in range(3) if t - j * 2 >= 0) for t in range(11)])
    np.testing.assert_allclose(layer.forward(x)[0], expected, atol=1e-12)


@pytest.mark.parametrize("d", [1, 3])
def test_conv1d_output_never_depends_on_future_inputs(d, rng):
    layer = rl.Conv1D(2, 3, 3, dilation=d, seed=0)
    x = rng.standard_normal((10, 2))
    y = layer.forward(x)[0]
    for s in range(10):
        changed = x.copy()
        changed[s] += 1.0
        moved = np.flatnonzero(np.any(layer.forward(changed)[0] != y, axis=1))
        assert moved.min() == s and set(moved) <= {s, s + d, s + 2 * d}


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_conv1d_keeps_the_dtype(dtype, rng):
    layer = rl.Conv1D(2, 3, 2, seed=0, dtype=dtype)
    y, cache = layer.forward(rng.standard_normal((4, 2, 2)).astype(dtype))
    grads, dx = layer.backward(np.ones_like(y), cache)
    assert y.dtype == dx.dtype == grads["W"].dtype == dtype


@pytest.mark.parametrize("k,dilations", [(2, (1,)), (2, (1, 1, 1, 1)), (2, (1, 2, 4, 8)), (3, (1, 2, 4)), (4, (2, 3))])
def test_receptive_field_formula_matches_the_paths_and_the_gradient(k, dilations, rng):
    T = 40
    r = rl.receptive_field(k, dilations)
    assert r == 1 + (k - 1) * sum(dilations)
    counts = rl.receptive_field_paths(k, dilations, T, T - 1)
    assert counts[0, : T - r].sum() == 0 and counts[0, T - r] > 0  # nothing before the window, its first step reached
    layers = [rl.Conv1D(1, 1, k, dilation=d, seed=i) for i, d in enumerate(dilations)]
    h, caches = rng.standard_normal((T, 1)), []
    for layer in layers:
        h, c = layer.forward(h)
        caches.append(c)
    grad = np.zeros((T, 1))
    grad[-1] = 1.0
    for layer, c in zip(reversed(layers), reversed(caches)):
        grad = layer.backward(grad, c)[1]
    np.testing.assert_array_equal(grad[:, 0] != 0, counts[0] > 0)


def test_receptive_field_paths_of_powers_of_two_reach_each_input_once():
    counts = rl.receptive_field_paths(2, (1, 2, 4, 8), 20, 19)
    np.testing.assert_array_equal(counts[0], [0] * 4 + [1] * 16)


@pytest.mark.parametrize("pool", [MaxPool1D(2), MaxPool1D(4), GlobalMaxPool1D()])
def test_pooling_1d_backward_matches_numerical_gradient(pool, rng):
    errors = linear_loss_check(pool, rng.standard_normal((8, 3, 2)), rng)
    assert errors["x"] < TOL, errors


def test_max_pool_1d_takes_the_max_of_each_window():
    x = np.array([1.0, 5.0, 2.0, -1.0, 0.0, 3.0])[:, None, None]
    y, _ = MaxPool1D(2).forward(x)
    np.testing.assert_array_equal(y[:, 0, 0], [5.0, 2.0, 3.0])
    assert GlobalMaxPool1D().forward(x)[0].item() == 5.0


@pytest.mark.parametrize("B,H,W,C_in,C_out,k", [(1, 3, 3, 1, 1, 3), (2, 5, 4, 2, 3, 3), (2, 6, 6, 3, 2, 5), (3, 4, 5, 2, 2, 1)])
def test_conv2d_backward_matches_numerical_gradient(B, H, W, C_in, C_out, k, rng):
    layer = with_random_biases(Conv2D(C_in, C_out, k, seed=0), rng)
    errors = linear_loss_check(layer, rng.standard_normal((B, H, W, C_in)), rng)
    assert max(errors.values()) < TOL, errors


def test_conv2d_matches_a_direct_sum_over_the_filter(rng):
    layer = with_random_biases(Conv2D(2, 3, 3, seed=0), rng)
    x = rng.standard_normal((2, 5, 6, 2))
    xp = np.pad(x, ((0, 0), (1, 1), (1, 1), (0, 0)))
    W, b = layer.params["W"], layer.params["b"]
    expected = np.zeros((2, 5, 6, 3)) + b
    for i in range(3):
        for j in range(3):
            expected += xp[:, i : i + 5, j : j + 6] @ W[:, i, j, :].T
    np.testing.assert_allclose(layer.forward(x)[0], expected, atol=1e-12)


@pytest.mark.parametrize("p,shape", [(2, (2, 4, 6, 3)), (3, (1, 6, 3, 2))])
def test_max_pool_2d_backward_matches_numerical_gradient(p, shape, rng):
    errors = linear_loss_check(MaxPool2D(p), rng.standard_normal(shape), rng)
    assert errors["x"] < TOL, errors


def test_max_pool_2d_sends_the_gradient_to_the_first_of_tied_winners():
    x = np.zeros((1, 2, 2, 1))
    y, cache = MaxPool2D(2).forward(x)
    _, dx = MaxPool2D(2).backward(np.ones_like(y), cache)
    np.testing.assert_array_equal(dx[0, :, :, 0], [[1.0, 0.0], [0.0, 0.0]])


@pytest.mark.parametrize("many_to_one", [False, True])
@pytest.mark.parametrize("single", [False, True])
def test_tcn_backward_matches_numerical_gradient(many_to_one, single, rng):
    model = with_random_biases(rl.TCN(3, 4, 2, kernel_size=2, dilations=(1, 2, 4), many_to_one=many_to_one, seed=0), rng)
    x = rng.standard_normal((9, 3) if single else (9, 2, 3))
    errors = linear_loss_check(model, x, rng)
    assert max(errors.values()) < TOL, errors


def test_image_cnn_backward_matches_numerical_gradient(rng):
    model = with_random_biases(rl.ImageCNN((6, 6), 3, channels=(2, 3), seed=0), rng)
    errors = linear_loss_check(model, rng.standard_normal((2, 6, 6)), rng)
    assert max(errors.values()) < TOL, errors


def test_dilation_changes_the_receptive_field_but_not_the_parameter_count():
    plain = rl.TCN(8, 16, 4, kernel_size=2, dilations=(1, 1, 1, 1), seed=0)
    dilated = rl.TCN(8, 16, 4, kernel_size=2, dilations=(1, 2, 4, 8), seed=0)
    assert plain.num_params == dilated.num_params
    assert (plain.receptive_field, dilated.receptive_field) == (5, 16)


def test_models_train_with_fit():
    x, y = rnn_vs_cnn.memory_task(6, 40, seed=0)
    model = rl.TCN(8, 6, 4, kernel_size=2, dilations=(1, 2, 4), many_to_one=True, seed=0)
    history = rl.fit(model, rl.softmax_cross_entropy, rl.Adam(model.params, 0.02), [(x, y)], epochs=30)
    assert history["loss"][-1] < 0.5 * history["loss"][0]


# ----- bad input -----------------------------------------------------------------------------------
def test_conv1d_wrong_channels_names_expected_and_actual_shape():
    with pytest.raises(ValueError, match=r"x must have shape \(T, B, 3\).*got \(5, 2, 4\)"):
        rl.Conv1D(3, 2, 2).forward(np.zeros((5, 2, 4)))


def test_conv1d_integer_input_is_rejected():
    with pytest.raises(TypeError, match="x must be a floating-point array"):
        rl.Conv1D(3, 2, 2).forward(np.zeros((5, 2, 3), dtype=np.int64))


def test_conv1d_nan_input_names_the_position():
    x = np.zeros((5, 2, 3))
    x[2, 1, 0] = np.nan
    with pytest.raises(ValueError, match=r"NaN or inf \(first at index \(2, 1, 0\)\)"):
        rl.Conv1D(3, 2, 2).forward(x)


def test_conv1d_backward_rejects_a_gradient_of_the_wrong_shape():
    layer = rl.Conv1D(3, 2, 2)
    _, cache = layer.forward(np.zeros((5, 2, 3)))
    with pytest.raises(ValueError, match=r"dy must have shape \(5, 2, 2\)"):
        layer.backward(np.zeros((5, 2, 3)), cache)


@pytest.mark.parametrize("kwargs,match", [({"kernel_size": 0}, "kernel_size"), ({"dilation": 0}, "dilation"),
                                          ({"kernel_size": 2.5}, "kernel_size")])
def test_conv1d_rejects_bad_hyper_parameters(kwargs, match):
    args = {"in_channels": 2, "out_channels": 2, "kernel_size": 2} | kwargs
    with pytest.raises(ValueError, match=match):
        rl.Conv1D(**args)


def test_conv2d_rejects_an_even_kernel_and_a_wrong_image_shape():
    with pytest.raises(ValueError, match="kernel_size must be odd"):
        Conv2D(1, 2, 2)
    with pytest.raises(ValueError, match=r"x must have shape \(B, H, W, 1\).*got \(2, 5, 5\)"):
        Conv2D(1, 2, 3).forward(np.zeros((2, 5, 5)))


def test_pooling_rejects_lengths_that_are_not_multiples_of_the_window():
    with pytest.raises(ValueError, match="T = 5 steps, not a multiple of pool_size = 2"):
        MaxPool1D(2).forward(np.zeros((5, 1, 1)))
    with pytest.raises(ValueError, match="not multiples of pool_size = 2"):
        MaxPool2D(2).forward(np.zeros((1, 3, 4, 1)))


def test_image_cnn_rejects_images_of_another_size():
    with pytest.raises(ValueError, match=r"x must have shape \(B, 16, 16\)"):
        rl.ImageCNN((16, 16), 3, seed=0).forward(np.zeros((2, 12, 12)))


def test_receptive_field_rejects_a_zero_dilation():
    with pytest.raises(ValueError, match="each dilation must be a whole number >= 1; got 0"):
        rl.receptive_field(2, [1, 0])


def test_tcn_rejects_an_empty_list_of_dilations():
    with pytest.raises(ValueError, match="at least one layer"):
        rl.TCN(2, 2, 2, dilations=())

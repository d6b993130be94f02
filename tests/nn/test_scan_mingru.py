"""The parallel scan equals the loop, and minGRU's hand-written backward pass (a reversed scan) is right."""
import numpy as np
import pytest

import rnnlib as rl
from rnnlib.nn import scan
from rnnlib.nn.recurrent import Recurrent


@pytest.mark.parametrize("method", ["hillis-steele", "blelloch"])
@pytest.mark.parametrize("T", [1, 2, 3, 5, 8, 31, 64, 1000, 4096])
@pytest.mark.parametrize("rest", [(), (3,), (4, 7)])
def test_scan_equals_the_loop_to_1e_12(method, T, rest):
    rng = np.random.default_rng(T)
    a, b = rng.uniform(0.3, 1.0, (T,) + rest), rng.standard_normal((T,) + rest)
    h0 = rng.standard_normal(rest)
    loop = scan.linear_recurrence_loop(a, b, h0)
    assert np.abs(rl.linear_scan(a, b, h0, method=method) - loop).max() < 1e-12
    assert np.abs(rl.linear_scan(a, b, method=method) - scan.linear_recurrence_loop(a, b)).max() < 1e-12


def test_scan_handles_complex_coefficients_and_signed_a():
    rng = np.random.default_rng(1)
    a = rng.uniform(-1, 1, (100, 5)) * np.exp(1j * rng.uniform(0, 3, (100, 5)))
    b = rng.standard_normal((100, 5)) + 1j * rng.standard_normal((100, 5))
    assert np.abs(rl.linear_scan(a, b) - scan.linear_recurrence_loop(a, b)).max() < 1e-12


@pytest.mark.parametrize("T", [1, 2, 3, 4, 5, 16, 17, 1000, 4096])
def test_the_scan_takes_ceil_log2_T_levels_and_every_element_is_final_after_them(T):
    a, b = np.full(T, 0.9), np.ones(T)
    A, B, levels = scan.scan_levels(a, b, keep_levels=True)
    assert len(levels) - 1 == scan.num_levels(T) == int(np.ceil(np.log2(T)))
    assert np.allclose(levels[-1][1], scan.linear_recurrence_loop(a, b))


def test_combine_is_associative():
    rng = np.random.default_rng(2)
    p, q, r = rng.standard_normal((3, 2, 6))
    assert np.allclose(scan.combine(*scan.combine(*p, *q), *r), scan.combine(*p, *scan.combine(*q, *r)))


def test_log_space_form_survives_where_the_plain_closed_form_breaks():
    rng = np.random.default_rng(3)
    a, b = rng.uniform(0.4, 0.6, 2000), rng.standard_normal(2000)
    exact = scan.linear_recurrence_loop(a, b, np.array(1.0))
    plain = scan.cumulative_form(a, b, np.array(1.0))
    assert not np.all(np.isfinite(plain))
    assert np.max(np.abs(scan.log_space_scan(np.log(a), b, np.array(1.0)) - exact) / np.abs(exact)) < 1e-9


@pytest.mark.parametrize("a, b, h0, words", [
    (np.ones((3, 2)), np.ones((3, 3)), None, "b must have the shape of a"),
    (np.ones((0, 2)), np.ones((0, 2)), None, "T >= 1"),
    (np.ones((3, 2)), np.ones((3, 2)), np.ones(3), "h0 must have shape (2,)"),
    (np.ones((3, 2), int), np.ones((3, 2)), None, "float or complex"),
    (np.full((3, 2), np.nan), np.ones((3, 2)), None, "NaN"),
])
def test_linear_scan_names_the_argument_that_is_wrong(a, b, h0, words):
    with pytest.raises((ValueError, TypeError), match=words.replace("(", r"\(").replace(")", r"\)")):
        rl.linear_scan(a, b, h0)


def test_linear_scan_rejects_an_unknown_method():
    with pytest.raises(ValueError, match="method"):
        rl.linear_scan(np.ones(3), np.ones(3), method="fast")


# ----- minGRU ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("shape", [(6, 2, 3), (1, 1, 3), (9, 3)])
def test_mingru_backward_matches_central_differences(shape):
    rng = np.random.default_rng(4)
    layer = rl.MinGRU(3, 4, seed=0)
    x = rng.standard_normal(shape)
    h0 = rng.standard_normal((shape[1], 4) if len(shape) == 3 else (4,))
    errors = rl.check_layer(layer, x, h0)
    assert max(errors.values()) < 1e-7, errors
    assert set(errors) == {"W_xz", "b_z", "W_xh", "b_h", "x", "state0[0]"}


@pytest.mark.parametrize("truncate", [None, 1, 2, 5, 8])
def test_mingru_scans_equal_the_loop_over_its_step_functions(truncate):
    rng = np.random.default_rng(5)
    layer = rl.MinGRU(3, 4, seed=1)
    x, h0 = rng.standard_normal((8, 2, 3)), rng.standard_normal((2, 4))
    hs, cache = layer.forward(x, h0)
    hs_loop, loop_cache = Recurrent._forward(layer, x, (h0,))
    assert np.abs(hs - hs_loop).max() < 1e-12
    dhs, dstate = rng.standard_normal(hs.shape), rng.standard_normal(h0.shape)
    grads, dx, dh0 = layer.backward(dhs, cache, dstate, truncate=truncate)
    grads_loop, dx_loop, (dh0_loop,) = Recurrent._backward(layer, dhs, loop_cache, (dstate,), truncate)
    for name in grads:
        assert np.abs(grads[name] - grads_loop[name]).max() < 1e-12, name
    assert np.abs(dx - dx_loop).max() < 1e-12 and np.abs(dh0 - dh0_loop).max() < 1e-12


def test_mingru_works_inside_sequence_model_and_stacked_and_in_float32():
    model = rl.SequenceModel(rl.MinGRU(2, 5, seed=0), 1, many_to_one=True, seed=0)
    assert model.num_params == 2 * 5 * 3 + 6
    x = np.random.default_rng(6).standard_normal((7, 3, 2))
    ys, cache = model.forward(x)
    assert ys.shape == (3, 1) and model.backward(np.ones_like(ys), cache)[0].keys() == model.params.keys()
    stack = rl.Stacked([rl.MinGRU(2, 4, seed=0), rl.MinGRU(4, 3, seed=1)])
    assert max(rl.check_layer(stack, x).values()) < 1e-7
    layer32 = rl.MinGRU(2, 4, seed=0, dtype=np.float32)
    assert layer32.forward(x.astype(np.float32))[0].dtype == np.float32


def test_mingru_step_forward_matches_the_sequence():
    layer = rl.MinGRU(2, 3, seed=0)
    x = np.random.default_rng(7).standard_normal((5, 2))
    hs, _ = layer.forward(x)
    h = None
    for t in range(5):
        h, _ = layer.step_forward(x[t], h)
        assert np.allclose(h, hs[t])


def test_mingru_rejects_a_wrong_input_shape_with_the_shared_message():
    with pytest.raises(ValueError, match=r"x must have shape \(T, B, 2\)"):
        rl.MinGRU(2, 3).forward(np.zeros((4, 1, 3)))

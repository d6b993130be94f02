"""The memory rnnlib.fast keeps between calls (kernels.KeptMemory._array) never changes a result, and is reused;
the kernels' in-place (`out=`) element-wise functions equal the readable ones.

Arrays under 64 KiB are allocated afresh rather than kept, so every layer test here uses sizes whose arrays
are 64 KiB or more, e.g. (T, B, H) = (8, 16, 64) in float64.
"""
import warnings

import numpy as np
import pytest

import rnnlib as rl
from fast_cases import make_fast_layer
from layer_cases import LAYERS
from rnnlib.fast import kernels
from rnnlib.nn import functional


def parts(state):
    return state if isinstance(state, tuple) else (state,)


@pytest.mark.parametrize("kind", LAYERS)
def test_kept_memory_never_changes_a_result(kind, rng):
    # The layers keep the memory of their large arrays from call to call, caches included, and hand it out
    # again only when nothing refers to it any more. Results must be the same whether calls interleave,
    # repeat or change shape in between, and an array a caller still holds must never change.
    layer = make_fast_layer(kind, 3, 64)
    x1, x2 = rng.standard_normal((8, 16, 3)), rng.standard_normal((8, 16, 3))
    dh1, dh2 = rng.standard_normal((8, 16, 64)), rng.standard_normal((8, 16, 64))
    fresh = make_fast_layer(kind, 3, 64)
    expected = fresh.backward(dh1, fresh.forward(x1)[1])
    hs1, cache1 = layer.forward(x1)
    hs1_before = hs1.copy()
    for _ in range(3):  # more forwards (each holding its cache for a while) before the first backward
        _, cache2 = layer.forward(x2)
        layer.backward(dh2, cache2)
    layer.forward(rng.standard_normal((9, 17, 3)))  # another shape in between
    for _ in range(2):  # and the same backward twice
        grads, dx, _ = layer.backward(dh1, cache1)
        for k in grads:
            np.testing.assert_array_equal(grads[k], expected[0][k])
        np.testing.assert_array_equal(dx, expected[1])
    np.testing.assert_array_equal(hs1, hs1_before)
    # Holding only a view of a cache array is enough to keep its memory from being reused.
    view = cache1["h"][1:, 0]
    view_before = view.copy()
    del hs1, cache1
    for _ in range(3):
        layer.backward(dh2, layer.forward(x2)[1])
    np.testing.assert_array_equal(view, view_before)


@pytest.mark.parametrize("kind", LAYERS)
def test_memory_of_a_dropped_cache_is_reused(kind, rng):
    # The point of keeping memory: once a cache is gone, the next call writes into the same memory.
    layer = make_fast_layer(kind, 3, 64)
    x = rng.standard_normal((8, 16, 3))  # hs: (8, 16, 64), 64 KiB, large enough to come from kept memory
    hs, cache = layer.forward(x)
    address = hs.ctypes.data
    del hs, cache
    hs, cache = layer.forward(x)
    assert hs.ctypes.data == address
    assert hs.ctypes.data % 64 == 0  # and it starts on a cache line



@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_kernel_sigmoid_is_the_readable_sigmoid_exact_at_the_limits_and_works_in_place(dtype):
    a = np.linspace(-40.0, 40.0, 20001).astype(dtype)
    np.testing.assert_array_equal(kernels.sigmoid(a), rl.sigmoid(a))  # the same operations, bit for bit
    b = a.copy()
    assert kernels.sigmoid(b, out=b) is b
    np.testing.assert_array_equal(b, rl.sigmoid(a))
    assert b.dtype == dtype
    with warnings.catch_warnings():  # exp(-a) overflows for a < -709: silenced, and the limit is exact
        warnings.simplefilter("error")
        limits = np.array([-np.inf, -1000.0, 0.0, 1000.0, np.inf], dtype)
        np.testing.assert_array_equal(kernels.sigmoid(limits, out=limits), [0.0, 0.0, 0.5, 1.0, 1.0])


@pytest.mark.parametrize("name", ["sigmoid_slope", "tanh_slope", "relu", "relu_slope", "identity", "identity_slope"])
def test_kernel_functions_with_out_equal_the_readable_ones(name, rng):
    # (Of these kernels only sigmoid promises to work in place, with its own input as `out`.)
    a = rng.standard_normal(1000)
    readable = getattr(functional, name)(a)
    out = np.full_like(a, np.nan)
    assert getattr(kernels, name)(a, out=out) is out
    np.testing.assert_array_equal(out, readable)
    np.testing.assert_array_equal(getattr(kernels, name)(a), readable)  # and without `out`

"""Truncated BPTT: the same as full BPTT when k >= T; the same as training on detached chunks when k < T."""
import numpy as np
import pytest

from layer_cases import LAYERS, make_layer


def _grads(layer, x, dhs, k):
    _, cache = layer.forward(x)
    return layer.backward(dhs, cache, truncate=k)


@pytest.mark.parametrize("kind", LAYERS)
@pytest.mark.parametrize("k", [8, 9, 100])
def test_truncated_bptt_equals_full_bptt_when_k_covers_the_sequence(kind, k, rng):
    layer = make_layer(kind, 2, 3)
    x, dhs = rng.standard_normal((8, 2, 2)), rng.standard_normal((8, 2, 3))
    full, dx_full, _ = _grads(layer, x, dhs, None)
    trunc, dx_trunc, _ = _grads(layer, x, dhs, k)
    for name in full:
        np.testing.assert_array_equal(full[name], trunc[name])
    np.testing.assert_array_equal(dx_full, dx_trunc)


@pytest.mark.parametrize("kind", LAYERS)
@pytest.mark.parametrize("k", [1, 3, 4])
def test_truncated_bptt_equals_backprop_through_detached_chunks(kind, k, rng):
    layer = make_layer(kind, 2, 3)
    T = 8
    x, dhs = rng.standard_normal((T, 2, 2)), rng.standard_normal((T, 2, 3))
    trunc, dx_trunc, _ = _grads(layer, x, dhs, k)
    expected = {name: np.zeros_like(p) for name, p in layer.params.items()}
    dx_chunks, state = [], None
    for start in range(0, T, k):
        _, cache = layer.forward(x[start : start + k], state)
        grads, dx, _ = layer.backward(dhs[start : start + k], cache)
        for name in grads:
            expected[name] += grads[name]
        dx_chunks.append(dx)
        state = cache["final_state"]
    for name in expected:
        np.testing.assert_allclose(trunc[name], expected[name], rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(dx_trunc, np.concatenate(dx_chunks), rtol=1e-12, atol=1e-12)
    full, _, _ = _grads(layer, x, dhs, None)
    assert not np.allclose(full["W_h" if kind != "rnn" else "W_hh"], trunc["W_h" if kind != "rnn" else "W_hh"])

"""rnnlib.fast's layers give the readable layers' results: forward hs and final state, every gradient, dx and
dstate0, over shapes, initial states, a given dstate, truncation, the RNN's activations, the one-sequence
(T, D) form and both dtypes.

"Equal" is to rtol relative to each array's largest entry (1e-12 in float64): the two compute the same sums
in a different order (one matmul over all time steps against T per-step products), so an entry that is a
sum cancelling to nearly zero differs from its twin by rounding of the size of the array's other entries.
"""
import numpy as np
import pytest

from fast_cases import FAST, make_twins
from layer_cases import LAYERS

VARIANTS = {  # id: (kind, constructor keywords)
    "rnn-tanh": ("rnn", {"activation": "tanh"}),
    "rnn-relu": ("rnn", {"activation": "relu"}),
    "rnn-identity": ("rnn", {"activation": "identity"}),
    "lstm": ("lstm", {}),
    "gru": ("gru", {}),
}

_draw = np.random.default_rng(7)
SHAPES = [  # (T, B, D, H)
    (1, 1, 2, 3),  # one step, one sequence
    (1, 5, 3, 4),
    (50, 1, 3, 4),  # the adding problem's length, batch of one
    (50, 16, 3, 32),  # T = 50 with arrays of 64 KiB and more, which the fast layers keep between calls
    (8, 16, 3, 64),
    *(tuple(int(n) for n in _draw.integers([2, 1, 1, 1], [21, 10, 8, 13])) for _ in range(3)),  # random
]
TRUNCATIONS = [None, 1, 3, "T"]  # "T": windows as long as the sequence, the same as full BPTT


def random_state(layer, batch_shape, rng):
    """A random public state in the layer's dtype: h of shape (*batch_shape, H), or the pair (h, c) for the LSTM."""
    shape = (*batch_shape, layer.hidden_size)
    parts = tuple(rng.standard_normal(shape).astype(layer.dtype) for _ in range(layer.state_size))
    return parts if layer.state_size > 1 else parts[0]


def run(layer, x, state, dhs, dstate, truncate):
    """One forward and backward; every result by name, the LSTM's pairs split into h and c."""
    hs, cache = layer.forward(x, state)
    grads, dx, dstate0 = layer.backward(dhs, cache, dstate, truncate=truncate)
    out = {"hs": hs, "dx": dx, **{f"grads[{k!r}]": g for k, g in grads.items()}}
    for name, value in (("final_state", cache["final_state"]), ("dstate0", dstate0)):
        parts = value if isinstance(value, tuple) else (value,)
        out.update({f"{name}[{i}]": p for i, p in enumerate(parts)})
    return out


def assert_same_results(fast, readable, rtol, atol):
    """Same names, shapes and dtypes, and values to rtol and atol times each array's largest entry."""
    assert fast.keys() == readable.keys()
    for name, expected in readable.items():
        actual = fast[name]
        assert actual.shape == expected.shape and actual.dtype == expected.dtype, name
        scale = np.abs(expected).max(initial=0.0)
        np.testing.assert_allclose(actual, expected, rtol=rtol, atol=atol * scale, err_msg=name)


def compare(variant, shape, rng, *, given_state=True, given_dstate=True, truncate=None, dtype=np.float64,
            rtol=1e-12, atol=1e-12):
    kind, kwargs = VARIANTS[variant]
    T, B, D, H = shape
    readable, fast = make_twins(kind, D, H, dtype=dtype, **kwargs)
    batch = (B,) if B else ()  # B = 0: the one-sequence form, x (T, D) and states (H,)
    x = rng.standard_normal((T, *batch, D)).astype(dtype)
    dhs = rng.standard_normal((T, *batch, H)).astype(dtype)
    state = random_state(readable, batch, rng) if given_state else None
    dstate = random_state(readable, batch, rng) if given_dstate else None
    args = (x, state, dhs, dstate, T if truncate == "T" else truncate)
    expected = run(readable, *args)
    assert_same_results(run(fast, *args), expected, rtol, atol)
    return expected


@pytest.mark.parametrize("kind", LAYERS)
def test_same_seed_gives_the_same_layer(kind):
    readable, fast = LAYERS[kind](3, 5, seed=11), FAST[kind](3, 5, seed=11)
    assert isinstance(fast, LAYERS[kind])
    assert repr(fast) == repr(readable) and fast.gates == readable.gates
    assert fast.params.keys() == readable.params.keys()
    for name, p in readable.params.items():
        np.testing.assert_array_equal(fast.params[name], p)
        assert fast.params[name].dtype == p.dtype


@pytest.mark.parametrize("truncate", TRUNCATIONS, ids=lambda k: f"truncate={k}")
@pytest.mark.parametrize("given_dstate", [False, True], ids=["dstate=None", "dstate"])
@pytest.mark.parametrize("given_state", [False, True], ids=["state=None", "state"])
@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: "T{},B{},D{},H{}".format(*s))
@pytest.mark.parametrize("variant", VARIANTS)
def test_fast_equals_readable_in_float64(variant, shape, given_state, given_dstate, truncate, rng):
    compare(variant, shape, rng, given_state=given_state, given_dstate=given_dstate, truncate=truncate)


@pytest.mark.parametrize("truncate", TRUNCATIONS, ids=lambda k: f"truncate={k}")
@pytest.mark.parametrize("T", [1, 9])
@pytest.mark.parametrize("variant", VARIANTS)
def test_fast_equals_readable_for_one_sequence(variant, T, truncate, rng):
    results = compare(variant, (T, 0, 3, 5), rng, truncate=truncate)  # B = 0: x (T, D), states (H,)
    assert results["hs"].shape == (T, 5) and results["dx"].shape == (T, 3) and results["dstate0[0]"].shape == (5,)


@pytest.mark.parametrize("truncate", [None, 3])
@pytest.mark.parametrize("shape", [SHAPES[0], SHAPES[3], SHAPES[-1]], ids=lambda s: "T{},B{},D{},H{}".format(*s))
@pytest.mark.parametrize("variant", VARIANTS)
def test_fast_equals_readable_in_float32(variant, shape, truncate, rng):
    results = compare(variant, shape, rng, truncate=truncate, dtype=np.float32, rtol=1e-4, atol=1e-5)
    assert all(v.dtype == np.float32 for v in results.values())


@pytest.mark.parametrize("variant", VARIANTS)
def test_fast_equals_readable_over_consecutive_chunks(variant, rng):
    # Truncated BPTT as a training loop runs it: each chunk starts from the previous chunk's final state, and
    # the backward of the earlier chunk gets the later chunk's dstate0, while all the caches are held. A
    # (64, 128) state is 64 KiB: the fast layer keeps the memory of its states and their gradients too.
    kind, kwargs = VARIANTS[variant]
    readable, fast = make_twins(kind, 3, 128, **kwargs)
    x, dhs = rng.standard_normal((3, 4, 64, 3)), rng.standard_normal((3, 4, 64, 128))  # three chunks of T = 4

    def chunks(layer):
        state, caches, results = None, [], []
        for x_k in x:
            hs, cache = layer.forward(x_k, state)
            state = cache["final_state"]
            caches.append(cache)
            results.append(hs)
        dstate = None
        for k in reversed(range(len(x))):
            grads, dx, dstate = layer.backward(dhs[k], caches[k], dstate)
            results += [dx, *(grads[k] for k in layer.params), *(dstate if isinstance(dstate, tuple) else (dstate,))]
        return results

    for actual, expected in zip(chunks(fast), chunks(readable), strict=True):
        np.testing.assert_allclose(actual, expected, rtol=1e-12, atol=1e-12 * np.abs(expected).max())


@pytest.mark.parametrize("variant", VARIANTS)
def test_fast_equals_readable_on_arrays_that_are_not_contiguous(variant, rng):
    # Batch-major data transposed to time-major, and states cut out of wider arrays: views with strides.
    kind, kwargs = VARIANTS[variant]
    readable, fast = make_twins(kind, 3, 32, **kwargs)
    x = rng.standard_normal((16, 50, 3)).transpose(1, 0, 2)  # (T, B, D) = (50, 16, 3)
    dhs = rng.standard_normal((16, 50, 32)).transpose(1, 0, 2)
    wide = lambda: tuple(rng.standard_normal((16, 64))[:, ::2] for _ in range(readable.state_size))
    state, dstate = wide(), wide()
    if readable.state_size == 1:
        state, dstate = state[0], dstate[0]
    assert not x.flags.c_contiguous and not dhs.flags.c_contiguous
    expected = run(readable, x, state, dhs, dstate, 3)
    assert_same_results(run(fast, x, state, dhs, dstate, 3), expected, rtol=1e-12, atol=1e-12)

"""Gradient checking by central differences, in float64.

    dL/dp ~ (L(p + eps) - L(p - eps)) / (2 eps)    for every entry p of every array

The error reported for an array is the relative error of the whole array,
    ||analytic - numeric|| / (||analytic|| + ||numeric||),
which is about 1e-10 for a correct float64 backward pass and 1e-2 or more for a wrong one.
"""
import numpy as np

from .checks import rng_from


def numerical_gradient(f, a, eps=1e-6):
    """Central-difference gradient of the scalar function f() with respect to array `a`.

    `a` is perturbed in place one entry at a time and restored; f must read `a` when called.
    Returns an array shaped like `a`.
    """
    grad = np.zeros_like(a, dtype=np.float64)
    for idx in np.ndindex(a.shape):
        old = a[idx]
        a[idx] = old + eps
        plus = f()
        a[idx] = old - eps
        minus = f()
        a[idx] = old
        grad[idx] = (plus - minus) / (2 * eps)
    return grad


def relative_error(analytic, numeric):
    """||analytic - numeric|| / (||analytic|| + ||numeric||), and 0 when both are exactly zero."""
    diff = np.linalg.norm(np.asarray(analytic) - numeric)
    scale = np.linalg.norm(analytic) + np.linalg.norm(numeric)
    return 0.0 if scale == 0 else float(diff / scale)


def check_gradients(f, arrays, analytic, eps=1e-6):
    """Relative error of each analytic gradient against central differences.

    Args:
        f: function of no arguments returning the scalar loss, reading the arrays in `arrays`.
        arrays: dict name -> float64 array that f reads (perturbed in place, then restored).
        analytic: dict name -> gradient with the same shape.
    Returns:
        dict name -> relative error.
    """
    errors = {}
    for name, a in arrays.items():
        if a.dtype != np.float64:
            raise TypeError(f"gradient checks need float64 arrays; {name} is {a.dtype}")
        errors[name] = relative_error(analytic[name], numerical_gradient(f, a, eps))
    return errors


def _scalar_loss(layer, x, state, seed):
    """Random weights w (fixed by seed) that make L = sum(w * hs) + sum(w' * final state) a scalar."""
    rng = rng_from(seed)
    hs, cache = layer.forward(x, state)
    w_hs = rng.standard_normal(hs.shape)
    final = cache["final_state"]
    w_final = tuple(rng.standard_normal(p.shape) for p in (final if isinstance(final, tuple) else (final,)))

    def loss(hs, final):
        parts = final if isinstance(final, tuple) else (final,)
        return float(np.sum(w_hs * hs) + sum(np.sum(w * p) for w, p in zip(w_final, parts)))

    dstate = w_final if isinstance(final, tuple) else w_final[0]
    return loss, w_hs, dstate


def check_layer(layer, x, state=None, *, truncate=None, seed=0, eps=1e-6):
    """Gradient-check a recurrent layer's backward pass on input x, for every parameter, x and the state.

    The loss is L = sum(w * hs) + sum(w' * final state) with random w, w' from `seed`, so every output
    and the final state receive a gradient. With `truncate` only full BPTT is compared against
    numbers, so use it only with truncate >= T (where the two must agree).
    Returns:
        dict name -> relative error, for each parameter, "x" and each part of the initial state.
    """
    x = np.array(x, dtype=np.float64)
    if state is None:
        state = layer.zero_state(x.shape[1] if x.ndim == 3 else None)
    parts = state if isinstance(state, tuple) else (state,)
    parts = tuple(np.array(p, dtype=np.float64) for p in parts)
    state = parts if isinstance(state, tuple) else parts[0]
    loss, w_hs, dstate = _scalar_loss(layer, x, state, seed)

    def f():
        hs, cache = layer.forward(x, state)
        return loss(hs, cache["final_state"])

    _, cache = layer.forward(x, state)
    grads, dx, dstate0 = layer.backward(w_hs, cache, dstate, truncate=truncate)
    dparts = dstate0 if isinstance(dstate0, tuple) else (dstate0,)
    arrays = dict(layer.params, x=x)
    analytic = dict(grads, x=dx)
    for k, (p, dp) in enumerate(zip(parts, dparts)):
        arrays[f"state0[{k}]"], analytic[f"state0[{k}]"] = p, dp
    return check_gradients(f, arrays, analytic, eps)


def per_step_errors(layer, x, *, step_backward=None, seed=0, eps=1e-6):
    """Gradient check of each time step's contribution to each parameter's gradient.

    The layer is unrolled with a separate copy of the parameters at every step, so dL/dW at step t is
    well defined; the gradient of the shared weights is the sum of these over t. Numbers come from
    perturbing only step t's copy; the analytic contributions from `step_backward` (the layer's own
    by default; pass a function (dstate_t, cache) -> (grads, dx_t, dstate_prev) to check another).

    Args:
        layer: an RNN, LSTM or GRU in float64; x: (T, B, D) or (T, D).
    Returns:
        errors: (T, P) relative errors, one row per step, one column per parameter;
        names: the P parameter names; contributions: list over t of dicts of analytic gradients.
    """
    x = np.array(x, dtype=np.float64)
    T = x.shape[0]
    step_backward = step_backward or layer.step_backward
    copies = [{k: v.copy() for k, v in layer.params.items()} for _ in range(T)]
    loss, w_hs, dstate = _scalar_loss(layer, x, None, seed)

    def unrolled():
        state, caches, hs = None, [], []
        for t in range(T):
            state, cache = layer.step_forward(x[t], state, params=copies[t])
            caches.append(cache)
            hs.append(state[0] if isinstance(state, tuple) else state)
        return np.stack(hs), state, caches

    hs, final, caches = unrolled()
    contributions = [None] * T
    dnext = dstate
    for t in reversed(range(T)):
        dh_t = w_hs[t] + (dnext[0] if isinstance(dnext, tuple) else dnext)
        dstate_t = (dh_t,) + tuple(dnext[1:]) if isinstance(dnext, tuple) else dh_t
        contributions[t], _, dnext = step_backward(dstate_t, caches[t])

    def f():
        hs, final, _ = unrolled()
        return loss(hs, final)

    names = list(layer.params)
    errors = np.array([[relative_error(contributions[t][k], numerical_gradient(f, copies[t][k], eps))
                        for k in names] for t in range(T)])
    return errors, names, contributions

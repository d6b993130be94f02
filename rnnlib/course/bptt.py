"""Notebooks 03 and 04: BPTT laid open: every intermediate of the backward walk, truncation and its cost.

For the vanilla RNN a_t = W_hh h_{t-1} + W_xh x_t + b_h, h_t = f(a_t) and a loss L = sum_t L_t, the
backward walk goes t = T, T-1, ..., 1 and keeps total and partial derivatives apart:

    dL/dh_t = dL_t/dh_t (partial: the loss at step t)  +  (dL/dh_{t+1}) dh_{t+1}/dh_t (everything later)
    dL/da_t = dL/dh_t * f'(a_t)                                  (elementwise)
    dL/dW_hh = sum_t dL/da_t h_{t-1}^T,  dL/dW_xh = sum_t dL/da_t x_t^T,  dL/db_h = sum_t dL/da_t

Unrolled, the recursion is a sum over paths: the loss at every step s >= t reaches h_t through the chain
h_t -> h_{t+1} -> ... -> h_s, one Jacobian dh_j/dh_{j-1} = diag(f'(a_j)) W_hh per link (gradients as rows):

    dL/dh_t = sum_{s=t}^{T} (dL_s/dh_s) J_s J_{s-1} ... J_{t+1},    J_j = diag(f'(a_j)) W_hh

`RNN.backward` computes the same numbers as one loop; `bptt_trace` keeps each step's terms and `path_terms`
each path's, so a notebook or a widget can show them. With truncation (`backward(..., truncate=k)`) no gradient
crosses a window boundary, which is what training on chunks of k steps computes; `chunk_cost` measures what that
saves.
"""
import numpy as np

from ..nn.functional import ACTIVATIONS
from ..nn.losses import softmax_cross_entropy
from ..nn.rnn import RNN, rnn_step_backward, rnn_step_forward
from ..nn.checks import check_like, check_positive_int, check_sequence
from .parallel import cpu_ms


def bptt_trace(layer, x, dhs, state=None):
    """Walk backwards through one sequence step by step and keep every term of the BPTT recursion.

    Args:
        layer: an `rl.RNN`; x: (T, D) one input sequence; dhs: (T, H) the partial derivatives dL_t/dh_t
            (the loss's direct gradient at each step; zero rows where a step has no loss);
        state: h_0 (H,), zeros when None.
    Returns:
        dict of arrays: "h" (T, H) states h_1..h_T; "h_prev" (T, H) h_0..h_{T-1};
        "local" (T, H) dL_t/dh_t; "carried" (T, H) (dL/dh_{t+1}) dh_{t+1}/dh_t (zero at t = T);
        "total" (T, H) dL/dh_t = local + carried; "da" (T, H) dL/da_t;
        "dW_hh" (T, H, H), "dW_xh" (T, H, D), "db_h" (T, H): each step's contribution (they sum to the
        gradient); "dh0" (H,) dL/dh_0.
    """
    if not isinstance(layer, RNN):
        raise TypeError(f"layer must be an rl.RNN; got {type(layer).__name__}")
    x, single = check_sequence(x, "x", layer.input_size, layer.dtype)
    if not single:
        raise ValueError(f"x must be one sequence of shape (T, {layer.input_size}); got {x.shape[:1] + x.shape[2:]} "
                         f"with a batch axis of {x.shape[1]}")
    T, H = x.shape[0], layer.hidden_size
    dhs = check_like(dhs, "dhs", (T, H), layer.dtype, "(T, H) (time, hidden)")
    h = np.zeros((1, H), layer.dtype) if state is None else check_like(state, "state", (H,), layer.dtype, "(H,)")[None]
    caches = []
    for t in range(T):  # forward: h_t from x_t and h_{t-1}, then h_t is carried on as the next h_{t-1}
        h, cache = rnn_step_forward(x[t], h, layer.params, layer.activation)  # (1, H)
        caches.append(cache)
    out = {name: np.zeros((T, H), layer.dtype) for name in ("carried", "total", "da", "db_h")}
    out["dW_hh"] = np.zeros((T, H, H), layer.dtype)
    out["dW_xh"] = np.zeros((T, H, layer.input_size), layer.dtype)
    carried = np.zeros(H, layer.dtype)  # nothing comes back from after the last step
    for t in reversed(range(T)):  # backward: dL/dh_t needs dL/dh_{t+1}
        out["carried"][t] = carried
        out["total"][t] = dhs[t] + carried  # total = partial at step t + everything later
        grads, _, dh_prev = rnn_step_backward(out["total"][t][None], caches[t])
        out["dW_hh"][t], out["dW_xh"][t], out["db_h"][t] = grads["W_hh"], grads["W_xh"], grads["b_h"]
        out["da"][t] = grads["b_h"]  # with one sequence, dL/db_h at step t is dL/da_t itself
        carried = dh_prev[0]  # (dL/dh_t) dh_t/dh_{t-1}, carried to step t-1
    out["dh0"] = carried
    out["local"] = dhs.copy()
    out["h"] = np.concatenate([c["h_t"] for c in caches])
    out["h_prev"] = np.concatenate([c["h_prev"] for c in caches])
    return out


def path_terms(layer, x, dhs, state=None):
    """The BPTT recursion unrolled into its sum over paths: what the loss at step s sends back to h_t.

    P[t-1, s-1] = (dL_s/dh_s) J_s J_{s-1} ... J_{t+1} for s >= t (the empty product at s = t: the partial
    derivative itself), zero for s < t, with the Jacobians J_j = dh_j/dh_{j-1} = diag(f'(a_j)) W_hh. Summed over
    s it is dL/dh_t, the recursion's total derivative (`bptt_trace(...)["total"]`), computed here without it:
    every path is a product of matrices of its own.

    Args:
        layer: an `rl.RNN`; x: (T, D) one sequence; dhs: (T, H) the partial derivatives dL_s/dh_s;
        state: h_0 (H,), zeros when None.
    Returns:
        P: (T, T, H), P[t-1, s-1] the share of the loss at step s in dL/dh_t.
    """
    trace = bptt_trace(layer, x, dhs, state)  # validates the arguments; its states give f'(a_j)
    T, H = trace["h"].shape
    fprime = ACTIVATIONS[layer.activation][1](trace["h"])  # f'(a_j) from h_j, (T, H)
    J = fprime[:, :, None] * layer.params["W_hh"]  # J[j-1] = diag(f'(a_j)) W_hh, (T, H, H)
    P = np.zeros((T, T, H), layer.dtype)
    for s in range(T):  # the path from the loss at step s + 1 ...
        path = trace["local"][s]  # (H,) dL_s/dh_s
        for t in range(s, -1, -1):  # ... back to h_{t+1}, one more link each time
            P[t, s] = path
            path = path @ J[t]  # one step further back: times J_{t+1} = dh_{t+1}/dh_t
    return P


def numerical_state_gradients(layer, x, dhs, eps=1e-6):
    """dL/dh_t for every t by central differences, independent of any backward pass: nudge h_t, run the layer on
    from there over x_{t+1}..x_T, and measure the linear loss L = sum_s dhs[s] . h_s (s >= t; the loss before t
    does not depend on h_t). Compare with `bptt_trace(...)["total"]`.

    Args:
        layer: an `rl.RNN`; x: (T, D) one sequence; dhs: (T, H) the partial derivatives dL_s/dh_s.
    Returns:
        (T, H) array, row t - 1 = dL/dh_t.
    """
    hs, _ = layer.forward(x)  # (T, H)
    T, H = hs.shape
    grads = np.zeros((T, H))
    for t in range(T):
        for i in range(H):
            losses = []
            for sign in (1.0, -1.0):
                h_t = hs[t].copy()
                h_t[i] += sign * eps
                later = layer.forward(x[t + 1:], h_t)[0] if t + 1 < T else np.zeros((0, H))  # h_{t+1}..h_T
                losses.append(dhs[t] @ h_t + np.sum(dhs[t + 1:] * later))
            grads[t, i] = (losses[0] - losses[1]) / (2 * eps)
    return grads


def training_step(model, x, targets, learning_rate):
    """One update of a many-to-many RNN classifier written out step by step (what `fit` does, unrolled).

    Args:
        model: an `rl.SequenceModel` around an `rl.RNN` (many-to-many); its params are updated in place.
        x: (T, B, D) inputs; targets: (T, B) integer classes; learning_rate: eta of W <- W - eta dL/dW.
    Returns:
        loss (float, before the update) and grads (dict keyed like model.params).
    """
    p = model.params
    T, B, _ = x.shape
    # 1. send the input in, one step at a time
    # 2. compute each state from the current input x_t and the previous state h_{t-1}
    # 3. carry h_t forward: it is the next step's h_{t-1}
    h, caches = np.zeros((B, model.core.hidden_size)), []
    for t in range(T):
        h, cache = rnn_step_forward(x[t], h, p, model.core.activation)  # (B, H)
        caches.append(cache)
    hs = np.stack([c["h_t"] for c in caches])  # (T, B, H)
    # 4. produce the output y_t = W_hy h_t + b_y at every step
    ys = hs @ p["W_hy"].T + p["b_y"]  # (T, B, K)
    # 5. measure the error against the target
    loss, dys = softmax_cross_entropy(ys, targets)  # dys = dL/dy_t, (T, B, K)
    # 6. backpropagate the error through every time step, from t = T down to t = 1
    grads = {name: np.zeros_like(a) for name, a in p.items()}
    grads["W_hy"] = np.einsum("tbk,tbh->kh", dys, hs)  # sum_t dL/dy_t h_t^T
    grads["b_y"] = dys.sum(axis=(0, 1))
    dhs = dys @ p["W_hy"]  # dL_t/dh_t, the partial derivative at each step, (T, B, H)
    carried = np.zeros_like(h)  # (dL/dh_{t+1}) dh_{t+1}/dh_t; nothing after the last step
    for t in reversed(range(T)):
        step_grads, _, carried = rnn_step_backward(dhs[t] + carried, caches[t])  # total dL/dh_t goes in
        for name, g in step_grads.items():
            grads[name] += g  # the weights are shared: add up every step's share
    # 7. update the weights: W <- W - learning_rate * dL/dW
    for name, a in p.items():
        a -= learning_rate * grads[name]
    return loss, grads


def truncation_errors(layer, x, dhs, ks):
    """How far truncated BPTT's gradient is from the full one, for each window length k.

    Args:
        layer: an RNN, LSTM or GRU; x: (T, B, D) or (T, D); dhs: like the layer's output, dL/dh_t;
        ks: window lengths (whole numbers >= 1).
    Returns:
        (len(ks),) errors ||g_k - g|| / ||g|| relative to the full gradient, all parameter gradients together
        (g: full BPTT, g_k: windows of k; 0 once k >= T; 0.1 means the cut-off part is 10 % of g's length).
    """
    _, cache = layer.forward(x)
    names = sorted(layer.params)
    full = layer.backward(dhs, cache)[0]
    g = np.concatenate([full[n].ravel() for n in names])
    errors = []
    for k in ks:
        grads = layer.backward(dhs, cache, truncate=check_positive_int(k, "k"))[0]
        g_k = np.concatenate([grads[n].ravel() for n in names])
        errors.append(float(np.linalg.norm(g_k - g) / np.linalg.norm(g)))
    return np.array(errors)


def gradient_reach(layer, x, truncate=None):
    """How strongly each state depends on each input, as backpropagation sees it: R[t-1, s-1] = ||dh_t/dx_s||.

    The norm is the Frobenius norm of the (H, D) Jacobian dh_t/dx_s: for each t, one backward pass over a batch
    of H copies of the sequence with the unit vectors e_1..e_H as the gradient on h_t (copy i then receives row i
    of the Jacobian, d h_{t,i}/dx_s, at every s).

    Args:
        layer: a recurrent layer; x: (T, D) one sequence; truncate: None (full BPTT) or a window k.
    Returns:
        R: (T, T); row t holds ||dh_t/dx_s|| for every input step s. With full BPTT the lower triangle s <= t is
        non-zero; with truncation only s in t's own window is.
    """
    x, single = check_sequence(x, "x", layer.input_size, layer.dtype)
    if not single:
        raise ValueError(f"x must be one sequence of shape (T, {layer.input_size}); got a batch axis of {x.shape[1]}")
    T, H = x.shape[0], layer.hidden_size
    copies = np.repeat(x, H, axis=1)  # (T, H, D): H identical copies of the sequence
    hs, cache = layer.forward(copies)  # (T, H, H): copy b's state in row b
    R = np.zeros((T, T))
    for t in range(T):  # one backward pass per state h_t
        dhs = np.zeros_like(hs)
        dhs[t] = np.eye(H)  # copy i asks for d h_{t,i} / d(everything)
        dx = layer.backward(dhs, cache, truncate=truncate)[1]  # (T, H, D): dx[s, i] = d h_{t,i} / d x_s
        R[t] = np.linalg.norm(dx.reshape(T, -1), axis=1)  # Frobenius norm over (i, d)
    return R


def cache_nbytes(cache):
    """Bytes of the arrays a forward pass keeps for its backward pass (what training must hold in memory).

    Each array counts once, however often the cache holds it (h_prev is the previous step's h_t). The
    parameters are left out: they are the model's, not the cache's.
    """
    blocks = {}

    def visit(value):
        if isinstance(value, np.ndarray):
            blocks[(value.__array_interface__["data"][0], value.nbytes)] = value.nbytes
        elif isinstance(value, dict):
            for key, item in value.items():
                if key != "params":
                    visit(item)
        elif isinstance(value, (list, tuple)):
            for item in value:
                visit(item)

    visit(cache)
    return sum(blocks.values())


def chunk_cost(layer, x, chunk, *, repeats=7):
    """Measure one update of training on chunks of `chunk` steps (forward + backward over one chunk).

    Truncated BPTT saves only when training really goes chunk by chunk: forward `chunk` steps, backward,
    update, carry the final state into the next chunk. Per update, memory and work then scale with the
    chunk length instead of with T; per whole sequence the total work is about the same.

    Args:
        layer: a recurrent layer; x: (T, B, D) the sequence batch; chunk: steps per update (T for full BPTT);
        repeats: timed repetitions (the smallest is reported).
    Returns:
        dict: "cache_bytes" kept between forward and backward for one chunk; "ms_per_update" the smallest CPU
        time (`parallel.cpu_ms`, in milliseconds) of forward + backward over one chunk; "updates_per_sequence"
        = ceil(T / chunk).
    """
    x, _ = check_sequence(x, "x", layer.input_size, layer.dtype)
    chunk = check_positive_int(chunk, "chunk")
    part = x[: min(chunk, x.shape[0])]
    kept = {}

    def update():
        hs, cache = layer.forward(part)
        layer.backward(np.ones_like(hs), cache)
        kept["cache"] = cache

    ms = cpu_ms({"update": update}, check_positive_int(repeats, "repeats"))["update"]
    return {"cache_bytes": cache_nbytes(kept["cache"]), "ms_per_update": ms,
            "updates_per_sequence": -(-x.shape[0] // chunk)}

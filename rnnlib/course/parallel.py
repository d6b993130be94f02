"""Notebook 09: experiments on recurrences that need not wait: one function per claim, rerun over seeds by the tests.

- `cpu_ms`: the CPU time of functions that take turns (also what notebook 03's `bptt.chunk_cost` times with).
- `sequential_steps`, `time_scan_vs_loop`, `crossover`: the dependency depth and the time of loop vs scan.
- `underflow_case`: a long product that leaves the float range; the plain closed form against the log-space form.
- `adding_experiment`: minGRU against the GRU on notebook 05's adding problem, scored as there
  (`gated_experiments.adding_problem_scores`), at an equal parameter budget (`mingru_for_budget`).
- `parity_experiment`: state tracking (running parity, `deep_rnn.parity_task`): GRU, minGRU, two minGRU layers;
  `parity_training_curve`: one of those models trained longer, scored along the way.
- `impulse_memory`, `lru_ring_init`: eigenvalues as memory; the LRU's ring initialisation (Orvieto et al. 2023).
- `lti_kernel`, `lti_recurrence`: a linear time-invariant recurrence and its convolution kernel K_k = C A^k B.
- `time_layers`: forward + backward time of recurrent layers given by the notebook (readable, tuned, a naive loop,
  the loop over a layer's step function).
"""
import time

import numpy as np

from ..nn.checks import check_positive_float, check_positive_int, rng_from
from ..nn.gru import GRU
from ..nn.losses import mse
from ..nn.mingru import MinGRU
from ..nn.models import SequenceModel
from ..nn.optim import Adam
from ..nn.recurrent import Recurrent
from ..nn.scan import linear_recurrence_loop, linear_scan, log_space_scan, cumulative_form, num_levels
from ..nn.stacked import Stacked
from ..nn.train import fit
from . import deep_rnn
from .gated_experiments import adding_problem_scores
from .tasks import adding_problem


def cpu_ms(fns, repeats=5):
    """The smallest CPU time, in milliseconds, of each function over `repeats` calls, after one warm-up call each.

    CPU time (`time.process_time`) counts only the time this process ran, not the time other programs held the
    processor, and the calls take turns (one call of each function per round), so a change in the machine's load
    affects every function alike. With one BLAS thread (OPENBLAS_NUM_THREADS=1, as the notebooks and tests set it)
    it is about the wall time of the same call on an idle machine.

    Args:
        fns: {name: fn}, each fn called without arguments; repeats: the rounds.
    Returns: {name: milliseconds}.
    """
    for fn in fns.values():
        fn()
    best = {name: float("inf") for name in fns}
    for _ in range(repeats):
        for name, fn in fns.items():
            start = time.process_time()
            fn()
            best[name] = min(best[name], time.process_time() - start)
    return {name: 1e3 * seconds for name, seconds in best.items()}


# ----- 1-2. which recurrences must wait, and the scan --------------------------------------------------------
def sequential_steps(seq_len):
    """Steps that must run one after another: T for h_t = tanh(W_hh h_{t-1} + ...), ceil(log2 T) scan levels
    for h_t = a_t * h_{t-1} + b_t (each level's work is independent across t)."""
    T = check_positive_int(seq_len, "seq_len")
    return {"tanh RNN": T, "linear, by the scan": num_levels(T)}


def time_scan_vs_loop(seq_lens, batch_size, hidden_size, *, repeats=5, seed=0):
    """CPU time (`cpu_ms`) of `linear_recurrence_loop` and `linear_scan` on a, b of shape (T, B, H), for each T.

    Returns: {"seq_len": (n,), "loop_ms": (n,), "scan_ms": (n,), "max_error": largest |scan - loop|}."""
    rng = rng_from(seed)
    loop_ms, scan_ms, worst = [], [], 0.0
    for T in seq_lens:
        a = rng.uniform(0.5, 1.0, (T, batch_size, hidden_size))
        b = rng.standard_normal((T, batch_size, hidden_size))
        worst = max(worst, float(np.abs(linear_scan(a, b) - linear_recurrence_loop(a, b)).max()))
        ms = cpu_ms({"loop": lambda: linear_recurrence_loop(a, b), "scan": lambda: linear_scan(a, b)}, repeats)
        loop_ms.append(ms["loop"])
        scan_ms.append(ms["scan"])
    return {"seq_len": np.array(seq_lens), "loop_ms": np.array(loop_ms), "scan_ms": np.array(scan_ms),
            "max_error": worst, "batch_size": batch_size, "hidden_size": hidden_size}


def crossover(timing):
    """The smallest measured T from which the scan is faster than the loop at every larger measured T (None if
    the scan is not faster at the largest T)."""
    faster = timing["scan_ms"] < timing["loop_ms"]
    if not faster[-1]:
        return None
    k = len(faster) - 1
    while k > 0 and faster[k - 1]:
        k -= 1
    return int(timing["seq_len"][k])


def underflow_case(seq_len=2000, seed=0):
    """a_t ~ U(0.4, 0.6), b_t ~ N(0, 1), h_0 = 1: the product A*_t = a_1 ... a_t leaves the float64 range.

    Returns: {"A_star": (T,), "plain_error", "log_error", "scan_error": (T,) relative errors against the loop
    (inf where the plain form gave inf or NaN)}."""
    rng = rng_from(seed)
    a, b, h0 = rng.uniform(0.4, 0.6, seq_len), rng.standard_normal(seq_len), np.array(1.0)
    exact = linear_recurrence_loop(a, b, h0)

    def error(h):
        with np.errstate(invalid="ignore"):
            e = np.abs(h - exact) / np.abs(exact)
        return np.where(np.isfinite(h), e, np.inf)

    return {"A_star": np.cumprod(a), "plain_error": error(cumulative_form(a, b, h0)),
            "log_error": error(log_space_scan(np.log(a), b, h0)), "scan_error": error(linear_scan(a, b, h0))}


# ----- 3. minGRU against the GRU -------------------------------------------------------------------------
def gru_params(input_size, hidden_size, output_size):
    """Parameters of SequenceModel(GRU): 3H(D + H + 2) + K(H + 1)."""
    return 3 * hidden_size * (input_size + hidden_size + 2) + output_size * (hidden_size + 1)


def mingru_params(input_size, hidden_size, output_size):
    """Parameters of SequenceModel(MinGRU): 2H(D + 1) + K(H + 1)."""
    return 2 * hidden_size * (input_size + 1) + output_size * (hidden_size + 1)


def mingru_for_budget(input_size, budget, output_size):
    """The hidden size of a one-layer minGRU model whose parameter count is closest to `budget`."""
    sizes = np.arange(1, 2000)
    return int(sizes[np.argmin(np.abs(mingru_params(input_size, sizes, output_size) - budget))])


def adding_experiment(kind, seed=0, *, seq_len=50, steps=800, hidden_size=8, batch_size=32, learning_rate=1e-2,
                      final_learning_rate=1e-3, final_fraction=0.2, clip=1.0, test_size=1000):
    """Notebook 05's adding-problem experiment for "gru" or "mingru", the minGRU at the GRU's budget.

    The training is `gated_experiments.adding_problem_experiment`'s: SequenceModel(core, 1, many_to_one=True),
    MSE, Adam with the rate dropped for the last fifth, clipping, fresh batches, scored by
    `adding_problem_scores`; for one seed both kinds see the same batches and the same test set.
    `hidden_size` is the GRU's H; the minGRU gets `mingru_for_budget` of the GRU's parameter count.
    Returns: dict with kind, seed, the scores (mse, accuracy, baseline_mse, baseline_accuracy), seconds (training
    CPU time, `time.process_time`), num_params, hidden_size, sequential (steps that must wait per forward pass), model.
    """
    if kind not in ("gru", "mingru"):
        raise ValueError(f"kind must be 'gru' or 'mingru'; got {kind!r}")
    T, steps = check_positive_int(seq_len, "seq_len"), check_positive_int(steps, "steps")
    learning_rate = check_positive_float(learning_rate, "learning_rate")
    init_rng, data_rng, test_rng = np.random.default_rng(seed).spawn(3)
    if kind == "gru":
        H, core = hidden_size, GRU(2, hidden_size, seed=init_rng)
    else:
        H = mingru_for_budget(2, gru_params(2, hidden_size, 1), 1)
        core = MinGRU(2, H, seed=init_rng)
    model = SequenceModel(core, 1, many_to_one=True, seed=init_rng)
    optimizer = Adam(model.params, learning_rate)
    first = steps - int(round(final_fraction * steps))
    batches = [adding_problem(T, batch_size, seed=data_rng) for _ in range(steps)]
    start = time.process_time()
    fit(model, mse, optimizer, batches[:first], clip=clip)
    if first < steps:
        optimizer.learning_rate = final_learning_rate
        fit(model, mse, optimizer, batches[first:], clip=clip)
    seconds = time.process_time() - start
    x_test, y_test = adding_problem(T, test_size, seed=test_rng)
    pred, _ = model.forward(x_test)
    return {"kind": kind, "seed": seed, **adding_problem_scores(pred, y_test), "seconds": seconds,
            "num_params": model.num_params, "hidden_size": H,
            "sequential": T if kind == "gru" else num_levels(T), "model": model}


PARITY_MODELS = ("GRU", "minGRU", "minGRU, 2 layers")


def _parity_setup(seed, n_train, n_test, seq_len):
    """The data and the three untrained models of `parity_experiment`, drawn from one generator in a fixed order."""
    rng = rng_from(seed)
    x, y = deep_rnn.parity_task(n_train, seq_len, seed=rng)
    x_test, y_test = deep_rnn.parity_task(n_test, seq_len, seed=rng)
    gru = deep_rnn.Tagger(GRU(1, 14, seed=rng), 2, seed=rng)
    H = mingru_for_budget(1, gru.num_params, 2)
    models = {"GRU": gru, "minGRU": deep_rnn.Tagger(MinGRU(1, H, seed=rng), 2, seed=rng),
              "minGRU, 2 layers": deep_rnn.Tagger(Stacked([MinGRU(1, 17, seed=rng), MinGRU(17, 17, seed=rng)]), 2,
                                                  seed=rng)}
    return (x, y), (x_test, y_test), models


def _per_step_accuracy(model, x_test, y_test):
    return np.mean(model.forward(x_test)[0].argmax(axis=-1) == y_test, axis=1)  # (T,)


def parity_experiment(seed=0, *, n_train=2000, n_test=1000, seq_len=12, epochs=12):
    """Running parity y_t = x_1 + ... + x_t mod 2 (`deep_rnn.parity_task`): a GRU (H = 14), a minGRU and two stacked
    minGRU layers (17 + 17) with as many parameters (within 5%), trained alike (`deep_rnn`'s tagger training).

    Returns: {"accuracy": {name: float}, "per_step": {name: (T,)}, "params": {name: int}, "models": {...}}."""
    (x, y), (x_test, y_test), models = _parity_setup(seed, n_train, n_test, seq_len)
    per_step = {}
    for k, (name, model) in enumerate(models.items()):
        deep_rnn._train_tagger(model, x, y, epochs=epochs, seed=seed + k)
        per_step[name] = _per_step_accuracy(model, x_test, y_test)
    return {"accuracy": {n: float(p.mean()) for n, p in per_step.items()}, "per_step": per_step,
            "params": {n: m.num_params for n, m in models.items()}, "models": models}


def parity_training_curve(seed=0, name="minGRU, 2 layers", checkpoints=(12, 48), *, n_train=2000, n_test=1000,
                          seq_len=12):
    """One model of `parity_experiment` (the same data, initial weights and batches) trained in one run for
    max(checkpoints) epochs and scored after each checkpoint; its first checkpoint at `parity_experiment`'s 12
    epochs reproduces that experiment's result for the model.

    Returns: {"epochs": (n,), "accuracy": (n,), "per_step": (n, T) accuracy at each step t}."""
    if name not in PARITY_MODELS:
        raise ValueError(f"name must be one of {PARITY_MODELS}; got {name!r}")
    (x, y), (x_test, y_test), models = _parity_setup(seed, n_train, n_test, seq_len)
    per_step = deep_rnn._train_tagger(models[name], x, y, epochs=max(checkpoints),
                                      seed=seed + PARITY_MODELS.index(name), checkpoints=list(checkpoints),
                                      evaluate=lambda m: _per_step_accuracy(m, x_test, y_test))
    per_step = np.array(per_step)
    return {"epochs": np.array(checkpoints), "accuracy": per_step.mean(axis=1), "per_step": per_step}


# ----- 4. eigenvalues are memory ---------------------------------------------------------------------------
def memory_steps(modulus, threshold=0.01):
    """How many steps k until |lambda|^k < threshold: the smallest k > ln(threshold) / ln|lambda|."""
    modulus = np.asarray(modulus, dtype=float)
    return np.floor(np.log(threshold) / np.log(modulus)).astype(int) + 1


def impulse_memory(lam, seq_len):
    """h_t = lambda h_{t-1} + x_t for one impulse x_1 = 1, by the scan: h_t = lambda^(t-1). Returns (T,) |h_t|."""
    lam = np.asarray(lam)
    a = np.full(seq_len, lam, dtype=np.result_type(lam, float))
    x = np.zeros(seq_len, a.dtype)
    x[0] = 1.0
    return np.abs(linear_scan(a, x))


def lru_ring_init(n, r_min=0.9, r_max=0.999, max_phase=np.pi / 10, *, seed=0):
    """The LRU's initial eigenvalues (Orvieto et al. 2023): lambda = exp(-nu + i theta) with |lambda|^2 uniform on
    [r_min^2, r_max^2] (a ring of the complex plane) and theta uniform on [0, max_phase].

        nu = -1/2 log(u_1 (r_max^2 - r_min^2) + r_min^2),    theta = max_phase u_2,    u_1, u_2 ~ U(0, 1)

    Returns: (n,) complex."""
    rng = rng_from(seed)
    u1, u2 = rng.uniform(size=n), rng.uniform(size=n)
    nu = -0.5 * np.log(u1 * (r_max ** 2 - r_min ** 2) + r_min ** 2)
    return np.exp(-nu + 1j * max_phase * u2)


# ----- 5. a linear time-invariant recurrence is a convolution ------------------------------------------------
def lti_recurrence(A, B, C, x):
    """h_t = A h_{t-1} + B x_t, y_t = C h_t from h_0 = 0, step by step. x: (T, D) -> y: (T, K)."""
    h, ys = np.zeros(A.shape[0]), []
    for x_t in x:  # sequential: h_t needs h_{t-1}
        h = A @ h + B @ x_t
        ys.append(C @ h)
    return np.array(ys)


def lti_kernel(A, B, C, length):
    """The convolution kernel K_k = C A^k B for k = 0..length-1: (length, K, D), so y_t = sum_k K_k x_{t-k}."""
    K, A_k = [], np.eye(A.shape[0])
    for _ in range(length):
        K.append(C @ A_k @ B)
        A_k = A @ A_k
    return np.array(K)


def stable_system(state_size=4, input_size=1, output_size=1, radius=0.9, *, seed=0):
    """A random (A, B, C) with spectral radius of A equal to `radius` (so the kernel decays as radius^k)."""
    rng = rng_from(seed)
    A = rng.standard_normal((state_size, state_size))
    A *= radius / np.max(np.abs(np.linalg.eigvals(A)))
    return A, rng.standard_normal((state_size, input_size)), rng.standard_normal((output_size, state_size))


# ----- 6. how fast the sequential loop can go --------------------------------------------------------------
def naive_loop(layer, x, dhs):
    """Forward and backward written the plain way: one public step_forward / step_backward call per time step
    (each checks its inputs and allocates its arrays), the shared weights' gradients summed step by step."""
    state, caches = None, []
    for t in range(x.shape[0]):
        state, cache = layer.step_forward(x[t], state)
        caches.append(cache)
    grads = {k: np.zeros_like(p) for k, p in layer.params.items()}
    carried = None
    for t in reversed(range(x.shape[0])):
        if layer.state_size == 1:
            dstate = dhs[t] if carried is None else dhs[t] + carried
        else:
            dstate = (dhs[t], np.zeros_like(dhs[t])) if carried is None else (dhs[t] + carried[0], carried[1])
        step_grads, _, carried = layer.step_backward(dstate, caches[t])
        for k in grads:
            grads[k] += step_grads[k]
    return grads


def time_layers(layers, seq_lens, *, batch_size=16, input_size=32, hidden_size=32, repeats=3, seed=0):
    """Forward + backward milliseconds of each layer at each T: the smallest CPU time of `repeats` calls, the layers
    taking turns (`cpu_ms`).

    Args:
        layers: {name: (make, how)}: make(input_size, hidden_size) builds a layer; how is "layer" (its own
            forward and backward), "naive" (`naive_loop` over its public step functions) or "loop" (the loop over
            its step function that `Recurrent` runs for every readable layer; for minGRU, instead of its scan).
    Returns: {"seq_len": (n,), "ms": {name: (n,)}, "sizes": (B, D, H)}.
    """
    rng = rng_from(seed)
    ms = {name: [] for name in layers}
    for T in seq_lens:
        x = rng.standard_normal((T, batch_size, input_size))
        dhs = rng.standard_normal((T, batch_size, hidden_size))
        runs = {}
        for name, (make, how) in layers.items():
            layer = make(input_size, hidden_size)

            def run(layer=layer, how=how):
                if how == "naive":
                    return naive_loop(layer, x, dhs)
                if how == "loop":
                    zero = (np.zeros((batch_size, hidden_size)),) * layer.state_size
                    hs, cache = Recurrent._forward(layer, x, zero)
                    return Recurrent._backward(layer, dhs, cache, zero, None)
                hs, cache = layer.forward(x)
                return layer.backward(dhs, cache)

            runs[name] = run
        for name, t_ms in cpu_ms(runs, repeats).items():
            ms[name].append(t_ms)
    return {"seq_len": np.array(seq_lens), "ms": {name: np.array(v) for name, v in ms.items()},
            "sizes": (batch_size, input_size, hidden_size)}

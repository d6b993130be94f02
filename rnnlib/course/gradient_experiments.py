"""Notebook 04: small seeded experiments about gradients through time (the notebook and its tests run them).

- `exploding_training`: a ReLU RNN started at W_hh = I (the "IRNN" of Le, Jaitly & Hinton 2015), trained
  with plain SGD on the adding problem over 50 steps, with or without global-norm clipping.
- `delayed_recall_accuracy`: a vanilla RNN trained on delayed recall (y_t = x_{t-lag}); how well it
  recalls, as the lag grows (and, for the mini-project, from a W_hh of the learner's choosing).
- `cliff_loss` and `cliff_step`: a variant of the one-unit "cliff" of Pascanu, Mikolov & Bengio (2013,
  section 2.3 and figure 6), and one gradient step on it with and without clipping (their section 3.2).
"""
import numpy as np

from .jacobians import largest_singular_value
from ..nn.losses import mse, softmax_cross_entropy
from ..nn.models import SequenceModel
from ..nn.optim import SGD, Adam, clip_grad_norm
from ..nn.gru import GRU
from ..nn.lstm import LSTM
from ..nn.rnn import RNN
from .tasks import adding_problem, delayed_recall
from ..nn.train import TrainingDiverged, fit


def exploding_training(*, clip=None, seed=0, seq_len=50, hidden_size=32, batch_size=16, steps=150,
                       learning_rate=0.02):
    """Train a many-to-one ReLU RNN with W_hh = I at the start on the adding problem with SGD.

    With W_hh = I every Jacobian product dh_T/dh_k starts with norm about 1, so a small change of W_hh
    moves h_T through all T steps at once: the gradient with respect to W_hh is large, and an update along
    it can lift sigma_max(W_hh) above 1, after which T steps can stretch states and gradients by up to
    sigma_max^T.

    Args:
        clip: None (no clipping) or the max global gradient norm (Pascanu et al. 2013: g <- clip g / ||g||).
        seed: weights and data; the other arguments set the size of the run.
    Returns:
        dict with "loss" and "grad_norm" (per step, the norm before clipping, as `fit` records them),
        "sigma_max" (sigma_max(W_hh) after each update: one entry per update made), "diverged" (True when `fit` raised `TrainingDiverged`), "model", and "dead_units": the fraction of
        hidden units that stay at 0 on every step of 200 fresh test sequences (units the run has lost;
        NaN for a diverged run).
    """
    core = RNN(2, hidden_size, activation="relu", seed=seed)
    core.params["W_hh"][...] = np.eye(hidden_size)
    model = SequenceModel(core, 1, many_to_one=True, seed=seed)
    # fresh data at every step, from (seed, epoch)
    batches = lambda epoch: [adding_problem(seq_len, batch_size, seed=np.random.default_rng([seed, epoch]))]
    sigma_max = []
    record = lambda step, loss: sigma_max.append(largest_singular_value(core.params["W_hh"]))  # after each update
    try:
        history, diverged = fit(model, mse, SGD(model.params, learning_rate), batches, epochs=steps, clip=clip,
                                progress=record), False
    except TrainingDiverged as exc:
        history, diverged = exc.history, True
    dead = float("nan")  # undefined once the weights hold NaN or inf
    if not diverged:
        hs, _ = core.forward(adding_problem(seq_len, 200, seed=np.random.default_rng([seed, 10**6]))[0])
        dead = float(np.mean(np.all(hs == 0, axis=(0, 1))))  # units at 0 for every step and sequence
    return {"loss": np.array(history["loss"]), "grad_norm": np.array(history["grad_norm"]),
            "sigma_max": np.array(sigma_max), "diverged": diverged, "model": model, "dead_units": dead}


def recall_accuracy(logits, targets, lag):
    """Accuracy of the symbol recalled at steps t > lag: argmax over the symbols 1..K (blank 0 left out).

    Args:
        logits: (T, B, K + 1) read-outs y_t; targets: (T, B) from `delayed_recall`; lag: the task's lag.
    Returns:
        the fraction right; guessing scores 1 / K.
    """
    guess = np.argmax(logits[lag:, :, 1:], axis=-1) + 1  # which symbol the model would report
    return float(np.mean(guess == targets[lag:]))


CORES = {"rnn": RNN, "lstm": LSTM, "gru": GRU}


def _train_and_score(kind, num_inputs, num_outputs, make_batch, score, *, seed, hidden_size, steps, learning_rate,
                     clip, many_to_one=False, W_hh=None):
    """Train a `kind` layer with a read-out on fresh batches `make_batch(rng)` with Adam, cross-entropy and
    clipping, then return `score(model, rng)` on fresh test data. W_hh: None (the layer's own initialisation)
    or an (H, H) array to start the vanilla RNN's recurrent weights from. steps: the number of updates, or a
    list of them: then one run of max(steps) updates is scored after each count (an array, in sorted order),
    which gives exactly what separate runs of those lengths would give, since the batches depend only on
    (seed, update)."""
    core = CORES[kind](num_inputs, hidden_size, seed=seed)
    if W_hh is not None:
        core.params["W_hh"][...] = W_hh
    model = SequenceModel(core, num_outputs, many_to_one=many_to_one, seed=seed)
    batches = lambda epoch: [make_batch(np.random.default_rng([seed, epoch]))]
    budgets = sorted(steps) if np.ndim(steps) else [steps]
    scores = []  # the score after each budget in turn, on the same unseen data

    def record(step, loss):
        if step in budgets:
            scores.append(score(model, np.random.default_rng([seed, 10**6])))

    fit(model, softmax_cross_entropy, Adam(model.params, learning_rate), batches, epochs=budgets[-1], clip=clip,
        progress=record)
    return np.array(scores) if np.ndim(steps) else scores[0]


def delayed_recall_accuracy(lag, *, kind="rnn", seed=0, num_symbols=4, hidden_size=32, extra_steps=24, batch_size=32,
                            steps=200, learning_rate=0.01, clip=1.0, test_size=500, W_hh=None):
    """Train a recurrent layer (many-to-many) on delayed recall with one lag and return its test accuracy.

    Sequences have T = lag + extra_steps steps, so every lag is scored on `extra_steps` positions per
    sequence. Training: Adam, cross-entropy at every step, `steps` updates on fresh batches, clipping.
    kind: "rnn" (tanh), "lstm" or "gru", with the same hidden size H. W_hh: None, or (H, H) initial
    recurrent weights for kind "rnn" (the other weights keep the layer's own initialisation). steps: an
    int, or a list of update counts (one run, scored after each: the training-budget control).

    Returns:
        `recall_accuracy` on `test_size` fresh sequences (chance: 1 / num_symbols); an array of them, one per
        update count, when steps is a list.
    """
    T = lag + extra_steps

    def score(model, rng):
        x, y = delayed_recall(T, test_size, num_symbols, lag, seed=rng)
        return recall_accuracy(model.forward(x)[0], y, lag)

    return _train_and_score(kind, num_symbols + 1, num_symbols + 1,
                            lambda rng: delayed_recall(T, batch_size, num_symbols, lag, seed=rng), score, seed=seed,
                            hidden_size=hidden_size, steps=steps, learning_rate=learning_rate, clip=clip, W_hh=W_hh)


def single_recall_accuracy(seq_len, *, kind="rnn", seed=0, num_symbols=4, hidden_size=32, batch_size=32, steps=200,
                           learning_rate=0.01, clip=1.0, test_size=500):
    """One item to remember: a key at step 1, distractors after it, the key to be named after step T
    (`rnn_vs_cnn.memory_task`, many-to-one). Unlike delayed recall, which reports the symbol `lag`
    steps back at every step, this asks for one symbol kept for T - 1 steps.
    Training as in `delayed_recall_accuracy`. Returns the test accuracy (chance: 1 / num_symbols)."""
    from .rnn_vs_cnn import memory_task  # notebook 06's task

    def score(model, rng):
        x, y = memory_task(seq_len, test_size, num_symbols, seed=rng)
        return float(np.mean(model.forward(x)[0].argmax(axis=-1) == y))

    return _train_and_score(kind, 2 * num_symbols, num_symbols,
                            lambda rng: memory_task(seq_len, batch_size, num_symbols, seed=rng), score, seed=seed,
                            hidden_size=hidden_size, steps=steps, learning_rate=learning_rate, clip=clip,
                            many_to_one=True)


# ----- the cliff (Pascanu, Mikolov & Bengio 2013, section 2.3) -------------------------------------


def cliff_loss(w, *, seq_len=10, h_0=0.5, b_h=-0.3, target=0.8):
    """The loss of a one-unit tanh RNN as a function of its recurrent weight w, and its slope.

    h_t = tanh(w h_{t-1} + b_h) for t = 1..T (no input: W_xh x_t = 0), from h_0, and L = (h_T - target)^2.
    With the defaults, for w above about 1.7 the state climbs towards a positive fixed point (h_T = 0.8 near
    w = 1.77); below, it falls to a negative one. Between the two, h_T goes from below -0.9 to above +0.5 within
    less than a tenth of w: a cliff in L(w), where |dL/dw| reaches almost 90 (tests/course/test_nb04_pictures.py
    measures it). A variant of the example of Pascanu et al. (2013, section 2.3 and figure 6), whose unit is
    x_t = w sigma(x_{t-1}) + b with a target after 50 steps; here the nonlinearity is applied after the sum, as
    in `rl.RNN`, and T = 10.

    Returns:
        (L, dL/dw): the loss and its derivative, from `rl.RNN`'s forward and backward.
    """
    layer = RNN(1, 1, seed=0)
    layer.params["W_xh"][...] = 0.0
    layer.params["W_hh"][...] = w
    layer.params["b_h"][...] = b_h
    hs, cache = layer.forward(np.zeros((seq_len, 1)), np.array([h_0]))  # (T, 1): h_1..h_T
    dhs = np.zeros_like(hs)
    dhs[-1] = 2 * (hs[-1] - target)  # dL/dh_T; the loss sees only the last state
    grads, _, _ = layer.backward(dhs, cache)
    return float((hs[-1, 0] - target) ** 2), float(grads["W_hh"][0, 0])


def cliff_step(w, learning_rate, *, clip=None):
    """One gradient-descent step on `cliff_loss` from w: w - learning_rate g, with g clipped to norm `clip`
    by `rl.clip_grad_norm` when clip is not None. Returns (the new w, ||g|| before clipping)."""
    _, slope = cliff_loss(w)
    grads = {"W_hh": np.array([[slope]])}
    norm = clip_grad_norm(grads, clip) if clip is not None else abs(slope)
    return float(w - learning_rate * grads["W_hh"][0, 0]), float(norm)

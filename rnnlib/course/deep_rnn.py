"""Notebook 08: tasks and experiments for stacked and bidirectional RNNs, at equal parameter budgets.

- `later_letter_task`: tag every letter of a random word with 1 if the letter "a" still follows later in the
  word, else 0. A unidirectional RNN reading left to right cannot know the future; `causal_bound` computes,
  from the data, the best accuracy any rule that sees only x_1..x_t can reach.
- `parity_task`: tag every step with the parity of the bits so far (1 if an odd number of 1s). The state must
  flip on every 1: an XOR of the previous parity and the input. One tanh layer can compute it (`parity_rnn`,
  two units with weights set by hand), so the question is not whether a one-layer RNN can represent parity
  but whether a second layer makes it easier to learn at an equal budget: `depth_experiment` measures that.
"""
import numpy as np

from ..nn.checks import rng_from
from ..nn.dense import Dense
from ..nn.gru import GRU
from ..nn.models import Model
from ..nn.rnn import RNN
from ..nn.stacked import Bidirectional, Stacked
from ..nn.losses import softmax_cross_entropy
from ..nn.optim import Adam
from ..nn.train import fit
from .classify import minibatches

LETTERS = "abcdefgh"
TARGET_LETTER = "a"


class Tagger(Model):
    """Any recurrent core (a layer, `Stacked`, `Bidirectional`) with a read-out at every step: y_t = W_hy h_t + b_y.

    params: the core's params plus W_hy (K, H) and b_y (K,).
    """

    def __init__(self, core, output_size, *, seed=None):
        self.core = core
        self.head = Dense(core.hidden_size, output_size, seed=seed)
        self._name_params([(core, {k: k for k in core.params}), (self.head, {"W": "W_hy", "b": "b_y"})])

    def __repr__(self):
        return f"Tagger({type(self.core).__name__}) with {self.num_params} parameters"

    def forward(self, x, state=None):
        """x (T, B, D) -> logits (T, B, K); cache."""
        hs, core_cache = self.core.forward(x, state)
        ys, head_cache = self.head.forward(hs)
        return ys, {"core": core_cache, "head": head_cache}

    def backward(self, dys, cache, dstate=None):
        """Returns grads (keyed like params), dx, dstate0."""
        g_head, dhs = self.head.backward(dys, cache["head"])
        g_core, dx, dstate0 = self.core.backward(dhs, cache["core"], dstate)
        return self._named([g_core, g_head]), dx, dstate0


def later_letter_task(n, T=10, *, seed):
    """n random words of T letters from LETTERS; y_t = 1 if TARGET_LETTER occurs at some step s > t.

    Returns: x (T, n, V) one-hot, y (T, n) in {0, 1}, words (list of n strings)."""
    rng = rng_from(seed)
    idx = rng.integers(0, len(LETTERS), size=(T, n))
    is_target = idx == LETTERS.index(TARGET_LETTER)  # (T, n)
    later = np.flip(np.cumsum(np.flip(is_target, 0), 0), 0) - is_target  # how many targets after step t
    words = ["".join(LETTERS[i] for i in idx[:, b]) for b in range(n)]
    return np.eye(len(LETTERS))[idx], (later > 0).astype(int), words


def causal_bound(y):
    """The best accuracy of any rule that sees only x_1..x_t, from the data.

    The letters are drawn independently, so what comes after t does not depend on x_1..x_t: the best such rule
    can only use t itself, and it answers the more frequent label at each step. (T, n) labels -> (accuracy,
    per-step accuracy (T,))."""
    ones = y.mean(axis=1)  # frequency of label 1 at each step, (T,)
    per_step = np.maximum(ones, 1 - ones)
    return float(per_step.mean()), per_step


def causal_bound_exact(T=10):
    """The same bound from the probabilities: P(an "a" among the T - t later letters) = 1 - (1 - 1/V)^(T - t)."""
    q = 1 - (1 - 1 / len(LETTERS)) ** (T - np.arange(1, T + 1))
    return float(np.maximum(q, 1 - q).mean())


def parity_task(n, T=12, *, seed):
    """n random bit strings; y_t = (x_1 + ... + x_t) mod 2. Returns x (T, n, 1) in {0, 1}, y (T, n)."""
    bits = rng_from(seed).integers(0, 2, size=(T, n))
    return bits[..., None].astype(float), np.cumsum(bits, axis=0) % 2


def parity_rnn(scale=10.0):
    """A one-layer tanh RNN of two units, weights set by hand, that computes the running parity of its input bits.

    With p_{t-1} = (h_{1,t-1} - h_{2,t-1}) / 2 the parity so far (h_0 = 0 gives p_0 = 0), the two units of
    h_t = tanh(W_hh h_{t-1} + W_xh x_t + b_h) are

        h_{1,t} = tanh(scale (p_{t-1} + x_t - 1/2))   ~ +1 if p_{t-1} OR x_t, else -1
        h_{2,t} = tanh(scale (p_{t-1} + x_t - 3/2))   ~ +1 if p_{t-1} AND x_t, else -1

    so (h_{1,t} - h_{2,t}) / 2 ~ OR - AND = p_{t-1} XOR x_t = p_t: W_hh = scale/2 [[1, -1], [1, -1]],
    W_xh = scale [[1], [1]], b_h = scale [-1/2, -3/2]. The read-out y_t = W_hy h_t + b_y gives class 1 the logit
    h_{1,t} - h_{2,t} - 1 and class 0 the logit 0. A large `scale` saturates the tanh, so each step lands back
    near +-1 and the small errors do not grow along the sequence.
    Returns: a `Tagger` (input size 1, 2 classes) like the ones `depth_experiment` trains."""
    model = Tagger(RNN(1, 2), 2)
    model.params["W_hh"][...] = scale / 2 * np.array([[1.0, -1.0], [1.0, -1.0]])
    model.params["W_xh"][...] = scale * np.array([[1.0], [1.0]])
    model.params["b_h"][...] = scale * np.array([-0.5, -1.5])
    model.params["W_hy"][...] = [[0.0, 0.0], [1.0, -1.0]]
    model.params["b_y"][...] = [0.0, -1.0]
    return model


def gru_for_budget(input_size, budget, output_size):
    """The hidden size H of a one-layer GRU tagger whose parameter count is closest to `budget`."""
    sizes = np.arange(1, 200)
    counts = 3 * sizes * (input_size + sizes + 2) + output_size * (sizes + 1)
    return int(sizes[np.argmin(np.abs(counts - budget))])


def tag_accuracy(model, x, y):
    """Fraction of all (t, b) positions tagged right."""
    return float(np.mean(model.forward(x)[0].argmax(axis=-1) == y))


def _train_tagger(model, x, y, *, epochs, seed, learning_rate=0.01, checkpoints=None, evaluate=None):
    """Adam with clipping on minibatches of 50 sequences. With `checkpoints` (epoch counts, ascending) calls
    `evaluate(model)` after each and returns the list of results (one run, one optimizer, no restart)."""
    batches = minibatches(x, y.T, 50, seed=seed, batch_axis=1)  # y.T: the batch axis first, as minibatches wants
    optimizer = Adam(model.params, learning_rate)
    done, results = 0, []
    for stop in (checkpoints or [epochs]):
        fit(model, softmax_cross_entropy, optimizer, lambda e, done=done: [(xb, yb.T) for xb, yb in batches(e + done)],
            epochs=stop - done, clip=5.0)
        done = stop
        if evaluate is not None:
            results.append(evaluate(model))
    return results


def bidirectional_experiment(seed, *, n_train=2000, n_test=1000, T=10, epochs=6, hidden=8):
    """A bidirectional GRU (two GRUs of `hidden` units) against a one-layer GRU with as many parameters.

    Returns: {"accuracy": {"unidirectional", "bidirectional"}, "params": {...}, "bound": the causal bound
    from the test data, "bound_exact", "per_step": {name: (T,) accuracy per step}, "per_step_bound"}."""
    rng = rng_from(seed)
    x, y, _ = later_letter_task(n_train, T, seed=rng)
    x_test, y_test, _ = later_letter_task(n_test, T, seed=rng)
    V = len(LETTERS)
    bi = Tagger(Bidirectional(GRU(V, hidden, seed=rng), GRU(V, hidden, seed=rng)), 2, seed=rng)
    uni = Tagger(GRU(V, gru_for_budget(V, bi.num_params, 2), seed=rng), 2, seed=rng)
    models = {"unidirectional": uni, "bidirectional": bi}
    for k, model in enumerate(models.values()):
        _train_tagger(model, x, y, epochs=epochs, seed=seed + k)
    per_step = {name: np.mean(m.forward(x_test)[0].argmax(-1) == y_test, axis=1) for name, m in models.items()}
    bound, per_step_bound = causal_bound(y_test)
    return {"accuracy": {name: float(p.mean()) for name, p in per_step.items()},
            "params": {name: m.num_params for name, m in models.items()}, "bound": bound,
            "bound_exact": causal_bound_exact(T), "per_step": per_step, "per_step_bound": per_step_bound,
            "models": models}


def depth_experiment(seed, *, n_train=2000, n_test=1000, T=12, epochs=(2, 6), hidden=(8, 8)):
    """A two-layer stacked GRU against a one-layer GRU with as many parameters, on `parity_task`.

    Both are measured after each number of epochs in `epochs` (one training run each).
    Returns: {"accuracy": {"1 layer": [...], "2 layers": [...]} (one entry per checkpoint), "epochs",
    "params": {...}, "models": {...}}."""
    rng = rng_from(seed)
    x, y = parity_task(n_train, T, seed=rng)
    x_test, y_test = parity_task(n_test, T, seed=rng)
    deep = Tagger(Stacked([GRU(1, hidden[0], seed=rng), GRU(hidden[0], hidden[1], seed=rng)]), 2, seed=rng)
    shallow = Tagger(GRU(1, gru_for_budget(1, deep.num_params, 2), seed=rng), 2, seed=rng)
    models = {"1 layer": shallow, "2 layers": deep}
    accuracy = {name: _train_tagger(m, x, y, epochs=max(epochs), seed=seed + k, checkpoints=list(epochs),
                                    evaluate=lambda m: tag_accuracy(m, x_test, y_test))
                for k, (name, m) in enumerate(models.items())}
    return {"accuracy": accuracy, "epochs": list(epochs), "params": {name: m.num_params for name, m in models.items()},
            "models": models}

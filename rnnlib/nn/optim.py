"""Optimizers that update a dict of parameter arrays in place, and gradient clipping by global norm."""
import numpy as np

from .checks import check_positive_float


def global_norm(grads):
    """||g|| = sqrt(sum of squares of every entry of every gradient array)."""
    return float(np.sqrt(sum(float(np.vdot(g, g)) for g in grads.values())))


def clip_grad_norm(grads, max_norm):
    """Rescale all gradients in place so their global norm is at most `max_norm`.

    Pascanu, Mikolov & Bengio (2013): g <- max_norm * g / ||g|| when ||g|| >= max_norm.
    Returns the norm before clipping.
    """
    max_norm = check_positive_float(max_norm, "max_norm")
    norm = global_norm(grads)
    if norm >= max_norm:
        for g in grads.values():
            g *= max_norm / norm
    return norm


class Optimizer:
    """Holds the parameter dict; `step(grads)` changes the arrays in place (so layers see the change)."""

    def __init__(self, params, learning_rate):
        self.params = params
        self.learning_rate = check_positive_float(learning_rate, "learning_rate")
        self.state = {k: np.zeros_like(p) for k, p in params.items()}  # one running statistic per array

    def step(self, grads):
        """Apply one update with `grads`, a dict keyed exactly like the parameters."""
        if grads.keys() != self.params.keys():
            raise ValueError(f"grads must have the keys {sorted(self.params)}; got {sorted(grads)}")
        for k, p in self.params.items():
            self._update(k, p, grads[k])


class SGD(Optimizer):
    """Stochastic gradient descent with momentum: v <- mu v - lr g; p <- p + v (mu = 0: plain SGD)."""

    def __init__(self, params, learning_rate=0.1, momentum=0.0):
        super().__init__(params, learning_rate)
        self.momentum = check_positive_float(momentum, "momentum", allow_zero=True)

    def _update(self, k, p, g):
        v = self.state[k]  # velocity
        v *= self.momentum
        v -= self.learning_rate * g
        p += v


class Adagrad(Optimizer):
    """Adagrad (Duchi et al. 2011): s <- s + g^2; p <- p - lr g / (sqrt(s) + eps)."""

    def __init__(self, params, learning_rate=0.1, eps=1e-8):
        super().__init__(params, learning_rate)
        self.eps = check_positive_float(eps, "eps")

    def _update(self, k, p, g):
        s = self.state[k]  # running sum of squared gradients
        s += g * g
        p -= self.learning_rate * g / (np.sqrt(s) + self.eps)


class Adam(Optimizer):
    """Adam (Kingma & Ba 2015) with bias-corrected first and second moments."""

    def __init__(self, params, learning_rate=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
        super().__init__(params, learning_rate)
        self.beta1, self.beta2 = beta1, beta2
        for name, beta in (("beta1", beta1), ("beta2", beta2)):
            if not 0 <= beta < 1:
                raise ValueError(f"{name} must lie in [0, 1); got {beta!r}")
        self.eps = check_positive_float(eps, "eps")
        self.second = {k: np.zeros_like(p) for k, p in params.items()}
        self.t = 0

    def step(self, grads):
        self.t += 1
        super().step(grads)

    def _update(self, k, p, g):
        m, v = self.state[k], self.second[k]  # first and second moment estimates
        m *= self.beta1
        m += (1 - self.beta1) * g
        v *= self.beta2
        v += (1 - self.beta2) * g * g
        m_hat = m / (1 - self.beta1 ** self.t)
        v_hat = v / (1 - self.beta2 ** self.t)
        p -= self.learning_rate * m_hat / (np.sqrt(v_hat) + self.eps)

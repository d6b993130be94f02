"""Notebook 04: how a change in an early state h_k reaches a late state h_T in a vanilla RNN: products of Jacobians.

With a_t = W_hh h_{t-1} + W_xh x_t + b_h and h_t = f(a_t), one step's Jacobian is

    dh_t/dh_{t-1} = diag(f'(a_t)) W_hh                                        (H, H)

and the chain rule multiplies them, latest step on the left:

    dh_T/dh_k = (dh_T/dh_{T-1}) (dh_{T-1}/dh_{T-2}) ... (dh_{k+1}/dh_k)
              = prod_{t=k+1}^{T} diag(f'(a_t)) W_hh.

Since ||A B|| <= ||A|| ||B|| and ||diag(f'(a_t))|| = max_i |f'(a_t,i)| <= gamma,

    ||dh_T/dh_k|| <= (gamma sigma_max(W_hh))^(T-k),

with gamma = 1 for tanh, ReLU and the identity. This is the bound of Pascanu, Mikolov & Bengio (2013,
"On the difficulty of training recurrent neural networks", ICML): sigma_max < 1/gamma is
sufficient for the gradient to vanish, sigma_max > 1/gamma is necessary for it to explode. In the linear
case (f = identity) dh_T/dh_k = W_hh^(T-k), whose norm behaves like rho(W_hh)^(T-k) in the long run
(rho: spectral radius, the largest |eigenvalue|); a non-normal W_hh can grow for a while first.

Indexing: maths steps t = 1..T with the initial state h_0; arrays index the Jacobian of step t at t - 1.
"""
import numpy as np

from ..nn.functional import ACTIVATIONS
from ..nn.rnn import RNN
from ..nn.checks import check_positive_float, check_positive_int, rng_from

MAX_DERIVATIVE = {"tanh": 1.0, "relu": 1.0, "identity": 1.0}  # gamma = max over a of |f'(a)|


def step_jacobians(layer, x, state=None):
    """The Jacobian of every step of a vanilla RNN along one sequence.

    Args:
        layer: an `rl.RNN`; x: (T, D) one input sequence; state: h_0 (H,), zeros when None.
    Returns:
        J: (T, H, H) with J[t - 1] = dh_t/dh_{t-1} = diag(f'(a_t)) W_hh for t = 1..T;
        hs: (T, H) the states h_1..h_T of the same forward pass.
    """
    if not isinstance(layer, RNN):
        raise TypeError("layer must be an rl.RNN (the Jacobian here is diag(f'(a_t)) W_hh); "
                        f"got {type(layer).__name__}")
    if np.ndim(x) != 2:
        raise ValueError(f"x must have shape (T, {layer.input_size}) (one sequence); got {np.shape(x)}")
    hs, _ = layer.forward(x, state)  # (T, H)
    fprime = ACTIVATIONS[layer.activation][1](hs)  # (T, H): f'(a_t), written in terms of h_t = f(a_t)
    return fprime[:, :, None] * layer.params["W_hh"], hs  # diag(f'(a_t)) W_hh scales row i by f'(a_t,i)


def jacobian_products(J):
    """Every product dh_T/dh_k = J_T J_{T-1} ... J_{k+1}, for k = 0..T.

    Args:
        J: (T, H, H) step Jacobians, J[t - 1] = dh_t/dh_{t-1}.
    Returns:
        P: (T + 1, H, H) with P[k] = dh_T/dh_k; P[T] is the identity (h_T depends on itself).
    """
    J = np.asarray(J)
    if J.ndim != 3 or J.shape[1] != J.shape[2] or J.shape[0] == 0:
        raise ValueError(f"J must have shape (T, H, H) with T >= 1; got {J.shape}")
    T, H, _ = J.shape
    P = np.empty((T + 1, H, H), dtype=J.dtype)
    P[T] = np.eye(H)
    for k in reversed(range(T)):  # sequential: P[k] = P[k+1] dh_{k+1}/dh_k reuses the product to its right
        np.matmul(P[k + 1], J[k], out=P[k])
    return P


def jacobian_norms(J):
    """Spectral norms ||dh_T/dh_k||_2 for k = 0..T, shape (T + 1,): how strongly h_k still moves h_T."""
    return np.linalg.norm(jacobian_products(J), ord=2, axis=(1, 2))


def numerical_jacobian(layer, x, state=None, eps=1e-6):
    """dh_T/dh_0 by central differences: column j is (h_T(h_0 + eps e_j) - h_T(h_0 - eps e_j)) / (2 eps).

    For dh_T/dh_k run it on x[k:] with state = h_k. Args: layer, an RNN; x: (T, D); state: h_0 (H,).
    Returns: (H, H), to check `jacobian_products(J)[0]` against.
    """
    H = layer.hidden_size
    h0 = np.zeros(H) if state is None else np.asarray(state, dtype=float)
    columns = []
    for e in np.eye(H) * eps:  # one pair of forward passes per direction
        plus, minus = layer.forward(x, h0 + e)[0][-1], layer.forward(x, h0 - e)[0][-1]
        columns.append((plus - minus) / (2 * eps))
    return np.stack(columns, axis=1)


def gradient_bound(W_hh, activation, T):
    """Pascanu et al.'s bound (gamma sigma_max(W_hh))^(T-k) on ||dh_T/dh_k||, for k = 0..T, shape (T + 1,)."""
    if activation not in MAX_DERIVATIVE:
        raise ValueError(f"activation must be one of {tuple(MAX_DERIVATIVE)}; got {activation!r}")
    T = check_positive_int(T, "T")
    rate = MAX_DERIVATIVE[activation] * largest_singular_value(W_hh)
    return rate ** np.arange(T, -1, -1, dtype=float)


def spectral_radius(W):
    """rho(W) = max |eigenvalue|: the long-run growth factor per step of W^n."""
    return float(np.max(np.abs(np.linalg.eigvals(W))))


def largest_singular_value(W):
    """sigma_max(W) = ||W||_2: the most W can stretch any vector in one step."""
    return float(np.linalg.norm(W, ord=2))


def power_norms(W, n_max):
    """||W^n||_2 for n = 0..n_max, shape (n_max + 1,): the linear RNN's ||dh_T/dh_{T-n}||."""
    n_max = check_positive_int(n_max, "n_max")
    P = np.empty((n_max + 1,) + W.shape)
    P[0] = np.eye(W.shape[0])
    for n in range(n_max):  # sequential: each power is the previous one times W
        np.matmul(W, P[n], out=P[n + 1])
    return np.linalg.norm(P, ord=2, axis=(1, 2))


def circle_images(W, n_max, *, points=120):
    """The unit circle mapped by W^n for n = 0..n_max: what n steps of a linear RNN do to every unit state.

    Args:
        W: (2, 2); n_max: the largest power; points: how many points on the circle.
    Returns:
        (n_max + 1, points, 2): row n holds W^n u for unit vectors u = (cos phi, sin phi); the largest
        distance from 0 in row n is ||W^n||_2.
    """
    W = np.asarray(W, dtype=float)
    if W.shape != (2, 2):
        raise ValueError(f"W must have shape (2, 2) (a picture is 2-D); got {W.shape}")
    n_max = check_positive_int(n_max, "n_max")
    phi = np.linspace(0, 2 * np.pi, points)
    images = np.empty((n_max + 1, points, 2))
    images[0] = np.stack([np.cos(phi), np.sin(phi)], axis=1)  # (points, 2), row vectors u^T
    for n in range(n_max):  # sequential: W^(n+1) u = W (W^n u); in rows, u^T (W^n)^T W^T
        images[n + 1] = images[n] @ W.T
    return images


def is_normal(W):
    """True when W W^T = W^T W (to rounding): then W's eigenvectors are orthogonal and sigma_max = rho."""
    W = np.asarray(W, dtype=float)
    return bool(np.allclose(W @ W.T, W.T @ W, atol=1e-12 * max(1.0, np.abs(W).max() ** 2)))


# ----- matrices with chosen spectra --------------------------------------------------------------------
def orthogonal_matrix(size, *, seed=None):
    """A random orthogonal (size, size) matrix Q (Q^T Q = I): every singular value and |eigenvalue| is 1."""
    size = check_positive_int(size, "size")
    q, r = np.linalg.qr(rng_from(seed).standard_normal((size, size)))
    return q * np.sign(np.diag(r))  # the sign fix makes Q uniformly distributed


def random_matrix(size, gain, *, seed=None):
    """A (size, size) matrix with N(0, gain^2 / size) entries: spectral radius close to `gain` for large size.

    With tanh and gain > 1 such an RNN is chaotic (Sompolinsky, Crisanti & Sommers 1988): its states stay
    bounded while small differences between them grow, so gradients through it explode.
    """
    size = check_positive_int(size, "size")
    gain = check_positive_float(gain, "gain")
    return rng_from(seed).standard_normal((size, size)) * gain / np.sqrt(size)


def non_normal_matrix(size, *, spectral_radius=1.0, shear=2.0, seed=None):
    """A non-normal (size, size) matrix: every eigenvalue equals `spectral_radius`, yet it stretches more.

    Built as Q B Q^T with a random orthogonal Q and B block-diagonal with 2x2 blocks [[r, s], [0, r]]
    (r = spectral_radius, s = shear; a last 1x1 block [r] when size is odd). Then rho = r and
    sigma_max = sigma_max([[r, s], [0, r]]) = sqrt(r^2 + s^2/4) + s/2 > r, and
    W^n = Q blocks [[r^n, n s r^(n-1)], [0, r^n]] Q^T, so ||W^n|| grows like n s r^(n-1) for a while
    (transient growth) before r^n wins when r < 1.
    """
    size = check_positive_int(size, "size")
    r = check_positive_float(spectral_radius, "spectral_radius")
    s = check_positive_float(shear, "shear", allow_zero=True)
    B = r * np.eye(size)
    B[np.arange(0, size - 1, 2), np.arange(1, size, 2)] = s  # the upper corner of each 2x2 block
    Q = orthogonal_matrix(size, seed=seed)
    return Q @ B @ Q.T

"""Linear recurrences without the wait: the associative combine and the parallel prefix scan.

A diagonal linear recurrence, element by element (a_t, b_t computed from x_t alone, never from h_{t-1}):

    h_t = a_t * h_{t-1} + b_t          t = 1..T, from a given h_0

Each step is the map h -> a_t h + b_t. Doing step i and then step j is again such a map:

    (a_i, b_i) o (a_j, b_j) = (a_j a_i, a_j b_i + b_j)         the combine; "first i, then j"

and `o` is associative: ((p o q) o r) = (p o (q o r)). So the T maps can be composed in any grouping, and a
prefix scan computes all T compositions (A_t, B_t) = (a_1, b_1) o ... o (a_t, b_t) in ceil(log2 T) levels of
element-wise operations over the whole sequence (Blelloch 1990, "Prefix sums and their applications"; Martin &
Cundy 2018, "Parallelizing linear recurrent neural nets over sequence length"). Then h_t = A_t h_0 + B_t.

- `linear_recurrence_loop`: the loop over t, the reference (T sequential steps).
- `scan_levels`: Hillis & Steele's scan, level by level: at level l (offset d = 2^(l-1)) every element t >= d
  combines with element t - d; after level l element t holds the composition of the steps t-2^l+1..t. Each level
  is a few NumPy operations over all T at once. O(T log T) work.
- `blelloch_scan`: Blelloch's work-efficient scan: an up-sweep and a down-sweep of log2 T levels each, O(T) work.
- `linear_scan`: the public function (input checks, then `scan_levels`).
- `cumulative_form` and `log_space_scan`: the closed form h_t = A*_t (h_0 + sum_{s<=t} b_s / A*_s), with
  A*_t = a_1 ... a_t, computed with two cumulative operations. The plain form loses digits and then breaks when
  A*_t underflows (subnormal, then 0); the log-space form of Heinsen (2023, "Efficient parallelization of a
  ubiquitous sequential computation") keeps log A*_t = sum log a_s and a log-sum-exp instead.

Arrays are time-major: a, b of shape (T, ...) (e.g. (T, B, H)); h_0 of shape (...). Any float or complex dtype.
"""
import numpy as np

from .checks import check_positive_int


def combine(a_i, b_i, a_j, b_j):
    """The combine of two affine steps, first (a_i, b_i) then (a_j, b_j): (a_j a_i, a_j b_i + b_j)."""
    return a_j * a_i, a_j * b_i + b_j


def linear_recurrence_loop(a, b, h0=None):
    """h_t = a_t * h_{t-1} + b_t for t = 1..T, one step after another.

    Args:
        a, b: (T, ...) coefficients and inputs; h0: (...) the initial state (zeros when None).
    Returns:
        hs: (T, ...) every h_1..h_T.
    """
    hs = np.empty(np.broadcast_shapes(a.shape, b.shape), np.result_type(a, b))
    h = np.zeros(hs.shape[1:], hs.dtype) if h0 is None else h0
    for t in range(hs.shape[0]):  # sequential: step t needs h_{t-1}
        h = a[t] * h + b[t]
        hs[t] = h
    return hs


def num_levels(seq_len):
    """The number of levels of a Hillis-Steele scan over T elements: ceil(log2 T) (0 for T = 1)."""
    T = check_positive_int(seq_len, "seq_len")
    return (T - 1).bit_length()


def scan_levels(a, b, *, keep_levels=False):
    """Hillis-Steele inclusive scan of the affine steps (a_t, b_t) under `combine`.

    Level l = 1..L (offset d = 2^(l-1)): element t >= d becomes (A_{t-d}, B_{t-d}) o (A_t, B_t); elements t < d
    are already final. After level l, element t (0-based) composes the steps max(0, t - 2^l + 1)..t.

    Args:
        a, b: (T, ...) arrays of the same shape.
        keep_levels: also return the (A, B) of every level (for the scan widget).
    Returns:
        A, B: (T, ...) with A_t = a_1 ... a_t and B_t = h_t for h_0 = 0 (so h_t = A_t h_0 + B_t);
        with keep_levels, a third item: the list [(A, B) after level 0 (the inputs), 1, ..., L].
    """
    T = a.shape[0]
    A, B = a.copy(), b.copy()  # (T, ...): after level l, the composition of the span of 2^l steps ending at t
    A_next, B_next = np.empty_like(A), np.empty_like(B)  # the next level is written here, then the two swap
    levels = [(a, b)] if keep_levels else None
    d = 1
    while d < T:  # ceil(log2 T) levels, each a few vectorised operations over all t at once
        A_next[:d], B_next[:d] = A[:d], B[:d]  # these spans already start at step 1: final
        # (A_{t-d}, B_{t-d}) o (A_t, B_t) = (A_t A_{t-d}, A_t B_{t-d} + B_t), the combine, written into the buffers
        np.multiply(A[d:], A[:-d], out=A_next[d:])
        np.multiply(A[d:], B[:-d], out=B_next[d:])
        B_next[d:] += B[d:]
        A, B, A_next, B_next = A_next, B_next, A, B
        d *= 2
        if keep_levels:
            levels.append((A.copy(), B.copy()))
    return (A, B, levels) if keep_levels else (A, B)


def blelloch_scan(a, b, h0=None):
    """Blelloch's work-efficient scan of h_t = a_t * h_{t-1} + b_t: an up-sweep and a down-sweep.

    The sequence is padded to n = 2^L steps with the identity step (1, 0). Up-sweep, stride s = 1, 2, ..., n/2:
    the right element of every pair of blocks becomes (left block) o (right block), so the last element ends up
    holding the whole sequence. Down-sweep, s = n/2, ..., 1, from the identity at the root: every left child
    gets its parent's prefix P, every right child P o (left block's total). That gives the exclusive prefixes;
    one more combine with each step's own (a_t, b_t) gives the inclusive ones. 2 L levels, O(n) work.

    Args / Returns: as `linear_recurrence_loop`.
    """
    T = a.shape[0]
    n = 1 << (T - 1).bit_length()
    A = np.ones((n,) + a.shape[1:], np.result_type(a, b))  # identity steps (1, 0) as padding
    B = np.zeros_like(A)
    A[:T], B[:T] = a, b
    s = 1
    while s < n:  # up-sweep
        left, right = slice(s - 1, None, 2 * s), slice(2 * s - 1, None, 2 * s)
        A[right], B[right] = combine(A[left], B[left], A[right], B[right])
        s *= 2
    A[-1], B[-1] = 1, 0  # the prefix before the first step: the identity
    s = n // 2
    while s >= 1:  # down-sweep
        left, right = slice(s - 1, None, 2 * s), slice(2 * s - 1, None, 2 * s)
        A_left, B_left = A[left].copy(), B[left].copy()  # the left block's total, from the up-sweep
        A[left], B[left] = A[right], B[right]  # left child: the parent's prefix P
        A[right], B[right] = combine(A[left], B[left], A_left, B_left)  # right child: P o (left block)
        s //= 2
    A, B = combine(A[:T], B[:T], a, b)  # exclusive prefix, then the step itself
    return B if h0 is None else A * h0 + B


def _check_scan_inputs(a, b, h0):
    a, b = np.asarray(a), np.asarray(b)
    for name, v in (("a", a), ("b", b)):
        if not (np.issubdtype(v.dtype, np.floating) or np.issubdtype(v.dtype, np.complexfloating)):
            raise TypeError(f"{name} must be a float or complex array; got dtype {v.dtype}")
        if not np.all(np.isfinite(v)):
            raise ValueError(f"{name} contains NaN or inf; clean the input first")
    if a.ndim < 1 or a.shape[0] == 0:
        raise ValueError(f"a must have shape (T, ...) with T >= 1 (time first); got {a.shape}")
    if a.shape != b.shape:
        raise ValueError(f"b must have the shape of a, {a.shape} (time first); got {b.shape}")
    if h0 is not None:
        h0 = np.asarray(h0)
        if h0.shape != a.shape[1:]:
            raise ValueError(f"h0 must have shape {a.shape[1:]} (a's shape without the time axis); got {h0.shape}")
    return a, b, h0


def linear_scan(a, b, h0=None, *, method="hillis-steele"):
    """Every h_t of h_t = a_t * h_{t-1} + b_t by a parallel prefix scan: ceil(log2 T) levels, not T steps.

    Args:
        a, b: (T, ...) coefficients and inputs (e.g. (T, B, H)); real or complex.
        h0: (...) the initial state; zeros when None.
        method: "hillis-steele" (`scan_levels`) or "blelloch" (`blelloch_scan`).
    Returns:
        hs: (T, ...) every h_1..h_T, equal to `linear_recurrence_loop(a, b, h0)` up to rounding.
    """
    a, b, h0 = _check_scan_inputs(a, b, h0)
    if method == "blelloch":
        return blelloch_scan(a, b, h0)
    if method != "hillis-steele":
        raise ValueError(f"method must be 'hillis-steele' or 'blelloch'; got {method!r}")
    A, B = scan_levels(a, b)
    return B if h0 is None else A * h0 + B


def cumulative_form(a, b, h0=None):
    """The closed form h_t = A*_t (h_0 + sum_{s<=t} b_s / A*_s) with A*_t = a_1 ... a_t, computed plainly.

    Two cumulative operations (np.cumprod, np.cumsum) and no loop in Python, but A*_t shrinks geometrically:
    once it is subnormal b_s / A*_s loses digits, and once it underflows to 0 the result is inf or NaN.
    `log_space_scan` is the same formula in log space. Args / Returns: as `linear_recurrence_loop`.
    """
    A_star = np.cumprod(a, axis=0)  # (T, ...)
    start = 0.0 if h0 is None else h0
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        return A_star * (start + np.cumsum(b / A_star, axis=0))


def log_space_scan(log_a, b, h0=None):
    """h_t = a_t * h_{t-1} + b_t with a_t > 0 given as log a_t, in log space (Heinsen 2023).

        log A*_t = sum_{s<=t} log a_s
        h_t = exp(log A*_t + log sum_{s=0}^{t} exp(log b_s - log A*_s))      with b_0 = h_0, log A*_0 = 0

    Two prefix operations again (a cumulative sum and a cumulative log-sum-exp), but no number here ever
    underflows: the products live as sums of logarithms. b of either sign is split as b = b+ - b-, each part
    scanned in log space.

    Args:
        log_a: (T, ...) real, the logarithms of the positive coefficients a_t; b: (T, ...) real; h0: (...).
    Returns:
        hs: (T, ...).
    """
    log_a, b = np.asarray(log_a, dtype=float), np.asarray(b, dtype=float)
    log_A = np.concatenate([np.zeros((1,) + log_a.shape[1:]), np.cumsum(log_a, axis=0)])  # (T + 1, ...), log A*_0 = 0
    start = np.zeros(b.shape[1:]) if h0 is None else np.asarray(h0, dtype=float)
    b_ext = np.concatenate([start[None], b])  # (T + 1, ...): h_0 enters as b_0
    hs = np.zeros(b.shape)
    with np.errstate(divide="ignore"):  # log 0 = -inf: a part that is absent
        for sign, part in ((1.0, np.maximum(b_ext, 0.0)), (-1.0, np.maximum(-b_ext, 0.0))):
            log_sum = np.logaddexp.accumulate(np.log(part) - log_A, axis=0)  # (T + 1, ...)
            hs += sign * np.exp(log_A + log_sum)[1:]
    return hs

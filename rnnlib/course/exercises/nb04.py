"""Notebook 04: exercise checks (vanishing and exploding gradients)."""
import numpy as np

from ..gradient_experiments import delayed_recall_accuracy
from ..jacobians import jacobian_products, largest_singular_value, non_normal_matrix, power_norms, spectral_radius
from ...nn.optim import clip_grad_norm, global_norm
from ...nn.rnn import RNN
from . import result
from ._answers import as_array, function_problem, not_answered, prediction_result


def check_jacobian_product(dhT_dhk):
    """Exercise 1. Your `dhT_dhk(J, k)`: the product dh_T/dh_k (H, H) from step Jacobians J (T, H, H) with
    J[t - 1] = dh_t/dh_{t-1}, for any k = 0..T."""
    name = "the Jacobian product dh_T/dh_k"
    hint = ("The Jacobian over many steps is a product of one-step Jacobians, one for each step between k and T.",
            "dh_T/dh_k = J_T J_{T-1} ... J_{k+1}, the latest step on the left; with no step in between (k = T) "
            "the product is the identity. Mind that J[t - 1] holds J_t.")
    problem = function_problem(name, dhT_dhk, "(J, k) -> array", hint)
    if problem is not None:
        return problem
    J = np.random.default_rng(4).standard_normal((6, 3, 3)) * 0.7  # matrices that do not commute
    P = jacobian_products(J)
    for k in range(len(J) + 1):
        try:
            mine, why = as_array(dhT_dhk(J, k), (3, 3))
        except Exception as exc:  # the learner's code: report, never raise
            return result(name, False, "", f"dhT_dhk(J, {k}) raised {type(exc).__name__}: {exc}", hint)
        if mine is None:
            return result(name, False, "", f"dhT_dhk(J, {k}): {why}", hint)
        if not np.allclose(mine, P[k]):
            reversed_order = np.linalg.multi_dot([np.eye(3)] + list(J[k:]) + [np.eye(3)])
            if np.allclose(mine, reversed_order):
                return result(name, False, "", f"for k = {k} the factors are in reverse order (earliest on the left)",
                              hint)
            if k >= 1 and np.allclose(mine, P[k - 1]):
                return result(name, False, "", f"for k = {k} the product has one factor too many: it starts at J_k "
                              f"(J[{k - 1}]), but h_k is already there, so the first step to multiply is k + 1", hint)
            return result(name, False, "", f"dhT_dhk(J, {k}) does not match the chain rule's product", hint)
    return result(name, True, "right for every k = 0..T, the identity at k = T included.", "", hint)


def check_transient_matrix(W):
    """Exercise 2. Your own square matrix with spectral radius below 1 and largest singular value above 1."""
    name = "a matrix that shrinks in the long run but stretches at first"
    hint = ("Transient growth needs powers that shrink in the end (spectral radius below 1) and a first power that "
            "stretches some vector (largest singular value above 1): two different numbers of one matrix.",
            "A triangular matrix has its diagonal as eigenvalues, and an entry above the diagonal adds stretch "
            "without changing them; jacobians.spectral_radius and jacobians.largest_singular_value measure both.")
    if W is None:
        return not_answered(name)
    W = np.asarray(W, dtype=float) if np.ndim(W) == 2 else None
    if W is None or W.shape[0] != W.shape[1] or W.shape[0] < 2:
        return result(name, False, "", "expected a square matrix of size at least 2 x 2", hint)
    if not np.all(np.isfinite(W)):
        return result(name, False, "", "the matrix has NaN or inf entries", hint)
    worked = [np.array([[0.9, 2.0], [0.0, 0.9]]), non_normal_matrix(W.shape[0], spectral_radius=0.9, shear=2.0, seed=0)]
    if any(w.shape == W.shape and np.allclose(W, w) for w in worked):
        return result(name, False, "", "that is the worked example of section 3, not one of your own: build a "
                      "matrix with other numbers and check that it still shrinks in the end", hint)
    rho, sigma = spectral_radius(W), largest_singular_value(W)
    norms = power_norms(W, 200)
    numbers = f"rho = {rho:.3f}, sigma_max = {sigma:.3f}, largest ||W^n|| = {norms.max():.2f} at n = {norms.argmax()}"
    return result(name, rho < 1 < sigma, numbers + f"; ||W^200|| = {norms[-1]:.1e}: transient growth, then decay.",
                  numbers + " (need rho < 1 < sigma_max)", hint)


def check_clip(clip):
    """Exercise 3. Your `clip(grads, threshold)`: a dict of gradients rescaled to global norm at most
    `threshold` (Pascanu et al. 2013: g <- threshold g / ||g|| when ||g|| >= threshold), else unchanged."""
    name = "global-norm clipping"
    hint = ("Clipping rescales the whole gradient, every array by one factor, and only when it is too long.",
            "The length is the square root of the sum of squares over every entry of every array; at or above the "
            "threshold, scale by the threshold over that length, so the direction stays.")
    problem = function_problem(name, clip, "(grads, threshold) -> grads", hint)
    if problem is not None:
        return problem
    rng = np.random.default_rng(9)
    grads = {"W_hh": rng.standard_normal((3, 3)), "b_h": rng.standard_normal(3)}
    norm = global_norm(grads)
    for threshold in (0.5 * norm, 2.0 * norm):
        expected = {k: v.copy() for k, v in grads.items()}
        clip_grad_norm(expected, threshold)
        try:
            mine = clip({k: v.copy() for k, v in grads.items()}, threshold)
        except Exception as exc:  # the learner's code: report, never raise
            return result(name, False, "", f"clip(grads, {threshold:.3g}) raised {type(exc).__name__}: {exc}", hint)
        if not isinstance(mine, dict) or set(mine) != set(grads):
            return result(name, False, "", f"expected the dict of gradients back (keys {sorted(grads)})", hint)
        if not all(np.shape(mine[k]) == grads[k].shape and np.allclose(mine[k], expected[k]) for k in grads):
            what = "above" if threshold < norm else "below"
            if threshold < norm and np.isclose(global_norm(mine), threshold):
                return result(name, False, "", "the norm is right but the direction changed: scale every array by "
                              "the same factor (per-array clipping is a different method)", hint)
            return result(name, False, "", f"wrong for a gradient whose norm is {what} the threshold", hint)
    return result(name, True, "matches rl.clip_grad_norm above and below the threshold: the direction is kept, "
                  "only the length shrinks.", "", hint)


CLIP_CHOICES = ("larger", "the same", "smaller")


def check_clipping_prediction(prediction, share_before, share_after):
    """Predict first. `prediction`: after clipping the gradient to norm 0.1, is the share of dL/dW_hh that
    steps 1-30 give "larger", "the same" or "smaller" than before? `share_before`, `share_after`: what the
    notebook then measured."""
    name = "predict: what clipping does to the early steps' share"
    hint = ("Clipping multiplies the gradient by one number. What does multiplying a sum by one number do to the "
            "share each term has in it?",
            "g <- c g, with c the smaller of 1 and threshold / ||g||: every step's part is multiplied by that one c, so the ratios "
            "between the parts cannot change.")
    if np.isclose(share_after, share_before, rtol=1e-9, atol=0):
        right = "the same"
    else:
        right = "larger" if share_after > share_before else "smaller"
    why = {"the same": "Clipping scales every step's part by the same c; a vanishing gradient is a matter of the "
                       "ratios between steps, which no rescaling changes.",
           "larger": "(This should not happen: clipping scales every part alike.)",
           "smaller": "(This should not happen: clipping scales every part alike.)"}
    measured = f"steps 1-30 give {share_before:.1e} of dL/dW_hh before and {share_after:.1e} after"
    return prediction_result(name, prediction, CLIP_CHOICES, right, measured, why, hint)


LAG, HIDDEN, PASS_ACCURACY = 8, 32, 0.9  # the mini-project: lag 8, section 7's model, most symbols right
SEEDS = (0, 1, 2)  # the mini-project trains on section 7's seeds and is judged on the worst


def check_lag8_initialisation(W_hh):
    """Mini-project. Your initial recurrent weights `W_hh` (32, 32) for section 7's vanilla RNN: trained exactly as
    there (200 Adam updates, clipping at 1) on each of section 7's seeds 0, 1 and 2 (the seed sets the other weights
    and the data), does it now learn delayed recall at lag 8? Checked on the outcome: the worst seed's test accuracy
    above 0.9 (the default start stays at chance, 0.25). Takes about a second."""
    name = "mini-project: an initialisation that learns lag 8"
    hint = ("Section 7's start shrinks dh_t/dh_(t-8) to about 2e-2 before training begins: the gradient that should "
            "teach lag 8 arrives faint. Which property of W_hh decides how a product of many steps behaves?",
            "Sections 2 and 3: a matrix that neither shrinks nor stretches any direction keeps the norm of W^n at 1 "
            "for every n; build W_hh from such a matrix (the course's jacobians module makes one), at a scale near 1.")
    if W_hh is None:
        return not_answered(name)
    W, why = as_array(W_hh, (HIDDEN, HIDDEN))
    if W is None:
        return result(name, False, "", f"W_hh: {why} (section 7's RNN has H = {HIDDEN})", hint)
    if not np.all(np.isfinite(W)):
        return result(name, False, "", "W_hh has NaN or inf entries", hint)
    default = RNN(5, HIDDEN, seed=0).params["W_hh"]
    if np.allclose(W, default):
        return result(name, False, "", "that is the layer's own initialisation, which section 7 measured at chance "
                      "for lag 8: change it", hint)
    rho, sigma = spectral_radius(W), largest_singular_value(W)
    accuracies = [delayed_recall_accuracy(LAG, W_hh=W, seed=seed) for seed in SEEDS]
    accuracy = min(accuracies)  # the worst seed decides
    numbers = (f"test accuracy at lag {LAG} on seeds {', '.join(map(str, SEEDS))}: "
               f"{', '.join(f'{a:.3f}' for a in accuracies)} (chance 0.25); your W_hh has rho = {rho:.2f}, "
               f"sigma_max = {sigma:.2f}")
    if accuracy > PASS_ACCURACY:
        return result(name, True, numbers + ". The same model, data and budget as section 7, only a better start: "
                      "on every seed the units were enough for lag 8, and the default's start (how its gradient "
                      "travels) was what held it at chance.", "", hint)
    advice = (" (small: every step shrinks the gradient)" if sigma < 0.9 else
              " (large: the states saturate or the gradient explodes)" if rho > 1.5 else "")
    return result(name, False, "", numbers + advice + f"; needs more than {PASS_ACCURACY} on the worst seed", hint)

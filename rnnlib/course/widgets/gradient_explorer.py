"""Notebook 04: the gradient explorer's state: ||dh_T/dh_k|| against k for a vanilla RNN, beside the bound that limits it.

    W_hh = s M,   M orthogonal ("normal": every singular value and |eigenvalue| is 1), or
                  M = non_normal_matrix(H, spectral_radius=1, shear=2) ("non-normal": every eigenvalue 1,
                  sigma_max(M) = 1 + sqrt(2))
    dh_T/dh_k = prod_{t=k+1}^{T} diag(f'(a_t)) W_hh,    ||dh_T/dh_k|| <= (gamma sigma_max)^(T-k)

(Pascanu, Mikolov & Bengio 2013). The settings are the scale s, the activation f, the length T, the kind
of M and the strength of the inputs x_t (strong inputs saturate tanh, so f'(a_t) is small). No ipywidgets
import here: `GradientExplorerView` (gradient_explorer_view.py) is the thin view.
"""
import math
import numbers

import numpy as np

from ..jacobians import (MAX_DERIVATIVE, jacobian_norms, largest_singular_value, non_normal_matrix,
                         orthogonal_matrix, spectral_radius, step_jacobians)
from ...nn.rnn import RNN
from . import html, svgplot

KINDS = ("normal", "non-normal")
ACTIVATION_NAMES = {"tanh": "tanh", "relu": "ReLU", "identity": "identity"}
LIMITS = {"scale": (0.1, 2.0), "T": (1, 200), "input_scale": (0.0, 10.0)}
DEFAULTS = {"scale": 0.9, "activation": "tanh", "T": 60, "kind": "normal", "input_scale": 1.0}
Y_RANGE = (1e-10, 1e10)  # fixed axis of the plot, so one setting can be compared with the next


class GradientExplorer:
    """Settings, the numbers behind the plot, and its HTML, for one vanilla RNN with H hidden units.

    Args:
        hidden_size: H; seed: fixes W_xh, both matrices M and the inputs x_1..x_200 (standard normal, D = 2).
    Attributes:
        settings: dict of scale, activation, T, kind, input_scale; message: "" or what was wrong with the
        last change (shown in the view instead of a traceback).
    """

    def __init__(self, hidden_size=16, *, seed=0):
        self.layer = RNN(2, hidden_size, seed=seed)
        self.matrices = {"normal": orthogonal_matrix(hidden_size, seed=seed),
                         "non-normal": non_normal_matrix(hidden_size, spectral_radius=1.0, shear=2.0, seed=seed)}
        self.inputs = np.random.default_rng(seed).standard_normal((LIMITS["T"][1], 2))  # (T_max, D)
        self.settings, self.message = dict(DEFAULTS), ""
        self.recompute()

    def set(self, **changes):
        """Change some settings (scale, activation, T, kind, input_scale). On a bad value nothing changes
        and `message` says why. Returns True when every change was accepted."""
        new = dict(self.settings)
        for name, value in changes.items():
            problem = self._problem(name, value)
            if problem:
                self.message = problem
                return False
            new[name] = int(value) if name == "T" else value if name in ("activation", "kind") else float(value)
        self.settings, self.message = new, ""
        self.recompute()
        return True

    @staticmethod
    def _problem(name, value):
        if name == "activation":
            ok = value in ACTIVATION_NAMES
            return "" if ok else f"activation must be one of {tuple(ACTIVATION_NAMES)}; got {value!r}"
        if name == "kind":
            return "" if value in KINDS else f"kind must be one of {KINDS}; got {value!r}"
        if name not in LIMITS:
            return f"unknown setting {name!r}: the settings are {tuple(DEFAULTS)}"
        lo, hi = LIMITS[name]
        whole = name == "T"
        ok = isinstance(value, numbers.Real) and not isinstance(value, bool) and math.isfinite(value)
        if not ok or (whole and float(value) != int(value)) or not lo <= value <= hi:
            what = "a whole number" if whole else "a number"
            return f"{name} must be {what} from {lo:g} to {hi:g}; got {value!r}"
        return ""

    def reset(self):
        """Back to the default settings."""
        self.set(**DEFAULTS)

    def recompute(self):
        """The Jacobian norms and the bound for the current settings (about 10 ms for T = 200, H = 16)."""
        s = self.settings
        self.layer.activation = s["activation"]
        W_hh = s["scale"] * self.matrices[s["kind"]]
        self.layer.params["W_hh"][...] = W_hh
        J, _ = step_jacobians(self.layer, s["input_scale"] * self.inputs[: s["T"]])
        T = s["T"]
        self.k = np.arange(T + 1)
        self.norms = jacobian_norms(J)  # (T + 1,) ||dh_T/dh_k||
        self.rho, self.sigma = spectral_radius(W_hh), largest_singular_value(W_hh)
        self.gamma = MAX_DERIVATIVE[s["activation"]]
        self.bound = (self.gamma * self.sigma) ** (T - self.k)  # Pascanu et al.'s bound
        self.rho_line = self.rho ** (T - self.k)  # the linear case's long-run rate

    def sweep(self, name, values):
        """||dh_T/dh_0|| for each value of one setting (the others as they are now), shape (len(values),).

        The settings are restored afterwards. Raises ValueError for a bad value (a notebook call, not a click).
        """
        before, out = dict(self.settings), []
        try:
            for value in values:
                if not self.set(**{name: value}):
                    raise ValueError(self.message)
                out.append(self.norms[0])
        finally:
            self.settings = before
            self.recompute()
        return np.array(out)

    def verdict(self):
        """One or two sentences on what the theory says for these settings, and what the numbers show (HTML)."""
        s, g_sigma = self.settings, self.gamma * self.sigma
        sigma_max, power, norm_Tk = "σ<sub>max</sub>", "<sup>T&minus;k</sup>", "||dh<sub>T</sub>/dh<sub>k</sub>||"
        parts = []
        if g_sigma < 1:
            parts.append(f"γ {sigma_max} = {g_sigma:.2f} &lt; 1: the bound forces {norm_Tk} down at least as fast as "
                         f"{g_sigma:.2f}{power}, so the gradient vanishes (sufficient condition).")
        elif np.isclose(g_sigma, 1.0):
            parts.append(f"γ {sigma_max} = {g_sigma:.2f} = 1: the bound is 1 at every k, so {norm_Tk} can never "
                         "exceed 1: it stays level or shrinks; exploding needs γ σ<sub>max</sub> &gt; 1.")
        else:
            parts.append(f"γ {sigma_max} = {g_sigma:.2f} &gt; 1: exploding is now possible, not certain ({sigma_max} "
                         "&gt; 1 is necessary, not sufficient); the bound no longer forces a decay.")
        if s["activation"] == "identity":
            parts.append(f"Linear case: dh<sub>T</sub>/dh<sub>k</sub> = W<sub>hh</sub>{power}; in the long run it grows "
                         f"or shrinks like ρ{power} with spectral radius ρ = {self.rho:.2f}.")
        if self.rho < 1 < self.sigma:
            parts.append(f"Non-normal W<sub>hh</sub> with ρ = {self.rho:.2f} &lt; 1 &lt; {sigma_max} = {self.sigma:.2f}: "
                         "a few steps can stretch (transient growth) before ρ wins.")
        if s["activation"] != "identity" and g_sigma > 1 and not np.isclose(g_sigma, 1.0) and self.norms[0] < 1:
            parts.append(f"Here f&prime;(a<sub>t</sub>) shrinks each step enough that ||dh<sub>T</sub>/dh<sub>0</sub>|| "
                         f"= {self.norms[0]:.1e} still vanishes.")
        return " ".join(parts)

    def html(self):
        """The plot and the readout as one HTML string (an SVG line plot; a few milliseconds)."""
        s = self.settings
        T = s["T"]
        f = ACTIVATION_NAMES[s["activation"]]
        sub, power = svgplot.sub, svgplot.sup("T−k")
        on_bound = " (under the bound)" if np.isclose(self.rho, self.gamma * self.sigma) else ""
        series = [
            {"name": f"||dh{sub('T')}/dh{sub('k')}|| measured", "y": self.norms, "colour": svgplot.BLUE},
            {"name": f"bound (γ σ{sub('max')}){power} = {self.gamma * self.sigma:.2f}{power}", "y": self.bound,
             "colour": svgplot.ORANGE, "dash": "dashed"},
            {"name": f"ρ{power} = {self.rho:.2f}{power}{on_bound}", "y": self.rho_line, "colour": svgplot.GREY,
             "dash": "dotted"},
        ]
        plot = svgplot.line_plot(
            self.k, series, xlim=(0, T), ylim=Y_RANGE, log_y=True,
            title=f"How much h_k still moves h_T (f = {f}, W_hh {s['kind']}, T = {T})",
            xlabel="k (the earlier step)", ylabel="norm (log scale)")
        low, high = Y_RANGE
        off = (self.norms < low).any() or (self.norms > high).any()
        readout = (f'<div class="rl-caption" style="font-size:16px;font-family:sans-serif">'
                   f"W<sub>hh</sub> = {s['scale']:.2f} &middot; M ({s['kind']}): spectral radius "
                   f"&rho; = {self.rho:.3f}, largest singular value &sigma;<sub>max</sub> = {self.sigma:.3f}, "
                   f"&gamma; = max|f&prime;| = {self.gamma:g}; input strength {s['input_scale']:.1f}; "
                   f"||dh<sub>T</sub>/dh<sub>0</sub>|| = {self.norms[0]:.2e}, "
                   f"largest over k &lt; T: {self.norms[:-1].max():.2e}"
                   + (f" (values beyond {low:.0e} .. {high:.0e} are drawn on the edge)" if off else "") + "</div>")
        parts = [html.message(self.message)] if self.message else []
        parts += [plot, readout, html.message(self.verdict(), kind="info", escape=False)]
        return html.page(*parts)

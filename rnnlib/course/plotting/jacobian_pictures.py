"""Notebook 04: pictures of why gradients vanish or explode: the chain of Jacobians, the unit circle under W^n, the cliff.

Each function draws one figure from numbers the notebook computed with rnnlib (it computes nothing itself) and
returns (fig, axes) so the notebook can assert on the data behind it.
"""
import matplotlib.colors as mcolors
import matplotlib.pyplot as plt
import matplotlib.ticker as mticker
import numpy as np

from ..colours import INK, MUTED, readable
from . import MODEL_COLOURS

GRADIENT_COLOUR = readable("#D55E00", ratio=3.0)  # vermillion: what travels backwards
CLIPPED_COLOUR = readable("#009E73", ratio=3.0)  # bluish green: the clipped step
# viridis up to 0.6 only: its light yellow end is too faint on white for a thin line (0.6 keeps 3:1)
POWER_CMAP = mcolors.ListedColormap(plt.get_cmap("viridis")(np.linspace(0.0, 0.6, 256)), name="viridis_dark")


def jacobian_chain(factor_norms, product_norms, *, title="dh$_T$/dh$_k$ is a product of one Jacobian per step"):
    """The unrolled chain h_0 -> h_1 -> ... -> h_T with each step's Jacobian J_t = diag(f'(a_t)) W_hh and its norm,
    and below it ||dh_T/dh_k|| for every k beside the product of the factors' norms (its upper bound).

    Args:
        factor_norms: (T,) ||J_t|| for t = 1..T; product_norms: (T + 1,) ||dh_T/dh_k|| for k = 0..T.
    Returns:
        fig, (ax_chain, ax_norms); ax_norms.lines[0].get_ydata() is product_norms, lines[1] the bound
        prod_{t=k+1}^{T} ||J_t||.
    """
    factor_norms, product_norms = np.asarray(factor_norms, float), np.asarray(product_norms, float)
    T = len(factor_norms)
    bound = np.append(np.cumprod(factor_norms[::-1])[::-1], 1.0)  # (T + 1,): prod_{t=k+1}^{T} ||J_t||, 1 at k = T
    fig, (ax_chain, ax_norms) = plt.subplots(2, 1, figsize=(max(8.0, 0.95 * T + 2), 5.6), sharex=True,
                                             gridspec_kw={"height_ratios": [1.1, 1.5]})
    state = readable(MODEL_COLOURS["RNN"])
    for k in range(T + 1):
        ax_chain.add_patch(plt.Circle((k, 0), 0.3, facecolor="#ffffff", edgecolor=state, lw=2, zorder=3))
        ax_chain.text(k, 0, f"h$_{{{k}}}$", ha="center", va="center", fontsize=13, color=INK, zorder=4)
    for t in range(1, T + 1):  # the factor J_t sits on the arrow from h_{t-1} to h_t
        ax_chain.annotate("", xy=(t - 0.3, 0), xytext=(t - 0.7, 0),
                          arrowprops=dict(arrowstyle="->", color=MUTED, lw=1.5))
        ax_chain.text(t - 0.5, 0.42, f"J$_{{{t}}}$", ha="center", fontsize=12, color=INK)
        ax_chain.text(t - 0.5, -0.62, f"{factor_norms[t - 1]:.2f}", ha="center", fontsize=11, color=MUTED)
    ax_chain.annotate("", xy=(0, 0.95), xytext=(T, 0.95),  # the gradient's way: from h_T back to h_0
                      arrowprops=dict(arrowstyle="->", color=GRADIENT_COLOUR, lw=2.5))
    ax_chain.text(T / 2, 1.1, "the gradient travels back through every factor: "
                  "dh$_T$/dh$_k$ = J$_T$ J$_{T-1}$ ... J$_{k+1}$", ha="center", fontsize=12, color=INK)
    ax_chain.text(-0.45, -0.62, "||J$_t$||:", ha="right", fontsize=11, color=MUTED)
    ax_chain.set(xlim=(-1.4, T + 0.6), ylim=(-0.9, 1.45))
    ax_chain.set_aspect("equal")
    ax_chain.axis("off")
    ax_chain.set_title(title + ", J$_t$ = diag(f'(a$_t$)) W$_{hh}$", fontsize=13)
    k = np.arange(T + 1)
    ax_norms.semilogy(k, product_norms, "o-", color=state, lw=2, label="||dh$_T$/dh$_k$|| (the product's norm)")
    ax_norms.semilogy(k, bound, "s--", color=GRADIENT_COLOUR, lw=1.5, label="||J$_T$|| ... ||J$_{k+1}$|| (its bound)")
    ax_norms.set(xlabel="k (the earlier step)", ylabel="norm (log scale)")
    ax_norms.yaxis.set_major_locator(mticker.LogLocator(subs=(1.0, 2.0, 5.0)))  # 0.5, 1, 2, 5, ...
    ax_norms.yaxis.set_major_formatter(mticker.FormatStrFormatter("%g"))  # not 5 x 10^-1 on a short log axis
    ax_norms.yaxis.set_minor_formatter(mticker.NullFormatter())
    ax_norms.set_xticks(k)
    ax_norms.legend(fontsize=10)
    fig.tight_layout()
    return fig, (ax_chain, ax_norms)


def unit_circle_powers(panels, *, title="The unit circle after n steps of a linear RNN, h$_n$ = W$^n$ h$_0$"):
    """Top row: the images of the unit circle under W^n (one closed curve per n, coloured by n) for each matrix, with
    its eigenvector directions; bottom row: ||W^n|| against n, the radius of the largest circle point.

    Args:
        panels: list of (images (N + 1, P, 2) from `jacobians.circle_images`, eigenvectors (2, 2) as columns,
            label).
    Returns:
        fig, axes (2, len(panels)); axes[1, i].lines[0].get_ydata() is ||W^n|| of panel i, computed from its images.
    """
    fig, axes = plt.subplots(2, len(panels), figsize=(5.4 * len(panels) + 1, 8.4), squeeze=False, layout="constrained",
                             gridspec_kw={"height_ratios": [2.2, 1]})
    n_max = len(panels[0][0]) - 1
    norm = mcolors.PowerNorm(0.5, 0, n_max)  # spreads the colours of the first steps, where the shapes change most
    reach = max(np.abs(images).max() for images, _, _ in panels) * 1.08
    for (images, eigenvectors, label), ax, ax_n in zip(panels, axes[0], axes[1]):
        for n in range(n_max, -1, -1):
            ax.plot(images[n, :, 0], images[n, :, 1], color=POWER_CMAP(norm(n)), lw=1.4)
        ax.plot(images[0, :, 0], images[0, :, 1], color=INK, lw=2, ls="--", label="unit circle (n = 0)")
        for v in np.real(np.asarray(eigenvectors)).T:  # an eigenvector direction, as a line through 0
            v = v / np.linalg.norm(v) * reach
            ax.plot([-v[0], v[0]], [-v[1], v[1]], color=GRADIENT_COLOUR, lw=1.5, ls=":")
        ax.plot([], [], color=GRADIENT_COLOUR, lw=1.5, ls=":", label="eigenvector directions")
        ax.set(xlim=(-reach, reach), ylim=(-reach, reach), xlabel="h$_1$", ylabel="h$_2$", title=label)
        ax.set_aspect("equal")
        ax.legend(fontsize=9, loc="lower right")
        radius = np.linalg.norm(images, axis=2).max(axis=1)  # (N + 1,): ||W^n||, the farthest point of circle n
        ax_n.plot(np.arange(n_max + 1), radius, "o-", color=readable(MODEL_COLOURS["RNN"]), ms=3, lw=2)
        ax_n.axhline(1.0, color=MUTED, ls="--", lw=1.2)
        ax_n.set(xlabel="n (steps)", ylabel="||W$^n$||", ylim=(0, None))
    colourbar = fig.colorbar(plt.cm.ScalarMappable(norm=norm, cmap=POWER_CMAP), ax=list(axes[0]), shrink=0.8)
    colourbar.set_ticks([n for n in (0, 1, 2, 5, 10, 20, 50, 100) if n <= n_max])
    colourbar.set_label("n (power of W)")
    fig.suptitle(title)
    return fig, axes


def cliff(ws, losses, start, clipped, unclipped, *, learning_rate, threshold, loss_label="L(w)",
          title="A cliff in the loss, and one gradient step from its wall"):
    """The loss along one weight w, a start on the cliff's wall, the clipped step (drawn) and the unclipped one (an
    arrow off the right edge when it lands outside the plotted range, with where it lands).

    Args:
        ws, losses: (N,) the loss curve; start, clipped, unclipped: (w, L) pairs: the start and the two landings;
        learning_rate, threshold, loss_label: for the legend.
    Returns:
        fig, ax; ax.lines[0].get_ydata() is `losses`.
    """
    fig, ax = plt.subplots(figsize=(8.5, 4.2))
    ax.plot(ws, losses, color=readable(MODEL_COLOURS["RNN"]), lw=2, label=loss_label)
    ax.plot(*start, "o", color=INK, ms=9, label=f"start: w = {start[0]:.2f}, on the wall")
    ax.annotate("", xy=clipped, xytext=start, arrowprops=dict(arrowstyle="->", color=CLIPPED_COLOUR, lw=2.5))
    ax.plot(*clipped, "o", color=CLIPPED_COLOUR, ms=8,
            label=f"clipped step (||g|| capped at {threshold:g}): L = {clipped[1]:.1e}")
    right = ws.max()
    if unclipped[0] > right:  # it flies off the picture: an arrow to the edge and where it lands
        edge = (right, start[1] + (unclipped[1] - start[1]) * (right - start[0]) / (unclipped[0] - start[0]))
        ax.annotate("", xy=edge, xytext=start,
                    arrowprops=dict(arrowstyle="->", color=GRADIENT_COLOUR, lw=2.5, ls="--"))
        ax.text(right, edge[1] - 0.08 * losses.max(), f"unclipped: lands at w = {unclipped[0]:.1f}\n"
                f"(off the picture), L = {unclipped[1]:.3f}", ha="right", va="top", color=readable(GRADIENT_COLOUR),
                fontsize=11)
    else:
        ax.annotate("", xy=unclipped, xytext=start,
                    arrowprops=dict(arrowstyle="->", color=GRADIENT_COLOUR, lw=2.5, ls="--"))
    ax.plot([], [], color=GRADIENT_COLOUR, lw=2.5, ls="--", label=f"unclipped step, learning rate {learning_rate:g}")
    ax.set(xlabel="recurrent weight w", ylabel="loss L", title=title, ylim=(-0.05 * losses.max(), 1.3 * losses.max()))
    ax.legend(fontsize=10, loc="upper right")
    return fig, ax

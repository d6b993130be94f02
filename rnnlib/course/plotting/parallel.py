"""Notebook 09: figures: the dependency graphs of the loop and the scan, loop vs scan time against T, the plain and
the log-space closed form against t, parity per step, memory against |lambda|, an LTI kernel, layer times."""
import matplotlib.pyplot as plt
import numpy as np

from . import MODEL_COLOURS

# the models in the course's colours (MODEL_COLOURS); the loop is grey, the scan minGRU's colour
PARALLEL_COLOURS = {"minGRU": MODEL_COLOURS["minGRU"], "minGRU, 2 layers": MODEL_COLOURS["minGRU"],
                    "GRU": MODEL_COLOURS["GRU"], "LSTM": MODEL_COLOURS["LSTM"], "loop": "#555555",
                    "scan": MODEL_COLOURS["minGRU"], "log": "#0072B2", "plain": "#D55E00"}


def dependency_graphs(seq_len=8):
    """Left: the loop's chain h_0 -> h_1 -> ... -> h_T (T sequential steps). Right: the Hillis-Steele scan's network,
    one row per level, element t at level l reading elements t and t - 2^(l-1) of level l - 1. Returns fig, axes."""
    T = seq_len
    L = (T - 1).bit_length()
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4.2), gridspec_kw={"width_ratios": [1, 1.3]})
    steps = np.arange(T + 1)
    ax1.plot(steps, steps, "-", color=PARALLEL_COLOURS["loop"], lw=1.5, zorder=1)  # h_t at depth t: a chain
    ax1.scatter(steps, steps, s=260, color="white", edgecolor=PARALLEL_COLOURS["loop"], zorder=2)
    for t in steps:
        ax1.annotate(f"h{t}", (t, t), ha="center", va="center", fontsize=9)
    ax1.set_title(f"tanh RNN: h_t = tanh(W_hh h_t-1 + ...)\n{T} steps, each waits for the last")
    ax1.set_xlabel("step t")
    ax1.set_ylabel("sequential depth")
    ax1.invert_yaxis()
    for l in range(1, L + 1):
        d = 2 ** (l - 1)
        for t in range(1, T + 1):
            ax2.plot([t, t], [l - 1, l], "-", color="0.6", lw=1, zorder=1)
            if t > d:
                ax2.plot([t - d, t], [l - 1, l], "-", color=PARALLEL_COLOURS["scan"], lw=1.5, zorder=1)
    for l in range(L + 1):
        final = np.arange(1, T + 1) <= 2 ** l
        ax2.scatter(np.arange(1, T + 1), np.full(T, l), s=120, zorder=2,
                    color=np.where(final, "#cdeccd", "white"), edgecolor="0.2")
    ax2.set_yticks(range(L + 1), ["inputs"] + [f"level {l}" for l in range(1, L + 1)])
    ax2.set_ylim(T + 0.5, -0.5)  # the same depth scale as the chain
    ax2.set_xticks(range(1, T + 1))
    ax2.set_xlabel("element t")
    ax2.set_title(f"linear: h_t = a_t h_t-1 + b_t, by the scan\n{L} levels; green: h_t known")
    fig.tight_layout()
    return fig, (ax1, ax2)


def scan_timing(timings):
    """Loop vs scan CPU time against T, one pair of lines per (B, H) of `parallel.time_scan_vs_loop`."""
    fig, ax = plt.subplots(figsize=(8, 4.2))
    for k, tm in enumerate(timings):
        style = "-" if k == 0 else "--"
        size = f"B·H = {tm['batch_size'] * tm['hidden_size']}"
        ax.loglog(tm["seq_len"], tm["loop_ms"], "o" + style, color=PARALLEL_COLOURS["loop"], label=f"loop, {size}")
        ax.loglog(tm["seq_len"], tm["scan_ms"], "s" + style, color=PARALLEL_COLOURS["scan"], label=f"scan, {size}")
    ax.set_xlabel("sequence length T")
    ax.set_ylabel("CPU time (ms, best of the runs)")
    ax.set_title("h_t = a_t h_t-1 + b_t: the loop over t vs the scan, on this machine")
    ax.legend(fontsize=10)
    return fig, ax


def underflow_errors(case):
    """Relative error against the loop at every t: the plain closed form, the log-space form and the scan."""
    fig, ax = plt.subplots(figsize=(8, 4))
    t = np.arange(1, len(case["A_star"]) + 1)
    floor = 1e-17  # an exact result drawn at the bottom of the log axis
    for name, key, colour in (("plain closed form", "plain_error", "plain"), ("log-space form", "log_error", "log"),
                              ("scan", "scan_error", "scan")):
        e = np.where(np.isfinite(case[key]), np.maximum(case[key], floor), np.nan)
        ax.semilogy(t, e, ".", ms=3, color=PARALLEL_COLOURS[colour], label=name)
    gone = np.flatnonzero(~np.isfinite(case["plain_error"]))
    if gone.size:
        ax.axvline(gone[0] + 1, color=PARALLEL_COLOURS["plain"], ls=":", lw=2,
                   label=f"plain form inf/NaN from t = {gone[0] + 1}")
    ax.set_xlabel("step t")
    ax.set_ylabel("relative error |h - h_loop| / |h_loop|")
    ax.set_title("A*_t = a_1 ... a_t leaves the float64 range")
    ax.legend(fontsize=10, loc="center left")
    return fig, ax


def parity_per_step(result):
    """Test accuracy at every step t of running parity, per model, with chance at 0.5."""
    fig, ax = plt.subplots(figsize=(8, 3.8))
    per_step = result["per_step"]
    t = np.arange(1, len(next(iter(per_step.values()))) + 1)
    ax.axhline(0.5, color="0.4", ls=":", lw=2, label="chance")
    for name, marker in zip(per_step, ("o", "s", "^")):
        style = "--" if "2 layers" in name else "-"
        ax.plot(t, per_step[name], marker + style, color=PARALLEL_COLOURS[name], lw=2,
                label=f"{name}, {result['params'][name]} params (mean {result['accuracy'][name]:.3f})")
    ax.set_ylim(0.3, 1.05)
    ax.set_xticks(t)
    ax.set_xlabel("step t")
    ax.set_ylabel("test accuracy at step t")
    ax.set_title("Running parity: y_t = x_1 + ... + x_t mod 2")
    ax.legend(fontsize=10, loc="lower left")
    return fig, ax


def memory_vs_modulus(moduli, steps, ring=None):
    """Steps until |lambda|^k < 1% against |lambda| (log scale), with the LRU's ring [r_min, r_max] shaded."""
    fig, ax = plt.subplots(figsize=(8, 4))
    ax.semilogy(moduli, steps, "-", color=PARALLEL_COLOURS["scan"], lw=2.5, label="k with |λ|^k = 1%")
    if ring is not None:
        ax.axvspan(*ring, color="#cdeccd", label=f"LRU ring: |λ| in [{ring[0]}, {ring[1]}]")
    ax.set_xlabel("|λ|, the eigenvalue's modulus")
    ax.set_ylabel("memory: steps until 1% is left")
    ax.set_title("h_t = λ h_t-1 + x_t forgets at the rate |λ|^k")
    ax.legend(fontsize=10, loc="upper left")
    return fig, ax


def lti_kernel(K, radius):
    """|K_k| = |C A^k B| against k (log scale), with the line radius^k it decays along."""
    fig, ax = plt.subplots(figsize=(8, 3.8))
    k = np.arange(len(K))
    ax.semilogy(k, np.abs(K).reshape(len(K), -1).max(axis=1), "o-", ms=3, color=PARALLEL_COLOURS["scan"],
                label="|K_k| = |C A^k B|")
    ax.semilogy(k, radius ** k * np.abs(K[0]).max(), ":", color="0.35", lw=2, label=f"{radius}^k (spectral radius)")
    ax.set_xlabel("k (steps back)")
    ax.set_ylabel("kernel size |K_k|")
    ax.set_title("The convolution kernel of an LTI recurrence: every past input, fading")
    ax.legend(fontsize=10)
    return fig, ax


def layer_times(result):
    """Forward + backward time against T for each layer of `parallel.time_layers`."""
    fig, ax = plt.subplots(figsize=(8, 4.2))
    styles = {"readable LSTM": ("o-", MODEL_COLOURS["LSTM"]), "tuned LSTM": ("s--", MODEL_COLOURS["LSTM"]),
              "naive loop": ("^:", "#555555"), "minGRU loop": ("v:", PARALLEL_COLOURS["minGRU"]),
              "minGRU scan": ("D-", PARALLEL_COLOURS["minGRU"])}
    for name, ms in result["ms"].items():
        marker, colour = styles.get(name, ("o-", "#000000"))
        ax.loglog(result["seq_len"], ms, marker, color=colour, lw=2, label=name)
    B, D, H = result["sizes"]
    ax.set_xlabel("sequence length T")
    ax.set_ylabel("forward + backward, CPU time (ms, best)")
    ax.set_title(f"How fast can the sequential loop go? B = {B}, D = {D}, H = {H}")
    ax.legend(fontsize=10)
    return fig, ax

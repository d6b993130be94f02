"""Notebook 08: figures: accuracy per step against the causal bound, accuracy against input length for the
plain and the attention encoder-decoder, and an attention alignment matrix."""
import matplotlib.pyplot as plt
import numpy as np

from . import MODEL_COLOURS, SEQUENTIAL_CMAP

# Notebook 08's models, in the course's Okabe-Ito palette (the colours not taken by RNN, LSTM, GRU, CNN, TCN),
# told apart by line style and marker as well
SEQ2SEQ_COLOURS = {"unidirectional": MODEL_COLOURS["GRU"], "bidirectional": "#000000",
                   "plain": "#56B4E9", "attention": "#000000"}


def per_step_vs_bound(result):
    """Per-step accuracy of the unidirectional and the bidirectional tagger, with the causal bound.

    Args: result: from `deep_rnn.bidirectional_experiment`. Returns: fig, ax."""
    fig, ax = plt.subplots(figsize=(8, 3.8))
    t = np.arange(1, len(result["per_step_bound"]) + 1)
    ax.plot(t, result["per_step_bound"], ":", color="0.35", lw=2.5,
            label=f"best rule that sees only x_1..x_t (mean {result['bound']:.3f})")
    for name, marker in (("unidirectional", "o"), ("bidirectional", "s")):
        ax.plot(t, result["per_step"][name], marker + "-", color=SEQ2SEQ_COLOURS[name], lw=2,
                label=f"{name} GRU, {result['params'][name]} params (mean {result['accuracy'][name]:.3f})")
    ax.set_ylim(0.45, 1.05)
    ax.set_xticks(t)
    ax.set_xlabel("step t")
    ax.set_ylabel("test accuracy at step t")
    ax.set_title('Does an "a" still follow? Tagging every letter')
    ax.legend(fontsize=10, loc="lower left")
    return fig, ax


def accuracy_vs_length(result, *, extra_seeds=None, longer=None):
    """Whole-translation accuracy against the number of numbers in the sentence, plain vs attention.

    Args: result: from `seq2seq_experiments.bottleneck_experiment`; extra_seeds: optional list of more such
    results, drawn thin; longer: optional dict with "epochs" and "by_count", a list of (MAX_NUMBERS,) accuracies
    of the plain model trained further, one per seed (result's seed first, then extra_seeds'), drawn dotted in the
    plain model's colour. Returns: fig, ax."""
    fig, ax = plt.subplots(figsize=(8, 4))
    counts = np.arange(1, len(result["by_count"]["plain"]) + 1)
    runs = [result, *(extra_seeds or [])]
    lines = [("plain", result["epochs"], "o-", [r["by_count"]["plain"] for r in runs])]
    if longer is not None:
        lines.append(("plain", longer["epochs"], "^:", longer["by_count"]))
    lines.append(("attention", result["epochs"], "s-", [r["by_count"]["attention"] for r in runs]))
    for name, epochs, style, by_count in lines:
        colour = SEQ2SEQ_COLOURS[name]
        ax.plot(counts, by_count[0], style, color=colour, lw=2.5, ms=8,
                label=f"{name}, {epochs} epochs ({result['params'][name]} params)")
        for other in by_count[1:]:
            ax.plot(counts, other, style, color=colour, lw=1, ms=4, alpha=0.7)
    lengths = [np.mean([len(s) for s, c in zip(result["test"]["source"], result["test"]["count"]) if c == k])
               for k in counts]
    ax.set_xticks(counts, [f"{k}\n({n:.0f} words)" for k, n in zip(counts, lengths)])
    ax.set_ylim(-0.05, 1.05)
    ax.set_xlabel("numbers in the sentence (mean source length $S$)")
    ax.set_ylabel("whole translation right")
    ax.set_title("One state vector vs attention, as the input grows")
    ax.legend(fontsize=10, loc="center right", bbox_to_anchor=(1.0, 0.55))  # the empty corner, right of 3 numbers
    return fig, ax


def alignment(alpha, source_words, output_symbols, *, ax=None, title=r"Attention weights $\alpha_{t,j}$"):
    """The alignment matrix: one row per output symbol k_t, one column per source position j (its word).

    Args: alpha: (T, S) weights alpha_{t,j} (each row sums to 1); source_words: S strings; output_symbols: T strings.
    Returns: fig, ax, the image."""
    fig, ax = plt.subplots(figsize=(0.6 * len(source_words) + 2.5, 0.4 * len(output_symbols) + 1.6)) if ax is None \
        else (ax.figure, ax)
    image = ax.imshow(alpha, cmap=SEQUENTIAL_CMAP, vmin=0, vmax=1, aspect="auto")
    ax.set_xticks(range(len(source_words)), source_words, rotation=60, ha="right")
    ax.set_yticks(range(len(output_symbols)), output_symbols)
    ax.set_xlabel("source word $j$")
    ax.set_ylabel("output symbol $k_t$")
    ax.set_title(title)
    fig.colorbar(image, ax=ax, label=r"$\alpha_{t,j}$")
    return fig, ax, image

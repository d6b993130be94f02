"""Notebook 08: the attention stepper's state: the decoder translates the learner's sentence one symbol at a time.

At output step t it shows the attention weights alpha_{t,j} over the source words j (a heat strip, the words as
labels), the symbol k_t produced and its probability p(k_t | k_<t, x), and the alignment matrix of steps 1..t.
The whole greedy translation is computed once per sentence (`set_text`); stepping only redraws.

No ipywidgets import here (tested in tests/course/test_nb08_widget.py without a display); `AttentionView` in
attention_view.py is the thin ipywidgets layer.
"""
import html as _html

import numpy as np

from .. import seq2seq
from ..seq2seq import END, SOURCE_WORDS, TARGET_SYMBOLS
from . import html
from .timeline import Timeline

MAX_WORDS = 30
MAX_OUTPUT = 24


class AttentionStepper(Timeline):
    """What the attention widget shows at output step t = 1..T of the greedy translation of `text`.

    Args:
        model: a trained `seq2seq.AttentionEncoderDecoder`; text: a sentence in the source language.
    Attributes:
        text, words (the source words), t, T (output steps, the end symbol included), symbols (T strings),
        probabilities (T,), alpha (T, S) (row t: the weights at step t), message ("" or what was wrong).
    """

    def __init__(self, model, text="forty two , seven , thirteen"):
        if getattr(model, "attention", None) is None:
            raise TypeError("model must be a seq2seq.AttentionEncoderDecoder (a model with attention)")
        self.model, self.message, self.t = model, "", 1
        if not self.set_text(text):
            raise ValueError(self.message)

    @property
    def T(self):
        return len(self.symbols)

    def set_text(self, text):
        """Translate a new sentence; returns False and sets `message` (naming the unknown word) if it cannot."""
        if not isinstance(text, str):
            return self._reject(f"Please type a sentence (a string); got {type(text).__name__}.")
        words = text.lower().replace(",", " , ").split()
        if not words:
            return self._reject("The sentence box is empty: type number words such as \"forty two , seven\".")
        if len(words) > MAX_WORDS:
            return self._reject(f"That is {len(words)} words; please keep the sentence to {MAX_WORDS} or fewer.")
        unknown = [w for w in words if w not in SOURCE_WORDS]
        if unknown:
            return self._reject(f"Unknown word {unknown[0]!r}: the source language knows only the number words "
                                f"zero to nineteen, twenty to ninety, and the comma.")
        self.text, self.words = " ".join(words), words
        self._translate(np.array([SOURCE_WORDS.index(w) for w in words]))
        self.t, self.message = 1, ""
        return True

    def _reject(self, message):
        self.message = message
        return False

    def _translate(self, source):
        """Greedy decoding of one sentence, keeping every step's attention weights and probability."""
        state = self.model.start(source[:, None])
        y, symbols, probs, alphas = END, [], [], []
        for _ in range(MAX_OUTPUT):
            log_p, state, alpha = self.model.step(state, np.array([y]))
            y = int(log_p[0].argmax())
            symbols.append(TARGET_SYMBOLS[y])
            probs.append(float(np.exp(log_p[0, y])))
            alphas.append(alpha[:, 0])
            if y == END:
                break
        self.symbols, self.probabilities, self.alpha = symbols, np.array(probs), np.array(alphas)

    def translation(self):
        """The whole greedy translation as text (up to the end symbol)."""
        return seq2seq.decode_target([TARGET_SYMBOLS.index(s) for s in self.symbols])

    # ----- what is shown ---------------------------------------------------------------------------
    def html(self):
        """The whole view at step t as one HTML string."""
        t = self.t
        parts = [html.message(self.message)] if self.message else []
        parts.append(f'<div style="font-size:17px;font-family:sans-serif;margin:4px 0">step t = {t} of T = {self.T}: '
                     f'the decoder produces <b style="font-family:monospace;font-size:20px">{_html.escape(self.symbols[t - 1])}'
                     f'</b> with probability p(k<sub>t</sub> | k<sub>&lt;t</sub>, x) = '
                     f'{self.probabilities[t - 1]:.3f}</div>')
        parts.append(_heat_strip(f"α<sub>{t},j</sub>", self.alpha[t - 1], self.words))
        parts.append(html.colour_bar(0.0, 1.0, "viridis", "attention weight α<sub>t,j</sub> (each row sums to 1)"))
        parts.append('<div class="rl-label" style="margin-top:6px">output so far</div>' + html.tape(self.symbols, t - 1))
        parts.append(_alignment_table(self.alpha[:t], self.words, self.symbols[:t]))
        return html.page(*parts)


def _cell(value, text, width):
    fill = html.colours([value], 0.0, 1.0, "viridis")[0]
    ink = "#000" if html.contrast("#000000", fill) >= html.contrast("#ffffff", fill) else "#fff"
    return (f'<td style="background:{fill};color:{ink};min-width:{width}px;height:24px;text-align:center;'
            f'font-family:monospace;font-size:14px;border:1px solid #fff">{text}</td>')


def _heat_strip(label, weights, words):
    """One row of cells, one per source word (the word above, the weight inside), coloured by the weight."""
    head = "".join(f'<th style="font-family:monospace;font-size:15px;padding:0 3px">{_html.escape(w)}</th>' for w in words)
    cells = "".join(_cell(a, f"{a:.2f}", 44) for a in weights)
    return (f'<table style="border-collapse:collapse;margin:4px 0"><tr><th></th>{head}</tr>'
            f'<tr><th class="rl-label" style="padding-right:8px">{label}</th>{cells}</tr></table>')


def _alignment_table(alpha, words, symbols):
    """The alignment matrix of steps 1..t: a row per output symbol, a column per source word."""
    head = "".join(f'<th style="font-family:monospace;font-size:13px;padding:0 2px">{_html.escape(w)}</th>' for w in words)
    rows = "".join(f'<tr><th style="font-family:monospace;font-size:15px;padding-right:6px">'
                   f'{_html.escape(s)}</th>{"".join(_cell(a, f"{a:.2f}", 38) for a in row)}</tr>'
                   for s, row in zip(symbols, alpha))
    return (f'<div class="rl-label" style="margin-top:6px">alignment so far: α<sub>t,j</sub> for t = 1..{len(symbols)}'
            f'</div><table style="border-collapse:collapse"><tr><th></th>{head}</tr>{rows}</table>')

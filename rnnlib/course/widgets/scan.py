"""Notebook 09: the scan widget's state: the levels of a Hillis-Steele scan of h_t = a_t * h_{t-1} + b_t.

The learner types a short sequence of pairs (a_t, b_t), or picks a preset. Level l = 0 shows the inputs, one step
per element; at level l >= 1 (offset d = 2^(l-1)) every element t > d combines with element t - d:
(A_{t-d}, B_{t-d}) o (A_t, B_t) = (A_t A_{t-d}, A_t B_{t-d} + B_t), so element t then covers the steps
max(1, t - 2^l + 1)..t. An element whose steps start at step 1 is final: with h_0 = 0, h_t = B_t. Beside the
levels, the loop's h_1..h_T; after the last level, L = ceil(log2 T), every element is final and equals them.
The numbers are those of `rnnlib.nn.scan.scan_levels`, computed once per sequence; stepping only redraws.

Here the timeline's t is the level l = 0..L (0 is the inputs), not a time step. No ipywidgets import (tested in
tests/course/test_nb09_widget_exercises.py); `ScanView` in scan_view.py is the thin ipywidgets layer.
"""
import html as _html
import re

import numpy as np

from ...nn.scan import linear_recurrence_loop, scan_levels
from . import html
from .timeline import Timeline

MIN_PAIRS, MAX_PAIRS = 2, 16
PRESETS = {
    "decay by half": "0.5 1; 0.5 1; 0.5 1; 0.5 1; 0.5 1; 0.5 1; 0.5 1; 0.5 1",
    "counter (a = 1)": "1 1; 1 1; 1 1; 1 1; 1 1; 1 1; 1 1; 1 1",
    "forget at step 5": "1 1; 1 1; 1 1; 1 1; 0 2; 1 1; 1 1; 1 1",
    "ten mixed steps": "0.9 1; 0.5 -1; 1 0.5; 0.8 0; 0 3; 0.5 1; 1 -2; 0.9 0.5; 0.7 1; 1 1",
}
FINAL_FILL = "#cdeccd"  # a final element: its h_t is known (a light green under dark text, 13:1)
CURRENT_BORDER = "#1a1a1a"


def parse_pairs(text):
    """The pairs (a_t, b_t) of text such as "0.5 1; 0.9, -2; ...": (a (T,), b (T,), "") or (None, None, message)."""
    if not isinstance(text, str):
        return None, None, f"Please type text (pairs a b separated by ';'); got {type(text).__name__}."
    pieces = [p.strip() for p in text.strip().strip(";").split(";")]
    if not text.strip() or not any(pieces):
        return None, None, "The box is empty: type pairs a b separated by ';', for example 0.5 1; 0.5 1; 1 0."
    if not MIN_PAIRS <= len(pieces) <= MAX_PAIRS:
        return None, None, f"That is {len(pieces)} pairs; please type {MIN_PAIRS} to {MAX_PAIRS} pairs a b, separated by ';'."
    a, b = [], []
    for k, piece in enumerate(pieces, start=1):
        numbers = [n for n in re.split(r"[,\s]+", piece) if n]
        if len(numbers) != 2:
            return None, None, (f"Pair {k} ({piece!r}) needs exactly two numbers a and b; got {len(numbers)}. "
                                "Separate the pairs with ';'.")
        try:
            values = [float(n) for n in numbers]
        except ValueError:
            bad = next(n for n in numbers if not _is_number(n))
            return None, None, f"{bad!r} in pair {k} is not a number; type pairs such as 0.5 1."
        if not all(np.isfinite(values)) or max(abs(v) for v in values) > 1e6:
            return None, None, f"Pair {k} ({piece!r}): please use finite numbers between -1e6 and 1e6."
        a.append(values[0])
        b.append(values[1])
    return np.array(a), np.array(b), ""


def _is_number(text):
    try:
        float(text)
        return True
    except ValueError:
        return False


class ScanState(Timeline):
    """What the scan widget shows at level l = 0..L of the scan of the learner's pairs (a_t, b_t), h_0 = 0.

    Attributes:
        text, a, b (T,), levels (L + 1 pairs (A, B) of (T,) arrays, level 0 the inputs), h_loop (T,), t (the level
        shown), message ("" or what was wrong with the last text; the previous sequence stays).
    """

    def __init__(self, text=PRESETS["decay by half"]):
        self.message, self.t = "", 0
        if not self.set_text(text):
            raise ValueError(self.message)

    # the timeline runs over levels 0..L (Timeline's are 1..T)
    @property
    def T(self):
        """The last level, L = ceil(log2 T) (the timeline's end)."""
        return len(self.levels) - 1

    @property
    def seq_len(self):
        return len(self.a)

    def go_to(self, t):
        self.t = int(min(max(int(t), 0), self.T))
        return self.t

    def reset(self):
        self.t = 0

    def set_text(self, text):
        """A new sequence of pairs; returns False and sets `message` (the old sequence stays) if it is malformed."""
        a, b, message = parse_pairs(text)
        if message:
            self.message = message
            return False
        self.text, self.a, self.b = text.strip(), a, b
        self.levels = scan_levels(a, b, keep_levels=True)[2]  # [(A, B) of level 0 (the inputs), 1, ..., L]
        self.h_loop = linear_recurrence_loop(a, b)
        self.t, self.message = 0, ""
        return True

    def choose(self, preset):
        """Load one of PRESETS by name."""
        if preset not in PRESETS:
            self.message = f"Unknown preset {preset!r}; the presets are {', '.join(PRESETS)}."
            return False
        return self.set_text(PRESETS[preset])

    def first_step(self, level=None):
        """(T,) the first step (1-based) that element t covers after `level` (default: the level shown)."""
        level = self.t if level is None else level
        t = np.arange(1, self.seq_len + 1)
        return np.maximum(1, t - 2 ** level + 1)

    def final(self, level=None):
        """(T,) bool: whether element t covers steps 1..t after `level`, so that h_t = B_t is known."""
        return self.first_step(level) == 1

    # ----- what is shown ---------------------------------------------------------------------------
    def html(self):
        """The whole view at the level shown, as one HTML string."""
        l, L, T = self.t, self.T, self.seq_len
        parts = [html.message(self.message)] if self.message else []
        if l == 0:
            head = (f"level 0 of L = {L}: the inputs; element t is the single step (a<sub>t</sub>, b<sub>t</sub>). "
                    f"T = {T} steps need L = ⌈log<sub>2</sub> {T}⌉ = {L} levels")
        else:
            d = 2 ** (l - 1)
            head = (f"level {l} of L = {L}, offset d = {d}: every element t &gt; {d} becomes "
                    f"(element t − {d}) ∘ (element t); {int(self.final(l).sum())} of {T} elements are final")
        parts.append(f'<div style="font-size:17px;font-family:sans-serif;margin:4px 0">{head}</div>')
        parts.append(self._table())
        parts.append('<div class="rl-caption" style="font-size:14px;font-family:sans-serif">green: final, the element '
                     'covers steps 1..t, so h<sub>t</sub> = B<sub>t</sub> (h<sub>0</sub> = 0); white: a partial '
                     'span s..t; framed: changed at this level. Each cell: the steps it covers, A and B.</div>')
        return html.page(*parts)

    def _table(self):
        T, l = self.seq_len, self.t
        head = "".join(f'<th style="font-family:monospace;font-size:15px;padding:0 2px">t = {t}</th>'
                       for t in range(1, T + 1))
        rows = [self._row("a<sub>t</sub>, b<sub>t</sub>", [f"{a:.3g}, {b:.3g}" for a, b in zip(self.a, self.b)])]
        for level in range(l + 1):
            A, B = self.levels[level]
            first, final = self.first_step(level), self.final(level)
            changed = np.arange(T) >= 2 ** (level - 1) if level else np.zeros(T, bool)
            cells = []
            for t in range(T):
                span = f"{first[t]}..{t + 1}" if first[t] < t + 1 else f"{t + 1}"
                fill = FINAL_FILL if final[t] else html.CARD
                border = f"2px solid {CURRENT_BORDER}" if level == l and changed[t] else "1px solid #8c8c8c"
                cells.append(f'<td style="background:{fill};border:{border};padding:1px 3px;text-align:center;'
                             f'font-family:monospace;font-size:13px;min-width:58px"><b>{span}</b><br>'
                             f'A {A[t]:.3g}<br>B {B[t]:.3g}</td>')
            rows.append(f'<tr><th class="rl-label" style="padding-right:8px;text-align:right">level {level}</th>'
                        f'{"".join(cells)}</tr>')
        rows.append(self._row("loop: h<sub>t</sub>", [f"{h:.3g}" for h in self.h_loop], bold=True))
        return (f'<table style="border-collapse:collapse;margin:4px 0"><tr><th></th>{head}</tr>{"".join(rows)}</table>')

    @staticmethod
    def _row(label, texts, bold=False):
        weight = "bold" if bold else "normal"
        cells = "".join(f'<td style="border:1px solid #8c8c8c;padding:1px 3px;text-align:center;font-family:monospace;'
                        f'font-size:13px;font-weight:{weight}">{_html.escape(s)}</td>' for s in texts)
        return f'<tr><th class="rl-label" style="padding-right:8px;text-align:right">{label}</th>{cells}</tr>'

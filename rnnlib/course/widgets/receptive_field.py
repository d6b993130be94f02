"""Notebook 06: the receptive-field slider's state: what a causal convolution stack and an RNN each see at step t.

For the convolution (kernel size k, dilations d_1..d_L) the output y_t depends on exactly the inputs
x_{t - r + 1} .. x_t, r = 1 + (k - 1) sum_l d_l, whatever the weights: the view colours each input by its
number of paths to y_t (`rl.receptive_field_paths`). For a vanilla RNN, h_t depends on every input
x_1 .. x_t; the view shows how much, as the size of the Jacobian ||dh_t / dx_s|| (Frobenius norm), which
shrinks with t - s when the recurrent weights are small (notebook 04).

No ipywidgets import here (tested in tests/course/test_receptive_field_widget.py without a display);
`ReceptiveFieldView` in receptive_field_view.py is the thin ipywidgets layer.
"""
import html as _html

import numpy as np

from ...nn.conv1d import receptive_field, receptive_field_paths
from ...nn.rnn import RNN
from ..text import Vocabulary
from . import html
from .text_input import text_problem
from .timeline import Timeline

MAX_LENGTH = 40  # characters: one row of cells stays on a projected screen
MAX_LAYERS = 6
MAX_DILATION = 32
KERNEL_SIZES = (2, 3, 4)
LOG_RANGE = (-4.0, 1.0)  # fixed colour scale of log10 ||dh_t/dx_s||


def parse_dilations(text):
    """'1, 2, 4' -> ((1, 2, 4), ""), or (None, message) when the text is not 1..MAX_LAYERS whole numbers."""
    if not isinstance(text, str):
        text = ", ".join(str(d) for d in text) if isinstance(text, (tuple, list)) else str(text)
    parts = [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]
    if not parts:
        return None, "The dilations box is empty: give one whole number per layer, e.g. 1, 2, 4."
    if not all(p.isdigit() for p in parts):
        bad = next(p for p in parts if not p.isdigit())
        return None, f"{bad!r} is not a whole number: give one dilation per layer, e.g. 1, 2, 4."
    dilations = tuple(int(p) for p in parts)
    if len(dilations) > MAX_LAYERS:
        return None, f"That is {len(dilations)} layers; this view draws at most {MAX_LAYERS}."
    if min(dilations) < 1 or max(dilations) > MAX_DILATION:
        return None, f"Each dilation must lie in 1..{MAX_DILATION}; got {', '.join(parts)}."
    return dilations, ""


class ReceptiveFieldState(Timeline):
    """A text read by a causal convolution stack and by a vanilla RNN, shown at one step t = 1..T.

    Args:
        text: the sequence (characters of `vocab`, 1..MAX_LENGTH of them).
        kernel_size: k, one of KERNEL_SIZES; dilations: d_1..d_L, a tuple or text such as "1, 2, 4".
        hidden_size: H of the RNN; seed: its (untrained) weights; vocab: default `text.Vocabulary()`.
    Attributes:
        t: the step shown, moved by go_to, step_forward, step_back and reset (from `Timeline`);
        text, kernel_size, dilations; message: "" or what was wrong with the last input given.
    """

    def __init__(self, text="the cat sat on the mat.", *, kernel_size=2, dilations=(1, 2, 4), hidden_size=8,
                 seed=0, vocab=None):
        self.vocab = Vocabulary() if vocab is None else vocab
        self.rnn = RNN(self.vocab.size, hidden_size, seed=seed)
        self.t, self.text, self.message = 1, "", ""
        self.kernel_size, self.dilations = 2, (1,)
        for ok in (self.set_text(text), self.set_kernel_size(kernel_size), self.set_dilations(dilations)):
            if not ok:
                raise ValueError(self.message)

    @property
    def T(self):
        return len(self.text)

    @property
    def receptive_field(self):
        """r = 1 + (k - 1) sum_l d_l."""
        return receptive_field(self.kernel_size, self.dilations)

    # ----- input from the controls: each returns True if accepted, else sets `message` ---------------
    def set_text(self, text):
        """A new sequence (lower-cased); the step t is kept if it still fits, else moved to T."""
        text, problem = text_problem(text, self.vocab, MAX_LENGTH, what="sequence")
        if problem:
            return self._reject(problem)
        self.text, self.message = text, ""
        self.t = min(max(self.t, 1), self.T)
        self._influence = rnn_influence(self.rnn, self.vocab.one_hot(text))
        return True

    def set_kernel_size(self, kernel_size):
        if kernel_size not in KERNEL_SIZES:
            return self._reject(f"The kernel size must be one of {KERNEL_SIZES}; got {kernel_size!r}.")
        self.kernel_size, self.message = int(kernel_size), ""
        return True

    def set_dilations(self, dilations):
        parsed, message = parse_dilations(dilations)
        if parsed is None:
            return self._reject(message)
        self.dilations, self.message = parsed, ""
        return True

    def _reject(self, message):
        self.message = message
        return False

    # ----- what is shown ---------------------------------------------------------------------------
    def conv_paths(self):
        """(L + 1, T) path counts from every node to the top output at step t (row 0: the inputs)."""
        return receptive_field_paths(self.kernel_size, self.dilations, self.T, self.t - 1)

    def rnn_influence(self):
        """(T,) ||dh_t / dx_s|| for s = 1..T at the current t (0 for s > t: the future cannot matter)."""
        return self._influence[self.t - 1]

    def summary(self):
        """One sentence on what each model sees at step t."""
        paths = self.conv_paths()[0]
        seen = np.flatnonzero(paths)
        first = seen[0] + 1
        cut = (f"; x<sub>1</sub>..x<sub>{first - 1}</sub> are out of its reach" if first > 1 else "")
        return (f"step t = {self.t} of T = {self.T}. The convolution's y<sub>t</sub> sees x<sub>{first}</sub>.."
                f"x<sub>{self.t}</sub> ({len(seen)} inputs; receptive field r = {self.receptive_field}){cut}. "
                f"The RNN's h<sub>t</sub> depends on all {self.t} inputs x<sub>1</sub>..x<sub>{self.t}</sub>.")

    def html(self):
        """The whole view as one HTML string (< 1 ms to build)."""
        parts = [html.message(self.message)] if self.message else []
        parts.append(f'<div style="font-size:16px;font-family:sans-serif;margin:4px 0">{self.summary()}</div>')
        counts = self.conv_paths()
        top = max(2, int(counts.max()))
        for l in range(len(self.dilations), -1, -1):  # the top layer first, the input row last
            name = f"layer {l} (d = {self.dilations[l - 1]})" if l else "input x<sub>s</sub>"
            fills = [None if c == 0 else colour for c, colour in zip(counts[l], html.colours(counts[l], 0, top, "viridis"))]
            texts = [self.text[s] if l == 0 else (str(c) if c else "") for s, c in enumerate(counts[l])]
            parts.append(_cell_row(name, texts, fills, current=self.t - 1))
        parts.append(html.colour_bar(0, top, "viridis", "paths from x<sub>s</sub> to the convolution's y<sub>t</sub> (grey: none)"))
        influence = self.rnn_influence()
        logs = np.log10(np.maximum(influence, 10 ** LOG_RANGE[0]))
        fills = [None if s >= self.t else c for s, c in enumerate(html.colours(logs, *LOG_RANGE, "cividis"))]
        texts = [f"{v:.0e}" if 0 < v < 0.01 else (f"{v:.2f}" if v else "") for v in influence]
        parts.append(_cell_row("RNN: ||&part;h<sub>t</sub>/&part;x<sub>s</sub>||", self.text, fills,
                               current=self.t - 1, notes=texts))
        parts.append(html.colour_bar(*LOG_RANGE, "cividis", "log<sub>10</sub> ||&part;h<sub>t</sub>/&part;x<sub>s</sub>|| of an untrained RNN "
                                     f"(H = {self.rnn.hidden_size}); blank: s &gt; t, the future"))
        return html.page(*parts)


def rnn_influence(rnn, x):
    """||dh_t / dx_s|| (Frobenius norm) for every pair s <= t, for a tanh RNN run on x (T, D).

        dh_t/dx_s = D_t W_hh D_{t-1} W_hh ... D_s W_xh,   D_u = diag(1 - h_u^2)

    Args:
        rnn: an `rl.RNN` with activation tanh; x: (T, D) one sequence.
    Returns:
        (T, T) array, entry [t, s] for 0-based steps; zero above the diagonal (s > t).
    """
    hs, _ = rnn.forward(x)  # (T, H)
    T, H = hs.shape
    W_hh, W_xh = rnn.params["W_hh"], rnn.params["W_xh"]
    deriv = 1.0 - hs ** 2  # (T, H), the diagonals of D_1..D_T
    out = np.zeros((T, T))
    P = deriv[:, :, None] * np.eye(H)  # (T, H, H): P[t] = D_t, the product for a gap of 0
    for gap in range(T):  # a loop over the gap t - s; all t are done at once inside it
        t = np.arange(gap, T)
        out[t, t - gap] = np.linalg.norm(P[gap:] @ W_xh, axis=(1, 2))  # ||D_t W_hh ... D_s W_xh||
        # one more factor: P[t] <- P[t] W_hh D_{t-gap-1}, for t = gap+1..T-1
        P[gap + 1 :] = (P[gap + 1 :] @ W_hh) * deriv[: T - gap - 1, None, :]
    return out


def _cell_row(label, texts, fills, *, current, notes=None):
    """A row of labelled boxes: box s shows texts[s] on colour fills[s] (None: grey), the box at `current`
    outlined; `notes` (optional) are small numbers under each box."""
    cells = []
    for s, (text, fill) in enumerate(zip(texts, fills)):
        bg, fg = ("#e6e6e6", html.MUTED) if fill is None else (fill, html._text_colour(fill))
        border = "2px solid #000" if s == current else "1px solid #bbb"
        note = "" if notes is None else f'<div style="font-size:12px;color:{html.MUTED}">{_html.escape(notes[s])}</div>'
        shown = "\u2423" if text == " " else text
        cells.append(f'<div style="display:flex;flex-direction:column;align-items:center;width:30px">'
                     f'<div style="width:26px;height:26px;line-height:26px;text-align:center;background:{bg};color:{fg};'
                     f'border:{border};font-family:monospace;font-size:15px">{_html.escape(shown)}</div>{note}</div>')
    return (f'<div class="rl-row" style="gap:0;flex-wrap:nowrap"><div class="rl-label" style="width:140px;'
            f'font-size:15px">{label}</div>{"".join(cells)}</div>')

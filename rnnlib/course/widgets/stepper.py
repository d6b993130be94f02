"""Notebooks 01 and 02: the hidden-state stepper's state: which step t we are at, and every array of the RNN step shown there.

One vanilla RNN step, in the course notation (column vectors):

    a_t = W_hh h_{t-1} + W_xh x_t + b_h        (pre-activation)
    h_t = f(a_t)                               (f = tanh, ReLU or identity)
    y_t = W_hy h_t + b_y                       (only when the model has a read-out)

The view draws the cell as a circuit (cell_diagram.py) with one unit's values at step t, then every unit's
vectors. This module has no ipywidgets import: the class is a plain object (tested in tests/course/test_stepper.py
without a display) and `StepperView` in stepper_view.py is the thin ipywidgets layer on top of it.
"""
import numpy as np

from ...nn.functional import softmax
from ...nn.models import SequenceModel
from ...nn.rnn import RNN
from ..gates import gate_values
from ..text import Vocabulary
from . import html
from .cell_diagram import cell_svg, describe_cell
from .text_input import text_problem
from .timeline import Timeline

MAX_LENGTH = 60  # longest text the stepper accepts: enough for a sentence, and the h-history grid stays readable


class HiddenStateStepper(Timeline):
    """Step a vanilla RNN through a text one character at a time, t = 1..T.

    Args:
        model: an `rl.RNN` layer, or an `rl.SequenceModel` whose core is an `rl.RNN` (then the next-symbol
            probabilities softmax(y_t) are shown too).
        vocab: the `text.Vocabulary` whose one-hot vectors are the inputs x_t (V must equal input_size).
        text: the first sequence to show (1..MAX_LENGTH characters of the vocabulary).
        a_scale: the fixed colour scale [-a_scale, a_scale] of a_t and its three terms.
        unit: the unit whose values the cell diagram shows, 0..H-1.
    Attributes:
        t: the current step, 1..T, moved by go_to, step_forward, step_back and reset (from `Timeline`);
        text: the sequence shown; message: "" or what was wrong with the last text given (shown in the
        view instead of a traceback).
    """

    def __init__(self, model, vocab, text, *, a_scale=4.0, unit=0):
        self.layer = model.core if isinstance(model, SequenceModel) else model
        if not isinstance(self.layer, RNN):
            raise TypeError("model must be an rl.RNN layer or an rl.SequenceModel around one; "
                            f"got {type(self.layer).__name__}")
        if not isinstance(vocab, Vocabulary):
            raise TypeError(f"vocab must be a text.Vocabulary; got {type(vocab).__name__}")
        if self.layer.input_size != vocab.size:
            raise ValueError(f"the model's input_size ({self.layer.input_size}) must equal the vocabulary size "
                             f"({vocab.size}): x_t is a one-hot vector over the vocabulary")
        self.model, self.vocab = model, vocab
        self.head = model.head if isinstance(model, SequenceModel) else None
        self.a_scale = float(a_scale)
        self.h_scale = 1.0 if self.layer.activation == "tanh" else self.a_scale  # tanh keeps h_t in (-1, 1)
        if isinstance(unit, bool) or not isinstance(unit, (int, np.integer)) or not 0 <= unit < self.layer.hidden_size:
            raise ValueError(f"unit must be a whole number from 0 to {self.layer.hidden_size - 1}; got {unit!r}")
        self.unit, self.cell = int(unit), describe_cell(self.layer)  # the cell's drawing, read from the layer once
        self.t, self.text, self.message = 1, "", ""
        if not self.set_text(text):
            raise ValueError(self.message)

    # ----- the sequence ----------------------------------------------------------------------------
    @property
    def T(self):
        """Length of the current sequence."""
        return len(self.text)

    def parse(self, text):
        """The learner's text as one-hot inputs (T, V), or a message saying what is wrong.

        Returns:
            (x, text, message): x is (T, V) or None; text is the text used (lower-cased when the vocabulary
            has no capitals); message is "" when all is well.
        """
        text, problem = text_problem(text, self.vocab, MAX_LENGTH,
                                     example="type a word (for example 'stare') and press Enter")
        if problem:
            return None, text, problem
        return self.vocab.one_hot(text, self.layer.dtype), text, ""

    def set_text(self, text):
        """Show a new sequence from step t = 1, or keep the current one and set `message` if `text` is bad.

        Returns True when the text was accepted.
        """
        x, text, message = self.parse(text)
        self.message = message
        if x is None:
            return False
        self.text, self.x, self.t = text, x, 1
        self.recompute()
        return True

    def recompute(self):
        """Run the model over the whole sequence once (call again after changing the weights)."""
        values = gate_values(self.layer, self.x)  # one forward, then stepping is indexing
        hs, self.a = values["h"], values["a"]  # (T, H) each
        self.h = hs
        self.h0 = np.zeros(self.layer.hidden_size, self.layer.dtype)
        self.y = None if self.head is None else self.head.forward(hs)[0]  # (T, K)

    # ----- what is shown at step t -----------------------------------------------------------------
    def arrays(self, t=None):
        """Every vector of step t (default: the current step), each 1-D.

        Returns:
            dict with x_t (V,), h_prev (H,), Whh_h_prev = W_hh h_{t-1} (H,), Wxh_x_t = W_xh x_t (H,),
            b_h (H,), a_t (H,), h_t (H,), and, when the model has a read-out, y_t (K,) and
            p_t = softmax(y_t) (K,).
        """
        t = self.t if t is None else t
        if not 1 <= t <= self.T:
            raise ValueError(f"t must lie in 1..{self.T}; got {t}")
        p = self.layer.params
        h_prev = self.h0 if t == 1 else self.h[t - 2]
        out = {
            "x_t": self.x[t - 1],
            "h_prev": h_prev,
            "Whh_h_prev": p["W_hh"] @ h_prev,  # the maths' column-vector form: W_hh h_{t-1}
            "Wxh_x_t": p["W_xh"] @ self.x[t - 1],  # with a one-hot x_t this is one column of W_xh
            "b_h": p["b_h"],
            "a_t": self.a[t - 1],
            "h_t": self.h[t - 1],
        }
        if self.y is not None:
            out["y_t"] = self.y[t - 1]
            out["p_t"] = softmax(self.y[t - 1])
        return out

    def prediction(self, t=None):
        """The most likely next symbol at step t and its probability, or None without a read-out."""
        arrays = self.arrays(t)
        if "p_t" not in arrays or arrays["p_t"].size != self.vocab.size:
            return None
        k = int(np.argmax(arrays["p_t"]))
        return self.vocab.symbols[k], float(arrays["p_t"][k])

    def html(self):
        """The whole view of step t as one HTML string (built with rnnlib.widgets.html, in < 1 ms)."""
        t, arrays = self.t, self.arrays()
        f = {"tanh": "tanh", "relu": "ReLU", "identity": "identity"}[self.layer.activation]
        char = self.text[t - 1]
        parts = [html.message(self.message)] if self.message else []
        parts.append(f'<div class="rl-caption" style="font-size:16px">step t = {t} of T = {self.T}</div>')
        parts.append(html.tape(self.text, t - 1))
        j = self.unit  # the cell as a circuit with this step's values of one unit, then every unit's vectors
        values = {name: arrays[name][j] for name in ("h_prev", "Whh_h_prev", "Wxh_x_t", "b_h", "a_t", "h_t")}
        values["x_t"] = f"one-hot({char!r})"
        parts.append(cell_svg(self.layer, values, step=t, unit=j, description=self.cell))
        parts.append(html.strip(f"x<sub>t</sub> = one-hot({html.quoted(char)})", arrays["x_t"], self.vocab.symbols,
                                 vmin=0.0, vmax=1.0, cmap="cividis", fmt="{:.0f}"))
        a, hs = dict(vmin=-self.a_scale, vmax=self.a_scale), dict(vmin=-self.h_scale, vmax=self.h_scale)
        equation = html.row(
            html.vector("W<sub>hh</sub> h<sub>t-1</sub>", arrays["Whh_h_prev"], **a),
            html.vector("W<sub>xh</sub> x<sub>t</sub>", arrays["Wxh_x_t"], **a),
            html.vector("b<sub>h</sub>", arrays["b_h"], **a),
            operator="+")
        history = html.grid("h<sub>1</sub> &hellip; h<sub>T</sub> so far<br>" + html.aside("rows: units<br>columns: steps"),
                            self.h.T, self.text, filled=t, vmin=-self.h_scale, vmax=self.h_scale)
        parts.append(html.row(  # the history beside the step (wrapping below it on a narrow screen): less scrolling
            html.row(
                html.vector("h<sub>t-1</sub>", arrays["h_prev"], **hs, title="the state carried from the step before"),
                html.row(equation, html.vector("a<sub>t</sub>", arrays["a_t"], **a), operator="="),
                html.vector(f"h<sub>t</sub> = {f}(a<sub>t</sub>)", arrays["h_t"], **hs),
                operator="&rarr;"),
            history))
        bars = [html.colour_bar(-self.h_scale, self.h_scale, "RdBu_r", "h<sub>t-1</sub> and h<sub>t</sub>"),
                html.colour_bar(-self.a_scale, self.a_scale, "RdBu_r", "a<sub>t</sub> and its three terms")]
        guess = self.prediction()
        if guess is not None:
            parts.append(html.strip("softmax(y<sub>t</sub>)", arrays["p_t"], self.vocab.symbols,
                                    vmin=0.0, vmax=1.0, cmap="viridis"))
            parts.append(f'<div class="rl-caption" style="font-size:16px">most likely next character: '
                         f'<b>{html.quoted(guess[0])}</b> (probability {guess[1]:.2f})</div>')
            bars.append(html.colour_bar(0.0, 1.0, "viridis", "probability"))
        elif "y_t" in arrays:
            parts.append(html.vector("y<sub>t</sub>", arrays["y_t"], **a))
        parts.append(html.row(*bars))
        return html.page(*parts)

"""Notebook 07: the text sampler's state: a character model continues the learner's prompt at a chosen temperature.

    p_i = exp(y_i / tau) / sum_j exp(y_j / tau)

Low tau picks the likely characters (safe, repetitive text); tau = 1 samples the model's own
distribution; high tau makes rare characters likely (inventive, then nonsense). The view shows the
continuation and the distribution of the very next character at the chosen tau.

No ipywidgets import here (tested in tests/course/test_text_sampler_widget.py without a display);
`TextSamplerView` in sampler_view.py is the thin ipywidgets layer.
"""
import html as _html
import numbers

from ..charmodel import known_word_fraction, next_char_probabilities, sample_text
from ..text import Vocabulary
from . import html
from .text_input import text_problem

MAX_PROMPT = 80
TEMPERATURE_RANGE = (0.05, 3.0)
LENGTH_RANGE = (1, 400)


class TextSamplerState:
    """What the sampler shows: a prompt, a temperature, a seed and a length, and the text they give.

    Args:
        model: a trained character SequenceModel; vocab: its `text.Vocabulary`; corpus: the training text
            (used only to count how many generated words are real words of the corpus).
    Attributes:
        prompt, temperature, seed, length; message: "" or what was wrong with the last input given.
    """

    def __init__(self, model, vocab, *, corpus="", prompt="the ", temperature=0.7, seed=0, length=200):
        if not isinstance(vocab, Vocabulary) or model.head.output_size != vocab.size:
            raise ValueError("vocab must be the text.Vocabulary the model was trained on (V = its output size)")
        self.model, self.vocab, self.corpus = model, vocab, corpus
        self.prompt, self.temperature, self.seed, self.length, self.message = "the ", 0.7, 0, 200, ""
        for ok in (self.set_prompt(prompt), self.set_temperature(temperature), self.set_seed(seed),
                   self.set_length(length)):
            if not ok:
                raise ValueError(self.message)

    # ----- input from the controls: each returns True if accepted, else sets `message` ---------------
    def set_prompt(self, prompt):
        """A new prompt (lower-cased). Unknown characters are refused with a message naming them."""
        prompt, problem = text_problem(prompt, self.vocab, MAX_PROMPT, what="prompt",
                                       example="type a few words for the model to continue")
        if problem:
            return self._reject(problem)
        return self._accept("prompt", prompt)

    def set_temperature(self, temperature):
        lo, hi = TEMPERATURE_RANGE
        if not _is_number(temperature) or not lo <= temperature <= hi:
            return self._reject(f"The temperature must be a number from {lo} to {hi}; got {temperature!r}.")
        return self._accept("temperature", float(temperature))

    def set_seed(self, seed):
        if not _is_whole(seed) or seed < 0:
            return self._reject(f"The seed must be a whole number >= 0; got {seed!r}.")
        return self._accept("seed", int(seed))

    def set_length(self, length):
        lo, hi = LENGTH_RANGE
        if not _is_whole(length) or not lo <= length <= hi:
            return self._reject(f"The length must be a whole number from {lo} to {hi}; got {length!r}.")
        return self._accept("length", int(length))

    def _accept(self, name, value):
        setattr(self, name, value)
        self.message = ""
        return True

    def _reject(self, message):
        self.message = message
        return False

    # ----- what is shown ---------------------------------------------------------------------------
    def sample(self):
        """The continuation of the prompt for the current settings (the same settings give the same text)."""
        return sample_text(self.model, self.vocab, self.prompt, self.length, temperature=self.temperature, seed=self.seed)

    def next_char(self):
        """(V,) probabilities of the first generated character at the current temperature."""
        return next_char_probabilities(self.model, self.vocab, self.prompt, temperature=self.temperature)

    def html(self):
        """The whole view as one HTML string."""
        text = self.sample()
        parts = [html.message(self.message)] if self.message else []
        parts.append(html.strip(f"next character after the prompt, &tau; = {self.temperature:.2f}", self.next_char(),
                                self.vocab.symbols, vmin=0.0, vmax=1.0, cmap="viridis"))
        parts.append(html.colour_bar(0.0, 1.0, "viridis", "probability"))
        parts.append('<div style="font-family:monospace;font-size:17px;line-height:1.5;max-width:900px;'
                     f'white-space:pre-wrap;margin:6px 0"><b>{_html.escape(self.prompt)}</b>{_html.escape(text)}</div>')
        if self.corpus:
            share = known_word_fraction(text, self.corpus)
            parts.append(f'<div class="rl-caption" style="font-size:15px">{share:.0%} of the whole generated words '
                         f'occur in the training text (temperature {self.temperature:.2f}, seed {self.seed})</div>')
        return html.page(*parts)


def _is_number(value):
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _is_whole(value):
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)

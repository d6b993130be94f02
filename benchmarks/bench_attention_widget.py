"""Benchmark of the attention stepper (notebook 08).

Run `python benchmarks/bench_attention_widget.py` to print it; `run()` returns a dict of median milliseconds per
update (change of state + HTML + view update). Target: a step under 20 ms.

The model has the notebook's size (H = 24, attention size 24) but is not trained: the time of a step does not
depend on the weights, and an untrained decoder rarely produces the end symbol, so a new sentence is decoded for
the full 24 output steps: the slowest case.
"""
import sys
from pathlib import Path

from rnnlib.course import seq2seq, widgets

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import median_ms  # noqa: E402 (the timing loop every widget benchmark shares)

SENTENCE = "ninety nine , one , twenty , thirteen , forty four , seven"  # six numbers, 14 words


def _view():
    model = seq2seq.AttentionEncoderDecoder(24, 24, seed=0)
    return widgets.AttentionView(widgets.AttentionStepper(model, SENTENCE))


def bench_step(repeats=200):
    """One click of "step forward" (redraw of the strip, the output tape and the alignment so far), "reset" at the end."""
    view = _view()

    def click():
        (view.reset if view.state.t == view.state.T else view.forward).click()

    return median_ms(click, repeats)


def bench_new_sentence(repeats=50):
    """A new sentence typed into the box: encode, decode every output step with attention, redraw."""
    view = _view()
    choices = [SENTENCE, "forty two , seven , thirteen , eighty"]
    counter = iter(range(10**9))
    return median_ms(lambda: setattr(view.text, "value", choices[next(counter) % 2]), repeats)


def run():
    return {"attention stepper: step forward": bench_step(), "attention stepper: new sentence": bench_new_sentence()}


if __name__ == "__main__":
    for name, ms in run().items():
        print(f"{name:36s} {ms:7.2f} ms (median)")

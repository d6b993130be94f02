"""Benchmarks of the receptive-field slider (notebook 06) and the text sampler (notebook 07).

Run `python benchmarks/bench_cnn_widgets.py` to print them; `run()` returns a dict of median milliseconds
per update (change of state + HTML + view update), for a benchmark runner. Target: well under 100 ms.
"""
import sys
from pathlib import Path

from rnnlib.course import charmodel, text, widgets

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import median_ms  # noqa: E402 (the timing loop every widget benchmark shares)


def _receptive_field_view():
    return widgets.ReceptiveFieldView(widgets.ReceptiveFieldState("the cat sat on the mat.", kernel_size=2,
                                                                        dilations=(1, 2, 4)))


def bench_receptive_field_step(repeats=200):
    """One click of "step forward" on the notebook-06 sentence (23 characters, 3 layers), "reset" at the end."""
    view = _receptive_field_view()

    def click():
        (view.reset if view.state.t == view.state.T else view.forward).click()

    return median_ms(click, repeats)


def bench_receptive_field_dilations(repeats=100):
    """A new dilations text, alternating between "1, 2, 4, 8" and "1, 1, 1" (parse + paths + HTML)."""
    view = _receptive_field_view()
    choices = ["1, 2, 4, 8", "1, 1, 1"]
    counter = iter(range(10**9))
    return median_ms(lambda: setattr(view.dilations, "value", choices[next(counter) % 2]), repeats)


def bench_receptive_field_text(repeats=50):
    """A new 40-character sequence (the RNN's Jacobian norms for every pair s <= t are recomputed)."""
    view = _receptive_field_view()
    texts = ["a much longer sentence for the rnn to rea", "another sentence of forty characters ok."]
    counter = iter(range(10**9))
    return median_ms(lambda: setattr(view.text, "value", texts[next(counter) % 2]), repeats)


def bench_text_sampler_temperature(repeats=30):
    """A move of the temperature slider: a new 200-character sample from the notebook-07 model size (GRU, H = 48)."""
    vocab = text.Vocabulary()
    view = widgets.TextSamplerView(widgets.TextSamplerState(charmodel.char_model(vocab, 48, seed=0), vocab,
                                                                  corpus=charmodel.load_corpus(), length=200))
    temperatures = [0.5, 1.0]
    counter = iter(range(10**9))
    return median_ms(lambda: setattr(view.temperature, "value", temperatures[next(counter) % 2]), repeats)


def run() -> dict:
    """Median milliseconds per update of each widget."""
    return {"receptive_field_step_ms": bench_receptive_field_step(),
            "receptive_field_dilations_ms": bench_receptive_field_dilations(),
            "receptive_field_text_ms": bench_receptive_field_text(),
            "text_sampler_temperature_ms": bench_text_sampler_temperature()}


if __name__ == "__main__":
    for name, ms in run().items():
        print(f"{name:32s} {ms:7.2f} ms (median)")

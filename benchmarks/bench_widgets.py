"""Time one update of the course's widgets: the change of state, the HTML build and the view update.

    python benchmarks/bench_widgets.py     # prints the median milliseconds per update

`run()` returns the medians in a dict so a benchmark runner can collect them. The bar: well under
100 ms per update (a widget must answer at once when a teacher clicks it in front of a class).
"""
import sys
from pathlib import Path

import rnnlib as rl
from rnnlib.course import text, widgets

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import median_ms  # noqa: E402 (the timing loop every widget benchmark shares)



def bench_stepper(repeats=200):
    """One click of "step forward" (back to t = 1 by "reset" at the end) on a 20-character sentence,
    with the notebook-01 model size (V = 28 symbols, H = 16, a read-out): state step + HTML + view update."""
    vocab = text.Vocabulary()
    model = rl.SequenceModel(rl.RNN(vocab.size, 16, seed=0), vocab.size, seed=0)
    view = widgets.StepperView(widgets.HiddenStateStepper(model, vocab, "stare at the lemons."))

    def click():
        (view.reset if view.stepper.t == view.stepper.T else view.forward).click()

    return median_ms(click, repeats)


def bench_unrolled_graph(repeats=50):
    """One move of the T slider of the unrolled-graph view (layout + SVG + view update), T cycling 1..8."""
    view = widgets.UnrolledGraphView(1)
    return median_ms(lambda: setattr(view.slider, "value", view.slider.value % 8 + 1), repeats)


def run() -> dict:
    """Median milliseconds per update of each widget."""
    return {"hidden_state_stepper_step_ms": bench_stepper(), "unrolled_graph_T_ms": bench_unrolled_graph()}


if __name__ == "__main__":
    for name, ms in run().items():
        print(f"{name:32s} {ms:7.2f} ms (median)")

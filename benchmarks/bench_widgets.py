"""Time one update of the course's widgets: the change of state, the HTML build and the view update.

    python benchmarks/bench_widgets.py     # prints the median milliseconds per update

`run()` returns the medians in a dict so a benchmark runner can collect them. The bar: well under
100 ms per update (a widget must answer at once when a teacher clicks it in front of a class).
"""
import time

import numpy as np

import rnnlib as rl


def _median_ms(update, repeats):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        update()
        times.append(time.perf_counter() - start)
    return 1e3 * float(np.median(times))


def bench_stepper(repeats=200):
    """One click of "step forward" (back to t = 1 by "reset" at the end) on a 20-character sentence,
    with the notebook-01 model size (V = 28 symbols, H = 16, a read-out): state step + HTML + view update."""
    vocab = rl.Vocabulary()
    model = rl.SequenceModel(rl.RNN(vocab.size, 16, seed=0), vocab.size, seed=0)
    view = rl.widgets.StepperView(rl.widgets.HiddenStateStepper(model, vocab, "stare at the lemons."))

    def click():
        (view.reset if view.stepper.t == view.stepper.T else view.forward).click()

    return _median_ms(click, repeats)


def bench_unrolled_graph(repeats=50):
    """One move of the T slider of the unrolled-graph view (layout + SVG + view update), T cycling 1..8."""
    view = rl.widgets.UnrolledGraphView(1)
    return _median_ms(lambda: setattr(view.slider, "value", view.slider.value % 8 + 1), repeats)


def run() -> dict:
    """Median milliseconds per update of each widget."""
    return {"hidden_state_stepper_step_ms": bench_stepper(), "unrolled_graph_T_ms": bench_unrolled_graph()}


if __name__ == "__main__":
    for name, ms in run().items():
        print(f"{name:32s} {ms:7.2f} ms (median)")

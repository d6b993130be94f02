"""Time one update of the gradient widgets of notebooks 03 and 04: state change, HTML/SVG build, view update.

    python benchmarks/bench_gradient_widgets.py     # prints the median milliseconds per update

`run()` returns the medians in a dict. The bar: well under 100 ms per update.
"""
import sys
from pathlib import Path

import numpy as np

from rnnlib.course import widgets

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import median_ms  # noqa: E402 (the timing loop every widget benchmark shares)


def bench_walker_step(repeats=200):
    """One click of "step back" on a 16-number sequence (reset at t = 1): state + HTML + SVG + view update."""
    view = widgets.BPTTWalkerView(widgets.BPTTWalker(sequence=", ".join(["0.5", "-1"] * 8)))
    return median_ms(lambda: (view.reset if view.walker.t == 1 else view.back).click(), repeats)


def bench_walker_new_sequence(repeats=50):
    """Typing a new 16-number sequence: forward pass, the whole backward walk, HTML, controls resized."""
    view = widgets.BPTTWalkerView(widgets.BPTTWalker())
    texts = [", ".join(f"{v:.2f}" for v in np.random.default_rng(i).uniform(-2, 2, 16)) for i in range(repeats)]
    return median_ms(lambda: setattr(view.text, "value", texts.pop()), repeats)


def bench_explorer(T, repeats=50):
    """One move of the scale slider of the gradient explorer at length T (Jacobians, norms, bound, SVG)."""
    view = widgets.GradientExplorerView(widgets.GradientExplorer())
    view.T.value = T
    values = iter(np.tile([0.8, 1.0, 1.2], repeats))
    return median_ms(lambda: setattr(view.scale, "value", next(values)), repeats)


def run() -> dict:
    """Median milliseconds per update of each widget action."""
    return {"bptt_walker_step_ms": bench_walker_step(), "bptt_walker_new_sequence_ms": bench_walker_new_sequence(),
            "gradient_explorer_T60_ms": bench_explorer(60), "gradient_explorer_T200_ms": bench_explorer(200)}


if __name__ == "__main__":
    for name, ms in run().items():
        print(f"{name:32s} {ms:7.2f} ms (median)")

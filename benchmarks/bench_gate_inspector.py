"""Time one update of the gate inspector: the change of state, the HTML build and the view update.

    python benchmarks/bench_gate_inspector.py     # prints the median milliseconds per update

`run()` returns the medians in a dict so a benchmark runner can collect them. The bar: well under 20 ms
per update, the cell diagram with the step's values included (bench_diagram times it alone). Sizes as in notebook 05: an LSTM and a GRU with H = 16 on a 50-step adding-problem sequence.
"""
import sys
from pathlib import Path

import rnnlib as rl
from rnnlib.course import tasks, widgets

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import median_ms  # noqa: E402 (the timing loop every widget benchmark shares)


def _view(T=50, H=16):
    x, _ = tasks.adding_problem(T, 1, seed=0)
    lstm = rl.SequenceModel(rl.LSTM(2, H, seed=0), 1, many_to_one=True, seed=0)
    gru = rl.SequenceModel(rl.GRU(2, H, seed=0), 1, many_to_one=True, seed=0)
    return widgets.GateInspectorView(widgets.GateInspector(lstm, gru, widgets.GateInspector.format(x[:, 0])))


def bench_step(repeats=200):
    """One click of "step forward ▶" (back to t = 1 by "reset" at the end), LSTM shown."""
    view = _view()

    def click():
        (view.reset if view.inspector.t == view.inspector.T else view.forward).click()

    return median_ms(click, repeats)


def bench_play(repeats=200):
    """One tick of play: the Play counter moves, the linked slider follows, the view redraws (GRU shown)."""
    view = _view()
    view.model.value = "GRU"
    return median_ms(lambda: setattr(view.play, "value", view.play.value % view.inspector.T + 1), repeats)


def bench_model_toggle(repeats=100):
    """Switching the model between LSTM and GRU at step 25."""
    view = _view()
    view.slider.value = 25
    return median_ms(lambda: setattr(view.model, "value", "GRU" if view.model.value == "LSTM" else "LSTM"), repeats)


def bench_new_text(repeats=50):
    """Entering a new 50-number sequence in the text box: parse, run both models, redraw from t = 1."""
    view = _view()
    texts = [widgets.GateInspector.format(tasks.adding_problem(50, 1, seed=s)[0][:, 0]) for s in (1, 2)]
    count = [0]

    def enter():
        count[0] += 1
        view.text.value = texts[count[0] % 2]

    return median_ms(enter, repeats)


def bench_diagram(repeats=200):
    """The LSTM's cell diagram with one unit's values at step 25 (part of every update above)."""
    view = _view()
    inspector = view.inspector
    inspector.go_to(25)
    return median_ms(lambda: widgets.cell_svg(inspector.layers["LSTM"], inspector.diagram_values(), step=25, unit=0,
                                              description=inspector.cells["LSTM"]), repeats)


def run() -> dict:
    """Median milliseconds per update of each control of the gate inspector."""
    return {"gate_inspector_step_ms": bench_step(), "gate_inspector_play_tick_ms": bench_play(),
            "gate_inspector_model_toggle_ms": bench_model_toggle(), "gate_inspector_new_text_ms": bench_new_text(),
            "gate_inspector_diagram_ms": bench_diagram()}


if __name__ == "__main__":
    for name, ms in run().items():
        print(f"{name:32s} {ms:7.2f} ms (median)")

"""Time h_t = a_t * h_{t-1} + b_t three ways against T, and the scan widget's step (notebook 09).

    python benchmarks/bench_scan.py            # prints the tables, writes benchmarks/results/scan.json
    OPENBLAS_NUM_THREADS=1 python benchmarks/bench_scan.py   # one BLAS thread, as the tests and notebooks run

Columns (median milliseconds of one call over a, b of shape (T, B, H)):

    loop ms       rnnlib.nn.scan.linear_recurrence_loop: T steps, two small NumPy calls each
    scan ms       rl.linear_scan (Hillis-Steele): ceil(log2 T) levels of a few NumPy calls over all t, O(T log T) work
    blelloch ms   rl.linear_scan(method="blelloch"): 2 log2 T levels of strided calls, O(T) work
    loop/scan     how many times faster the scan is (above 1: the scan wins)

The widget lines time one step of the scan widget (`ScanState.step_forward` + `html()`), and one new sequence
(`set_text`, which runs the scan once), on the longest sequence the widget accepts (16 pairs).
"""
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from timing import median_ms  # noqa: E402

import rnnlib as rl  # noqa: E402
from rnnlib.course.widgets import ScanState  # noqa: E402
from rnnlib.nn.scan import linear_recurrence_loop  # noqa: E402

SIZES = {"one number per step": (1, 1), "one sequence, H = 16": (1, 16), "B = 16, H = 64": (16, 64)}
SEQ_LENS = (4, 8, 16, 32, 64, 128, 256, 1024, 4096)


def main():
    rng = np.random.default_rng(0)
    rows = []
    print(f"{'size':22s} {'T':>5s} {'loop ms':>9s} {'scan ms':>9s} {'blelloch ms':>12s} {'loop/scan':>10s}")
    for name, (B, H) in SIZES.items():
        for T in SEQ_LENS:
            a, b = rng.uniform(0.5, 1.0, (T, B, H)), rng.standard_normal((T, B, H))
            repeats = 5 if T * B * H > 1e5 else 30
            loop = median_ms(lambda: linear_recurrence_loop(a, b), repeats)
            hs = median_ms(lambda: rl.linear_scan(a, b), repeats)
            bl = median_ms(lambda: rl.linear_scan(a, b, method="blelloch"), repeats)
            rows.append({"size": name, "T": T, "B": B, "H": H, "loop_ms": loop, "scan_ms": hs, "blelloch_ms": bl})
            print(f"{name:22s} {T:5d} {loop:9.3f} {hs:9.3f} {bl:12.3f} {loop / hs:10.2f}")
    long_text = "; ".join(["0.9 1"] * 16)
    state = ScanState(long_text)

    def step():
        if not state.step_forward():
            state.reset()
        state.html()

    step_ms = median_ms(step, 500)
    text_ms = median_ms(lambda: state.set_text(long_text), 200)
    print(f"\nscan widget, 16 pairs: one step (move + redraw) {step_ms:.3f} ms; a new sequence {text_ms:.3f} ms")
    out = Path(__file__).parent / "results" / "scan.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"rows": rows, "widget_step_ms": step_ms, "widget_set_text_ms": text_ms}, indent=2))
    print(f"written to {out}")


if __name__ == "__main__":
    main()

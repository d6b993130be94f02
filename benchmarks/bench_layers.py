"""Time rnnlib's RNN, LSTM and GRU: forward and forward+backward, against a plain per-time-step loop.

    python benchmarks/bench_layers.py            # prints a table, writes benchmarks/results/layers.json
    python benchmarks/bench_layers.py --quick    # fewer repeats, for a smoke run
    OPENBLAS_NUM_THREADS=1 python benchmarks/bench_layers.py   # one BLAS thread, as the tests run

For each size it reports the median time, the achieved GFLOP/s (matrix products only: 2 m n k per
product), and how many times faster rnnlib is than the same maths done step by step with the
single-step functions (every step projects its own input, allocates its own arrays, and adds its own
weight-gradient outer products). For scale, it also measures one large numpy.matmul; the target is
that forward+backward at the larger size reaches at least half of that matmul's GFLOP/s. A shared
virtual machine's speed drifts by a fifth or more within minutes, so that matmul is timed again right
before each row and the row's "% matmul" is against that nearby measurement.

The column "products %" times the layer's matrix products alone (the same calls on arrays of the same
shapes, with no element-wise work between them) against the same matmul: the most that any NumPy layer
doing these products could reach, since NumPy cannot fuse the element-wise work into them. The
element-wise work runs on one core however many threads BLAS uses, so with two BLAS threads the layers
reach a smaller share of the (then faster) reference matmul than with one.
"""
import argparse
import json
import time
from pathlib import Path

import numpy as np

import rnnlib as rl
from rnnlib.recurrent import bias_gradient, project, recurrent_weight_gradient, weight_gradient

SIZES = {  # name: (T, B, D, H)
    "char-level": (25, 1, 65, 100),
    "small batch": (50, 32, 32, 128),
    "larger": (100, 64, 64, 256),
    "widget step": (1, 1, 16, 16),
}
KINDS = {"RNN": (rl.RNN, 1), "LSTM": (rl.LSTM, 4), "GRU": (rl.GRU, 3)}  # layer, gate blocks


def median_seconds(fn, repeats, min_time=0.2):
    """Median wall time of fn() over `repeats` timed batches, each looped until it lasts min_time / repeats."""
    fn()  # warm up
    start, n = time.perf_counter(), 0
    while time.perf_counter() - start < min_time / repeats or n == 0:
        fn()
        n += 1
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(n):
            fn()
        times.append((time.perf_counter() - start) / n)
    return float(np.median(times))


def matmul_flops(T, B, D, H, gates):
    """Forward: input projections 2TB·D·gH and recurrent products 2TB·H·gH. Backward: three times that
    minus nothing (dW_x, dx, dW_h, dh each cost one forward-sized product), so forward+backward = 3x."""
    forward = 2 * T * B * gates * H * (D + H)
    return forward, 3 * forward


def step_loop(layer, x, dhs):
    """The same forward and backward, written the plain way: one call per time step, no vectorising."""
    state, caches = None, []
    for t in range(x.shape[0]):
        state, cache = layer.step_forward(x[t], state)
        caches.append(cache)
    grads = {k: np.zeros_like(p) for k, p in layer.params.items()}
    dnext = None
    for t in reversed(range(x.shape[0])):
        if dnext is None:
            dstate = dhs[t] if layer.state_size == 1 else (dhs[t], np.zeros_like(dhs[t]))
        elif layer.state_size == 1:
            dstate = dhs[t] + dnext
        else:
            dstate = (dhs[t] + dnext[0], dnext[1])
        step_grads, _, dnext = layer.step_backward(dstate, caches[t])
        for k in grads:
            grads[k] += step_grads[k]
    return grads


def products_only(T, B, D, H, gates, rng):
    """A function making the matrix products of one forward+backward of a layer with `gates` gate blocks,
    as the layers make them, and nothing else: the input projection, T recurrent products forward and T
    backward, the weight and bias gradients, and dx."""
    G = gates * H
    x, hs = rng.standard_normal((T, B, D)), rng.standard_normal((T, B, H))
    W_x, W_h, b = rng.standard_normal((G, D)), rng.standard_normal((G, H)), rng.standard_normal(G)
    zx, dz, z, dh = np.empty((T, B, G)), rng.standard_normal((T, B, G)), np.empty((B, G)), np.empty((B, H))

    def run():
        project(x, W_x, b, out=zx)
        for t in range(T):
            np.matmul(hs[t], W_h.T, out=z)
        for t in reversed(range(T)):
            np.matmul(dz[t], W_h, out=dh)
        weight_gradient(dz, x), recurrent_weight_gradient(dz, hs[0], hs), bias_gradient(dz), project(dz, W_x.T)

    return run


def bench_size(kind, T, B, D, H, repeats):
    cls, gates = KINDS[kind]
    layer = cls(D, H, seed=0)
    rng = np.random.default_rng(0)
    x, dhs = rng.standard_normal((T, B, D)), rng.standard_normal((T, B, H))

    def fwd_bwd():
        hs, cache = layer.forward(x)
        layer.backward(dhs, cache)

    fwd = median_seconds(lambda: layer.forward(x), repeats)
    both = median_seconds(fwd_bwd, repeats)
    loop = median_seconds(lambda: step_loop(layer, x, dhs), repeats)
    products = median_seconds(products_only(T, B, D, H, gates, rng), repeats)
    f_flops, fb_flops = matmul_flops(T, B, D, H, gates)
    return {"forward_ms": 1e3 * fwd, "forward_backward_ms": 1e3 * both, "loop_forward_backward_ms": 1e3 * loop,
            "forward_gflops": f_flops / fwd / 1e9, "forward_backward_gflops": fb_flops / both / 1e9,
            "speedup_vs_loop": loop / both, "products_only_ms": 1e3 * products,
            "products_only_gflops": fb_flops / products / 1e9}


def matmul_gflops(n=1024, repeats=5):
    a, b = np.random.default_rng(0).standard_normal((2, n, n))
    return 2 * n**3 / median_seconds(lambda: a @ b, repeats) / 1e9


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    parser.add_argument("--out", default=str(Path(__file__).parent / "results" / "layers.json"))
    args = parser.parse_args()
    repeats = 3 if args.quick else 7
    rows = []
    print(f"{'layer':5} {'size':12} {'T,B,D,H':>16} {'fwd ms':>9} {'fwd+bwd ms':>11} {'GFLOP/s':>8} "
          f"{'matmul':>7} {'% matmul':>9} {'products %':>11} {'loop ms':>9} {'x faster':>9}")
    for kind in KINDS:
        for name, (T, B, D, H) in SIZES.items():
            reference = matmul_gflops()
            r = bench_size(kind, T, B, D, H, repeats)
            r.update(layer=kind, size=name, T=T, B=B, D=D, H=H, matmul_gflops=reference,
                     percent_of_matmul=100 * r["forward_backward_gflops"] / reference,
                     products_only_percent_of_matmul=100 * r["products_only_gflops"] / reference)
            rows.append(r)
            print(f"{kind:5} {name:12} {f'{T},{B},{D},{H}':>16} {r['forward_ms']:9.3f} {r['forward_backward_ms']:11.3f} "
                  f"{r['forward_backward_gflops']:8.2f} {reference:7.1f} {r['percent_of_matmul']:8.0f}% "
                  f"{r['products_only_percent_of_matmul']:10.0f}% {r['loop_forward_backward_ms']:9.3f} {r['speedup_vs_loop']:9.2f}")
    print("\nmatmul: GFLOP/s of one 1024x1024 float64 numpy.matmul, timed just before the row")
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps({"rows": rows}, indent=2))
    print(f"\nwritten to {args.out}")


if __name__ == "__main__":
    main()

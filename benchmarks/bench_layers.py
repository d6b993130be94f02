"""Time the RNN, LSTM and GRU three ways: the readable layer (`rl.RNN`, ...), its tuned twin
(`rnnlib.fast.RNN`, ...) and a plain per-time-step loop over the public step functions.

    python benchmarks/bench_layers.py            # prints a table, writes benchmarks/results/layers.json
    python benchmarks/bench_layers.py --quick    # fewer repeats, for a smoke run
    OPENBLAS_NUM_THREADS=1 python benchmarks/bench_layers.py   # one BLAS thread, as the tests and notebooks run

Every time is the median of one forward+backward (fwd: forward alone), in milliseconds. The columns:

    readable ms     rl.RNN / rl.LSTM / rl.GRU: the sequence loop of rnnlib/nn/recurrent.py over each
                    layer's step functions
    fast ms         rnnlib.fast's layer: one matrix product over all time steps for the input projections
                    and the weight gradients, and arrays kept from call to call
    readable/fast   how many times faster the fast layer is
    loop ms         the same maths written the plain way, one public step_forward / step_backward call per
                    time step (every step checks its inputs and allocates its own arrays)
    fast fwd ms     the fast layer's forward alone
    GFLOP/s         the fast layer's forward+backward, counting matrix products only (2 m n k per product)
    matmul          GFLOP/s of one large 1024x1024 float64 numpy.matmul, for scale
    % matmul        the fast layer's GFLOP/s as a share of that matmul's (the target: at least half, at the
                    larger size)
    products %      the fast layer's matrix products alone (the same calls on arrays of the same shapes, with
                    no element-wise work between them) against the same matmul: the most that any NumPy
                    layer doing these products could reach, since NumPy cannot fuse the element-wise work
                    into them

A shared virtual machine's speed drifts by a fifth or more within minutes, so the matmul is timed again right
before each row and the row's percentages are against that nearby measurement. The element-wise work runs on
one core however many threads BLAS uses, so with two BLAS threads the layers reach a smaller share of the
(then faster) reference matmul than with one.
"""
import argparse
import json
import time
from pathlib import Path

import numpy as np

import rnnlib as rl
import rnnlib.fast
from rnnlib.course.parallel import naive_loop  # one public step call per time step, as notebook 09 times it
from rnnlib.fast.kernels import bias_gradient, project, recurrent_weight_gradient, weight_gradient

SIZES = {  # name: (T, B, D, H)
    "char-level": (25, 1, 65, 100),
    "small batch": (50, 32, 32, 128),
    "larger": (100, 64, 64, 256),
    "widget step": (1, 1, 16, 16),
    "adding problem": (50, 32, 2, 16),  # the course's sizes: notebooks 03-05
    "char model": (32, 16, 28, 48),  # notebook 07
}
KINDS = {  # name: readable layer, fast layer, gate blocks
    "RNN": (rl.RNN, rnnlib.fast.RNN, 1),
    "LSTM": (rl.LSTM, rnnlib.fast.LSTM, 4),
    "GRU": (rl.GRU, rnnlib.fast.GRU, 3),
}


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


def products_only(T, B, D, H, gates, rng):
    """A function making the matrix products of one forward+backward of a layer with `gates` gate blocks,
    as the fast layers make them, and nothing else: the input projection, T recurrent products forward and T
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
    readable_cls, fast_cls, gates = KINDS[kind]
    readable, fast = readable_cls(D, H, seed=0), fast_cls(D, H, seed=0)  # the same seed: the same parameters
    rng = np.random.default_rng(0)
    x, dhs = rng.standard_normal((T, B, D)), rng.standard_normal((T, B, H))

    def fwd_bwd(layer):
        hs, cache = layer.forward(x)
        layer.backward(dhs, cache)

    readable_s = median_seconds(lambda: fwd_bwd(readable), repeats)
    fast_s = median_seconds(lambda: fwd_bwd(fast), repeats)
    fast_fwd_s = median_seconds(lambda: fast.forward(x), repeats)
    loop_s = median_seconds(lambda: naive_loop(readable, x, dhs), repeats)
    products_s = median_seconds(products_only(T, B, D, H, gates, rng), repeats)
    f_flops, fb_flops = matmul_flops(T, B, D, H, gates)
    return {"readable_forward_backward_ms": 1e3 * readable_s, "fast_forward_backward_ms": 1e3 * fast_s,
            "readable_over_fast": readable_s / fast_s, "loop_forward_backward_ms": 1e3 * loop_s,
            "fast_forward_ms": 1e3 * fast_fwd_s, "fast_forward_gflops": f_flops / fast_fwd_s / 1e9,
            "fast_forward_backward_gflops": fb_flops / fast_s / 1e9,
            "products_only_ms": 1e3 * products_s, "products_only_gflops": fb_flops / products_s / 1e9}


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
    header = (f"{'layer':5} {'size':14} {'T,B,D,H':>13} {'readable ms':>12} {'fast ms':>9} {'readable/fast':>14} "
              f"{'loop ms':>9} {'fast fwd ms':>12} {'GFLOP/s':>8} {'matmul':>7} {'% matmul':>9} {'products %':>11}")
    print(header)
    for kind in KINDS:
        for name, (T, B, D, H) in SIZES.items():
            reference = matmul_gflops()
            r = bench_size(kind, T, B, D, H, repeats)
            r.update(layer=kind, size=name, T=T, B=B, D=D, H=H, matmul_gflops=reference,
                     fast_percent_of_matmul=100 * r["fast_forward_backward_gflops"] / reference,
                     products_only_percent_of_matmul=100 * r["products_only_gflops"] / reference)
            rows.append(r)
            print(f"{kind:5} {name:14} {f'{T},{B},{D},{H}':>13} {r['readable_forward_backward_ms']:12.3f} "
                  f"{r['fast_forward_backward_ms']:9.3f} {r['readable_over_fast']:14.2f} "
                  f"{r['loop_forward_backward_ms']:9.3f} {r['fast_forward_ms']:12.3f} "
                  f"{r['fast_forward_backward_gflops']:8.2f} {reference:7.1f} {r['fast_percent_of_matmul']:8.0f}% "
                  f"{r['products_only_percent_of_matmul']:10.0f}%")
    print("\nmatmul: GFLOP/s of one 1024x1024 float64 numpy.matmul, timed just before the row")
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps({"rows": rows}, indent=2))
    print(f"\nwritten to {args.out}")


if __name__ == "__main__":
    main()

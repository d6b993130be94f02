"""The adding problem at full length: longer sequences and longer training than notebook 05 can afford.

    python benchmarks/adding_problem_full.py                            # T = 50, 100, 200; 3000 steps; seed 0
    python benchmarks/adding_problem_full.py --lengths 100 --steps 5000 --seeds 0 1 2

Runs `gated_experiments.adding_problem_experiment` (the function notebook 05 and tests/test_adding_problem.py call) for the
vanilla RNN, the LSTM and the GRU, and prints test MSE, MSE relative to always answering 0.5, accuracy
(|y_hat - y| < 0.04, Hochreiter & Schmidhuber 1997) and training time. Takes several minutes on 2 cores.
`run()` returns the rows as a list of dicts.
"""
import argparse

from rnnlib.course import gated_experiments

KINDS = ("rnn", "lstm", "gru")


def run(lengths=(50, 100, 200), steps=3000, seeds=(0,), **kwargs):
    """One row per (T, seed, kind): kind, seq_len, seed, steps, mse, baseline_mse, accuracy, seconds."""
    rows = []
    for T in lengths:
        for seed in seeds:
            for kind in KINDS:
                r = gated_experiments.adding_problem_experiment(kind, T, steps, seed, **kwargs)
                rows.append({k: r[k] for k in ("kind", "seq_len", "seed", "steps", "mse", "baseline_mse", "accuracy",
                                               "seconds")})
                print_row(rows[-1])
    return rows


def print_header():
    print(f"{'T':>5s}{'seed':>6s}{'model':>7s}{'steps':>7s}{'test MSE':>10s}{'MSE/base':>10s}{'accuracy':>10s}{'time':>9s}")


def print_row(r):
    print(f"{r['seq_len']:5d}{r['seed']:6d}{r['kind'].upper():>7s}{r['steps']:7d}{r['mse']:10.4f}"
          f"{r['mse'] / r['baseline_mse']:10.3f}{r['accuracy']:10.3f}{r['seconds']:8.1f}s", flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lengths", type=int, nargs="+", default=[50, 100, 200], help="sequence lengths T")
    parser.add_argument("--steps", type=int, default=3000, help="training steps (one batch of 32 each)")
    parser.add_argument("--seeds", type=int, nargs="+", default=[0])
    args = parser.parse_args()
    print_header()
    run(args.lengths, args.steps, args.seeds)

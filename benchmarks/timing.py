"""The timing loop every widget benchmark shares.

    from timing import median_ms     # benchmarks/ is on sys.path when a benchmark runs as a script
    median_ms(lambda: view.forward.click(), repeats=200)   # -> median milliseconds per call
"""
import time

import numpy as np


def median_ms(update, repeats):
    """Median wall-clock milliseconds of one call of `update()`, over `repeats` calls."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        update()
        times.append(time.perf_counter() - start)
    return 1e3 * float(np.median(times))

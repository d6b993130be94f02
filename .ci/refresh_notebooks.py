#!/usr/bin/env python3
"""Re-execute notebooks in place, top to bottom in a fresh kernel, so their stored outputs are current.

Usage: python .ci/refresh_notebooks.py [NOTEBOOK ...]     (default: every notebook in notebooks/)

Strict nbval in the test suite compares these stored outputs with a fresh run, so a notebook that was
edited without being refreshed fails the tests. Each line printed says what the run cost: the wall-clock
time (kernel start included), the kernel's CPU time (user + system, which other jobs on the machine do not
inflate) and its peak memory (VmHWM, Linux only; the teacher's guide quotes these).
"""
import os
import sys
import time
from pathlib import Path

import nbformat
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
_CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100  # /proc's unit of CPU time


def _kernel_cost(pid):
    """(CPU seconds, peak resident MB) of process `pid` so far, from /proc; (None, None) elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        cpu = (int(fields[11]) + int(fields[12])) / _CLOCK_TICKS  # utime + stime (fields 14 and 15 of stat)
        status = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines())
        return cpu, int(status["VmHWM"].split()[0]) / 1024
    except (OSError, KeyError, IndexError, ValueError):
        return None, None


def refresh(path):
    """Execute the notebook at `path` in a fresh kernel and store it; returns (wall s, kernel CPU s, peak MB)."""
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    km = KernelManager(kernel_name="python3")  # ours, so the client leaves it running until we have measured it
    km.start_kernel(cwd=str(path.parent))
    try:
        NotebookClient(nb, km=km, timeout=600, resources={"metadata": {"path": str(path.parent)}}).execute()
        cpu, peak = _kernel_cost(km.provisioner.pid)
    finally:
        km.shutdown_kernel(now=True)
    nbformat.write(nb, path)
    return time.perf_counter() - start, cpu, peak


def main(argv):
    paths = [Path(a).resolve() for a in argv] or sorted((ROOT / "notebooks").rglob("[0-9][0-9]_*.ipynb"))
    paths = [p for p in paths if ".ipynb_checkpoints" not in p.parts]
    for path in paths:
        seconds, cpu, peak = refresh(path)
        cost = "" if cpu is None else f"  (kernel: {cpu:5.1f} s CPU, peak {peak:4.0f} MB)"
        print(f"{seconds:6.1f} s  {path.relative_to(ROOT)}{cost}")


if __name__ == "__main__":
    main(sys.argv[1:])

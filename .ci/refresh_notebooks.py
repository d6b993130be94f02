#!/usr/bin/env python3
"""Re-execute notebooks in place, top to bottom in a fresh kernel, so their stored outputs are current.

Usage: python .ci/refresh_notebooks.py [NOTEBOOK ...]     (default: every notebook in notebooks/)

Strict nbval in the test suite compares these stored outputs with a fresh run, so a notebook that was
edited without being refreshed fails the tests.
"""
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent


def refresh(path):
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    nbformat.write(nb, path)
    return time.perf_counter() - start


def main(argv):
    paths = [Path(a).resolve() for a in argv] or sorted((ROOT / "notebooks").rglob("[0-9][0-9]_*.ipynb"))
    paths = [p for p in paths if ".ipynb_checkpoints" not in p.parts]
    for path in paths:
        seconds = refresh(path)
        print(f"{seconds:6.1f} s  {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main(sys.argv[1:])

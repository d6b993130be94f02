"""The course runs from a non-editable install, as on Binder, a JupyterHub image or `pip install git+...`:
the wheel carries the data, and notebook 07 (the one that reads a data file) runs from it with the source
tree off the path."""
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """Build the wheel from a copy of the repository and install it, without dependencies, into a folder."""
    tmp = tmp_path_factory.mktemp("install")
    source = tmp / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(".git", ".venv", "build", "*.egg-info",
                                                                 "__pycache__", "artifacts", "notebooks"))
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    # build isolation, as `pip install .` on Binder does: pip fetches the build backend named in pyproject.toml
    subprocess.run(pip + ["wheel", "--no-deps", "-w", str(tmp / "dist"), str(source)],
                   check=True, capture_output=True)
    wheel = next((tmp / "dist").glob("rnnlib-*.whl"))
    subprocess.run(pip + ["install", "--no-deps", "--target", str(tmp / "site"), str(wheel)],
                   check=True, capture_output=True)
    return wheel, tmp / "site"


def test_the_wheel_carries_the_corpus_and_the_fast_layers_readme(installed):
    wheel, _ = installed
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"rnnlib/course/data/corpus.txt", "rnnlib/course/data/speech_digits.npz", "rnnlib/fast/README.md",
            "rnnlib/nn/recurrent.py"} <= names


def test_notebook_07_runs_from_the_installed_package(installed, tmp_path, monkeypatch):
    _, site = installed
    nb = nbformat.read(ROOT / "notebooks" / "07_applications.ipynb", as_version=4)
    check = (f"import rnnlib\nassert rnnlib.__file__.startswith({str(site)!r}), rnnlib.__file__  "
             "# the installed copy, not the source tree")
    nb.cells.insert(0, nbformat.v4.new_code_cell(check))
    monkeypatch.setenv("PYTHONPATH", str(site))  # the kernel inherits it; the notebook runs from tmp_path
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()

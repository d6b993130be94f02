"""The package's layout is its reading order: rnnlib.nn (NumPy only) <- rnnlib.course; rnnlib.fast apart."""
import ast
import subprocess
import sys
from pathlib import Path

import pytest

import rnnlib as rl

RNNLIB = Path(rl.__file__).resolve().parent


def imported_modules(folder):
    """(file, absolute module name) for every import in the .py files below `folder`."""
    for path in sorted(folder.rglob("*.py")):
        package = ".".join(path.relative_to(RNNLIB.parent).with_suffix("").parts[:-1])
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    yield path, alias.name
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    yield path, ".".join(base + ([node.module] if node.module else []))
                else:
                    yield path, node.module


def test_import_rnnlib_loads_neither_matplotlib_nor_ipywidgets():
    code = "import rnnlib, sys; print('matplotlib' in sys.modules, 'ipywidgets' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "False"]


def test_the_top_level_namespace_is_the_library_only():
    code = "import rnnlib; print(' '.join(n for n in dir(rnnlib) if not n.startswith('_')))"
    names = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert len(names) <= 40, names
    assert "course" not in names and "fast" not in names


@pytest.mark.parametrize("folder, forbidden", [
    ("nn", ("rnnlib.course", "rnnlib.fast", "matplotlib", "ipywidgets", "IPython")),
    ("course", ("rnnlib.fast",)),
    ("fast", ("rnnlib.course", "matplotlib", "ipywidgets")),
])
def test_folders_import_only_what_the_layering_allows(folder, forbidden):
    bad = [(path.relative_to(RNNLIB).as_posix(), name) for path, name in imported_modules(RNNLIB / folder)
           if name.startswith(forbidden)]
    assert bad == []


def test_every_course_module_says_which_notebooks_it_serves():
    for path in sorted((RNNLIB / "course").rglob("*.py")):
        if path.name == "__init__.py" and path.parent.name == "course":
            continue  # the map itself
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
        assert doc.startswith(("Notebook ", "Notebooks ", "Every ")), path.relative_to(RNNLIB).as_posix()

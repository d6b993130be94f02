"""The grading command: PASS for every exercise of the solution notebooks, NOT YET for the unfilled ones, and
a learner's error, a hanging cell or an unreadable file reported without stopping the rest."""
import functools
import json
from pathlib import Path

import nbformat
import pytest

from rnnlib.course import grade

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
LESSONS = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
SOLUTIONS = sorted((NOTEBOOKS / "solutions").glob("[0-9][0-9]_*_solutions.ipynb"))


# Grading executes the whole notebook; nbval executes every notebook already. So the grader itself is run on
# the first two notebooks (lesson and solutions), and for every notebook the outputs that strict nbval proves a
# fresh run reproduces are read instead: each check's result is displayed there as "PASS name: ..." or
# "NOT YET name: ...", the same CheckResult the grader collects.
GRADED_IN_FULL = ("00_start_here", "02_unrolling")


@functools.lru_cache(maxsize=None)
def graded(path):
    """grade.grade(path), once per notebook in this test session (each run executes the whole notebook)."""
    return grade.grade(path)


def stored_results(path):
    """[(passed, text)] of every exercise check displayed in the stored outputs of the notebook at `path`."""
    found = []
    for cell in nbformat.read(path, as_version=4).cells:
        for output in cell.get("outputs", []):
            text = output.get("data", {}).get("text/plain", "") if output.get("output_type") == "execute_result" else ""
            if text.startswith(("PASS ", "NOT YET ")):
                found.append((text.startswith("PASS "), text))
    return found


def test_every_lesson_has_its_solutions():
    assert [p.name.replace(".ipynb", "_solutions.ipynb") for p in LESSONS] == [p.name for p in SOLUTIONS]


@pytest.mark.parametrize("stem", GRADED_IN_FULL)
def test_the_grader_passes_the_solutions_and_not_the_lessons(stem):
    solved = graded(NOTEBOOKS / "solutions" / f"{stem}_solutions.ipynb")
    unfilled = graded(NOTEBOOKS / f"{stem}.ipynb")
    assert solved["ran"] and solved["total"] >= 3 and solved["passed"] == solved["total"], grade.format_report(solved)
    assert unfilled["ran"] and unfilled["passed"] == 0
    assert unfilled["total"] == solved["total"], "every exercise is reported, answered or not"
    assert all("no answer yet" in e["message"] for e in unfilled["exercises"])
    # what the grader collected is what the stored outputs show (the reading the other notebooks rely on)
    stored = stored_results(NOTEBOOKS / "solutions" / f"{stem}_solutions.ipynb")
    assert len(stored) == solved["total"]
    assert all(passed and text.startswith(f"PASS {e['name']}: ") for (passed, text), e in zip(stored, solved["exercises"]))


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_solutions_pass_every_exercise_and_an_unfilled_lesson_none(path):
    solved = stored_results(NOTEBOOKS / "solutions" / path.name.replace(".ipynb", "_solutions.ipynb"))
    unfilled = stored_results(path)
    assert len(solved) >= 3 and all(passed for passed, _ in solved), [t for p, t in solved if not p]
    assert len(unfilled) == len(solved), "every exercise is reported, answered or not"
    assert all(not passed and "no answer yet" in text for passed, text in unfilled), unfilled


def _solutions_00_with(tmp_path, changes):
    """Notebook 00's solutions with cells replaced ({index: source}) or inserted ({index + 0.5: source})."""
    nb = nbformat.read(NOTEBOOKS / "solutions" / "00_start_here_solutions.ipynb", as_version=4)
    for index in sorted(changes, reverse=True):
        cell = nbformat.v4.new_code_cell(changes[index])
        if index == int(index):
            nb.cells[int(index)] = cell
        else:
            nb.cells.insert(int(index) + 1, cell)
    path = tmp_path / "learner.ipynb"
    nbformat.write(nb, path)
    return path


def test_an_error_in_one_cell_does_not_stop_the_others(tmp_path):
    path = _solutions_00_with(tmp_path, {1.5: "1 / 0", 5: 'raise ValueError("oops")\nexercises.nb00.check_batched_step(h_t)'})
    report = grade.grade(path)
    assert report["ran"] and report["total"] == 4 and report["passed"] == 3
    failed = [e for e in report["exercises"] if not e["passed"]]
    assert [e["cell"] for e in failed] == [6] and "ValueError: oops" in failed[0]["message"]


def test_a_cell_that_hangs_is_stopped_at_the_time_limit(tmp_path):
    path = _solutions_00_with(tmp_path, {5: "import time\ntime.sleep(30)\nexercises.nb00.check_batched_step(None)"})
    report = grade.grade(path, cell_timeout=2)
    assert report["ran"] and report["passed"] == 3 and report["seconds"] < 25
    assert "time limit" in [e for e in report["exercises"] if not e["passed"]][0]["message"]


def test_an_unreadable_notebook_exits_non_zero_and_json_is_a_list(tmp_path, capsys):
    broken = tmp_path / "broken.ipynb"
    broken.write_text("{ not json")
    assert grade.main([str(broken), "--json"]) == 1
    (report,) = json.loads(capsys.readouterr().out)
    assert report["ran"] is False and "could not read" in report["error"]


def test_unfinished_exercises_still_exit_zero(capsys):
    assert grade.main([str(NOTEBOOKS / "00_start_here.ipynb")]) == 0
    assert "total: 0 of 4 exercises passed" in capsys.readouterr().out

"""Every notebook: the grading command for teachers. It runs a learner's notebook in a fresh kernel and
collects the result of every exercise check in it.

    python -m rnnlib.course.grade notebooks/03_bptt.ipynb [more.ipynb ...] [--json] [--cell-timeout 120]

It RUNS THE LEARNER'S CODE, with the rights of whoever starts it: run it where that code can do no harm (in
the learner's own container or a throwaway one, never in a teacher's account with access to other work).
Each cell is bounded by --cell-timeout seconds and the whole notebook by --timeout seconds.

An exercise is a code cell that calls a check `exercises.nbNN.check_...(...)` as one of its statements. Its result is PASS or NOT YET
with the check's message; a cell that raised, or that the time limit stopped, is NOT YET with the error. A
learner's error in one cell does not stop the later cells from running. The exit status is 0 whenever every
notebook could be run, however many exercises are unfinished; 1 when a notebook could not be read or its
kernel could not start (the report says which).
"""
import argparse
import ast
import json
import re
import sys
import time
from pathlib import Path

CHECK_CALL = re.compile(r"\bexercises\.(nb\d\d)\.(check_\w+)\s*\(")
# Run in the learner's kernel after each exercise cell: the check results recorded since the last call.
COLLECT = ("import json as _json, rnnlib.course.exercises as _ex\n"
           "print(_json.dumps([[r.name, r.passed, r.message] for r in _ex.RESULTS])); _ex.RESULTS.clear()")


def _top_level_checks(source):
    """The checks a cell calls as one of its own statements, `check(...)` or `result = check(...)`, in order
    (not those inside a loop, a function or an assert: a solution may show a check failing on purpose).
    Source that does not parse, a learner's syntax error, counts every check call it names."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return CHECK_CALL.findall(source)
    calls = []
    for node in tree.body:
        value = node.value if isinstance(node, (ast.Expr, ast.Assign)) else None
        if isinstance(value, ast.Call):
            calls += CHECK_CALL.findall(ast.get_source_segment(source, value.func) + "(")
    return calls


def exercise_cells(nb):
    """(cell index, [check function names]) of every code cell whose own statements call an exercise check."""
    found = []
    for index, cell in enumerate(nb.cells):
        calls = _top_level_checks(cell.source) if cell.cell_type == "code" else []
        if calls:
            found.append((index, [f"{module}.{name}" for module, name in calls]))
    return found


def _error_of(cell):
    """The first error a cell's outputs show, as one line, or None."""
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error":
            return f"the cell raised {out.get('ename')}: {out.get('evalue')}"
    return None


def _collected(client, cell_timeout):
    """Run COLLECT in the kernel and return its list of [name, passed, message]."""
    import nbformat

    probe = nbformat.v4.new_code_cell(COLLECT)
    client.timeout = cell_timeout
    client.execute_cell(probe, 0, store_history=False)
    text = "".join(o.get("text", "") for o in probe.outputs if o.get("name") == "stdout")
    return json.loads(text.strip().splitlines()[-1]) if text.strip() else []


def grade(path, *, cell_timeout=120.0, timeout=900.0):
    """Run one notebook top to bottom in a fresh kernel (from its own folder) and grade its exercises.

    Returns:
        dict: "notebook", "ran" (False if it could not be run), "error" (why not, or ""), "exercises": a list of
        {"cell", "check", "name", "passed", "message"}, "passed" and "total" counts, "seconds".
    """
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    path = Path(path)
    report = {"notebook": str(path), "ran": False, "error": "", "exercises": [], "passed": 0, "total": 0,
              "seconds": 0.0}
    start = time.perf_counter()
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception as exc:  # not a file, not JSON, not a notebook
        report["error"] = f"could not read the notebook: {exc}"
        return report
    exercises = dict(exercise_cells(nb))
    client = NotebookClient(nb, timeout=cell_timeout, allow_errors=True, interrupt_on_timeout=True,
                            kernel_name="python3", resources={"metadata": {"path": str(path.resolve().parent)}})
    try:
        with client.setup_kernel():
            for index, cell in enumerate(nb.cells):
                if cell.cell_type != "code":
                    continue
                remaining = timeout - (time.perf_counter() - start)
                stopped = None
                if remaining <= 0:
                    stopped = f"not run: the notebook's time limit of {timeout:.0f} s was reached"
                else:
                    client.timeout = min(cell_timeout, remaining)
                    began = time.perf_counter()
                    try:
                        client.execute_cell(cell, index)  # at the time limit nbclient interrupts the kernel
                    except CellExecutionError as exc:  # only raised for errors allow_errors does not cover
                        stopped = f"the cell raised {exc.ename}: {exc.evalue}"
                    if time.perf_counter() - began >= client.timeout:
                        stopped = f"stopped after {client.timeout:.0f} s (the time limit)"
                if index in exercises:
                    results = [] if stopped and remaining <= 0 else _collected(client, cell_timeout)
                    _record(report, index, exercises[index], results, stopped or _error_of(cell))
    except Exception as exc:  # the kernel did not start, or died
        report["error"] = f"could not run the notebook: {type(exc).__name__}: {exc}"
        report["seconds"] = time.perf_counter() - start
        return report
    report["ran"] = True
    report["passed"] = sum(e["passed"] for e in report["exercises"])
    report["total"] = len(report["exercises"])
    report["seconds"] = time.perf_counter() - start
    return report


def _record(report, index, checks, results, problem):
    """One row per check the cell calls: its recorded result, or NOT YET with what went wrong."""
    results = results[-len(checks):]  # the cell's own checks come last (an earlier cell may have run one too)
    for k, check in enumerate(checks):
        if k < len(results):
            name, passed, message = results[k]
        else:
            name, passed, message = check, False, problem or "the check did not run"
        report["exercises"].append({"cell": index, "check": check, "name": name, "passed": bool(passed),
                                    "message": message})


def format_report(report):
    """The report of one notebook as a plain-text table."""
    lines = [f"{report['notebook']}"]
    if not report["ran"]:
        return "\n".join(lines + [f"  COULD NOT RUN: {report['error']}"])
    for e in report["exercises"]:
        mark = "PASS   " if e["passed"] else "NOT YET"
        lines.append(f"  cell {e['cell']:3d}  {mark}  {e['name']}: {e['message']}")
    lines.append(f"  total: {report['passed']} of {report['total']} exercises passed ({report['seconds']:.0f} s)")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m rnnlib.course.grade",
        description="Run learners' notebooks in a fresh kernel and report every exercise check: PASS or NOT YET. "
                    "WARNING: this runs the learner's code with your rights; run it in the learner's own "
                    "container or a throwaway one, not in an account that can reach other people's work.")
    parser.add_argument("notebooks", nargs="+", help="the .ipynb files to grade")
    parser.add_argument("--json", action="store_true", help="print one JSON report (a list, one entry per notebook)")
    parser.add_argument("--cell-timeout", type=float, default=120.0, help="seconds per cell (default 120)")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds per notebook (default 900)")
    args = parser.parse_args(argv)
    reports = [grade(p, cell_timeout=args.cell_timeout, timeout=args.timeout) for p in args.notebooks]
    if args.json:
        print(json.dumps(reports, indent=1))
    else:
        print("\n\n".join(format_report(r) for r in reports))
    return 0 if all(r["ran"] for r in reports) else 1


if __name__ == "__main__":
    sys.exit(main())

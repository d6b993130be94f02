"""Fixtures for the browser tests: one JupyterLab server and one headless Chromium for the whole session.

Environment:
    RNN_COURSE_CHROMIUM           the Chromium to drive (default: `chromium` on PATH; the tests skip if neither)
    RNN_COURSE_NOTEBOOKS          the folder of notebooks to test (default: the repository's notebooks/)
    RNN_COURSE_BROWSER_TIMEOUT    seconds allowed to open and run one notebook (default 180)
"""
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

import pytest

from rnnlib.course import jupyter_server_extension

from jlab_server import (CHROMIUM_ARGS, CHROMIUM_ENV, REPO, VIEWPORT, JupyterLab, descendants, end_processes,
                         find_chromium, mentioning, notebooks_dir, still_running)

SCREENSHOTS = REPO / "artifacts" / "screenshots"
LATENCIES = pytest.StashKey()


@pytest.fixture(scope="session")
def chromium_path():
    path = find_chromium()
    if path is None:
        pytest.skip(f"no Chromium to drive: install Debian's `chromium` or set {CHROMIUM_ENV} to its path")
    pytest.importorskip("playwright.sync_api", reason="the browser tests need the python package playwright")
    return path


@pytest.fixture(scope="session")
def workdir():
    path = Path(tempfile.mkdtemp(prefix="rnn-course-browser-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session")
def timeout_ms():
    return int(float(os.environ.get("RNN_COURSE_BROWSER_TIMEOUT", "180")) * 1000)


@pytest.fixture(scope="session")
def lab(chromium_path, workdir):
    server = JupyterLab(notebooks_dir(), workdir)
    try:
        server.start()
        spec = server.api("GET", "/api/kernelspecs")
        argv0 = spec["kernelspecs"][spec["default"]]["spec"]["argv"][0]
        # jupyter_client runs a spec whose argv[0] is plain "python" with the server's own Python
        assert argv0 in ("python", "python3") or Path(argv0).resolve().is_relative_to(Path(sys.prefix)), (
            f"the default kernel runs {argv0!r}, not this environment's Python ({sys.executable})")
        # what a learner's server loads after the README's set-up (without it each widget round trip waits
        # ~40 ms more: rnnlib/course/jupyter_server_extension.py)
        loaded = f"{jupyter_server_extension.NAME} | extension was successfully loaded"
        assert loaded in server.log_path.read_text(errors="replace"), (
            f"JupyterLab did not load {jupyter_server_extension.NAME}; enable it in this environment as the "
            f"README's set-up does: {sys.executable} -m {jupyter_server_extension.NAME}\n{server.log_tail(15)}")
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def browser(lab, chromium_path, workdir):
    """A headless Chromium context with a fresh profile; its helper processes are ended at the end."""
    from playwright.sync_api import sync_playwright

    home = workdir / "chromium-home"  # its config and crash-report folders, not the user's ~/.config
    env = {**os.environ, "XDG_CONFIG_HOME": str(home / "config"), "XDG_CACHE_HOME": str(home / "cache")}
    before = set(descendants(os.getpid()))
    playwright = sync_playwright().start()
    driver = [p for p in descendants(os.getpid()) if p not in before]  # Playwright's driver process
    context = None
    try:
        context = playwright.chromium.launch_persistent_context(
            workdir / "chromium-profile", executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS,
            env=env, viewport=VIEWPORT, device_scale_factor=1)
        yield context
    finally:
        # the driver and Chromium under it, and Chromium's crash handlers, which leave the process tree at
        # once but name our folder: recorded now, ended below if still there after closing
        ours = driver + [p for d in driver if still_running(d) for p in descendants(d[0])]
        ours += [p for p in mentioning(str(home)) if p not in ours]
        try:
            if context is not None:
                context.close()
        finally:
            playwright.stop()
            end_processes(ours)


@pytest.fixture(scope="session")
def screenshots():
    """artifacts/screenshots/ (git-ignored); each notebook's test empties its own subfolder."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture(scope="session")
def latency_log(request):
    return request.config.stash.setdefault(LATENCIES, [])


def pytest_terminal_summary(terminalreporter, config):
    rows = config.stash.get(LATENCIES, [])
    if not rows:
        return
    terminalreporter.section("widget latency: browser event to updated display (ms)")
    for widget, results in rows:
        timed = [r for r in results if r.latency_ms is not None and r.budgeted]
        if timed:
            worst = max(timed, key=lambda r: r.latency_ms)
            terminalreporter.write_line(
                f"max {worst.latency_ms:4.0f} median {statistics.median(r.latency_ms for r in timed):4.0f} over "
                f"{len(timed):2d} steps  {widget}; slowest: {worst.step.describe()} "
                f"({worst.arrived_ms:.0f} ms to reach the page + {worst.drawn_ms:.0f} ms to draw)")
        else:
            terminalreporter.write_line(f"no timed step  {widget}")

"""Every course notebook, run in JupyterLab in headless Chromium as a learner runs it, and every widget
in it used through the page.

nbval proves the kernel side; these tests prove what a learner sees: cells without errors, widgets that
render as widgets (not "Error displaying widget", a blank box or a text repr) and that answer each
control within the latency budget. Each notebook runs once; both tests below share that run.

Run:  pytest -m browser tests/browser      (see conftest.py for the environment variables)
"""
import re
import shutil

import pytest

from jlab_server import VIEWPORT, notebook_paths
from jlab_ui import NotebookRun
from widget_drivers import DRIVERS
from widget_driving import DriverError, drive

pytestmark = pytest.mark.browser

# Mark every outermost rnn-* box, and every top-level widget view with controls but no rnn-* box inside,
# with data-rnn-test.
_FIND_WIDGETS_JS = """() => {
    const found = [];
    document.querySelectorAll('.jp-Notebook .jp-Cell').forEach((cell, index) => {
        const area = cell.querySelector('.jp-Cell-outputArea');
        if (!area) return;
        const roots = [...area.querySelectorAll('.jp-OutputArea-output')]
            .filter(o => o.closest('.jp-Cell-outputArea') === area)
            .flatMap(o => [...o.children].filter(c => c.classList.contains('jupyter-widgets')));
        const named = [...area.querySelectorAll('.jupyter-widgets')]
            .filter(e => [...e.classList].some(c => c.startsWith('rnn-')));
        const outer = named.filter(e => !named.some(o => o !== e && o.contains(e)));
        const mark = (e, classes) => {
            e.dataset.rnnTest = 'w' + found.length;
            found.push({id: e.dataset.rnnTest, cell: index, classes,
                        kind: [...e.classList].filter(c => c.startsWith('widget-')).join(' ')});
        };
        outer.forEach(e => mark(e, [...e.classList].filter(c => c.startsWith('rnn-'))));
        // a view with nothing to use (e.g. a progress bar) needs no driver: its rendering is checked already
        const controls = 'button, input, select, textarea, [contenteditable], .widget-slider, .widget-play';
        roots.filter(r => !outer.some(e => r.contains(e)) && (r.matches(controls) || r.querySelector(controls)))
            .forEach(r => mark(r, []));
    });
    return found;
}"""
_CELL_OUTPUT_JS = "e => e.closest('.jp-Cell').querySelector('.jp-Cell-outputArea')"
_FIRST_FIGURE_JS = """() => [...document.querySelectorAll('.jp-Notebook .jp-Cell-outputArea')]
    .find(a => a.querySelector('.jp-RenderedImage img')) || null"""


@pytest.fixture(scope="module", params=notebook_paths(), ids=lambda path: path.name)
def notebook(request, lab, browser, timeout_ms, screenshots):
    """The notebook opened in JupyterLab, all cells run through the Run menu, saved (in the temporary copy)
    and checked; shared by the tests of this module, so each notebook runs once."""
    run = NotebookRun(browser.new_page(), lab, lab.notebooks / request.param.name, timeout_ms)
    stage = "opening it"
    try:
        run.open()
        stage = "running all cells"
        run.run_all()
        stage = "saving it"
        saved = run.save_and_read()
        stage = "checking its outputs"
        run.check_cells(saved)
        run.check_widgets_render(saved)
    except Exception as error:  # a timeout names no notebook: say which one, and at which stage
        run.page.screenshot(path=screenshots / f"{run.path.stem}-FAILED.png")
        run.page.close()
        raise RuntimeError(f"{run.name}: JupyterLab failed while {stage}: {error}\n"
                           f"browser console: {run.console_errors[-5:]}\nserver log:\n{lab.log_tail(15)}") from error
    yield run
    run.page.close()
    lab.shut_down_kernels()


def _screenshot(page, element, path):
    """A picture of one cell's outputs, whole: the window grows for a cell taller than the notebook area."""
    page.mouse.move(0, 0)  # no hover highlight in the picture
    height = element.bounding_box()["height"]
    if height + 250 > VIEWPORT["height"]:
        page.set_viewport_size({"width": VIEWPORT["width"], "height": min(int(height) + 250, 6000)})
    element.scroll_into_view_if_needed()
    element.screenshot(path=path, animations="disabled", caret="hide")
    page.set_viewport_size(VIEWPORT)


def _report(run, items):
    lines = [f"{run.name} in JupyterLab:"] + [f"- {item}" for item in items]
    if run.console_errors:
        lines.append(f"browser console errors: {run.console_errors[-5:]}")
    return "\n".join(lines)


def test_notebook_runs_in_jupyterlab_without_errors(notebook):
    for note in notebook.notes:
        print(f"{notebook.name}: {note}")
    assert not notebook.problems, _report(notebook, notebook.problems)


def test_every_widget_responds_in_jupyterlab(notebook, screenshots, latency_log):
    if notebook.not_run:
        pytest.skip(f"{notebook.name} stopped before cell {notebook.not_run[0]}: its widgets may not exist "
                    "(test_notebook_runs_in_jupyterlab_without_errors says why)")
    page, stem = notebook.page, notebook.path.stem
    folder = screenshots / stem
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    failures, pictures = [], []
    seen = {}
    for found in page.evaluate(_FIND_WIDGETS_JS):
        root = page.locator(f"[data-rnn-test={found['id']}]").element_handle()
        name = next((c for c in found["classes"] if c in DRIVERS), (found["classes"] or [None])[0])
        seen[name] = seen.get(name, 0) + 1
        label = f"widget {name or found['kind'] or 'without class'} #{seen[name]} (cell {found['cell']})"

        def screenshot(suffix, root=root, name=name, count=seen[name]):
            path = folder / f"{name or 'widget'}-{count}{'-' + suffix if suffix else ''}.png"
            _screenshot(page, root.evaluate_handle(_CELL_OUTPUT_JS).as_element(), path)
            pictures.append(path)

        if name is None:
            failures.append(f"{label}: a widget view whose outer box has no rnn-* CSS class, so no browser driver "
                            "can find it; give it one (box.add_class('rnn-<name>')) and a driver in "
                            "tests/browser/widget_drivers.py")
            continue
        if name not in DRIVERS:
            failures.append(f"{label}: no driver for CSS class {name!r} in tests/browser/widget_drivers.py, so this "
                            "widget is untested in the browser; add one")
            continue
        try:
            results, layout = drive(page, root, DRIVERS[name], label, screenshot)
        except DriverError as error:
            failures.append(str(error))
            continue
        latency_log.append((f"{stem} {label}", results))
        failures += [f"{label}: {r.detail}" for r in results if not r.ok]
        failures += [f"{label}: {problem}" for problem in layout]
        screenshot("")
    if not pictures:  # no widget: the first figure represents the notebook
        figure = page.evaluate_handle(_FIRST_FIGURE_JS).as_element()
        if figure is not None:
            _screenshot(page, figure, folder / "figure.png")
            pictures.append(folder / "figure.png")
    if pictures:
        final = [p for p in pictures if not re.search(r"-\d+-.+\.png$", p.name)]
        (screenshots / f"{stem}.png").write_bytes((final or pictures)[0].read_bytes())
    assert not failures, _report(notebook, failures)

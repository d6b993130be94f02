"""Every course notebook, run in JupyterLab in headless Chromium as a learner runs it, and every widget
in it used through the page.

nbval proves the kernel side; these tests prove what a learner sees: cells without errors, widgets that
render as widgets (not "Error displaying widget", a blank box or a text repr) and that answer each
control within the latency budget, and text in every output that meets WCAG AA contrast. Each notebook
is judged in JupyterLab Dark and JupyterLab Light (ids like 03_bptt.ipynb-dark): it runs once, in Dark,
and the same page is then switched to Light; the tests below share that run.

Run:  pytest -m browser tests/browser      (see conftest.py for the environment variables)
"""
import re
import shutil

import pytest

import contrast
from jlab_server import THEMES, VIEWPORT, notebook_paths
from jlab_ui import NotebookRun, switch_theme
from widget_drivers import DRIVERS
from widget_driving import DriverError, drive, layout_problems

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


_THEME_JS = "() => document.body.dataset.jpThemeName"
# The widget drivers run in the light theme only: in the dark one each widget is checked for layout and
# photographed as the notebook left it, and its contrast is measured. What a widget shows does not depend on
# the theme (the kernel draws it, on its own light card: rnnlib/course/widgets/html.py).
DRIVEN_THEMES = ("light",)
# Each notebook runs once: it opens in the first theme of THEMES (dark), whose tests judge it as the run left
# it, and the same page is then switched to the next theme (Settings > Theme, as a learner switches) for its
# tests, which drive the widgets. Running it again per theme cost about 30 s a notebook on the 2-core CI
# machine (the drivers cost about 5 s). The run the previous theme's tests left open, by notebook path:
_OPEN_RUNS = {}


def _later_theme_wanted(request, path, theme):
    """Whether a test of this notebook in a later theme is selected in this session (then the run stays open)."""
    later = list(THEMES)[list(THEMES).index(theme) + 1:]
    return any(getattr(item, "callspec", None) is not None
               and item.callspec.params.get("notebook") in [(path, t) for t in later]
               for item in request.session.items)


def _name(run, path, theme):
    run.name, run.theme = f"{path.name} ({THEMES[theme]})", theme
    run.stem = path.stem if theme == "light" else f"{path.stem}-{theme}"  # its screenshots' names


@pytest.fixture(scope="module", params=[(path, theme) for path in notebook_paths() for theme in THEMES],
                ids=lambda param: f"{param[0].name}-{param[1]}")
def notebook(request, lab, browser, timeout_ms, screenshots):
    """The notebook open in JupyterLab in one theme: run (all cells through the Run menu, saved in the
    temporary copy and checked) in the first theme selected for it, or switched to this theme from the
    previous one; the contrast of its outputs' text measured as it then shows. Shared by the tests of this
    module."""
    path, theme = request.param
    run = _OPEN_RUNS.pop(path, None)
    stage = "opening it"
    try:
        if run is None:
            lab.set_theme(theme)
            run = NotebookRun(browser.new_page(), lab, lab.notebooks / path.name, timeout_ms)
            _name(run, path, theme)
            run.open()
            shown = run.page.evaluate(_THEME_JS)
            assert shown == THEMES[theme], f"the page shows the theme {shown!r}, not {THEMES[theme]!r}"
            stage = "running all cells"
            run.run_all()
            stage = "saving it"
            saved = run.save_and_read()
            stage = "checking its outputs"
            run.check_cells(saved)
            run.check_widgets_render(saved)
        else:
            _name(run, path, theme)
            stage = f"switching it to {THEMES[theme]}"
            switch_theme(run.page, THEMES[theme], timeout_ms)
        stage = "measuring the contrast of its outputs"
        run.contrast, run.unseen = contrast.measure(run.page)
    except Exception as error:  # a timeout names no notebook: say which one, and at which stage
        if run is not None:
            run.page.screenshot(path=screenshots / f"{run.stem}-FAILED.png")
            run.page.close()
        raise RuntimeError(f"{path.name} ({THEMES[theme]}): JupyterLab failed while {stage}: {error}\n"
                           f"browser console: {run.console_errors[-5:] if run else []}\n"
                           f"server log:\n{lab.log_tail(15)}") from error
    yield run
    if _later_theme_wanted(request, path, theme):
        _OPEN_RUNS[path] = run
    else:
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
    page, stem = notebook.page, notebook.stem
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
        if notebook.theme not in DRIVEN_THEMES:
            root.scroll_into_view_if_needed()
            failures += [f"{label}: {problem}" for problem in layout_problems(root)]
            screenshot("")
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


def test_output_text_meets_wcag_aa_contrast(notebook, screenshots):
    """Every text item in the cell outputs, measured as the run left them and again after the widgets were
    driven (light theme: other steps show other colours), is at least 4.5:1 against its background (3:1 if
    large)."""
    if notebook.not_run:
        pytest.skip(f"{notebook.name} stopped before cell {notebook.not_run[0]}")
    after, unseen = contrast.measure(notebook.page)
    items, unseen = list(dict.fromkeys(notebook.contrast + after)), sorted(set(notebook.unseen + unseen))
    low = contrast.failures(items)
    summary = f"{notebook.name}: {len(low)} of {len(items)} distinct text items below WCAG AA"
    print(summary)
    (screenshots / f"{notebook.stem}-contrast.txt").write_text(
        "\n".join([summary] + [item.describe() for item in low]) + "\n")
    shown = [item.describe() for item in low[:40]] + ([f"... and {len(low) - 40} more"] if len(low) > 40 else [])
    assert not low, _report(notebook, [f"{len(low)} of {len(items)} text items in the outputs are below WCAG AA "
                                       "contrast (4.5:1, large text 3:1):"] + shown)
    # a text no scrolling shows cannot be judged: there must be none, or the check would miss it silently
    assert not unseen, _report(notebook, ["text in the outputs that no scrolling brought into view (covered by "
                                          "something else), so its contrast is not measured:"] + unseen[:20])

"""Driving a notebook through the JupyterLab page the way a learner does: menus, status bar, cell outputs.

Every wait here is for an event or a page state (a kernel status, a prompt, a rendered widget), never a
fixed sleep.
"""
import re

import nbformat

# What a notebook shows instead of a working widget.
WIDGET_FAILURE_TEXTS = ("Error displaying widget", "Loading widget...", "Failed to create view",
                        "Failed to load model")
# The text repr a widget falls back to when the browser has no widget manager: "VBox(children=(...".
WIDGET_TEXT_FALLBACK = re.compile(
    r"^\s*(HBox|VBox|Box|GridBox|Tab|Accordion|Stack|AppLayout|GridspecLayout|TwoByTwoLayout|Output|"
    r"interactive|[A-Z][A-Za-z]*(Slider|Button|Buttons|Text|Textarea|HTML|HTMLMath|Image|Dropdown|Play|"
    r"Label|Checkbox|Select|Progress|Picker))\(")
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
ANSI = re.compile(r"\x1b\[[0-9;]*m")

_IDLE = r"\|\s*Idle$"  # the status bar's "Python 3 (ipykernel) | Idle"

# Counts prompts that went to [*] since armed: "the run has started" (the prompt may turn back within ms).
_ARM_RUN_WATCH_JS = """() => {
    window.__rnnSawBusy = false;
    const nb = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook');
    const look = () => { if ([...nb.querySelectorAll('.jp-InputPrompt')].some(p => p.textContent.includes('*')))
                              window.__rnnSawBusy = true; };
    window.__rnnRunObserver?.disconnect();
    window.__rnnRunObserver = new MutationObserver(look);
    window.__rnnRunObserver.observe(nb, {subtree: true, childList: true, characterData: true});
}"""
_RUN_DONE_JS = """idle => {
    const prompts = [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')];
    const idleNow = [...document.querySelectorAll('.jp-StatusBar-Item')]
        .some(e => new RegExp(idle).test(e.textContent.trim()));
    return window.__rnnSawBusy && idleNow && !prompts.some(p => p.textContent.includes('*'));
}"""
_PROMPTS_JS = """() => [...document.querySelectorAll('.jp-Notebook .jp-Cell')].map(c =>
    c.classList.contains('jp-CodeCell') ? c.querySelector('.jp-InputPrompt').textContent.trim() : null)"""

# Per cell: how many top-level widget views are rendered, and what in its outputs says "no widget here".
_WIDGET_OUTPUTS_JS = """([failureTexts, fallbackSource]) => {
    const fallback = new RegExp(fallbackSource);
    return [...document.querySelectorAll('.jp-Notebook .jp-Cell')].map((cell, index) => {
        const area = cell.querySelector('.jp-Cell-outputArea');
        if (!area) return {index, rendered: 0, failures: []};
        const outputs = [...area.querySelectorAll('.jp-OutputArea-output')];
        const rendered = outputs.filter(o => o.closest('.jp-Cell-outputArea') === area
            && [...o.children].some(c => c.classList.contains('jupyter-widgets'))).length;
        const failures = [];
        for (const o of outputs) {
            const text = o.textContent;
            for (const bad of failureTexts) if (text.includes(bad)) failures.push(bad);
            if (o.querySelector('.jupyter-widgets-error-widget')) failures.push('widget error view');
            if (o.dataset.mimeType === 'text/plain' && fallback.test(text))
                failures.push('text repr instead of a widget: ' + text.trim().slice(0, 60));
        }
        return {index, rendered, failures: [...new Set(failures)]};
    });
}"""


def click_menu(page, menu, item):
    """Open a main-menu menu by its name and click the item whose label is `item` (str or compiled regex)."""
    page.locator(".lm-MenuBar-item", has_text=re.compile(rf"^{re.escape(menu)}$")).click()
    label = item if isinstance(item, re.Pattern) else re.compile(rf"^{re.escape(item)}$")
    entry = page.locator(".lm-Menu:visible .lm-Menu-item", has=page.locator(".lm-Menu-itemLabel", has_text=label)).first
    if "lm-mod-disabled" in (entry.get_attribute("class") or ""):
        page.keyboard.press("Escape")
        raise RuntimeError(f"the menu item {menu} > {label.pattern} is disabled")
    entry.click()


def switch_theme(page, theme_name, timeout_ms):
    """Settings > Theme > `theme_name`, as a learner switches; returns once the page shows it (JupyterLab
    sets body's data-jp-theme-name after the theme's CSS has loaded) and its splash screen is gone."""
    page.locator(".lm-MenuBar-item", has_text=re.compile(r"^Settings$")).click()
    menu_item = page.locator(".lm-Menu:visible .lm-Menu-item",
                             has=page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Theme$")))
    menu_item.first.hover()
    menu_item.first.click()  # opens the submenu (hover alone may wait for a timer)
    label = re.compile(rf"^{re.escape(theme_name)}$")
    page.locator(".lm-Menu:visible .lm-Menu-item", has=page.locator(".lm-Menu-itemLabel", has_text=label)).first.click()
    page.wait_for_function("n => document.body.dataset.jpThemeName === n && !document.querySelector('.jp-Splash')",
                           arg=theme_name, timeout=timeout_ms)
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


def wait_kernel_idle(page, timeout_ms):
    """Wait until the status bar reads '<kernel> | Idle' (a notebook toolbar says idle before a kernel exists)."""
    page.locator(".jp-StatusBar-Item", has_text=re.compile(_IDLE)).first.wait_for(timeout=timeout_ms)


class NotebookRun:
    """One notebook opened in JupyterLab and run through its menus; `problems` lists what a learner would
    see go wrong (cell errors, cells that never ran, widgets that do not render), each naming the cell."""

    def __init__(self, page, lab, path, timeout_ms):
        self.page, self.lab, self.path, self.timeout_ms = page, lab, path, timeout_ms
        self.rel = path.relative_to(lab.root).as_posix()
        self.name = path.name
        self.source = nbformat.read(path, as_version=4)
        self.problems = []
        self.not_run = []  # indices of code cells that never ran (the run stopped before them)
        self.notes = []  # not failures, but worth telling (e.g. Run All stopping at a deliberate error)
        self.console_errors = []
        page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text[:300]))
        page.on("pageerror", lambda e: self.console_errors.append(f"uncaught: {e}"[:300]))

    # --- running ---------------------------------------------------------------------------------------
    def open(self):
        workspace = re.sub(r"\W", "-", self.path.stem)  # a fresh workspace: nothing restored from another test
        self.page.goto(self.lab.url(f"/lab/workspaces/{workspace}/tree/{self.rel}"))
        self.page.locator(".jp-NotebookPanel .jp-Notebook .jp-Cell").first.wait_for(timeout=self.timeout_ms)
        self.page.wait_for_function(
            "n => document.querySelectorAll('.jp-Notebook .jp-Cell').length === n", arg=len(self.source.cells),
            timeout=self.timeout_ms)
        wait_kernel_idle(self.page, self.timeout_ms)

    def _expects_error(self, index):
        cell = self.source.cells[index]
        return "NBVAL_RAISES_EXCEPTION" in cell.source or "raises-exception" in cell.metadata.get("tags", [])

    def _run(self, menu_item):
        self.page.evaluate(_ARM_RUN_WATCH_JS)
        click_menu(self.page, "Run", menu_item)
        self.page.wait_for_function(_RUN_DONE_JS, arg=_IDLE, timeout=self.timeout_ms, polling=100)

    def run_all(self):
        """Clear all outputs (so only this run's outputs are judged), Run All Cells, wait until done. A run
        that stops at a cell meant to raise (NBVAL_RAISES_EXCEPTION) goes on from the next cell, as a
        learner would, and that stop is noted."""
        click_menu(self.page, "Edit", "Clear Outputs of All Cells")
        self._run("Run All Cells")
        while True:
            prompts = self.page.evaluate(_PROMPTS_JS)
            not_run = [i for i, p in enumerate(prompts)
                       if p is not None and not re.search(r"\d", p) and self.source.cells[i].source.strip()]
            if not not_run:
                return
            ran = [i for i, p in enumerate(prompts[: not_run[0]]) if p is not None and re.search(r"\d", p)]
            if not ran or not self._expects_error(ran[-1]):
                return  # an unexpected stop: reported by check_cells
            self.notes.append(f"Run All stopped at cell {ran[-1]} (an intended error, NBVAL_RAISES_EXCEPTION): "
                              "a learner's Run All stops there too")
            self.page.locator(".jp-Notebook .jp-Cell").nth(not_run[0]).locator(".jp-InputPrompt").click()
            last = not_run[0] == len(prompts) - 1  # "... and All Below" is disabled on the last cell
            self._run("Run Selected Cell and Do not Advance" if last else "Run Selected Cell and All Below")

    def save_and_read(self):
        """Save the (temporary) notebook through the File menu and return the saved model as nbformat."""
        click_menu(self.page, "File", re.compile(r"^Save( Notebook)?$"))
        self.page.locator(".lm-TabBar-tab.jp-mod-current:not(.jp-mod-dirty)").first.wait_for(timeout=self.timeout_ms)
        return nbformat.read(self.path, as_version=4)

    # --- checking --------------------------------------------------------------------------------------
    def check_cells(self, saved):
        """Errors and cells that never ran, from the notebook as the page saved it."""
        for index, cell in enumerate(saved.cells):
            if cell.cell_type != "code" or not cell.source.strip():
                continue
            if cell.execution_count is None:
                self.not_run.append(index)
                self.problems.append(f"cell {index} did not run: {_first_line(cell.source)}")
            for out in cell.get("outputs", []):
                if out.output_type == "error" and not self._expects_error(index):
                    trace = ANSI.sub("", "\n".join(out.traceback[-3:]))
                    self.problems.append(f"cell {index} shows an error {out.ename}: {out.evalue}\n{trace}")

    def check_widgets_render(self, saved, timeout_ms=30_000):
        """Every widget view the kernel sent is rendered as widget DOM: no error text, no 'Loading widget...',
        no blank box, no text repr fallback. Waits (event-driven) until the counts match, then judges."""
        expected = [sum(WIDGET_MIME in o.get("data", {}) for o in c.get("outputs", []))
                    if c.cell_type == "code" else 0 for c in saved.cells]
        from playwright.sync_api import TimeoutError as PlaywrightTimeout  # (collection needs no playwright)

        args = [list(WIDGET_FAILURE_TEXTS), WIDGET_TEXT_FALLBACK.pattern]
        try:
            self.page.wait_for_function(
                f"([expected, args]) => ({_WIDGET_OUTPUTS_JS})(args).every((c, i) => c.rendered === expected[i])",
                arg=[expected, args], timeout=timeout_ms, polling=100)
        except PlaywrightTimeout:
            pass  # the per-cell report below says what is wrong
        for cell in self.page.evaluate(_WIDGET_OUTPUTS_JS, args):
            want = expected[cell["index"]]
            if cell["rendered"] != want:
                self.problems.append(f"cell {cell['index']}: {want} widget view(s) sent by the kernel, "
                                     f"{cell['rendered']} rendered (blank, still loading, or failed)")
            for failure in cell["failures"]:
                self.problems.append(f"cell {cell['index']} shows '{failure}'")


def _first_line(source):
    return source.strip().splitlines()[0][:80]

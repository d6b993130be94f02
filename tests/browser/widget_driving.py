"""The engine behind the widget drivers in widget_drivers.py: find the controls a driver names inside a
widget's outer box, use them with real mouse and keyboard events, and time each browser event until the
widget shows what the step expects.

Timing happens in the page: a MutationObserver on the widget notes every change of its display; a step
is over when its expectation holds and the widget has been quiet for QUIET_MS. Latency is from the last
user event (click, key, pointer move, input) before the display's last change to the next animation frame
after that change (the update is then on screen).

What that time is made of (profiled with WebSocket and kernel timestamps and Chrome traces, 2026-12; nothing in
it is a polling interval): the click's handler and its comm message (about 5 ms); the round trip through
jupyter_server to the kernel and back (the kernel's own work is 1-20 ms, the rest is the four processes,
Chromium, the server, the kernel and its IOPub thread, taking turns on the CPU: 10-20 ms on a quiet machine,
up to hundreds of ms on a loaded one); the browser parsing and laying out the new drawing (5-10 ms). Without
rnnlib's server extension (rnnlib/course/jupyter_server_extension.py, which conftest.py requires) Nagle's
algorithm on the server's WebSocket adds about 40 ms to most round trips of a drag. The first
click into a widget whose cell is not active also includes JupyterLab activating the cell (25-45 ms). A slider
drag's last value waits for the value before it: ipywidgets sends a model's next update only when the kernel
has answered the previous one, so a drag can take two round trips. The HTML widget does not typeset maths.
"""
import re
from dataclasses import dataclass

LATENCY_BUDGET_MS = 500  # from the browser event to the updated widget on screen
STEP_TIMEOUT_MS = 5_000  # a step whose expectation is not met by then has failed
QUIET_MS = 200  # a step is over when its expectation holds and the widget has not changed for this long
PRESS_MS = 60  # how long a click holds the mouse button down: a quick human click (most last 60-120 ms)
MIN_FONT_PX = 12  # smallest text a projected widget may show (JupyterLab's widget labels are 13 px)
DEFAULT_SHOWS = ".widget-html-content, .widget-image img, img.widget-image, .widget-output"
DEFAULT_MESSAGE = ".rl-message.rl-error"


@dataclass(frozen=True)
class Step:
    """One thing a learner does to a widget, and what must be seen afterwards.

    kind: "click" (a button or toggle button whose text matches `control`), "slide" (drag the slider
        labelled `control` with the mouse to `value` "max"/"min", or press an arrow key for "+1"/"-1"),
        "play" (press the Play button `control`, wait for it to animate, press it again to pause), "type"
        (fill the text box labelled `control` with `value`, press Enter), "select" (pick option `value` in
        the dropdown labelled `control`).
    control: regular expression searched (case-sensitive: t is not T) in the control's label, its tooltip
        and its CSS classes; None: the only control of its kind in the widget.
    shows: what the widget's display does: "changes", "as before" (as it was before the previous step),
        "message" (the widget's error message appears), "any". Every value but "message" and "any" also
        requires that no error message is shown.
    t: the t slider's value afterwards: "+1", "-1", "min", "max", "increases" / "decreases" (by >= 2, for
        play), None (not checked).
    screenshot: a name: save a screenshot of the widget's cell after this step.
    """
    kind: str
    control: str = None
    value: str = None
    shows: str = "changes"
    t: str = None
    screenshot: str = None

    def describe(self):
        what = {"click": f"click button /{self.control}/", "slide": f"slide /{self.control}/ to {self.value}",
                "play": f"press play /{self.control}/, then pause", "type": f"type {self.value!r} into /{self.control}/ + Enter",
                "select": f"select {self.value!r} in /{self.control}/"}[self.kind]
        want = [f"display {self.shows}"] + ([f"t {self.t}"] if self.t else [])
        return f"{what} -> {', '.join(want)}"


def click(control, **expect):
    return Step("click", control, **expect)


def slide(control, to, **expect):
    return Step("slide", control, to, **expect)


def play(control=None, **expect):
    return Step("play", control, **expect)


def type_text(control, text, **expect):
    return Step("type", control, text, **expect)


def select(control, option, **expect):
    return Step("select", control, option, **expect)


@dataclass(frozen=True)
class Driver:
    """How to exercise one kind of widget, found by the CSS class of its outer box.

    steps: the Steps, in order (each starts from where the previous one left the widget).
    t_slider: label regex of the slider over t whose value `Step.t` checks (None: no t to check).
    shows: CSS selector of what the widget displays (its HTML, images, Output areas), compared before and
        after each step.
    message: CSS selector of the widget's message to the learner (bad input).
    """
    steps: tuple
    t_slider: str = None
    shows: str = DEFAULT_SHOWS
    message: str = DEFAULT_MESSAGE


@dataclass
class StepResult:
    step: Step
    ok: bool
    latency_ms: float = None  # = arrived_ms (event to new display in the page) + drawn_ms (to the screen)
    arrived_ms: float = None
    drawn_ms: float = None
    detail: str = ""
    budgeted: bool = True


class DriverError(AssertionError):
    pass


# ---- in-page helpers (one definition, used by every call below) ------------------------------------------
_JS_HELPERS = r"""
const rnn = window.__rnn = window.__rnn || {};
rnn.label = el => {  // what a learner reads as the control's name
    const labels = [...el.querySelectorAll(':scope > .widget-label, :scope > label')]
        .map(l => l.textContent.trim()).filter(Boolean);
    return labels.length ? labels.join(' ') : el.textContent.trim();
};
rnn.names = el => [rnn.label(el), el.getAttribute('title') || '', ...el.classList];
rnn.candidates = (root, kind) => {
    if (kind === 'click') return [...root.querySelectorAll('button')].filter(b => !b.closest('.widget-play'));
    if (kind === 'slide') return [...root.querySelectorAll('.widget-slider')];
    if (kind === 'type') return [...root.querySelectorAll('.widget-text, .widget-textarea')];
    if (kind === 'select') return [...root.querySelectorAll('.widget-dropdown')];
    if (kind === 'play') return [...root.querySelectorAll('.widget-play')];
    return [];
};
rnn.find = (root, kind, pattern) => {
    const all = rnn.candidates(root, kind);
    const re = pattern === null ? null : new RegExp(pattern);
    const hits = re === null ? all : all.filter(el => rnn.names(el).some(n => re.test(n)));
    return {hits, labels: all.map(rnn.label)};
};
rnn.state = (root, a) => {
    const shows = [...root.querySelectorAll(a.shows)]
        .map(e => e.tagName === 'IMG' ? e.getAttribute('src') : e.innerHTML).join('\u241e');
    let t = null, tmin = null, tmax = null;
    if (a.tSlider !== null) {
        const {hits} = rnn.find(root, 'slide', a.tSlider);
        const h = hits.length ? hits[0].querySelector('.noUi-handle') : null;
        if (h) [t, tmin, tmax] = ['aria-valuenow', 'aria-valuemin', 'aria-valuemax']
            .map(k => parseFloat(h.getAttribute(k)));
    }
    const msg = [...root.querySelectorAll(a.message)].filter(e => e.getClientRects().length)
        .map(e => e.textContent.trim()).join(' | ');
    return {shows, t, tmin, tmax, msg};
};
rnn.met = (s, e) => (e.showsNot === undefined || s.shows !== e.showsNot)
    && (e.showsEqual === undefined || s.shows === e.showsEqual)
    && (e.message === undefined || (e.message ? s.msg !== '' : s.msg === ''))
    && (e.t === undefined || s.t === e.t)
    && (e.tAt === undefined || s.t === (e.tAt === 'max' ? s.tmax : s.tmin))
    && (e.tAtLeast === undefined || s.t >= e.tAtLeast)
    && (e.tAtMost === undefined || s.t <= e.tAtMost);
"""

# Armed before a step: resolves once the expectation holds and the widget has been quiet for quietMs (so
# late updates, e.g. from the many values of a slider drag, cannot leak into the next step), or at timeoutMs.
# The quiet clock starts at the first user event or DOM change (or at once when `now`).
_ARM_JS = _JS_HELPERS + r"""
const [a, expect, timeoutMs, quietMs, now] = args;
const events = [];
const types = ['pointerdown', 'mousedown', 'pointerup', 'mouseup', 'click', 'keydown', 'keyup', 'input',
               'change', 'pointermove', 'mousemove'];
let shows = rnn.state(root, a).shows, changedAt = null, paintedAt = null, quiet = null, done = false, observer;
window.__rnnWatch = new Promise(resolve => {
    const finish = ok => {
        if (done) return;
        done = true;
        observer.disconnect(); clearTimeout(quiet); clearTimeout(limit);
        types.forEach(ty => document.removeEventListener(ty, onEvent, true));
        const last = changedAt === null ? [] : events.filter(x => x <= changedAt);
        const timed = last.length > 0 && paintedAt !== null, event = timed ? last[last.length - 1] : null;
        resolve({ok, state: rnn.state(root, a), latency: timed ? paintedAt - event : null,
                 arrived: timed ? changedAt - event : null, drawn: timed ? paintedAt - changedAt : null});
    };
    const settle = () => {  // (re)start the quiet clock
        clearTimeout(quiet);
        quiet = setTimeout(() => { if (rnn.met(rnn.state(root, a), expect)) finish(true); }, quietMs);
    };
    const onEvent = ev => { events.push(ev.timeStamp); settle(); };
    types.forEach(ty => document.addEventListener(ty, onEvent, true));
    observer = new MutationObserver(() => {
        const s = rnn.state(root, a);
        if (s.shows !== shows) {  // the display changed: note when, and when it reached the screen
            shows = s.shows;
            const at = changedAt = performance.now();
            requestAnimationFrame(() => { if (changedAt === at) paintedAt = performance.now(); });
        }
        settle();
    });
    observer.observe(root, {subtree: true, childList: true, characterData: true, attributes: true});
    const limit = setTimeout(() => finish(rnn.met(rnn.state(root, a), expect)), timeoutMs);
    if (now) settle();
});
"""


def _js(body):
    return f"(root, args) => {{ {body} }}"


def _state(root, driver):
    return root.evaluate(_js(_JS_HELPERS + "return rnn.state(root, args);"), _args(driver))


def _args(driver):
    return {"shows": driver.shows, "tSlider": driver.t_slider, "message": driver.message}


def _control(root, kind, pattern, widget):
    """The element handle of the one control of `kind` whose label matches `pattern`."""
    count, labels = root.evaluate(_js(_JS_HELPERS + "const r = rnn.find(root, args[0], args[1]);"
                                            "return [r.hits.length, r.labels];"), [kind, pattern])
    if count != 1:
        what = {"click": "button", "slide": "slider", "type": "text box", "select": "dropdown", "play": "Play"}[kind]
        raise DriverError(f"{widget}: the driver names the {what} /{pattern}/, which matches {count} of the "
                          f"{what}s here (labels: {labels}); fix the driver in tests/browser/widget_drivers.py "
                          "or the widget's descriptions")
    return root.evaluate_handle(_js(_JS_HELPERS + "return rnn.find(root, args[0], args[1]).hits[0];"),
                                [kind, pattern]).as_element()


def _expectation(step, before, previous_before, widget):
    expect = {}
    if step.shows == "changes":
        expect["showsNot"] = before["shows"]
    elif step.shows == "as before":
        expect["showsEqual"] = previous_before["shows"]
    elif step.shows != "message" and step.shows != "any":
        raise ValueError(f"unknown shows={step.shows!r}")
    if step.shows == "message":
        expect["message"] = True
    elif step.shows != "any":
        expect["message"] = False
    if step.t is not None:
        if before["t"] is None:
            raise DriverError(f"{widget}: the driver checks t, but its t_slider matches no slider here; fix the "
                              "driver in tests/browser/widget_drivers.py or the slider's description")
        if step.t == "increases":
            expect["tAtLeast"] = before["t"] + 2
        elif step.t == "decreases":
            expect["tAtMost"] = before["t"] - 2
        elif step.t in ("min", "max"):
            expect["tAt"] = step.t  # the slider's own end after the step (a new sequence changes T)
        else:
            expect["t"] = {"+1": before["t"] + 1, "-1": before["t"] - 1}[step.t]
    return expect


def _act(page, root, step, widget):
    """Perform the step with real browser input events."""
    if step.kind == "click":
        # Pressed like a person, not with Playwright's default of no time between down and up: a widget acts on
        # the click (the release), and what JupyterLab does on the press (activating the widget's cell, 25-45
        # ms) happens while a person still holds the button. With no press the click waits behind that work,
        # and the first click into each widget measured 120-200 ms instead of what a learner sees.
        _control(root, "click", step.control, widget).click(delay=PRESS_MS)
    elif step.kind == "slide":
        handle = _control(root, "slide", step.control, widget).query_selector(".noUi-handle")
        if step.value in ("+1", "-1"):
            handle.focus()
            page.keyboard.press("ArrowRight" if step.value == "+1" else "ArrowLeft")
        else:  # drag with the mouse to an end of the track
            track = handle.evaluate_handle("h => h.closest('.noUi-target')").as_element().bounding_box()
            box = handle.bounding_box()
            page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
            page.mouse.down()
            x = track["x"] + (track["width"] + 20 if step.value == "max" else -20)
            page.mouse.move(x, box["y"] + box["height"] / 2, steps=8)
            page.mouse.up()
    elif step.kind == "type":
        box = _control(root, "type", step.control, widget).query_selector("input, textarea")
        box.fill(step.value)
        box.press("Enter")
    elif step.kind == "select":
        _control(root, "select", step.control, widget).query_selector("select").select_option(label=step.value)
    elif step.kind == "play":
        _control(root, "play", step.control, widget).query_selector("button").click()
    else:
        raise ValueError(f"unknown step kind {step.kind!r}")


def _pause(root, step, widget):
    """Press the Play button again if it is still playing, and wait until it shows 'play'."""
    button = _control(root, "play", step.control, widget).query_selector("button")
    if button.query_selector(".fa-pause"):
        button.click()
    button.wait_for_selector(".fa-play", timeout=STEP_TIMEOUT_MS)


def _summary(state):
    shown = state["shows"]
    text = f"t={state['t']:g}" if state.get("t") is not None else ""
    if state["msg"]:
        text += f" message {state['msg'][:120]!r}"
    return (text + f" display of {len(shown)} characters").strip()


def _run_steps(page, root, driver, widget, screenshot, look):
    """One pass over the driver's steps; stops at the first step whose expectation is not met."""
    results = []
    previous_before = before = _state(root, driver)
    for number, step in enumerate(driver.steps, 1):
        expect = _expectation(step, before, previous_before, widget)
        root.evaluate(_js(_ARM_JS), [_args(driver), expect, STEP_TIMEOUT_MS, QUIET_MS, False])
        _act(page, root, step, widget)
        outcome = page.evaluate("() => window.__rnnWatch")
        if step.kind == "play":
            _pause(root, step, widget)
            root.evaluate(_js(_ARM_JS), [_args(driver), {}, STEP_TIMEOUT_MS, QUIET_MS, True])
            outcome["state"] = page.evaluate("() => window.__rnnWatch")["state"]
        result = StepResult(step, outcome["ok"], outcome["latency"], outcome["arrived"], outcome["drawn"],
                            budgeted=step.kind != "play")
        results.append(result)
        if step.screenshot:
            screenshot(step.screenshot)
        if not result.ok:
            result.detail = (f"step {number} ({step.describe()}) failed: after {STEP_TIMEOUT_MS} ms the widget "
                             f"shows {_summary(outcome['state'])}; before the step: {_summary(before)}")
            break
        look(f"after step {number} ({step.describe()})")
        previous_before, before = before, outcome["state"]
    return results


def _slow(result):
    return result.budgeted and result.latency_ms is not None and result.latency_ms > LATENCY_BUDGET_MS


def drive(page, root, driver, widget, screenshot):
    """Run every step of `driver` on the widget whose outer box is `root` (a Playwright ElementHandle).

    `widget` names it in messages; `screenshot(name)` saves a picture of its cell. Returns (results,
    layout): the StepResults, where the first failing step ends the run (later steps depend on it) and is
    the last result; and the layout problems (see layout_problems) seen before or after any step.

    A step over LATENCY_BUDGET_MS is timed again in a second pass over all steps (each driver ends where it
    can start again) and fails only if it is over budget both times: one slow event on a busy machine is
    noise, a widget slow twice is slow.
    """
    layout = {}

    def look(when):
        for problem in layout_problems(root):
            layout.setdefault(re.sub(r"'[^']*'|\d+|:.*", "", problem), f"{problem}, seen {when}")  # once per kind

    root.scroll_into_view_if_needed()
    # painted, and the page idle (not still typesetting the notebook's maths), before the clock starts
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestIdleCallback(r, {timeout: 10000})))")
    look("as the notebook left it")
    results = _run_steps(page, root, driver, widget, screenshot, look)
    if results[-1].ok and any(_slow(r) for r in results):
        again = _run_steps(page, root, driver, widget, lambda name: None, lambda when: None)
        if len(again) == len(results) and again[-1].ok:
            results = [second if _slow(first) and not _slow(second) else first
                       for first, second in zip(results, again)]
    for number, result in enumerate(results, 1):
        if result.ok and _slow(result):
            result.ok = False
            result.detail = (f"step {number} ({result.step.describe()}) took {result.latency_ms:.0f} ms from the "
                             f"browser event to the updated display (budget {LATENCY_BUDGET_MS} ms, over it in two "
                             f"passes): {result.arrived_ms:.0f} ms until the new display reached the page, "
                             f"{result.drawn_ms:.0f} ms to draw it")
    return results, list(layout.values())


_LAYOUT_JS = r"""(root, minFont) => {
    const problems = [];
    const shown = el => el.getClientRects().length > 0;
    const wide = el => el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible';
    const offenders = [root, ...root.querySelectorAll('.widget-label, .widget-label-basic, button, .widget-readout, '
                                                      + '.widget-html-content, .widget-inline-hbox, .widget-box')]
        .filter(el => shown(el) && wide(el));
    for (const el of offenders.filter(el => !offenders.some(o => o !== el && o.contains(el))).slice(0, 3)) {
        const how = ['hidden', 'clip'].includes(getComputedStyle(el).overflowX) ? 'is cut off'
                                                                               : 'needs horizontal scrolling';
        const what = el === root ? 'the widget' : `'${el.textContent.trim().slice(0, 50)}'`;
        problems.push(`${what} ${how}: ${el.scrollWidth} px of content in `
                      + `${el.clientWidth} px (a long description needs style={'description_width': 'initial'};`
                      + ` wide content a narrower drawing or wrapping)`);
    }
    for (const text of root.querySelectorAll('svg text')) {  // an SVG clips text at its own edges
        const svg = text.ownerSVGElement, t = text.getBoundingClientRect(), b = svg.getBoundingClientRect();
        if (shown(text) && text.textContent.trim() && getComputedStyle(svg).overflow !== 'visible'
            && (t.left < b.left - 1 || t.right > b.right + 1 || t.top < b.top - 1 || t.bottom > b.bottom + 1)) {
            problems.push(`drawing text '${text.textContent.trim().slice(0, 50)}' is cut off at the edge of its `
                          + `drawing (${Math.round(t.width)} px of text, drawing ${Math.round(b.width)} px wide)`);
            break;
        }
    }
    let smallest = null;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const el = node.parentElement;
        // sub- and superscripts are read with their symbol, which is checked itself
        if (!node.textContent.trim() || ['STYLE', 'SCRIPT'].includes(el.tagName) || !shown(el)
            || el.closest('sub, sup') || ['sub', 'super'].includes(getComputedStyle(el).baselineShift)
            || ['sub', 'super'].includes(el.getAttribute('baseline-shift'))
            || (el.tagName === 'tspan' && el.hasAttribute('dy') && parseFloat(getComputedStyle(el).fontSize)
                < parseFloat(getComputedStyle(el.parentElement).fontSize))) continue;  // an SVG sub/superscript
        const size = parseFloat(getComputedStyle(el).fontSize);
        if (size < minFont && (smallest === null || size < smallest.size))
            smallest = {size, text: node.textContent.trim().slice(0, 40)};
    }
    if (smallest) problems.push(`text '${smallest.text}' is ${smallest.size} px, below ${minFont} px: `
                                + 'too small to read when projected');
    return problems;
}"""


def layout_problems(root):
    """What a projected widget would show badly: labels, buttons or HTML cut off or wider than the notebook
    (scrolling sideways), SVG text cut off at its drawing's edge, text below MIN_FONT_PX. Measured in the
    test's window (jlab_server.VIEWPORT, with JupyterLab's file browser open)."""
    return root.evaluate(_LAYOUT_JS, MIN_FONT_PX)

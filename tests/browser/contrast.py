"""The contrast of every text item in a notebook's cell outputs, measured in the page as a learner sees it.

A text item is an HTML element with a direct non-blank text node, or an SVG <text>/<tspan> with its own
text. Its colour is the computed `color` (HTML) or `fill` (SVG, times fill-opacity); its background is
found at the centre of the text's box: `document.elementsFromPoint` lists what is painted there, top
first; below the text item, the first opaque layer ends the walk (an HTML background-color, an SVG
shape's fill times fill-opacity, each times its opacity), and the layers met on the way are composited
over it (the page's background if nothing is opaque). Text that is not rendered (no box, visibility
hidden, fill none, opacity 0) is skipped; matplotlib figures are PNG images and have no text items.

WCAG 2 AA: 4.5:1, or 3:1 for large text (at least 24 px, or 18.66 px bold).
"""
from dataclasses import dataclass

AA_NORMAL, AA_LARGE = 4.5, 3.0

# Returns one record per text item: cell index, text, colours as [r, g, b] (0-255), size, weight, ratio.
_MEASURE_JS = r"""() => {
    const parse = c => {  // 'rgb(1, 2, 3)', 'rgba(1, 2, 3, 0.5)', 'rgb(1 2 3 / 0.5)' -> [r, g, b, a]; else null
        const m = c && c.match(/^rgba?\(([^)]*)\)$/);
        if (!m) return null;
        const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(v => v.endsWith('%') ? parseFloat(v) / 100 : parseFloat(v));
        return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
    };
    const over = (top, bottom) => top.slice(0, 3).map((v, i) => top[3] * v + (1 - top[3]) * bottom[i]);
    const lin = v => { v /= 255; return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    const lum = c => 0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2]);
    const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
    const SHAPES = new Set(['rect', 'circle', 'ellipse', 'polygon', 'path']);
    const paint = el => {  // the colour this element paints under text, [r, g, b, a], or null
        const cs = getComputedStyle(el);
        const opacity = parseFloat(cs.opacity);
        let c = null;
        if (el instanceof SVGElement && el.tagName !== 'svg') {
            if (!SHAPES.has(el.tagName)) return null;
            c = parse(cs.fill);
            if (c) c[3] *= parseFloat(cs.fillOpacity);
        } else {
            c = parse(cs.backgroundColor);
        }
        if (c) c[3] *= opacity;
        return c && c[3] > 0 ? c : null;
    };
    const body = parse(getComputedStyle(document.body).backgroundColor) || [0, 0, 0, 0];
    const page = over(body, [255, 255, 255]);  // a transparent page is the browser's white
    const background = (el, x, y) => {
        const stack = document.elementsFromPoint(x, y);
        let below = stack.indexOf(el);
        // not hit itself (pointer-events, or between an SVG text's glyphs): what is under it is what
        // contains it, or comes before it in the document and is not inside it
        // (the text's own element first: its background is under its text)
        const under = [el, ...(below >= 0 ? stack.slice(below + 1)
            : stack.filter(e => e !== el && !el.contains(e) && (e.contains(el)
                || (e.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING))))];
        const layers = [];
        let by = 'the page';
        for (const e of under) {
            if (e !== el && el.contains(e)) continue;
            if (e.tagName === 'IMG' || e.tagName === 'CANVAS') return null;  // text over a picture: not judged
            const c = paint(e);
            if (c) {
                layers.push(c);
                if (c[3] >= 0.999) { by = e.tagName.toLowerCase() + [...e.classList].slice(0, 2).map(k => '.' + k).join(''); break; }
            }
        }
        let colour = page.slice(0, 3);
        for (const c of layers.reverse()) colour = over(c, colour);
        return {colour, by};
    };
    const inView = r => { const x = r.left + r.width / 2, y = r.top + r.height / 2;
                          return x >= 0 && y >= 0 && x < innerWidth && y < innerHeight; };
    const items = [], unseen = [];
    const cells = [...document.querySelectorAll('.jp-Notebook .jp-Cell')];
    cells.forEach((cell, index) => {
        const area = cell.querySelector('.jp-Cell-outputArea');
        if (!area) return;
        const walker = document.createTreeWalker(area, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const text = node.textContent.replace(/[\s\u200b]+/g, ' ').trim();
            const el = node.parentElement;
            if (!text || !el || ['STYLE', 'SCRIPT', 'TITLE', 'title', 'desc', 'OPTION'].includes(el.tagName)) continue;
            if (!el.closest('.jp-OutputArea-output')) continue;  // JupyterLab's own prompt ([3]:), not an output
            const svg = el instanceof SVGElement;
            if (svg && !['text', 'tspan', 'textPath'].includes(el.tagName)) continue;
            const cs = getComputedStyle(el);
            if (cs.visibility !== 'visible' || !el.getClientRects().length) continue;
            let hidden = false;
            for (let a = el; a && a !== area; a = a.parentElement) if (parseFloat(getComputedStyle(a).opacity) === 0) hidden = true;
            if (hidden) continue;
            const box = () => { if (svg) return el.getBoundingClientRect();
                                const r = document.createRange(); r.selectNodeContents(node); return r.getBoundingClientRect(); };
            let r = box();
            if (r.width < 1 || r.height < 1) continue;
            // the point must show this cell, not the toolbar or status bar over the notebook's scrolled area
            const shows = r => inView(r) && document.elementsFromPoint(r.left + r.width / 2, r.top + r.height / 2)
                .some(e => e === cell || cell.contains(e));
            for (const block of ['center', 'start', 'end']) {
                if (shows(r)) break;
                el.scrollIntoView({block, inline: 'center', behavior: 'instant'});
                r = box();
            }
            if (!shows(r)) { unseen.push({cell: index, text: text.slice(0, 40)}); continue; }
            const fg = parse(svg ? cs.fill : cs.color);
            if (!fg) continue;  // fill none or a pattern: nothing drawn to judge
            if (svg) fg[3] *= parseFloat(cs.fillOpacity);
            if (fg[3] === 0) continue;
            const found = background(el, r.left + r.width / 2, r.top + r.height / 2);
            if (!found) continue;
            const bg = found.colour, colour = over(fg, bg);
            const size = parseFloat(cs.fontSize), weight = parseInt(cs.fontWeight) || 400;
            items.push({cell: index, text: text.slice(0, 40), colour: colour.map(Math.round), background: bg.map(Math.round),
                        size, weight, svg, ratio: ratio(colour, bg), by: found.by});
        }
    });
    return {items, unseen};
}"""


@dataclass(frozen=True)
class TextItem:
    cell: int
    text: str
    colour: tuple
    background: tuple
    size: float
    weight: int
    svg: bool
    ratio: float
    by: str  # the element whose background ended the walk, e.g. 'div.rl-card'

    @property
    def large(self):
        return self.size >= 24 or (self.size >= 18.66 and self.weight >= 700)

    @property
    def needed(self):
        return AA_LARGE if self.large else AA_NORMAL

    @property
    def passes(self):
        return self.ratio >= self.needed - 1e-6

    def describe(self):
        hexa = lambda c: "#%02x%02x%02x" % tuple(c)  # noqa: E731
        kind = "SVG text" if self.svg else "text"
        return (f"cell {self.cell}: {kind} {self.text!r} {hexa(self.colour)} on {hexa(self.background)}: "
                f"{self.ratio:.2f}:1 at {self.size:g} px{' bold' if self.weight >= 700 else ''} "
                f"(AA needs {self.needed:g}:1; background of {self.by})")


def measure(page):
    """(items, unseen): every rendered text item in the cell outputs of the page's notebook (the page is
    scrolled to each), the same text, colours and size in the same cell once; and the texts that no
    scrolling brought into view (a cell's point covered by something else), as "cell N: 'text'"."""
    # JupyterLab's default windowing gives every cell `content-visibility: auto`: Chromium paints and hit-tests an
    # offscreen cell only from the frame after it scrolls into view, so the scroll-then-hit-test below would find the
    # notebook's own background under its text. While measuring, every cell is rendered (colours do not change).
    style = page.add_style_tag(content=".jp-content-visibility-mode .jp-Cell { content-visibility: visible !important; }")
    try:
        found = page.evaluate(_MEASURE_JS)
    finally:
        style.evaluate("e => e.remove()")
    items = [TextItem(**{**r, "colour": tuple(r["colour"]), "background": tuple(r["background"])})
             for r in found["items"]]
    return list(dict.fromkeys(items)), [f"cell {u['cell']}: {u['text']!r}" for u in found["unseen"]]


def failures(items):
    return [i for i in items if not i.passes]

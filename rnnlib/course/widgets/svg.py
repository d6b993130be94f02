"""Every widget: the unrolled graph of rnnlib.plotting.unrolled_layout drawn as SVG: built in well under a millisecond,
so a slider over T can redraw it at once (a matplotlib redraw of the same graph took 0.3-0.9 s here)."""
import hashlib
import html

import numpy as np

from .html import CARD, INK, readable

SX, SY = 125, 92  # pixels per unit of the layout's x (time) and y (x_t, h_t, y_t rows)


def _math(name, superscript=None):
    """'W_hh' -> W with subscript hh (and a superscript such as (2)) as SVG text spans."""
    base, sub = name.split("_", 1)
    sup = f'<tspan dy="-14" font-size="11">({superscript})</tspan>' if superscript else ""
    shift = 14 if superscript else 0
    return (f'<tspan font-style="italic">{html.escape(base)}</tspan>'
            f'<tspan dy="5" font-size="12">{html.escape(sub)}</tspan>{sup}<tspan dy="{-5 + shift}"> </tspan>')


def drawing_id(*parts):
    """An id prefix for the <marker> (or other) ids inside one drawing, "rl-" and a hash of `parts` (what the
    drawing shows). Ids must be unique in the page: a notebook shows many SVGs, and url(#id) uses the page's
    first element with that id, so a second drawing with other colours would borrow the first one's arrows.
    A hash, not a counter: the same drawing gets the same ids on every run (identical markers, stable outputs)."""
    return "rl-" + hashlib.blake2s(repr(parts).encode(), digest_size=5).hexdigest()


def describe_graph(graph):
    """What the unrolled graph shows, in words (the SVG's <title>, read by a screen reader)."""
    names = list(graph["nodes"])
    T = max(int(n.split("_")[1]) for n in names)
    rows = [f"inputs x_1 to x_{T}", f"hidden states h_0 to h_{T}"] + ([f"outputs y_1 to y_{T}"]
                                                                      if f"y_{T}" in names else [])
    weights = list(dict.fromkeys(e["weight"] for e in graph["edges"]))
    if graph.get("shared", True):
        how = f"the same weights {', '.join(weights)} at every step"
    else:
        how = f"separate weights at each step, {', '.join(w + '^(t)' for w in weights)} for t = 1 to {T}"
    return f"An RNN unrolled over T = {T} steps: {', '.join(rows)}; {how}."


def graph_svg(graph, *, title=""):
    """SVG markup for a graph from `unrolled_layout` (nodes, edges with colours and weights).

    Args:
        graph: {"nodes": {"x_1": (x, y), ...}, "edges": [{"from", "to", "weight", "step", "colour"}, ...]}.
        title: a heading drawn above the graph.
    Returns:
        an SVG string (role="img", its <title> from `describe_graph`, its own white background: see html.py);
        each edge is a <line> with data-weight and data-step attributes (for tests).
    """
    xs = np.array([xy[0] for xy in graph["nodes"].values()])
    ys = np.array([xy[1] for xy in graph["nodes"].values()])
    graph_width, height = int((xs.max() - xs.min() + 1.2) * SX), int((ys.max() - ys.min() + 1.0) * SY + 30)
    width = max(graph_width, int(9.5 * len(title)) + 20)  # room for the title when T is small
    left = (width - graph_width) / 2  # the graph centred under the title

    def px(xy):
        return left + (xy[0] - xs.min() + 0.6) * SX, (ys.max() - xy[1] + 0.5) * SY + 30

    colours = sorted({e["colour"] for e in graph["edges"]})
    arrow = drawing_id(graph, title) + "-arrow"  # the markers' ids: "<arrow>-<k>" for colour k
    markers = "".join(
        f'<marker id="{arrow}-{i}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        f'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{readable(c, ratio=3.0)}"/></marker>'
        for i, c in enumerate(colours))
    # viewBox + max-width: a wide graph (large T) shrinks to fit the notebook instead of scrolling sideways
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" style="max-width:100%;height:auto;background:{CARD}" '
             f'font-family="sans-serif" font-size="17" fill="{INK}"><title>{html.escape(describe_graph(graph))}</title>'
             f'<defs>{markers}</defs>',
             f'<text x="{width / 2:.0f}" y="20" text-anchor="middle" font-size="17">{html.escape(title)}</text>']
    shared = graph.get("shared", True)
    for e in graph["edges"]:
        (x0, y0), (x1, y1) = px(graph["nodes"][e["from"]]), px(graph["nodes"][e["to"]])
        horizontal = abs(y1 - y0) < 1
        gap = 24 if horizontal else 17  # stop at the node's box, not its centre
        d = np.array([x1 - x0, y1 - y0]) / np.hypot(x1 - x0, y1 - y0)
        (ax, ay), (bx, by) = np.array([x0, y0]) + gap * d, np.array([x1, y1]) - (gap + 2) * d
        k = colours.index(e["colour"])
        # darkened just enough to be seen on the white card: lines 3:1, their labels 4.5:1 (html.readable)
        parts.append(f'<line x1="{ax:.1f}" y1="{ay:.1f}" x2="{bx:.1f}" y2="{by:.1f}" '
                     f'stroke="{readable(e["colour"], ratio=3.0)}" '
                     f'stroke-width="2.5" marker-end="url(#{arrow}-{k})" data-weight="{e["weight"]}" '
                     f'data-step="{e["step"]}"/>')
        lx, ly = ((ax + bx) / 2, (ay + by) / 2 - 11) if horizontal else ((ax + bx) / 2 + 6, (ay + by) / 2 + 5)
        parts.append(f'<text x="{lx:.1f}" y="{ly:.1f}" fill="{readable(e["colour"])}" font-size="15" '
                     f'text-anchor="{"middle" if horizontal else "start"}">'
                     f'{_math(e["weight"], None if shared else e["step"])}</text>')
    for name, xy in graph["nodes"].items():
        x, y = px(xy)
        fill = {"x": "#f2f2f2", "h": "#fde9c9", "y": "#dcefe6"}[name[0]]
        parts.append(f'<rect x="{x - 20:.1f}" y="{y - 15:.1f}" width="40" height="30" rx="7" fill="{fill}" '
                     f'stroke="#444" stroke-width="1.3"/>'
                     f'<text x="{x:.1f}" y="{y + 5:.1f}" text-anchor="middle">{_math(name)}</text>')
    parts.append("</svg>")
    return "".join(parts)

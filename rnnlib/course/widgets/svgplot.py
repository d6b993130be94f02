"""Every widget: line and bar plots as SVG strings, for widget views that redraw on every click or slider move.

A matplotlib redraw plus PNG encoding takes 100+ ms here; these strings take about a millisecond to
build, stay sharp when projected and need no image round trip. Axes have fixed limits chosen by the
caller, so the eye can compare one setting with the next. Lines use the Okabe-Ito colour-blind-safe
palette. No ipywidgets import: state classes and tests use this freely.
"""
import html
import re

import numpy as np

from .html import CARD, INK, NOW, readable

BLUE, ORANGE, GREY, GREEN = "#0072B2", "#E69F00", "#6f6f6f", "#009E73"  # Okabe-Ito
_DASHES = {"solid": "", "dashed": ' stroke-dasharray="8 5"', "dotted": ' stroke-dasharray="2 4"'}
_LEFT, _RIGHT, _TOP, _BOTTOM = 78, 16, 42, 52  # margins in pixels (top: room for the title above a 10^n label)


def sub(text):
    """SVG text for a subscript inside a label or legend (trusted); the text after it is back on the line
    (a zero-width space carries the shift back)."""
    return f"<tspan dy='4' font-size='11'>{text}</tspan><tspan dy='-4'>&#8203;</tspan>"


def sup(text):
    """SVG text for a superscript, back on the line after it, as `sub`."""
    return f"<tspan dy='-7' font-size='11'>{text}</tspan><tspan dy='7'>&#8203;</tspan>"


def plain(text):
    """Trusted SVG text (a label with <tspan> sub/superscripts) as plain words: 'dh<tspan ...>T</tspan>' -> 'dhT'."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", text)).replace("\u200b", "").split())


def _open(width, height, description):
    """The <svg> start tag of a plot: role="img", a <title> saying what it shows, its own white background and
    dark text (readable in light and dark themes: see html.py)."""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
            f'font-family="sans-serif" font-size="15" fill="{INK}" style="background:{CARD}">'
            f'<title>{html.escape(description)}</title>')


def _stroke(series):
    """A series' line colour, darkened just enough to be seen on the white card (3:1; Okabe-Ito orange is 2:1)."""
    return readable(series.get("colour", BLUE), ratio=3.0)


class _Frame:
    """Maps data coordinates to pixels inside the plot area (y on a log10 scale when log_y)."""

    def __init__(self, xlim, ylim, width, height, log_y):
        self.x0, self.x1 = xlim
        self.log_y = log_y
        self.y0, self.y1 = (np.log10(ylim[0]), np.log10(ylim[1])) if log_y else ylim
        self.width, self.height = width, height
        self.w, self.h = width - _LEFT - _RIGHT, height - _TOP - _BOTTOM

    def px(self, x, y):
        """Pixel coordinates of data points; y is clipped to the axis range (clipped points sit on the edge)."""
        y = np.asarray(y, dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            v = np.log10(np.where(y > 0, y, np.nan)) if self.log_y else y
        v = np.clip(np.nan_to_num(v, nan=self.y0 - 1, posinf=self.y1, neginf=self.y0 - 1), self.y0, self.y1)
        span = (self.x1 - self.x0) or 1.0
        return (_LEFT + (np.asarray(x, dtype=float) - self.x0) / span * self.w,
                _TOP + (self.y1 - v) / (self.y1 - self.y0) * self.h)


def _axes(frame, title, xlabel, ylabel, xticks):
    parts = [f'<rect x="{_LEFT}" y="{_TOP}" width="{frame.w}" height="{frame.h}" fill="#fff" stroke="#444"/>',
             f'<text x="{frame.width / 2:.0f}" y="22" text-anchor="middle" font-size="17">{html.escape(title)}</text>',
             f'<text x="{_LEFT + frame.w / 2:.0f}" y="{frame.height - 10}" text-anchor="middle">{xlabel}</text>',
             f'<text transform="translate(18,{_TOP + frame.h / 2:.0f}) rotate(-90)" '
             f'text-anchor="middle">{ylabel}</text>']
    if frame.log_y:
        step = max(1, int(np.ceil((frame.y1 - frame.y0) / 6)))
        for e in range(int(np.ceil(frame.y0)), int(np.floor(frame.y1)) + 1, step):
            _, y = frame.px(0, 10.0 ** e)
            parts.append(f'<line x1="{_LEFT}" x2="{_LEFT + frame.w}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>'
                         f'<text x="{_LEFT - 6}" y="{y + 5:.1f}" text-anchor="end" font-size="14">10{sup(e)}</text>')
    else:
        for v in np.linspace(frame.y0, frame.y1, 5):
            _, y = frame.px(0, v)
            parts.append(f'<line x1="{_LEFT}" x2="{_LEFT + frame.w}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>'
                         f'<text x="{_LEFT - 6}" y="{y + 5:.1f}" text-anchor="end" font-size="14">{v:.3g}</text>')
    for v in xticks:
        x, _ = frame.px(v, frame.y1)
        parts.append(f'<text x="{x:.1f}" y="{_TOP + frame.h + 19}" text-anchor="middle" font-size="14">{v:g}</text>')
    return parts


def _ticks(x0, x1, most=8):
    """Round tick positions between x0 and x1 (at most `most`)."""
    span = max(x1 - x0, 1)
    step = next(s for s in (1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000) if span / s <= most)
    return np.arange(np.ceil(x0 / step) * step, x1 + 1e-9, step)


def _legend_corner(frame, lines, box_w, box_h):
    """Where the legend goes: the corner of the plot area whose legend-sized box holds the fewest points of the
    lines (sampled 4x finer than given), upper left on a tie. Returns (name, x, y) of the box's top-left pixel."""
    xs, ys = [], []
    for px, py in lines:
        fine = np.linspace(0, len(px) - 1, 4 * len(px))
        xs.append(np.interp(fine, np.arange(len(px)), px))
        ys.append(np.interp(fine, np.arange(len(py)), py))
    xs, ys = np.concatenate(xs), np.concatenate(ys)
    left, right = _LEFT + 4, _LEFT + frame.w - box_w - 4
    top, bottom = _TOP + 4, _TOP + frame.h - box_h - 4
    corners = [("upper left", left, top), ("lower left", left, bottom), ("upper right", right, top),
               ("lower right", right, bottom)]
    covered = [np.count_nonzero((xs >= x) & (xs <= x + box_w) & (ys >= y) & (ys <= y + box_h)) for _, x, y in corners]
    return corners[int(np.argmin(covered))]


def line_plot(x, series, *, xlim, ylim, log_y=False, title="", xlabel="", ylabel="", width=620, height=340):
    """A line plot with fixed axes and a legend, put in the corner where it hides the least of the lines.

    Args:
        x: (N,) x values shared by all series.
        series: list of dicts {"name": legend text, "y": (N,) values, "colour": hex, "dash": "solid" |
            "dashed" | "dotted"}; values outside ylim are drawn on the edge (log axis: values <= 0 too).
        xlim, ylim: fixed axis limits; log_y: log10 y axis (ylim must be positive).
        title: plain text (escaped); xlabel, ylabel, and the series' names: trusted SVG text (may hold <tspan>
            sub/superscripts).
    Returns:
        an SVG string; each line is a <polyline> with a data-name attribute, and the legend a <g> whose
        data-corner attribute names its corner (for tests).
    """
    frame = _Frame(xlim, ylim, width, height, log_y)
    description = (f"Line plot{': ' + title if title else ''}. {plain(ylabel) or 'y'}"
                   f"{' (log scale)' if log_y else ''} from {ylim[0]:g} to {ylim[1]:g} against "
                   f"{plain(xlabel) or 'x'} from {xlim[0]:g} to {xlim[1]:g}; lines: "
                   + "; ".join(plain(s["name"]) for s in series) + ".")
    parts = [_open(width, height, description)] + _axes(frame, title, xlabel, ylabel, _ticks(*xlim))
    lines = [frame.px(x, s["y"]) for s in series]
    for s, (px, py) in zip(series, lines):
        points = " ".join(f"{a:.1f},{b:.1f}" for a, b in zip(px, py))
        parts.append(f'<polyline data-name="{html.escape(s["name"])}" points="{points}" fill="none" '
                     f'stroke="{_stroke(s)}" stroke-width="3"{_DASHES[s.get("dash", "solid")]}/>')
    chars = max(len(html.unescape(re.sub(r"<[^>]+>", "", s["name"]))) for s in series)
    box_w, box_h = 46 + 7.2 * chars, 20 * len(series) + 6  # 7.2 px: an average character at 14 px, a little wide
    corner, x0, y0 = _legend_corner(frame, lines, box_w, box_h)
    parts.append(f'<g data-corner="{corner}"><rect x="{x0:.1f}" y="{y0:.1f}" width="{box_w:.1f}" height="{box_h}" '
                 f'fill="#fff" fill-opacity="0.85"/>')
    for k, s in enumerate(series):
        ly = y0 + 12 + 20 * k
        parts.append(f'<line x1="{x0 + 6:.1f}" x2="{x0 + 36:.1f}" y1="{ly:.1f}" y2="{ly:.1f}" '
                     f'stroke="{_stroke(s)}" stroke-width="3"{_DASHES[s.get("dash", "solid")]}/>'
                     f'<text x="{x0 + 42:.1f}" y="{ly + 5:.1f}" font-size="14">{s["name"]}</text>')
    parts.append("</g></svg>")
    return "".join(parts)


def bar_plot(values, labels, *, ymax, highlight=None, shown=None, title="", xlabel="", ylabel="", width=620,
             height=230):
    """Bars on a fixed linear scale [0, ymax], one per label; the `highlight` bar is outlined.

    Args:
        values: (N,) non-negative numbers; labels: N tick labels (escaped); ymax: top of the axis;
        highlight: index of the bar to outline, or None; shown: a boolean (N,) mask of bars to fill
            (the others are drawn as empty outlines: "not computed yet"); xlabel, ylabel: trusted HTML.
    Returns:
        an SVG string; each bar is a <rect> with data-index and data-value attributes.
    """
    values = np.asarray(values, dtype=float)
    n = len(values)
    shown = np.ones(n, bool) if shown is None else np.asarray(shown, bool)
    frame = _Frame((0, n), (0.0, ymax), width, height, False)
    description = (f"Bar chart{': ' + title if title else ''}. {plain(ylabel) or 'value'} from 0 to {ymax:g}, "
                   f"one bar per {plain(xlabel) or 'label'}: "
                   + ", ".join(f"{lab} {v:.3g}" if ok else f"{lab} not computed yet"
                               for lab, v, ok in zip(labels, values, shown))
                   + (f"; bar {labels[highlight]} highlighted" if highlight is not None else "") + ".")
    parts = [_open(width, height, description)] + _axes(frame, title, xlabel, ylabel, [])
    bar = frame.w / max(n, 1)
    _, base = frame.px(0, 0.0)
    for i, (v, lab) in enumerate(zip(values, labels)):
        x0, top = frame.px(i + 0.15, v)
        if shown[i]:
            fill = NOW if i == highlight else BLUE
            stroke = ' stroke="#000" stroke-width="2.5"' if i == highlight else ""
            parts.append(f'<rect data-index="{i}" data-value="{v:.6g}" x="{x0:.1f}" y="{top:.1f}" '
                         f'width="{0.7 * bar:.1f}" height="{base - top:.1f}" fill="{fill}"{stroke}/>')
        else:  # not computed yet: an empty dashed slot
            parts.append(f'<rect data-index="{i}" data-value="nan" x="{x0:.1f}" y="{_TOP + frame.h - 12:.1f}" '
                         f'width="{0.7 * bar:.1f}" height="12" fill="none" stroke="#888" stroke-dasharray="3 3"/>')
        parts.append(f'<text x="{x0 + 0.35 * bar:.1f}" y="{_TOP + frame.h + 19}" text-anchor="middle" '
                     f'font-size="14">{html.escape(str(lab))}</text>')
    parts.append("</svg>")
    return "".join(parts)

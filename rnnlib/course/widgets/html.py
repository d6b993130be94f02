"""Every widget: HTML drawing for widget views: vectors as columns of coloured cells, with the number in each cell.

Why HTML and not matplotlib: redrawing even a small matplotlib figure and encoding it as PNG took
150-400 ms here, too slow for a widget that must answer at once; these strings take well under a
millisecond to build, stay sharp on a projector, and use the same colour-blind-safe colormaps through a
lookup table computed once. No ipywidgets import here: the state classes and tests can use it freely.

Light and dark themes: every drawing is a light card. `page` wraps a widget's drawing in a white box with
its own text colour, and every SVG (svg.py, svgplot.py) paints its own white background and dark text.
Why a card and not JupyterLab's CSS variables (--jp-content-font-color1, --jp-layout-color1, ...):
most of what these drawings show is colour that carries a value (RdBu_r, viridis and cividis cells with
black or white numbers on them, Okabe-Ito lines and weights) and those colours were chosen, and are
checked, against white; on JupyterLab Dark's near-black they would need a second palette. A card
looks the same in JupyterLab Light and Dark, VS Code, nbviewer and a browser without JupyterLab's
variables, and it matches the matplotlib figures, which are PNGs with their own white background. The
controls around a drawing (ipywidgets' sliders, buttons, labels) follow the theme, as JupyterLab draws them.
Text colours are chosen by WCAG 2 contrast (rnnlib/course/colours.py), never by eye: at least 4.5:1 on their
background; the browser tests measure every text item of every output in both themes.
"""
import base64
import functools
import html
import struct
import zlib

import numpy as np
from matplotlib import colormaps

from ..colours import CARD, INK, MUTED, contrast, luminance, readable, text_on  # noqa: F401 (widgets use them here)

NOW = "#ffd866"  # where a widget is now: the tape's current box, the BPTT walker's current bar (with a black edge)

_LUT = {}


def _lut(cmap):
    """256 hex colours of a matplotlib colormap, computed once per name."""
    if cmap not in _LUT:
        rgba = colormaps[cmap](np.linspace(0.0, 1.0, 256))
        _LUT[cmap] = ["#%02x%02x%02x" % tuple(int(round(255 * c)) for c in row[:3]) for row in rgba]
    return _LUT[cmap]


def _levels(values, vmin, vmax):
    """Each value's row 0..255 in a lookup table on the fixed scale [vmin, vmax] (values outside are clipped)."""
    v = np.asarray(values, dtype=float).ravel()
    return np.clip(np.round((v - vmin) / (vmax - vmin) * 255), 0, 255).astype(int)


def colours(values, vmin, vmax, cmap):
    """Hex colours for `values` on the fixed scale [vmin, vmax] (values outside are clipped)."""
    lut = _lut(cmap)
    return [lut[i] for i in _levels(values, vmin, vmax)]


def _text_colour(hex_colour):
    """Black or white, whichever contrasts more with the cell colour (at least 4.58:1 for any colour)."""
    return text_on(hex_colour)


def vector(label, values, *, vmin=-1.0, vmax=1.0, cmap="RdBu_r", fmt="{:+.2f}", title=""):
    """One vector drawn as a column of cells (the column vector of the maths), its label on top.

    Args:
        label: HTML for the symbol, e.g. "h<sub>t</sub>" (trusted: written by rnnlib, not the learner).
        values: (N,) numbers; vmin, vmax: the fixed colour scale; cmap: a matplotlib colormap name.
        title: tooltip text.
    Returns:
        an HTML string.
    """
    values = np.asarray(values, dtype=float).ravel()
    cells = "".join(
        f'<div class="rl-cell" style="background:{c};color:{_text_colour(c)}">{fmt.format(v)}</div>'
        for v, c in zip(values, colours(values, vmin, vmax, cmap))
    )
    tip = f' title="{html.escape(title)}"' if title else ""
    return f'<div class="rl-vector"{tip}><div class="rl-label">{label}</div>{cells}</div>'


def colour_bar(vmin, vmax, cmap, caption=""):
    """A horizontal colour bar for the fixed scale [vmin, vmax]; `caption` is HTML (trusted), like a label."""
    stops = ", ".join(colours(np.linspace(vmin, vmax, 11), vmin, vmax, cmap))
    return (f'<div class="rl-colourbar"><span>{_signed(vmin)}</span>'
            f'<div class="rl-gradient" style="background:linear-gradient(to right, {stops})"></div>'
            f'<span>{_signed(vmax)}</span> <span class="rl-caption">{caption}</span></div>')


def _signed(v):
    """A scale end for a colour bar: +2, -0.5, and plain 0."""
    return f"{v:+g}" if v else "0"


def row(*parts, operator=""):
    """Lay HTML parts side by side, optionally with an operator sign ("+", "=", "->") between them."""
    sep = f'<div class="rl-op">{operator}</div>' if operator else ""
    return f'<div class="rl-row">{sep.join(parts)}</div>'


def strip(label, values, symbols, *, vmin=0.0, vmax=1.0, cmap="viridis", fmt="{:.2f}"):
    """A vector over named symbols laid out left to right, each cell under its symbol (e.g. a one-hot x_t,
    or next-letter probabilities); the value shows as a tooltip, the cells are too narrow for numbers.

    Args:
        label: HTML for the symbol, e.g. "x<sub>t</sub>" (trusted); values: (V,) numbers;
        symbols: V names (characters), escaped here; vmin, vmax, cmap: the fixed colour scale.
    """
    values = np.asarray(values, dtype=float).ravel()
    cells = "".join(
        f'<div class="rl-sym" title="{html.escape(repr(s))}: {fmt.format(v)}"><div>{html.escape(_visible(s))}</div>'
        f'<div class="rl-dot" style="background:{c}"></div></div>'
        for s, v, c in zip(symbols, values, colours(values, vmin, vmax, cmap))
    )
    return f'<div class="rl-strip"><div class="rl-label">{label}</div>{cells}</div>'


def _visible(symbol):
    """A printable stand-in for a space, so it has a visible cell label."""
    return "\u2423" if symbol == " " else symbol


# A grid's cells: 12 x 9 pixels, 2 pixels apart across and 1 down (a column every 14 px, a row every 10 px).
GRID_PITCH = (10, 14)
GRID_BLANK = (0xEE, 0xEE, 0xEE)  # a cell not filled yet


def grid(label, matrix, column_labels, *, vmin=-1.0, vmax=1.0, cmap="RdBu_r", filled=None):
    """A matrix as a grid of small coloured cells, one column per label (e.g. h_1..h_T over time).

    The cells are one PNG image with one pixel per cell, shown GRID_PITCH times larger without smoothing, and
    the white gaps between them are drawn over it by CSS (.rl-grid-gaps). One HTML element per cell was 800
    elements for a 16 x 50 grid: 80 % of the gate inspector's HTML, and half of the time Chromium took to lay
    out each of its steps.

    Args:
        label: HTML caption (trusted); matrix: (R, C) numbers; column_labels: C strings (escaped);
        filled: draw only the first `filled` columns in colour, the rest blank (default: all).
    """
    matrix = np.asarray(matrix, dtype=float)
    rows, cols = matrix.shape
    filled = cols if filled is None else filled
    cells = np.empty((rows, cols, 3), dtype=np.uint8)
    cells[:] = GRID_BLANK
    cells[:, :filled] = _lut_rgb(cmap)[_levels(matrix[:, :filled], vmin, vmax)].reshape(rows, filled, 3)
    names = "".join(f'<div class="rl-col">{html.escape(_visible(name))}</div>' for name in column_labels)
    alt = f"{rows} rows by {cols} columns of coloured cells, the first {filled} columns filled"
    height, width = rows * GRID_PITCH[0], cols * GRID_PITCH[1]  # a whole number of pixels per cell
    return (f'<div class="rl-grid"><div class="rl-label">{label}</div><div class="rl-grid-row">{names}</div>'
            f'<div class="rl-grid-cells"><img alt="{alt}" width="{width}" height="{height}" '
            f'src="data:image/png;base64,{base64.b64encode(png(cells)).decode()}">'
            f'<div class="rl-grid-gaps"></div></div></div>')


@functools.lru_cache(maxsize=None)
def _lut_rgb(cmap):
    """The 256 colours of `_lut(cmap)` as a (256, 3) array of bytes."""
    return np.frombuffer(b"".join(bytes.fromhex(c[1:]) for c in _lut(cmap)), dtype=np.uint8).reshape(256, 3)


def png(image):
    """The bytes of a PNG file showing `image`, an (H, W, 3) array of bytes (RGB): the signature, then the
    header, data and end chunks (each: length, type, data, CRC-32), rows unfiltered, compressed with zlib."""
    height, width, _ = image.shape
    rows = np.concatenate([np.zeros((height, 1), dtype=np.uint8), image.reshape(height, width * 3)], axis=1)

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8 bits per channel, RGB, no interlace
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows.tobytes()))
            + chunk(b"IEND", b""))


def aside(text):
    """Secondary HTML inside a label (which is bold): normal weight, a little smaller."""
    return f'<span style="font-weight:normal;font-size:15px">{text}</span>'


def quoted(symbol):
    """A symbol in quotes, escaped for HTML: 'a', or ' ' for a space."""
    return html.escape(repr(symbol))


def tape(symbols, current):
    """A sequence as a row of boxes with box `current` (0-based) highlighted: where the stepper is."""
    boxes = "".join(f'<span class="rl-tape-cell{" rl-now" if i == current else ""}">{html.escape(_visible(s))}</span>'
                    for i, s in enumerate(symbols))
    return f'<div class="rl-tape">{boxes}</div>'


def matrix(label, values, *, vmin=-1.0, vmax=1.0, cmap="RdBu_r", fmt="{:+.2f}", title=""):
    """A small matrix drawn as rows of numbered cells (the cells of `vector`), its label on top.

    Args:
        label: HTML for the symbol (trusted); values: (R, C) numbers; vmin, vmax, cmap: the fixed colour
            scale; title: tooltip text.
    """
    values = np.atleast_2d(np.asarray(values, dtype=float))
    fills = colours(values, vmin, vmax, cmap)
    C = values.shape[1]
    rows = "".join(
        '<div class="rl-mrow">' + "".join(
            f'<div class="rl-cell" style="background:{c};color:{_text_colour(c)}">{fmt.format(v)}</div>'
            for v, c in zip(r, fills[i * C:(i + 1) * C])) + "</div>"
        for i, r in enumerate(values))
    tip = f' title="{html.escape(title)}"' if title else ""
    return f'<div class="rl-vector"{tip}><div class="rl-label">{label}</div>{rows}</div>'


def message(text, kind="error", *, escape=True):
    """A visible message box for the learner. `text` is escaped, since it may contain the learner's input;
    escape=False is for the widgets' own HTML (trusted), such as an explanation with subscripts."""
    return f'<div class="rl-message rl-{kind}">{html.escape(text) if escape else text}</div>'


def page(*parts):
    """Wrap parts with the shared stylesheet in a light card (see the module docstring: readable in light and
    dark themes alike); large fonts so a projected widget stays readable."""
    return STYLE + '<div class="rl-card">' + "".join(parts) + "</div>"


STYLE = """<style>
.rl-card{background:#ffffff;color:#1a1a1a;color-scheme:light;padding:4px 6px;border-radius:4px;width:fit-content;
max-width:100%;box-sizing:border-box}
.rl-row{display:flex;align-items:center;gap:10px;flex-wrap:wrap;font-family:sans-serif}
.rl-vector{display:flex;flex-direction:column;align-items:center}
.rl-label{font-size:17px;font-weight:bold;margin-bottom:3px;white-space:nowrap}
.rl-cell{width:56px;height:21px;line-height:21px;font-size:14px;text-align:center;font-family:monospace;
border-bottom:1px solid rgba(255,255,255,.35)}
.rl-op{font-size:24px;font-weight:bold;padding:0 2px}
.rl-colourbar{display:flex;flex-wrap:wrap;align-items:center;gap:6px;font-size:14px;margin:6px 28px 6px 0;font-family:sans-serif}
.rl-gradient{width:220px;height:14px;border:1px solid #888}
.rl-caption{color:#595959}
.rl-message{font-size:16px;padding:6px 10px;margin:4px 0;border-left:6px solid;font-family:sans-serif}
.rl-error{border-color:#b35900;background:#fff3e0;color:#5a2d00}
.rl-info{border-color:#1f6feb;background:#eef4ff;color:#0b2e6b}
.rl-strip{display:flex;flex-wrap:wrap;align-items:flex-end;gap:1px;font-family:monospace;font-size:15px;margin:4px 0}
.rl-strip .rl-label{margin-right:8px;font-family:sans-serif}
.rl-sym{display:flex;flex-direction:column;align-items:center;width:21px}
.rl-dot{width:19px;height:19px;border:1px solid #999}
.rl-grid{display:flex;flex-direction:column;font-family:monospace;font-size:13px}
.rl-grid .rl-label{font-family:sans-serif}
.rl-grid-row{display:flex}
.rl-col{width:14px;text-align:center}
.rl-grid-cells{position:relative;margin-top:1px;line-height:0}
.rl-grid-cells img{image-rendering:pixelated;object-fit:fill;object-position:0 0}
.rl-grid-gaps{position:absolute;inset:0;background:repeating-linear-gradient(to right,#fff 0 1px,transparent 1px 13px,
#fff 13px 14px),repeating-linear-gradient(to bottom,transparent 0 9px,#fff 9px 10px)}
.rl-tape{display:flex;flex-wrap:wrap;row-gap:2px;font-family:monospace;font-size:22px;margin:4px 0}
.rl-tape-cell{display:inline-block;min-width:22px;text-align:center;border:1px solid #bbb;margin-right:2px;padding:0 3px}
.rl-now{background:""" + NOW + """;border:2px solid #000;font-weight:bold}
.rl-mrow{display:flex;gap:1px}
</style>"""

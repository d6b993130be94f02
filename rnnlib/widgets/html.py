"""HTML drawing for widget views: vectors as columns of coloured cells, with the number in each cell.

Why HTML and not matplotlib: redrawing even a small matplotlib figure and encoding it as PNG took
150-400 ms here, too slow for a widget that must answer at once; these strings take well under a
millisecond to build, stay sharp on a projector, and use the same colour-blind-safe colormaps through a
lookup table computed once. No ipywidgets import here: the state classes and tests can use it freely.
"""
import html

import numpy as np
from matplotlib import colormaps

_LUT = {}


def _lut(cmap):
    """256 hex colours of a matplotlib colormap, computed once per name."""
    if cmap not in _LUT:
        rgba = colormaps[cmap](np.linspace(0.0, 1.0, 256))
        _LUT[cmap] = ["#%02x%02x%02x" % tuple(int(round(255 * c)) for c in row[:3]) for row in rgba]
    return _LUT[cmap]


def colours(values, vmin, vmax, cmap):
    """Hex colours for `values` on the fixed scale [vmin, vmax] (values outside are clipped)."""
    lut = _lut(cmap)
    v = np.asarray(values, dtype=float).ravel()
    k = np.clip(np.round((v - vmin) / (vmax - vmin) * 255), 0, 255).astype(int)
    return [lut[i] for i in k]


def _text_colour(hex_colour):
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#000" if 0.299 * r + 0.587 * g + 0.114 * b > 140 else "#fff"


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
    """A horizontal colour bar for the fixed scale [vmin, vmax]."""
    stops = ", ".join(colours(np.linspace(vmin, vmax, 11), vmin, vmax, cmap))
    return (f'<div class="rl-colourbar"><span>{vmin:+g}</span>'
            f'<div class="rl-gradient" style="background:linear-gradient(to right, {stops})"></div>'
            f'<span>{vmax:+g}</span> <span class="rl-caption">{html.escape(caption)}</span></div>')


def row(*parts, operator=""):
    """Lay HTML parts side by side, optionally with an operator sign ("+", "=", "->") between them."""
    sep = f'<div class="rl-op">{operator}</div>' if operator else ""
    return f'<div class="rl-row">{sep.join(parts)}</div>'


def message(text, kind="error"):
    """A visible message box for the learner (text is escaped: it may contain the learner's input)."""
    return f'<div class="rl-message rl-{kind}">{html.escape(text)}</div>'


def page(*parts):
    """Wrap parts with the shared stylesheet; large fonts so a projected widget stays readable."""
    return STYLE + "".join(parts)


STYLE = """<style>
.rl-row{display:flex;align-items:center;gap:10px;flex-wrap:wrap;font-family:sans-serif}
.rl-vector{display:flex;flex-direction:column;align-items:center}
.rl-label{font-size:17px;font-weight:bold;margin-bottom:3px;white-space:nowrap}
.rl-cell{width:62px;height:21px;line-height:21px;font-size:14px;text-align:center;font-family:monospace;
border-bottom:1px solid rgba(255,255,255,.35)}
.rl-op{font-size:24px;font-weight:bold;padding:0 2px}
.rl-colourbar{display:flex;align-items:center;gap:6px;font-size:14px;margin:6px 0;font-family:sans-serif}
.rl-gradient{width:220px;height:14px;border:1px solid #888}
.rl-caption{color:#555}
.rl-message{font-size:16px;padding:6px 10px;margin:4px 0;border-left:6px solid;font-family:sans-serif}
.rl-error{border-color:#b35900;background:#fff3e0;color:#5a2d00}
.rl-info{border-color:#1f6feb;background:#eef4ff;color:#0b2e6b}
</style>"""

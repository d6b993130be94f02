"""Every notebook: colours that read, by WCAG 2 contrast: the light card every drawing sits on, its text colours,
and darker shades of the course's palette for text and thin lines on it (rnnlib/course/widgets/html.py says why
every drawing is a light card in both themes). No plotting or widget import: both use it."""
from functools import lru_cache

import numpy as np

CARD = "#ffffff"  # the background of every drawing, in every theme
INK = "#1a1a1a"  # its text: 17.4:1 on the card
MUTED = "#595959"  # secondary text (captions, unit numbers): 7.0:1 on the card, 5.6:1 on the grey of an empty box


def _rgb(hex_colour):
    """'#1a2b3c' or '#abc' -> (26, 43, 60)."""
    h = hex_colour.lstrip("#")
    h = "".join(c * 2 for c in h) if len(h) == 3 else h
    return tuple(int(h[i:i + 2], 16) for i in (0, 2, 4))


def luminance(hex_colour):
    """WCAG 2 relative luminance of an sRGB colour, 0 (black) to 1 (white)."""
    def linear(c):
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (linear(c) for c in _rgb(hex_colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(colour, background):
    """WCAG 2 contrast ratio of two colours, 1 to 21 (AA: 4.5 for text, 3 for large text and lines)."""
    a, b = sorted((luminance(colour), luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def text_on(colour):
    """Black or white, whichever contrasts more with `colour` (a number on a coloured cell: at least 4.58:1)."""
    return "#000" if contrast("#000000", colour) >= contrast("#ffffff", colour) else "#fff"


@lru_cache(maxsize=4096)  # widgets ask for the same few hundred colours at every redraw: 3 ms -> 0.5 ms a diagram
def readable(colour, background=CARD, ratio=4.5):
    """`colour` darkened (mixed with black, the hue kept) just enough to reach `ratio` against a light
    `background`: 4.5 for coloured text, 3 for a line that must be seen. Unchanged if it already does."""
    if contrast(colour, background) >= ratio:
        return colour
    rgb = np.array(_rgb(colour), dtype=float)
    for k in range(1, 101):
        darker = "#%02x%02x%02x" % tuple(int(round(c)) for c in rgb * (1 - k / 100))
        if contrast(darker, background) >= ratio:
            return darker
    return "#000000"

# One colour per gate in every diagram, widget and plot of the course (Okabe-Ito, colour-blind safe), by the
# gate's role: the GRU's update gate z keeps h_{t-1} as the LSTM's forget gate f keeps c_{t-1}, and both
# candidates g and n write, so they share colours. As thin lines or text on the card, pass them through
# readable() (orange and sky blue are 2.2:1 on white).
GATE_COLOURS = {
    "i": "#D55E00",  # input gate: vermillion
    "f": "#0072B2",  # forget gate: blue
    "g": "#009E73",  # candidate: bluish green
    "o": "#CC79A7",  # output gate: reddish purple
    "r": "#E69F00",  # reset gate: orange
    "z": "#0072B2",  # update gate: blue, the colour of the forget gate whose role z_t plays
    "n": "#009E73",  # candidate: bluish green, as g
    "c": "#56B4E9",  # cell state: sky blue
    "h": "#000000",  # hidden state: black
}

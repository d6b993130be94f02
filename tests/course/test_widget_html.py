"""The widgets' HTML grid: one PNG pixel per cell, decoded here and compared with the colour scale."""
import base64
import re
import struct
import zlib

import numpy as np
import pytest

from rnnlib.course.widgets import html


def _decode_png(data):
    """(H, W, 3) bytes of an unfiltered 8-bit RGB PNG, as html.png writes it; checks every chunk's CRC."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, at = {}, 8
    while at < len(data):
        (length,), kind = struct.unpack(">I", data[at:at + 4]), data[at + 4:at + 8]
        body = data[at + 8:at + 8 + length]
        assert struct.unpack(">I", data[at + 8 + length:at + 12 + length])[0] == zlib.crc32(kind + body)
        chunks[kind] = body
        at += 12 + length
    width, height, depth, colour_type = struct.unpack(">IIBB", chunks[b"IHDR"][:10])
    assert (depth, colour_type) == (8, 2) and b"IEND" in chunks
    rows = np.frombuffer(zlib.decompress(chunks[b"IDAT"]), dtype=np.uint8).reshape(height, 1 + 3 * width)
    assert not rows[:, 0].any(), "every row unfiltered (filter byte 0)"
    return rows[:, 1:].reshape(height, width, 3)


def _cells(grid_html):
    return _decode_png(base64.b64decode(re.search(r'src="data:image/png;base64,([^"]+)"', grid_html).group(1)))


@pytest.mark.parametrize("filled", [None, 0, 3])
def test_grid_pixels_are_the_cells_colours_and_blank_after_filled(filled):
    matrix = np.random.default_rng(0).uniform(-1.5, 1.5, size=(4, 6))
    cells = _cells(html.grid("h", matrix, list("abcdef"), filled=filled))
    assert cells.shape == (4, 6, 3)
    shown = 6 if filled is None else filled
    expected = np.array([[bytes.fromhex(c[1:]) for c in html.colours(row[:shown], -1.0, 1.0, "RdBu_r")]
                         for row in matrix], dtype=object)
    for i in range(4):
        for j in range(6):
            want = tuple(expected[i][j]) if j < shown else html.GRID_BLANK
            assert tuple(cells[i, j]) == tuple(want), (i, j)


def test_grid_shows_each_cell_at_the_pitch_under_its_escaped_column_label():
    out = html.grid("h", np.zeros((3, 2)), ["<", " "])
    height, width = (int(v) for v in re.search(r'width="(\d+)" height="(\d+)"', out).groups()[::-1])
    assert (height, width) == (3 * html.GRID_PITCH[0], 2 * html.GRID_PITCH[1])
    assert re.findall(r'<div class="rl-col">(.*?)</div>', out) == ["&lt;", "\u2423"]
    assert 'alt="3 rows by 2 columns of coloured cells, the first 2 columns filled"' in out

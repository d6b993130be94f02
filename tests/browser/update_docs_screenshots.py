#!/usr/bin/env python3
"""Copy one representative screenshot per notebook from the last browser-test run into docs/screenshots/,
and one in JupyterLab Dark (DARK: the gate inspector of notebook 05).

Usage (from the repository root, after `pytest -m browser tests/browser`):
    python tests/browser/update_docs_screenshots.py

The browser tests leave artifacts/screenshots/NN_name.png: the notebook's first widget after it was
driven (or its first figure when it has no widget), in the light theme, and artifacts/screenshots/NN_name-dark/
in the dark one. This writes docs/screenshots/NN_name.png and DARK's picture under MAX_BYTES: unchanged
when it fits, else as a palette PNG, scaled down only if the palette is not enough; and prints the README
line that shows the dark one.
"""
import io
import sys
from pathlib import Path

from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent))
from jlab_server import REPO, notebook_paths  # noqa: E402 (after the path set-up)

MAX_BYTES = 150_000
SOURCE = REPO / "artifacts" / "screenshots"
TARGET = REPO / "docs" / "screenshots"
# the dark-theme picture for the README: (picture of the last run, its name in docs/screenshots/, caption)
DARK = ("05_lstm_gru_gates-dark/rnn-gate-inspector-1.png", "05_lstm_gru_gates-dark.png",
        "05 gate inspector in JupyterLab Dark")


def _png(image):
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def small_png(path):
    """PNG bytes of the image at `path` under MAX_BYTES: as it is if it fits, else with a 256-colour palette
    (colour bars then show steps), scaled by 0.85 until it fits."""
    image = Image.open(path).convert("RGB")
    data = _png(image)
    while len(data) >= MAX_BYTES and image.width >= 300:
        data = _png(image.quantize(colors=256, method=Image.Quantize.MEDIANCUT))
        if len(data) >= MAX_BYTES:
            image = image.resize((int(image.width * 0.85), int(image.height * 0.85)), Image.LANCZOS)
    return data


def main():
    TARGET.mkdir(parents=True, exist_ok=True)
    missing = []
    for notebook in notebook_paths():
        source = SOURCE / f"{notebook.stem}.png"
        if not source.exists():
            missing.append(notebook.name)
            continue
        data = small_png(source)
        (TARGET / source.name).write_bytes(data)
        print(f"{len(data) / 1000:6.1f} kB  docs/screenshots/{source.name}")
    source, name, caption = DARK
    if (SOURCE / source).exists():
        data = small_png(SOURCE / source)
        (TARGET / name).write_bytes(data)
        print(f"{len(data) / 1000:6.1f} kB  docs/screenshots/{name}; the README line that shows it:")
        print(f"![{caption}](docs/screenshots/{name})")
    else:
        missing.append(f"{source} (dark theme)")
    if missing:
        print(f"no screenshot for {', '.join(missing)}: run `pytest -m browser tests/browser` first", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Every notebook's widgets: a Jupyter server extension that sends the kernel's messages to the browser at once.

    python -m rnnlib.course.jupyter_server_extension   # once per environment: the README's set-up command runs it

That writes `etc/jupyter/jupyter_server_config.d/rnnlib.json` in the environment (what a package's wheel would
ship, but an editable install, the README's, installs no such file), and every Jupyter server started from the
environment (JupyterLab, Notebook 7) loads the extension from then on: `jupyter server extension list` shows it.

Why: jupyter_server writes each kernel message to the browser's WebSocket as its own small TCP send and leaves
Nagle's algorithm on (tornado's default). Under Nagle a small send waits until the receiver has acknowledged the
previous one, and the browser's side delays its acknowledgements (by 40 ms on Linux) hoping to add them to a reply.
A widget update is exactly that pattern: the kernel answers a slider's value with a few small messages (busy, the
echo of the value, the drawing, the slider, idle). Measured in JupyterLab here (2026-12, the gate inspector of
notebook 05 on a quiet 2-core machine): while its t slider was dragged, each message after the first of an answer
reached the browser 40-45 ms after the kernel sent it, and each round trip took about 65 ms; with this extension
about 30 ms, and in a notebook holding only that widget the drag's last step went from 134 ms to 68 ms between the
mouse and the screen (timed as the browser tests time it, tests/browser/widget_driving.py).

What it does: the server's kernel WebSocket connection class, whatever it is (jupyter_server's own, or a
gateway's), gets a subclass that turns Nagle off (TCP_NODELAY, tornado's `set_nodelay`) when a connection opens.
Nothing else changes: loaded by the server it touches no file and no other setting (only `enable` below, the command
above, writes the one config file).
"""
import json
import sys
from pathlib import Path

NAME = "rnnlib.course.jupyter_server_extension"


def without_delay(connection_class):
    """A subclass of a kernel WebSocket connection class whose connections turn Nagle's algorithm off."""

    class WithoutDelay(connection_class):
        def connect(self):
            self.websocket_handler.set_nodelay(True)  # the WebSocket is open here: `connect` runs from `open`
            return super().connect()

    WithoutDelay.__name__ = WithoutDelay.__qualname__ = f"{connection_class.__name__}WithoutDelay"
    return WithoutDelay


def _jupyter_server_extension_points():
    return [{"module": NAME}]


def _load_jupyter_server_extension(serverapp):
    settings = serverapp.web_app.settings  # the kernel WebSocket handler reads its connection class from here
    settings["kernel_websocket_connection_class"] = without_delay(settings["kernel_websocket_connection_class"])


def enable(config_dir=None):
    """Write the config file that makes Jupyter servers load this extension into `config_dir`, by default this
    environment's Jupyter config folder `{sys.prefix}/etc/jupyter` (where `pip` puts a wheel's own such file); the
    file's path."""
    folder = Path(config_dir or Path(sys.prefix) / "etc" / "jupyter") / "jupyter_server_config.d"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "rnnlib.json"
    path.write_text(json.dumps({"ServerApp": {"jpserver_extensions": {NAME: True}}}, indent=2) + "\n")
    return path


if __name__ == "__main__":  # python -m rnnlib.course.jupyter_server_extension [CONFIG_DIR]
    print(f"{NAME}: enabled in {enable(sys.argv[1] if len(sys.argv) > 1 else None)} (the next Jupyter server "
          "started from this environment loads it)")

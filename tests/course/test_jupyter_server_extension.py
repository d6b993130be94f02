"""The server extension that turns Nagle's algorithm off on kernel WebSockets (rnnlib/course/jupyter_server_extension.py).
Its effect on a real server is in the browser tests: their JupyterLab must have loaded it (tests/browser/conftest.py),
and their latency table is measured with it."""
import json
import subprocess
import sys
from types import SimpleNamespace

from jupyter_server.extension.config import ExtensionConfigManager
from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection

from rnnlib.course import jupyter_server_extension as ext


class _Handler:
    def __init__(self, calls):
        self.calls = calls

    def set_nodelay(self, value):
        self.calls.append(("set_nodelay", value))


class _Connection:
    def __init__(self, calls):
        self.calls, self.websocket_handler = calls, _Handler(calls)

    def connect(self):
        self.calls.append("connect")
        return "what connect returns"


def test_a_connection_turns_nagle_off_before_it_connects():
    calls = []
    connection = ext.without_delay(_Connection)(calls)
    assert connection.connect() == "what connect returns"
    assert calls == [("set_nodelay", True), "connect"]


def test_loading_wraps_whatever_connection_class_the_server_has():
    server = SimpleNamespace(web_app=SimpleNamespace(settings={
        "kernel_websocket_connection_class": ZMQChannelsWebsocketConnection}))
    ext._load_jupyter_server_extension(server)
    wrapped = server.web_app.settings["kernel_websocket_connection_class"]
    assert issubclass(wrapped, ZMQChannelsWebsocketConnection) and wrapped is not ZMQChannelsWebsocketConnection
    assert wrapped.__name__ == "ZMQChannelsWebsocketConnectionWithoutDelay"  # its config section is still the base's
    assert ext._jupyter_server_extension_points() == [{"module": ext.NAME}]


def test_enable_writes_the_config_a_jupyter_server_reads(tmp_path):
    path = ext.enable(tmp_path)
    assert path == tmp_path / "jupyter_server_config.d" / "rnnlib.json"
    assert ExtensionConfigManager(read_config_path=[str(tmp_path)]).get_jpserver_extensions() == {ext.NAME: True}
    ext.enable(tmp_path)  # again: the same file, not a second entry
    assert json.loads(path.read_text()) == {"ServerApp": {"jpserver_extensions": {ext.NAME: True}}}


def test_the_readme_command_enables_it(tmp_path):
    # the README's `python -m rnnlib.course.jupyter_server_extension`, given a folder instead of this environment's
    out = subprocess.run([sys.executable, "-m", ext.NAME, str(tmp_path)], capture_output=True, text=True, check=True)
    assert str(tmp_path / "jupyter_server_config.d" / "rnnlib.json") in out.stdout and out.stderr == ""
    assert ExtensionConfigManager(read_config_path=[str(tmp_path)]).get_jpserver_extensions() == {ext.NAME: True}

"""A private JupyterLab server and a headless Chromium for the browser tests.

JupyterLab is started from the Python that runs pytest (so the kernel is this virtualenv's Python) on
127.0.0.1, a free port and a random token, serving a temporary COPY of the notebooks folder: nothing the
browser does (running cells, saving) can change the repository. Settings, workspaces and runtime files
live in the same temporary folder; news, update checks, toasts and autosave are off there.

Processes are stopped by their own ids: the server through its shutdown API (then SIGTERM if needed);
what it or Playwright's driver started (kernels, Chromium's helpers) is recorded from the process tree
while running, Chromium's crash handlers (which leave the tree) by our temporary folder in their command
line, and whatever of these is still there at the end is ended one by one.
"""
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS_ENV = "RNN_COURSE_NOTEBOOKS"
CHROMIUM_ENV = "RNN_COURSE_CHROMIUM"
VIEWPORT = {"width": 1280, "height": 1000}  # a projector-sized window (JupyterLab's file browser stays open)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

# The themes every notebook is tested in: test id suffix -> JupyterLab's theme name, in the order a run
# meets them (it opens in the first; the page is then switched to the next, see test_notebooks_in_jupyterlab.py).
THEMES = {"dark": "JupyterLab Dark", "light": "JupyterLab Light"}

# JupyterLab user settings written into the temporary settings folder (one file per plugin).
LAB_SETTINGS = {
    # no "Jupyter news" toast, no update check (no request leaves the machine), no toasts over the page
    "@jupyterlab/apputils-extension/notification": {
        "fetchNews": "false", "checkForUpdates": False, "doNotDisturbMode": True},
    # autosave off: the copy under test stays as it was opened until the test saves it itself
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    # JupyterLab's default windowing, what a learner has: every cell in the DOM, each offscreen one not rendered
    # (content-visibility: auto); the widget latency is measured as learners meet it. ("none" renders every cell:
    # there the t slider's mouseup handler in notebook 05 forced a layout of the whole notebook, 42 ms.) And never
    # a "Select Kernel" dialog.
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "contentVisibility", "autoStartDefaultKernel": True},
}


def notebooks_dir():
    """The folder of notebooks under test: $RNN_COURSE_NOTEBOOKS, else the repository's notebooks/."""
    return Path(os.environ.get(NOTEBOOKS_ENV) or REPO / "notebooks")


def notebook_paths():
    """Every course notebook `NN_name.ipynb` in that folder (read when the tests are collected)."""
    return sorted(notebooks_dir().glob("[0-9][0-9]_*.ipynb"))


def find_chromium():
    """Path of the Chromium to drive: $RNN_COURSE_CHROMIUM, else `chromium` on PATH; None if neither."""
    configured = os.environ.get(CHROMIUM_ENV)
    if configured:
        return configured if os.access(configured, os.X_OK) else None
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_time(pid):
    """Start time of a process in clock ticks (field 22 of /proc/PID/stat), or None if it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat.rsplit(")", 1)[1].split()[19])


def descendants(pid):
    """[(pid, start_time)] of every live descendant of `pid` (Linux /proc)."""
    children = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            started = _start_time(child)
            if started is not None:
                found.append((child, started))
                todo.append(child)
    return found


def mentioning(text):
    """[(pid, start_time)] of live processes whose command line contains `text` (e.g. our temp folder)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes().decode(errors="replace")
            except OSError:
                continue
            started = _start_time(int(entry.name))
            if text in cmdline and started is not None and int(entry.name) != os.getpid():
                found.append((int(entry.name), started))
    return found


def still_running(process):
    """Whether the recorded (pid, start_time) is still that same process (not a reused pid)."""
    return _start_time(process[0]) == process[1]


def end_processes(recorded, grace=5.0):
    """SIGTERM, then SIGKILL after `grace` s, each recorded (pid, start_time) still alive as the same process."""
    alive = lambda: [p for p in recorded if still_running(p)]  # noqa: E731
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for pid, _ in alive():
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + grace
        while alive() and time.monotonic() < deadline:
            time.sleep(0.05)
    return [p for p, _ in alive()]


class JupyterLab:
    """A JupyterLab server on 127.0.0.1 serving a temporary copy of `notebooks_dir` as `<root>/notebooks`."""

    def __init__(self, notebooks_dir, workdir):
        self.workdir = Path(workdir)
        self.root = self.workdir / "root"
        self.notebooks = self.root / "notebooks"
        self.port = _free_port()
        self.token = secrets.token_hex(24)
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = self.workdir / "jupyterlab.log"
        self.process = None
        notebooks_dir = Path(notebooks_dir).resolve()
        shutil.copytree(notebooks_dir, self.notebooks,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
        # Relative paths such as ../data keep working: link the repository's other top-level entries.
        for sibling in notebooks_dir.parent.iterdir():
            if not sibling.name.startswith(".") and sibling.name not in ("notebooks", "artifacts"):
                (self.root / sibling.name).symlink_to(sibling)

    def start(self, timeout=90):
        settings = self.workdir / "lab-settings"
        for plugin, values in LAB_SETTINGS.items():
            path = settings / f"{plugin}.jupyterlab-settings"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values))
        env = dict(os.environ)
        # nothing from the user's folders: no kernel spec in ~/.local/share/jupyter can shadow this Python's
        for var, sub in (("JUPYTER_RUNTIME_DIR", "runtime"), ("JUPYTER_CONFIG_DIR", "config"),
                         ("JUPYTER_DATA_DIR", "data"), ("IPYTHONDIR", "ipython")):
            env[var] = str(self.workdir / sub)
        env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"  # no debugger warning on the kernel's stderr
        cmd = [sys.executable, "-m", "jupyterlab", "--no-browser",
               "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={self.port}", "--ServerApp.port_retries=0",
               f"--IdentityProvider.token={self.token}", f"--ServerApp.root_dir={self.root}",
               f"--LabApp.user_settings_dir={settings}",
               f"--LabApp.workspaces_dir={self.workdir / 'workspaces'}",
               "--LabApp.extension_manager=readonly"]
        if os.geteuid() == 0:
            cmd.append("--allow-root")  # JupyterLab refuses to run as root without it
        self._log = open(self.log_path, "wb")
        self.process = subprocess.Popen(cmd, cwd=self.root, env=env, stdout=self._log,
                                        stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"JupyterLab exited with code {self.process.returncode}:\n{self.log_tail()}")
            try:
                self.api("GET", "/api/status")
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"JupyterLab did not answer within {timeout} s:\n{self.log_tail()}")
                time.sleep(0.2)
        return self

    def set_theme(self, theme):
        """Make `theme` (one of THEMES) the theme of every page opened from now on: JupyterLab's user setting
        @jupyterlab/apputils-extension:themes, which the server reads again for each page it serves."""
        path = self.workdir / "lab-settings" / "@jupyterlab" / "apputils-extension" / "themes.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"theme": THEMES[theme], "adaptive-theme": False}))

    def log_tail(self, lines=40):
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def api(self, method, path, timeout=10):
        """JSON answer of the server's REST API (None for an empty body)."""
        request = urllib.request.Request(self.base + path, method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            body = answer.read()
        return json.loads(body) if body else None

    def url(self, path):
        return f"{self.base}{path}?token={self.token}"

    def shut_down_kernels(self):
        """Shut down every session's kernel (the next notebook then has both cores)."""
        for session in self.api("GET", "/api/sessions"):
            self.api("DELETE", f"/api/sessions/{session['id']}", timeout=30)

    def stop(self, timeout=20):
        """Shut the server down (its kernels with it) and end whatever it started that is still running."""
        if self.process is None:
            return
        children = descendants(self.process.pid)
        if self.process.poll() is None:
            try:
                self.api("POST", "/api/shutdown")
                self.process.wait(timeout)
            except (OSError, subprocess.TimeoutExpired):
                self.process.terminate()
                try:
                    self.process.wait(timeout)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait()
        end_processes(children)
        self._log.close()

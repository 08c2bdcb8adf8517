"""A real headless browser for tests: Debian's Chromium, driven over the Chrome DevTools
Protocol (CDP) through one WebSocket (the ``websockets`` package's synchronous client).

    with Chromium() as browser:
        page = browser.new_page()
        page.navigate("http://127.0.0.1:8080/")
        page.evaluate("document.querySelector('button').click()")
        page.wait_for("document.body.innerText.includes('ON')")

Chromium runs in a process group of its own (it starts a zygote, renderers, a network
service...); ``close`` asks it to quit, then ends the whole group and removes its profile,
so no process or temporary folder is left behind.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from websockets.sync.client import connect

CHROMIUM_PATHS = ("/usr/bin/chromium",)
FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--remote-debugging-port=0")
START_TIMEOUT_S = 15.0
CALL_TIMEOUT_S = 10.0


class CdpError(RuntimeError):
    """A CDP command failed, or an answer did not come in time."""


def find_chromium() -> str | None:
    """Debian's Chromium, or a ``chromium`` on PATH; None when there is none."""
    for path in CHROMIUM_PATHS:
        if os.access(path, os.X_OK):
            return path
    return shutil.which("chromium")


class Chromium:
    """One headless Chromium and a CDP connection to it (the browser target)."""

    def __init__(self, executable: str | None = None):
        executable = executable or find_chromium()
        if executable is None:
            raise FileNotFoundError("chromium is not installed")
        self.profile = Path(tempfile.mkdtemp(prefix="terakoya-chromium-"))
        self.process: subprocess.Popen[bytes] | None = None
        self.socket = None
        self._id = 0
        self.events: list[dict] = []  # events not yet waited for, oldest first
        try:
            self.process = subprocess.Popen(
                [executable, *FLAGS, f"--user-data-dir={self.profile}", "about:blank"],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                start_new_session=True)
            self.socket = connect(self._browser_url(), open_timeout=START_TIMEOUT_S,
                                  max_size=None, compression=None)
        except BaseException:
            self.close()
            raise

    def _browser_url(self) -> str:
        """The browser's DevTools WebSocket, from the port file Chromium writes at start."""
        port_file = self.profile / "DevToolsActivePort"
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise CdpError(f"chromium exited at start (status {self.process.returncode})")
            try:
                lines = port_file.read_text().split()
            except OSError:
                lines = []
            if len(lines) >= 2 and lines[0].isdigit():
                return f"ws://127.0.0.1:{lines[0]}{lines[1]}"
            time.sleep(0.05)
        raise CdpError(f"chromium wrote no {port_file.name} in {START_TIMEOUT_S:.0f} s")

    def __enter__(self) -> Chromium:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the protocol -----------------------------------------------------------------
    def call(self, method: str, params: dict | None = None, session: str | None = None,
             timeout: float = CALL_TIMEOUT_S) -> dict:
        """Send one command and wait for its answer (events that come first are kept)."""
        assert self.socket is not None
        self._id += 1
        message: dict = {"id": self._id, "method": method, "params": params or {}}
        if session is not None:
            message["sessionId"] = session
        self.socket.send(json.dumps(message))
        deadline = time.monotonic() + timeout
        while True:
            answer = self._receive(deadline, f"{method}'s answer")
            if answer.get("id") == self._id:
                if "error" in answer:
                    raise CdpError(f"{method}: {answer['error'].get('message')}")
                return answer.get("result", {})
            if "method" in answer:
                self.events.append(answer)

    def wait_event(self, method: str, session: str | None = None,
                   timeout: float = CALL_TIMEOUT_S) -> dict:
        """The first event ``method`` (of ``session``) not waited for yet: its params."""
        deadline = time.monotonic() + timeout
        while True:
            for event in self.events:
                if event["method"] == method and event.get("sessionId") == session:
                    self.events.remove(event)
                    return event.get("params", {})
            answer = self._receive(deadline, method)
            if "method" in answer:
                self.events.append(answer)

    def _receive(self, deadline: float, what: str) -> dict:
        assert self.socket is not None
        left = deadline - time.monotonic()
        if left <= 0:
            raise CdpError(f"no {what} in time")
        try:
            return json.loads(self.socket.recv(timeout=left))
        except TimeoutError:
            raise CdpError(f"no {what} in time") from None

    def new_page(self) -> Page:
        """A new tab (about:blank), attached with a session of its own."""
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.call("Target.attachToTarget",
                            {"targetId": target, "flatten": True})["sessionId"]
        page = Page(self, session, target)
        page.call("Page.enable")
        page.call("Runtime.enable")
        return page

    # -- the end -----------------------------------------------------------------------
    def close(self) -> None:
        """Quit Chromium, end its process group and remove its profile (never raises)."""
        if self.socket is not None:
            try:
                self.socket.send(json.dumps({"id": self._id + 1, "method": "Browser.close"}))
            except Exception:
                pass
            try:
                self.socket.close()
            except Exception:
                pass
            self.socket = None
        if self.process is not None:
            group = self.process.pid  # the process group this Popen started
            try:
                self.process.wait(3)
            except subprocess.TimeoutExpired:
                pass
            for sig in (None, signal.SIGTERM, signal.SIGKILL):
                if sig is not None:
                    try:
                        os.killpg(group, sig)
                    except ProcessLookupError:
                        break
                    try:
                        self.process.wait(3)
                    except subprocess.TimeoutExpired:
                        pass
                if _group_gone(group, 2.0):
                    break
            self.process = None
        shutil.rmtree(self.profile, ignore_errors=True)


def _group_gone(group: int, timeout: float) -> bool:
    """Wait until no process of ``group`` is left running (Chromium's helpers exit a moment
    after the browser; a zombie waiting for init to reap it counts as gone)."""
    deadline = time.monotonic() + timeout
    while _group_running(group):
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.05)
    return True


def _group_running(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    proc = Path("/proc")
    if not proc.is_dir():
        return True
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # gone meanwhile
        if int(fields[2]) == group and fields[0] not in ("Z", "X"):
            return True
    return False


class Page:
    """One tab: navigate, run JavaScript in it, wait for what it shows."""

    def __init__(self, browser: Chromium, session: str, target: str):
        self.browser, self.session, self.target = browser, session, target

    def close(self) -> None:
        """Close the tab (the browser stays)."""
        self.browser.call("Target.closeTarget", {"targetId": self.target})

    def call(self, method: str, params: dict | None = None,
             timeout: float = CALL_TIMEOUT_S) -> dict:
        return self.browser.call(method, params, self.session, timeout)

    def navigate(self, url: str, timeout: float = CALL_TIMEOUT_S) -> None:
        """Open ``url`` and wait until the page has loaded."""
        self.browser.events = [e for e in self.browser.events
                               if e["method"] != "Page.loadEventFired"]
        result = self.call("Page.navigate", {"url": url}, timeout)
        if result.get("errorText"):
            raise CdpError(f"{url}: {result['errorText']}")
        self.browser.wait_event("Page.loadEventFired", self.session, timeout)

    def reload(self, timeout: float = CALL_TIMEOUT_S) -> None:
        self.browser.events = [e for e in self.browser.events
                               if e["method"] != "Page.loadEventFired"]
        self.call("Page.reload", {"ignoreCache": True}, timeout)
        self.browser.wait_event("Page.loadEventFired", self.session, timeout)

    def evaluate(self, expression: str, timeout: float = CALL_TIMEOUT_S) -> object:
        """The value of a JavaScript expression in the page (JSON values only)."""
        result = self.call("Runtime.evaluate", {"expression": expression,
                                                "returnByValue": True, "awaitPromise": True},
                           timeout)
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details.get("text")
            raise CdpError(f"{expression}: {text}")
        return result["result"].get("value")

    def text(self) -> str:
        """What the page shows (``document.body.innerText``; '' before there is a body)."""
        return str(self.evaluate("document.body ? document.body.innerText : ''") or "")

    def wait_for(self, expression: str, timeout: float = CALL_TIMEOUT_S) -> object:
        """Evaluate ``expression`` until it is truthy (a navigation in between is waited
        out); its value, or CdpError with what the page showed last."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            try:
                value = self.evaluate(expression, max(0.5, left))
                if value:
                    return value
            except CdpError:
                pass  # the page is between documents: its context went away
            if time.monotonic() >= deadline:
                try:
                    shown = self.text()
                except CdpError as error:
                    shown = f"({error})"
                raise CdpError(f"{expression} stayed false for {timeout:.0f} s; the page "
                               f"shows {shown!r}")
            time.sleep(0.05)


__all__ = ["CdpError", "Chromium", "Page", "find_chromium"]

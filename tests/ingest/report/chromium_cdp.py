"""A small Chrome DevTools Protocol client over one websocket (the ``websockets`` package), enough to
open a page in headless Chromium, evaluate script, collect console errors and network requests, and
take a screenshot.

Why not playwright: its Python package downloads its own browser build, which cannot be fetched
here; Debian's ``chromium`` speaks the same protocol. One browser, one page target attached with
``flatten`` sessions, so every command and event travels on the browser's websocket.
"""

from __future__ import annotations

import base64
import itertools
import json
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--remote-debugging-port=0",
)


class CDPError(RuntimeError):
    pass


class Chromium:
    """``with Chromium() as browser: page = browser.new_page()`` — one headless browser process."""

    def __init__(self, executable: str = "/usr/bin/chromium", *, timeout: float = 60.0) -> None:
        self.executable = executable
        self.timeout = timeout
        self.profile = Path(tempfile.mkdtemp(prefix="budgetwh-chromium-"))  # a fresh --user-data-dir
        self.process: subprocess.Popen | None = None
        self.socket = None
        self._ids = itertools.count(1)
        self.events: list[dict[str, Any]] = []

    # --- process and connection -------------------------------------------------------------

    def __enter__(self) -> Chromium:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def start(self) -> None:
        from websockets.sync.client import connect

        command = [self.executable, *CHROMIUM_FLAGS, f"--user-data-dir={self.profile}", "about:blank"]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = self.profile / "DevToolsActivePort"
        deadline = time.monotonic() + self.timeout
        while not (port_file.exists() and len(port_file.read_text().splitlines()) >= 2):
            if self.process.poll() is not None:
                raise CDPError(f"chromium exited with code {self.process.returncode} before listening")
            if time.monotonic() > deadline:
                raise CDPError("chromium did not open its DevTools port in time")
            time.sleep(0.05)
        port, path = port_file.read_text().splitlines()[:2]
        self.socket = connect(f"ws://127.0.0.1:{port}{path}", max_size=None, open_timeout=self.timeout)

    def close(self) -> None:
        try:
            if self.socket is not None:
                try:
                    self.send("Browser.close", timeout=10)
                except Exception:  # noqa: BLE001 - closing anyway
                    pass
                self.socket.close()
        finally:
            if self.process is not None:
                try:
                    self.process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait(timeout=10)
            shutil.rmtree(self.profile, ignore_errors=True)

    # --- messages ---------------------------------------------------------------------------

    def send(self, method: str, params: dict[str, Any] | None = None, *, session: str | None = None,
             timeout: float | None = None) -> dict[str, Any]:
        """Send a command and wait for its answer; events that arrive meanwhile are kept in ``events``."""
        message_id = next(self._ids)
        message: dict[str, Any] = {"id": message_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        self.socket.send(json.dumps(message))
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise CDPError(f"{method}: no answer in time")
            reply = json.loads(self.socket.recv(timeout=remaining))
            if reply.get("id") == message_id:
                if "error" in reply:
                    raise CDPError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            if "method" in reply:
                self.events.append(reply)

    def wait_for(self, method: str, *, session: str | None = None, timeout: float | None = None,
                 since: int = 0) -> dict[str, Any]:
        """The first event ``method`` (of ``session``) at or after index ``since`` of ``events``."""
        deadline = time.monotonic() + (timeout or self.timeout)
        index = since
        while True:
            for event in self.events[index:]:
                if event["method"] == method and (session is None or event.get("sessionId") == session):
                    return event
            index = len(self.events)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise CDPError(f"no {method} event in time")
            reply = json.loads(self.socket.recv(timeout=remaining))
            if "method" in reply:
                self.events.append(reply)

    def new_page(self, width: int = 1360, height: int = 900) -> Page:
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        page = Page(self, session)
        for domain in ("Page", "Runtime", "Log", "Network"):
            page.send(f"{domain}.enable")
        page.send("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
        return page


class Page:
    """One tab, driven through its flattened session."""

    def __init__(self, browser: Chromium, session: str) -> None:
        self.browser = browser
        self.session = session

    def send(self, method: str, params: dict[str, Any] | None = None, **kwargs) -> dict[str, Any]:
        return self.browser.send(method, params, session=self.session, **kwargs)

    def _events(self, method: str) -> list[dict[str, Any]]:
        return [e["params"] for e in self.browser.events
                if e["method"] == method and e.get("sessionId") == self.session]

    def goto(self, url: str, timeout: float = 60.0) -> None:
        since = len(self.browser.events)
        result = self.send("Page.navigate", {"url": url})
        if result.get("errorText"):
            raise CDPError(f"cannot open {url}: {result['errorText']}")
        self.browser.wait_for("Page.loadEventFired", session=self.session, timeout=timeout, since=since)

    def evaluate(self, expression: str, *, timeout: float = 60.0) -> Any:
        """The value of a script expression (promises awaited), or CDPError with the page's exception."""
        result = self.send("Runtime.evaluate", {"expression": expression, "awaitPromise": True,
                                                "returnByValue": True}, timeout=timeout)
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details.get("text")
            raise CDPError(f"script failed: {text}")
        return result.get("result", {}).get("value")

    def console_errors(self) -> list[str]:
        """Uncaught exceptions, console.error / console.assert calls and browser log errors so far."""
        errors = [
            (e["exceptionDetails"].get("exception", {}).get("description") or e["exceptionDetails"].get("text"))
            for e in self._events("Runtime.exceptionThrown")
        ]
        errors += [" ".join(str(a.get("value", a.get("description", ""))) for a in e.get("args", []))
                   for e in self._events("Runtime.consoleAPICalled") if e.get("type") in ("error", "assert")]
        errors += [f"{e['entry'].get('source')}: {e['entry'].get('text')} ({e['entry'].get('url', '')})"
                   for e in self._events("Log.entryAdded") if e["entry"].get("level") == "error"]
        return errors

    def requested_urls(self) -> list[str]:
        return [e["request"]["url"] for e in self._events("Network.requestWillBeSent")]

    def screenshot(self, path: Path, *, full_page: bool = True, max_height: int = 16000) -> Path:
        """A PNG of the page (the whole page, up to ``max_height`` CSS pixels, when ``full_page``)."""
        params: dict[str, Any] = {"format": "png"}
        if full_page:
            size = self.send("Page.getLayoutMetrics")["cssContentSize"]
            params["captureBeyondViewport"] = True
            params["clip"] = {"x": 0, "y": 0, "width": size["width"], "height": min(size["height"], max_height),
                              "scale": 1}
        data = self.send("Page.captureScreenshot", params, timeout=120)["data"]
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data))
        return path

"""Headless Chromium for the tests, driven over the DevTools protocol on a pipe.

No debugging port is opened, and where the kernel allows it the browser runs
in a network namespace of its own (``unshare``), so a page that tried to load
anything from the network would fail, visibly, instead of reaching out.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-sync",
    "--disable-extensions",
    "--metrics-recording-only",
    "--remote-debugging-pipe",
]


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _isolated(command: list[str]) -> list[str]:
    """Prefix ``command`` with a private network namespace when one can be made."""
    unshare = shutil.which("unshare")
    if unshare is None:
        return command
    for prefix in ([unshare, "--net"], [unshare, "--net", "--map-root-user"]):
        if subprocess.run([*prefix, "true"], capture_output=True).returncode == 0:
            return [*prefix, *command]
    return command


@dataclass
class PageVisit:
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)
    screenshot: bytes = b""


class Browser:
    def __init__(self, executable: str) -> None:
        self.profile = tempfile.mkdtemp(prefix="prep-chromium-")
        to_browser_read, self._write_fd = os.pipe()
        self._read_fd, from_browser_write = os.pipe()
        # The browser expects the pipe on fds 3 (its input) and 4 (its output);
        # bash (not dash) can redirect from descriptors above 9.
        browser = [executable, *FLAGS, f"--user-data-dir={self.profile}", "about:blank"]
        shell = f'exec "$@" 3<&{to_browser_read} 4>&{from_browser_write}'
        self.process = subprocess.Popen(
            _isolated(["bash", "-c", shell, "chromium", *browser]),
            pass_fds=(to_browser_read, from_browser_write),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_browser_read)
        os.close(from_browser_write)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []

    def close(self) -> None:
        self.process.kill()
        self.process.wait()
        os.close(self._write_fd)
        os.close(self._read_fd)
        shutil.rmtree(self.profile, ignore_errors=True)

    def send(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._write_fd, json.dumps(message).encode() + b"\0")
        while True:
            answer = self._receive(timeout=30)
            if answer.get("id") == self._next_id:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                return dict(answer.get("result", {}))
            self.events.append(answer)

    def wait_for_event(self, method: str, timeout: float = 30) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for event in self.events:
                if event.get("method") == method:
                    return event
            self.events.append(self._receive(timeout=deadline - time.monotonic()))
        raise TimeoutError(f"no {method} within {timeout}s")

    def _receive(self, timeout: float) -> dict[str, Any]:
        import select

        while b"\0" not in self._buffer:
            ready, _, _ = select.select([self._read_fd], [], [], max(timeout, 0.1))
            if not ready:
                raise TimeoutError("the browser did not answer")
            chunk = os.read(self._read_fd, 1 << 20)
            if not chunk:
                raise RuntimeError("the browser exited")
            self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b"\0")
        return dict(json.loads(message))

    def visit(self, url: str, expressions: dict[str, str]) -> PageVisit:
        """Open ``url``, wait for it to load, evaluate ``expressions``, take a screenshot."""
        self.events.clear()
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        session = self.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.send(f"{domain}.enable", session)
        self.send(
            "Emulation.setDeviceMetricsOverride",
            session,
            width=1200,
            height=900,
            deviceScaleFactor=1,
            mobile=False,
        )
        self.events.clear()
        self.send("Page.navigate", session, url=url)
        self.wait_for_event("Page.loadEventFired")
        visit = PageVisit()
        for name, expression in expressions.items():
            result = self.send(
                "Runtime.evaluate", session, expression=expression, returnByValue=True
            )
            visit.values[name] = result.get("result", {}).get("value")
        shot = self.send(
            "Page.captureScreenshot", session, format="png", captureBeyondViewport=True
        )
        visit.screenshot = base64.b64decode(shot["data"])
        for event in self.events:
            params = event.get("params", {})
            if event.get("method") == "Runtime.consoleAPICalled" and params.get("type") == "error":
                visit.console_errors.append(json.dumps(params.get("args")))
            elif event.get("method") == "Runtime.exceptionThrown":
                visit.console_errors.append(json.dumps(params.get("exceptionDetails")))
            elif event.get("method") == "Log.entryAdded" and params["entry"]["level"] == "error":
                visit.console_errors.append(params["entry"].get("text", ""))
            elif event.get("method") == "Network.loadingFailed":
                visit.failed_requests.append(params.get("errorText", ""))
        return visit


def open_browser() -> Browser | None:
    executable = chromium()
    return Browser(executable) if executable else None


def save(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path

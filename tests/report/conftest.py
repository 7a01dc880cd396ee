"""Fixtures for the report tests: hand-made plans with their source texts, and a headless Chromium
driven over the DevTools protocol on a pipe (`--remote-debugging-pipe`): no extra Python package,
no network, no browser download."""

from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest

from ccompare.read.source import read_source
from ccompare.schema import plan_from_data

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).resolve().parents[2]
# screenshots of the browser tests: a scratch folder unless $CCOMPARE_SCREENSHOTS names one (CI keeps it)
SHOTS = Path(os.environ.get("CCOMPARE_SCREENSHOTS") or Path(tempfile.gettempdir()) / "ccompare-screenshots")
CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "chrome")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-extensions", "--disable-dev-shm-usage", "--hide-scrollbars", "--mute-audio"]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: opens the report in headless Chromium (skipped without it)")


def load_fixture_plans(names: tuple[str, ...] = ("quang-nam-2024-kh", "lam-dong-2026-kh", "hostile-2024-kh")):
    """(plans, sources) for fixture plans: JSON plans whose spans point into the .txt next to them."""
    plans, sources = [], {}
    for name in names:
        plan = plan_from_data(json.loads((FIXTURES / f"{name}.plan.json").read_text("utf-8")))
        plans.append(plan)
        sources[plan.id] = read_source(FIXTURES / f"{name}.txt")
    return plans, sources


def load_comparison() -> dict:
    return json.loads((FIXTURES / "comparison.json").read_text("utf-8"))


@pytest.fixture()
def fixture_plans():
    return load_fixture_plans()


def find_chromium() -> str | None:
    env = os.environ.get("CHROMIUM")
    if env and Path(env).is_file():
        return env
    if Path("/usr/bin/chromium").is_file():
        return "/usr/bin/chromium"
    for name in CHROMIUM_CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


class CDPError(RuntimeError):
    pass


class Chromium:
    """Headless Chromium with one page; DevTools messages are NUL-separated JSON on fds 3 (in) and 4 (out)."""

    def __init__(self, binary: str, timeout: float = 20.0):
        self.timeout = timeout
        self._profile = tempfile.mkdtemp(prefix="ccompare-chromium-")
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()
        # move the child's ends above 2..4 so the dup2 calls below cannot clobber them
        to_child_r = self._high(to_child_r)
        from_child_w = self._high(from_child_w)

        def wire() -> None:  # runs in the child between fork and exec
            os.dup2(to_child_r, 3)
            os.dup2(from_child_w, 4)

        self.proc = subprocess.Popen(
            [binary, *CHROMIUM_FLAGS, f"--user-data-dir={self._profile}", "--remote-debugging-pipe", "about:blank"],
            preexec_fn=wire, close_fds=False, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_child_r)
        os.close(from_child_w)
        self._buf = b""
        self._next = 0
        self.events: list[dict[str, Any]] = []
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        for domain in ("Page", "Runtime", "Log"):
            self.call(f"{domain}.enable", session=True)
        self.call("Emulation.setDeviceMetricsOverride", session=True, width=1280, height=900,
                  deviceScaleFactor=1, mobile=False)

    @staticmethod
    def _high(fd: int) -> int:
        moved = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
        os.close(fd)
        return moved

    def _read(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buf:
            left = deadline - time.monotonic()
            if left <= 0:
                raise CDPError("timed out waiting for Chromium")
            ready, _, _ = select.select([self._from_child], [], [], left)
            if ready:
                chunk = os.read(self._from_child, 1 << 20)
                if not chunk:
                    raise CDPError("Chromium closed the DevTools pipe")
                self._buf += chunk
        message, _, self._buf = self._buf.partition(b"\0")
        return json.loads(message)

    def call(self, method: str, *, session: bool = False, **params: Any) -> dict[str, Any]:
        self._next += 1
        msg: dict[str, Any] = {"id": self._next, "method": method, "params": params}
        if session:
            msg["sessionId"] = self.session
        os.write(self._to_child, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + self.timeout
        while True:
            reply = self._read(deadline)
            if reply.get("id") == self._next:
                if "error" in reply:
                    raise CDPError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            if "method" in reply:
                self.events.append(reply)

    def wait_event(self, method: str) -> dict[str, Any]:
        deadline = time.monotonic() + self.timeout
        for i, event in enumerate(self.events):
            if event["method"] == method:
                return self.events.pop(i)
        while True:
            reply = self._read(deadline)
            if reply.get("method") == method:
                return reply
            if "method" in reply:
                self.events.append(reply)

    def open(self, url: str, settle: float = 0.3) -> None:
        """Navigate and wait for the load event; the page's scripts run on DOMContentLoaded."""
        self.events = [e for e in self.events if e["method"] != "Page.loadEventFired"]
        result = self.call("Page.navigate", session=True, url=url)
        if result.get("errorText"):
            raise CDPError(f"could not open {url}: {result['errorText']}")
        if result.get("loaderId"):  # a new document (a fragment change on the same page fires no load)
            self.wait_event("Page.loadEventFired")
        time.sleep(settle)
        self.evaluate("1")  # drain events emitted while settling

    def evaluate(self, expression: str) -> Any:
        result = self.call("Runtime.evaluate", session=True, expression=expression, returnByValue=True,
                           awaitPromise=True)
        if "exceptionDetails" in result:
            raise CDPError(f"{expression}: {result['exceptionDetails'].get('text')}")
        return result["result"].get("value")

    def console_errors(self) -> list[str]:
        """Console errors, uncaught exceptions and browser log errors (e.g. failed loads, CSP) so far."""
        out = []
        for event in self.events:
            p = event.get("params", {})
            if event["method"] == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                out.append("console: " + " ".join(str(a.get("value", a.get("description"))) for a in p["args"]))
            elif event["method"] == "Runtime.exceptionThrown":
                details = p.get("exceptionDetails", {})
                out.append("exception: " + str(details.get("exception", {}).get("description") or details))
            elif event["method"] == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
                entry = p["entry"]
                out.append(f"log: {entry.get('text')} {entry.get('url', '')}".strip())
        return out

    def screenshot(self, path: Path, max_height: int = 3000) -> None:
        """The whole page (up to `max_height` CSS pixels) as PNG."""
        size = self.call("Page.getLayoutMetrics", session=True)["cssContentSize"]
        clip = {"x": 0, "y": 0, "width": max(1, int(size["width"])),
                "height": max(1, min(max_height, int(size["height"]))), "scale": 1}
        data = self.call("Page.captureScreenshot", session=True, format="png", clip=clip,
                         captureBeyondViewport=True)["data"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data))

    def close(self) -> None:
        try:
            self.call("Browser.close")
        except (CDPError, OSError):
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for fd in (self._to_child, self._from_child):
            try:
                os.close(fd)
            except OSError:
                pass
        shutil.rmtree(self._profile, ignore_errors=True)


@pytest.fixture(scope="module")
def chromium():
    binary = find_chromium()
    if binary is None:
        pytest.skip("no chromium binary found (apt-get install chromium, or set CHROMIUM=/path)")
    browser = Chromium(binary)
    try:
        yield browser
    finally:
        browser.close()

"""pytest plugin for hidden suites: criterion marker, fixtures, JSON results.

Hidden tests reach the candidate's app over HTTP at ``PREP_APP_URL`` and say
which rubric criterion they evidence with ``@pytest.mark.criterion("id")``.
Results are written as JSON to ``PREP_RESULTS`` when the session ends; the
grader parses that file and never reads console output.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

DEFAULT_URL = "http://127.0.0.1:8000"
# The app speaks plain HTTP on loopback; without this every client would load
# a CA bundle it never uses (about 50 ms per test).
CLIENT_OPTIONS: dict[str, Any] = {"timeout": 10.0, "verify": False}
MESSAGE_LIMIT = 600


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "criterion(*ids): rubric criteria this test is evidence for")
    config.pluginmanager.register(ResultRecorder(), "prep-results")


class ResultRecorder:
    """Collects one record per test and writes them when the session ends."""

    def __init__(self) -> None:
        self.tests: dict[str, dict[str, Any]] = {}
        self.collection_errors: list[str] = []

    @pytest.hookimpl(tryfirst=True)
    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed:
            self.collection_errors.append(f"{report.nodeid}: {_crash_line(report)}")

    def pytest_itemcollected(self, item: pytest.Item) -> None:
        criteria = [c for m in item.iter_markers("criterion") for c in m.args]
        self.tests[item.nodeid] = {
            "nodeid": item.nodeid,
            "name": item.name,
            "doc": _first_doc_line(item),
            "criteria": criteria,
            "outcome": "not-run",
            "duration": 0.0,
            "message": "",
        }

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        record = self.tests.get(report.nodeid)
        if record is None:
            return
        record["duration"] = round(record["duration"] + report.duration, 4)
        if report.when == "call" or report.failed or report.skipped:
            if record["outcome"] in ("not-run", "passed"):
                record["outcome"] = _outcome(report)
                if not report.passed:
                    record["message"] = _crash_line(report)

    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        target = os.environ.get("PREP_RESULTS")
        if not target:
            return
        document = {
            "tests": list(self.tests.values()),
            "collection_errors": self.collection_errors,
            "exit_status": int(exitstatus),
        }
        _write_json(Path(target), document)


def _outcome(report: pytest.TestReport) -> str:
    if report.passed:
        return "passed"
    if report.skipped:
        return "skipped"
    return "failed" if report.when == "call" else "error"


def _crash_line(report: pytest.TestReport | pytest.CollectReport) -> str:
    """The exception line only: never the hidden test's source lines."""
    longrepr = report.longrepr
    crash = getattr(longrepr, "reprcrash", None)
    if crash is not None:
        text = str(crash.message)
    elif isinstance(longrepr, tuple):  # skip: (path, lineno, reason)
        text = str(longrepr[2])
    else:
        text = str(longrepr).strip().splitlines()[-1] if longrepr else ""
    # Keep the message and the compared values; drop pytest's "+ where" lines,
    # which quote the test's expressions.
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("+")]
    if lines and lines[0].startswith("AssertionError:"):
        # The author wrote a message: show it, not pytest's rewrite of the expression.
        lines = lines[: next((i for i, x in enumerate(lines) if x.startswith("assert ")), None)]
    return "\n".join(lines[:3])[:MESSAGE_LIMIT]


def _first_doc_line(item: pytest.Item) -> str:
    doc = getattr(getattr(item, "function", None), "__doc__", None) or ""
    return doc.strip().splitlines()[0] if doc.strip() else ""


def _write_json(path: Path, document: dict[str, Any]) -> None:
    partial = path.with_suffix(".partial")
    partial.write_text(json.dumps(document, indent=1), encoding="utf-8")
    partial.replace(path)


# --- fixtures hidden suites use --------------------------------------------


@pytest.fixture(scope="session")
def base_url() -> str:
    """Where the app under test listens."""
    return os.environ.get("PREP_APP_URL", DEFAULT_URL)


@pytest.fixture
def client(base_url: str) -> Iterator[httpx.Client]:
    """A synchronous httpx client bound to the app; thread-safe."""
    with httpx.Client(base_url=base_url, **CLIENT_OPTIONS) as http:
        yield http


@pytest.fixture
async def async_client(base_url: str) -> Any:
    """An httpx.AsyncClient bound to the app (use with ``@pytest.mark.anyio``)."""
    async with httpx.AsyncClient(base_url=base_url, **CLIENT_OPTIONS) as http:
        yield http


@pytest.fixture
def timed() -> Callable[..., tuple[Any, float]]:
    """``timed(fn, *args)`` -> ``(result, seconds)``."""

    def run(fn: Callable[..., Any], *args: Any) -> tuple[Any, float]:
        start = time.perf_counter()
        result = fn(*args)
        return result, time.perf_counter() - start

    return run


@pytest.fixture
def in_parallel() -> Callable[..., list[Any]]:
    """``in_parallel(*calls)`` runs zero-argument callables at the same moment
    on threads and returns their results in order (exceptions re-raised)."""

    def run(*calls: Callable[[], Any]) -> list[Any]:
        return run_in_parallel(list(calls))

    return run


def run_in_parallel(calls: list[Callable[[], Any]]) -> list[Any]:
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)
    failures: list[BaseException] = []

    def worker(index: int, call: Callable[[], Any]) -> None:
        barrier.wait()
        try:
            results[index] = call()
        except BaseException as exc:  # re-raised in the test's thread
            failures.append(exc)

    threads = [
        threading.Thread(target=worker, args=(i, c), daemon=True) for i, c in enumerate(calls)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    if failures:
        raise failures[0]
    return results


@pytest.fixture
def ws_connect(base_url: str) -> Callable[..., Any]:
    """``ws_connect("/ws/room?token=t")`` -> a websockets sync connection
    (use it as a context manager)."""
    from websockets.sync.client import connect

    ws_base = base_url.replace("http://", "ws://", 1)

    def open_socket(path: str, **kwargs: Any) -> Any:
        kwargs.setdefault("open_timeout", 10)
        return connect(ws_base + path, **kwargs)

    return open_socket

"""pytest plugin for hidden suites: criterion marker, fixtures, JSON results.

Hidden tests reach the candidate's app over HTTP at ``PREP_APP_URL`` and say
which rubric criterion they evidence with ``@pytest.mark.criterion("id")``.
Results are written as JSON to ``PREP_RESULTS`` when the session ends; the
grader parses that file and never reads console output.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from . import supervisor
from .probes import follow_ref

DEFAULT_URL = "http://127.0.0.1:8000"
# The app speaks plain HTTP on loopback; without this every client would load
# a CA bundle it never uses (about 50 ms per test).
CLIENT_OPTIONS: dict[str, Any] = {"timeout": 10.0, "verify": False}
MESSAGE_LIMIT = 600


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "criterion(*ids): rubric criteria this test is evidence for")
    recorder = ResultRecorder()
    config.pluginmanager.register(recorder, "prep-results")
    config.pluginmanager.register(Reruns(recorder, int(os.environ.get("PREP_RERUNS", "0"))))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the tests in an order drawn from PREP_SEED: a hidden suite must not
    depend on its order, and the seed reproduces a run."""
    seed = os.environ.get("PREP_SEED")
    if seed:
        items.sort(key=lambda item: item.nodeid)
        random.Random(int(seed)).shuffle(items)


class Reruns:
    """A failing test is run again, up to ``reruns`` times; one that then passes
    is recorded as flaky (it counts as passed) with its first failure."""

    def __init__(self, recorder: ResultRecorder, reruns: int) -> None:
        self.recorder = recorder
        self.reruns = max(0, reruns)

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_protocol(self, item: pytest.Item, nextitem: pytest.Item | None) -> bool:
        from _pytest.runner import runtestprotocol

        item.ihook.pytest_runtest_logstart(nodeid=item.nodeid, location=item.location)
        first_failure = ""
        attempts = 0
        while attempts <= self.reruns:
            attempts += 1
            # Each attempt tears down as for the real next test: a rerun sets
            # up again whatever that removed.
            reports = runtestprotocol(item, nextitem=nextitem, log=False)
            failed = [r for r in reports if r.failed]
            if not failed:
                break
            first_failure = first_failure or _crash_line(failed[0])
        for report in reports:
            item.ihook.pytest_runtest_logreport(report=report)
        if first_failure and not failed:
            self.recorder.mark_flaky(item.nodeid, first_failure, attempts)
        item.ihook.pytest_runtest_logfinish(nodeid=item.nodeid, location=item.location)
        return True


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

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        """Keep the records in the order the tests run (shuffled by the seed)."""
        order = [item.nodeid for item in session.items if item.nodeid in self.tests]
        self.tests = {nodeid: self.tests[nodeid] for nodeid in order}

    def mark_flaky(self, nodeid: str, first_failure: str, attempts: int) -> None:
        record = self.tests.get(nodeid)
        if record is not None and record["outcome"] == "passed":
            record["outcome"] = "flaky"
            record["message"] = f"passed on attempt {attempts}; first failure: {first_failure}"

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

    def pytest_runtest_logfinish(self, nodeid: str) -> None:
        """Write what is known after every test: a suite stopped at its time
        limit still leaves the outcomes of the tests that finished."""
        self._write(exit_status=None)

    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        self._write(exit_status=int(exitstatus))

    def _write(self, exit_status: int | None) -> None:
        target = os.environ.get("PREP_RESULTS")
        if not target:
            return
        seed = os.environ.get("PREP_SEED")
        document = {
            "tests": list(self.tests.values()),
            "collection_errors": self.collection_errors,
            "exit_status": exit_status,
            "seed": int(seed) if seed else None,
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
def openapi(client: httpx.Client) -> OpenAPIDocument:
    """The app's /openapi.json, with the questions hidden suites ask of it."""
    response = client.get("/openapi.json")
    assert response.status_code == 200, (
        f"GET /openapi.json: expected 200, got {response.status_code}"
    )
    return OpenAPIDocument(response.json())


@dataclass(frozen=True)
class OpenAPIDocument:
    """An OpenAPI document, read the way a client generator reads it: through
    ``$ref``, arrays and ``anyOf``."""

    document: dict[str, Any]

    def operation(self, method: str, path: str) -> dict[str, Any]:
        operation = self.document.get("paths", {}).get(path, {}).get(method.lower())
        assert isinstance(operation, dict), (
            f"/openapi.json: expected the operation {method.upper()} {path}, "
            f"got paths {sorted(self.document.get('paths', {}))}"
        )
        return operation

    def response_statuses(self, method: str, path: str) -> set[str]:
        return set(self.operation(method, path).get("responses", {}))

    def response_schema(self, method: str, path: str, status: int) -> dict[str, Any]:
        """The resolved JSON schema declared for one response ({} when none)."""
        responses = self.operation(method, path).get("responses", {})
        assert str(status) in responses, (
            f"/openapi.json: {method.upper()} {path} declares no {status} response, "
            f"only {sorted(responses)}"
        )
        content = responses[str(status)].get("content", {})
        return self.resolve(content.get("application/json", {}).get("schema", {}))

    def resolve(self, schema: Any) -> dict[str, Any]:
        return follow_ref(self.document, schema)

    def fields(self, schema: dict[str, Any]) -> set[str]:
        """The property names of an object schema, or of an array's items,
        or of the object options of an ``anyOf``."""
        schema = self.resolve(schema)
        if schema.get("type") == "array":
            return self.fields(schema.get("items", {}))
        names = set(schema.get("properties", {}))
        for option in schema.get("anyOf", []) + schema.get("oneOf", []):
            names |= self.fields(option)
        return names

    def assert_response_fields(
        self, method: str, path: str, status: int, fields: set[str], *, array: bool = False
    ) -> None:
        """The response declares a schema (a list of them with ``array``)
        with at least these properties."""
        schema = self.response_schema(method, path, status)
        where = f"/openapi.json: {method.upper()} {path} response {status}"
        if array:
            assert schema.get("type") == "array", (
                f"{where}: expected an array schema, got {schema or 'no schema'}"
            )
        missing = fields - self.fields(schema)
        assert not missing, (
            f"{where}: expected a schema with {sorted(fields)}, "
            f"missing {sorted(missing)} (declared: {schema or 'no schema'})"
        )


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


# --- the app's log and restarts (through the supervisor's control folder) ----


@dataclass(frozen=True)
class Stopped:
    """How a generation of the app ended when it was asked to stop."""

    exit_code: int | None
    seconds: float
    killed: bool
    log: str


@dataclass(frozen=True)
class Started:
    """The answer to a restart: did the new generation come up?"""

    generation: int
    ready: bool
    exit_code: int | None  # set when it exited instead of coming up
    log: str  # what it wrote until it came up or died
    previous: Stopped


class AppLog:
    """Read what the app wrote to stdout and stderr (current generation)."""

    def __init__(self, control: AppControl) -> None:
        self.control = control

    def text(self, since: int = 0) -> str:
        return self.control.log_bytes(self.control.generation)[since:].decode(errors="replace")

    def mark(self) -> int:
        """An offset for ``text(since=...)``: only what is written after now."""
        return len(self.control.log_bytes(self.control.generation))

    def records(self, since: int = 0) -> list[dict[str, Any]]:
        """Lines that are JSON objects, parsed; other lines are skipped."""
        found = []
        for line in self.text(since).splitlines():
            with contextlib.suppress(ValueError):
                value = json.loads(line)
                if isinstance(value, dict):
                    found.append(value)
        return found

    def wait_for(
        self, predicate: Callable[[str], bool], since: int = 0, timeout: float = 5.0
    ) -> str:
        """The log text once ``predicate(text)`` holds (or at the deadline)."""
        deadline = time.monotonic() + timeout
        while True:
            text = self.text(since)
            if predicate(text) or time.monotonic() > deadline:
                return text
            time.sleep(0.05)


@dataclass(frozen=True)
class JobResult:
    """How a command run beside the app ended."""

    exit_code: int | None  # None: timed out, or could not start
    output: str  # the tail of its stdout and stderr
    seconds: float
    timed_out: bool


class AppControl:
    """The tester's side of the supervisor's control folder."""

    def __init__(self, control: supervisor.Control | Path) -> None:
        """``control``: the supervisor's folders, or one folder holding both."""
        if isinstance(control, Path):
            control = supervisor.Control(control, control)
        self.control = control
        self.generation = 0
        self.jobs = 0
        while self.control.status(self.generation + 1).exists():
            self.generation += 1  # pragma: no cover - a fresh sandbox starts at 0

    def log_bytes(self, generation: int) -> bytes:
        try:
            return self.control.log(generation).read_bytes()
        except FileNotFoundError:
            return b""

    def restart(
        self,
        env: dict[str, str | None] | None = None,
        files: dict[str, str] | None = None,
        startup_timeout: float = 20.0,
        shutdown_timeout: float = 10.0,
    ) -> Started:
        """Stop the app (SIGTERM) and start it again with ``env`` added to (None:
        removed from) its environment and ``files`` written in its working folder."""
        previous, number = self.generation, self.generation + 1
        request = {
            "env": env or {},
            "files": files or {},
            "startup_timeout": startup_timeout,
            "shutdown_timeout": shutdown_timeout,
        }
        supervisor.write_json(self.control.restart(number), request)
        wait = startup_timeout + shutdown_timeout + 10
        status = _wait_for_json(self.control.status(number), wait)
        if status is None:
            raise RuntimeError(f"the app supervisor did not answer restart {number}")
        self.generation = number
        stop = status.get("previous", {})
        return Started(
            generation=number,
            ready=bool(status.get("ready")),
            exit_code=status.get("exit_code"),
            log=self.log_bytes(number).decode(errors="replace"),
            previous=Stopped(
                exit_code=stop.get("exit_code"),
                seconds=float(stop.get("seconds", 0.0)),
                killed=bool(stop.get("killed")),
                log=self.log_bytes(previous).decode(errors="replace"),
            ),
        )

    def run_job(
        self, args: list[str], files: dict[str, str] | None = None, timeout: float = 60.0
    ) -> JobResult:
        """Run ``python ARGS`` in the app's sandbox, in a fresh copy of the
        submission with ``files`` (relative paths) written over it."""
        self.jobs += 1
        request = {"args": args, "files": files or {}, "timeout": timeout}
        supervisor.write_json(self.control.job(self.jobs), request)
        answer = _wait_for_json(self.control.job_result(self.jobs), timeout + 30)
        if answer is None:
            raise RuntimeError(f"the app supervisor did not answer job {self.jobs}")
        if answer.get("error"):
            raise RuntimeError(f"job {self.jobs} could not run: {answer['error']}")
        return JobResult(
            exit_code=answer.get("exit_code"),
            output=str(answer.get("output", "")),
            seconds=float(answer.get("seconds", 0.0)),
            timed_out=bool(answer.get("timed_out")),
        )


def _wait_for_json(path: Path, timeout: float) -> dict[str, Any] | None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        answer = supervisor.read_json(path)
        if answer is not None:
            return answer
        time.sleep(0.05)
    return None


@pytest.fixture(scope="session")
def app_control() -> AppControl:
    if not (os.environ.get("PREP_CONTROL_DIR") or os.environ.get("PREP_REQUESTS_DIR")):
        pytest.fail("this run has no app supervisor (PREP_CONTROL_DIR is not set)")
    return AppControl(supervisor.Control.from_env())


@pytest.fixture
def app_log(app_control: AppControl) -> AppLog:
    """What the app wrote to stdout/stderr: ``text()``, ``records()`` (JSON
    lines), ``mark()`` and ``wait_for(predicate)``."""
    return AppLog(app_control)


@pytest.fixture
def run_in_app(app_control: AppControl) -> Callable[..., JobResult]:
    """``run_in_app(["-m", "pytest", "-q", "app/tests"], files={"app/main.py": src})``
    runs a Python command in the app's sandbox (untrusted side), in a fresh copy
    of the submission with ``files`` written over it -> ``JobResult``."""
    return app_control.run_job


@pytest.fixture
def restart_app(app_control: AppControl) -> Iterator[Callable[..., Started]]:
    """``restart_app(env={...}, files={".env": "..."})`` -> ``Started``; the app
    is restarted with its original environment after the test."""
    used = False

    def restart(**kwargs: Any) -> Started:
        nonlocal used
        used = True
        return app_control.restart(**kwargs)

    yield restart
    if used:
        app_control.restart()

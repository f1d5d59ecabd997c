"""The local sandbox with a tiny app and a tiny suite: serving, testing, limits,
shutdown, cleanup; and its wiring (``auto``, the terminal's warning)."""

from __future__ import annotations

import io
import json
import logging
import os
import shutil
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

import grader.sandbox as sandboxes
from grader import catalog
from grader.errors import EngineUnavailable, GraderError
from grader.grading import HARNESS_DIR, grade
from grader.report.terminal import print_report
from grader.sandbox.base import SandboxJob, SandboxLimits, SandboxOutcome
from grader.sandbox.local import (
    ADDRESS_SPACE_HEADROOM_MB,
    Confinement,
    LocalSandbox,
    _nproc_limits,
    _views_for,
)
from tests.fakes import FakeSandbox, ran, record

TINY_APP = '''
import mmap, os, resource, socket, subprocess, sys, threading
from pathlib import Path
from fastapi import FastAPI

app = FastAPI()

@app.get("/")
def index() -> dict:
    return {"hello": "world"}

@app.get("/exit")
def leave() -> None:
    os._exit(7)

@app.get("/daemon")
def daemon() -> dict:
    """A grandchild in a session of its own, which outlives the app if nothing kills it."""
    child = subprocess.Popen(
        [sys.executable, "-c", "import time; time.sleep(600)  # prep-local-daemon"],
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return {"pid": child.pid}

def outcome_of(action) -> str:
    try:
        action()
        return "done"
    except OSError as exc:
        return type(exc).__name__


def write_and_remove(path: Path) -> None:
    path.write_text("x")
    path.unlink()


def threads_until_refused(cap: int) -> int:
    """How many more threads start, trying up to ``cap`` (tiny stacks: the
    address space is not what should stop them)."""
    threading.stack_size(64 * 1024)
    release, started = threading.Event(), []
    try:
        for _ in range(cap):
            thread = threading.Thread(target=release.wait, daemon=True)
            thread.start()
            started.append(thread)
    except RuntimeError:
        pass
    finally:
        release.set()
    for thread in started:
        thread.join()
    return len(started)


@app.get("/hold")
def hold() -> int:
    """Start threads until the limit refuses one, and keep them: a quiet fork bomb."""
    threading.stack_size(64 * 1024)
    held = 0
    try:
        while held < 5000:
            threading.Thread(target=threading.Event().wait, daemon=True).start()
            held += 1
    except RuntimeError:
        pass
    return held


@app.get("/probe")
def probe(thread_cap: int = 0, peek: str = "/") -> dict:
    """What the sandbox lets this process see and do, as facts a test compares."""
    status = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines())
    tmp = Path(os.environ["TMPDIR"])
    (tmp / "scratch.txt").write_text("x")
    address_space = resource.getrlimit(resource.RLIMIT_AS)[0]
    return {
        "suite": outcome_of(lambda: os.listdir(Path.cwd().parent / "suite")),
        "peek_readable": outcome_of(lambda: Path(peek).read_bytes()) == "done",
        "run_folder": sorted(os.listdir("/run"))[:5],
        "write_submission": outcome_of(lambda: write_and_remove(Path("app", "probe.txt"))),
        "write_var_tmp": outcome_of(lambda: write_and_remove(Path("/var/tmp/prep-probe.txt"))),
        "map_beyond_limit": outcome_of(lambda: mmap.mmap(-1, address_space + 2**20)),
        "threads_bounded": threads_until_refused(thread_cap) < thread_cap,
        "tmpdir": str(tmp) if str(tmp) == "/tmp" else tmp.name,
        "home_is_tmpdir": os.environ["HOME"] == str(tmp),
        "capabilities": int(status["CapEff"], 16),
        "no_new_privs": status["NoNewPrivs"].strip(),
        "grader_secret": "GRADER_SECRET_TOKEN" in os.environ,
        "prep_variables": [name for name in os.environ if name.startswith("PREP_")],
        "address_space": resource.getrlimit(resource.RLIMIT_AS)[0],
        "core": list(resource.getrlimit(resource.RLIMIT_CORE)),
        "file_size": resource.getrlimit(resource.RLIMIT_FSIZE)[0],
        "cpu_seconds_bounded": 0 < resource.getrlimit(resource.RLIMIT_CPU)[0] < 600,
        "processes": resource.getrlimit(resource.RLIMIT_NPROC)[0],
        "root": os.getuid() == 0,
        "interfaces": sorted(name for _, name in socket.if_nameindex()),
    }


@app.on_event("shutdown")
def stuck() -> None:
    if os.environ.get("STUCK_ON_SHUTDOWN") or Path("stuck").exists():
        import time
        time.sleep(3600)
'''

SUITE = """
import os

def test_serves(client):
    assert client.get("/").json() == {"hello": "world"}

def test_fails_on_purpose(client):
    assert client.get("/").status_code == 500, "expected to fail"

def test_run_settings_reach_the_runner():
    assert os.environ.get("PREP_SEED") == "1234"
"""


def hidden_test() -> Path:
    """A hidden test of the exercises: the grader can read it, the app must not."""
    path = next(catalog.find("01").hidden_dir.glob("test_*.py"))
    assert path.read_bytes()
    return path


def probe_suite(expected: dict[str, Any], thread_cap: int) -> str:
    """One hidden test per fact the app must report, each compared with ``expected``."""
    return f"""
import json
import httpx
import pytest

EXPECTED = json.loads({json.dumps(json.dumps(expected))})

@pytest.fixture(scope="module")
def seen(base_url):
    params = {{"thread_cap": {thread_cap}, "peek": {str(hidden_test())!r}}}
    return httpx.get(base_url + "/probe", params=params, timeout=30).json()

@pytest.mark.parametrize("fact", sorted(EXPECTED))
def test_fact(seen, fact):
    assert seen[fact] == EXPECTED[fact]
"""


def open_local() -> LocalSandbox:
    """The local sandbox; a machine that cannot have one skips these tests,
    except in CI, which must prove it."""
    try:
        return LocalSandbox.from_env()
    except GraderError as exc:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"the local sandbox is required in CI and cannot open: {exc}")
        pytest.skip(f"no local sandbox here: {exc}")


@pytest.fixture(scope="module")
def local() -> LocalSandbox:
    return open_local()


def make_job(tmp_path: Path, suite: str, app: str = TINY_APP, **limits: Any) -> SandboxJob:
    submission = tmp_path / "submission"
    (submission / "app").mkdir(parents=True)
    (submission / "app" / "__init__.py").write_text("")
    (submission / "app" / "main.py").write_text(app)
    suite_dir = tmp_path / "suite"
    suite_dir.mkdir()
    (suite_dir / "test_tiny.py").write_text(suite)
    harness = tmp_path / "harness"
    shutil.copytree(HARNESS_DIR, harness, ignore=shutil.ignore_patterns("__pycache__"))
    out = tmp_path / "out"
    out.mkdir()
    (out / "run.json").write_text(json.dumps({"seed": 1234, "reruns": 0}))
    run_id = f"unit{time.monotonic_ns() % 10**8}"
    return SandboxJob(run_id, submission, suite_dir, harness, out, SandboxLimits(**limits))


def outcomes(outcome: SandboxOutcome) -> dict[str, str]:
    assert outcome.results is not None, outcome.tester_log
    return {test["name"]: test["outcome"] for test in outcome.results["tests"]}


def leftovers(run_id: str) -> list[str]:
    """Folders and processes of a run that outlived it."""
    found = [str(path) for path in Path(tempfile.gettempdir()).glob(f"prep-local-{run_id}-*")]
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                command = Path(f"/proc/{entry}/cmdline").read_bytes().replace(b"\0", b" ")
            except OSError:
                continue
            if f"prep-local-{run_id}".encode() in command or b"prep-local-daemon" in command:
                found.append(command.decode(errors="replace"))
    return found


def test_serves_the_app_runs_the_suite_and_stops_the_app_gracefully(
    local: LocalSandbox, tmp_path: Path
) -> None:
    job = make_job(tmp_path, SUITE)
    outcome = local.run(job)
    assert outcome.app_ready and not outcome.app_exited_early and not outcome.app_oom_killed
    assert outcomes(outcome) == {
        "test_serves": "passed",
        "test_fails_on_purpose": "failed",
        "test_run_settings_reach_the_runner": "passed",
    }
    assert outcome.shutdown_graceful is True and outcome.app_exit_code in (0, 143)
    assert "Uvicorn running on http://127.0.0.1:" in outcome.app_log
    assert (job.output_dir / "results.json").is_file()  # copied back, like Docker's /out
    assert outcome.facts["backend"] == "local" and outcome.facts["isolation"] == "process"
    assert leftovers(job.run_id) == []


def test_the_app_sees_only_its_limits_and_its_own_folder(
    local: LocalSandbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GRADER_SECRET_TOKEN", "do-not-leak")
    limits = SandboxLimits()
    confinement = local.confinement
    expected: dict[str, Any] = {
        "capabilities": 0,
        "no_new_privs": "1",
        "grader_secret": False,
        "prep_variables": [],
        "home_is_tmpdir": True,
        "tmpdir": "/tmp" if confinement.namespace else "app-home",
        "address_space": (limits.memory_mb + ADDRESS_SPACE_HEADROOM_MB) * 2**20,
        "map_beyond_limit": "OSError",
        "core": [0, 0],
        "file_size": limits.tmpfs_mb * 2**20,
        "cpu_seconds_bounded": True,
    }
    nproc = _nproc_limits(confinement, limits)[0]
    if nproc:
        expected |= {"processes": nproc, "threads_bounded": True}
    if confinement.drop_user:
        expected["root"] = False
    if confinement.drop_user or confinement.namespace:
        expected |= {"suite": "PermissionError", "write_submission": "PermissionError"}
    if confinement.namespace:
        expected |= {"interfaces": ["lo"], "run_folder": [], "peek_readable": False}
    if confinement.read_only:
        expected |= {"write_submission": "OSError", "write_var_tmp": "OSError"}
    outcome = local.run(make_job(tmp_path, probe_suite(expected, nproc + 32 if nproc else 0)))
    assert outcome.results is not None, outcome.tester_log
    failed = {t["name"]: t["message"] for t in outcome.results["tests"] if t["outcome"] != "passed"}
    assert failed == {} and len(outcome.results["tests"]) == len(expected)
    network = outcome.facts["mechanisms"]["network"]
    assert network == ("namespace" if confinement.namespace else "none")


def test_the_graders_home_is_hidden_from_the_app(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A home outside /tmp (which the app gets a fresh one of), readable by all."""
    home = Path(tempfile.mkdtemp(prefix="prep-test-home-", dir="/var/tmp"))
    try:
        home.chmod(0o755)
        secret = home / "token.txt"
        secret.write_text("do-not-leak")
        secret.chmod(0o644)
        monkeypatch.setenv("HOME", str(home))
        local = open_local()
        if not local.confinement.namespace:
            pytest.skip("no mount namespace here")
        suite = f"""
def test_home(client):
    seen = client.get("/probe", params={{"peek": {str(secret)!r}}}).json()
    assert seen["peek_readable"] is False
"""
        outcome = local.run(make_job(tmp_path, suite))
        assert outcomes(outcome) == {"test_home": "passed"}, outcome.results
    finally:
        shutil.rmtree(home)


def test_an_app_that_dies_during_the_suite_is_reported_with_its_exit_code(
    local: LocalSandbox, tmp_path: Path
) -> None:
    suite = "def test_kill(client):\n    client.get('/exit')\n"
    outcome = local.run(make_job(tmp_path, suite))
    assert outcome.app_ready and outcome.app_exited_early
    assert outcome.app_exit_code == 7 and not outcome.app_oom_killed
    assert outcome.shutdown_graceful is None


def test_an_app_stuck_on_shutdown_is_killed_at_the_deadline(
    local: LocalSandbox, tmp_path: Path
) -> None:
    job = make_job(tmp_path, SUITE, shutdown_timeout=2)
    (job.submission_dir / "stuck").write_text("")
    start = time.monotonic()
    outcome = local.run(job)
    assert outcome.shutdown_graceful is False and outcome.app_exit_code == 137
    assert 2 <= (outcome.shutdown_seconds or 0) < 5 and time.monotonic() - start < 20


def test_processes_that_left_the_app_are_killed_and_the_folder_removed(
    local: LocalSandbox, tmp_path: Path
) -> None:
    suite = "def test_daemon(client):\n    assert client.get('/daemon').json()['pid'] > 0\n"
    job = make_job(tmp_path, suite)
    outcome = local.run(job)
    assert outcomes(outcome) == {"test_daemon": "passed"}
    assert leftovers(job.run_id) == []


def test_an_app_holding_its_process_limit_is_seen_there(
    local: LocalSandbox, tmp_path: Path
) -> None:
    if not _nproc_limits(local.confinement, SandboxLimits())[0]:
        pytest.skip("no RLIMIT_NPROC here")
    suite = "def test_hold(client):\n    assert client.get('/hold').json() > 0\n"
    outcome = local.run(make_job(tmp_path, suite))
    assert outcomes(outcome) == {"test_hold": "passed"}
    assert outcome.app_pids_exhausted and not outcome.app_exited_early
    calm = local.run(make_job(tmp_path / "calm", SUITE))
    assert calm.app_ready and not calm.app_pids_exhausted


def test_abort_runs_ends_a_run_in_progress(local: LocalSandbox, tmp_path: Path) -> None:
    hang = "import time\nfrom fastapi import FastAPI\ntime.sleep(600)\napp = FastAPI()\n"
    job = make_job(tmp_path, SUITE, app=hang, startup_timeout=60)
    result: list[SandboxOutcome] = []
    worker = threading.Thread(target=lambda: result.append(local.run(job)))
    start = time.monotonic()
    worker.start()
    time.sleep(1.5)
    local.abort_runs()
    worker.join(timeout=30)
    assert result and not result[0].app_ready and time.monotonic() - start < 15
    assert leftovers(job.run_id) == []


# -- without processes --------------------------------------------------------


def test_views_open_only_the_way_through_closed_and_private_folders(tmp_path: Path) -> None:
    tmp_path.chmod(0o755)
    closed, home = tmp_path / "root", tmp_path / "home"
    (closed / "me" / "python" / "lib").mkdir(parents=True)
    (closed / "me" / "secrets").mkdir()
    (home / "repo" / "exercises").mkdir(parents=True)
    (home / "venv").mkdir()
    closed.chmod(0o700)
    (closed / "me").chmod(0o755)

    def mine(views: tuple[tuple[str, tuple[str, ...]], ...]) -> list[tuple[str, tuple[str, ...]]]:
        return [view for view in views if str(tmp_path) in view[0]]  # pytest's base is 0700

    python = closed / "me" / "python" / "lib"
    assert mine(_views_for([python])) == [(str(closed), ("me",))]  # not "secrets"
    private = [home, home / "repo", home / "repo" / "exercises"]
    assert sorted(mine(_views_for([python, home / "venv"], private))) == [
        (str(home), ("venv",)),  # the repo is not shown, so nothing is bound inside it
        (str(closed), ("me",)),
    ]
    assert mine(_views_for([tmp_path / "home" / "venv"])) == []  # open all the way


def test_nproc_means_something_only_per_uid_or_per_user_namespace() -> None:
    limits = SandboxLimits(pids=100, tester_pids=200)
    assert _nproc_limits(Confinement("root", drop_user=True), limits) == (100, 200)
    assert _nproc_limits(Confinement("user", drop_user=False), limits) == (300, 300)
    assert _nproc_limits(Confinement(None, drop_user=False), limits) == (0, 0)
    facts = Confinement(None, drop_user=False, reason="no unshare").mechanisms(limits)
    assert facts["network"] == "none" and "no unshare" in facts["network_detail"]
    assert facts["processes"] == "not limited"


def test_auto_falls_back_to_local_with_a_warning(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def no_engine() -> Any:
        raise EngineUnavailable("no Docker engine answers at /var/run/docker.sock")

    local = FakeSandbox(ran([]), name="local", isolation="process")
    monkeypatch.setattr(sandboxes, "_docker", no_engine)
    monkeypatch.setattr(sandboxes, "_local", lambda: local)
    with caplog.at_level(logging.WARNING, logger="grader.sandbox"):
        assert sandboxes.open_sandbox("auto") is local
    assert "no Docker engine answers" in caplog.text and "local sandbox" in caplog.text
    docker = FakeSandbox(ran([]), name="docker")
    monkeypatch.setattr(sandboxes, "_docker", lambda: docker)
    assert sandboxes.open_sandbox("auto") is docker
    assert set(sandboxes.BACKENDS) == {"docker", "local", "auto"}


@pytest.mark.parametrize(("isolation", "warned"), [("process", True), ("container", False)])
def test_terminal_report_warns_when_isolation_is_by_process(isolation: str, warned: bool) -> None:
    exercise = catalog.find("01")
    tests = [record(f"test_{c.id}", [c.id]) for c in exercise.config.criteria]
    sandbox = FakeSandbox(ran(tests), name="local", isolation=isolation)  # type: ignore[arg-type]
    report = grade(exercise, exercise.solution_dir, sandbox)
    console = Console(file=io.StringIO(), width=200)
    print_report(report, console)
    text = console.file.getvalue()  # type: ignore[attr-defined]
    assert ("isolates by process only" in text) is warned

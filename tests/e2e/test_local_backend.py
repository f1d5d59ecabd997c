"""The local sandbox end to end: real exercises, the failure submissions, the
network it must not reach, and an unprivileged user's run. No Docker needed."""

from __future__ import annotations

import json
import os
import shutil
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from grader import catalog
from grader.catalog import Exercise, Limits
from grader.grading import grade
from grader.sandbox.base import Isolation, SandboxJob, SandboxLimits, SandboxOutcome
from grader.sandbox.local import LocalSandbox, _interpreter_paths, _views_for
from tests.conftest import ROOT, SUBMISSIONS
from tests.unit.test_local_sandbox import leftovers, make_job, open_local, outcomes

FAILURES = SUBMISSIONS / "failures"
FIXTURES = ROOT / "tests" / "fixtures" / "exercises"
NOBODY = 65534


class Recording:
    """The local sandbox, noting the run ids it served (to look for leftovers)."""

    name = "local"
    isolation: Isolation = "process"

    def __init__(self, inner: LocalSandbox) -> None:
        self.inner = inner
        self.run_ids: list[str] = []

    def run(self, job: SandboxJob) -> SandboxOutcome:
        self.run_ids.append(job.run_id)
        return self.inner.run(job)

    def facts(self, limits: SandboxLimits) -> dict[str, Any]:
        return self.inner.facts(limits)

    def leftovers(self) -> list[str]:
        return [item for run_id in self.run_ids for item in leftovers(run_id)]


@pytest.fixture
def local() -> Recording:
    return Recording(open_local())


def with_limits(exercise: Exercise, **limits: float) -> Exercise:
    config = exercise.config.model_copy(update={"limits": Limits(**limits)})
    return Exercise(exercise.root, config)


def prep(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, str(ROOT / "cli.py"), *args]
    environment = os.environ | (env or {})
    return subprocess.run(
        command, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=300
    )


def test_cli_grades_the_solution_100_and_the_stub_0_with_the_local_sandbox() -> None:
    solution = catalog.find("01").solution_dir
    graded = prep(
        "grade", "01", "--submission", str(solution), "--sandbox", "local", "--format", "json"
    )
    assert graded.returncode == 0, graded.stderr
    report = json.loads(graded.stdout)
    assert (report["score"], report["verdict"]) == (100.0, "senior")
    assert report["sandbox"]["backend"] == "local"
    assert report["sandbox"]["isolation"] == "process"
    assert report["sandbox"]["mechanisms"]["network"] in ("namespace", "none")
    stub = prep("grade", "01", "--sandbox", "local")
    assert stub.returncode == 1, stub.stderr
    assert "BELOW-JUNIOR" in stub.stdout and "score 0/100" in stub.stdout
    assert "isolates by process only" in stub.stdout


def test_grade_falls_back_to_the_local_sandbox_when_no_engine_answers(tmp_path: Path) -> None:
    solution = catalog.find("01").solution_dir
    no_engine = {"DOCKER_HOST": f"unix://{tmp_path}/no-engine.sock"}
    graded = prep("grade", "01", "--submission", str(solution), "--format", "json", env=no_engine)
    assert graded.returncode == 0, graded.stderr
    assert json.loads(graded.stdout)["sandbox"]["backend"] == "local"
    assert "warning: grading in the local sandbox" in graded.stderr
    assert "no Docker engine answers" in graded.stderr


@pytest.mark.parametrize(
    ("submission", "code", "words"),
    [
        ("broken_import", "startup-crash", "No module named 'definitely_not_installed'"),
        ("hangs_at_startup", "startup-timeout", "within 4s"),
        ("memory_hog", "oom", "more than 256 MiB"),
    ],
)
def test_untestable_app_gets_zero_and_one_clear_error(
    local: Recording, submission: str, code: str, words: str
) -> None:
    exercise = with_limits(catalog.find("01"), startup_timeout=4)
    start = time.monotonic()
    report = grade(exercise, FAILURES / submission, local)
    assert (report.score, report.verdict) == (0.0, "below-junior")
    assert [e.code for e in report.errors] == [code], report.errors
    assert words in report.errors[0].message
    if code == "oom":
        assert "MemoryError" in report.errors[0].log_tail
    assert time.monotonic() - start < 4 + 15
    assert local.run_ids and local.leftovers() == []


def test_an_app_stuck_on_shutdown_fails_the_graceful_shutdown_check(local: Recording) -> None:
    exercise: Exercise = catalog.find("91", FIXTURES)
    clean = grade(exercise, exercise.solution_dir, local)
    assert (clean.score, clean.errors) == (100.0, ())
    stuck = grade(exercise, FAILURES / "stuck_on_shutdown", local)
    assert {c.id: c.passed for c in stuck.criteria} == {"serves": True, "clean-exit": False}
    assert [e.code for e in stuck.errors] == ["shutdown-timeout"]
    assert local.leftovers() == []


NETWORK_APP = """
import socket
from fastapi import FastAPI

app = FastAPI()

@app.get("/connect")
def connect(host: str, port: int) -> str:
    try:
        socket.create_connection((host, port), timeout=2).close()
        return "connected"
    except OSError as exc:
        return type(exc).__name__
"""


def network_suite(host_port: int, routable_checks: bool) -> str:
    # 192.0.2.1 (TEST-NET-1) is only tried where a namespace is in force: it
    # must fail at once there, and must never be sent on a real network.
    return f"""
import socket
import pytest

def test_app_reaches_itself(client):
    answer = client.get("/connect", params={{"host": "127.0.0.1", "port": 8000}}).json()
    assert answer == "connected"

def test_app_cannot_reach_the_hosts_loopback(client):
    answer = client.get("/connect", params={{"host": "127.0.0.1", "port": {host_port}}}).json()
    assert answer == "ConnectionRefusedError"

@pytest.mark.skipif(not {routable_checks}, reason="no network namespace")
def test_app_has_no_route_out(client):
    answer = client.get("/connect", params={{"host": "192.0.2.1", "port": 9}}).json()
    assert answer == "OSError"

def test_tester_cannot_reach_the_hosts_loopback():
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", {host_port}), timeout=2)
"""


@pytest.fixture
def host_listener() -> Iterator[socket.socket]:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listener.setblocking(False)
        yield listener


def test_neither_app_nor_tester_reaches_the_host_network(
    local: Recording, tmp_path: Path, host_listener: socket.socket
) -> None:
    confinement = local.inner.confinement
    if confinement.namespace is None:
        pytest.skip(f"no network namespace here: {confinement.reason}")
    port = host_listener.getsockname()[1]
    job = make_job(tmp_path, network_suite(port, True), app=NETWORK_APP)
    outcome = local.run(job)
    assert outcomes(outcome) == {
        "test_app_reaches_itself": "passed",
        "test_app_cannot_reach_the_hosts_loopback": "passed",
        "test_app_has_no_route_out": "passed",
        "test_tester_cannot_reach_the_hosts_loopback": "passed",
    }, outcome.results
    with pytest.raises(BlockingIOError):
        host_listener.accept()  # nothing arrived from inside
    with socket.create_connection(("127.0.0.1", port), timeout=2):
        time.sleep(0.1)
        host_listener.accept()[0].close()  # while the host itself gets through


def test_an_unprivileged_user_gets_a_user_namespace(tmp_path: Path) -> None:
    """As root, run `prep grade` as nobody, with this Python made reachable
    the way the root backend does it (a mount view), and check what it chose."""
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        pytest.skip("needs root to become another user")
    probe = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
    if subprocess.run([*probe, "unshare", "--user", "--map-root-user", "true"]).returncode:
        pytest.skip("unprivileged user namespaces are disabled here")
    if not ROOT.stat().st_mode & stat.S_IXOTH:
        pytest.skip(f"{ROOT} is closed to other users")
    view = tmp_path / "view"
    reachable = _views_for([*_interpreter_paths(), ROOT.resolve()])  # Python and this checkout
    views = [
        [str(view / str(n)), folder, list(children)]
        for n, (folder, children) in enumerate(reachable)
    ]
    for spec in views:
        Path(str(spec[0])).mkdir(parents=True)
    solution = catalog.find("01").solution_dir
    grade_as_nobody = [*probe, "env", f"PYTHONPATH={ROOT}", "HOME=/tmp", sys.executable]
    grade_as_nobody += [str(ROOT / "cli.py"), "grade", "01", "--submission", str(solution)]
    grade_as_nobody += ["--sandbox", "local", "--format", "json"]
    script = (
        "import json, os, sys\n"
        "from grader.sandbox.namespace_holder import apply_views\n"
        "apply_views(json.loads(sys.argv[1]))\n"
        "os.execvp(sys.argv[2], sys.argv[2:])\n"
    )
    done = subprocess.run(
        [
            "unshare",
            "--mount",
            "--propagation",
            "private",
            sys.executable,
            "-c",
            script,
            json.dumps(views),
            *grade_as_nobody,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["score"] == 100.0
    mechanisms = report["sandbox"]["mechanisms"]
    assert mechanisms["network"] == "namespace" and mechanisms["namespaces"].startswith("user,")
    assert mechanisms["user"] == "the grader's user"

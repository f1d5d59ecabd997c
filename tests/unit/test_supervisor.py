"""The supervisor on the host: mirrors the app, restarts it on request, and
the tester's AppControl reads its answers."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from grader.harness.plugin import AppControl, AppLog
from grader.harness.runner import wait_for_port
from tests.conftest import ROOT

APP = """
import os, sys
from fastapi import FastAPI

if os.environ.get("MODE") == "broken":
    sys.exit("config: MODE=broken is not valid")
app = FastAPI()

@app.get("/")
def index() -> dict:
    print("served", os.environ.get("MODE", "default"), flush=True)
    return {"mode": os.environ.get("MODE", "default"), "cwd_files": sorted(os.listdir("."))}
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start(tmp_path: Path, source: str, port: int) -> subprocess.Popen[bytes]:
    (tmp_path / "sub" / "app").mkdir(parents=True)
    (tmp_path / "sub" / "app" / "__init__.py").write_text("")
    (tmp_path / "sub" / "app" / "main.py").write_text(source)
    (tmp_path / "control").mkdir()
    env = os.environ | {
        "PREP_CONTROL_DIR": str(tmp_path / "control"),
        "PREP_APP_DIR": str(tmp_path / "sub"),
        "PREP_APP_PORT": str(port),
        "PYTHONPATH": str(ROOT),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "grader.harness.supervisor"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        start_new_session=True,  # one process group: the test ends it with the app
    )


def end(supervisor: subprocess.Popen[bytes]) -> None:
    """Kill the supervisor and every app it started."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(supervisor.pid, signal.SIGKILL)
    supervisor.wait()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], AppControl, int]]:
    port = free_port()
    supervisor = start(tmp_path, APP, port)
    try:
        assert wait_for_port("127.0.0.1", port, 20) is not None, "the app never came up"
        yield supervisor, AppControl(tmp_path / "control"), port
    finally:
        end(supervisor)


def get(port: int) -> dict[str, object]:
    import httpx

    return dict(httpx.get(f"http://127.0.0.1:{port}/", timeout=5).json())


def test_restart_applies_env_and_files_and_reports_the_stop(served) -> None:  # type: ignore[no-untyped-def]
    supervisor, control, port = served
    assert get(port)["mode"] == "default"
    log = AppLog(control)
    assert "served default" in log.wait_for(lambda text: "served" in text)

    started = control.restart(env={"MODE": "blue"}, files={".env": "X=1\n"})
    assert started.ready and started.generation == 1
    assert get(port) == {"mode": "blue", "cwd_files": [".env"]}
    assert started.previous.exit_code in (0, 143) and not started.previous.killed
    assert "served default" in started.previous.log


def test_a_generation_that_fails_reports_its_exit_and_message(served) -> None:  # type: ignore[no-untyped-def]
    supervisor, control, port = served
    failed = control.restart(env={"MODE": "broken"})
    assert (failed.ready, failed.exit_code) == (False, 1)
    assert "MODE=broken is not valid" in failed.log
    assert supervisor.poll() is None, "after a restart the supervisor waits for the next request"
    assert control.restart(env={"MODE": None}).ready
    assert get(port)["mode"] == "default"


def test_sigterm_stops_the_app_and_mirrors_its_exit(served) -> None:  # type: ignore[no-untyped-def]
    supervisor, control, port = served
    supervisor.send_signal(signal.SIGTERM)
    assert supervisor.wait(timeout=15) in (0, 143)


def test_an_app_that_dies_at_startup_ends_the_supervisor_with_its_code(tmp_path: Path) -> None:
    supervisor = start(tmp_path, "raise SystemExit(3)\n", free_port())
    try:
        assert supervisor.wait(timeout=20) == 3
    finally:
        end(supervisor)


def test_a_job_runs_in_a_fresh_copy_with_files_replaced(served, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    supervisor, control, port = served
    check = "import app.main, pathlib; print(pathlib.Path('app/main.py').read_text())"
    replaced = control.run_job(["-c", check], files={"app/main.py": "MUTANT = 1\n"})
    assert (replaced.exit_code, replaced.output) == (0, "MUTANT = 1\n\n")
    assert "FastAPI" in (tmp_path / "sub" / "app" / "main.py").read_text(), "original untouched"
    failing = control.run_job(["-c", "raise SystemExit(4)"])
    assert failing.exit_code == 4 and not failing.timed_out
    slow = control.run_job(["-c", "import time; time.sleep(30)"], timeout=0.5)
    assert slow.timed_out and slow.exit_code is None
    with pytest.raises(RuntimeError, match="outside the submission"):
        control.run_job(["-c", "pass"], files={"../escape.py": "x"})
    assert not (tmp_path / "escape.py").exists()
    assert get(port)["mode"] == "default", "the served app keeps running"

"""The sandbox's promises, observed from inside the app container."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import docker
import pytest

from grader import catalog
from grader.grading import grade
from grader.sandbox.container import LABEL, DockerSandbox, sweep_orphans
from tests.conftest import ROOT, SUBMISSIONS

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "exercises"


def labelled_containers(client: docker.DockerClient, pid: int | None = None) -> list[str]:
    """Containers of ours, or of the grader process ``pid``."""
    selector = {"label": f"{LABEL}.pid={pid}"} if pid else {"label": LABEL}
    return [c.name for c in client.containers.list(all=True, filters=selector)]


def test_app_container_is_isolated(docker_sandbox: DockerSandbox) -> None:
    exercise = catalog.find("90", FIXTURES)
    report = grade(exercise, exercise.solution_dir, docker_sandbox)
    broken = {c.id: c.evidence[0].message for c in report.missed}
    assert broken == {} and report.score == 100.0


def test_probe_fails_when_a_promise_is_broken(docker_sandbox: DockerSandbox) -> None:
    """The probe itself can fail: the stub has no /probe, so every criterion is missed."""
    exercise = catalog.find("90", FIXTURES)
    report = grade(exercise, exercise.stub_dir, docker_sandbox)
    assert report.score == 0.0


def test_orphans_of_dead_grader_processes_are_swept(docker_sandbox: DockerSandbox) -> None:
    client = docker_sandbox.client
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    labels = {LABEL: "1", f"{LABEL}.pid": dead, f"{LABEL}.host": os.uname().nodename}
    orphan = client.containers.create(docker_sandbox.image, ["true"], labels=labels)
    orphan_volume = client.volumes.create(labels=labels)
    mine = client.containers.create(
        docker_sandbox.image, ["true"], labels=labels | {f"{LABEL}.pid": str(os.getpid())}
    )
    try:
        assert sweep_orphans(client) >= 1
        names = labelled_containers(client)
        assert orphan.name not in names and mine.name in names
        volumes = client.api.volumes(filters={"label": LABEL}).get("Volumes") or []
        assert orphan_volume.name not in [v["Name"] for v in volumes]
    finally:
        mine.remove(force=True)


@pytest.mark.parametrize("delay", [0.0, 1.5], ids=["while-starting", "while-waiting"])
def test_ctrl_c_leaves_no_container_behind(docker_sandbox: DockerSandbox, delay: float) -> None:
    client = docker_sandbox.client
    command = [
        sys.executable,
        str(ROOT / "cli.py"),
        "grade",
        "01",
        "--submission",
        str(SUBMISSIONS / "failures" / "hangs_at_startup"),
    ]
    process = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        deadline = time.monotonic() + 30
        while not labelled_containers(client, process.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert labelled_containers(client, process.pid), "grading never started a container"
        time.sleep(delay)
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=30)
    finally:
        process.kill()
    assert process.returncode == 130, err
    assert "Traceback" not in err and "interrupted" in err
    assert labelled_containers(client, process.pid) == []
    volumes = client.api.volumes(filters={"label": f"{LABEL}.pid={process.pid}"})
    assert volumes.get("Volumes") in (None, [])


def test_hardening_arguments_hold_the_secure_defaults() -> None:
    from grader.sandbox.base import SandboxLimits
    from grader.sandbox.container import hardened

    options = hardened(SandboxLimits(), memory_mb=256, pids=128, run_id="x")
    assert options["cap_drop"] == ["ALL"] and options["read_only"] is True
    assert options["security_opt"] == ["no-new-privileges"]
    assert options["user"] != "root" and not options["user"].startswith("0")
    assert options["mem_limit"] == options["memswap_limit"] == "256m"
    assert options["pids_limit"] == 128 and options["nano_cpus"] == 1_000_000_000

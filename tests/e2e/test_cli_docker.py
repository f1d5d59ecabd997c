"""The prep command as users type it, through the real Docker sandbox."""

from __future__ import annotations

import json
import subprocess
import sys

from grader import catalog
from grader.sandbox.container import DockerSandbox
from tests.conftest import ROOT


def prep(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "cli.py"), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_grade_exit_codes_and_json_through_docker(docker_sandbox: DockerSandbox) -> None:
    solution = str(catalog.find("01").solution_dir)
    graded = prep("grade", "exercise_01", "--submission", solution, "--format", "json")
    report = json.loads(graded.stdout)
    assert graded.returncode == 0, graded.stderr
    assert (report["verdict"], report["score"], report["sandbox"]["backend"]) == (
        "senior",
        100.0,
        "docker",
    )
    stub = prep("grade", "1")
    assert stub.returncode == 1 and "Verdict: BELOW-JUNIOR" in stub.stdout
    assert "To work on:" in stub.stdout and stub.stderr.count("Traceback") == 0


def test_validate_proves_an_exercise_through_the_cli(docker_sandbox: DockerSandbox) -> None:
    """`prep validate` in the CLI; every exercise is validated in test_determinism."""
    done = prep("validate", "01")
    lines = [line for line in done.stdout.splitlines() if line.strip().startswith(("✓", "✗"))]
    assert done.returncode == 0, done.stdout + done.stderr
    assert lines == ["✓ exercise_01: solution 100 (senior), stub 0 (below-junior)"]


def test_doctor_reports_everything_ready(docker_sandbox: DockerSandbox) -> None:
    done = prep("doctor")
    assert done.returncode == 0, done.stdout
    assert "✓ docker engine" in done.stdout and f"{docker_sandbox.image} (current)" in done.stdout


def test_missing_image_is_exit_3_in_one_line(docker_sandbox: DockerSandbox) -> None:
    import os

    env = os.environ | {"PREP_IMAGE_BASE": "python"}  # a tag this machine has not built
    command = [sys.executable, str(ROOT / "cli.py"), "grade", "01", "--sandbox", "docker"]
    done = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 3 and done.stdout == ""
    assert done.stderr.strip().endswith("is not built; run `prep image build`")
    assert done.stderr.count("\n") == 1

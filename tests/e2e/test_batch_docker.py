"""`prep batch` end to end through Docker: a dozen submissions of exercise_01,
two at a time, with a near-copy pair, a hanging app and a zip-slip archive."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import signal
import subprocess
import sys
import tarfile
import time
import zipfile
from pathlib import Path

import docker

from grader import catalog
from grader.sandbox.container import LABEL, DockerSandbox
from tests.conftest import ROOT, SUBMISSIONS

EXERCISE = catalog.find("01")


def exercises_copy(tmp_path: Path) -> Path:
    """exercise_01 with a short startup limit, so the hanging app costs seconds."""
    root = tmp_path / "exercises"
    target = root / EXERCISE.root.name
    shutil.copytree(EXERCISE.root, target, ignore=shutil.ignore_patterns("__pycache__"))
    manifest = target / "exercise.toml"
    text = re.sub(r"startup_timeout = \d+", "startup_timeout = 5", manifest.read_text())
    manifest.write_text(text if "startup_timeout = 5" in text else
                        text.replace("[limits]", "[limits]\nstartup_timeout = 5"))  # fmt: skip
    return root


def app(folder: Path, source: Path) -> None:
    shutil.copytree(source, folder / "app", ignore=shutil.ignore_patterns("__pycache__"))


def make_submissions(root: Path) -> Path:
    folder = root / "submissions"
    for name in ("sol_a", "sol_b"):
        app(folder / name, EXERCISE.solution_dir)
    for name in ("stub_a", "stub_b", "stub_c"):
        app(folder / name, EXERCISE.stub_dir)
    for name in ("junior_a", "junior_b"):
        app(folder / name, SUBMISSIONS / "exercise_01" / "junior")
    # a near-copy of the junior answer: names changed, a comment added
    app(folder / "copycat", SUBMISSIONS / "exercise_01" / "junior")
    main = folder / "copycat" / "app" / "main.py"
    disguised = main.read_text()
    for old, new in (("next_id", "counter"), ("new_item", "created"), ("result", "found")):
        disguised = disguised.replace(old, new)
    main.write_text(disguised + "\n# my own work\n")
    app(folder / "hangs", SUBMISSIONS / "failures" / "hangs_at_startup")
    app(folder / "crashes", SUBMISSIONS / "failures" / "broken_import")
    with zipfile.ZipFile(folder / "slippy.zip", "w") as archive:
        archive.writestr("app/main.py", "app = None\n")
        archive.writestr("../../outside.py", "print('escaped')\n")
    with tarfile.open(folder / "packed.tar.gz", "w:gz") as archive:
        archive.add(EXERCISE.solution_dir, arcname="app")
    return folder


def batch(folder: Path, out: Path, exercises: Path, *extra: str) -> subprocess.Popen[str]:
    env = os.environ | {"PREP_EXERCISES_DIR": str(exercises)}
    command = [sys.executable, str(ROOT / "cli.py"), "batch", str(folder),
               "--exercise", "01", "--out", str(out), "--jobs", "2", *extra]  # fmt: skip
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def left_behind(client: docker.DockerClient, pid: int) -> list[str]:
    """Containers and volumes the grader process ``pid`` started and did not remove."""
    selector = {"label": f"{LABEL}.pid={pid}"}
    containers = [c.name for c in client.containers.list(all=True, filters=selector)]
    volumes = client.api.volumes(filters=selector).get("Volumes") or []
    return containers + [v["Name"] for v in volumes]


def test_a_batch_ranks_flags_refuses_and_cleans_up(
    docker_sandbox: DockerSandbox, tmp_path: Path
) -> None:
    exercises = exercises_copy(tmp_path)
    folder = make_submissions(tmp_path)
    out = tmp_path / "reports"
    start = time.monotonic()
    process = batch(folder, out, exercises)
    stdout, stderr = process.communicate(timeout=600)
    first_run = time.monotonic() - start
    assert process.returncode == 0, stderr[-2000:]
    table = list(csv.DictReader(io.StringIO((out / "leaderboard.csv").read_text())))
    rows = {t["candidate"]: t for t in table}
    assert len(rows) == 12
    top = [t["candidate"] for t in table[:3]]
    assert sorted(top) == ["packed", "sol_a", "sol_b"] and table[0]["score"] == "100"
    assert {rows[n]["verdict"] for n in ("junior_a", "junior_b", "copycat")} == {"junior"}
    assert {rows[n]["verdict"] for n in ("stub_a", "stub_b", "stub_c")} == {"below-junior"}
    assert rows["hangs"]["errors"] == "startup-timeout"
    assert rows["crashes"]["errors"] == "startup-crash"
    assert rows["slippy"]["status"] == "refused" and "outside" in rows["slippy"]["errors"]
    assert table[-1]["candidate"] == "slippy"
    assert rows["copycat"]["flagged"] == "1" and rows["copycat"]["closest"] in (
        "junior_a", "junior_b")  # fmt: skip
    assert rows["stub_a"]["flagged"] == "0", "the untouched stub is not a copy of anyone"
    assert not (tmp_path / "outside.py").exists()
    assert left_behind(docker_sandbox.client, process.pid) == []
    assert (out / "leaderboard.html").is_file() and (out / "sol_a" / "report.html").is_file()

    # A rerun keeps every valid report: nothing is graded again.
    start = time.monotonic()
    again = batch(folder, out, exercises)
    _, stderr = again.communicate(timeout=300)
    assert again.returncode == 0, stderr[-2000:]
    assert time.monotonic() - start < first_run / 2
    assert "(kept)" in stderr or not stderr  # progress lines go to stderr when not a TTY


def test_ctrl_c_keeps_finished_reports_and_leaves_no_container(
    docker_sandbox: DockerSandbox, tmp_path: Path
) -> None:
    exercises = exercises_copy(tmp_path)
    folder = tmp_path / "submissions"
    app(folder / "a_solution", EXERCISE.solution_dir)
    for name in ("b_hangs", "c_hangs", "d_hangs"):
        app(folder / name, SUBMISSIONS / "failures" / "hangs_at_startup")
    out = tmp_path / "reports"
    process = batch(folder, out, exercises, "--jobs", "1")
    try:
        deadline = time.monotonic() + 120
        while not (out / "a_solution" / "report.json").exists():
            assert time.monotonic() < deadline, "the first report never came"
            time.sleep(0.2)
        time.sleep(1.0)  # the next grading is under way
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == 130, stderr[-2000:]
    assert "Traceback" not in stderr
    assert (out / "a_solution" / "report.json").is_file()
    assert left_behind(docker_sandbox.client, process.pid) == []

"""`prep ci` end to end: a throwaway repo, one touched exercise, real Docker."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from junitparser import JUnitXml

from grader import catalog
from grader.sandbox.container import DockerSandbox
from tests.conftest import ROOT, SUBMISSIONS
from tests.gitrepo import git, make_repo, replace_app


def prep_ci(repo: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = os.environ | {
        "PREP_EXERCISES_DIR": str(repo / "exercises"),
        "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
    }
    env.pop("GITHUB_BASE_REF", None)
    return subprocess.run(
        [sys.executable, str(ROOT / "cli.py"), "ci", "--base", "main", *args],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_prep_ci_grades_only_the_touched_exercise(
    docker_sandbox: DockerSandbox, tmp_path: Path
) -> None:
    repo = make_repo(tmp_path, ["01", "03"])
    replace_app(repo, "01", catalog.find("01").solution_dir)
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "solve 01")

    junit, html = tmp_path / "junit.xml", tmp_path / "html"
    done = prep_ci(repo, tmp_path, "--junit", str(junit), "--html-dir", str(html))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "grading 1 exercise(s)" in done.stdout and "exercise_03" not in done.stdout
    summary = (tmp_path / "summary.md").read_text()
    assert "exercise_01" in summary and "**senior**" in summary
    suites = list(JUnitXml.fromfile(str(junit)))
    assert [s.name.split()[0] for s in suites] == ["exercise_01"] and suites[0].failures == 0
    assert [p.name for p in html.iterdir()] == ["exercise_01.html"]

    replace_app(repo, "01", SUBMISSIONS / "exercise_01" / "junior")
    below = prep_ci(repo, tmp_path, "--min-level", "senior")
    assert below.returncode == 1, below.stdout + below.stderr
    assert "Verdict: JUNIOR" in below.stdout

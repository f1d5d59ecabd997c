"""A throwaway git repository holding copies of some exercises, for `prep ci` tests."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from grader import catalog


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args], check=True, capture_output=True, text=True
    ).stdout


def make_repo(root: Path, exercise_ids: list[str]) -> Path:
    """A repo on branch main with ``exercises/<copies>`` committed, then a
    ``candidate`` branch checked out."""
    repo = root / "repo"
    for exercise_id in exercise_ids:
        source = catalog.find(exercise_id).root
        shutil.copytree(
            source, repo / "exercises" / source.name, ignore=shutil.ignore_patterns("__pycache__")
        )
    git(root, "init", "-q", "-b", "main", str(repo))
    git(repo, "config", "user.email", "ci@example.invalid")
    git(repo, "config", "user.name", "CI")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "exercises")
    git(repo, "checkout", "-q", "-b", "candidate")
    return repo


def app_dir(repo: Path, exercise_id: str) -> Path:
    return catalog.find(exercise_id, repo / "exercises").stub_dir


def replace_app(repo: Path, exercise_id: str, source: Path) -> None:
    """Put ``source`` (a folder laid out like app/) in place of the exercise's app/."""
    target = app_dir(repo, exercise_id)
    shutil.rmtree(target)
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))

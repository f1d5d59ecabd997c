"""Grading on pull requests: which exercises did a change touch?

An exercise is touched when a file under its ``app/`` differs between the
merge base of ``base`` and the working tree (committed or not), or is new
and untracked. Only git's plumbing is used, through ``subprocess``.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable, Sequence
from pathlib import Path

from .catalog import Exercise
from .errors import UsageError


def default_base() -> str:
    """The branch a pull request targets, as CI systems name it; else main."""
    for variable in ("GITHUB_BASE_REF", "CI_MERGE_REQUEST_TARGET_BRANCH_NAME"):
        branch = os.environ.get(variable)
        if branch:
            return f"origin/{branch}"
    return "main"


def git(repo: Path, *args: str) -> str:
    try:
        done = subprocess.run(
            ["git", "-C", str(repo), *args], capture_output=True, text=True, check=False
        )
    except FileNotFoundError:
        raise UsageError("git is not installed; prep ci needs it") from None
    if done.returncode != 0:
        reason = (done.stderr.strip().splitlines() or ["failed"])[-1]
        raise UsageError(f"git {' '.join(args)}: {reason}")
    return done.stdout


def repository_root(start: Path) -> Path:
    return Path(git(start, "rev-parse", "--show-toplevel").strip())


def changed_files(repo: Path, base: str) -> list[Path]:
    """Absolute paths changed since the merge base with ``base``, plus untracked ones."""
    try:
        merge_base = git(repo, "merge-base", base, "HEAD").strip()
    except UsageError:
        raise UsageError(
            f"cannot compare with {base!r}: no such branch or commit here "
            "(fetch it, or pass --base REF)"
        ) from None
    names = git(repo, "diff", "--name-only", "-z", merge_base).split("\0")
    names += git(repo, "ls-files", "--others", "--exclude-standard", "-z").split("\0")
    return sorted({(repo / name).resolve() for name in names if name})


def touched(exercises: Iterable[Exercise], changed: Sequence[Path]) -> list[Exercise]:
    """The exercises with a changed file under their ``app/``."""
    return [
        exercise
        for exercise in exercises
        if any(path.is_relative_to(exercise.stub_dir.resolve()) for path in changed)
    ]

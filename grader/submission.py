"""Take a submission from a folder, safely, into a staging folder.

The staging folder holds ``app/`` and nothing else: a copy of the candidate's
app package with caches skipped, symlinks and special files refused, and
limits on file count, size, folder depth and the amount of Python source (the
static checks hold every module's syntax tree in the grader's memory: a
megabyte of dense source takes some 400 MB). File names must be UTF-8 with no
control characters. The original is only ever read.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from .errors import SubmissionRejected

SKIPPED_DIRS = frozenset(
    {
        "__pycache__",
        ".git",
        ".venv",
        "venv",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        "node_modules",
    }
)
SKIPPED_SUFFIXES = (".pyc", ".pyo")
MAX_DEPTH = 32  # folders inside app/
# Control characters (newlines, escapes) in a name only serve to confuse the
# people and the tools that read it back.
UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class IntakeLimits:
    max_files: int = 500
    max_file_bytes: int = 1_000_000
    max_total_bytes: int = 5_000_000
    max_source_bytes: int = 256_000  # all .py files together; the solutions take ~20 kB


@dataclass(frozen=True)
class StagedSubmission:
    source: Path
    root: Path
    files: tuple[str, ...]
    sha256: str

    @property
    def app_dir(self) -> Path:
        return self.root / "app"


def locate_app(path: Path) -> Path:
    """The app package inside ``path``: ``path/app`` or ``path`` itself."""
    if not path.exists():
        raise SubmissionRejected(f"submission {path} does not exist")
    if not path.is_dir():
        raise SubmissionRejected(f"submission {path} is not a folder")
    for candidate in (path / "app", path):
        if (candidate / "main.py").is_file() and not (candidate / "main.py").is_symlink():
            if candidate.is_symlink():  # app -> somebody else's app, e.g. the solution
                raise SubmissionRejected(f"symlink {candidate.name} is not allowed")
            return candidate
    raise SubmissionRejected(f"submission {path} has no app/main.py (nor main.py)")


def stage(path: Path, workdir: Path, limits: IntakeLimits = IntakeLimits()) -> StagedSubmission:
    """Copy the app package found in ``path`` to ``workdir/submission/app``."""
    source = locate_app(path.resolve())
    root = workdir / "submission"
    target = root / "app"
    target.mkdir(parents=True)
    digest = hashlib.sha256()
    copied: list[str] = []
    total = source_bytes = 0
    for relative in _walk(source, limits):
        data = _read_checked(source, relative, limits)
        total += len(data)
        source_bytes += len(data) if relative.endswith(".py") else 0
        if total > limits.max_total_bytes:
            raise SubmissionRejected(f"submission is larger than {_size(limits.max_total_bytes)}")
        if source_bytes > limits.max_source_bytes:
            raise SubmissionRejected(
                f"submission has more than {_size(limits.max_source_bytes)} of Python source"
            )
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes(data)
        copied.append(relative)
        digest.update(relative.encode() + b"\0" + data + b"\0")
    _make_readable(root)
    return StagedSubmission(path, root, tuple(copied), digest.hexdigest())


def _walk(source: Path, limits: IntakeLimits) -> list[str]:
    """The files to copy, relative to ``source``, folder by folder in name order.

    Without recursion, and stopping as soon as a limit is passed: a submission
    of a million files or of folders nested a thousand deep is refused quickly.
    """
    found: list[str] = []
    folders = 0
    pending = [(source, 0)]
    while pending:
        folder, depth = pending.pop()
        if depth > MAX_DEPTH:
            raise SubmissionRejected(f"folders are nested more than {MAX_DEPTH} deep")
        dirs, files = _list(source, folder, len(found), limits)
        found += files
        folders += len(dirs)
        if folders > limits.max_files:
            raise SubmissionRejected(f"submission has more than {limits.max_files} folders")
        pending += [(source / d, depth + 1) for d in reversed(dirs)]
    return found


def _list(
    source: Path, folder: Path, already: int, limits: IntakeLimits
) -> tuple[list[str], list[str]]:
    """Sub-folders and files to copy in ``folder``, relative to ``source`` and
    sorted; caches are skipped, symlinks and unsafe names refused, and too many
    files refused as soon as they are seen (``already`` found elsewhere)."""
    dirs: list[str] = []
    files: list[str] = []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                is_dir = entry.is_dir()  # a symlink to a folder counts as one, as in os.walk
                if _skipped(entry.name, is_dir):
                    continue
                relative = Path(entry.path).relative_to(source).as_posix()
                _check_name(relative)
                if entry.is_symlink():
                    raise SubmissionRejected(f"symlink {relative} is not allowed")
                (dirs if is_dir else files).append(relative)
                if already + len(files) > limits.max_files:
                    raise SubmissionRejected(f"submission has more than {limits.max_files} files")
    except OSError as exc:
        where = folder.relative_to(source).as_posix()
        raise SubmissionRejected(f"cannot read folder {where}: {exc.strerror}") from exc
    return sorted(dirs), sorted(files)


def _skipped(name: str, is_dir: bool) -> bool:
    return name in SKIPPED_DIRS if is_dir else name.endswith(SKIPPED_SUFFIXES)


def _check_name(relative: str) -> None:
    try:
        relative.encode("utf-8")
    except UnicodeEncodeError:
        raise SubmissionRejected(f"file name {relative!r} is not UTF-8") from None
    if UNSAFE_NAME.search(relative):
        raise SubmissionRejected(f"file name {relative!r} has control characters")


def _read_checked(source: Path, relative: str, limits: IntakeLimits) -> bytes:
    path = source / relative
    mode = path.lstat().st_mode
    if stat.S_ISLNK(mode):
        raise SubmissionRejected(f"symlink {relative} is not allowed")
    if not stat.S_ISREG(mode):
        raise SubmissionRejected(f"{relative} is not a regular file")
    if path.stat().st_size > limits.max_file_bytes:
        raise SubmissionRejected(f"{relative} is larger than {_size(limits.max_file_bytes)}")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise SubmissionRejected(f"cannot read {relative}: {exc.strerror}") from exc


def _size(limit: int) -> str:
    return f"{limit / 1_000_000:g} MB" if limit >= 1_000_000 else f"{limit / 1000:g} kB"


def _make_readable(root: Path) -> None:
    """The sandbox runs as an unprivileged user: it must read, never write."""
    for folder, _dirs, files in os.walk(root):
        os.chmod(folder, 0o755)
        for name in files:
            os.chmod(Path(folder) / name, 0o644)

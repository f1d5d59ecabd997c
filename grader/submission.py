"""Take a submission from a folder, safely, into a staging folder.

The staging folder holds ``app/`` and nothing else: a copy of the candidate's
app package with caches skipped, symlinks and special files refused, and
limits on file count and size. The original is only ever read.
"""

from __future__ import annotations

import hashlib
import os
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


@dataclass(frozen=True)
class IntakeLimits:
    max_files: int = 500
    max_file_bytes: int = 1_000_000
    max_total_bytes: int = 5_000_000


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
    total = 0
    for relative in _walk(source):
        data = _read_checked(source, relative, limits)
        total += len(data)
        if len(copied) >= limits.max_files:
            raise SubmissionRejected(f"submission has more than {limits.max_files} files")
        if total > limits.max_total_bytes:
            raise SubmissionRejected(f"submission is larger than {_size(limits.max_total_bytes)}")
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes(data)
        copied.append(relative)
        digest.update(relative.encode() + b"\0" + data + b"\0")
    _make_readable(root)
    return StagedSubmission(path, root, tuple(copied), digest.hexdigest())


def _walk(source: Path) -> list[str]:
    found: list[str] = []
    for folder, dirs, files in os.walk(source, followlinks=False):
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRS)
        for name in dirs:
            if (Path(folder) / name).is_symlink():
                raise SubmissionRejected(f"symlink {_rel(source, folder, name)} is not allowed")
        for name in sorted(files):
            if not name.endswith(SKIPPED_SUFFIXES):
                found.append(_rel(source, folder, name))
    return found


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


def _rel(source: Path, folder: str, name: str) -> str:
    return (Path(folder) / name).relative_to(source).as_posix()


def _make_readable(root: Path) -> None:
    """The sandbox runs as an unprivileged user: it must read, never write."""
    for folder, _dirs, files in os.walk(root):
        os.chmod(folder, 0o755)
        for name in files:
            os.chmod(Path(folder) / name, 0o644)

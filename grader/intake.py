"""Turn what a candidate hands in into a folder that ``submission.stage()`` takes.

A submission is a folder, a ``.zip``, a ``.tar``/``.tar.gz``/``.tgz``, a git
bundle (``.bundle``, graded at its HEAD) or any of a git repository or bundle
at a ref, written ``PATH@REF`` (``repo@main``, ``alice.bundle@v1``). A folder
without a ref is taken as it is, untouched.

Archives are read entry by entry and written by this module only: names that
leave the folder (``..``, absolute paths), symlinks, hard links, device files
and encrypted entries are refused; declared sizes are checked first, then the
real bytes are counted while writing (headers may lie); archives that expand
beyond ``MAX_RATIO`` are refused; nested archives stay files. Git sources are
cloned bare (no checkout, so no hooks and no LFS smudging, only local paths and
bundles, never a URL) and exported with ``git archive`` through the same tar
reader, so a committed symlink is refused like an archived one. Every refusal
is one ``SubmissionRejected`` line naming the file; nothing is ever written
outside ``into``.
"""

from __future__ import annotations

import contextlib
import gzip
import os
import re
import shutil
import stat
import subprocess
import tarfile
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import IO, Protocol

from .catalog import Exercise
from .errors import InfrastructureError, SubmissionRejected, UsageError
from .submission import SKIPPED_DIRS, SKIPPED_SUFFIXES, IntakeLimits

ARCHIVE_KINDS = {".zip": "zip", ".tar": "tar", ".tar.gz": "tar", ".tgz": "tar", ".bundle": "bundle"}
MAX_RATIO = 100  # expanded bytes per byte of archive
RATIO_FLOOR = 1_000_000  # tar padding compresses to nothing: small archives skip the ratio
TAR_ENTRY_OVERHEAD = 2048  # header, padding and a long-name or pax header per entry
BUNDLE_FACTOR = 10  # a bundle carries history: it may be this many times the total limit
GIT_TIMEOUT = 60
CHUNK = 64 * 1024
IGNORED_NAMES = frozenset({"__MACOSX", ".DS_Store"})  # what macOS adds to every zip
URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:/|^[^/@\s]+@[^/:\s]+:")
SAFE_REF = re.compile(r"^[\w][\w./@{}^~+-]*$")
DEFAULT_LIMITS = IntakeLimits()


class Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


def unpack(
    source: Path, into: Path, ref: str | None = None, limits: IntakeLimits = DEFAULT_LIMITS
) -> Path:
    """The folder holding the submission found at ``source`` (``PATH@REF`` allowed).

    A folder without a ref is returned as it is; anything else is written under
    ``into`` (created, must be empty) and the returned folder is the content's
    root: the archive's single top-level folder when it has one.
    """
    path, ref = split_ref(source, ref)
    kind = _kind(path)
    if kind == "folder" and ref is None:
        return path
    if ref is not None and kind not in ("folder", "bundle"):
        raise SubmissionRejected(f"{path.name}: a ref (@{ref}) needs a git repository or bundle")
    tree = _fresh(into) / "tree"
    if kind in ("folder", "bundle"):
        _export_git(path, ref or "HEAD", into, tree, limits)
    elif kind == "zip":
        _extract_zip(path, _Extraction(tree, path.name, limits))
    else:
        _extract_tar_file(path, _Extraction(tree, path.name, limits))
    return content_root(tree)


def split_ref(source: Path, ref: str | None = None) -> tuple[Path, str | None]:
    """``repo@v1`` -> (repo, "v1") when ``repo`` exists and ``repo@v1`` does not."""
    text = str(source)
    if ref is None and not source.exists():
        for at in reversed([i for i, char in enumerate(text) if char == "@"]):
            if at > 0 and Path(text[:at]).exists():
                return Path(text[:at]), text[at + 1 :] or "HEAD"
    if not source.exists():
        if URL.match(text):
            raise SubmissionRejected(
                f"{text}: URLs are not accepted; clone it and pass the folder or a git bundle"
            )
        raise SubmissionRejected(f"submission {source} does not exist")
    return source, ref


def content_root(tree: Path) -> Path:
    """Descend through lone top-level folders (``alice-main/``) to the content."""
    folder = tree
    while not _holds_app(folder):
        entries = list(folder.iterdir())
        if len(entries) != 1 or not entries[0].is_dir() or entries[0].is_symlink():
            break
        folder = entries[0]
    return folder


def exercise_folder(folder: Path, exercise: Exercise) -> Path:
    """Where ``exercise``'s app is in ``folder``: the folder itself when it holds
    ``app/main.py`` or ``main.py``, else its subfolder named after the exercise
    (a returned candidate kit holds several); ``folder`` when there is none."""
    if not folder.is_dir() or _holds_app(folder):
        return folder
    folders = [
        child for child in sorted(folder.iterdir()) if child.is_dir() and not child.is_symlink()
    ]
    exact = [child for child in folders if child.name == exercise.root.name]
    named = [c for c in folders if c.name == exercise.id or c.name.startswith(f"{exercise.id}_")]
    chosen = exact or named
    return chosen[0] if len(chosen) == 1 else folder


def _holds_app(folder: Path) -> bool:
    return (folder / "main.py").is_file() or (folder / "app" / "main.py").is_file()


def _kind(path: Path) -> str:
    if path.is_dir():
        return "folder"
    if not path.is_file():
        raise SubmissionRejected(f"submission {path} is not a folder nor a file")
    name = path.name.lower()
    for suffix, kind in ARCHIVE_KINDS.items():
        if name.endswith(suffix):
            return kind
    known = ", ".join(ARCHIVE_KINDS)
    raise SubmissionRejected(
        f"{path.name}: not a folder nor an archive this grader takes ({known})"
    )


def _fresh(into: Path) -> Path:
    into.mkdir(parents=True, exist_ok=True)
    if any(into.iterdir()):
        raise UsageError(f"intake folder {into} is not empty")
    return into


def _size_text(limit: int) -> str:
    return f"{limit / 1_000_000:.3g} MB" if limit >= 1_000_000 else f"{limit / 1000:.3g} kB"


def _stream_cap(limits: IntakeLimits) -> int:
    """The most bytes a tar stream of an acceptable submission can take."""
    return limits.max_total_bytes + (limits.max_files + 5) * TAR_ENTRY_OVERHEAD


def _expansion_cap(label: str, archive_bytes: int, limits: IntakeLimits) -> int:
    cap = _stream_cap(limits)
    if archive_bytes > cap:
        raise SubmissionRejected(f"{label}: the archive is larger than {_size_text(cap)}")
    return min(cap, max(RATIO_FLOOR, MAX_RATIO * archive_bytes))


# --- writing entries ------------------------------------------------------------


class _Extraction:
    """Writes the entries of one archive under ``root``, enforcing every rule."""

    def __init__(self, root: Path, label: str, limits: IntakeLimits) -> None:
        root.mkdir(parents=True)
        self.root = root
        self.label = label
        self.limits = limits
        self.files: set[str] = set()
        self.total = 0

    def refuse(self, reason: str) -> SubmissionRejected:
        return SubmissionRejected(f"{self.label}: {reason}")

    def wanted(self, name: str) -> PurePosixPath | None:
        """The entry's safe relative path, or None for what is skipped (caches,
        macOS metadata, the archive's root entry); raises for unsafe names."""
        text = name.replace("\\", "/")
        if any(ord(char) < 32 for char in text):
            raise self.refuse(f"entry {name!r} has control characters in its name")
        if text.startswith("/") or re.match(r"^[A-Za-z]:", text):
            raise self.refuse(f"absolute path {name} is not allowed")
        parts = [part for part in text.split("/") if part not in ("", ".")]
        if ".." in parts:
            raise self.refuse(f"{name} points outside the submission (..)")
        if not parts or IGNORED_NAMES & set(parts) or SKIPPED_DIRS & set(parts[:-1]):
            return None
        if parts[-1] in SKIPPED_DIRS or parts[-1].endswith(SKIPPED_SUFFIXES):
            return None
        return PurePosixPath(*parts)

    def directory(self, name: str) -> None:
        relative = self.wanted(name)
        if relative is not None:
            with self._writing(relative):
                self._target(relative).mkdir(parents=True, exist_ok=True)

    def file(self, name: str, declared: int, stream: Readable) -> None:
        relative = self.wanted(name)
        if relative is None:
            return
        if relative.as_posix() in self.files:
            raise self.refuse(f"{relative} appears twice")
        self.files.add(relative.as_posix())
        self.check_counts(relative, declared, len(self.files), self.total + declared)
        target = self._target(relative)
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
        with self._writing(relative):
            target.parent.mkdir(parents=True, exist_ok=True)
            with os.fdopen(os.open(target, flags, 0o644), "wb") as handle:
                written = 0
                while chunk := stream.read(CHUNK):
                    written += len(chunk)
                    self.total += len(chunk)
                    self.check_counts(relative, written, len(self.files), self.total)
                    handle.write(chunk)

    @contextlib.contextmanager
    def _writing(self, relative: PurePosixPath) -> Iterator[None]:
        """A name the file system refuses (a file where a folder is, too long) is
        the archive's fault: one line, not a traceback."""
        try:
            yield
        except OSError as exc:
            raise self.refuse(f"cannot write {relative}: {exc.strerror}") from exc

    def check_counts(self, relative: PurePosixPath, size: int, files: int, total: int) -> None:
        limits = self.limits
        if files > limits.max_files:
            raise self.refuse(f"more than {limits.max_files} files")
        if size > limits.max_file_bytes:
            raise self.refuse(f"{relative} is larger than {_size_text(limits.max_file_bytes)}")
        if total > limits.max_total_bytes:
            raise self.refuse(f"expands to more than {_size_text(limits.max_total_bytes)}")

    def _target(self, relative: PurePosixPath) -> Path:
        target = self.root.joinpath(*relative.parts)
        if not target.resolve().is_relative_to(self.root.resolve()):
            raise self.refuse(f"{relative} points outside the submission")
        return target


# --- zip ------------------------------------------------------------------------


# What zipfile raises on a damaged archive, besides BadZipFile.
ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, ValueError)


def _extract_zip(path: Path, out: _Extraction) -> None:
    cap = _expansion_cap(out.label, path.stat().st_size, out.limits)
    try:
        archive = zipfile.ZipFile(path)
    except ZIP_ERRORS as exc:  # UnicodeDecodeError, a bad name, is a ValueError
        raise out.refuse(f"not a readable zip archive ({exc})") from exc
    with archive:
        entries = archive.infolist()
        _check_declared(out, [(i.filename, i.file_size) for i in entries if not i.is_dir()], cap)
        for info in entries:
            _extract_zip_entry(archive, info, out)
            if out.total > cap:
                raise out.refuse(f"expands more than {MAX_RATIO} times its size (a zip bomb?)")


def _check_declared(out: _Extraction, sizes: list[tuple[str, int]], cap: int) -> None:
    """Refuse on what the archive declares, before reading any data."""
    wanted = [(relative, size) for name, size in sizes if (relative := out.wanted(name))]
    for files, (relative, size) in enumerate(wanted, start=1):
        out.check_counts(relative, size, files, 0)
    declared = sum(size for _, size in wanted)
    out.check_counts(PurePosixPath("."), 0, 0, declared)
    if declared > cap:
        raise out.refuse(f"expands more than {MAX_RATIO} times its size (a zip bomb?)")


def _extract_zip_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, out: _Extraction) -> None:
    name = info.filename
    mode = info.external_attr >> 16
    kind = stat.S_IFMT(mode)
    if kind == stat.S_IFLNK:
        raise out.refuse(f"symlink {name} is not allowed")
    if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
        raise out.refuse(f"{name} is a device or special file, which is not allowed")
    if info.flag_bits & 0x1:
        raise out.refuse(f"{name} is encrypted")
    if info.is_dir() or kind == stat.S_IFDIR:
        out.directory(name)
        return
    if out.wanted(name) is None:
        return
    try:
        with archive.open(info) as stream:
            out.file(name, info.file_size, stream)
    except ZIP_ERRORS as exc:
        raise out.refuse(f"{name} cannot be read ({exc})") from exc


# --- tar ------------------------------------------------------------------------


class _Capped:
    """A read-only stream that refuses to yield more than ``cap`` bytes in all."""

    def __init__(self, stream: Readable, cap: int, out: _Extraction) -> None:
        self.stream, self.cap, self.out, self.count = stream, cap, out, 0

    def read(self, size: int = -1, /) -> bytes:
        if size == 0:
            return b""
        want = self.cap + 1 - self.count if size < 0 else min(size, self.cap + 1 - self.count)
        data = self.stream.read(max(want, 1))
        self.count += len(data)
        if self.count > self.cap:
            raise self.out.refuse(
                f"expands beyond {_size_text(self.cap)} (a compression bomb, or caches "
                "and virtualenvs left in it?)"
            )
        return data


def _extract_tar_file(path: Path, out: _Extraction) -> None:
    size = path.stat().st_size
    cap = _expansion_cap(out.label, size, out.limits)
    with path.open("rb") as raw:
        compressed = raw.read(2) == b"\x1f\x8b"
        if compressed and size >= 18:
            raw.seek(-4, os.SEEK_END)  # gzip's trailer declares the size (mod 4 GiB)
            if int.from_bytes(raw.read(4), "little") > cap:
                raise out.refuse(f"declares more than {_size_text(cap)} once expanded")
        raw.seek(0)
        stream: Readable = gzip.GzipFile(fileobj=raw, mode="rb") if compressed else raw
        _extract_tar(_Capped(stream, cap, out), out)


def _extract_tar(stream: _Capped, out: _Extraction) -> None:
    try:
        with tarfile.open(fileobj=stream, mode="r|") as archive:  # type: ignore[call-overload]
            for member in _members(archive):
                _extract_tar_member(archive, member, out)
        while stream.read(CHUNK):  # the end-of-archive padding, still within the cap
            pass
    except (tarfile.TarError, EOFError, zlib.error, OSError, ValueError) as exc:
        raise out.refuse(f"not a readable tar archive ({exc})") from exc


def _members(archive: tarfile.TarFile) -> Iterator[tarfile.TarInfo]:
    while (member := archive.next()) is not None:
        yield member


def _extract_tar_member(
    archive: tarfile.TarFile, member: tarfile.TarInfo, out: _Extraction
) -> None:
    name = member.name
    if member.issym():
        raise out.refuse(f"symlink {name} -> {member.linkname} is not allowed")
    if member.islnk():
        raise out.refuse(f"hard link {name} -> {member.linkname} is not allowed")
    if member.ischr() or member.isblk() or member.isfifo():
        raise out.refuse(f"{name} is a device or special file, which is not allowed")
    if member.isdir():
        out.directory(name)
        return
    if not member.isreg() or member.issparse():
        raise out.refuse(f"{name} is not a regular file (tar type {member.type!r})")
    data = archive.extractfile(member)
    if data is not None:
        out.file(name, member.size, data)


# --- git ------------------------------------------------------------------------


def _export_git(source: Path, ref: str, into: Path, tree: Path, limits: IntakeLimits) -> None:
    """``git archive`` of ``ref`` from a bare mirror clone (removed afterwards)."""
    label = source.name or str(source)
    if not SAFE_REF.match(ref):
        raise SubmissionRejected(f"{label}: {ref!r} is not a git ref this grader takes")
    if source.is_file() and source.stat().st_size > limits.max_total_bytes * BUNDLE_FACTOR:
        cap = _size_text(limits.max_total_bytes * BUNDLE_FACTOR)
        raise SubmissionRejected(f"{label}: the bundle is larger than {cap}")
    if source.is_dir():
        _check_repository(source, label, ref)
    bare = into / "repo.git"
    missing = f"has no HEAD; name a branch or tag: {label}@main" if ref == "HEAD" else None
    try:
        clone = ["clone", "--mirror", "--quiet", "--template=", "--no-local", "--"]
        _git(label, into, *clone, str(source.resolve()), str(bare))
        resolve = ["--git-dir", str(bare), "rev-parse", "--verify", "--quiet", "--end-of-options"]
        commit = _git(
            label, into, *resolve, f"{ref}^{{commit}}", missing=missing or f"has no commit {ref}"
        )
        _archive(label, into, bare, commit.strip(), _Extraction(tree, label, limits))
    finally:
        shutil.rmtree(bare, ignore_errors=True)


def _check_repository(source: Path, label: str, ref: str) -> None:
    """A plain local repository: not a link to another one's objects, which
    could bring files from elsewhere on this machine into the submission."""
    git_dir = source / ".git" if (source / ".git").exists() else source
    if git_dir.is_file():
        raise SubmissionRejected(
            f"{label}: .git is a link to another repository (a worktree or submodule); "
            "pass that repository or a bundle"
        )
    if not (git_dir / "HEAD").is_file():
        raise SubmissionRejected(f"{label} is not a git repository; a ref (@{ref}) needs one")
    if (git_dir / "objects" / "info" / "alternates").exists():
        raise SubmissionRejected(
            f"{label} borrows objects from another repository (objects/info/alternates); "
            "pass a bundle: git bundle create NAME.bundle --all"
        )


def _git_command(into: Path, *args: str) -> tuple[list[str], dict[str, str]]:
    git = shutil.which("git")
    if git is None:
        raise InfrastructureError("git is not installed; it is needed for git submissions")
    settings = {
        "protocol.allow": "never",
        "protocol.file.allow": "always",
        "core.hooksPath": os.devnull,
        "core.fsmonitor": "false",
        "transfer.fsckObjects": "true",
    }
    config = [word for key, value in settings.items() for word in ("-c", f"{key}={value}")]
    env = {
        "PATH": os.environ.get("PATH", os.defpath),
        "HOME": str(into),
        "LC_ALL": "C",
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_ALLOW_PROTOCOL": "file",
        "GIT_LFS_SKIP_SMUDGE": "1",
    }
    return [git, *config, *args], env


def _git(label: str, into: Path, *args: str, missing: str | None = None) -> str:
    command, env = _git_command(into, *args)
    try:
        done = subprocess.run(
            command, env=env, cwd=into, capture_output=True, text=True, timeout=GIT_TIMEOUT
        )
    except subprocess.TimeoutExpired as exc:
        raise SubmissionRejected(f"{label}: git took longer than {GIT_TIMEOUT}s") from exc
    if done.returncode != 0:
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        reason = missing or f"git {args[0]} failed: {lines[-1] if lines else 'no message'}"
        raise SubmissionRejected(f"{label}: {reason}")
    return done.stdout


def _archive(label: str, into: Path, bare: Path, commit: str, out: _Extraction) -> None:
    command, env = _git_command(into, "--git-dir", str(bare), "archive", "--format=tar", commit)
    with subprocess.Popen(
        command, env=env, cwd=into, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    ) as process:
        stdout: IO[bytes] = process.stdout  # type: ignore[assignment]
        try:
            _extract_tar(_Capped(stdout, _stream_cap(out.limits), out), out)
        except BaseException:
            process.kill()
            raise
        if process.wait(timeout=GIT_TIMEOUT) != 0:
            raise SubmissionRejected(f"{label}: git archive failed for {commit[:12]}")

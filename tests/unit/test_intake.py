"""Submission intake: folders, archives and git refs, and every hostile archive
refused with its reason, with nothing written outside the intake folder."""

from __future__ import annotations

import io
import random
import shutil
import stat
import struct
import tarfile
import warnings
import zipfile
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from grader import catalog
from grader.errors import SubmissionRejected
from grader.grading import grade
from grader.intake import exercise_folder, split_ref, unpack
from grader.submission import IntakeLimits
from tests.fakes import FakeSandbox, ran, record
from tests.gitrepo import git

MB = 1 << 20
APP = {"app/__init__.py": b"", "app/main.py": b"from fastapi import FastAPI\n\napp = FastAPI()\n"}
SMALL = IntakeLimits(max_files=20, max_file_bytes=50_000, max_total_bytes=100_000)


# --- builders -------------------------------------------------------------------


def write_zip(path: Path, files: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return path


def write_tar(path: Path, files: dict[str, bytes], extra: Sequence[tarfile.TarInfo] = ()) -> Path:
    with tarfile.open(path, "w:gz" if path.name.endswith("gz") else "w") as archive:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
        for info in extra:
            archive.addfile(info)
    return path


def tar_entry(name: str, kind: bytes, linkname: str = "") -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type, info.linkname, info.devmajor, info.devminor = kind, linkname, 1, 3
    return info


def zeros_deflated(megabytes: int, prefix: bytes = b"") -> bytes:
    """A raw deflate stream of ``prefix`` and then that many MiB of zeros, made
    without compressing them: after a full flush, each MiB compresses the same."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = compressor.compress(prefix) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(bytes(MB)) + compressor.flush(zlib.Z_FULL_FLUSH)
    return head + block * megabytes + compressor.flush(zlib.Z_FINISH)


def raw_zip(
    path: Path, entries: list[tuple[str, bytes, int]], *, shared: bool = False, flags: int = 0
) -> Path:
    """A zip written by hand: (name, deflated data, declared size), declared as we
    like; with ``shared`` every entry points at the first one's data; ``flags``
    are the general purpose bits (0x1: encrypted)."""
    body, central = b"", b""
    for name, data, size in entries:
        encoded = name.encode()
        offset = 0 if shared else len(body)
        fields = (20, flags, 8, 0, 0, 0, len(data), size, len(encoded), 0)
        if not shared or not body:
            body += struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields) + encoded + data
        central += (
            struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, *fields, 0, 0, 0, 0, offset) + encoded
        )
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central),
                      len(body), 0)  # fmt: skip
    path.write_bytes(body + central + end)
    return path


def gzip_raw(deflated: bytes, declared: int) -> bytes:
    return b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff" + deflated + struct.pack("<II", 0, declared)


def tar_header(name: str, size: int) -> bytes:
    info = tarfile.TarInfo(name)
    info.size = size
    return info.tobuf(format=tarfile.GNU_FORMAT)


def everything_outside(tmp_path: Path, into: Path) -> set[str]:
    return {
        p.relative_to(tmp_path).as_posix()
        for p in tmp_path.rglob("*")
        if p != into and into not in p.parents
    }


# --- folders and good archives --------------------------------------------------


def test_a_folder_is_returned_untouched_and_nothing_is_written(tmp_path: Path) -> None:
    folder = tmp_path / "sub"
    (folder / "app").mkdir(parents=True)
    (folder / "app" / "main.py").write_text("app = 1\n")
    assert unpack(folder, tmp_path / "into") == folder
    assert not (tmp_path / "into").exists()


def test_a_path_with_an_at_sign_that_exists_is_a_path(tmp_path: Path) -> None:
    odd = tmp_path / "alice@example.com"
    odd.mkdir()
    assert split_ref(odd) == (odd, None)
    assert split_ref(tmp_path / "alice@example.com@v1") == (odd, "v1")


def test_zip_with_a_top_level_folder_skips_caches_and_keeps_nested_archives(
    tmp_path: Path,
) -> None:
    inner = write_zip(tmp_path / "inner.zip", {"evil/../../x.py": b"1"}).read_bytes()
    source = write_zip(
        tmp_path / "alice.zip",
        {
            **{f"alice-main/{name}": data for name, data in APP.items()},
            "alice-main/app/data/fixtures.zip": inner,
            "alice-main/app/__pycache__/main.cpython-311.pyc": b"junk",
            "alice-main/.venv/lib/site.py": b"junk",
            "__MACOSX/alice-main/._main.py": b"junk",
        },
    )
    root = unpack(source, tmp_path / "into")
    assert root == tmp_path / "into" / "tree" / "alice-main"
    files = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
    assert files == ["app/__init__.py", "app/data/fixtures.zip", "app/main.py"]
    assert (root / "app" / "data" / "fixtures.zip").read_bytes() == inner  # not expanded
    assert not (tmp_path / "into" / "tree" / "__MACOSX").exists()


def test_tar_gz_with_dot_slash_names(tmp_path: Path) -> None:
    source = write_tar(tmp_path / "bob.tgz", {f"./{name}": data for name, data in APP.items()})
    root = unpack(source, tmp_path / "into")
    assert (root / "app" / "main.py").read_bytes() == APP["app/main.py"]
    assert oct((root / "app" / "main.py").stat().st_mode & 0o777) == "0o644"


# --- hostile archives -----------------------------------------------------------


def zip_slip(tmp: Path) -> Path:
    return write_zip(tmp / "s.zip", {**APP, "../../../../evil.py": b"pwned"})


def zip_slip_backslash(tmp: Path) -> Path:
    return write_zip(tmp / "s.zip", {**APP, "..\\..\\..\\..\\evil.py": b"pwned"})


def zip_absolute(tmp: Path) -> Path:
    return write_zip(tmp / "s.zip", {**APP, str(tmp / "evil.py"): b"pwned"})


def zip_symlink(tmp: Path) -> Path:
    info = zipfile.ZipInfo("app/evil.py")
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    with zipfile.ZipFile(tmp / "s.zip", "w") as archive:
        archive.writestr("app/main.py", APP["app/main.py"])
        archive.writestr(info, "/etc/passwd")
    return tmp / "s.zip"


def zip_device(tmp: Path) -> Path:
    info = zipfile.ZipInfo("app/evil.py")
    info.external_attr = (stat.S_IFCHR | 0o666) << 16
    with zipfile.ZipFile(tmp / "s.zip", "w") as archive:
        archive.writestr(info, "")
    return tmp / "s.zip"


def zip_encrypted(tmp: Path) -> Path:
    return raw_zip(tmp / "s.zip", [("app/evil.py", zeros_deflated(0), 0)], flags=0x1)


def zip_duplicate(tmp: Path) -> Path:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate, as it should
        with zipfile.ZipFile(tmp / "s.zip", "w") as archive:
            archive.writestr("app/main.py", "app = 1\n")
            archive.writestr("app/main.py", "import os; os.system('evil')\n")
    return tmp / "s.zip"


def zip_file_then_folder(tmp: Path) -> Path:
    return write_zip(tmp / "s.zip", {"app/evil": b"x", "app/evil/main.py": b"app = 1\n"})


def zip_bomb_declared(tmp: Path) -> Path:
    return raw_zip(tmp / "s.zip", [("app/evil.py", zeros_deflated(2048), 2048 * MB)])


def zip_bomb_undeclared(tmp: Path) -> Path:
    return raw_zip(tmp / "s.zip", [("app/evil.py", zeros_deflated(2048), 1000)])


def zip_bomb_overlapping(tmp: Path) -> Path:
    data = zeros_deflated(1)
    entries = [(f"app/evil{i}.py", data, 900_000) for i in range(10)]
    return raw_zip(tmp / "s.zip", entries, shared=True)


def zip_high_ratio(tmp: Path) -> Path:
    return write_zip(tmp / "s.zip", {f"app/evil{i}.py": bytes(900_000) for i in range(4)})


def zip_too_many_files(tmp: Path) -> Path:
    return write_zip(tmp / "s.zip", {f"app/evil{i}.py": b"" for i in range(501)})


def zip_file_too_big(tmp: Path) -> Path:
    return write_zip(tmp / "s.zip", {**APP, "app/evil.py": random.Random(0).randbytes(1_100_000)})


def zip_corrupt(tmp: Path) -> Path:
    (tmp / "s.zip").write_bytes(random.Random(1).randbytes(4000))
    return tmp / "s.zip"


def tar_slip(tmp: Path) -> Path:
    return write_tar(tmp / "s.tar.gz", {**APP, "../../../../evil.py": b"pwned"})


def tar_absolute(tmp: Path) -> Path:
    return write_tar(tmp / "s.tar.gz", {**APP, str(tmp / "evil.py"): b"pwned"})


def tar_symlink(tmp: Path) -> Path:
    return write_tar(tmp / "s.tgz", APP, [tar_entry("app/evil.py", tarfile.SYMTYPE, "/etc/passwd")])


def tar_hardlink(tmp: Path) -> Path:
    return write_tar(tmp / "s.tgz", APP, [tar_entry("app/evil.py", tarfile.LNKTYPE, "/etc/passwd")])


def tar_device(tmp: Path) -> Path:
    return write_tar(tmp / "s.tgz", APP, [tar_entry("app/evil", tarfile.CHRTYPE)])


def tar_fifo(tmp: Path) -> Path:
    return write_tar(tmp / "s.tar", APP, [tar_entry("app/evil", tarfile.FIFOTYPE)])


def tar_bomb_declared(tmp: Path) -> Path:
    deflated = zeros_deflated(2048, tar_header("app/evil.py", 2048 * MB))
    (tmp / "s.tar.gz").write_bytes(gzip_raw(deflated, (2048 * MB + 512) % 2**32))
    return tmp / "s.tar.gz"


def tar_bomb_lying_trailer(tmp: Path) -> Path:
    deflated = zeros_deflated(2048, tar_header("app/evil.py", 2048 * MB))
    (tmp / "s.tar.gz").write_bytes(gzip_raw(deflated, 1000))
    return tmp / "s.tar.gz"


def tar_high_ratio(tmp: Path) -> Path:
    return write_tar(tmp / "s.tgz", {f"app/evil{i}.py": bytes(900_000) for i in range(3)})


def tar_high_ratio_lying_trailer(tmp: Path) -> Path:
    archive = tar_high_ratio(tmp)
    archive.write_bytes(archive.read_bytes()[:-4] + struct.pack("<I", 1000))
    return archive


HOSTILE: dict[str, tuple[Callable[[Path], Path], str]] = {
    "zip-slip": (zip_slip, r"s\.zip: \.\./\.\./\.\./\.\./evil\.py points outside the submission"),
    "zip-slip-backslash": (zip_slip_backslash, r"s\.zip: .*evil\.py points outside"),
    "zip-absolute": (zip_absolute, r"s\.zip: absolute path /.*/evil\.py is not allowed"),
    "zip-symlink": (zip_symlink, r"s\.zip: symlink app/evil\.py is not allowed"),
    "zip-device": (zip_device, r"s\.zip: app/evil\.py is a device or special file"),
    "zip-encrypted": (zip_encrypted, r"s\.zip: app/evil\.py is encrypted"),
    "zip-duplicate": (zip_duplicate, r"s\.zip: app/main\.py appears twice"),
    "zip-file-then-folder": (zip_file_then_folder, r"s\.zip: cannot write app/evil/main\.py"),
    "zip-bomb-declared": (zip_bomb_declared, r"s\.zip: app/evil\.py is larger than 1 MB"),
    "zip-bomb-undeclared": (zip_bomb_undeclared, r"s\.zip: app/evil\.py cannot be read"),
    "zip-bomb-overlapping": (zip_bomb_overlapping, r"s\.zip: expands to more than 5 MB"),
    "zip-ratio": (zip_high_ratio, r"s\.zip: expands more than 100 times its size"),
    "zip-too-many-files": (zip_too_many_files, r"s\.zip: more than 500 files"),
    "zip-file-too-big": (zip_file_too_big, r"s\.zip: app/evil\.py is larger than 1 MB"),
    "zip-corrupt": (zip_corrupt, r"s\.zip: not a readable zip archive"),
    "tar-slip": (tar_slip, r"s\.tar\.gz: \.\./\.\./\.\./\.\./evil\.py points outside"),
    "tar-absolute": (tar_absolute, r"s\.tar\.gz: absolute path /.*/evil\.py is not allowed"),
    "tar-symlink": (tar_symlink, r"s\.tgz: symlink app/evil\.py -> /etc/passwd is not allowed"),
    "tar-hardlink": (tar_hardlink, r"s\.tgz: hard link app/evil\.py -> /etc/passwd"),
    "tar-device": (tar_device, r"s\.tgz: app/evil is a device or special file"),
    "tar-fifo": (tar_fifo, r"s\.tar: app/evil is a device or special file"),
    "tar-bomb-declared": (tar_bomb_declared, r"s\.tar\.gz: declares more than 6.03 MB once"),
    "tar-bomb-lying-trailer": (tar_bomb_lying_trailer, r"s\.tar\.gz: app/evil\.py is larger"),
    "tar-ratio": (tar_high_ratio, r"s\.tgz: declares more than 1 MB once expanded"),
    "tar-ratio-lying-trailer": (tar_high_ratio_lying_trailer, r"s\.tgz: expands beyond 1 MB"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_archives_are_refused_with_a_reason_and_nothing_escapes(
    tmp_path: Path, case: str
) -> None:
    build, reason = HOSTILE[case]
    work = tmp_path / "work"
    work.mkdir()
    archive = build(work)
    into = tmp_path / "a" / "b" / "into"
    into.parent.mkdir(parents=True)
    before = everything_outside(tmp_path, into)
    with pytest.raises(SubmissionRejected, match=reason) as refused:
        unpack(archive, into)
    assert "\n" not in str(refused.value)
    assert everything_outside(tmp_path, into) == before
    assert not [p for p in tmp_path.rglob("evil*") if into not in p.parents]
    written = sum(p.stat().st_size for p in into.rglob("*") if p.is_file())
    assert written <= IntakeLimits().max_total_bytes


def test_smaller_limits_are_enforced_on_real_bytes(tmp_path: Path) -> None:
    files = {f"app/m{i}.py": random.Random(i).randbytes(30_000) for i in range(4)}
    source = write_tar(tmp_path / "s.tar", files)
    with pytest.raises(SubmissionRejected, match="expands to more than 100 kB"):
        unpack(source, tmp_path / "into", limits=SMALL)


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("s.rar", r"s\.rar: not a folder nor an archive this grader takes"),
        ("s.zip@main", r"s\.zip: a ref \(@main\) needs a git repository or bundle"),
        ("missing.zip", r"submission .*missing\.zip does not exist"),
    ],
)
def test_what_is_not_an_archive_we_take_is_refused(tmp_path: Path, name: str, reason: str) -> None:
    write_zip(tmp_path / "s.zip", APP)
    (tmp_path / "s.rar").write_bytes(b"Rar!")
    with pytest.raises(SubmissionRejected, match=reason):
        unpack(tmp_path / name, tmp_path / "into")


# --- git ------------------------------------------------------------------------


def commit(repo: Path, files: dict[str, bytes], message: str) -> None:
    for name, data in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_bytes(data)
    git(repo, "add", "-A")
    git(repo, "-c", "user.email=c@example.invalid", "-c", "user.name=C", "commit", "-qm", message)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """v1: app = 1; main (HEAD): app = 2."""
    repo = tmp_path / "repo"
    git(tmp_path, "init", "-q", "-b", "main", str(repo))
    commit(repo, {"app/__init__.py": b"", "app/main.py": b"app = 1\n"}, "v1")
    git(repo, "tag", "v1")
    commit(repo, {"app/main.py": b"app = 2\n"}, "v2")
    return repo


def test_a_bundle_is_graded_at_its_head_or_at_a_ref(tmp_path: Path, repo: Path) -> None:
    bundle = tmp_path / "alice.bundle"
    git(repo, "bundle", "create", "-q", str(bundle), "--all")
    head = unpack(bundle, tmp_path / "head")
    tagged = unpack(Path(f"{bundle}@v1"), tmp_path / "tagged")
    assert (head / "app" / "main.py").read_text() == "app = 2\n"
    assert (tagged / "app" / "main.py").read_text() == "app = 1\n"
    assert [p.name for p in (tmp_path / "head").iterdir()] == ["tree"]  # the clone is gone
    assert not (head / ".git").exists()


def test_a_bundle_without_head_asks_for_a_ref(tmp_path: Path, repo: Path) -> None:
    bundle = tmp_path / "alice.bundle"
    git(repo, "bundle", "create", "-q", str(bundle), "main")
    with pytest.raises(
        SubmissionRejected, match=r"alice\.bundle: has no HEAD; .*alice\.bundle@main"
    ):
        unpack(bundle, tmp_path / "into")
    assert (unpack(bundle, tmp_path / "main", "main") / "app" / "main.py").is_file()


def test_a_repository_at_a_ref_runs_no_hook_no_filter_and_no_lfs(
    tmp_path: Path, repo: Path
) -> None:
    pointer = b"version https://git-lfs.github.com/spec/v1\noid sha256:" + b"0" * 64 + b"\nsize 9\n"
    attributes = b"*.py filter=evil\n*.bin filter=lfs diff=lfs merge=lfs -text\n"
    commit(repo, {".gitattributes": attributes, "app/model.bin": pointer}, "lfs")
    marker = tmp_path / "ran"
    hook = f"#!/bin/sh\ntouch {marker}\n"
    for name in ("post-checkout", "post-merge", "reference-transaction", "pre-auto-gc"):
        (repo / ".git" / "hooks" / name).write_text(hook)
        (repo / ".git" / "hooks" / name).chmod(0o755)
    git(repo, "config", "filter.evil.smudge", f"touch {marker}; cat")
    git(repo, "config", "filter.lfs.smudge", f"touch {marker}; cat")
    root = unpack(Path(f"{repo}@main"), tmp_path / "into")
    assert (root / "app" / "model.bin").read_bytes() == pointer
    assert (root / "app" / "main.py").read_text() == "app = 2\n"
    assert not marker.exists()
    git(repo, "checkout", "-q", "v1")  # the trap is armed: a checkout springs it
    assert marker.exists()


def test_a_committed_symlink_is_refused(tmp_path: Path, repo: Path) -> None:
    (repo / "app" / "evil.py").symlink_to("/etc/passwd")
    commit(repo, {}, "link")
    with pytest.raises(SubmissionRejected, match=r"repo: symlink app/evil\.py -> /etc/passwd"):
        unpack(repo, tmp_path / "into", ref="HEAD")


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        ("https://github.com/a/b.git", "URLs are not accepted"),
        ("ssh://git@github.com/a/b.git", "URLs are not accepted"),
        ("git@github.com:a/b.git", "URLs are not accepted"),
        ("file:///tmp/repo", "URLs are not accepted"),
        ("{repo}@--upload-pack=touch evil", "is not a git ref this grader takes"),
        ("{repo}@no-such-branch", "repo: has no commit no-such-branch"),
        ("{plain}@main", "plain is not a git repository"),
        ("{linked}@main", r"linked: \.git is a link to another repository"),
        ("{borrower}@main", r"borrower borrows objects from another repository"),
    ],
)
def test_bad_git_sources_are_refused(tmp_path: Path, repo: Path, source: str, reason: str) -> None:
    (tmp_path / "plain").mkdir()
    (tmp_path / "linked").mkdir()
    (tmp_path / "linked" / ".git").write_text(f"gitdir: {repo / '.git'}\n")
    git(tmp_path, "clone", "-q", "--shared", str(repo), str(tmp_path / "borrower"))
    text = source.format(
        repo=repo,
        plain=tmp_path / "plain",
        linked=tmp_path / "linked",
        borrower=tmp_path / "borrower",
    )
    with pytest.raises(SubmissionRejected, match=reason):
        unpack(Path(text), tmp_path / "into")
    assert not list(tmp_path.rglob("evil"))


# --- grading archives -----------------------------------------------------------


@pytest.fixture(scope="module")
def exercise() -> catalog.Exercise:
    return catalog.find("01")


def graded(exercise: catalog.Exercise, submission: Path):  # type: ignore[no-untyped-def]
    tests = [record(f"test_{c.id}", [c.id]) for c in exercise.config.criteria]
    return grade(exercise, submission, FakeSandbox(ran(tests)))


def kit_shaped(root: Path, exercise: catalog.Exercise) -> Path:
    """A returned candidate kit: several exercise folders, each with its app/."""
    shutil.copytree(exercise.solution_dir, root / exercise.root.name / "app")
    shutil.copytree(catalog.find("03").stub_dir, root / "exercise_03_dependency_injection" / "app")
    (root / "README.md").write_text("# take-home\n")
    return root


def archive_of(kind: str, folder: Path, tmp_path: Path) -> Path:
    if kind == "zip":
        target = tmp_path / "alice.zip"
        files = {f"alice/{p.relative_to(folder).as_posix()}": p.read_bytes()
                 for p in folder.rglob("*") if p.is_file()}  # fmt: skip
        return write_zip(target, files)
    if kind == "tar.gz":
        with tarfile.open(tmp_path / "alice.tar.gz", "w:gz") as archive:
            archive.add(folder, arcname=".")
        return tmp_path / "alice.tar.gz"
    git(tmp_path, "init", "-q", "-b", "main", str(folder))
    commit(folder, {}, "answer")
    git(folder, "bundle", "create", "-q", str(tmp_path / "alice.bundle"), "--all")
    return Path(f"{tmp_path / 'alice.bundle'}@main")


@pytest.mark.parametrize("kind", ["zip", "tar.gz", "bundle"])
@pytest.mark.parametrize("shape", ["app", "kit"])
def test_archives_grade_like_the_folder(
    tmp_path: Path, exercise: catalog.Exercise, kind: str, shape: str
) -> None:
    folder = tmp_path / "answer"
    if shape == "kit":
        kit_shaped(folder, exercise)
    else:
        shutil.copytree(exercise.solution_dir, folder / "app")
    expected = graded(exercise, exercise.solution_dir)
    source = archive_of(kind, folder, tmp_path)
    report = graded(exercise, source)
    assert report.submission.path == str(source)
    assert (report.submission.files, report.submission.sha256) == (
        expected.submission.files,
        expected.submission.sha256,
    )
    assert report.score == expected.score == 100.0
    assert not list(tmp_path.glob("prep-run-*"))


def test_exercise_folder_picks_the_exercise_in_a_kit(
    tmp_path: Path, exercise: catalog.Exercise
) -> None:
    root = kit_shaped(tmp_path / "kit", exercise)
    assert exercise_folder(root, exercise) == root / exercise.root.name
    assert exercise_folder(root / exercise.root.name, exercise) == root / exercise.root.name
    shutil.copytree(root / exercise.root.name, root / "exercise_01_copy")
    assert exercise_folder(root, exercise) == root / exercise.root.name  # the exact name wins
    shutil.move(root / exercise.root.name, root / "exercise_01_other")
    assert exercise_folder(root, exercise) == root  # ambiguous: stage() says what is missing


def test_a_refused_archive_fails_grading_in_one_line(
    tmp_path: Path, exercise: catalog.Exercise
) -> None:
    source = zip_symlink(tmp_path)
    with pytest.raises(SubmissionRejected, match="symlink app/evil.py is not allowed"):
        graded(exercise, source)


def test_gzip_builder_is_a_real_bomb() -> None:
    """The crafted streams really expand as declared (so the refusals above are real)."""
    stream = zlib.decompressobj(-15)
    data = zeros_deflated(2048, b"head")
    out = stream.decompress(data, 8 * MB)
    assert out.startswith(b"head") and len(out) == 8 * MB and set(out[4:]) == {0}

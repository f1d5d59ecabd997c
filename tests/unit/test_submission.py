from __future__ import annotations

import os
from pathlib import Path

import pytest

from grader.errors import SubmissionRejected
from grader.submission import IntakeLimits, locate_app, stage


def make_app(root: Path, files: dict[str, str] | None = None) -> Path:
    for name, text in (files or {"main.py": "app = 1\n", "__init__.py": ""}).items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_takes_app_folder_or_a_folder_that_holds_app(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    make_app(repo / "app")
    assert locate_app(repo) == repo / "app"
    assert locate_app(repo / "app") == repo / "app"


def test_stage_copies_sources_skips_caches_and_leaves_the_original_alone(tmp_path: Path) -> None:
    source = make_app(
        tmp_path / "src",
        {
            "main.py": "app = 1\n",
            "pkg/util.py": "x = 2\n",
            "__pycache__/main.cpython-311.pyc": "junk",
            ".venv/lib/x.py": "junk",
            "data.json": "{}",
        },
    )
    before = snapshot(source)
    staged = stage(source, tmp_path / "work")
    assert staged.files == ("data.json", "main.py", "pkg/util.py")
    assert (staged.app_dir / "pkg" / "util.py").read_text() == "x = 2\n"
    assert snapshot(source) == before
    assert oct((staged.app_dir / "main.py").stat().st_mode & 0o777) == "0o644"
    assert len(staged.sha256) == 64


def test_same_content_gives_the_same_hash(tmp_path: Path) -> None:
    one = stage(make_app(tmp_path / "a"), tmp_path / "w1")
    two = stage(make_app(tmp_path / "b"), tmp_path / "w2")
    assert one.sha256 == two.sha256


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda p: None, "does not exist"),
        (lambda p: p.write_text("x"), "is not a folder"),
        (lambda p: make_app(p, {"other.py": ""}), "has no app/main.py"),
    ],
)
def test_unusable_submissions_are_refused_in_one_line(tmp_path: Path, setup, message: str) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "sub"
    setup(target)
    with pytest.raises(SubmissionRejected, match=message):
        stage(target, tmp_path / "work")


def test_symlinks_are_refused_not_followed(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("do not copy")
    source = make_app(tmp_path / "src")
    os.symlink(secret, source / "link.txt")
    with pytest.raises(SubmissionRejected, match="symlink link.txt is not allowed"):
        stage(source, tmp_path / "work")


def test_symlinked_folders_are_refused(tmp_path: Path) -> None:
    source = make_app(tmp_path / "src")
    os.symlink(tmp_path, source / "escape")
    with pytest.raises(SubmissionRejected, match="symlink escape is not allowed"):
        stage(source, tmp_path / "work")


def test_limits_on_count_and_size(tmp_path: Path) -> None:
    many = make_app(tmp_path / "many", {f"m{i}.py": "" for i in range(5)} | {"main.py": ""})
    with pytest.raises(SubmissionRejected, match="more than 3 files"):
        stage(many, tmp_path / "w1", IntakeLimits(max_files=3))
    big = make_app(tmp_path / "big", {"main.py": "x" * 2000})
    with pytest.raises(SubmissionRejected, match="main.py is larger than 1 kB"):
        stage(big, tmp_path / "w2", IntakeLimits(max_file_bytes=1000))
    total = make_app(tmp_path / "total", {"main.py": "x" * 900, "b.py": "x" * 900})
    with pytest.raises(SubmissionRejected, match="larger than"):
        stage(total, tmp_path / "w3", IntakeLimits(max_total_bytes=1500))

"""Which exercises a change touched, on a real (throwaway) git repository."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from grader import catalog
from grader.ci import changed_files, default_base, touched
from grader.errors import UsageError
from tests.gitrepo import app_dir, git, make_repo


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    made = make_repo(tmp_path, ["01", "03"])
    monkeypatch.setenv("PREP_EXERCISES_DIR", str(made / "exercises"))
    return made


def touched_ids(repo: Path, base: str = "main") -> list[str]:
    return [e.id for e in touched(catalog.discover(), changed_files(repo, base))]


def test_nothing_changed_touches_nothing(repo: Path) -> None:
    assert touched_ids(repo) == []


def test_committed_and_uncommitted_changes_under_app_count(repo: Path) -> None:
    main_py = app_dir(repo, "01") / "main.py"
    main_py.write_text(main_py.read_text() + "\n# edited\n")
    git(repo, "commit", "-qam", "edit 01")
    assert touched_ids(repo) == ["exercise_01"]
    (app_dir(repo, "03") / "helpers.py").write_text("X = 1\n")  # new, untracked
    assert touched_ids(repo) == ["exercise_01", "exercise_03"]


def test_changes_outside_app_do_not_count(repo: Path) -> None:
    brief = catalog.find("01", repo / "exercises").brief
    brief.write_text(brief.read_text() + "\nmore\n")
    (repo / "notes.txt").write_text("hi\n")
    assert touched_ids(repo) == []


def test_unknown_base_is_a_clear_usage_error(repo: Path) -> None:
    with pytest.raises(UsageError, match="cannot compare with 'origin/nope'"):
        changed_files(repo, "origin/nope")


def test_default_base_follows_the_ci_system(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_BASE_REF", raising=False)
    monkeypatch.delenv("CI_MERGE_REQUEST_TARGET_BRANCH_NAME", raising=False)
    assert default_base() == "main"
    monkeypatch.setenv("CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "develop")
    assert default_base() == "origin/develop"
    monkeypatch.setenv("GITHUB_BASE_REF", "trunk")
    assert default_base() == "origin/trunk"


def test_prep_ci_with_nothing_touched_says_so_and_exits_0(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo)
    result = CliRunner().invoke(main, ["ci", "--base", "main"])
    assert result.exit_code == 0, result.output
    assert "nothing to grade" in result.output


def test_prep_ci_outside_git_is_exit_2_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    result = CliRunner().invoke(main, ["ci"])
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0 and "not a git repository" in result.output

"""The candidate kit: what it holds, what it never holds (hidden tests,
solutions), that its public tests run from the kit as its README says, that
its workflow passes actionlint, and that it never deletes the user's files."""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from cli import main
from grader import __version__, catalog
from grader.errors import ExerciseInvalid, UsageError
from grader.kit import (
    MANIFEST,
    WORKFLOW,
    build_kit,
    check_kitable,
    manifest_mismatches,
    read_manifest,
)
from tests.conftest import ROOT


def kitable(exercise: catalog.Exercise) -> bool:
    try:
        check_kitable(exercise)
    except ExerciseInvalid:
        return False
    return True


@pytest.fixture(scope="module")
def all_exercises() -> list[catalog.Exercise]:
    found = [exercise for exercise in catalog.discover() if kitable(exercise)]
    assert len(found) >= 10, "most exercises should be kit-able"
    return found


@pytest.fixture(scope="module")
def kit(tmp_path_factory: pytest.TempPathFactory, all_exercises: list[catalog.Exercise]) -> Path:
    out = tmp_path_factory.mktemp("kit") / "kit"
    build_kit(all_exercises, out, title="Acme take-home", deadline="2026-12-01T17:00+01:00")
    return out


def files_of(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts and ".pytest_cache" not in p.parts
    }


# --- what the kit holds ---------------------------------------------------------


def test_each_exercise_ships_its_brief_stub_and_public_tests_only(
    kit: Path, all_exercises: list[catalog.Exercise]
) -> None:
    for exercise in all_exercises:
        folder = kit / exercise.root.name
        assert (folder / "README.md").read_bytes() == exercise.brief.read_bytes()
        assert files_of(folder / "app") == files_of(exercise.stub_dir)
        assert files_of(folder / "tests") == files_of(exercise.public_tests_dir)
        assert sorted(p.name for p in folder.iterdir()) == [
            "README.md",
            "app",
            "pytest.ini",
            "tests",
        ]
    assert not [p for p in kit.rglob("*") if {"hidden", "solution"} & set(p.parts)]


def test_manifest_records_every_exercise_hash_and_the_grader(
    kit: Path, all_exercises: list[catalog.Exercise]
) -> None:
    document = json.loads((kit / MANIFEST).read_text())
    assert document["grader_version"] == __version__
    assert (document["title"], document["deadline"]) == ("Acme take-home", "2026-12-01T17:00+01:00")
    assert datetime.fromisoformat(document["created_at"]).tzinfo is not None
    assert [(e["id"], e["folder"], e["content_hash"]) for e in document["exercises"]] == [
        (e.id, e.root.name, e.content_hash) for e in all_exercises
    ]
    assert manifest_mismatches(read_manifest(kit)) == []


def test_manifest_notices_an_exercise_that_changed_since(tmp_path: Path) -> None:
    root = tmp_path / "exercises"
    source = catalog.find("01").root
    shutil.copytree(source, root / source.name, ignore=shutil.ignore_patterns("__pycache__"))
    build_kit([catalog.find("01", root)], tmp_path / "kit")
    manifest = read_manifest(tmp_path / "kit" / MANIFEST)
    assert manifest_mismatches(manifest, root) == []
    hidden = next((root / source.name / "hidden").glob("test_*.py"))
    hidden.write_text(hidden.read_text() + "\n# edited\n")
    [problem] = manifest_mismatches(manifest, root)
    assert problem.startswith("exercise_01 changed since the kit was made")
    shutil.rmtree(root / source.name)
    assert manifest_mismatches(manifest, root) == [
        "exercise_01 is not among this grader's exercises"
    ]


def test_readme_has_instructions_title_deadline_and_the_rubric_without_hints(
    kit: Path, all_exercises: list[catalog.Exercise]
) -> None:
    readme = (kit / "README.md").read_text()
    assert readme.startswith("# Acme take-home\n") and "2026-12-01T17:00+01:00" in readme
    assert "python -m pip install -r requirements.txt" in readme and "python -m pytest" in readme
    for exercise in all_exercises:
        assert f"### {exercise.id}: " in readme
        for criterion in exercise.config.criteria:
            row = f"| {criterion.level} | `{criterion.id}` | {criterion.points} | "
            assert row in readme
            assert criterion.hint not in readme
        for name in exercise.config.given:
            assert f"`app/{name}`" in readme


def test_requirements_pin_exactly_the_runner_image(kit: Path) -> None:
    lock = (ROOT / "runner_image" / "requirements.lock").read_text().splitlines()
    pins = [line for line in lock if line and not line.startswith("#")]
    lines = (kit / "requirements.txt").read_text().splitlines()
    assert [line for line in lines if not line.startswith("#")] == pins
    assert all(re.fullmatch(r"[A-Za-z0-9_.-]+==[\w.]+", pin) for pin in pins)
    assert "pytest==" in "\n".join(pins)


def test_workflow_runs_only_the_public_tests_and_passes_actionlint(
    kit: Path, all_exercises: list[catalog.Exercise]
) -> None:
    workflow = kit / WORKFLOW
    actionlint = shutil.which("actionlint")
    assert actionlint, "actionlint is a dev dependency (pip install -e '.[dev]')"
    done = subprocess.run(
        [actionlint, "-no-color", str(workflow)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    job = yaml.safe_load(workflow.read_text())["jobs"]["public-tests"]
    assert job["strategy"]["matrix"]["exercise"] == [e.root.name for e in all_exercises]
    runs = [step.get("run") for step in job["steps"] if "run" in step]
    assert runs == ["python -m pip install -r requirements.txt", "python -m pytest"]
    assert job["steps"][-1]["working-directory"] == "${{ matrix.exercise }}"


# --- never hidden tests nor solutions -------------------------------------------


def hidden_test_names(paths: list[Path]) -> set[str]:
    return {
        node.name
        for path in paths
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("test")
    }


def public_text(exercises: list[catalog.Exercise]) -> str:
    """Everything a kit of ``exercises`` may show: briefs, stubs, public tests,
    and the exercise.toml fields the README shows (title, topics, descriptions)."""
    paths = [
        path
        for exercise in exercises
        for path in [
            exercise.brief,
            *exercise.stub_dir.rglob("*"),
            *exercise.public_tests_dir.rglob("*"),
        ]
        if path.is_file() and "__pycache__" not in path.parts
    ]
    shown = [
        text
        for exercise in exercises
        for text in (
            exercise.title,
            ", ".join(exercise.config.topics),
            *(criterion.description for criterion in exercise.config.criteria),
        )
    ]
    return "\n".join([*(path.read_text() for path in paths), *shown])


def secrets_of(exercise: catalog.Exercise, public: str) -> set[str]:
    """Hidden test names and non-trivial solution lines that nothing public holds."""
    hidden = hidden_test_names(list(exercise.hidden_dir.rglob("*.py")))
    names = hidden - set(re.findall(r"\w+", public))
    lines = {
        stripped
        for path in exercise.solution_dir.rglob("*.py")
        for line in path.read_text().splitlines()
        if len(stripped := line.strip()) >= 10 and not stripped.startswith("#")
    }
    return names | {line for line in lines if line not in public}


def leaks(kit: Path, secrets: set[str]) -> list[str]:
    text = "\n".join(data.decode(errors="replace") for data in files_of(kit).values())
    words = set(re.findall(r"\w+", text))
    return sorted(s for s in secrets if (s in words if s.isidentifier() else s in text))


def test_no_hidden_test_name_nor_solution_line_is_in_the_kit(
    kit: Path, all_exercises: list[catalog.Exercise]
) -> None:
    public = public_text(all_exercises)
    secrets = set().union(*(secrets_of(exercise, public) for exercise in all_exercises))
    assert len(secrets) > 500  # the scan has something to find
    assert leaks(kit, secrets) == []


def test_the_scan_finds_a_planted_leak(tmp_path: Path) -> None:
    exercise = catalog.find("03")
    build_kit([exercise], tmp_path / "kit")
    secrets = secrets_of(exercise, public_text([exercise]))
    hidden = next(exercise.hidden_dir.glob("test_*.py"))
    solution = exercise.solution_dir / "main.py"
    shutil.copy(hidden, tmp_path / "kit" / "notes.py")
    found = leaks(tmp_path / "kit", secrets)
    assert found and all(secret.startswith("test") for secret in found)
    shutil.copy(solution, tmp_path / "kit" / exercise.root.name / "app" / "main.py")
    assert len(leaks(tmp_path / "kit", secrets)) > len(found)


# --- the public tests, run as the kit's README says ------------------------------


def run_public_tests(folder: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "PYTHONPATH"))}
    return subprocess.run(
        [sys.executable, "-m", "pytest"],
        cwd=folder,
        env=env | {"PYTHONDONTWRITEBYTECODE": "1"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.parametrize("exercise_id", ["exercise_03"])
def test_public_tests_pass_from_the_kit_on_the_solution_and_fail_on_the_stub(
    tmp_path: Path, exercise_id: str
) -> None:
    exercise = catalog.find(exercise_id)
    build_kit([exercise], tmp_path / "kit")
    folder = tmp_path / "kit" / exercise.root.name
    stub = run_public_tests(folder)
    assert stub.returncode == 1, stub.stdout + stub.stderr
    shutil.rmtree(folder / "app")
    shutil.copytree(exercise.solution_dir, folder / "app")
    solved = run_public_tests(folder)
    assert solved.returncode == 0, solved.stdout + solved.stderr
    assert re.search(r"\d+ passed", solved.stdout)


# --- writing into a folder ------------------------------------------------------


def test_a_non_empty_folder_is_refused_without_force(tmp_path: Path) -> None:
    out = tmp_path / "kit"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    with pytest.raises(UsageError, match="is not empty; pass --force"):
        build_kit([catalog.find("01")], out)
    assert [p.name for p in out.iterdir()] == ["notes.txt"]


def test_force_overwrites_only_the_kits_files(tmp_path: Path) -> None:
    out = tmp_path / "kit"
    build_kit([catalog.find("01"), catalog.find("03")], out)
    (out / "notes.txt").write_text("mine")
    (out / "README.md").write_text("stale")
    (out / ".git").mkdir()
    (out / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    result = build_kit([catalog.find("01")], out, force=True)
    assert (out / "notes.txt").read_text() == "mine"
    assert (out / ".git" / "HEAD").read_text() == "ref: refs/heads/main\n"
    assert (out / "README.md").read_text().startswith("# FastAPI take-home")
    assert "notes.txt" in result.kept and ".git/HEAD" not in result.kept
    assert "exercise_03_dependency_injection/app/main.py" in result.kept  # kept, not deleted


def test_force_never_writes_through_a_symlink(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    out = tmp_path / "kit"
    out.mkdir()
    (out / "exercise_01_path_operations").symlink_to(outside)
    with pytest.raises(UsageError, match="is a symlink; the kit does not write through it"):
        build_kit([catalog.find("01")], out, force=True)
    assert list(outside.iterdir()) == []
    assert [p.name for p in out.iterdir()] == ["exercise_01_path_operations"]


def test_an_exercise_without_a_brief_is_refused(tmp_path: Path) -> None:
    source = catalog.find("01").root
    copy = tmp_path / "exercises" / source.name
    shutil.copytree(source, copy)
    (copy / "README.md").unlink()
    with pytest.raises(
        ExerciseInvalid, match=r"exercise_01 lacks a brief \(README.md\); a kit needs"
    ):
        build_kit([catalog.load_exercise(copy)], tmp_path / "kit")
    assert not (tmp_path / "kit").exists()


@pytest.mark.parametrize("deadline", ["friday", "2026-13-01", "1 Dec"])
def test_a_deadline_must_be_iso(tmp_path: Path, deadline: str) -> None:
    with pytest.raises(UsageError, match="is not an ISO date or date-time"):
        build_kit([catalog.find("01")], tmp_path / "kit", deadline=deadline)
    assert not (tmp_path / "kit").exists()


def test_prep_kit_command(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "kit"
    done = runner.invoke(main, ["kit", "3", "exercise_01", "--out", str(out), "--title", "T"])
    assert done.exit_code == 0, done.output
    assert f"to {out}/ for exercise_01, exercise_03" in done.output
    assert read_manifest(out).title == "T"
    again = runner.invoke(main, ["kit", "01", "--out", str(out)])
    assert again.exit_code == 2 and "is not empty; pass --force" in again.output
    unknown = runner.invoke(main, ["kit", "99", "--out", str(tmp_path / "other")])
    assert unknown.exit_code == 2 and "unknown exercise '99'" in unknown.output

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from grader import catalog
from grader.errors import ExerciseInvalid, ExerciseNotFound

MINIMAL = """
id = "exercise_07"
title = "Seven"
level = "junior"

[[criteria]]
id = "works"
level = "junior"
points = 1
description = "it works"
hint = "make it work"
"""


def make_exercise(root: Path, folder: str, text: str = MINIMAL) -> Path:
    path = root / folder
    path.mkdir(parents=True)
    (path / "exercise.toml").write_text(text)
    return path


def test_the_shipped_exercises_all_load() -> None:
    found = catalog.discover()
    folders = sorted(p.name[:11] for p in catalog.exercises_root().glob("exercise_*/"))
    assert [e.id for e in found] == folders and len(folders) >= 3
    for exercise in found:
        assert exercise.brief.is_file() and (exercise.stub_dir / "main.py").is_file()
        assert (exercise.solution_dir / "main.py").is_file()
        assert any(exercise.hidden_dir.glob("test_*.py"))


@pytest.mark.parametrize(
    "name", ["exercise_07", "07", "7", "exercise_07_seven", "exercise_07_seven/"]
)
def test_find_resolves_every_spelling(tmp_path: Path, name: str) -> None:
    make_exercise(tmp_path, "exercise_07_seven")
    assert catalog.find(name, tmp_path).id == "exercise_07"


def test_unknown_exercise_lists_the_known_ones(tmp_path: Path) -> None:
    make_exercise(tmp_path, "exercise_07_seven")
    with pytest.raises(ExerciseNotFound, match="unknown exercise '99'; known: exercise_07_seven"):
        catalog.find("99", tmp_path)


def test_defaults_are_the_secure_limits_and_the_documented_rule(tmp_path: Path) -> None:
    exercise = catalog.load_exercise(make_exercise(tmp_path, "exercise_07_seven"))
    limits = exercise.config.limits
    assert (limits.memory_mb, limits.cpus, limits.pids) == (256, 1.0, 128)
    assert exercise.config.verdict.decide(90, 75) == "senior"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: t.replace('"exercise_07"', '"exercise_08"'), "does not match folder"),
        (lambda t: t.replace('level = "junior"\n\n', 'level = "expert"\n\n'), "level"),
        (lambda t: t + t[t.index("[[criteria]]") :], "duplicate criterion ids: works"),
        (
            lambda t: t.replace('hint = "make it work"', 'hint = "x"\nchecks = ["magic"]'),
            "unknown checks",
        ),
        (lambda t: t.replace("points = 1", "points = 0"), "criteria.0.points"),
        (lambda t: t + "\nsurprise = 1\n", "surprise"),
        (lambda t: t.replace("[[criteria]]", "[[criteria]"), "not valid TOML"),
    ],
)
def test_invalid_manifests_fail_with_a_precise_line(tmp_path: Path, change, message: str) -> None:  # type: ignore[no-untyped-def]
    folder = make_exercise(tmp_path, "exercise_07_seven", change(MINIMAL))
    with pytest.raises(ExerciseInvalid, match=message) as caught:
        catalog.load_exercise(folder)
    assert "\n" not in str(caught.value)


def test_content_hash_changes_with_any_file(tmp_path: Path) -> None:
    source = catalog.find("01").root
    copy = tmp_path / source.name
    shutil.copytree(source, copy)
    before = catalog.load_exercise(copy).content_hash
    assert before == catalog.load_exercise(copy).content_hash
    hidden = next(copy.glob("hidden/test_*.py"))
    hidden.write_text(hidden.read_text() + "\n# changed\n")
    assert catalog.load_exercise(copy).content_hash != before


def test_content_hash_ignores_the_authors_mutant_records(tmp_path: Path) -> None:
    source = catalog.find("01").root
    copy = tmp_path / source.name
    shutil.copytree(source, copy)
    before = catalog.load_exercise(copy).content_hash
    (copy / "mutants.toml").write_text('[[equivalent]]\nid = "x"\nreason = "y"\n')
    assert catalog.load_exercise(copy).content_hash == before
    (copy / "hidden" / "mutants.toml").write_text("# a file of the suite\n")
    assert catalog.load_exercise(copy).content_hash != before

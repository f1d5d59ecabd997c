from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from click.testing import CliRunner

import cli
from grader import catalog
from grader.sandbox.base import SandboxOutcome
from tests.fakes import FakeSandbox, ran, record

SOLUTION = str(catalog.find("01").solution_dir)


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli.main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def sandbox_with(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    def use(outcome: SandboxOutcome) -> FakeSandbox:
        fake = FakeSandbox(outcome)
        monkeypatch.setattr(cli, "open_sandbox", lambda name: fake)
        return fake

    return use


def passing_everything() -> SandboxOutcome:
    return ran([record(f"t_{c.id}", [c.id]) for c in catalog.find("01").config.criteria])


def only_junior() -> SandboxOutcome:
    criteria = catalog.find("01").config.criteria
    return ran(
        [
            record(f"t_{c.id}", [c.id], "passed" if c.level == "junior" else "failed", "no")
            for c in criteria
        ]
    )


def test_list_shows_every_exercise() -> None:
    code, out, _ = invoke("list")
    assert code == 0
    for exercise in catalog.discover():
        assert exercise.id in out and exercise.title in out


def test_show_prints_the_brief_and_the_rubric() -> None:
    code, out, _ = invoke("show", "1")
    assert code == 0 and "Rubric" in out and "create-item" in out and "POST /items" in out


def test_unknown_exercise_is_one_line_and_exit_2() -> None:
    code, out, err = invoke("grade", "exercise_99")
    assert code == 2 and out == ""
    assert err.strip().count("\n") == 0 and "unknown exercise 'exercise_99'; known:" in err


def test_grade_json_prints_only_the_report(sandbox_with) -> None:  # type: ignore[no-untyped-def]
    sandbox_with(passing_everything())
    code, out, _ = invoke("grade", "01", "--submission", SOLUTION, "--format", "json")
    report = json.loads(out)
    assert code == 0
    assert (report["schema_version"], report["exercise"]["id"], report["verdict"]) == (
        1,
        "exercise_01",
        "senior",
    )
    assert report["levels"]["junior"] == {"earned": 14, "possible": 14, "percent": 100.0}
    assert set(report["criteria"][0]) >= {"id", "level", "points", "earned", "passed", "feedback"}
    assert {"errors", "sandbox", "timings"} <= set(report)


def test_exit_code_follows_min_level(sandbox_with) -> None:  # type: ignore[no-untyped-def]
    sandbox_with(only_junior())
    assert invoke("grade", "01", "--submission", SOLUTION)[0] == 0
    assert invoke("grade", "01", "--submission", SOLUTION, "--min-level", "senior")[0] == 1


def test_text_report_shows_verdict_ticks_crosses_and_hints(sandbox_with) -> None:  # type: ignore[no-untyped-def]
    sandbox_with(only_junior())
    code, out, _ = invoke("grade", "01", "--submission", SOLUTION)
    hint = next(c.hint for c in catalog.find("01").config.criteria if c.level == "senior")
    assert code == 0 and "Verdict: JUNIOR" in out and "✓" in out and "✗" in out
    assert "To work on:" in out and hint.split()[0] in out


def test_below_junior_exits_1(sandbox_with) -> None:  # type: ignore[no-untyped-def]
    sandbox_with(SandboxOutcome(app_ready=False, app_exited_early=True, app_exit_code=1))
    code, out, _ = invoke("grade", "01", "--submission", SOLUTION)
    assert code == 1 and "startup-crash" in out


def test_output_files_are_written_by_extension(sandbox_with, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sandbox_with(passing_everything())
    names = ["r.json", "r.txt", "r.md", "r.xml", "r.html"]
    options = [arg for name in names for arg in ("--output", str(tmp_path / name))]
    gradescope = tmp_path / "results.json"
    code, _, _ = invoke(
        "grade", "01", "--submission", SOLUTION, *options, "--output", f"gradescope:{gradescope}"
    )
    assert code == 0
    assert json.loads((tmp_path / "r.json").read_text())["score"] == 100.0
    assert "Verdict: SENIOR" in (tmp_path / "r.txt").read_text()
    assert "**senior**" in (tmp_path / "r.md").read_text()
    assert ET.parse(tmp_path / "r.xml").getroot().get("failures") == "0"
    assert (tmp_path / "r.html").read_text().startswith("<!doctype html>")
    assert json.loads(gradescope.read_text())["score"] == 100.0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*names, "results.json"])


@pytest.mark.parametrize("kind", ["markdown", "junit", "gradescope"])
def test_format_prints_only_that_format(sandbox_with, kind: str) -> None:  # type: ignore[no-untyped-def]
    sandbox_with(passing_everything())
    code, out, _ = invoke("grade", "01", "--submission", SOLUTION, "--format", kind)
    assert code == 0
    if kind == "junit":
        assert ET.fromstring(out.encode()).tag == "testsuites"
    elif kind == "gradescope":
        assert json.loads(out)["score"] == 100.0
    else:
        assert out.startswith("### ") and "Verdict:" not in out


@pytest.mark.parametrize("target", ["report.pdf", "missing/report.json"])
def test_bad_output_paths_fail_before_grading(sandbox_with, tmp_path: Path, target: str) -> None:  # type: ignore[no-untyped-def]
    fake = sandbox_with(passing_everything())
    code, _, err = invoke(
        "grade", "01", "--submission", SOLUTION, "--output", str(tmp_path / target)
    )
    assert code == 2 and fake.jobs == [] and err.startswith("Error: cannot")


def test_unreadable_submission_is_exit_2(sandbox_with, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sandbox_with(passing_everything())
    code, _, err = invoke("grade", "01", "--submission", str(tmp_path / "nope"))
    assert code == 2 and "does not exist" in err


def test_no_engine_is_exit_3_in_one_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DOCKER_HOST", f"unix://{tmp_path}/no-engine.sock")
    code, out, err = invoke("grade", "01", "--sandbox", "docker")
    assert code == 3 and out == ""
    assert "no Docker engine answers" in err and err.strip().count("\n") == 0


def test_validate_needs_one_exercise_or_all() -> None:
    code, _, err = invoke("validate")
    assert code == 2 and "name one exercise or pass --all" in err

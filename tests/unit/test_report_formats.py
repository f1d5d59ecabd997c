"""Each report format, parsed back with a real parser for that format."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import xmlschema
from junitparser import Error, Failure, JUnitXml
from markdown_it import MarkdownIt

from grader.errors import UsageError
from grader.report.formats import OutputTarget, render
from grader.report.junit import render_junit
from tests.reports import HOSTILE, graded

JUNIT_XSD = Path(__file__).resolve().parent.parent / "data" / "junit.xsd"
MISSED = {"create-item", "openapi-contract"}


@pytest.fixture(scope="module")
def partial():  # type: ignore[no-untyped-def]
    report = graded()
    return graded({c.id for c in report.criteria} - MISSED)


def markdown_tables(text: str) -> list[list[list[str]]]:
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    tables: list[list[list[str]]] = []
    row: list[str] | None = None
    for token in tokens:
        if token.type == "table_open":
            tables.append([])
        elif token.type == "tr_open":
            row = []
        elif token.type == "inline" and row is not None:
            row.append(token.content)
        elif token.type == "tr_close" and row is not None:
            tables[-1].append(row)
            row = None
    return tables


def test_markdown_has_the_levels_and_one_row_per_criterion(partial) -> None:  # type: ignore[no-untyped-def]
    text = render(partial, "markdown")
    levels, criteria = markdown_tables(text)
    assert [r[0] for r in levels[1:]] == ["junior", "senior"]
    junior = partial.levels["junior"]
    assert levels[1][1] == f"{junior.earned}/{junior.possible}"
    rows = criteria[1:]
    assert len(rows) == len(partial.criteria)
    crossed = {r[1].split("`")[1] for r in rows if r[0] == "❌"}
    assert crossed == MISSED
    assert all(len(r) == 4 for r in rows), "a | in a description must not add a column"


def test_markdown_lists_hints_for_misses_and_escapes_html(partial) -> None:  # type: ignore[no-untyped-def]
    text = render(partial, "markdown")
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    items = [t.content for t in tokens if t.type == "inline" and t.content.startswith("`")]
    assert {i.split("`")[1] for i in items if "feedback" not in i} >= MISSED
    html = MarkdownIt("commonmark").enable("table").render(text)
    assert "<script>" not in html


def test_markdown_of_a_crash_has_collapsed_errors_with_the_log() -> None:
    report = graded(
        set(),
        app_ready=False,
        results=None,
        app_exit_code=1,
        app_exited_early=True,
        app_log="Traceback\nImportError: boom\n",
    )
    text = render(report, "markdown")
    html = MarkdownIt("commonmark").enable("table").render(text)
    assert "<details>" in html and "ImportError: boom" in html
    assert "below-junior" in text


def test_junit_is_valid_against_the_schema_and_parses(partial, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "report.xml"
    path.write_text(render(partial, "junit"), encoding="utf-8")
    xmlschema.XMLSchema(JUNIT_XSD).validate(path)
    xml = JUnitXml.fromfile(str(path))
    suites = list(xml)
    assert len(suites) == 1
    cases = list(suites[0])
    criteria = [c for c in cases if c.classname.endswith((".junior", ".senior"))]
    assert len(criteria) == len(partial.criteria)
    failed = {
        c.name.split(":")[0] for c in criteria if any(isinstance(r, Failure) for r in c.result)
    }
    assert failed == MISSED
    evidence = [c for c in cases if c not in criteria]
    assert len(evidence) == sum(len(c.evidence) for c in partial.criteria)
    assert suites[0].failures == len(MISSED) * 2  # the criterion and its one test


def test_junit_carries_feedback_but_never_the_hidden_source(partial) -> None:  # type: ignore[no-untyped-def]
    root = ET.fromstring(render(partial, "junit"))
    failures = root.findall(".//failure")
    assert any(HOSTILE in (f.text or "") for f in failures), "messages survive XML escaping"
    source = (Path("exercises/exercise_01_path_operations/hidden")).glob("test_*.py")
    for test_file in source:
        for line in test_file.read_text().splitlines():
            if line.strip().startswith("assert "):
                assert line.strip() not in ET.tostring(root, encoding="unicode")


def test_junit_of_several_reports_sums_the_counts(partial) -> None:  # type: ignore[no-untyped-def]
    full = graded()
    xml = JUnitXml.fromstring(render_junit([partial, full]))
    assert len(list(xml)) == 2
    assert xml.failures == len(MISSED) * 2 and xml.tests == 2 * len(list(list(xml)[1]))


def test_junit_reports_sandbox_errors_as_errors() -> None:
    report = graded(set(), app_ready=False, results=None, startup_timed_out=True)
    xml = JUnitXml.fromstring(render(report, "junit"))
    errors = [c for suite in xml for c in suite if any(isinstance(r, Error) for r in c.result)]
    assert [c.name for c in errors] == ["startup-timeout"]


def test_gradescope_results_add_up_to_the_score(partial) -> None:  # type: ignore[no-untyped-def]
    document = json.loads(render(partial, "gradescope"))
    assert document["score"] == partial.score
    assert sum(t["score"] for t in document["tests"]) == pytest.approx(partial.score, abs=0.1)
    assert sum(t["max_score"] for t in document["tests"]) == pytest.approx(100, abs=0.1)
    assert {t["status"] for t in document["tests"]} == {"passed", "failed"}
    for test in document["tests"]:
        assert set(test) == {"name", "score", "max_score", "status", "output", "visibility"}
    failed = [t for t in document["tests"] if t["status"] == "failed"]
    assert len(failed) == len(MISSED) and all(t["score"] == 0 for t in failed)


def test_output_targets_choose_the_format_by_extension_or_prefix(tmp_path: Path) -> None:
    kinds = {
        name: OutputTarget.parse(str(tmp_path / name)).kind
        for name in ("r.txt", "r.json", "r.md", "r.xml", "r.html")
    }
    assert kinds == {
        "r.txt": "text",
        "r.json": "json",
        "r.md": "markdown",
        "r.xml": "junit",
        "r.html": "html",
    }
    target = OutputTarget.parse(f"gradescope:{tmp_path / 'results.json'}")
    assert (target.kind, target.path.name) == ("gradescope", "results.json")
    with pytest.raises(UsageError, match="cannot tell the report format"):
        OutputTarget.parse(str(tmp_path / "report.pdf"))
    with pytest.raises(UsageError, match="does not exist"):
        OutputTarget.parse(str(tmp_path / "missing" / "r.md"))

"""JUnit XML, so CI test tabs show the grade.

One ``<testsuite>`` per exercise graded. In it, one ``<testcase>`` per
criterion (classname ``<exercise>.<level>``), failing with the feedback, then
one per piece of evidence (classname ``<exercise>.<criterion>``: the hidden
tests by name and the grader's checks), failing with the message only: the
hidden tests' source is never in a report. Errors that kept the suite from
running are an ``<error>`` on a ``sandbox`` testcase.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.etree import ElementTree as ET

from .model import Report


def render_junit(reports: Report | Sequence[Report]) -> str:
    if isinstance(reports, Report):
        reports = [reports]
    root = ET.Element("testsuites", name="fastapi-prep")
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for report in reports:
        suite = _suite(report)
        root.append(suite)
        for key in totals:
            totals[key] += int(suite.get(key, "0"))
    root.set("time", _seconds(sum(r.timings.get("total", 0.0) for r in reports)))
    for key, value in totals.items():
        root.set(key, str(value))
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _suite(report: Report) -> ET.Element:
    exercise = report.exercise.id
    suite = ET.Element(
        "testsuite",
        name=f"{exercise} {report.exercise.title}",
        timestamp=report.graded_at.split("+")[0],
        time=_seconds(report.timings.get("total", 0.0)),
    )
    properties = ET.SubElement(suite, "properties")
    for name, value in (
        ("verdict", report.verdict),
        ("score", f"{report.score:g}"),
        *((f"{level}_percent", f"{s.percent:g}") for level, s in report.levels.items()),
        ("exercise_hash", report.exercise.content_hash),
        ("submission_sha256", report.submission.sha256),
    ):
        ET.SubElement(properties, "property", name=name, value=value)
    cases: list[ET.Element] = []
    for criterion in report.criteria:
        case = _case(f"{exercise}.{criterion.level}", f"{criterion.id}: {criterion.description}")
        if not criterion.passed:
            _fail(case, "failure", criterion.hint, criterion.feedback)
        cases.append(case)
    for criterion in report.criteria:
        for item in criterion.evidence:
            case = _case(f"{exercise}.{criterion.id}", item.name)
            if not item.passed:
                _fail(case, "failure", item.doc or item.name, item.message or item.doc)
            cases.append(case)
    for error in report.errors:
        case = _case(f"{exercise}.sandbox", error.code)
        _fail(case, "error", error.message, error.log_tail or error.message)
        cases.append(case)
    suite.extend(cases)
    suite.set("tests", str(len(cases)))
    suite.set("failures", str(sum(1 for c in cases if c.find("failure") is not None)))
    suite.set("errors", str(sum(1 for c in cases if c.find("error") is not None)))
    suite.set("skipped", "0")
    return suite


def _case(classname: str, name: str) -> ET.Element:
    return ET.Element("testcase", classname=classname, name=name, time="0")


def _fail(case: ET.Element, tag: str, message: str, text: str) -> None:
    element = ET.SubElement(case, tag, message=message[:500], type=tag)
    element.text = text


def _seconds(value: float) -> str:
    return f"{value:.3f}"

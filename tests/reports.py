"""Reports for the format tests, graded through the real pipeline with a fake sandbox."""

from __future__ import annotations

from grader import catalog
from grader.grading import grade
from grader.report.model import Report
from tests.fakes import FakeSandbox, ran, record

HOSTILE = '<script>alert(1)</script> | ``` & "quoted"'


def graded(passing: set[str] | None = None, **outcome: object) -> Report:
    """exercise_01 graded with every criterion passing except those not in ``passing``;
    failure messages carry text that could break Markdown, XML or HTML."""
    exercise = catalog.find("01")
    ids = [c.id for c in exercise.config.criteria]
    passing = set(ids) if passing is None else passing
    tests = [
        record(f"test_{i}", [cid], "passed" if cid in passing else "failed", f"got {HOSTILE}")
        for i, cid in enumerate(ids)
    ]
    return grade(
        exercise, exercise.solution_dir, FakeSandbox(ran(tests, **outcome)), view="reviewer"
    )

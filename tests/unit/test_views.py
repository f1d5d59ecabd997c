"""What each view keeps: practice teaches, candidate says pass/fail only,
reviewer shows everything including logs."""

from __future__ import annotations

import pytest

from grader.report.formats import render
from grader.views import apply_view
from tests.reports import HOSTILE, graded

MISSED = {"create-item"}


@pytest.fixture(scope="module")
def report():  # type: ignore[no-untyped-def]
    full = graded()
    return graded({c.id for c in full.criteria} - MISSED, app_log="APP LOG LINE\n")


def test_the_practice_view_keeps_hints_and_failures_but_no_logs(report) -> None:  # type: ignore[no-untyped-def]
    practice = apply_view(report, "practice")
    missed = next(c for c in practice.criteria if c.id in MISSED)
    assert missed.hint and HOSTILE in missed.feedback
    assert practice.logs == {} and "APP LOG LINE" not in render(practice, "json")
    assert "To work on" in render(practice, "text")


def test_the_candidate_view_shows_criteria_and_pass_fail_only(report) -> None:  # type: ignore[no-untyped-def]
    candidate = apply_view(report, "candidate")
    assert [(c.id, c.passed) for c in candidate.criteria] == [
        (c.id, c.passed) for c in report.criteria
    ]
    assert all(c.hint == c.feedback == "" and c.evidence == () for c in candidate.criteria)
    for kind in ("json", "text", "html", "markdown", "junit"):
        text = render(candidate, kind)
        assert HOSTILE not in text and "test_0" not in text, kind
    assert candidate.score == report.score and candidate.verdict == report.verdict


def test_the_reviewer_view_keeps_everything_and_the_logs(report) -> None:  # type: ignore[no-untyped-def]
    reviewer = apply_view(report, "reviewer")
    assert reviewer.view == "reviewer" and reviewer.logs["app"] == "APP LOG LINE\n"
    assert "APP LOG LINE" in render(reviewer, "text") and "APP LOG LINE" in render(reviewer, "html")
    assert reviewer.criteria == report.criteria

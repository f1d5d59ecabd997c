"""Who reads a report decides what it shows.

- ``practice`` (the default): hints, the failing assertions, the errors with
  log tails — for someone learning on their own machine;
- ``candidate`` (hiring, sent to the candidate): criteria names and
  pass/fail only — no hints, no test names or messages, no logs;
- ``reviewer`` (hiring, the team): everything, plus the app's and the
  tester's log tails and the timings.
"""

from __future__ import annotations

from typing import Literal

from .report.model import CriterionEntry, ErrorEntry, Report

View = Literal["practice", "candidate", "reviewer"]
VIEWS: tuple[View, ...] = ("practice", "candidate", "reviewer")


def apply_view(report: Report, view: View) -> Report:
    if view == "reviewer":
        return report.model_copy(update={"view": view})
    if view == "practice":
        return report.model_copy(update={"view": view, "logs": {}})
    return report.model_copy(
        update={
            "view": view,
            "logs": {},
            "warnings": (),
            "contract": (),
            "findings": (),
            "criteria": tuple(_bare(c) for c in report.criteria),
            "errors": tuple(ErrorEntry(code=e.code, message=e.message) for e in report.errors),
            "timings": {"total": report.timings.get("total", 0.0)},
        }
    )


def _bare(criterion: CriterionEntry) -> CriterionEntry:
    return criterion.model_copy(update={"hint": "", "feedback": "", "evidence": ()})

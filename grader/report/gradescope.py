"""Gradescope autograder ``results.json``: one test per criterion.

Scores are in points on a 100-point scale (the report's score), so a
Gradescope assignment's total can be set to 100. Feedback goes in
``output``; hidden tests stay hidden: only criterion names and hints.
"""

from __future__ import annotations

import json
from typing import Any

from .model import Report


def render_gradescope(report: Report) -> str:
    possible = sum(c.points for c in report.criteria) or 1
    scale = 100 / possible
    tests: list[dict[str, Any]] = [
        {
            "name": f"[{c.level}] {c.id}: {c.description}",
            "score": round(c.earned * scale, 2),
            "max_score": round(c.points * scale, 2),
            "status": "passed" if c.passed else "failed",
            "output": c.feedback or "Met.",
            "visibility": "visible",
        }
        for c in report.criteria
    ]
    errors = "\n".join(f"{e.code}: {e.message}" for e in report.errors)
    document = {
        "score": report.score,
        "output": f"Verdict: {report.verdict} ({report.verdict_rule})."
        + (f"\n{errors}" if errors else ""),
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": tests,
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"

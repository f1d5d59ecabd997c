"""The Markdown summary: for a pull request comment or ``$GITHUB_STEP_SUMMARY``."""

from __future__ import annotations

from collections.abc import Sequence

from .model import Report
from .templating import environment


def render_markdown(report: Report) -> str:
    return environment().get_template("summary.md.j2").render(report=report)


def render_markdown_many(reports: Sequence[Report]) -> str:
    """Several reports, one after the other (``prep ci`` grades every touched exercise)."""
    return "\n".join(render_markdown(report) for report in reports)

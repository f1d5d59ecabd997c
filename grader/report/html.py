"""A self-contained HTML page: inline CSS and SVG, no script, nothing fetched."""

from __future__ import annotations

from .model import Report
from .templating import environment


def render_html(report: Report) -> str:
    return environment().get_template("report.html.j2").render(report=report)

"""The batch leaderboard: a CSV and a self-contained, sortable HTML page."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .model import Report
from .templating import environment

CSV_COLUMNS = (
    "rank",
    "candidate",
    "status",
    "verdict",
    "score",
    "junior_percent",
    "senior_percent",
    "seconds",
    "errors",
    "closest",
    "similarity_percent",
    "flagged",
)


@dataclass(frozen=True)
class Row:
    candidate: str
    status: str  # graded | reused | refused
    report: Report | None
    refused: str = ""
    closest: str = ""
    similarity: float | None = None
    flagged: bool = False

    @property
    def score(self) -> float:
        return self.report.score if self.report else 0.0

    @property
    def verdict(self) -> str:
        return self.report.verdict if self.report else "refused"

    def percent(self, level: str) -> float:
        return self.report.levels[level].percent if self.report else 0.0  # type: ignore[index]

    @property
    def seconds(self) -> float:
        return self.report.timings.get("total", 0.0) if self.report else 0.0

    @property
    def errors(self) -> str:
        if self.refused:
            return self.refused
        return ", ".join(e.code for e in self.report.errors) if self.report else ""


def ranked(rows: Sequence[Row]) -> list[Row]:
    """Best score first; refused submissions last; ties by name."""
    return sorted(rows, key=lambda r: (r.report is None, -r.score, r.candidate))


def render_csv(rows: Sequence[Row]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for rank, row in enumerate(ranked(rows), start=1):
        writer.writerow(
            [
                rank,
                row.candidate,
                row.status,
                row.verdict,
                f"{row.score:g}",
                f"{row.percent('junior'):g}",
                f"{row.percent('senior'):g}",
                f"{row.seconds:.1f}",
                row.errors,
                row.closest,
                "" if row.similarity is None else f"{row.similarity:.1f}",
                int(row.flagged),
            ]
        )
    return buffer.getvalue()


def histogram(rows: Sequence[Row], bins: int = 10) -> list[dict[str, int]]:
    """Graded submissions per score band (0-9, 10-19, ... 90-100), by verdict."""
    counts = [{"senior": 0, "junior": 0, "below-junior": 0} for _ in range(bins)]
    for row in rows:
        if row.report is not None:
            band = min(int(row.score // (100 / bins)), bins - 1)
            counts[band][row.report.verdict] += 1
    return counts


def render_html(
    rows: Sequence[Row],
    exercise: Mapping[str, str],
    threshold: float,
    pair_pages: Mapping[str, str],
) -> str:
    """``pair_pages`` maps a candidate to the file name of its flagged pair's diff page."""
    return (
        environment()
        .get_template("leaderboard.html.j2")
        .render(
            rows=ranked(rows),
            exercise=exercise,
            threshold=threshold,
            bands=histogram(rows),
            pair_pages=pair_pages,
        )
    )

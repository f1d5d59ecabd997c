"""The terminal report: verdict, level scores, a tick or cross per criterion,
the hint for each miss, and errors with a log tail."""

from __future__ import annotations

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from .model import CriterionEntry, Report

VERDICT_STYLE = {"senior": "bold green", "junior": "bold yellow", "below-junior": "bold red"}
LOG_LINES = 12


def render(report: Report) -> RenderableType:
    parts: list[RenderableType] = [_header(report), _criteria_table(report)]
    if report.missed:
        parts.append(_misses(report.missed))
    if report.errors:
        parts.append(_errors(report))
    if report.warnings:
        parts.append(
            Text(
                "Authoring warnings:\n" + "\n".join(f"  ! {w}" for w in report.warnings),
                style="magenta",
            )
        )
    parts.extend(Text(f"Note: {note}", style="cyan") for note in report.notes)
    parts.append(_footer(report))
    return Group(*parts)


def print_report(report: Report, console: Console) -> None:
    console.print(render(report))


def _header(report: Report) -> RenderableType:
    exercise = report.exercise
    title = Text.assemble(
        (f"{exercise.id}", "bold"), f" · {exercise.title} ", (f"(targets {exercise.level})", "dim")
    )
    verdict = Text.assemble(
        "Verdict: ",
        (report.verdict.upper(), VERDICT_STYLE[report.verdict]),
        f"   score {report.score:g}/100",
    )
    levels = Text(
        "   ".join(
            f"{name} {level.earned}/{level.possible} ({level.percent:g}%)"
            for name, level in report.levels.items()
        )
    )
    rule = Text(f"rule: {report.verdict_rule}", style="dim")
    return Group(title, verdict, levels, rule, Text(""))


def _criteria_table(report: Report) -> Table:
    table = Table(box=None, show_header=True, header_style="bold", pad_edge=False)
    table.add_column("")
    table.add_column("level")
    table.add_column("criterion")
    table.add_column("points", justify="right")
    table.add_column("what it checks", overflow="fold")
    for criterion in report.criteria:
        mark = Text("✓", style="green") if criterion.passed else Text("✗", style="red")
        table.add_row(
            mark,
            criterion.level,
            criterion.id,
            f"{criterion.earned}/{criterion.points}",
            criterion.description,
        )
    return table


def _misses(missed: tuple[CriterionEntry, ...]) -> RenderableType:
    text = Text("\nTo work on:\n", style="bold")
    for criterion in missed:
        text.append(f"  ✗ {criterion.id}", style="red")
        text.append(f" — {criterion.hint}\n")
        for item in [e for e in criterion.evidence if not e.passed][:3]:
            label = (item.doc or item.name).rstrip(".")
            detail = f": {item.message}" if item.message else ""
            text.append(
                f"      · {label}{detail}\n".replace("\n", " ").rstrip() + "\n", style="dim"
            )
    return text


def _errors(report: Report) -> RenderableType:
    text = Text("\nErrors:\n", style="bold red")
    for error in report.errors:
        text.append(f"  ✗ {error.code}: {error.message}\n", style="red")
        lines = error.log_tail.rstrip().splitlines()[-LOG_LINES:]
        for line in lines:
            text.append(f"      | {line}\n", style="dim")
    return text


def _footer(report: Report) -> RenderableType:
    sandbox = report.sandbox
    total = report.timings.get("total", 0.0)
    image = f" · {sandbox.image}" if sandbox.image else ""
    return Text(
        f"\nsandbox: {sandbox.backend} ({sandbox.isolation} isolation){image} · {total:.1f}s",
        style="dim",
    )

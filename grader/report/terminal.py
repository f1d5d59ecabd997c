"""The terminal report: verdict, level scores, a tick or cross per criterion,
the hint for each miss, and errors with a log tail."""

from __future__ import annotations

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from .model import CriterionEntry, Report

VERDICT_STYLE = {"senior": "bold green", "junior": "bold yellow", "below-junior": "bold red"}
LOG_LINES = 12
CONTRACT_LINES = 10


def render(report: Report) -> RenderableType:
    parts: list[RenderableType] = [_header(report), _criteria_table(report)]
    if report.missed and report.view != "candidate":
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
    if report.contract:
        parts.append(_contract(report))
    if report.findings:
        parts.append(_findings(report))
    if report.flaky:
        parts.append(_flaky(report))
    parts.extend(Text(f"Note: {note}", style="cyan") for note in report.notes)
    if report.logs:
        parts.append(_logs(report))
    if report.sandbox.isolation == "process":
        parts.append(_weaker_isolation(report))
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


def _contract(report: Report) -> RenderableType:
    text = Text(f"\nOpenAPI schema vs the reference ({len(report.contract)}):\n", style="bold")
    for line in report.contract[:CONTRACT_LINES]:
        text.append(f"  ≠ {line}\n")
    if len(report.contract) > CONTRACT_LINES:
        text.append(f"  … and {len(report.contract) - CONTRACT_LINES} more\n", style="dim")
    return text


def _findings(report: Report) -> RenderableType:
    text = Text(f"\nProbe findings ({len(report.findings)}):\n", style="bold yellow")
    for item in report.findings:
        body = f" {item.body}" if item.body else ""
        text.append(f"  ! {item.kind}: {item.request}{body}\n", style="yellow")
        text.append(f"      {item.detail}\n", style="dim")
    return text


def _flaky(report: Report) -> RenderableType:
    text = Text(f"\nFlaky (passed when run again; seed {report.seed}):\n", style="yellow")
    for item in report.flaky:
        text.append(f"  ~ {item.name}: {item.message}\n".replace("\n", " ").rstrip() + "\n")
    return text


def _logs(report: Report) -> RenderableType:
    text = Text("")
    for name, log in report.logs.items():
        lines = log.rstrip().splitlines()[-LOG_LINES:]
        if lines:
            text.append(f"\n{name} log (last {len(lines)} lines):\n", style="bold")
            for line in lines:
                text.append(f"  | {line}\n", style="dim")
    return text


def _weaker_isolation(report: Report) -> RenderableType:
    network = report.sandbox.mechanisms.get("network", "unknown")
    return Text(
        f"\nWarning: the {report.sandbox.backend} sandbox isolates by process only "
        f"(network: {network}), weaker than containers; see docs/security.md.",
        style="yellow",
    )


def _footer(report: Report) -> RenderableType:
    sandbox = report.sandbox
    total = report.timings.get("total", 0.0)
    image = f" · {sandbox.image}" if sandbox.image else ""
    seed = f" · seed {report.seed}" if report.seed is not None else ""
    return Text(
        f"\nsandbox: {sandbox.backend} ({sandbox.isolation} isolation){image}"
        f" · {total:.1f}s{seed} · {report.view} view",
        style="dim",
    )

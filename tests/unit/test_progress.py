"""Progress and colour: bars on a terminal, plain lines in logs, nothing when quiet."""

from __future__ import annotations

import io
import re

import pytest
from click.testing import CliRunner
from rich.console import Console

from cli import main
from grader.progress import Reporter, choose_mode

COLOUR = re.compile(r"\x1b\[[0-9;]*3[0-9]")  # a foreground colour escape


def console(terminal: bool) -> tuple[Console, io.StringIO]:
    buffer = io.StringIO()
    return Console(file=buffer, force_terminal=terminal, width=100), buffer


def run_items(reporter: Reporter) -> None:
    with reporter.items("grading", 2) as done:
        done("exercise_01: senior")
        done("exercise_03: junior")


def test_a_log_gets_one_plain_line_per_item() -> None:
    out, buffer = console(terminal=False)
    reporter = Reporter(out, choose_mode(out, quiet=False))
    run_items(reporter)
    assert buffer.getvalue().splitlines() == [
        "[1/2] exercise_01: senior",
        "[2/2] exercise_03: junior",
    ]


def test_quiet_prints_nothing_even_on_a_terminal() -> None:
    out, buffer = console(terminal=True)
    reporter = Reporter(out, choose_mode(out, quiet=True))
    run_items(reporter)
    with reporter.steps("building") as step:
        step("done")
    assert buffer.getvalue() == ""


def test_a_terminal_gets_a_bar_and_step_lines() -> None:
    out, buffer = console(terminal=True)
    reporter = Reporter(out, choose_mode(out, quiet=False))
    assert reporter.mode == "rich"
    with reporter.steps("checking") as step:
        step("built fastapi-prep-runner:x")
    run_items(reporter)
    text = buffer.getvalue()
    assert "built fastapi-prep-runner:x" in text and "\x1b[" in text


def test_no_color_removes_colours_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    out, buffer = console(terminal=True)
    out.print("[red]✗[/] missed [green]✓[/] met")
    assert not COLOUR.search(buffer.getvalue())
    monkeypatch.delenv("NO_COLOR")
    coloured, buffer = console(terminal=True)
    coloured.print("[red]✗[/] missed")
    assert COLOUR.search(buffer.getvalue()), "colours are on for a terminal without NO_COLOR"


def test_cli_output_to_a_pipe_has_no_escape_codes() -> None:
    result = CliRunner().invoke(main, ["show", "01"])
    assert result.exit_code == 0 and "\x1b[" not in result.output

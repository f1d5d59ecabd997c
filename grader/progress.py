"""Progress for long steps, in the form the place it is shown in wants.

On a terminal: a rich spinner for steps and a progress bar for a list of
items. Elsewhere (CI logs, pipes): one plain line per step or item. Quiet:
nothing. Colour follows rich's rules: only on a terminal, never with NO_COLOR.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Literal

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

Mode = Literal["rich", "plain", "quiet"]


def choose_mode(console: Console, quiet: bool) -> Mode:
    if quiet:
        return "quiet"
    return "rich" if console.is_terminal else "plain"


class Reporter:
    def __init__(self, console: Console, mode: Mode) -> None:
        self.console = console
        self.mode = mode

    def step(self, message: str) -> None:
        """One phase of a long job (image build: bootstrap, wheels, build)."""
        if self.mode != "quiet":
            self.console.print(message, highlight=False, markup=False)

    @contextlib.contextmanager
    def steps(self, first: str) -> Iterator[Callable[[str], None]]:
        """Yield ``step(message)`` for the phases of one long job; on a terminal
        a spinner shows the current phase while it runs."""
        if self.mode != "rich":
            self.step(first)
            yield self.step
            return
        with self.console.status(first) as status:

            def update(message: str) -> None:
                self.console.print(message, highlight=False, markup=False)
                status.update(message)

            yield update

    @contextlib.contextmanager
    def items(self, description: str, total: int) -> Iterator[Callable[[str], None]]:
        """Yield ``done(label)``, called once per finished item."""
        if self.mode == "rich":
            columns = (
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                TextColumn("{task.fields[last]}", markup=False),
            )
            with Progress(*columns, console=self.console, transient=True) as bar:
                task = bar.add_task(description, total=total, last="")
                yield lambda label: bar.update(task, advance=1, last=label)
            return
        count = 0

        def done(label: str) -> None:
            nonlocal count
            count += 1
            if self.mode == "plain":
                self.console.print(f"[{count}/{total}] {label}", highlight=False, markup=False)

        yield done

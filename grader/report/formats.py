"""Every output format, rendered from the one JSON report, and where each goes.

``--output`` names a file; its extension picks the format (``report.md``,
``report.xml``...), or a ``FORMAT:`` prefix does
(``gradescope:/autograder/results/results.json``).
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console

from ..errors import UsageError
from .gradescope import render_gradescope
from .html import render_html
from .junit import render_junit
from .markdown import render_markdown
from .model import Report
from .terminal import print_report


def render_text(report: Report) -> str:
    console = Console(record=True, width=100, file=io.StringIO(), color_system=None)
    print_report(report, console)
    return console.export_text()


def render_json(report: Report) -> str:
    return report.to_json() + "\n"


RENDERERS: dict[str, Callable[[Report], str]] = {
    "text": render_text,
    "json": render_json,
    "markdown": render_markdown,
    "junit": render_junit,
    "html": render_html,
    "gradescope": render_gradescope,
}
SUFFIXES = {
    ".txt": "text",
    ".json": "json",
    ".md": "markdown",
    ".xml": "junit",
    ".html": "html",
}


def render(report: Report, kind: str) -> str:
    return RENDERERS[kind](report)


@dataclass(frozen=True)
class OutputTarget:
    path: Path
    kind: str

    @classmethod
    def parse(cls, spec: str) -> OutputTarget:
        """``report.html`` or ``gradescope:results.json``; checked before any grading."""
        prefix, colon, rest = spec.partition(":")
        if colon and prefix in RENDERERS:
            path, kind = Path(rest), prefix
        else:
            path = Path(spec)
            found = SUFFIXES.get(path.suffix.lower())
            if found is None:
                known = ", ".join(SUFFIXES)
                raise UsageError(
                    f"cannot tell the report format of {spec}; use one of {known} "
                    f"or a prefix such as gradescope:{spec}"
                )
            kind = found
        if not path.parent.is_dir():
            raise UsageError(f"cannot write {path}: folder {path.parent} does not exist")
        if path.is_dir():
            raise UsageError(f"cannot write {path}: it is a folder")
        return cls(path, kind)

    def write(self, text: str) -> None:
        write_atomically(self.path, text)


def write_atomically(path: Path, text: str) -> None:
    """Write beside the target, then rename: a failed write never truncates it."""
    try:
        fd, partial = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror}") from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(partial, path)
    except OSError as exc:
        Path(partial).unlink(missing_ok=True)
        raise UsageError(f"cannot write {path}: {exc.strerror}") from exc

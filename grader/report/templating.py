"""The jinja2 environment the Markdown and HTML reports share."""

from __future__ import annotations

import functools

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape


def number(value: float) -> str:
    """80.0 -> "80", 83.3333 -> "83.3"."""
    return f"{value:.1f}".removesuffix(".0")


def cell(text: str) -> str:
    """Text safe inside one Markdown table cell."""
    return oneline(text).replace("|", "\\|")


def oneline(text: str) -> str:
    """One line of Markdown; angle brackets escaped, so a message quoting the
    candidate's output cannot open an HTML tag in a PR comment."""
    return " ".join(text.split()).replace("<", "&lt;").replace(">", "&gt;")


def fence(text: str) -> str:
    """Text safe inside a ``` fence."""
    return text.replace("```", "ʼʼʼ").rstrip()


@functools.cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("grader.report", "templates"),
        autoescape=select_autoescape(["html", "html.j2"]),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters.update(number=number, cell=cell, oneline=oneline, fence=fence)
    return env

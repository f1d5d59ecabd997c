"""The HTML report in a real headless browser: it renders offline, with no
console errors and nothing fetched, and shows what the report says."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from grader.report.formats import render
from tests.browser import Browser, open_browser, save
from tests.conftest import ROOT, docker_required
from tests.reports import HOSTILE, graded

OUTPUT = ROOT / "tests" / "output"
PROBES = {
    "verdict": "document.getElementById('verdict').textContent",
    "score": "document.getElementById('score').textContent",
    "rows": "document.querySelectorAll('#criteria tbody tr').length",
    "missed_rows": "[...document.querySelectorAll('#criteria tr.missed')]"
    ".map(r => r.dataset.criterion).sort()",
    "chart_cells": "document.querySelectorAll('#chart rect.cell').length",
    "chart_width": "document.getElementById('chart').getBoundingClientRect().width",
    "scripts": "document.scripts.length",
    "external": "[...document.querySelectorAll('[src],[href]')].length",
    "hostile_text": "document.body.innerText.includes('<script>alert(1)</script>')",
    "error_log": "(document.querySelector('#errors pre') || {}).textContent || ''",
}


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    opened = open_browser()
    if opened is None:
        if docker_required():
            pytest.fail("chromium is required in CI: run scripts/setup.sh")
        pytest.skip("no chromium on this machine")
    try:
        yield opened
    finally:
        opened.close()


def show(browser: Browser, html: str, name: str) -> dict[str, object]:
    page = OUTPUT / f"{name}.html"
    save(page, html.encode())
    visit = browser.visit(page.as_uri(), PROBES)
    shot = save(OUTPUT / f"{name}.png", visit.screenshot)
    assert visit.console_errors == [] and visit.failed_requests == []
    assert shot.stat().st_size > 10_000 and visit.screenshot.startswith(b"\x89PNG")
    return visit.values


def test_partial_report_renders_its_verdict_chart_and_misses(browser: Browser) -> None:
    missed = {"create-item", "openapi-contract"}
    full = graded()
    report = graded({c.id for c in full.criteria} - missed)
    values = show(browser, render(report, "html"), "report-partial")
    assert values["verdict"] == report.verdict
    assert values["score"] == f"{report.score:g}/100"
    assert values["rows"] == values["chart_cells"] == len(report.criteria)
    assert values["missed_rows"] == sorted(missed)
    assert float(values["chart_width"]) > 400  # type: ignore[arg-type]
    assert values["scripts"] == 0 and values["external"] == 0, "self-contained: nothing to load"
    assert values["hostile_text"] is True, "candidate text is shown as text, never run"


def test_crash_report_shows_the_error_with_its_log_tail(browser: Browser) -> None:
    report = graded(
        set(),
        app_ready=False,
        results=None,
        app_exit_code=1,
        app_exited_early=True,
        app_log=f"Traceback\nImportError: {HOSTILE}\n",
    )
    values = show(browser, render(report, "html"), "report-crash")
    assert values["verdict"] == "below-junior" and values["missed_rows"]
    assert "ImportError" in str(values["error_log"])

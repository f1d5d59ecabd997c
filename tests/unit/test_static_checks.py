from __future__ import annotations

import ast
from pathlib import Path

from grader.checks.static import check_blocking_in_async, parse_sources


def blocking(source: str, extra: tuple[str, ...] = ()) -> list[str]:
    result = check_blocking_in_async({"app/main.py": ast.parse(source)}, extra)
    assert result.passed == (not result.findings)
    return [f"{f.line}:{f.message.split('()')[0]}" for f in result.findings]


def test_direct_blocking_calls_in_async_def_are_found_through_any_import_style() -> None:
    source = (
        "import time, requests, subprocess\n"
        "import time as clock\n"
        "from time import sleep\n"
        "async def handler():\n"
        "    time.sleep(1)\n"
        "    clock.sleep(1)\n"
        "    sleep(1)\n"
        "    requests.get('http://x')\n"
        "    subprocess.run(['ls'])\n"
        "    open('f')\n"
    )
    assert blocking(source) == [
        "5:time.sleep",
        "6:time.sleep",
        "7:time.sleep",
        "8:requests.get",
        "9:subprocess.run",
        "10:open",
    ]


def test_offloaded_awaited_and_sync_code_is_not_flagged() -> None:
    source = (
        "import time, asyncio, aiofiles\n"
        "from fastapi.concurrency import run_in_threadpool\n"
        "def sync_route():\n"
        "    time.sleep(1)\n"
        "async def handler():\n"
        "    await asyncio.sleep(1)\n"
        "    await run_in_threadpool(time.sleep, 1)\n"
        "    await asyncio.to_thread(time.sleep, 1)\n"
        "    async with aiofiles.open('f') as f: pass\n"
        "    def worker():\n"
        "        time.sleep(1)\n"
        "    await run_in_threadpool(worker)\n"
    )
    assert blocking(source) == []


def test_exercise_specific_names_match_relative_and_absolute_imports() -> None:
    source = (
        "from . import services\n"
        "from .services import count_primes\n"
        "from app.services import fetch_report as fetch\n"
        "async def a():\n"
        "    services.fetch_report(1)\n"
        "    count_primes(10)\n"
        "    fetch(2)\n"
        "async def b():\n"
        "    other.fetch_report_async(1)\n"
    )
    extra = ("services.fetch_report", "services.count_primes")
    assert blocking(source, extra) == [
        "5:.services.fetch_report",
        "6:.services.count_primes",
        "7:app.services.fetch_report",
    ]


def test_blocking_calls_in_nested_async_def_are_reported_once() -> None:
    source = "import time\nasync def outer():\n    async def inner():\n        time.sleep(1)\n"
    assert blocking(source) == ["4:time.sleep"]


def test_syntax_errors_become_findings_not_exceptions(tmp_path: Path) -> None:
    (tmp_path / "main.py").write_text("def broken(:\n")
    (tmp_path / "ok.py").write_text("x = 1\n")
    (tmp_path / "nul.py").write_bytes(b"x = 1\0\n")
    modules, errors = parse_sources(tmp_path)
    assert list(modules) == ["app/ok.py"]
    assert [(e.path, e.line) for e in errors] == [("app/main.py", 1), ("app/nul.py", 0)]
    assert errors[0].message.startswith("syntax error")

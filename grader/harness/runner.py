"""Tester entry point: wait for the app, then run the hidden suite.

    python -m prep_harness.runner SUITE_DIR

Environment: PREP_APP_URL (the app), PREP_RESULTS (results JSON path),
PREP_STARTUP_TIMEOUT (seconds to wait for the app's port). The startup
record is written first, so the grader knows whether the app came up even
if the suite is later killed.
"""

from __future__ import annotations

import json
import os
import socket
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit


def pytest_args(suite: str, *, stop_at_first_failure: bool = False) -> list[str]:
    """How the hidden suite is run: with the results plugin, quiet, no tracebacks
    (they would quote the hidden tests' source), nothing cached."""
    return [
        *(["--maxfail=1"] if stop_at_first_failure else []),
        suite,
        "-p",
        f"{__package__}.plugin",
        "-p",
        "no:cacheprovider",
        "-q",
        "--tb=no",
        "--rootdir",
        suite,
        "-o",
        "console_output_style=classic",
    ]


def wait_for_port(host: str, port: int, timeout: float) -> float | None:
    """Seconds until ``host:port`` accepts a connection, or None on timeout."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return time.monotonic() - start
        except OSError:
            time.sleep(0.02)
    return None


REFERENCE_SCHEMA = "openapi.json"  # the reference solution's schema, kept with the hidden suite


def apply_run_settings(path: Path) -> dict[str, Any]:
    """The grader's choices for this run (seed, reruns, probes); the seed and the
    reruns go where the plugin reads them."""
    try:
        settings = dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return {}
    if settings.get("seed") is not None:
        os.environ["PREP_SEED"] = str(int(settings["seed"]))
    os.environ["PREP_RERUNS"] = str(int(settings.get("reruns", 0)))
    return settings


def main(argv: list[str]) -> int:
    suite = argv[0]
    results = Path(os.environ["PREP_RESULTS"])
    url = urlsplit(os.environ.get("PREP_APP_URL", "http://127.0.0.1:8000"))
    timeout = float(os.environ.get("PREP_STARTUP_TIMEOUT", "20"))
    startup = results.with_name("startup.json")

    settings = apply_run_settings(results.with_name("run.json"))
    seconds = wait_for_port(url.hostname or "127.0.0.1", url.port or 80, timeout)
    ready = seconds is not None
    startup.write_text(json.dumps({"ready": ready, "seconds": seconds, "timed_out": not ready}))
    if seconds is None:
        return 0

    import pytest

    stop = bool(settings.get("stop_at_first_failure"))
    status = int(pytest.main(pytest_args(suite, stop_at_first_failure=stop)))
    from . import probes

    probes.run(url.geturl(), Path(suite) / REFERENCE_SCHEMA, results.parent, settings)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Run a hidden suite on the host against an in-process uvicorn server.

No sandbox: this is the baseline the benchmark compares the grader with, and
a quick loop for exercise authors. Never use it on untrusted code.

    python benchmarks/inprocess.py EXERCISE_DIR APP_DIR [--json]
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
import uvicorn

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from grader.harness.runner import pytest_args  # noqa: E402


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(app_dir: Path, port: int) -> tuple[uvicorn.Server, threading.Thread]:
    staging = Path(tempfile.mkdtemp(prefix="prep-inprocess-"))
    shutil.copytree(app_dir, staging / "app", ignore=shutil.ignore_patterns("__pycache__"))
    sys.path.insert(0, str(staging))
    config = uvicorn.Config("app.main:app", host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline and thread.is_alive():
        time.sleep(0.01)
    if not server.started:
        raise SystemExit(f"app in {app_dir} did not start")
    return server, thread


def run_suite(exercise_dir: Path, app_dir: Path) -> dict[str, object]:
    """Serve ``app_dir`` in this process and run ``exercise_dir/hidden`` against it."""
    port = free_port()
    server, thread = start_server(app_dir, port)
    results = Path(tempfile.mkdtemp(prefix="prep-results-")) / "results.json"
    os.environ["PREP_APP_URL"] = f"http://127.0.0.1:{port}"
    os.environ["PREP_RESULTS"] = str(results)
    # Load what the tester container has (pytest, anyio) and not every plugin
    # this host happens to have installed: a fair baseline.
    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    suite = str(exercise_dir / "hidden")
    try:
        # The tester's own arguments; -c keeps this repository's pytest config out,
        # and anyio is loaded by hand because plugin autoload is off.
        pytest.main([*pytest_args(suite), "-c", os.devnull, "-p", "anyio"])
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    return dict(json.loads(results.read_text()))


def main(argv: list[str]) -> int:
    exercise_dir, app_dir = Path(argv[0]).resolve(), Path(argv[1]).resolve()
    document = run_suite(exercise_dir, app_dir)
    if "--json" in argv:
        print(json.dumps(document, indent=1))
        return 0
    for test in document["tests"]:  # type: ignore[union-attr]
        criteria = ",".join(test["criteria"])
        print(f"{test['outcome']:8} {criteria:30} {test['name']}  {test['message'][:100]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

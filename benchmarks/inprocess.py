"""Run a hidden suite on the host against the app served by the grader's supervisor.

No sandbox: the app runs as a plain subprocess and the suite in this process.
This is the baseline the benchmark compares the grader with, and the quick
loop for exercise authors. Never use it on untrusted code.

    python benchmarks/inprocess.py EXERCISE_DIR APP_DIR [--json]
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from grader.harness.runner import pytest_args, wait_for_port  # noqa: E402


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_app(app_dir: Path, port: int, control: Path) -> subprocess.Popen[bytes]:
    """Serve ``app_dir`` under the grader's supervisor, as the sandbox does."""
    staging = Path(tempfile.mkdtemp(prefix="prep-inprocess-"))
    shutil.copytree(app_dir, staging / "app", ignore=shutil.ignore_patterns("__pycache__"))
    env = os.environ | {
        "PREP_CONTROL_DIR": str(control),
        "PREP_APP_DIR": str(staging),
        "PREP_APP_PORT": str(port),
        "PYTHONPATH": str(ROOT),
        # What the image has, not every plugin of this host (jobs run pytest too).
        "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1",
        "PYTEST_PLUGINS": "anyio.pytest_plugin",
    }
    supervisor = subprocess.Popen(
        [sys.executable, "-m", "grader.harness.supervisor"],
        env=env,
        cwd=staging,
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )
    if wait_for_port("127.0.0.1", port, 20) is None:
        supervisor.kill()
        raise SystemExit(f"app in {app_dir} did not start")
    return supervisor


def run_suite(exercise_dir: Path, app_dir: Path) -> dict[str, object]:
    """Serve ``app_dir`` beside this process and run ``exercise_dir/hidden`` against it."""
    port = free_port()
    scratch = Path(tempfile.mkdtemp(prefix="prep-inprocess-run-"))
    (scratch / "control").mkdir()
    supervisor = start_app(app_dir, port, scratch / "control")
    results = scratch / "results.json"
    os.environ["PREP_APP_URL"] = f"http://127.0.0.1:{port}"
    os.environ["PREP_RESULTS"] = str(results)
    os.environ["PREP_CONTROL_DIR"] = str(scratch / "control")
    # Load what the tester container has (pytest, anyio) and not every plugin
    # this host happens to have installed: a fair baseline.
    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    suite = str(exercise_dir / "hidden")
    try:
        # The tester's own arguments; -c keeps this repository's pytest config out,
        # and anyio is loaded by hand because plugin autoload is off.
        pytest.main([*pytest_args(suite), "-c", os.devnull, "-p", "anyio"])
    finally:
        supervisor.terminate()
        try:
            supervisor.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(supervisor.pid, signal.SIGKILL)  # the supervisor and its app
            supervisor.wait()
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

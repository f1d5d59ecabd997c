"""Public tests: run them with `prep test exercise_12`.

They run your suite the way the grader does (python -m pytest app/tests in a
fresh copy of your submission, with no pytest plugin but anyio's): on the given
app, on the app with the real payment service replaced by a tripwire, and on
one sample bug. The hidden suite tries twelve bugs (README.md, "What is graded").
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import app

APP_DIR = Path(app.__file__).resolve().parent
# As in the grader's sandbox, whose only pytest plugin is anyio's.
SUITE = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "anyio", "app/tests"]

REAL_CLIENT = (
    "    with httpx.Client(base_url=PAYMENTS_URL, timeout=5.0) as http:\n"
    "        yield PaymentClient(http)\n"
)
TRIPWIRE = (
    '    raise RuntimeError("a test reached the real payment service: '
    'override get_payment_client")\n    yield\n'
)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{path.name} was changed: put the given file back"
    path.write_text(text.replace(old, new), encoding="utf-8")


def run_suite(
    tmp_path: Path, tripwire: bool = True, bug: tuple[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Your suite in a copy of app/, optionally with the tripwire and one bug."""
    root = tmp_path / "submission"
    ignore = shutil.ignore_patterns("__pycache__", ".pytest_cache")
    shutil.copytree(APP_DIR, root / "app", ignore=ignore)
    if tripwire:
        edit(root / "app" / "payments.py", REAL_CLIENT, TRIPWIRE)
    if bug:
        edit(root / "app" / "main.py", *bug)
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    return subprocess.run(
        SUITE, cwd=root, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def passed(output: str) -> int:
    found = re.findall(r"(\d+) passed", output)
    return int(found[-1]) if found else 0


def test_your_suite_passes_on_the_given_app(tmp_path: Path) -> None:
    result = run_suite(tmp_path, tripwire=False)
    assert result.returncode == 0, (
        f"expected exit code 0, got {result.returncode}:\n{result.stdout[-3000:]}"
    )
    assert passed(result.stdout) >= 5, f"expected at least 5 passing tests:\n{result.stdout}"


def test_your_suite_never_reaches_the_real_payment_service(tmp_path: Path) -> None:
    result = run_suite(tmp_path, tripwire=True)
    assert "real payment service" not in result.stdout, (
        f"a test used the real get_payment_client: override it\n{result.stdout[-3000:]}"
    )
    assert result.returncode == 0, (
        f"expected exit code 0, got {result.returncode}:\n{result.stdout[-3000:]}"
    )


def test_your_suite_catches_a_wrong_status_code(tmp_path: Path) -> None:
    bug = ('@app.post("/orders", status_code=status.HTTP_201_CREATED)', '@app.post("/orders")')
    result = run_suite(tmp_path, bug=bug)
    assert result.returncode == 1, (
        "with POST /orders answering 200 instead of 201, your suite should fail "
        f"(exit code 1), got exit code {result.returncode}:\n{result.stdout[-3000:]}"
    )

"""The trusted pytest plugin records what the grader needs and nothing it must not leak."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi import FastAPI
from pydantic import BaseModel

from grader.harness.plugin import OpenAPIDocument
from grader.harness.runner import main as runner_main
from grader.harness.runner import pytest_args, wait_for_port

SUITE = '''
import pytest

SECRET = "hidden-source-line"

@pytest.mark.criterion("a")
def test_passes():
    """Passing test."""

@pytest.mark.criterion("a", "b")
def test_fails_bare():
    """Compares values."""
    value = 404
    assert value == 201

@pytest.mark.criterion("b")
def test_fails_with_message():
    assert SECRET == "x", "expected 201, got 404"

@pytest.mark.criterion("b")
def test_errors():
    raise RuntimeError("connection refused")

@pytest.fixture
def broken():
    raise ValueError("fixture broke")

@pytest.mark.criterion("c")
def test_setup_error(broken):
    pass

def test_unmarked():
    pass
'''


def run_suite(
    tmp_path: Path, source: str, *, stop_at_first_failure: bool = False, **env_vars: str
) -> dict[str, dict[str, object]]:
    suite = tmp_path / "suite"
    suite.mkdir(exist_ok=True)
    (suite / "test_sample.py").write_text(source)
    results = tmp_path / "results.json"
    env = os.environ | {"PREP_RESULTS": str(results)} | env_vars
    args = pytest_args(str(suite), stop_at_first_failure=stop_at_first_failure)
    subprocess.run(
        [sys.executable, "-m", "pytest", *args, "-c", os.devnull],
        env=env,
        capture_output=True,
        check=False,
    )
    document = json.loads(results.read_text())
    return {t["name"]: t for t in document["tests"]}


def test_records_outcome_criteria_and_docstring(tmp_path: Path) -> None:
    tests = run_suite(tmp_path, SUITE)
    summary = {name: (t["outcome"], t["criteria"]) for name, t in tests.items()}
    assert summary == {
        "test_passes": ("passed", ["a"]),
        "test_fails_bare": ("failed", ["a", "b"]),
        "test_fails_with_message": ("failed", ["b"]),
        "test_errors": ("failed", ["b"]),
        "test_setup_error": ("error", ["c"]),
        "test_unmarked": ("passed", []),
    }
    assert tests["test_passes"]["doc"] == "Passing test."


def test_a_run_can_stop_at_its_first_failure(tmp_path: Path) -> None:
    tests = run_suite(tmp_path, SUITE, stop_at_first_failure=True)
    outcomes = [t["outcome"] for t in tests.values()]
    assert outcomes == ["passed", "failed", "not-run", "not-run", "not-run", "not-run"]


def test_messages_carry_values_not_test_source(tmp_path: Path) -> None:
    tests = run_suite(tmp_path, SUITE)
    assert tests["test_fails_bare"]["message"] == "assert 404 == 201"
    assert tests["test_fails_with_message"]["message"].startswith(
        "AssertionError: expected 201, got 404"
    )
    assert tests["test_errors"]["message"] == "RuntimeError: connection refused"
    assert "fixture broke" in str(tests["test_setup_error"]["message"])
    everything = json.dumps(tests)
    assert "hidden-source-line" not in everything and "SECRET" not in everything


def test_runner_gives_up_on_a_closed_port_and_says_so(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # bound, never listening: connections are refused
        assert wait_for_port("127.0.0.1", port, timeout=0.3) is None
        monkeypatch.setenv("PREP_RESULTS", str(tmp_path / "results.json"))
        monkeypatch.setenv("PREP_APP_URL", f"http://127.0.0.1:{port}")
        monkeypatch.setenv("PREP_STARTUP_TIMEOUT", "0.3")
        assert runner_main([str(tmp_path)]) == 0
    startup = json.loads((tmp_path / "startup.json").read_text())
    assert startup == {"ready": False, "seconds": None, "timed_out": True}
    assert not (tmp_path / "results.json").exists()


def test_runner_sees_an_open_port() -> None:
    import socket

    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        seconds = wait_for_port("127.0.0.1", server.getsockname()[1], timeout=2)
    assert seconds is not None and seconds < 1


FLAKY = """
import pathlib
import pytest

COUNTER = pathlib.Path(__file__).with_name("attempts")

@pytest.fixture(scope="module")
def shared():
    return object()

@pytest.mark.criterion("a")
def test_fails_once(shared):
    attempts = int(COUNTER.read_text()) + 1 if COUNTER.exists() else 1
    COUNTER.write_text(str(attempts))
    assert attempts > 1, "first attempt fails"

@pytest.mark.criterion("a")
def test_always_fails(shared):
    assert 1 == 2, "never passes"

@pytest.mark.criterion("a")
def test_passes(shared):
    pass
"""


def test_a_test_passing_on_rerun_is_flaky_and_one_always_failing_stays_failed(
    tmp_path: Path,
) -> None:
    tests = run_suite(tmp_path, FLAKY, PREP_RERUNS="2")
    assert tests["test_fails_once"]["outcome"] == "flaky"
    assert "first failure: AssertionError: first attempt fails" in str(
        tests["test_fails_once"]["message"]
    )
    assert tests["test_always_fails"]["outcome"] == "failed"
    assert tests["test_passes"]["outcome"] == "passed"


def test_without_reruns_a_first_failure_is_a_failure(tmp_path: Path) -> None:
    tests = run_suite(tmp_path, FLAKY, PREP_RERUNS="0")
    assert tests["test_fails_once"]["outcome"] == "failed"


def order(tmp_path: Path, seed: str) -> list[str]:
    source = "\n".join(f"def test_{i:02}():\n    pass\n" for i in range(20))
    run_suite(tmp_path, source, PREP_SEED=seed)
    document = json.loads((tmp_path / "results.json").read_text())
    assert document["seed"] == int(seed)
    return [t["name"] for t in document["tests"]]


def test_the_seed_shuffles_the_order_and_reproduces_it(tmp_path: Path) -> None:
    first, again, other = order(tmp_path, "1"), order(tmp_path, "1"), order(tmp_path, "2")
    assert first == again
    assert sorted(first) == sorted(other) == [f"test_{i:02}" for i in range(20)]
    assert first != other and first != sorted(first)


class ListedItem(BaseModel):
    id: int
    name: str


def items_app() -> FastAPI:
    app = FastAPI()

    @app.post("/items", status_code=201)
    def create() -> ListedItem:
        return ListedItem(id=1, name="a")

    @app.get("/items")
    def listing() -> list[ListedItem]:
        return []

    @app.get("/items/{item_id}")
    def undeclared(item_id: int):  # no return annotation: no response schema
        return {"id": item_id, "name": "a"}

    return app


def test_openapi_document_reads_declared_responses_through_refs_and_lists() -> None:
    document = OpenAPIDocument(items_app().openapi())
    document.assert_response_fields("post", "/items", 201, {"id", "name"})
    document.assert_response_fields("get", "/items", 200, {"id", "name"}, array=True)
    with pytest.raises(AssertionError, match=r"GET /items/\{item_id\} response 200.*missing"):
        document.assert_response_fields("get", "/items/{item_id}", 200, {"id"})
    with pytest.raises(AssertionError, match="expected an array schema"):
        document.assert_response_fields("post", "/items", 201, {"id"}, array=True)
    with pytest.raises(AssertionError, match="declares no 200 response, only"):
        document.assert_response_fields("post", "/items", 200, {"id"})
    with pytest.raises(AssertionError, match="expected the operation DELETE /items"):
        document.operation("delete", "/items")

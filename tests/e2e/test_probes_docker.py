"""Robustness probes through the real sandbox: an answer that only handles
the happy path is found out with the requests that broke it, and its score
does not move (findings are feedback). Reference solutions give the probes
nothing to find: see test_determinism."""

from __future__ import annotations

from grader import catalog
from grader.grading import grade
from grader.sandbox.container import DockerSandbox
from tests.conftest import ROOT

FRAGILE = ROOT / "tests" / "submissions" / "failures" / "fragile_items"


def test_a_happy_path_answer_is_found_out_by_the_probes(docker_sandbox: DockerSandbox) -> None:
    exercise = catalog.find("01")
    quiet = grade(exercise, FRAGILE, docker_sandbox, seed=7)
    probed = grade(exercise, FRAGILE, docker_sandbox, seed=7, probes=True)
    assert quiet.findings == ()
    assert (probed.score, probed.verdict) == (quiet.score, quiet.verdict)
    found = {f.request: f for f in probed.findings}
    assert set(found) == {"POST /items", "GET /items", "GET /items/1"}, probed.findings
    assert "traceback" in found["POST /items"].detail, found["POST /items"]
    assert found["POST /items"].body, "the finding carries the body that caused it"
    assert found["GET /items"].detail == (
        "answered 200 off its declared schema: $[0].id: expected integer, got string"
    )
    assert found["GET /items/1"].detail == (
        "answered 200 off its declared schema: $.id: expected integer, got string"
    )

"""Each partial solution kept under tests/submissions lands where it should,
through the real Docker sandbox. (The reference solutions and the stubs are
proven by `prep validate --all` in test_cli_docker and by test_determinism.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from grader import catalog
from grader.grading import grade
from tests.conftest import SUBMISSIONS

# exercise id -> {partial solution folder: expected verdict}
PARTIALS = {
    "exercise_01": {"junior": "junior"},
    "exercise_02": {"junior": "junior", "leaky": "below-junior"},
    "exercise_03": {"junior": "junior"},
    "exercise_04": {"junior": "junior", "threads": "senior"},
    "exercise_05": {"junior": "junior", "starlette_background": "junior", "threads": "senior"},
    "exercise_06": {"junior": "junior", "lazy_validation": "junior"},
    "exercise_07": {"junior": "junior", "tutorial": "senior"},
    "exercise_08": {
        "junior": "junior",
        "tutorial": "junior",
        "import_time": "junior",
        "below_junior": "below-junior",
    },
    "exercise_09": {"junior": "junior", "timeouts": "senior"},
    "exercise_10": {"junior": "junior", "basehttp": "senior", "below_junior": "below-junior"},
    "exercise_11": {"junior": "junior", "below_junior": "below-junior"},
    "exercise_12": {"junior": "junior", "no_override": "below-junior", "senior": "senior"},
    "exercise_13": {"junior": "junior", "senior": "senior"},
    "exercise_14": {"junior": "junior", "global_lock": "junior"},
    "exercise_15": {"junior": "junior", "below_junior": "below-junior"},
}


@pytest.mark.parametrize(
    ("exercise_id", "partial", "verdict"),
    [(e, p, v) for e, partials in PARTIALS.items() for p, v in partials.items()],
)
def test_partial_solutions_land_on_their_level(
    docker_sandbox,
    exercise_id: str,
    partial: str,
    verdict: str,  # type: ignore[no-untyped-def]
) -> None:
    exercise = catalog.find(exercise_id)
    submission: Path = SUBMISSIONS / exercise_id / partial
    report = grade(exercise, submission, docker_sandbox)
    assert report.verdict == verdict, [(c.id, c.feedback) for c in report.missed]
    if verdict == "junior":
        assert 0 < report.score < 100
        assert any(c.level == "senior" and not c.passed for c in report.criteria)


def test_every_exercise_has_a_partial_that_must_land_on_junior() -> None:
    ids = [e.id for e in catalog.discover()]
    assert sorted(PARTIALS) == ids
    assert all("junior" in PARTIALS[i].values() for i in ids)
    for exercise_id, partials in PARTIALS.items():
        for partial in partials:
            assert (SUBMISSIONS / exercise_id / partial / "main.py").is_file(), partial

from __future__ import annotations

import pytest

from grader.rubric import Criterion, Evidence, Threshold, VerdictRule, meets, score


def criterion(cid: str, level: str, points: int) -> Criterion:
    return Criterion(id=cid, level=level, points=points, description="d", hint="h")  # type: ignore[arg-type]


CRITERIA = [
    criterion("a", "junior", 6),
    criterion("b", "junior", 4),
    criterion("c", "senior", 3),
    criterion("d", "senior", 1),
]


def passing(*names: str) -> list[Evidence]:
    return [Evidence("test", n, True) for n in names]


def test_all_evidence_passing_earns_full_marks_and_senior() -> None:
    card = score(CRITERIA, {c.id: passing("t") for c in CRITERIA}, VerdictRule())
    assert (card.score, card.verdict) == (100.0, "senior")
    assert (card.junior.percent, card.senior.percent) == (100.0, 100.0)


def test_one_failing_test_loses_the_whole_criterion() -> None:
    evidence = {c.id: passing("t") for c in CRITERIA}
    evidence["a"] = [Evidence("test", "t1", True), Evidence("test", "t2", False, "boom")]
    card = score(CRITERIA, evidence, VerdictRule())
    result = next(r for r in card.results if r.criterion.id == "a")
    assert (result.passed, result.earned, [e.name for e in result.missed]) == (False, 0, ["t2"])
    assert card.junior.earned == 4 and card.junior.percent == 40.0
    assert card.verdict == "below-junior"


def test_criterion_without_evidence_is_not_met() -> None:
    card = score(CRITERIA, {}, VerdictRule())
    assert card.score == 0.0 and card.verdict == "below-junior"
    assert all(not r.passed for r in card.results)


def test_junior_answer_lands_between() -> None:
    evidence = {"a": passing("t"), "b": passing("t"), "c": passing("t")}
    card = score(CRITERIA, evidence, VerdictRule())  # senior 3/4 = 75% -> senior
    assert card.verdict == "senior"
    del evidence["c"]
    card = score(CRITERIA, evidence, VerdictRule())
    assert (card.verdict, card.senior.percent, round(card.score, 1)) == ("junior", 0.0, 71.4)


@pytest.mark.parametrize(
    ("junior", "senior", "expected"),
    [
        (100, 100, "senior"),
        (90, 75, "senior"),
        (89.9, 100, "junior"),
        (100, 74.9, "junior"),
        (70, 0, "junior"),
        (69.9, 100, "below-junior"),
        (0, 0, "below-junior"),
    ],
)
def test_default_rule_boundaries(junior: float, senior: float, expected: str) -> None:
    assert VerdictRule().decide(junior, senior) == expected


def test_rule_is_configurable_and_described() -> None:
    strict = VerdictRule(senior=Threshold(junior=100, senior=100), junior=Threshold(junior=90))
    assert strict.decide(100, 99) == "junior"
    assert strict.decide(89, 0) == "below-junior"
    assert strict.describe() == (
        "senior when junior >= 100% and senior >= 100%; junior when junior >= 90%"
    )


def test_level_without_criteria_counts_as_met() -> None:
    only_junior = [criterion("a", "junior", 1)]
    card = score(only_junior, {"a": passing("t")}, VerdictRule())
    assert card.senior.possible == 0 and card.senior.percent == 100.0
    assert card.verdict == "senior"


def test_meets_orders_verdicts() -> None:
    assert meets("senior", "junior") and meets("junior", "junior")
    assert not meets("below-junior", "junior") and not meets("junior", "senior")

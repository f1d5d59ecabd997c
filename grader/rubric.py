"""Criteria, scoring and the level verdict.

A criterion is met when all of its evidence passed (every hidden test marked
with it and every check it names) and it earns all of its points or none.
Each level's percent is earned / possible points of that level's criteria;
the verdict rule turns the two percents into "senior", "junior" or
"below-junior". A level with no criteria counts as fully met.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Level = Literal["junior", "senior"]
Verdict = Literal["senior", "junior", "below-junior"]
VERDICT_ORDER: tuple[Verdict, ...] = ("below-junior", "junior", "senior")


class Criterion(BaseModel):
    """One line of the rubric, as written in exercise.toml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    level: Level
    points: int = Field(ge=1, le=100)
    description: str = Field(min_length=1)
    hint: str = Field(min_length=1)
    checks: tuple[str, ...] = ()


class Threshold(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    junior: float = Field(0.0, ge=0, le=100)
    senior: float = Field(0.0, ge=0, le=100)

    def met(self, junior_percent: float, senior_percent: float) -> bool:
        return junior_percent >= self.junior and senior_percent >= self.senior


class VerdictRule(BaseModel):
    """Minimum percents per level for each verdict; configurable per exercise."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    senior: Threshold = Threshold(junior=90, senior=75)
    junior: Threshold = Threshold(junior=70)

    def decide(self, junior_percent: float, senior_percent: float) -> Verdict:
        if self.senior.met(junior_percent, senior_percent):
            return "senior"
        if self.junior.met(junior_percent, senior_percent):
            return "junior"
        return "below-junior"

    def describe(self) -> str:
        def terms(t: Threshold) -> str:
            parts = [
                f"{level} >= {getattr(t, level):g}%"
                for level in ("junior", "senior")
                if getattr(t, level) > 0
            ]
            return " and ".join(parts) or "always"

        return f"senior when {terms(self.senior)}; junior when {terms(self.junior)}"


@dataclass(frozen=True)
class Evidence:
    """One hidden test or check outcome that speaks for a criterion."""

    kind: Literal["test", "check"]
    name: str
    passed: bool
    message: str = ""
    doc: str = ""
    flaky: bool = False  # failed, then passed when run again: counts as passed


@dataclass(frozen=True)
class CriterionResult:
    criterion: Criterion
    evidence: tuple[Evidence, ...]

    @property
    def passed(self) -> bool:
        return bool(self.evidence) and all(e.passed for e in self.evidence)

    @property
    def earned(self) -> int:
        return self.criterion.points if self.passed else 0

    @property
    def missed(self) -> tuple[Evidence, ...]:
        return tuple(e for e in self.evidence if not e.passed)


@dataclass(frozen=True)
class LevelScore:
    earned: int
    possible: int

    @property
    def percent(self) -> float:
        return round(100.0 * self.earned / self.possible, 1) if self.possible else 100.0


@dataclass(frozen=True)
class Scorecard:
    results: tuple[CriterionResult, ...]
    junior: LevelScore
    senior: LevelScore
    verdict: Verdict

    @property
    def score(self) -> float:
        possible = self.junior.possible + self.senior.possible
        earned = self.junior.earned + self.senior.earned
        return round(100.0 * earned / possible, 1) if possible else 0.0


def level_score(results: Sequence[CriterionResult], level: Level) -> LevelScore:
    mine = [r for r in results if r.criterion.level == level]
    return LevelScore(sum(r.earned for r in mine), sum(r.criterion.points for r in mine))


def score(
    criteria: Sequence[Criterion],
    evidence: Mapping[str, Sequence[Evidence]],
    rule: VerdictRule,
) -> Scorecard:
    """Score every criterion from the evidence gathered for it."""
    results = tuple(CriterionResult(c, tuple(evidence.get(c.id, ()))) for c in criteria)
    junior, senior = level_score(results, "junior"), level_score(results, "senior")
    return Scorecard(results, junior, senior, rule.decide(junior.percent, senior.percent))


def meets(verdict: Verdict, minimum: Level) -> bool:
    """True when ``verdict`` is at or above the ``minimum`` level."""
    return VERDICT_ORDER.index(verdict) >= VERDICT_ORDER.index(minimum)

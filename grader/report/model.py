"""The report document: the source of truth every output format renders from.

``schema_version`` changes whenever a field is removed or changes meaning;
new fields may be added within a version.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

SCHEMA_VERSION = 1


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ExerciseRef(_Frozen):
    id: str
    title: str
    level: Literal["junior", "senior"]
    content_hash: str


class SubmissionRef(_Frozen):
    path: str
    files: int
    sha256: str


class LevelSummary(_Frozen):
    earned: int
    possible: int
    percent: float


class EvidenceEntry(_Frozen):
    kind: Literal["test", "check"]
    name: str
    passed: bool
    message: str = ""
    doc: str = ""
    flaky: bool = False


class CriterionEntry(_Frozen):
    id: str
    level: Literal["junior", "senior"]
    points: int
    earned: int
    passed: bool
    description: str
    hint: str
    feedback: str
    evidence: tuple[EvidenceEntry, ...]


class ErrorEntry(_Frozen):
    code: str
    message: str
    log_tail: str = ""


class ProbeFinding(_Frozen):
    """Something a probe found: the request that caused it and what came back."""

    kind: Literal["robustness", "security"]
    request: str
    body: str = ""
    detail: str


class SandboxFacts(_Frozen):
    backend: str
    isolation: str
    image: str = ""
    image_id: str = ""
    limits: dict[str, Any] = {}
    mechanisms: dict[str, str] = {}  # what confined a process-isolated backend


class Report(_Frozen):
    schema_version: int = SCHEMA_VERSION
    grader_version: str
    graded_at: str
    exercise: ExerciseRef
    submission: SubmissionRef
    verdict: Literal["senior", "junior", "below-junior"]
    verdict_rule: str
    score: float
    levels: dict[Literal["junior", "senior"], LevelSummary]
    criteria: tuple[CriterionEntry, ...]
    errors: tuple[ErrorEntry, ...] = ()
    warnings: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()  # how this exercise is graded, when it is unusual
    seed: int | None = None  # the hidden suite's test order; --seed reproduces it
    view: Literal["practice", "candidate", "reviewer"] = "practice"
    contract: tuple[str, ...] = ()  # differences from the reference's OpenAPI schema
    findings: tuple[ProbeFinding, ...] = ()  # from --probe
    logs: dict[str, str] = {}  # reviewer view: the app's and the tester's log tails
    sandbox: SandboxFacts
    timings: dict[str, float]

    def to_json(self) -> str:
        return self.model_dump_json(indent=2)

    @property
    def missed(self) -> tuple[CriterionEntry, ...]:
        return tuple(c for c in self.criteria if not c.passed)

    @property
    def flaky(self) -> tuple[EvidenceEntry, ...]:
        """Hidden tests that failed, then passed when run again."""
        return tuple(e for c in self.criteria for e in c.evidence if e.flaky)

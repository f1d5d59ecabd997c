"""Author checks: the rubric and the hidden suite agree with the reference.

The reference solution must earn full marks, the untouched stub must land
below junior, every hidden test must name a known criterion, and every
criterion must have evidence. With mutants (``with_mutants``), the hidden
suite must also catch realistic bugs seeded into the solution (``mutants``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from . import contract
from .catalog import Exercise
from .grading import grade
from .mutants import MutantResult, MutationReport, MutationRun, Plan
from .report.model import Report
from .sandbox.base import Sandbox


@dataclass(frozen=True)
class Validation:
    exercise: Exercise
    solution: Report
    stub: Report
    problems: tuple[str, ...]
    mutation: MutationReport | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def validate(exercise: Exercise, sandbox: Sandbox) -> Validation:
    solution = grade(exercise, exercise.solution_dir, sandbox)
    stub = grade(exercise, exercise.stub_dir, sandbox)
    found = given_problems(exercise) + contract_problems(exercise, solution)
    found += problems(solution, stub)
    return Validation(exercise, solution, stub, tuple(found))


def contract_problems(exercise: Exercise, solution: Report) -> list[str]:
    """The snapshot of the reference's schema exists and matches what the
    solution serves in the sandbox."""
    update = f"run `prep validate {exercise.id} --update-contract`"
    if contract.reference_schema(exercise) is None:
        return [f"no hidden/{contract.SNAPSHOT} (the reference's OpenAPI schema): {update}"]
    if solution.contract:
        return [
            f"hidden/{contract.SNAPSHOT} differs from the solution's schema "
            f"({solution.contract[0]}; {len(solution.contract)} in all): {update}"
        ]
    return []


def given_problems(exercise: Exercise) -> list[str]:
    """Each given module exists in app/ and the solution uses it unchanged."""
    found = []
    for name in exercise.config.given:
        stub, solution = exercise.stub_dir / name, exercise.solution_dir / name
        if not stub.is_file():
            found.append(f"given module {name} is not in app/")
        elif not solution.is_file() or solution.read_bytes() != stub.read_bytes():
            found.append(f"given module {name} differs between app/ and solution/")
    return found


def problems(solution: Report, stub: Report) -> list[str]:
    found: list[str] = []
    if solution.score < 100:
        missed = ", ".join(c.id for c in solution.missed)
        found.append(f"reference solution scores {solution.score:g}, not 100 (missed: {missed})")
    found += [f"reference solution: {e.code}: {e.message}" for e in solution.errors]
    if stub.verdict != "below-junior":
        found.append(f"untouched stub gets verdict {stub.verdict!r}, not 'below-junior'")
    if stub.levels["junior"].percent > 0 or stub.levels["senior"].percent > 0:
        met = ", ".join(c.id for c in stub.criteria if c.passed)
        found.append(f"untouched stub meets criteria it should not: {met}")
    found += list(solution.warnings)
    for criterion in solution.criteria:
        if not any(e.kind == "test" for e in criterion.evidence):
            found.append(f"criterion {criterion.id!r} has no hidden test")
    return found


def with_mutants(
    validation: Validation,
    planned: Plan,
    open_sandbox: Callable[[], Sandbox],
    *,
    jobs: int,
    min_score: float = 0.0,
    done: Callable[[MutantResult], None] | None = None,
) -> Validation:
    """Grade ``planned``'s mutants when the solution earned 100 (else they would
    prove nothing); a score below ``min_score`` is a problem."""
    if validation.solution.score < 100:
        note = "mutants not run: the reference solution must score 100 first"
        return replace(validation, problems=(*validation.problems, note))
    report = MutationRun(open_sandbox, jobs).run(planned, done)
    found = mutation_problems(report, min_score)
    return replace(validation, mutation=report, problems=(*validation.problems, *found))


def mutation_problems(report: MutationReport, min_score: float) -> list[str]:
    found = []
    if report.control_score is not None and report.control_score < 100:
        found.append(
            f"the unmutated solution scores {report.control_score:g} in a fixed order with no "
            "reruns: the hidden suite is order-dependent or flaky, so mutants prove nothing"
        )
    if report.score is not None and report.score < min_score:
        found.append(f"mutation score {report.score:g}% is below --min-score {min_score:g}%")
    return found


def to_json(validations: Sequence[Validation]) -> str:
    """Every validation (and its mutation run) as one JSON document."""
    return json.dumps(
        {
            "exercises": [
                {
                    "exercise": v.exercise.id,
                    "ok": v.ok,
                    "problems": list(v.problems),
                    "solution": {"score": v.solution.score, "verdict": v.solution.verdict},
                    "stub": {"score": v.stub.score, "verdict": v.stub.verdict},
                    "mutation": v.mutation.model_dump(mode="json") if v.mutation else None,
                }
                for v in validations
            ]
        },
        indent=2,
    )

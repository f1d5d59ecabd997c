"""Author checks: the rubric and the hidden suite agree with the reference.

The reference solution must earn full marks, the untouched stub must land
below junior, every hidden test must name a known criterion, and every
criterion must have evidence.
"""

from __future__ import annotations

from dataclasses import dataclass

from .catalog import Exercise
from .grading import grade
from .report.model import Report
from .sandbox.base import Sandbox


@dataclass(frozen=True)
class Validation:
    exercise: Exercise
    solution: Report
    stub: Report
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def validate(exercise: Exercise, sandbox: Sandbox) -> Validation:
    solution = grade(exercise, exercise.solution_dir, sandbox)
    stub = grade(exercise, exercise.stub_dir, sandbox)
    found = given_problems(exercise) + problems(solution, stub)
    return Validation(exercise, solution, stub, tuple(found))


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

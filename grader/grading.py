"""The grading pipeline: stage, check, run, gather, score, report.

``grade()`` is the one entry point; each step is a small function. Candidate
failures end up in the report; only ``GraderError`` escapes.
"""

from __future__ import annotations

import contextlib
import json
import random
import shutil
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from . import __version__, contract, evidence, intake, rubric
from .catalog import Exercise
from .checks.static import (
    CheckResult,
    Finding,
    check_blocking_in_async,
    check_syntax,
    parse_sources,
)
from .report.model import (
    CriterionEntry,
    EvidenceEntry,
    ExerciseRef,
    LevelSummary,
    ProbeFinding,
    Report,
    SandboxFacts,
    SubmissionRef,
)
from .sandbox.base import Sandbox, SandboxJob, SandboxLimits, SandboxOutcome
from .submission import StagedSubmission, stage
from .views import View, apply_view

HARNESS_DIR = Path(__file__).resolve().parent / "harness"


class Stopwatch:
    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextlib.contextmanager
    def __call__(self, step: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[step] = round(time.perf_counter() - start, 3)


DEFAULT_RERUNS = 1


def grade(
    exercise: Exercise,
    submission: Path,
    sandbox: Sandbox,
    *,
    seed: int | None = None,
    reruns: int = DEFAULT_RERUNS,
    view: View = "practice",
    probes: bool = False,
    stop_at_first_failure: bool = False,
) -> Report:
    """Grade the app found in ``submission`` against ``exercise``'s hidden suite.

    The hidden tests run in an order drawn from ``seed`` (a fresh one when
    None; the report records it), and a failing test runs again up to
    ``reruns`` times: one that then passes is flaky, not failed. ``view``
    chooses what the report keeps (``views.apply_view``). With ``probes``, the
    tester also sends schema-generated and security probe requests after the
    suite; what they find is feedback, not score. ``stop_at_first_failure``
    ends the suite at its first failing test (the rest count as not run):
    for callers that only ask whether anything fails, as mutation runs do.
    """
    clock = Stopwatch()
    limits = limits_for(exercise)
    seed = random.randrange(2**31) if seed is None else seed
    with clock("total"), tempfile.TemporaryDirectory(prefix="prep-run-") as tmp:
        workdir = Path(tmp)
        with clock("stage"):
            folder = intake.exercise_folder(intake.unpack(submission, workdir / "intake"), exercise)
            staged = replace(stage(folder, workdir), source=submission)  # report: the path given
            replaced = restore_given(exercise, staged)
        with clock("static"):
            static = run_static_checks(exercise, staged)
        outcome = None
        findings: list[ProbeFinding] = []
        if static["syntax"].passed:
            with clock("sandbox"):
                job = prepare_job(exercise, staged, workdir, limits)
                write_run_settings(
                    job, exercise, seed=seed, reruns=reruns, probes=probes,
                    stop_at_first_failure=stop_at_first_failure,
                )  # fmt: skip
                outcome = sandbox.run(job)
            static = static | {"openapi-contract": check_contract(exercise, job.output_dir)}
            findings = read_findings(job.output_dir)
    report = build_report(exercise, staged, static, outcome, sandbox, limits, clock.seconds)
    notes = report.notes
    if replaced:
        names = ", ".join(replaced)
        notes += (f"Given module(s) {names} were replaced by the exercise's own copy.",)
    logs = {"app": outcome.app_log, "tester": outcome.tester_log} if outcome else {}
    contract_check = static.get("openapi-contract")
    contract_lines = tuple(f.message for f in contract_check.findings) if contract_check else ()
    report = report.model_copy(
        update={
            "notes": notes,
            "seed": seed,
            "logs": logs,
            "contract": contract_lines,
            "findings": tuple(findings),
        }
    )
    return apply_view(report, view)


def write_run_settings(
    job: SandboxJob,
    exercise: Exercise,
    *,
    seed: int,
    reruns: int,
    probes: bool,
    stop_at_first_failure: bool = False,
) -> None:
    """What the tester's runner reads before the suite: the order seed, the
    reruns, and whether (and how) to probe after it."""
    settings = {
        "seed": seed,
        "reruns": reruns,
        "stop_at_first_failure": stop_at_first_failure,
        "probes": probes,
        "probe_budget": exercise.config.probes.budget,
        "probe_headers": exercise.config.probes.headers,
        "probe_skip": list(exercise.config.probes.skip),
    }
    (job.output_dir / "run.json").write_text(json.dumps(settings), encoding="utf-8")


def check_contract(exercise: Exercise, output: Path) -> CheckResult:
    """The candidate's served /openapi.json against the exercise's reference."""
    reference = contract.reference_schema(exercise)
    if reference is None:
        return CheckResult("openapi-contract", False, (Finding("openapi", 0, "no reference"),))
    try:
        served = json.loads((output / "openapi.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        missing = Finding("/openapi.json", 0, "the app served no OpenAPI schema")
        return CheckResult("openapi-contract", False, (missing,))
    lines = contract.diff(reference, served)
    return CheckResult(
        "openapi-contract", not lines, tuple(Finding("/openapi.json", 0, x) for x in lines)
    )


def read_findings(output: Path) -> list[ProbeFinding]:
    try:
        raw = json.loads((output / "findings.json").read_text(encoding="utf-8"))
        return [ProbeFinding.model_validate(item) for item in raw][:50]
    except (OSError, ValueError):
        return []


def restore_given(exercise: Exercise, staged: StagedSubmission) -> list[str]:
    """Put the exercise's copy of each given module in the staged app; the names
    of those the candidate had changed (or removed)."""
    replaced = []
    for name in exercise.config.given:
        original, target = exercise.stub_dir / name, staged.app_dir / name
        if not target.is_file() or target.read_bytes() != original.read_bytes():
            replaced.append(name)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(original, target)
            target.chmod(0o644)
    return replaced


def limits_for(exercise: Exercise) -> SandboxLimits:
    """The exercise's own limits; the rest keep SandboxLimits' secure defaults."""
    return SandboxLimits(**exercise.config.limits.model_dump())


def run_static_checks(exercise: Exercise, staged: StagedSubmission) -> dict[str, CheckResult]:
    modules, syntax_errors = parse_sources(staged.app_dir)
    extra = exercise.config.static.blocking_calls
    return {
        "syntax": check_syntax(syntax_errors),
        "no-blocking-in-async": check_blocking_in_async(modules, extra),
    }


def prepare_job(
    exercise: Exercise, staged: StagedSubmission, workdir: Path, limits: SandboxLimits
) -> SandboxJob:
    """Copy the trusted parts beside the submission, readable by the sandbox user."""
    suite = _copy_readable(exercise.hidden_dir, workdir / "suite")
    harness = _copy_readable(HARNESS_DIR, workdir / "harness")
    output = workdir / "out"
    output.mkdir()
    output.chmod(0o777)  # the tester runs as an unprivileged uid; workdir itself is 0700
    return SandboxJob(uuid.uuid4().hex[:12], staged.root, suite, harness, output, limits)


def _copy_readable(source: Path, target: Path) -> Path:
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for path in [target, *target.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    return target


def build_report(
    exercise: Exercise,
    staged: StagedSubmission,
    static: dict[str, CheckResult],
    outcome: SandboxOutcome | None,
    sandbox: Sandbox,
    limits: SandboxLimits,
    timings: dict[str, float],
) -> Report:
    config = exercise.config
    found, warnings = evidence.gather(config, static, outcome)
    card = rubric.score(config.criteria, found, config.verdict)
    if outcome is not None and outcome.startup_seconds is not None:
        timings = timings | {"app_startup": round(outcome.startup_seconds, 3)}
    return Report(
        grader_version=__version__,
        graded_at=datetime.now(UTC).isoformat(timespec="seconds"),
        exercise=ExerciseRef(
            id=exercise.id,
            title=exercise.title,
            level=config.level,
            content_hash=exercise.content_hash,
        ),
        submission=SubmissionRef(
            path=str(staged.source), files=len(staged.files), sha256=staged.sha256
        ),
        verdict=card.verdict,
        verdict_rule=config.verdict.describe(),
        score=card.score,
        levels={level: _level(getattr(card, level)) for level in ("junior", "senior")},
        criteria=tuple(_criterion(result) for result in card.results),
        errors=tuple(evidence.diagnose(outcome, static, limits)),
        warnings=tuple(warnings),
        notes=notes(exercise),
        sandbox=SandboxFacts(**(outcome.facts if outcome else sandbox.facts(limits))),
        timings=timings,
    )


CANDIDATE_TESTS_NOTE = (
    "This exercise grades the candidate's own tests: they run in-process with the app "
    "(and with mutants of it) inside the app's sandbox, never in the grader."
)


def notes(exercise: Exercise) -> tuple[str, ...]:
    return (CANDIDATE_TESTS_NOTE,) if exercise.config.runs_candidate_tests else ()


def _level(score: rubric.LevelScore) -> LevelSummary:
    return LevelSummary(earned=score.earned, possible=score.possible, percent=score.percent)


def _criterion(result: rubric.CriterionResult) -> CriterionEntry:
    criterion = result.criterion
    return CriterionEntry(
        id=criterion.id,
        level=criterion.level,
        points=criterion.points,
        earned=result.earned,
        passed=result.passed,
        description=criterion.description,
        hint=criterion.hint,
        feedback=feedback(result),
        evidence=tuple(
            EvidenceEntry(
                kind=e.kind,
                name=e.name,
                passed=e.passed,
                message=e.message,
                doc=e.doc,
                flaky=e.flaky,
            )
            for e in result.evidence
        ),
    )


def feedback(result: rubric.CriterionResult) -> str:
    """What a candidate reads for this criterion: the hint and the first miss."""
    if result.passed:
        return ""
    if not result.evidence:
        return "no hidden test or check covers this criterion"
    first = result.missed[0]
    what = first.doc or first.name
    return (
        f"{result.criterion.hint} ({what}: {first.message})"
        if first.message
        else f"{result.criterion.hint} ({what})"
    )

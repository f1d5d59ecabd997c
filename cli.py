"""The ``prep`` command: a thin click front end over the ``grader`` engine.

It parses, calls the engine, prints, and owns the exit codes:
0 graded at or above --min-level, 1 graded below it, 2 bad usage or input,
3 infrastructure missing (no engine, no image), 130 interrupted.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.console import Console
from rich.markup import escape

from grader import __version__, catalog, doctor, rubric
from grader.errors import GraderError, UsageError
from grader.grading import grade as grade_submission
from grader.mutants import DEFAULT_JOBS, DEFAULT_MAX_MUTANTS
from grader.progress import Reporter, choose_mode
from grader.report.formats import RENDERERS, OutputTarget, render
from grader.report.terminal import print_report
from grader.sandbox import BACKENDS, open_sandbox
from grader.views import VIEWS, View

if TYPE_CHECKING:
    from grader.validate import Validation

EXIT_BELOW_THRESHOLD = 1
EXIT_INTERRUPTED = 130

err = Console(stderr=True, highlight=False)


class Failure(click.ClickException):
    """A GraderError shown as one line, with the error's own exit code."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code  # type: ignore[misc]  # click declares it per class


class PrepGroup(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except GraderError as exc:
            raise Failure(str(exc), exc.exit_code) from None
        except KeyboardInterrupt:
            err.print("interrupted; containers removed")
            ctx.exit(EXIT_INTERRUPTED)


def _reporter(quiet: bool) -> Reporter:
    return Reporter(err, choose_mode(err, quiet))


def _exercise(name: str) -> catalog.Exercise:
    return catalog.find(name)


@click.group(cls=PrepGroup)
@click.version_option(__version__, prog_name="prep")
def main() -> None:
    """Grade FastAPI exercises with hidden test suites in a Docker sandbox."""


@main.command("list")
def list_exercises() -> None:
    """List the exercises."""
    console = Console(highlight=False)
    for exercise in catalog.discover():
        config = exercise.config
        console.print(
            f"[bold]{config.id}[/]  {config.title}  [dim]({config.level}; "
            f"{', '.join(config.topics)})[/]"
        )


@main.command()
@click.argument("exercise")
def show(exercise: str) -> None:
    """Show an exercise's brief and its rubric."""
    found = _exercise(exercise)
    console = Console(highlight=False)
    console.print(found.brief.read_text(encoding="utf-8"), markup=False)
    console.print(f"[bold]Rubric[/] ({escape(found.config.verdict.describe())})")
    for criterion in found.config.criteria:
        console.print(
            f"  {criterion.level:6}  {criterion.points:2} pts  "
            f"[bold]{criterion.id}[/]: {escape(criterion.description)}"
        )


@main.command()
@click.argument("exercise")
@click.option(
    "--submission",
    type=click.Path(path_type=Path),
    help="Folder with app/ (default: the exercise's own app/).",
)
@click.argument("pytest_args", nargs=-1, type=click.UNPROCESSED)
def test(exercise: str, submission: Path | None, pytest_args: tuple[str, ...]) -> None:
    """Run the exercise's public tests against your code (on this machine)."""
    from grader.practice import run_public_tests

    found = _exercise(exercise)
    sys.exit(run_public_tests(found, submission or found.stub_dir, pytest_args))


@main.command()
@click.argument("exercise")
@click.option(
    "--submission",
    type=click.Path(path_type=Path),
    help="Folder with app/, .zip, .tar.gz or git .bundle to grade; PATH@REF grades a git "
    "repository or bundle at a ref (default: the exercise's own app/).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(sorted(RENDERERS)),
    default="text",
    show_default=True,
    help="What stdout shows (text: the terminal report; others print only that format).",
)
@click.option(
    "--output",
    "outputs",
    multiple=True,
    metavar="FILE",
    help="Also write the report to FILE, in the format its extension names "
    "(.txt .json .md .xml .html) or a prefix does (gradescope:results.json); repeatable.",
)
@click.option(
    "--min-level",
    type=click.Choice(["junior", "senior"]),
    default="junior",
    show_default=True,
    help="Exit 0 at or above this verdict, 1 below.",
)
@click.option(
    "--seed", type=int, default=None, help="Hidden tests' order (recorded in the report)."
)
@click.option(
    "--view",
    type=click.Choice(VIEWS),
    default="practice",
    show_default=True,
    help="practice: hints and failures; candidate: pass/fail only; reviewer: everything, logs too.",
)
@click.option(
    "--probe",
    is_flag=True,
    help="After the suite, probe robustness and security (findings are feedback, not score).",
)
@click.option(
    "--sandbox",
    "backend",
    type=click.Choice(sorted(BACKENDS)),
    default="auto",
    show_default=True,
    help="auto: Docker when it is ready, else local (process isolation, weaker).",
)
def grade(
    exercise: str,
    submission: Path | None,
    output_format: str,
    outputs: tuple[str, ...],
    min_level: rubric.Level,
    seed: int | None,
    view: View,
    probe: bool,
    backend: str,
) -> None:
    """Grade a submission against the exercise's hidden suite."""
    found = _exercise(exercise)
    targets = [OutputTarget.parse(spec) for spec in outputs]
    sandbox = open_sandbox(backend)
    with err.status(f"grading {found.id} in the {sandbox.name} sandbox…"):
        report = grade_submission(
            found, submission or found.stub_dir, sandbox, seed=seed, view=view, probes=probe
        )
    for target in targets:
        target.write(render(report, target.kind))
    if output_format == "text":
        print_report(report, Console(highlight=False))
    else:
        click.echo(render(report, output_format), nl=False)
    sys.exit(0 if rubric.meets(report.verdict, min_level) else EXIT_BELOW_THRESHOLD)


@main.command()
@click.option(
    "--base",
    default=None,
    help="Git ref to compare with [default: the PR's target branch, else main].",
)
@click.option(
    "--min-level",
    type=click.Choice(["junior", "senior"]),
    default="junior",
    show_default=True,
    help="Exit 0 when every touched exercise is graded at or above this verdict.",
)
@click.option(
    "--junit", "junit_path", metavar="FILE", help="Write JUnit XML of every grade to FILE."
)
@click.option(
    "--html-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write one HTML report per exercise into this folder (created if missing).",
)
@click.option(
    "--sandbox", "backend", type=click.Choice(sorted(BACKENDS)), default="docker", show_default=True
)
@click.option("--quiet", "-q", is_flag=True, help="No progress output.")
def ci(
    base: str | None,
    min_level: rubric.Level,
    junit_path: str | None,
    html_dir: Path | None,
    backend: str,
    quiet: bool,
) -> None:
    """Grade the exercises whose app/ a change touched (for pull requests).

    Writes the Markdown summary to $GITHUB_STEP_SUMMARY when it is set.
    """
    from grader import ci as pull_request
    from grader.report.junit import render_junit
    from grader.report.markdown import render_markdown_many

    base = base or pull_request.default_base()
    repo = pull_request.repository_root(Path.cwd())
    junit = OutputTarget.parse(f"junit:{junit_path}") if junit_path else None
    changed = pull_request.changed_files(repo, base)
    found = pull_request.touched(catalog.discover(), changed)
    if not found:
        click.echo(f"no exercise's app/ changed since {base}; nothing to grade")
        sys.exit(0)
    click.echo(
        f"grading {len(found)} exercise(s) touched since {base}: " + ", ".join(e.id for e in found)
    )
    sandbox = open_sandbox(backend)
    reports = []
    console = Console(highlight=False)
    with _reporter(quiet).items("grading", len(found)) as done:
        for exercise in found:
            reports.append(grade_submission(exercise, exercise.stub_dir, sandbox))
            done(f"{exercise.id}: {reports[-1].verdict}")
            print_report(reports[-1], console)
    if junit:
        junit.write(render_junit(reports))
    if html_dir:
        html_dir.mkdir(parents=True, exist_ok=True)
        for report in reports:
            OutputTarget(html_dir / f"{report.exercise.id}.html", "html").write(
                render(report, "html")
            )
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8") as handle:
            handle.write(render_markdown_many(reports) + "\n")
    passed = all(rubric.meets(r.verdict, min_level) for r in reports)
    sys.exit(0 if passed else EXIT_BELOW_THRESHOLD)


@main.command()
@click.argument("submissions", type=click.Path(path_type=Path))
@click.option(
    "--exercise", "exercise_name", required=True, help="The exercise every submission answers."
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder for the reports and the leaderboard (created if missing).",
)
@click.option(
    "--jobs",
    type=click.IntRange(1, 64),
    default=None,
    help="Gradings at once [default: what the cores and memory allow].",
)
@click.option("--force", is_flag=True, help="Grade again even where a valid report exists.")
@click.option("--seed", type=int, default=None, help="Hidden tests' order, the same for everyone.")
@click.option(
    "--view",
    type=click.Choice(VIEWS),
    default="reviewer",
    show_default=True,
    help="What each candidate's report shows (see prep grade --help).",
)
@click.option(
    "--similarity-threshold",
    type=click.FloatRange(0, 100),
    default=80.0,
    show_default=True,
    help="Flag a submission this similar (percent) to another.",
)
@click.option(
    "--sandbox", "backend", type=click.Choice(sorted(BACKENDS)), default="docker", show_default=True
)
@click.option("--quiet", "-q", is_flag=True, help="No progress output.")
def batch(
    submissions: Path,
    exercise_name: str,
    out: Path,
    jobs: int | None,
    force: bool,
    seed: int | None,
    view: View,
    similarity_threshold: float,
    backend: str,
    quiet: bool,
) -> None:
    """Grade every submission in SUBMISSIONS (folders or archives), with a leaderboard."""
    from grader import batch as batches

    found = _exercise(exercise_name)
    candidates = batches.discover(submissions)
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out} is not a folder")
    out.mkdir(parents=True, exist_ok=True)
    workers = jobs or batches.default_jobs()
    runner = batches.Batch(
        found, out, lambda: open_sandbox(backend), workers, force, seed=seed, view=view
    )
    entries = []
    try:
        with _reporter(quiet).items(f"grading ({workers} at once)", len(candidates)) as done:
            for entry in runner.run(candidates):
                entries.append(entry)
                outcome = entry.report.verdict if entry.report else f"refused: {entry.refused}"
                done(f"{entry.candidate.name}: {outcome}" + (" (kept)" if entry.reused else ""))
    except KeyboardInterrupt:
        runner.abort()
        raise
    rows = batches.write_leaderboard(found, out, entries, similarity_threshold)
    _print_leaderboard(rows, out)


def _print_leaderboard(rows: list[Any], out: Path) -> None:
    from rich.table import Table

    table = Table(
        "#",
        "candidate",
        "verdict",
        "score",
        "junior %",
        "senior %",
        "errors",
        "closest",
        "similar %",
        title="leaderboard",
    )
    for rank, row in enumerate(rows, start=1):
        similar = "" if row.similarity is None else f"{row.similarity:.0f}"
        table.add_row(
            str(rank),
            escape(row.candidate),
            row.verdict,
            f"{row.score:g}",
            f"{row.percent('junior'):g}",
            f"{row.percent('senior'):g}",
            escape(row.errors),
            escape(row.closest),
            similar + (" !" if row.flagged else ""),
        )
    console = Console(highlight=False)
    console.print(table)
    console.print(f"reports in {out}/, leaderboard: {out / 'leaderboard.html'}", markup=False)


@main.command()
@click.argument("exercise", required=False)
@click.option("--all", "all_exercises", is_flag=True, help="Validate every exercise.")
@click.option(
    "--update-contract",
    is_flag=True,
    help="First write hidden/openapi.json from the reference solution (needs its packages).",
)
@click.option(
    "--mutants",
    "run_mutants",
    is_flag=True,
    help="Also seed realistic bugs into the solution and report the share the hidden suite "
    "catches (the mutation score) and the survivors.",
)
@click.option(
    "--max-mutants",
    type=click.IntRange(1, 1000),
    default=DEFAULT_MAX_MUTANTS,
    show_default=True,
    help="With --mutants: at most this many per exercise (a fixed sample over the operators).",
)
@click.option(
    "--jobs",
    type=click.IntRange(1, 16),
    default=DEFAULT_JOBS,
    show_default=True,
    help="With --mutants: mutants graded at once, one sandbox each.",
)
@click.option(
    "--min-score",
    type=click.FloatRange(0, 100),
    default=0.0,
    show_default=True,
    help="With --mutants: exit 1 when an exercise's mutation score is below this percent "
    "(0: report only).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="json: print only a JSON document of the results on stdout.",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress output.")
def validate(
    exercise: str | None,
    all_exercises: bool,
    update_contract: bool,
    run_mutants: bool,
    max_mutants: int,
    jobs: int,
    min_score: float,
    output_format: str,
    quiet: bool,
) -> None:
    """Prove an exercise: solution earns 100, stub lands below junior
    (and, with --mutants, the hidden suite catches seeded bugs)."""
    from grader.validate import validate as validate_exercise

    if bool(exercise) == all_exercises:
        raise UsageError("name one exercise or pass --all")
    exercises = catalog.discover() if all_exercises else [_exercise(exercise or "")]
    if update_contract:
        from grader.contract import write_snapshot

        for item in exercises:
            err.print(f"wrote {write_snapshot(item)}")
    sandbox = open_sandbox("docker")
    console = Console(highlight=False, stderr=output_format == "json")
    results = []
    with _reporter(quiet).items("validating", len(exercises)) as done:
        for item in exercises:
            result = validate_exercise(item, sandbox)
            done(f"{item.id} {'ok' if result.ok else 'FAILED'}")
            mark = "[green]✓[/]" if result.ok else "[red]✗[/]"
            console.print(
                f"{mark} {item.id}: solution {result.solution.score:g} "
                f"({result.solution.verdict}), stub {result.stub.score:g} "
                f"({result.stub.verdict})"
            )
            for problem in result.problems:
                console.print(f"    [red]{escape(problem)}[/]")
            results.append(result)
    if run_mutants:
        results = _validate_mutants(results, max_mutants, jobs, min_score, quiet, console)
    if output_format == "json":
        from grader.validate import to_json

        click.echo(to_json(results))
    sys.exit(EXIT_BELOW_THRESHOLD if any(not r.ok for r in results) else 0)


def _validate_mutants(
    results: list[Validation],
    max_mutants: int,
    jobs: int,
    min_score: float,
    quiet: bool,
    console: Console,
) -> list[Validation]:
    """Each validated exercise's mutants, graded; the scores table and the survivors."""
    from grader import mutants
    from grader.validate import with_mutants

    reporter, proven = _reporter(quiet), []
    for result in results:
        planned = mutants.plan(result.exercise, max_mutants)
        count = len(planned.to_grade)
        with reporter.items(f"{result.exercise.id}: {count} mutants", count) as done:
            proven.append(
                with_mutants(
                    result,
                    planned,
                    lambda: open_sandbox("docker"),
                    jobs=jobs,
                    min_score=min_score,
                    done=lambda r: done(f"{r.mutant.where} {r.mutant.operator}: {r.status}"),
                )
            )
        if proven[-1].mutation:  # as each exercise ends: a long run keeps what it finished
            console.print(mutants.summary(proven[-1].mutation), highlight=False, soft_wrap=True)
    mutants.print_reports([r.mutation for r in proven if r.mutation], console)
    for before, after in zip(results, proven, strict=True):
        for problem in after.problems[len(before.problems) :]:
            console.print(f"[red]{after.exercise.id}: {problem}[/]")
    return proven


@main.command("kit")
@click.argument("exercises", nargs=-1, required=True)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder to write the kit into (created if missing).",
)
@click.option("--title", default="FastAPI take-home", show_default=True, help="The kit's title.")
@click.option("--deadline", help="ISO date or date-time, e.g. 2026-12-01T17:00+01:00.")
@click.option(
    "--force", is_flag=True, help="Write into a non-empty --out: the kit's files only, others kept."
)
def kit_command(
    exercises: tuple[str, ...], out: Path, title: str, deadline: str | None, force: bool
) -> None:
    """Write a candidate kit: briefs, stubs, public tests, never hidden tests or solutions."""
    from grader.kit import build_kit

    result = build_kit(
        [_exercise(name) for name in exercises], out, title=title, deadline=deadline, force=force
    )
    ids = ", ".join(entry.id for entry in result.manifest.exercises)
    click.echo(f"wrote {len(result.written)} files to {out}/ for {ids}")
    if result.kept:
        shown = ", ".join(result.kept[:5]) + (", …" if len(result.kept) > 5 else "")
        click.echo(f"kept {len(result.kept)} file(s) the kit does not write: {shown}")
    click.echo(f"next: cd {out} && git init && git add . && git commit -m 'Take-home', then push")


@main.group()
def image() -> None:
    """Manage the runner image."""


@image.command("tag")
def image_tag() -> None:
    """Print the current runner image's tag (for docker save / load in CI)."""
    from grader.sandbox.image import current_tag

    click.echo(current_tag())


@image.command("build")
@click.option(
    "--base",
    type=click.Choice(["debian", "python"]),
    default=None,
    help="debian: bootstrap locally, no registry (default); python: python:3.11-slim.",
)
@click.option("--force", is_flag=True, help="Rebuild even when the current image exists.")
@click.option("--quiet", "-q", is_flag=True, help="No progress output.")
def image_build(base: str | None, force: bool, quiet: bool) -> None:
    """Build the runner image (tagged with a hash of its inputs)."""
    from grader.sandbox.container import connect
    from grader.sandbox.image import build, default_base

    chosen = base or default_base()
    with _reporter(quiet).steps("checking the runner image") as step:
        build(connect(), "python" if chosen == "python" else "debian", step, force=force)


@main.command("doctor")
def doctor_command() -> None:
    """Say what is ready and what is missing."""
    console = Console(highlight=False)
    findings = doctor.examine()
    for finding in findings:
        mark = "[green]✓[/]" if finding.ok else "[red]✗[/]"
        console.print(f"{mark} {finding.what}: {finding.detail}")
    sys.exit(0 if all(f.ok for f in findings) else 3)


if __name__ == "__main__":
    main()

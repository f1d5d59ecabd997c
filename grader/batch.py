"""Batch grading for hiring: every candidate's submission of one exercise,
in parallel, resumable, with a report per candidate and a leaderboard.

A candidate is one entry of the submissions folder: a folder or an archive
(``.zip``, ``.tar.gz``, ``.tgz``, ``.bundle``), named by its stem. Reports are
written as each grading finishes (``<out>/<candidate>/report.*``), so an
interrupted batch keeps what it finished, and a rerun skips every candidate
already graded with the same exercise hash, image and grader version.
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

from . import __version__
from .catalog import Exercise
from .errors import GraderError, InfrastructureError, UsageError
from .grading import grade, limits_for
from .report.formats import render, write_atomically
from .report.leaderboard import Row, ranked, render_csv
from .report.leaderboard import render_html as render_leaderboard
from .report.model import Report
from .sandbox.base import Sandbox
from .sandbox.pool import SandboxPool
from .views import View

ARCHIVE_SUFFIXES = (".zip", ".tar.gz", ".tgz", ".tar", ".bundle")
REPORT_FORMATS = {
    "json": "report.json",
    "html": "report.html",
    "markdown": "report.md",
    "junit": "report.xml",
    "text": "report.txt",
}
MEMORY_PER_JOB_MB = 1024  # app (256 MiB) + tester (512 MiB) + headroom


@dataclass(frozen=True)
class Candidate:
    name: str
    path: Path


@dataclass(frozen=True)
class BatchEntry:
    candidate: Candidate
    report: Report | None = None
    refused: str = ""  # one line: why the submission could not be graded
    reused: bool = False  # an earlier run's report, still valid

    @property
    def status(self) -> str:
        if self.refused:
            return "refused"
        return "reused" if self.reused else "graded"


def candidate_name(path: Path) -> str:
    name = path.name
    for suffix in ARCHIVE_SUFFIXES:
        if name.endswith(suffix):
            return name.removesuffix(suffix)
    return name


def discover(folder: Path) -> list[Candidate]:
    """One candidate per folder or archive in ``folder``, sorted by name."""
    if not folder.is_dir():
        raise UsageError(f"submissions folder {folder} does not exist or is not a folder")
    found: dict[str, Candidate] = {}
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.is_symlink():
            continue
        if path.is_dir() or path.name.endswith(ARCHIVE_SUFFIXES):
            name = candidate_name(path)
            if name in found:
                raise UsageError(f"two submissions are both named {name!r}: rename one")
            found[name] = Candidate(name, path)
    if not found:
        raise UsageError(f"no submissions in {folder} (folders or .zip/.tar.gz/.bundle files)")
    return list(found.values())


def default_jobs() -> int:
    """As many parallel gradings as the cores and the memory allow (at least 1)."""
    cores = os.cpu_count() or 1
    try:
        memory_mb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2**20
    except (OSError, ValueError):
        memory_mb = MEMORY_PER_JOB_MB
    return max(1, min(cores, memory_mb // MEMORY_PER_JOB_MB))


def previous_report(folder: Path, exercise: Exercise, image_id: str) -> Report | None:
    """The report an earlier run left for this candidate, if it is still valid."""
    try:
        report = Report.model_validate_json((folder / REPORT_FORMATS["json"]).read_text())
    except (OSError, ValueError):
        return None
    same = (
        report.exercise.content_hash == exercise.content_hash
        and report.sandbox.image_id == image_id
        and report.grader_version == __version__
    )
    return report if same else None


def write_reports(folder: Path, report: Report) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    # json last: its presence marks the candidate as done for a rerun.
    for kind, name in sorted(REPORT_FORMATS.items(), key=lambda item: item[0] == "json"):
        write_atomically(folder / name, render(report, kind))


class Batch:
    """Grade ``candidates`` with up to ``jobs`` sandboxes at once."""

    def __init__(
        self,
        exercise: Exercise,
        out: Path,
        open_sandbox: Callable[[], Sandbox],
        jobs: int,
        force: bool = False,
        seed: int | None = None,
        view: View = "reviewer",
    ) -> None:
        self.exercise = exercise
        # One order for every candidate: the same hidden suite, run the same way.
        self.seed = random.randrange(2**31) if seed is None else seed
        self.view = view
        self.out = out
        self.open_sandbox = open_sandbox
        self.jobs = max(1, jobs)
        self.force = force
        self.sandboxes = SandboxPool(open_sandbox)

    def run(self, candidates: Sequence[Candidate]) -> Iterator[BatchEntry]:
        """Yield an entry per candidate as it finishes (not in order)."""
        image_id = str(self.sandboxes.get().facts(limits_for(self.exercise)).get("image_id", ""))
        pending: list[Candidate] = []
        for candidate in candidates:
            earlier = (
                None
                if self.force
                else previous_report(self.out / candidate.name, self.exercise, image_id)
            )
            if earlier is not None:
                yield BatchEntry(candidate, earlier, reused=True)
            else:
                pending.append(candidate)
        pool = ThreadPoolExecutor(max_workers=self.jobs, thread_name_prefix="prep-batch")
        futures: dict[Future[BatchEntry], Candidate] = {
            pool.submit(self._grade_one, candidate): candidate for candidate in pending
        }
        try:
            while futures:
                done, _ = wait(futures, return_when=FIRST_COMPLETED)
                for future in done:
                    futures.pop(future)
                    yield future.result()
        finally:
            for future in futures:
                future.cancel()
            pool.shutdown(wait=not futures, cancel_futures=True)

    def abort(self) -> None:
        """Stop the gradings still running (their sandboxes clean up by label)."""
        self.sandboxes.abort()

    def _grade_one(self, candidate: Candidate) -> BatchEntry:
        try:
            report = grade(
                self.exercise, candidate.path, self.sandboxes.get(), seed=self.seed, view=self.view
            )
        except InfrastructureError:
            raise  # the engine or image is gone: the whole batch stops
        except GraderError as exc:
            return BatchEntry(candidate, refused=str(exc))
        write_reports(self.out / candidate.name, report)
        return BatchEntry(candidate, report)


# --- the leaderboard and similarity --------------------------------------------

SIMILARITY_DIR = "similarity"


def read_sources(candidate: Candidate, exercise: Exercise, scratch: Path) -> dict[str, str]:
    """The candidate's ``.py`` files under app/, by relative path (archives unpacked
    into ``scratch``); empty when they cannot be read."""
    from .intake import exercise_folder, unpack
    from .submission import locate_app

    try:
        folder = exercise_folder(unpack(candidate.path, scratch / candidate.name), exercise)
        app = locate_app(folder)
    except GraderError:
        return {}
    sources = {}
    for path in sorted(app.rglob("*.py")):
        if path.is_file() and not path.is_symlink() and path.stat().st_size <= 1_000_000:
            sources[path.relative_to(app).as_posix()] = path.read_text(errors="replace")
    return sources


def baseline_sources(exercise: Exercise) -> dict[str, str]:
    """What every submission starts from: the stub (given modules included)."""
    return {
        path.relative_to(exercise.stub_dir).as_posix(): path.read_text()
        for path in sorted(exercise.stub_dir.rglob("*.py"))
    }


def write_leaderboard(
    exercise: Exercise, out: Path, entries: Sequence[BatchEntry], threshold: float
) -> list[Row]:
    """Similarity, then ``leaderboard.csv``, ``leaderboard.html`` and a diff page
    per flagged pair under ``similarity/``."""
    import tempfile

    from .similarity import closest_matches, render_pair_html

    with tempfile.TemporaryDirectory(prefix="prep-batch-sources-") as scratch:
        sources = {
            e.candidate.name: read_sources(e.candidate, exercise, Path(scratch))
            for e in entries
            if e.report is not None
        }
    baseline = baseline_sources(exercise)
    matches = closest_matches(sources, baseline)
    rows, pair_pages = [], {}
    for entry in entries:
        match = matches.get(entry.candidate.name)
        flagged = match is not None and match.percent >= threshold
        if match is not None and flagged:
            pair = "--".join(sorted((entry.candidate.name, match.other))) + ".html"
            page = out / SIMILARITY_DIR / pair
            page.parent.mkdir(exist_ok=True)
            write_atomically(
                page,
                render_pair_html(
                    entry.candidate.name,
                    sources[entry.candidate.name],
                    match.other,
                    sources[match.other],
                    baseline=baseline,
                ),
            )
            pair_pages[entry.candidate.name] = f"{SIMILARITY_DIR}/{pair}"
        rows.append(
            Row(
                candidate=entry.candidate.name,
                status=entry.status,
                report=entry.report,
                refused=entry.refused,
                closest=match.other if match else "",
                similarity=match.percent if match else None,
                flagged=flagged,
            )
        )
    write_atomically(out / "leaderboard.csv", render_csv(rows))
    summary = {"id": exercise.id, "title": exercise.title, "content_hash": exercise.content_hash}
    write_atomically(
        out / "leaderboard.html", render_leaderboard(rows, summary, threshold, pair_pages)
    )
    return ranked(rows)

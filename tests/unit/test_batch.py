"""Batch grading with a fake sandbox: discovery, reports, resuming, refusals,
the leaderboard and the similarity flag."""

from __future__ import annotations

import csv
import io
import shutil
import zipfile
from pathlib import Path

import pytest

from grader import catalog
from grader.batch import Batch, discover, write_leaderboard
from grader.errors import UsageError
from grader.sandbox.base import SandboxJob, SandboxOutcome
from tests.conftest import SUBMISSIONS
from tests.fakes import FakeSandbox, ran, record

EXERCISE = catalog.find("01")


class ScoringSandbox(FakeSandbox):
    """Passes the tests of the criteria a submission's main.py names in a
    comment ``# passes: a, b``: a stand-in for a real suite."""

    def run(self, job: SandboxJob) -> SandboxOutcome:
        self.jobs.append(job)
        source = (job.submission_dir / "app" / "main.py").read_text()
        line = next((x for x in source.splitlines() if x.startswith("# passes:")), "# passes:")
        passing = {x.strip() for x in line.removeprefix("# passes:").split(",") if x.strip()}
        tests = [
            record(f"test_{c.id}", [c.id], "passed" if c.id in passing else "failed")
            for c in EXERCISE.config.criteria
        ]
        return ran(tests, facts=self.facts(job.limits))


def submission(folder: Path, name: str, passes: list[str], source: Path | None = None) -> Path:
    app = folder / name / "app"
    shutil.copytree(source or EXERCISE.solution_dir, app)
    main = app / "main.py"
    main.write_text(f"# passes: {', '.join(passes)}\n" + main.read_text())
    return folder / name


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    everything = [c.id for c in EXERCISE.config.criteria]
    junior = [c.id for c in EXERCISE.config.criteria if c.level == "junior"]
    root = tmp_path / "submissions"
    submission(root, "alice", everything)
    submission(root, "bob", junior, SUBMISSIONS / "exercise_01" / "junior")
    submission(root, "carol", [], EXERCISE.stub_dir)
    copy = submission(root, "dave", everything)  # alice's code, lightly disguised
    main = copy / "app" / "main.py"
    passes, code = main.read_text().split("\n", 1)
    main.write_text(f"{passes}\n" + code.replace("item", "thing") + "\n# mine, honestly\n")
    with zipfile.ZipFile(root / "mallory.zip", "w") as archive:
        archive.writestr("../escape.py", "print('out')\n")
    (root / ".DS_Store").write_text("")
    return root


def run_batch(folder: Path, out: Path, sandbox: FakeSandbox, **options: object) -> list:  # type: ignore[type-arg]
    batch = Batch(EXERCISE, out, lambda: sandbox, jobs=2, **options)  # type: ignore[arg-type]
    return list(batch.run(discover(folder)))


def test_discovery_takes_folders_and_archives_by_name(folder: Path) -> None:
    names = [c.name for c in discover(folder)]
    assert names == ["alice", "bob", "carol", "dave", "mallory"]
    (folder / "bob.zip").write_bytes(b"")
    with pytest.raises(UsageError, match="both named 'bob'"):
        discover(folder)


def test_an_empty_or_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no submissions"):
        discover(tmp_path)
    with pytest.raises(UsageError, match="does not exist"):
        discover(tmp_path / "nope")


def test_every_candidate_gets_reports_and_a_refusal_is_one_line(
    folder: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    entries = {e.candidate.name: e for e in run_batch(folder, out, ScoringSandbox(ran([])))}
    assert entries["mallory"].status == "refused" and "\n" not in entries["mallory"].refused
    assert "mallory" in entries["mallory"].refused or "escape" in entries["mallory"].refused
    for name in ("alice", "bob", "carol", "dave"):
        files = sorted(p.name for p in (out / name).iterdir())
        assert files == ["report.html", "report.json", "report.md", "report.txt", "report.xml"]
    assert not (tmp_path / "escape.py").exists() and not (folder.parent / "escape.py").exists()
    verdicts = {n: e.report.verdict for n, e in entries.items() if e.report}
    assert verdicts == {"alice": "senior", "bob": "junior", "carol": "below-junior",
                        "dave": "senior"}  # fmt: skip


def test_a_rerun_keeps_valid_reports_and_force_grades_again(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = ScoringSandbox(ran([]))
    run_batch(folder, out, first)
    assert len(first.jobs) == 4
    again = ScoringSandbox(ran([]))
    statuses = {e.candidate.name: e.status for e in run_batch(folder, out, again)}
    assert again.jobs == [] and statuses["alice"] == "reused"
    forced = ScoringSandbox(ran([]))
    run_batch(folder, out, forced, force=True)
    assert len(forced.jobs) == 4


def test_every_candidate_runs_with_the_same_seed(folder: Path, tmp_path: Path) -> None:
    entries = run_batch(folder, tmp_path / "out", ScoringSandbox(ran([])), seed=1234)
    assert {e.report.seed for e in entries if e.report} == {1234}


def test_the_leaderboard_ranks_and_flags_the_near_copy(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    entries = run_batch(folder, out, ScoringSandbox(ran([])))
    rows = write_leaderboard(EXERCISE, out, entries, threshold=80)
    assert [r.candidate for r in rows] == ["alice", "dave", "bob", "carol", "mallory"]
    table = list(csv.DictReader(io.StringIO((out / "leaderboard.csv").read_text())))
    assert [t["candidate"] for t in table] == [r.candidate for r in rows]
    flagged = {t["candidate"]: t["closest"] for t in table if t["flagged"] == "1"}
    assert flagged == {"alice": "dave", "dave": "alice"}
    assert table[-1]["status"] == "refused" and table[-1]["errors"]
    assert float(next(t for t in table if t["candidate"] == "bob")["similarity_percent"] or 0) < 80
    pages = sorted(p.name for p in (out / "similarity").iterdir())
    assert pages == ["alice--dave.html"]
    html = (out / "leaderboard.html").read_text()
    assert html.count('data-candidate="') == 5 and "similarity/alice--dave.html" in html

"""Archives and git bundles through the real Docker sandbox: `prep grade
--submission x.zip` as users type it, and the hiring round trip (a kit, a
candidate's answer in it, returned as a bundle, graded at a ref)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from grader import catalog
from grader.grading import grade
from grader.intake import unpack
from grader.kit import build_kit, manifest_mismatches, read_manifest
from grader.sandbox.container import DockerSandbox
from tests.conftest import ROOT
from tests.gitrepo import git


def test_prep_grade_takes_a_zip(docker_sandbox: DockerSandbox, tmp_path: Path) -> None:
    solution = catalog.find("03").solution_dir
    archive = tmp_path / "alice.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as handle:
        for path in sorted(solution.rglob("*.py")):
            handle.write(path, f"alice-main/app/{path.relative_to(solution).as_posix()}")
    done = subprocess.run(
        [sys.executable, str(ROOT / "cli.py"), "grade", "03", "--submission", str(archive),
         "--format", "json"],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert (report["score"], report["verdict"]) == (100.0, "senior")
    assert report["submission"]["path"] == str(archive)


def test_a_returned_kit_bundle_is_graded_at_a_ref(
    docker_sandbox: DockerSandbox, tmp_path: Path
) -> None:
    exercise = catalog.find("03")
    repo = tmp_path / "takehome"
    build_kit([exercise, catalog.find("01")], repo, deadline="2026-12-01")
    git(tmp_path, "init", "-q", "-b", "main", str(repo))
    git(repo, "add", ".")
    git(repo, "-c", "user.email=c@example.invalid", "-c", "user.name=C", "commit", "-qm", "kit")
    git(repo, "tag", "handed-out")
    app = repo / exercise.root.name / "app"
    shutil.rmtree(app)
    shutil.copytree(exercise.solution_dir, app, ignore=shutil.ignore_patterns("__pycache__"))
    git(repo, "add", ".")
    git(repo, "-c", "user.email=c@example.invalid", "-c", "user.name=C", "commit", "-qm", "done")
    bundle = tmp_path / "alice.bundle"
    git(repo, "bundle", "create", "-q", str(bundle), "--all")
    shutil.rmtree(repo)

    answer = grade(exercise, Path(f"{bundle}@main"), docker_sandbox)
    assert (answer.score, answer.verdict) == (100.0, "senior")
    assert answer.submission.path == f"{bundle}@main"
    handed_out = grade(exercise, Path(f"{bundle}@handed-out"), docker_sandbox)
    assert handed_out.verdict == "below-junior"
    # The kit's manifest proves the grading used the version the candidate received.
    manifest = read_manifest(unpack(bundle, tmp_path / "unpacked"))
    [entry] = [e for e in manifest.exercises if e.id == exercise.id]
    assert entry.content_hash == answer.exercise.content_hash
    assert manifest_mismatches(manifest) == []

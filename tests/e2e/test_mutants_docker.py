"""`prep validate --mutants` through the real Docker sandbox, on a copy of
exercise_01 that records one of its mutants as equivalent."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from grader import catalog, mutants
from grader.sandbox.container import DockerSandbox
from tests.conftest import ROOT

STALE = "status-code:main.py:1:0:abcdef"


def test_mutants_of_exercise_01_are_caught_and_equivalents_set_aside(
    docker_sandbox: DockerSandbox, tmp_path: Path
) -> None:
    source = catalog.find("01").root
    copy = tmp_path / "exercises" / source.name
    shutil.copytree(source, copy, ignore=shutil.ignore_patterns("__pycache__"))
    planned = mutants.plan(catalog.load_exercise(copy), 6)
    equivalent = planned.selected[0]
    (copy / mutants.EQUIVALENTS_FILE).write_text(
        f'[[equivalent]]\nid = "{equivalent.id}"\nreason = "planted by the test"\n\n'
        f'[[equivalent]]\nid = "{STALE}"\nreason = "code that moved"\n',
        encoding="utf-8",
    )

    done = subprocess.run(
        [sys.executable, str(ROOT / "cli.py"), "validate", "01", "--mutants"]
        + ["--max-mutants", "6", "--format", "json", "--quiet"],
        cwd=ROOT,
        env=os.environ | {"PREP_EXERCISES_DIR": str(copy.parent)},
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    (entry,) = json.loads(done.stdout)["exercises"]
    report = entry["mutation"]
    assert entry["ok"] and entry["problems"] == []
    assert report["control_score"] == 100.0
    assert [r["mutant"]["id"] for r in report["results"]] == [m.id for m in planned.selected]
    by_id = {r["mutant"]["id"]: r for r in report["results"]}
    assert by_id[equivalent.id]["status"] == "equivalent"
    assert by_id[equivalent.id]["note"] == "planted by the test"
    assert by_id[equivalent.id]["score"] is None  # set aside: never graded
    graded = [r for r in report["results"] if r["status"] != "equivalent"]
    assert len(graded) == 5 and report["equivalent"] == 1
    assert report["caught"] >= 1
    assert report["caught"] + report["survived"] + report["not_viable"] == 5
    assert report["score"] == round(100 * report["caught"] / (5 - report["not_viable"]), 1)
    for result in graded:
        if result["status"] == "caught":
            assert result["score"] < 100 and result["missed"]
        else:
            assert result["status"] != "survived" or result["score"] == 100
    assert report["stale_equivalents"] == [STALE]
    assert "mutation score of the hidden suites" in done.stderr
    assert f"exercise_01 equivalent: {equivalent.where}" in done.stderr
    assert STALE in done.stderr

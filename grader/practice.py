"""``prep test``: the exercise's public tests against the candidate's own code.

This runs on the host without a sandbox, for quick feedback while working on
one's own code; grading never does this.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from .catalog import Exercise
from .submission import stage


def run_public_tests(exercise: Exercise, submission: Path, extra_args: tuple[str, ...] = ()) -> int:
    """Run ``exercise``'s public tests against ``submission``; pytest's exit code."""
    with tempfile.TemporaryDirectory(prefix="prep-test-") as tmp:
        staged = stage(submission, Path(tmp))
        env = os.environ | {"PYTHONPATH": str(staged.root), "PYTHONDONTWRITEBYTECODE": "1"}
        tests = exercise.public_tests_dir
        command = [
            sys.executable,
            "-m",
            "pytest",
            str(tests),
            "-c",
            os.devnull,
            "--rootdir",
            str(tests),
            "-p",
            "no:cacheprovider",
            "-q",
            *extra_args,
        ]
        return subprocess.run(command, env=env, cwd=staged.root, check=False).returncode

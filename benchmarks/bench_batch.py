"""Batch throughput: submissions graded per minute with ``--jobs 1`` and
``--jobs 2``, measured one after the other in the same run on the same
generated submissions of one exercise (solutions, stubs, junior answers).

    python benchmarks/bench_batch.py [--count 12] [--exercise 01] [--jobs 1 2]

The figure that matters is the ratio of throughputs against ``--jobs 1``,
the baseline measured in the same run.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from grader import catalog  # noqa: E402
from grader.batch import Batch, discover  # noqa: E402
from grader.sandbox import open_sandbox  # noqa: E402

PARTIALS = ROOT / "tests" / "submissions"


def make_submissions(exercise: catalog.Exercise, count: int, folder: Path) -> Path:
    sources = [exercise.solution_dir, exercise.stub_dir]
    sources += sorted(p for p in (PARTIALS / exercise.id).glob("*") if p.is_dir())
    for index in range(count):
        source = sources[index % len(sources)]
        shutil.copytree(source, folder / f"candidate_{index:02}" / "app")
    return folder


def throughput(exercise: catalog.Exercise, folder: Path, jobs: int, out: Path) -> float:
    candidates = discover(folder)
    batch = Batch(exercise, out, lambda: open_sandbox("docker"), jobs, force=True, seed=1)
    start = time.perf_counter()
    entries = list(batch.run(candidates))
    minutes = (time.perf_counter() - start) / 60
    assert len(entries) == len(candidates) and all(e.report for e in entries)
    return len(entries) / minutes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=12)
    parser.add_argument("--exercise", default="01")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    exercise = catalog.find(args.exercise)
    with tempfile.TemporaryDirectory(prefix="prep-bench-batch-") as tmp:
        folder = make_submissions(exercise, args.count, Path(tmp) / "submissions")
        results = {}
        for jobs in args.jobs:
            results[jobs] = throughput(exercise, folder, jobs, Path(tmp) / f"out-{jobs}")
    baseline = results[args.jobs[0]]
    print(f"{exercise.id}, {args.count} submissions")
    for jobs, rate in results.items():
        print(f"  --jobs {jobs}: {rate:5.1f} submissions/min  ({rate / baseline:.2f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""How much the sandbox costs: ``prep grade`` (warm image) against the same
hidden suite run with plain pytest on the host against an in-process uvicorn
server (benchmarks/inprocess.py), measured alternately in one run.

    python benchmarks/bench_grade.py [--runs 5] [exercise ...]

Both sides are whole commands (interpreter start included), timed wall-clock;
the figure that matters is the ratio of the medians.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from grader import catalog  # noqa: E402


def timed(command: list[str]) -> tuple[float, dict[str, object]]:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"{command[:3]} failed ({done.returncode}): {done.stderr[-500:]}")
    return seconds, json.loads(done.stdout[done.stdout.index("{") :])


def measure(exercise: catalog.Exercise, runs: int) -> dict[str, object]:
    solution = str(exercise.solution_dir)
    baseline_cmd = [sys.executable, "benchmarks/inprocess.py", str(exercise.root), solution]
    baseline_cmd.append("--json")
    grade_cmd = [
        sys.executable,
        "cli.py",
        "grade",
        exercise.id,
        "--submission",
        solution,
        "--format",
        "json",
    ]
    timed(grade_cmd)  # warm the page cache and the image layers once
    baseline, graded, sandbox = [], [], []
    for _ in range(runs):
        seconds, _ = timed(baseline_cmd)
        baseline.append(seconds)
        seconds, report = timed(grade_cmd)
        graded.append(seconds)
        assert report["score"] == 100.0, report["score"]
        sandbox.append(float(report["timings"]["sandbox"]))  # type: ignore[index]
    base, grade = statistics.median(baseline), statistics.median(graded)
    return {
        "exercise": exercise.id,
        "runs": runs,
        "baseline_s": round(base, 2),
        "grade_s": round(grade, 2),
        "sandbox_s": round(statistics.median(sandbox), 2),
        "ratio": round(grade / base, 2),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("exercises", nargs="*", default=["01", "03", "04"])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    rows = [measure(catalog.find(name), args.runs) for name in args.exercises]
    print(f"{'exercise':12} {'baseline':>9} {'prep grade':>11} {'in sandbox':>11} {'ratio':>6}")
    for row in rows:
        print(
            f"{row['exercise']:12} {row['baseline_s']:>8}s {row['grade_s']:>10}s "
            f"{row['sandbox_s']:>10}s {row['ratio']:>5}x"
        )
    out = ROOT / "benchmarks" / "results"
    out.mkdir(exist_ok=True)
    (out / "bench_grade.json").write_text(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

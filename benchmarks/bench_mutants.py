"""Mutation run time: each mutant's suite run to its end (the baseline) against
stopped at its first failing test, on the same sampled mutants of one
exercise, one after the other in the same run.

    python benchmarks/bench_mutants.py [--exercise 09] [--max-mutants 12] [--jobs 2]

The figure that matters is the ratio against the full-suite baseline. Both
runs must catch the same mutants: stopping early changes the time, never
the verdict.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from grader import catalog, mutants  # noqa: E402
from grader.sandbox import open_sandbox  # noqa: E402


def timed_run(planned: mutants.Plan, jobs: int, stop: bool) -> mutants.MutationReport:
    run = mutants.MutationRun(lambda: open_sandbox("docker"), jobs, stop_at_first_failure=stop)
    return run.run(planned)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exercise", default="09")
    parser.add_argument("--max-mutants", type=int, default=12)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    planned = mutants.plan(catalog.find(args.exercise), args.max_mutants)
    full = timed_run(planned, args.jobs, stop=False)
    early = timed_run(planned, args.jobs, stop=True)
    verdicts = {r.mutant.id: r.status for r in full.results}
    same = verdicts == {r.mutant.id: r.status for r in early.results}
    print(f"{planned.exercise.id}: {len(planned.to_grade)} mutants, --jobs {args.jobs}")
    print(f"  whole suites (baseline)   {full.seconds:7.1f} s  1.00x  score {full.score}")
    print(
        f"  stop at first failure     {early.seconds:7.1f} s  "
        f"{full.seconds / early.seconds:.2f}x  score {early.score}"
    )
    print(f"  same verdict for every mutant: {'yes' if same else 'NO'}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())

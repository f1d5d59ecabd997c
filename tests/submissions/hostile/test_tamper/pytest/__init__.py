"""A fake pytest: main() writes a results file where every test passed."""

import json
import os


def main(args=None, plugins=None):  # type: ignore[no-untyped-def]
    target = os.environ.get("PREP_RESULTS", "/out/results.json")
    tests = [{"nodeid": "fake", "name": "fake", "criteria": ["list-items"], "outcome": "passed"}]
    with open(target, "w") as sink:
        json.dump({"tests": tests, "collection_errors": [], "exit_status": 0}, sink)
    return 0


def __getattr__(name):  # type: ignore[no-untyped-def]
    return lambda *args, **kwargs: (lambda function: function)

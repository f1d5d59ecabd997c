"""Grader failures: problems of the grader's world, never of the submission.

A submission that does not import, crashes, hangs or runs out of memory is
*data* in the report. Everything below is raised instead, because grading
could not happen (or could not be trusted) at all::

    GraderError                      exit code 2 unless a subclass says otherwise
    ├── UsageError                   bad input from the user: exit 2
    │   ├── ExerciseNotFound         an id that names no exercise
    │   └── SubmissionRejected       unreadable, too large, symlinks, no app/main.py
    ├── ExerciseInvalid              an exercise.toml or suite that is wrong: exit 2
    └── InfrastructureError          the machine is not ready: exit 3
        ├── EngineUnavailable        no Docker engine answers
        ├── ImageMissing             the runner image is not built
        └── ImageBuildFailed         building the runner image failed

The CLI catches ``GraderError`` once and prints ``str(error)`` as one line.
"""

from __future__ import annotations


class GraderError(Exception):
    exit_code = 2


class UsageError(GraderError):
    exit_code = 2


class ExerciseNotFound(UsageError):
    pass


class SubmissionRejected(UsageError):
    pass


class ExerciseInvalid(GraderError):
    exit_code = 2


class InfrastructureError(GraderError):
    exit_code = 3


class EngineUnavailable(InfrastructureError):
    pass


class ImageMissing(InfrastructureError):
    pass


class ImageBuildFailed(InfrastructureError):
    pass

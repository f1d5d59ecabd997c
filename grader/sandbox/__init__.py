"""Sandbox backends, chosen by name: ``docker``, ``local``, or ``auto`` (Docker
when an engine answers and the runner image is there, else ``local``)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from ..errors import InfrastructureError, UsageError
from .base import Sandbox, SandboxJob, SandboxLimits, SandboxOutcome

log = logging.getLogger(__name__)


def _docker() -> Sandbox:
    from .container import DockerSandbox  # the only module that imports docker

    return DockerSandbox.from_env()


def _local() -> Sandbox:
    from .local import LocalSandbox

    return LocalSandbox.from_env()


def _auto() -> Sandbox:
    try:
        return _docker()
    except (InfrastructureError, ImportError) as exc:
        log.warning(
            "warning: grading in the local sandbox (process isolation, weaker than containers): %s",
            exc,
        )
        return _local()


BACKENDS: dict[str, Callable[[], Sandbox]] = {"docker": _docker, "local": _local, "auto": _auto}


def open_sandbox(name: str) -> Sandbox:
    try:
        factory = BACKENDS[name]
    except KeyError:
        valid = ", ".join(sorted(BACKENDS))
        raise UsageError(f"unknown sandbox {name!r}; valid: {valid}") from None
    return factory()


__all__ = ["BACKENDS", "Sandbox", "SandboxJob", "SandboxLimits", "SandboxOutcome", "open_sandbox"]

"""Sandbox backends, chosen by name."""

from __future__ import annotations

from collections.abc import Callable

from ..errors import UsageError
from .base import Sandbox, SandboxJob, SandboxLimits, SandboxOutcome


def _docker() -> Sandbox:
    from .container import DockerSandbox  # the only module that imports docker

    return DockerSandbox.from_env()


BACKENDS: dict[str, Callable[[], Sandbox]] = {"docker": _docker}


def open_sandbox(name: str) -> Sandbox:
    try:
        factory = BACKENDS[name]
    except KeyError:
        valid = ", ".join(sorted(BACKENDS))
        raise UsageError(f"unknown sandbox {name!r}; valid: {valid}") from None
    return factory()


__all__ = ["BACKENDS", "Sandbox", "SandboxJob", "SandboxLimits", "SandboxOutcome", "open_sandbox"]

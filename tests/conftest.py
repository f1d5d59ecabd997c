"""Shared fixtures. Docker tests skip on a laptop without an engine, but in CI
(``CI`` or ``PREP_REQUIRE_DOCKER`` set) a missing engine or image fails them:
CI must prove the real sandbox."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from grader import catalog
from grader.errors import GraderError

ROOT = Path(__file__).resolve().parent.parent
SUBMISSIONS = Path(__file__).resolve().parent / "submissions"


def docker_required() -> bool:
    return any(
        os.environ.get(name, "").lower() in ("1", "true", "yes")
        for name in ("CI", "PREP_REQUIRE_DOCKER")
    )


@pytest.fixture(scope="session")
def docker_sandbox():  # type: ignore[no-untyped-def]
    """The real Docker backend with the current runner image."""
    from grader.sandbox.container import DockerSandbox

    try:
        return DockerSandbox.from_env()
    except GraderError as exc:
        if docker_required():
            pytest.fail(f"Docker is required here and not ready: {exc}")
        pytest.skip(f"no Docker sandbox: {exc}")


@pytest.fixture(scope="session")
def exercises() -> dict[str, catalog.Exercise]:
    return {exercise.id: exercise for exercise in catalog.discover()}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if "docker_sandbox" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.docker)

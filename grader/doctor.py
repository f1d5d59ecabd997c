"""``prep doctor``: what is ready and what is missing, in plain lines."""

from __future__ import annotations

import importlib.metadata
import sys
from dataclasses import dataclass

from . import catalog
from .errors import GraderError

PACKAGES = ("fastapi", "pytest", "httpx", "docker", "jinja2", "click", "rich", "pydantic")


@dataclass(frozen=True)
class Finding:
    ok: bool
    what: str
    detail: str


def examine() -> list[Finding]:
    findings = [_python(), _packages(), _exercises()]
    engine = _engine()
    findings.append(engine)
    if engine.ok:
        findings.append(_image())
    return findings


def _python() -> Finding:
    version = ".".join(map(str, sys.version_info[:3]))
    return Finding(sys.version_info >= (3, 11), "python", version)


def _packages() -> Finding:
    missing, found = [], []
    for name in PACKAGES:
        try:
            found.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            missing.append(name)
    if missing:
        return Finding(False, "packages", "missing: " + ", ".join(missing) + " (pip install -e .)")
    return Finding(True, "packages", ", ".join(found))


def _exercises() -> Finding:
    try:
        exercises = catalog.discover()
    except GraderError as exc:
        return Finding(False, "exercises", str(exc))
    return Finding(bool(exercises), "exercises", f"{len(exercises)} in {catalog.exercises_root()}")


def _engine() -> Finding:
    from .sandbox.container import connect

    try:
        client = connect()
        version = client.version().get("Version", "?")
    except GraderError as exc:
        return Finding(False, "docker engine", str(exc))
    return Finding(True, "docker engine", f"Docker Engine {version}")


def _image() -> Finding:
    from .sandbox.container import connect
    from .sandbox.image import current_tag, image_present

    tag = current_tag()
    if image_present(connect(), tag):
        return Finding(True, "runner image", f"{tag} (current)")
    return Finding(False, "runner image", f"{tag} not built; run `prep image build`")

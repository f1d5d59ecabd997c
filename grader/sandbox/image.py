"""The runner image: tagged by a hash of its inputs, built without a registry.

Two bases: ``debian`` (default) bootstraps Debian bookworm with debootstrap
and imports it, for machines that reach no container registry; ``python``
uses ``python:3.11-slim`` from a registry. Either way the Python packages
come from a wheelhouse the host downloads, so ``docker build`` runs with
``network_mode="none"``.
"""

from __future__ import annotations

import hashlib
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Literal

import docker
import docker.errors

from ..catalog import PROJECT_ROOT
from ..errors import ImageBuildFailed, ImageMissing
from .container import map_docker_errors

Base = Literal["debian", "python"]
Progress = Callable[[str], None]

RUNNER_DIR = PROJECT_ROOT / "runner_image"
IMAGE_REPOSITORY = "fastapi-prep-runner"
DEBIAN_BASE = "fastapi-prep-base:bookworm"
PYTHON_BASE = "python:3.11-slim"
BASE_IMAGES: dict[Base, str] = {"debian": DEBIAN_BASE, "python": PYTHON_BASE}
BUILD_INPUTS = ("Dockerfile", "requirements.lock")


def cache_dir() -> Path:
    root = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(root) / "fastapi-prep"


def input_hash(base: Base) -> str:
    digest = hashlib.sha256(base.encode())
    for name in BUILD_INPUTS:
        digest.update(name.encode() + b"\0" + (RUNNER_DIR / name).read_bytes())
    return digest.hexdigest()[:12]


def current_tag(base: Base | None = None) -> str:
    chosen: Base = base or default_base()
    return f"{IMAGE_REPOSITORY}:{input_hash(chosen)}"


def default_base() -> Base:
    value = os.environ.get("PREP_IMAGE_BASE", "debian")
    return "python" if value == "python" else "debian"


def require_image(client: docker.DockerClient, tag: str) -> None:
    try:
        client.images.get(tag)
    except docker.errors.ImageNotFound:
        raise ImageMissing(f"runner image {tag} is not built; run `prep image build`") from None


def image_present(client: docker.DockerClient, tag: str) -> bool:
    with map_docker_errors():
        try:
            client.images.get(tag)
        except docker.errors.ImageNotFound:
            return False
    return True


def build(client: docker.DockerClient, base: Base, progress: Progress, force: bool = False) -> str:
    """Build the runner image for ``base`` unless it exists; return its tag."""
    tag = current_tag(base)
    if not force and image_present(client, tag):
        progress(f"runner image {tag} is up to date")
        return tag
    wheels = download_wheels(progress)
    base_image = ensure_debian_base(client, progress) if base == "debian" else PYTHON_BASE
    with tempfile.TemporaryDirectory(prefix="prep-image-") as context:
        for name in BUILD_INPUTS:
            shutil.copy2(RUNNER_DIR / name, Path(context) / name)
        shutil.copytree(wheels, Path(context) / "wheels")
        progress(f"building {tag} from {base_image} (no network)")
        with map_docker_errors():
            client.images.build(
                path=context,
                tag=tag,
                buildargs={"BASE_IMAGE": base_image},
                network_mode="none",
                rm=True,
                forcerm=True,
                pull=False,
                labels={"fastapi-prep": "runner"},
            )
    progress(f"built {tag}")
    return tag


def download_wheels(progress: Progress) -> Path:
    """A wheelhouse for the image's Python and platform, cached by lock hash."""
    lock = RUNNER_DIR / "requirements.lock"
    key = hashlib.sha256(lock.read_bytes()).hexdigest()[:12]
    target = cache_dir() / "wheels" / key
    if (target / ".complete").exists():
        return target
    progress("downloading wheels for the runner image")
    target.mkdir(parents=True, exist_ok=True)
    arch = "aarch64" if platform.machine() in ("arm64", "aarch64") else "x86_64"
    platforms = [f"manylinux{tag}_{arch}" for tag in ("2014", "_2_17", "_2_28")]
    command = [
        sys.executable,
        "-m",
        "pip",
        "download",
        "--quiet",
        "--dest",
        str(target),
        "--only-binary=:all:",
        "--python-version",
        "3.11",
        "--implementation",
        "cp",
        "-r",
        str(lock),
    ]
    for name in platforms:
        command += ["--platform", name]
    _run(command, "downloading wheels")
    (target / ".complete").touch()
    return target


def ensure_debian_base(client: docker.DockerClient, progress: Progress) -> str:
    """Import a debootstrapped Debian bookworm with python3 as the base image."""
    if image_present(client, DEBIAN_BASE):
        return DEBIAN_BASE
    if shutil.which("debootstrap") is None:
        raise ImageBuildFailed(
            "debootstrap is not installed (apt-get install debootstrap), "
            "or build from a registry with `prep image build --base python`"
        )
    progress("bootstrapping Debian bookworm (about a minute)")
    with tempfile.TemporaryDirectory(prefix="prep-rootfs-") as workdir:
        rootfs, archive = Path(workdir) / "rootfs", Path(workdir) / "rootfs.tar"
        _run(
            [
                "debootstrap",
                "--variant=minbase",
                "--include=python3,python3-venv",
                "bookworm",
                str(rootfs),
            ],
            "debootstrap",
        )
        _run(["tar", "-C", str(rootfs), "--numeric-owner", "-cf", str(archive), "."], "tar")
        repository, tag = DEBIAN_BASE.split(":")
        with map_docker_errors():
            client.api.import_image_from_file(str(archive), repository=repository, tag=tag)
    return DEBIAN_BASE


def _run(command: list[str], what: str) -> None:
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no output"]
        raise ImageBuildFailed(f"{what} failed (exit {result.returncode}): {detail[0]}")

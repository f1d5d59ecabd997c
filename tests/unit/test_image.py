from __future__ import annotations

from pathlib import Path

import pytest

from grader.sandbox import image


def test_tag_is_a_hash_of_the_inputs_and_the_base(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in image.BUILD_INPUTS:
        (tmp_path / name).write_bytes((image.RUNNER_DIR / name).read_bytes())
    monkeypatch.setattr(image, "RUNNER_DIR", tmp_path)
    debian, python = image.current_tag("debian"), image.current_tag("python")
    assert debian.startswith("fastapi-prep-runner:") and debian != python
    assert image.current_tag("debian") == debian
    lock = tmp_path / "requirements.lock"
    lock.write_text(lock.read_text() + "extra==1.0\n")
    assert image.current_tag("debian") != debian


def test_lock_pins_every_package_exactly() -> None:
    lines = [
        line
        for line in (image.RUNNER_DIR / "requirements.lock").read_text().splitlines()
        if line and not line.startswith("#")
    ]
    assert lines and all("==" in line for line in lines)
    names = {line.split("==")[0].lower() for line in lines}
    assert {"fastapi", "uvicorn", "pydantic", "pydantic-settings", "httpx", "pytest"} <= names


def test_default_base_follows_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PREP_IMAGE_BASE", raising=False)
    assert image.default_base() == "debian"
    monkeypatch.setenv("PREP_IMAGE_BASE", "python")
    assert image.default_base() == "python"

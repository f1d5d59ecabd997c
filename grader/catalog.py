"""Find exercises and load their ``exercise.toml`` into validated models."""

from __future__ import annotations

import hashlib
import os
import re
import tomllib
from functools import cached_property
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .errors import ExerciseInvalid, ExerciseNotFound
from .rubric import Criterion, VerdictRule

PROJECT_ROOT = Path(__file__).resolve().parent.parent
FOLDER_PATTERN = re.compile(r"^exercise_(\d{2})(?:_[a-z0-9_]+)?$")
EQUIVALENTS_FILE = "mutants.toml"  # authors only: see Exercise.content_hash
KNOWN_CHECKS = frozenset(
    {"syntax", "no-blocking-in-async", "graceful-shutdown", "openapi-contract"}
)


class Limits(BaseModel):
    """Per-exercise sandbox limits; the defaults are the secure ones."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    startup_timeout: float = Field(20.0, gt=0, le=300)
    suite_timeout: float = Field(120.0, gt=0, le=1800)
    shutdown_timeout: float = Field(10.0, gt=0, le=60)
    memory_mb: int = Field(256, ge=64, le=4096)
    cpus: float = Field(1.0, gt=0, le=8)
    pids: int = Field(128, ge=16, le=4096)


class StaticConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    blocking_calls: tuple[str, ...] = ()


class ProbeConfig(BaseModel):
    """How ``--probe`` talks to this exercise's app (see harness/probes.py)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    headers: dict[str, str] = {}  # e.g. a valid token, so requests reach the handlers
    budget: float = Field(default=15.0, gt=0, le=120)  # seconds of robustness requests
    # operations that fail on purpose, as "GET /boom"
    skip: tuple[Annotated[str, Field(pattern=r"^(GET|POST|PUT|PATCH|DELETE) /")], ...] = ()


class ExerciseConfig(BaseModel):
    """The contents of ``exercise.toml``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^exercise_\d{2}$")
    title: str = Field(min_length=1)
    level: Literal["junior", "senior"]
    topics: tuple[str, ...] = ()
    limits: Limits = Limits()
    verdict: VerdictRule = VerdictRule()
    static: StaticConfig = StaticConfig()
    # The candidate writes tests, which the hidden suite runs in the app's
    # sandbox against the app and mutants of it (see run_in_app).
    runs_candidate_tests: bool = False
    # Modules of app/ the exercise gives (fake mailers, slow computations, the
    # database with its counters): the grader puts its own copy back before
    # the run, so editing them cannot change what the hidden suite observes.
    given: tuple[str, ...] = ()
    probes: ProbeConfig = ProbeConfig()
    criteria: tuple[Criterion, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _criteria_are_consistent(self) -> ExerciseConfig:
        ids = [c.id for c in self.criteria]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"duplicate criterion ids: {', '.join(duplicates)}")
        for name in self.given:
            if name.startswith("/") or ".." in Path(name).parts or not name.endswith(".py"):
                raise ValueError(f"given file {name!r} must be a .py path inside app/")
        for criterion in self.criteria:
            unknown = set(criterion.checks) - KNOWN_CHECKS
            if unknown:
                raise ValueError(
                    f"criterion {criterion.id!r} names unknown checks {sorted(unknown)}; "
                    f"known: {', '.join(sorted(KNOWN_CHECKS))}"
                )
        return self


class Exercise:
    """One exercise folder: its config and the paths of its parts."""

    def __init__(self, root: Path, config: ExerciseConfig) -> None:
        self.root = root
        self.config = config

    @property
    def id(self) -> str:
        return self.config.id

    @property
    def title(self) -> str:
        return self.config.title

    @property
    def brief(self) -> Path:
        return self.root / "README.md"

    @property
    def stub_dir(self) -> Path:
        return self.root / "app"

    @property
    def public_tests_dir(self) -> Path:
        return self.root / "tests"

    @property
    def hidden_dir(self) -> Path:
        return self.root / "hidden"

    @property
    def solution_dir(self) -> Path:
        return self.root / "solution"

    @cached_property
    def content_hash(self) -> str:
        """sha256 over every file that defines the exercise (brief to hidden suite).

        ``mutants.toml`` is left out: it records facts about the suite for its
        authors, and changes nothing a candidate is graded on."""
        digest = hashlib.sha256()
        for path in sorted(p for p in self.root.rglob("*") if p.is_file()):
            name = path.relative_to(self.root).as_posix()
            if "__pycache__" in path.parts or name == EQUIVALENTS_FILE:
                continue
            digest.update(name.encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
        return digest.hexdigest()


def exercises_root() -> Path:
    return Path(os.environ.get("PREP_EXERCISES_DIR", PROJECT_ROOT / "exercises"))


def load_exercise(folder: Path) -> Exercise:
    manifest = folder / "exercise.toml"
    try:
        data = tomllib.loads(manifest.read_text(encoding="utf-8"))
        config = ExerciseConfig.model_validate(data)
    except OSError as exc:
        raise ExerciseInvalid(f"{manifest}: cannot read ({exc.strerror})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ExerciseInvalid(f"{manifest}: not valid TOML ({exc})") from exc
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "top level"
        raise ExerciseInvalid(f"{manifest}: {where}: {first['msg']}") from exc
    match = FOLDER_PATTERN.match(folder.name)
    if not match or f"exercise_{match.group(1)}" != config.id:
        raise ExerciseInvalid(f"{manifest}: id {config.id!r} does not match folder {folder.name}")
    return Exercise(folder, config)


def _folders(root: Path | None) -> list[Path]:
    base = root or exercises_root()
    return sorted(p for p in base.glob("exercise_*") if (p / "exercise.toml").is_file())


def discover(root: Path | None = None) -> list[Exercise]:
    """Every exercise under ``root``, ordered by id."""
    return [load_exercise(folder) for folder in _folders(root)]


def find(name: str, root: Path | None = None) -> Exercise:
    """Resolve ``exercise_03``, ``03``, ``3`` or the full folder name."""
    wanted = name.strip().rstrip("/").split("/")[-1]
    if wanted.isdigit():
        wanted = f"exercise_{int(wanted):02d}"
    folders = _folders(root)
    for folder in folders:
        match = FOLDER_PATTERN.match(folder.name)
        short = f"exercise_{match.group(1)}" if match else folder.name
        if wanted in (short, folder.name):
            return load_exercise(folder)
    known = ", ".join(f.name for f in folders) or "none"
    raise ExerciseNotFound(f"unknown exercise {name!r}; known: {known}")

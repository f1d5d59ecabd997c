"""The candidate kit: a ready-to-push repository for a hiring take-home.

For each exercise, in a folder named like the exercise's: its brief
(``README.md``), its stub (``app/``), its public tests (``tests/``) and a
``pytest.ini`` so that ``python -m pytest`` runs them from that folder. At the
top: a README (how to run the public tests, what is graded: every criterion's
level, points and description, never its hint, which says how to solve it), a
``requirements.txt`` pinned to the runner image, a GitHub Actions workflow that
runs the public tests, and ``kit.json`` recording each exercise's content hash
so that a later grading can prove it used the same version.

The kit is built from an allow-list of the exercise's public parts; nothing
under ``hidden/`` or ``solution/`` is ever read. It never deletes: into a
folder that is not empty it writes only with ``force``, and then only the
files it owns.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined
from pydantic import BaseModel, ConfigDict, ValidationError

from . import __version__
from .catalog import PROJECT_ROOT, Exercise, find
from .errors import ExerciseInvalid, ExerciseNotFound, UsageError
from .report.templating import cell, oneline
from .submission import SKIPPED_DIRS, SKIPPED_SUFFIXES

MANIFEST = "kit.json"
WORKFLOW = ".github/workflows/public-tests.yml"
RUNNER_PYTHON = "3.11"  # the runner image's Python (runner_image/Dockerfile)
LOCK = PROJECT_ROOT / "runner_image" / "requirements.lock"
DEFAULT_TITLE = "FastAPI take-home"
PYTEST_INI = """\
# The public tests, from this folder: python -m pytest
[pytest]
pythonpath = .
testpaths = tests
addopts = -ra
"""
GITIGNORE = "__pycache__/\n*.py[cod]\n.venv/\nvenv/\n.pytest_cache/\n"


class KitExercise(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    folder: str
    title: str
    level: str
    content_hash: str


class KitManifest(BaseModel):
    """``kit.json``: what the kit was made from."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    schema_version: int = 1
    title: str
    deadline: str | None
    grader_version: str
    created_at: str
    exercises: tuple[KitExercise, ...]


@dataclass(frozen=True)
class KitResult:
    out: Path
    manifest: KitManifest
    written: tuple[str, ...]
    kept: tuple[str, ...]  # files already in ``out`` that the kit does not write


def build_kit(
    exercises: Sequence[Exercise],
    out: Path,
    *,
    title: str = DEFAULT_TITLE,
    deadline: str | None = None,
    force: bool = False,
) -> KitResult:
    """Write the kit for ``exercises`` into ``out``."""
    chosen = sorted({exercise.id: exercise for exercise in exercises}.values(), key=_by_id)
    if not chosen:
        raise UsageError("name at least one exercise for the kit")
    manifest = KitManifest(
        title=" ".join(title.split()) or DEFAULT_TITLE,
        deadline=check_deadline(deadline),
        grader_version=__version__,
        created_at=datetime.now(UTC).isoformat(timespec="seconds"),
        exercises=tuple(_entry(exercise) for exercise in chosen),
    )
    files = plan_kit(chosen, manifest)
    check_out(out, files, force)
    for relative, data in files.items():
        _write(out / relative, data)
    kept = sorted(set(_existing_files(out)) - set(files))
    return KitResult(out, manifest, tuple(files), tuple(kept))


def plan_kit(exercises: Sequence[Exercise], manifest: KitManifest) -> dict[str, bytes]:
    """Every file of the kit, by its path in the kit."""
    files: dict[str, bytes] = {}
    for exercise in exercises:
        files |= exercise_files(exercise)
    folders = [exercise.root.name for exercise in exercises]
    readme = render("README.md.j2", manifest=manifest, exercises=exercises, python=RUNNER_PYTHON)
    workflow = render("public-tests.yml.j2", folders=folders, python=RUNNER_PYTHON)
    files["README.md"] = readme.encode()
    files["requirements.txt"] = requirements().encode()
    files[WORKFLOW] = workflow.encode()
    files[".gitignore"] = GITIGNORE.encode()
    files[MANIFEST] = (manifest.model_dump_json(indent=2) + "\n").encode()
    return files


def exercise_files(exercise: Exercise) -> dict[str, bytes]:
    """The exercise's public parts: brief, stub and public tests, plus a pytest.ini."""
    check_kitable(exercise)
    folder = exercise.root.name
    files = {
        f"{folder}/README.md": exercise.brief.read_bytes(),
        f"{folder}/pytest.ini": PYTEST_INI.encode(),
    }
    for part, source in (("app", exercise.stub_dir), ("tests", exercise.public_tests_dir)):
        for relative in _public_files(exercise, source):
            files[f"{folder}/{part}/{relative}"] = (source / relative).read_bytes()
    return files


def check_kitable(exercise: Exercise) -> None:
    """A kit needs the brief, the stub and at least one public test."""
    needs = {
        "a brief (README.md)": exercise.brief.is_file(),
        "a stub (app/main.py)": (exercise.stub_dir / "main.py").is_file(),
        "public tests (tests/test_*.py)": any(exercise.public_tests_dir.glob("test_*.py")),
    }
    missing = [what for what, present in needs.items() if not present]
    if missing:
        raise ExerciseInvalid(f"{exercise.id} lacks {' and '.join(missing)}; a kit needs them")


def check_deadline(deadline: str | None) -> str | None:
    """An ISO date or date-time (kept as written), or None."""
    if deadline is None or not deadline.strip():
        return None
    try:
        datetime.fromisoformat(deadline.strip())
    except ValueError:
        raise UsageError(
            f"deadline {deadline!r} is not an ISO date or date-time "
            "(2026-12-01, 2026-12-01T17:00+01:00)"
        ) from None
    return deadline.strip()


def requirements() -> str:
    """The runner image's pinned packages: what the grader runs the app with."""
    pins = [
        line.strip()
        for line in LOCK.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    header = (
        f"# The exact packages (Python {RUNNER_PYTHON}) your app is graded with;\n"
        "# only these are installed there, so do not rely on others.\n"
    )
    return header + "\n".join(pins) + "\n"


def check_out(out: Path, files: Iterable[str], force: bool) -> None:
    """Refuse a non-empty ``out`` without ``force``, and always refuse to write
    through a symlink or over a folder: checked before anything is written."""
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out} is not a folder")
    if out.is_dir() and any(out.iterdir()) and not force:
        raise UsageError(
            f"--out {out} is not empty; pass --force to write the kit's files into it "
            "(every other file is kept)"
        )
    for relative in files:
        path = out
        parts = Path(relative).parts
        for depth, part in enumerate(parts, start=1):
            path = path / part
            if path.is_symlink():
                raise UsageError(f"{path} is a symlink; the kit does not write through it")
            wants_folder = depth < len(parts)
            if path.exists() and path.is_dir() != wants_folder:
                what = "a file" if wants_folder else "a folder"
                raise UsageError(f"{path} is in the way: the kit needs {what} there")


def read_manifest(path: Path) -> KitManifest:
    """A kit's ``kit.json`` (``path`` is the file or the kit's folder)."""
    file = path / MANIFEST if path.is_dir() else path
    try:
        return KitManifest.model_validate_json(file.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(f"cannot read {file}: {exc.strerror}") from exc
    except ValidationError as exc:
        raise UsageError(f"{file} is not a kit manifest: {exc.errors()[0]['msg']}") from exc


def manifest_mismatches(manifest: KitManifest, root: Path | None = None) -> list[str]:
    """What differs between the kit's exercises and this grader's: empty when
    grading now uses exactly the versions the candidates received."""
    problems = []
    for entry in manifest.exercises:
        try:
            current = find(entry.id, root)
        except ExerciseNotFound:
            problems.append(f"{entry.id} is not among this grader's exercises")
            continue
        if current.content_hash != entry.content_hash:
            problems.append(
                f"{entry.id} changed since the kit was made "
                f"(kit {entry.content_hash[:12]}, now {current.content_hash[:12]})"
            )
    return problems


@functools.cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("grader", "kit_templates"),
        autoescape=False,  # Markdown and YAML; every value is ours or the kit author's
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(cell=cell, oneline=oneline)
    return env


def render(template: str, **context: object) -> str:
    return _environment().get_template(template).render(**context)


def _by_id(exercise: Exercise) -> str:
    return exercise.id


def _entry(exercise: Exercise) -> KitExercise:
    return KitExercise(
        id=exercise.id,
        folder=exercise.root.name,
        title=exercise.title,
        level=exercise.config.level,
        content_hash=exercise.content_hash,
    )


def _public_files(exercise: Exercise, source: Path) -> list[str]:
    """Regular files under ``source``, caches skipped; a symlink is an authoring error."""
    found = []
    for folder, dirs, names in os.walk(source, followlinks=False):
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRS)
        for name in [*dirs, *sorted(names)]:
            path = Path(folder) / name
            if path.is_symlink():
                raise ExerciseInvalid(
                    f"{exercise.id}: {path} is a symlink; a kit copies files only"
                )
            if path.is_file() and not name.endswith(SKIPPED_SUFFIXES):
                found.append(path.relative_to(source).as_posix())
    return found


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW
    with os.fdopen(os.open(path, flags, 0o644), "wb") as handle:
        handle.write(data)


def _existing_files(out: Path) -> list[str]:
    found = []
    for folder, dirs, names in os.walk(out):
        dirs[:] = [d for d in dirs if d != ".git"]
        found += [(Path(folder) / name).relative_to(out).as_posix() for name in names]
    return found

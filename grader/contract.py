"""The OpenAPI contract: the reference solution's schema against the candidate's.

The reference schema is a snapshot kept with the hidden suite
(``hidden/openapi.json``), written from the reference solution by
``prep validate --update-contract`` and checked against the solution's
served schema by every ``prep validate``. The candidate's schema is fetched
over HTTP by the tester after the hidden suite. ``diff`` turns their
differences into feedback lines a person can act on: missing or extra
operations, status codes, parameters, request and response fields, required
fields, security.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from .catalog import Exercise
from .errors import ExerciseInvalid

HTTP_METHODS = ("get", "put", "post", "delete", "patch", "options", "head")
SCHEMA_SCRIPT = (
    "import json, sys; sys.path.insert(0, sys.argv[1]); "
    "from app.main import app; json.dump(app.openapi(), sys.stdout)"
)


SNAPSHOT = "openapi.json"  # in the exercise's hidden/ folder


def reference_schema(exercise: Exercise) -> dict[str, Any] | None:
    """The exercise's snapshot of the reference solution's schema, if it has one."""
    try:
        return dict(json.loads((exercise.hidden_dir / SNAPSHOT).read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return None


def schema_from_solution(exercise: Exercise) -> dict[str, Any]:
    """The reference solution's schema, computed on this machine (authors only:
    it imports the solution, which needs the exercise's packages installed)."""
    with tempfile.TemporaryDirectory(prefix="prep-openapi-") as tmp:
        shutil.copytree(exercise.solution_dir, Path(tmp) / "app")
        try:
            done = subprocess.run(
                [sys.executable, "-c", SCHEMA_SCRIPT, tmp],
                capture_output=True, text=True, timeout=60, cwd=tmp, check=False,
            )  # fmt: skip
        except subprocess.TimeoutExpired:
            raise ExerciseInvalid(f"{exercise.id}: importing the solution took over 60 s") from None
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise ExerciseInvalid(f"{exercise.id}: cannot import the solution: {last}")
    return dict(json.loads(done.stdout))


def write_snapshot(exercise: Exercise) -> Path:
    target = exercise.hidden_dir / SNAPSHOT
    schema = schema_from_solution(exercise)
    target.write_text(json.dumps(schema, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return target


def diff(reference: Mapping[str, Any], candidate: Mapping[str, Any]) -> list[str]:
    """What the candidate's contract lacks or adds, compared with the reference."""
    found: list[str] = []
    ours, theirs = dict(_operations(reference)), dict(_operations(candidate))
    for key in sorted(ours.keys() - theirs.keys()):
        found.append(f"missing operation: {key}")
    for key in sorted(theirs.keys() - ours.keys()):
        found.append(f"extra operation: {key}")
    for key in sorted(ours.keys() & theirs.keys()):
        found += [f"{key}: {line}" for line in _operation_diff(
            reference, ours[key], candidate, theirs[key]
        )]  # fmt: skip
    found += _security_diff(reference, candidate)
    return found


def _operations(schema: Mapping[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for path, item in (schema.get("paths") or {}).items():
        for method in HTTP_METHODS:
            if isinstance(item, dict) and method in item:
                yield f"{method.upper()} {path}", item[method]


def _operation_diff(
    ref_doc: Mapping[str, Any],
    ref: dict[str, Any],
    cand_doc: Mapping[str, Any],
    cand: dict[str, Any],
) -> list[str]:
    found: list[str] = []
    ref_codes, cand_codes = set(ref.get("responses") or {}), set(cand.get("responses") or {})
    for code in sorted(ref_codes - cand_codes):
        found.append(f"does not declare response {code}")
    for code in sorted(cand_codes - ref_codes - {"422"}):
        found.append(f"declares response {code}, which the reference does not")
    ref_params, cand_params = _parameters(ref), _parameters(cand)
    for name in sorted(ref_params.keys() - cand_params.keys()):
        found.append(f"missing parameter {name}")
    for name in sorted(ref_params.keys() & cand_params.keys()):
        (ref_required, ref_schema), (cand_required, cand_schema) = (
            ref_params[name],
            cand_params[name],
        )
        if ref_required and not cand_required:
            found.append(f"parameter {name} should be required")
        elif cand_required and not ref_required:
            found.append(f"parameter {name} should be optional")
        found += _constraint_diff(
            f"parameter {name}",
            _resolve(ref_doc, ref_schema),
            _resolve(cand_doc, cand_schema),
        )
    found += _schema_diff(
        "request body",
        _body_schema(ref_doc, ref.get("requestBody")),
        _body_schema(cand_doc, cand.get("requestBody")),
        (ref_doc, cand_doc),
    )
    for code in sorted(ref_codes & cand_codes):
        if code.startswith("2"):
            found += _schema_diff(
                f"response {code}",
                _body_schema(ref_doc, ref["responses"][code]),
                _body_schema(cand_doc, cand["responses"][code]),
                (ref_doc, cand_doc),
            )
    ref_security, cand_security = _scopes(ref_doc, ref), _scopes(cand_doc, cand)
    if ref_security != cand_security:
        found.append(f"security {_show(cand_security)} instead of {_show(ref_security)}")
    return found


def _parameters(operation: Mapping[str, Any]) -> dict[str, tuple[bool, Any]]:
    return {
        f"{p.get('in')}:{p.get('name')}": (bool(p.get("required")), p.get("schema", {}))
        for p in operation.get("parameters") or []
    }


CONSTRAINTS = (
    "type", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
    "minLength", "maxLength", "pattern", "minItems", "maxItems", "format", "enum",
)  # fmt: skip


def _constraint_diff(where: str, ref: Mapping[str, Any], cand: Mapping[str, Any]) -> list[str]:
    """Bounds, lengths, patterns and types that differ (the validation a schema states)."""
    found = []
    for key in CONSTRAINTS:
        if ref.get(key) == cand.get(key):
            continue
        if key not in cand:
            found.append(f"{where}: no {key} (the reference has {ref[key]!r})")
        elif key not in ref:
            found.append(f"{where}: {key} {cand[key]!r}, which the reference does not set")
        else:
            found.append(f"{where}: {key} {cand[key]!r} (the reference has {ref[key]!r})")
    return found


def _body_schema(document: Mapping[str, Any], holder: Any) -> dict[str, Any] | None:
    if not isinstance(holder, dict):
        return None
    content = holder.get("content") or {}
    media = content.get("application/json") or next(iter(content.values()), None)
    if not isinstance(media, dict) or "schema" not in media:
        return None
    return _resolve(document, media["schema"])


def _resolve(document: Mapping[str, Any], schema: Any, depth: int = 0) -> dict[str, Any]:
    if not isinstance(schema, dict) or depth > 10:
        return {}
    if "$ref" in schema:
        target: Any = document
        for part in str(schema["$ref"]).removeprefix("#/").split("/"):
            target = target.get(part, {}) if isinstance(target, dict) else {}
        return _resolve(document, target, depth + 1)
    for combinator in ("allOf", "anyOf", "oneOf"):
        options = [_resolve(document, s, depth + 1) for s in schema.get(combinator, [])]
        objects = [o for o in options if o.get("properties")]
        if objects:
            return objects[0]
    return schema


def _schema_diff(
    where: str,
    ref: dict[str, Any] | None,
    cand: dict[str, Any] | None,
    documents: tuple[Mapping[str, Any], Mapping[str, Any]],
) -> list[str]:
    if ref is None:
        return []
    if cand is None:
        return [f"{where} has no schema"]
    ref_type, cand_type = ref.get("type"), cand.get("type")
    if ref_type and not cand_type and not cand.get("properties"):
        return [f"{where} declares no schema (the reference declares {_kind(ref)})"]
    if ref_type == "array" and cand_type == "array":
        return _schema_diff(
            f"{where} items",
            _resolve(documents[0], ref.get("items")),
            _resolve(documents[1], cand.get("items")),
            documents,
        )
    ref_props, cand_props = set(ref.get("properties") or {}), set(cand.get("properties") or {})
    found = [f"{where} lacks field {name!r}" for name in sorted(ref_props - cand_props)]
    found += [f"{where} has extra field {name!r}" for name in sorted(cand_props - ref_props)]
    ref_fields, cand_fields = ref.get("properties") or {}, cand.get("properties") or {}
    for name in sorted(ref_props & cand_props):
        found += _constraint_diff(
            f"{where} field {name!r}",
            _resolve(documents[0], ref_fields[name]),
            _resolve(documents[1], cand_fields[name]),
        )
    ref_required, cand_required = set(ref.get("required") or []), set(cand.get("required") or [])
    for name in sorted((ref_required - cand_required) & cand_props):
        found.append(f"{where}: field {name!r} should be required")
    for name in sorted((cand_required - ref_required) & ref_props):
        found.append(f"{where}: field {name!r} should be optional")
    if ref.get("type") and cand.get("type") and ref["type"] != cand["type"]:
        found.append(f"{where} is {cand['type']}, not {ref['type']}")
    return found


def _kind(schema: Mapping[str, Any]) -> str:
    if schema.get("type") == "array":
        return "a list"
    if schema.get("type") == "object":
        fields = ", ".join(sorted(schema.get("properties") or {}))
        return f"an object with fields {fields}" if fields else "an object"
    return f"type {schema.get('type')}"


def _scopes(
    document: Mapping[str, Any], operation: Mapping[str, Any]
) -> list[tuple[str, tuple[str, ...]]]:
    """(scheme type, scopes) per requirement: scheme names are the author's choice."""
    schemes = (document.get("components") or {}).get("securitySchemes") or {}
    return sorted(
        (str((schemes.get(name) or {}).get("type", name)), tuple(sorted(scopes)))
        for requirement in operation.get("security") or []
        for name, scopes in requirement.items()
    )


def _security_diff(reference: Mapping[str, Any], candidate: Mapping[str, Any]) -> list[str]:
    ref = (reference.get("components") or {}).get("securitySchemes") or {}
    cand = (candidate.get("components") or {}).get("securitySchemes") or {}
    found = []
    ref_kinds = sorted(s.get("type", "?") for s in ref.values() if isinstance(s, dict))
    cand_kinds = sorted(s.get("type", "?") for s in cand.values() if isinstance(s, dict))
    if ref_kinds != cand_kinds:
        found.append(f"security schemes {cand_kinds or 'none'} instead of {ref_kinds}")
    return found


def _show(security: list[tuple[str, tuple[str, ...]]]) -> str:
    if not security:
        return "none"
    return ", ".join(f"{name}{list(scopes) if scopes else ''}" for name, scopes in security)

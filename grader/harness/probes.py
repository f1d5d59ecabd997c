"""After the hidden suite: the candidate's contract, robustness and security probes.

Run by the tester (trusted side) against the app, with the standard library
and httpx only. Everything found is a *finding*: feedback with the request
that caused it, never a score by itself.

- ``fetch_openapi``: the app's /openapi.json, for the grader's contract diff;
- ``robustness``: requests generated from the reference solution's OpenAPI
  schema (valid-looking bodies, then each one broken a different way:
  missing, null, wrong-typed and oversized fields, unknown fields, non-JSON);
  a 5xx, a dropped connection, a traceback in a body, or a success whose
  body breaks the response schema the reference declares is a finding;
- ``security``: operations the reference protects answered without
  credentials, CORS that lets any origin in with credentials.
"""

from __future__ import annotations

import json
import random
import re
import time
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import httpx

OPENAPI_LIMIT = 2_000_000
TRACEBACK = re.compile(r"Traceback \(most recent call last\)|File \"[^\"]+\.py\", line \d+")
METHODS = ("get", "post", "put", "patch", "delete")
EVIL_ORIGIN = "https://evil.example"


def fetch_openapi(client: httpx.Client, target: Path) -> None:
    try:
        response = client.get("/openapi.json")
    except httpx.HTTPError:
        return
    if response.status_code == 200 and len(response.content) <= OPENAPI_LIMIT:
        target.write_bytes(response.content)


def finding(kind: str, method: str, url: str, detail: str, body: Any = None) -> dict[str, Any]:
    shown = json.dumps(body)[:200] if body is not None else ""
    return {"kind": kind, "request": f"{method} {url}", "body": shown, "detail": detail[:300]}


# --- values from schemas --------------------------------------------------------


def follow_ref(document: Mapping[str, Any], schema: Any, depth: int = 0) -> dict[str, Any]:
    """The schema itself, or the one its ``$ref`` (chain) points to; {} if none."""
    if not isinstance(schema, dict) or depth > 8:
        return {}
    if "$ref" in schema:
        target: Any = document
        for part in str(schema["$ref"]).removeprefix("#/").split("/"):
            target = target.get(part, {}) if isinstance(target, dict) else {}
        return follow_ref(document, target, depth + 1)
    return schema


def resolve(document: Mapping[str, Any], schema: Any, depth: int = 0) -> dict[str, Any]:
    """Through ``$ref``, and to the first non-null option of a union: the shape
    an example value is built from."""
    schema = follow_ref(document, schema)
    if depth > 8:
        return {}
    for combinator in ("allOf", "anyOf", "oneOf"):
        for option in schema.get(combinator, []):
            resolved = resolve(document, option, depth + 1)
            if resolved.get("type") not in (None, "null"):
                return resolved
    return schema


def example(document: Mapping[str, Any], schema: Any, rng: random.Random, depth: int = 0) -> Any:
    """A value that a sensible app should accept for ``schema``."""
    schema = resolve(document, schema)
    if "examples" in schema and isinstance(schema["examples"], list) and schema["examples"]:
        return schema["examples"][0]
    if "example" in schema:
        return schema["example"]
    if "default" in schema and schema["default"] is not None:
        return schema["default"]
    if "enum" in schema and schema["enum"]:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        if depth > 4:
            return {}
        properties = schema.get("properties") or {}
        return {name: example(document, sub, rng, depth + 1) for name, sub in properties.items()}
    if kind == "array":
        return [example(document, schema.get("items", {}), rng, depth + 1)] if depth < 4 else []
    if kind == "integer":
        low = schema.get("minimum", schema.get("exclusiveMinimum", 0) + 1)
        return int(max(low, 1)) if schema.get("maximum", 10**9) >= 1 else int(low)
    if kind == "number":
        return float(max(schema.get("minimum", 1.5), 1.5))
    if kind == "boolean":
        return True
    if schema.get("format") == "email":
        return f"probe{rng.randrange(10**6)}@example.com"
    if schema.get("format") == "date":
        return "2000-01-02"
    if schema.get("format") == "date-time":
        return "2000-01-02T03:04:05Z"
    length = max(int(schema.get("minLength", 0)), 5)
    return f"probe{rng.randrange(10**6):06d}"[: max(length, 8)]


def broken_bodies(body: Any, rng: random.Random) -> Iterator[tuple[str, Any]]:
    """Each field missing, null, wrong-typed, oversized; an unknown field; not an object."""
    if isinstance(body, dict):
        for name in body:
            yield f"without {name!r}", {k: v for k, v in body.items() if k != name}
            yield f"{name!r} null", body | {name: None}
            wrong: Any = "not-a-number" if not isinstance(body[name], str) else 12345
            yield f"{name!r} of the wrong type", body | {name: wrong}
            if isinstance(body[name], str):
                yield f"{name!r} of 100000 characters", body | {name: "x" * 100_000}
            if isinstance(body[name], int | float) and not isinstance(body[name], bool):
                yield f"{name!r} huge", body | {name: 10**30}
                yield f"{name!r} negative", body | {name: -(10**9)}
        yield "an unknown field", body | {f"unknown_{rng.randrange(1000)}": "x"}
    yield "a list instead of an object", [body]
    yield "an empty object", {}


# --- the probes ---------------------------------------------------------------


def operations(reference: Mapping[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in sorted((reference.get("paths") or {}).items()):
        for method in METHODS:
            if isinstance(item, dict) and method in item:
                yield method.upper(), path, item[method]


def build_url(document: Mapping[str, Any], path: str, operation: Mapping[str, Any],
              rng: random.Random) -> tuple[str, dict[str, Any]]:  # fmt: skip
    query: dict[str, Any] = {}
    for parameter in operation.get("parameters") or []:
        value = example(document, parameter.get("schema", {}), rng)
        if parameter.get("in") == "path":
            path = path.replace("{" + str(parameter.get("name")) + "}", str(value))
        elif parameter.get("in") == "query" and parameter.get("required"):
            query[str(parameter.get("name"))] = value
    return path, query


def request_body(document: Mapping[str, Any], operation: Mapping[str, Any],
                 rng: random.Random) -> Any:  # fmt: skip
    content = ((operation.get("requestBody") or {}).get("content")) or {}
    media = content.get("application/json")
    return None if media is None else example(document, media.get("schema", {}), rng)


JSON_TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,), "array": (list,), "string": (str,), "boolean": (bool,),
    "integer": (int,), "number": (int, float), "null": (type(None),),
}  # fmt: skip


def violation(document: Mapping[str, Any], schema: Any, value: Any, where: str = "$") -> str:
    """The first place where ``value`` breaks ``schema`` (types, required
    fields, properties, items, enums; through ``$ref`` and ``anyOf``), or ""."""
    if not isinstance(schema, dict):
        return ""
    if "$ref" in schema:
        return violation(document, follow_ref(document, schema), value, where)
    for combinator in ("anyOf", "oneOf"):
        options = schema.get(combinator)
        if options:
            problems = [violation(document, option, value, where) for option in options]
            if all(problems):
                return problems[0]
    kinds = schema.get("type")
    kinds = [kinds] if isinstance(kinds, str) else kinds or []
    if kinds and not any(_is(value, kind) for kind in kinds):
        return f"{where}: expected {' or '.join(kinds)}, got {_json_kind(value)}"
    if "enum" in schema and value not in schema["enum"]:
        return f"{where}: {value!r} is not one of {schema['enum']}"
    if isinstance(value, dict):
        for name in schema.get("required", []):
            if name not in value:
                return f"{where}: the required field {name!r} is missing"
        for name, sub in (schema.get("properties") or {}).items():
            if name in value:
                found = violation(document, sub, value[name], f"{where}.{name}")
                if found:
                    return found
    if isinstance(value, list):
        for index, item in enumerate(value[:50]):
            found = violation(document, schema.get("items"), item, f"{where}[{index}]")
            if found:
                return found
    return ""


def _is(value: Any, kind: str) -> bool:
    if isinstance(value, bool) and kind in ("integer", "number"):
        return False
    return isinstance(value, JSON_TYPES.get(kind, (object,)))


def _json_kind(value: Any) -> str:
    for kind in ("null", "boolean", "integer", "number", "string", "array", "object"):
        if _is(value, kind):
            return kind
    return type(value).__name__


def declared_schema(operation: Mapping[str, Any], status: int) -> Any:
    """The JSON schema the reference declares for a status, if any."""
    response = (operation.get("responses") or {}).get(str(status)) or {}
    media = (response.get("content") or {}).get("application/json")
    return media.get("schema") if isinstance(media, dict) else None


def robustness(
    client: httpx.Client, reference: Mapping[str, Any], seed: int, budget: float,
    headers: Mapping[str, str],
) -> list[dict[str, Any]]:  # fmt: skip
    rng = random.Random(seed)
    found: list[dict[str, Any]] = []
    deadline = time.monotonic() + budget
    for method, path, operation in operations(reference):
        url, query = build_url(reference, path, operation, rng)
        body = request_body(reference, operation, rng)
        cases = [("a valid-looking body", body)] if body is not None else [("", None)]
        if body is not None:
            cases += list(broken_bodies(body, rng))
        for index, (label, payload) in enumerate(cases):
            if time.monotonic() > deadline:
                return found
            problem, response = _send(client, method, url, query, payload, headers)
            if response is not None and not problem and index == 0:
                problem = _off_contract(reference, operation, response)
            if problem:
                detail = f"{label}: {problem}" if label else problem
                found.append(finding("robustness", method, url, detail, payload))
                break  # one finding per operation is enough to act on
    return found


def request(client: httpx.Client, method: str, url: str, **kwargs: Any) -> httpx.Response:
    """``client.request``, but uvicorn closes a connection after an unhandled
    error, so a pooled one may be dead already: only a fresh connection's
    failure counts."""
    try:
        return client.request(method, url, **kwargs)
    except (httpx.ReadError, httpx.RemoteProtocolError):
        with httpx.Client(base_url=client.base_url, timeout=5.0) as fresh:
            return fresh.request(method, url, **kwargs)


def _send(client: httpx.Client, method: str, url: str, query: Mapping[str, Any], payload: Any,
          headers: Mapping[str, str]) -> tuple[str, httpx.Response | None]:  # fmt: skip
    kwargs: dict[str, Any] = {"params": query, "headers": dict(headers), "timeout": 5.0}
    if payload is not None:
        kwargs["json"] = payload
    try:
        response = request(client, method, url, **kwargs)
    except httpx.TimeoutException:
        return "no answer within 5 s", None
    except httpx.HTTPError as exc:
        return f"the connection failed ({type(exc).__name__})", None
    if TRACEBACK.search(response.text[:20_000]):
        return f"{response.status_code} with a Python traceback in the body", response
    if response.status_code >= 500:
        return f"answered {response.status_code}", response
    return "", response


def _off_contract(
    reference: Mapping[str, Any], operation: Mapping[str, Any], response: httpx.Response
) -> str:
    """A success whose body breaks the schema the reference declares for it."""
    schema = declared_schema(operation, response.status_code)
    if not 200 <= response.status_code < 300 or not schema:
        return ""
    try:
        body = response.json()
    except ValueError:
        return f"answered {response.status_code} with a body that is not JSON"
    problem = violation(reference, schema, body)
    return f"answered {response.status_code} off its declared schema: {problem}" if problem else ""


def security(client: httpx.Client, reference: Mapping[str, Any], seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    found: list[dict[str, Any]] = []
    for method, path, operation in operations(reference):
        if not operation.get("security"):
            continue
        url, query = build_url(reference, path, operation, rng)
        body = request_body(reference, operation, rng)
        try:
            response = request(client, method, url, params=query, json=body, timeout=5.0)
        except httpx.HTTPError:
            continue
        if 200 <= response.status_code < 300:
            detail = f"answered {response.status_code} without credentials"
            found.append(finding("security", method, url, detail, body))
    try:
        response = request(client, "GET", "/", headers={"Origin": EVIL_ORIGIN})
    except httpx.HTTPError:
        return found
    allowed = response.headers.get("access-control-allow-origin")
    credentials = response.headers.get("access-control-allow-credentials", "").lower() == "true"
    if credentials and allowed in ("*", EVIL_ORIGIN):
        detail = f"lets {allowed} in with credentials (Access-Control-Allow-Origin: {allowed})"
        found.append(finding("security", "GET", "/", detail))
    return found


def without(reference: dict[str, Any], skipped: Iterable[str]) -> dict[str, Any]:
    """The reference without the operations the exercise breaks on purpose
    ("GET /boom"): probing them would only find what the brief asks for."""
    paths = {path: dict(item) for path, item in (reference.get("paths") or {}).items()}
    for operation in skipped:
        method, _, path = operation.partition(" ")
        paths.get(path, {}).pop(method.lower(), None)
    return reference | {"paths": paths}


def run(base_url: str, reference_path: Path, out: Path, settings: Mapping[str, Any]) -> None:
    """Fetch the candidate's schema; with probes on, write ``findings.json``."""
    with httpx.Client(base_url=base_url, timeout=10.0, verify=False) as client:
        fetch_openapi(client, out / "openapi.json")
        if not settings.get("probes") or not reference_path.is_file():
            return
        reference = json.loads(reference_path.read_text(encoding="utf-8"))
        reference = without(reference, settings.get("probe_skip") or ())
        seed = int(settings.get("seed") or 0)
        found = security(client, reference, seed)
        found += robustness(
            client, reference, seed, float(settings.get("probe_budget", 15)),
            dict(settings.get("probe_headers") or {}),
        )  # fmt: skip
    (out / "findings.json").write_text(json.dumps(found), encoding="utf-8")

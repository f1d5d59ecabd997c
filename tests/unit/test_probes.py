"""Robustness and security probes against small apps served on loopback."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from typing import Annotated, Any

import httpx
import pytest
import uvicorn
from fastapi import Body, Depends, FastAPI, HTTPException
from fastapi.middleware.cors import CORSMiddleware
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field

from grader.harness import probes


class Item(BaseModel):
    name: str = Field(max_length=50)
    price: float = Field(gt=0)


bearer = HTTPBearer()


def require_token(credentials: Annotated[HTTPAuthorizationCredentials, Depends(bearer)]) -> str:
    if credentials.credentials != "good":
        raise HTTPException(401, "Not authenticated")
    return "user"


def careful_app() -> FastAPI:
    app = FastAPI()

    @app.post("/items", status_code=201)
    def create(item: Item, user: Annotated[str, Depends(require_token)]) -> Item:
        return item

    return app


def fragile_app() -> FastAPI:
    """Trusts its body, leaks tracebacks, forgets auth, lets any origin in."""
    app = FastAPI(debug=True)
    app.add_middleware(
        CORSMiddleware, allow_origin_regex=".*", allow_credentials=True, allow_methods=["*"]
    )

    @app.post("/items", status_code=201)
    def create(item: Annotated[dict[str, Any], Body()]) -> dict[str, Any]:
        return {"name": item["name"].upper(), "price": 100 / item["price"]}

    return app


def sloppy_app() -> FastAPI:
    """Validates its input, but answers with a body off its declared model."""
    app = FastAPI()

    @app.post("/items", status_code=201)
    def create(item: Item, user: Annotated[str, Depends(require_token)]) -> Any:
        return {"name": item.name, "price": str(item.price)}

    return app


@pytest.fixture
def serve() -> Iterator[Any]:
    servers: list[tuple[uvicorn.Server, threading.Thread]] = []
    clients: list[httpx.Client] = []

    def start(app: FastAPI) -> httpx.Client:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        server = uvicorn.Server(uvicorn.Config(app, port=port, log_level="critical"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.01)
        servers.append((server, thread))
        clients.append(httpx.Client(base_url=f"http://127.0.0.1:{port}"))
        return clients[-1]

    yield start
    for client in clients:
        client.close()
    for server, thread in servers:
        server.should_exit = True
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def reference() -> dict[str, Any]:
    return careful_app().openapi()


def test_a_careful_app_gives_no_findings(serve, reference) -> None:  # type: ignore[no-untyped-def]
    client = serve(careful_app())
    headers = {"Authorization": "Bearer good"}
    assert probes.robustness(client, reference, seed=1, budget=20, headers=headers) == []
    assert probes.security(client, reference, seed=1) == []


def test_a_fragile_app_is_found_out_with_the_request(serve, reference) -> None:  # type: ignore[no-untyped-def]
    client = serve(fragile_app())
    found = probes.robustness(client, reference, seed=1, budget=20, headers={})
    assert [f["kind"] for f in found] == ["robustness"]
    assert found[0]["request"] == "POST /items"
    assert "traceback" in found[0]["detail"] or "500" in found[0]["detail"]
    assert found[0]["body"], "the finding carries the body that caused it"
    security = probes.security(client, reference, seed=1)
    details = [f["detail"] for f in security]
    assert any("without credentials" in d for d in details)
    assert any("evil.example in with credentials" in d for d in details)


def test_the_budget_bounds_the_time(serve, reference) -> None:  # type: ignore[no-untyped-def]
    client = serve(careful_app())
    start = time.monotonic()
    probes.robustness(client, reference, seed=1, budget=0.0, headers={})
    assert time.monotonic() - start < 1.0


def test_examples_follow_the_schema(reference) -> None:  # type: ignore[no-untyped-def]
    import random

    body = probes.request_body(reference, reference["paths"]["/items"]["post"], random.Random(0))
    assert Item.model_validate(body).price > 0


def test_a_success_off_the_declared_schema_is_a_finding(serve, reference) -> None:  # type: ignore[no-untyped-def]
    client = serve(sloppy_app())
    headers = {"Authorization": "Bearer good"}
    found = probes.robustness(client, reference, seed=1, budget=20, headers=headers)
    assert [(f["request"], f["detail"]) for f in found] == [
        (
            "POST /items",
            "a valid-looking body: answered 201 off its declared schema: "
            "$.price: expected number, got string",
        )
    ]


def test_violations_through_refs_lists_and_nullable_fields() -> None:
    document = {
        "components": {"schemas": {"Row": {
            "type": "object", "required": ["id"],
            "properties": {"id": {"type": "integer"},
                           "note": {"anyOf": [{"type": "string"}, {"type": "null"}]},
                           "kind": {"enum": ["a", "b"]}}}}},
    }  # fmt: skip
    rows = {"type": "array", "items": {"$ref": "#/components/schemas/Row"}}
    assert probes.violation(document, rows, [{"id": 1, "note": None, "kind": "a"}]) == ""
    assert probes.violation(document, rows, [{"id": 1}, {"note": "x"}]) == (
        "$[1]: the required field 'id' is missing"
    )
    assert probes.violation(document, rows, [{"id": True}]) == (
        "$[0].id: expected integer, got boolean"
    )
    assert probes.violation(document, rows, [{"id": 1, "note": 3}]) == (
        "$[0].note: expected string, got integer"
    )
    assert probes.violation(document, rows, [{"id": 1, "kind": "c"}]) == (
        "$[0].kind: 'c' is not one of ['a', 'b']"
    )
    assert probes.violation(document, rows, {"id": 1}) == "$: expected array, got object"


def test_operations_broken_on_purpose_are_not_probed(reference) -> None:  # type: ignore[no-untyped-def]
    kept = probes.without(reference, ["POST /items", "GET /nowhere"])
    assert list(probes.operations(kept)) == []
    assert [m for m, _, _ in probes.operations(reference)] == ["POST"], "the original is untouched"


def test_a_reference_to_a_union_is_checked_against_every_option() -> None:
    document = {
        "components": {"schemas": {
            "Row": {"type": "object", "required": ["id"],
                    "properties": {"id": {"type": "integer"}}},
            "MaybeRow": {"anyOf": [{"$ref": "#/components/schemas/Row"}, {"type": "null"}]}}},
    }  # fmt: skip
    maybe = {"$ref": "#/components/schemas/MaybeRow"}
    assert probes.violation(document, maybe, None) == ""
    assert probes.violation(document, maybe, {"id": 1}) == ""
    assert probes.violation(document, maybe, {"id": "1"}) == "$.id: expected integer, got string"

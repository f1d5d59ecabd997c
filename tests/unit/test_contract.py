"""The OpenAPI contract diff, and the exercises' reference snapshots."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from grader import catalog, contract

REFERENCE: dict[str, Any] = {
    "paths": {
        "/items": {
            "get": {
                "parameters": [
                    {"in": "query", "name": "limit", "required": False,
                     "schema": {"type": "integer", "minimum": 1, "maximum": 100}},
                ],
                "responses": {"200": {"description": "ok"}},
            },
            "post": {
                "requestBody": {"content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/ItemIn"}}}},
                "responses": {"201": {"content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/ItemOut"}}}}},
                "security": [{"OAuth2PasswordBearer": ["items"]}],
            },
        },
    },
    "components": {
        "schemas": {
            "ItemIn": {"type": "object", "required": ["name"], "properties": {
                "name": {"type": "string", "maxLength": 50}, "tags": {"type": "array"}}},
            "ItemOut": {"type": "object", "required": ["id", "name"], "properties": {
                "id": {"type": "integer"}, "name": {"type": "string"}}},
        },
        "securitySchemes": {"OAuth2PasswordBearer": {"type": "oauth2"}},
    },
}  # fmt: skip


def changed(edit: Any) -> list[str]:
    candidate = copy.deepcopy(REFERENCE)
    edit(candidate)
    return contract.diff(REFERENCE, candidate)


def test_the_same_schema_has_no_differences() -> None:
    assert contract.diff(REFERENCE, copy.deepcopy(REFERENCE)) == []


def test_missing_and_extra_operations() -> None:
    def edit(schema: dict[str, Any]) -> None:
        del schema["paths"]["/items"]["post"]
        schema["paths"]["/admin"] = {"delete": {"responses": {}}}

    assert changed(edit) == ["missing operation: POST /items", "extra operation: DELETE /admin"]


def test_status_codes_parameters_and_bounds() -> None:
    def edit(schema: dict[str, Any]) -> None:
        post = schema["paths"]["/items"]["post"]
        post["responses"] = {"200": post["responses"]["201"]}
        limit = schema["paths"]["/items"]["get"]["parameters"][0]
        limit["required"] = True
        del limit["schema"]["maximum"]

    assert changed(edit) == [
        "GET /items: parameter query:limit should be optional",
        "GET /items: parameter query:limit: no maximum (the reference has 100)",
        "POST /items: does not declare response 201",
        "POST /items: declares response 200, which the reference does not",
    ]


def test_body_fields_required_and_constraints_through_refs() -> None:
    def edit(schema: dict[str, Any]) -> None:
        item_in = schema["components"]["schemas"]["ItemIn"]
        item_in["required"] = []
        item_in["properties"]["name"]["maxLength"] = 500
        out = schema["components"]["schemas"]["ItemOut"]
        out["properties"]["password"] = {"type": "string"}
        del out["properties"]["id"]

    assert changed(edit) == [
        "POST /items: request body field 'name': maxLength 500 (the reference has 50)",
        "POST /items: request body: field 'name' should be required",
        "POST /items: response 201 lacks field 'id'",
        "POST /items: response 201 has extra field 'password'",
    ]


def test_undeclared_responses_and_list_items() -> None:
    def edit(schema: dict[str, Any]) -> None:
        listing = {"type": "array", "items": {"$ref": "#/components/schemas/ItemOut"}}
        counts = {"type": "object", "additionalProperties": {"type": "integer"}}
        get = schema["paths"]["/items"]["get"]
        get["responses"] = {"200": {"content": {"application/json": {"schema": listing}}}}
        schema["paths"]["/counts"] = {"get": {"responses": {"200": {
            "content": {"application/json": {"schema": counts}}}}}}  # fmt: skip

    reference = copy.deepcopy(REFERENCE)
    edit(reference)
    undeclared = copy.deepcopy(reference)
    for path, method, code in (("/items", "get", "200"), ("/items", "post", "201"),
                               ("/counts", "get", "200")):  # fmt: skip
        undeclared["paths"][path][method]["responses"][code]["content"]["application/json"] = {
            "schema": {}
        }
    assert contract.diff(reference, undeclared) == [
        "GET /counts: response 200 declares no schema (the reference declares an object)",
        "GET /items: response 200 declares no schema (the reference declares a list)",
        "POST /items: response 201 declares no schema "
        "(the reference declares an object with fields id, name)",
    ]
    other_items = copy.deepcopy(reference)
    other_items["paths"]["/items"]["get"]["responses"]["200"]["content"]["application/json"] = {
        "schema": {"type": "array", "items": {"type": "object", "properties": {
            "id": {"type": "integer"}}}}}  # fmt: skip
    assert contract.diff(reference, other_items) == [
        "GET /items: response 200 items lacks field 'name'",
        "GET /items: response 200 items: field 'id' should be required",
    ]
    assert contract.diff(reference, copy.deepcopy(reference)) == []


def test_security_is_compared_by_scheme_type_and_scopes_not_by_name() -> None:
    def renamed(schema: dict[str, Any]) -> None:
        schemes = schema["components"]["securitySchemes"]
        schemes["Bearer"] = schemes.pop("OAuth2PasswordBearer")
        schema["paths"]["/items"]["post"]["security"] = [{"Bearer": ["items"]}]

    def unscoped(schema: dict[str, Any]) -> None:
        schema["paths"]["/items"]["post"]["security"] = [{"OAuth2PasswordBearer": []}]

    assert changed(renamed) == []
    assert changed(unscoped) == ["POST /items: security oauth2 instead of oauth2['items']"]


@pytest.mark.parametrize("exercise", catalog.discover(), ids=lambda e: e.id)
def test_every_snapshot_matches_its_reference_solution(exercise: catalog.Exercise) -> None:
    """hidden/openapi.json is what the solution serves (else validate says update it)."""
    snapshot = contract.reference_schema(exercise)
    assert snapshot is not None, f"{exercise.id} has no hidden/openapi.json"
    assert contract.diff(snapshot, contract.schema_from_solution(exercise)) == []

"""output-schema and input-schema: /openapi.json describes the models exactly."""

import re
from typing import Any

import pytest
from conftest import OUT_KEYS, fresh_username

CREATE_KEYS = {"username", "email", "password", "password_confirm", "full_name", "birth_date"}
CREATE_REQUIRED = {"username", "email", "password", "password_confirm"}
UPDATE_KEYS = {"email", "full_name", "birth_date"}
OUT_TYPES = {
    "userId": {("integer", None)},
    "username": {("string", None)},
    "email": {("string", None)},
    "fullName": {("string", None), ("null", None)},
    "birthDate": {("string", "date"), ("null", None)},
    "createdAt": {("string", "date-time")},
    "displayName": {("string", None)},
    "age": {("integer", None), ("null", None)},
}


def schema_of(schemas: dict[str, Any], name: str) -> dict[str, Any]:
    schema = schemas.get(name)
    assert isinstance(schema, dict), (
        f"/openapi.json: expected a component schema named {name!r}, got {sorted(schemas)}"
    )
    return schema


def types_of(prop: dict[str, Any]) -> set[tuple[str, str | None]]:
    """{(type, format)} of a property, through anyOf/oneOf and type lists."""
    options = prop.get("anyOf") or prop.get("oneOf") or [prop]
    found = set()
    for option in options:
        kinds = option.get("type")
        for kind in kinds if isinstance(kinds, list) else [kinds]:
            found.add((kind, option.get("format")))
    return found


def json_schema(openapi: dict[str, Any], path: str, method: str, where: str) -> dict[str, Any]:
    operation = openapi.get("paths", {}).get(path, {}).get(method)
    assert operation, f"/openapi.json: expected the operation {method.upper()} {path}"
    if where == "body":
        content = operation.get("requestBody", {}).get("content", {})
        what = f"{method.upper()} {path} request body"
    else:
        content = operation.get("responses", {}).get(where, {}).get("content", {})
        what = f"{method.upper()} {path} response {where}"
    schema = content.get("application/json", {}).get("schema")
    assert isinstance(schema, dict), f"/openapi.json: expected a JSON schema for the {what}"
    return schema


def item_path(openapi: dict[str, Any]) -> str:
    paths = [p for p in openapi.get("paths", {}) if re.fullmatch(r"/users/\{[^/}]+\}", p)]
    assert paths, "/openapi.json: expected the path /users/{user_id}"
    return paths[0]


REF = "#/components/schemas/{}"


# --- output-schema ------------------------------------------------------------


@pytest.mark.criterion("output-schema")
def test_user_out_properties_and_types(schemas):
    """UserOut has exactly the eight camelCase properties, with the documented JSON types."""
    properties = schema_of(schemas, "UserOut").get("properties", {})
    assert set(properties) == OUT_KEYS, (
        f"UserOut properties: expected {sorted(OUT_KEYS)}, got {sorted(properties)}"
    )
    for key, expected in OUT_TYPES.items():
        got = types_of(properties[key])
        assert got == expected, (
            f"UserOut.{key}: expected types {sorted(expected, key=str)}, got {got}"
        )


@pytest.mark.criterion("output-schema")
def test_computed_fields_are_read_only_and_all_required(schemas):
    """UserOut: displayName and age are readOnly (computed fields); all eight keys are required."""
    user_out = schema_of(schemas, "UserOut")
    properties = user_out.get("properties", {})
    for key in ("displayName", "age"):
        assert properties.get(key, {}).get("readOnly") is True, (
            f"UserOut.{key}: expected readOnly: true, got {properties.get(key)}"
        )
    required = set(user_out.get("required", []))
    assert required == OUT_KEYS, (
        f"UserOut required: expected {sorted(OUT_KEYS)}, got {sorted(required)}"
    )


@pytest.mark.criterion("output-schema")
def test_user_routes_respond_with_user_out(openapi):
    """POST /users, GET /users (array), GET and PATCH /users/{user_id} all respond with UserOut."""
    ref = {"$ref": REF.format("UserOut")}
    one = item_path(openapi)
    for path, method, status in (
        ("/users", "post", "201"),
        (one, "get", "200"),
        (one, "patch", "200"),
    ):
        schema = json_schema(openapi, path, method, status)
        assert schema.get("$ref") == ref["$ref"], (
            f"{method.upper()} {path} {status}: expected {ref}, got {schema}"
        )
    listed = json_schema(openapi, "/users", "get", "200")
    assert listed.get("type") == "array" and listed.get("items") == ref, (
        f"GET /users 200: expected an array of {ref}, got {listed}"
    )


@pytest.mark.criterion("output-schema")
def test_no_secret_in_any_other_schema(schemas):
    """No component schema but UserCreate has a property holding a password or a hash."""
    schema_of(schemas, "UserOut")
    leaks = [
        f"{name}.{prop}"
        for name, schema in schemas.items()
        if name != "UserCreate"
        for prop in schema.get("properties", {})
        if "password" in prop.lower() or "hash" in prop.lower()
    ]
    assert not leaks, f"/openapi.json: secret properties outside UserCreate: {leaks}"


# --- input-schema -------------------------------------------------------------


@pytest.mark.criterion("input-schema")
def test_user_create_is_snake_case(schemas):
    """UserCreate has the six snake_case properties, the four documented ones required."""
    user_create = schema_of(schemas, "UserCreate")
    properties = set(user_create.get("properties", {}))
    assert properties == CREATE_KEYS, (
        f"UserCreate properties: expected {sorted(CREATE_KEYS)}, got {sorted(properties)}"
    )
    required = set(user_create.get("required", []))
    assert required == CREATE_REQUIRED, (
        f"UserCreate required: expected {sorted(CREATE_REQUIRED)}, got {sorted(required)}"
    )


@pytest.mark.criterion("input-schema")
def test_user_update_is_snake_case_and_optional(schemas):
    """UserUpdate has email, full_name and birth_date, none of them required."""
    user_update = schema_of(schemas, "UserUpdate")
    properties = set(user_update.get("properties", {}))
    assert properties == UPDATE_KEYS, (
        f"UserUpdate properties: expected {sorted(UPDATE_KEYS)}, got {sorted(properties)}"
    )
    required = user_update.get("required", [])
    assert not required, f"UserUpdate required: expected none, got {required}"


@pytest.mark.criterion("input-schema")
def test_request_bodies_refer_to_the_input_models(openapi):
    """POST /users takes a UserCreate body and PATCH /users/{user_id} a UserUpdate body."""
    one = item_path(openapi)
    for path, method, name in (("/users", "post", "UserCreate"), (one, "patch", "UserUpdate")):
        schema = json_schema(openapi, path, method, "body")
        assert schema.get("$ref") == REF.format(name), (
            f"{method.upper()} {path} body: expected $ref {REF.format(name)}, got {schema}"
        )


@pytest.mark.criterion("input-schema")
def test_user_create_example_is_accepted(client, schemas):
    """UserCreate has an `examples` list; its first example (fresh username) is answered 201."""
    examples = schema_of(schemas, "UserCreate").get("examples")
    assert isinstance(examples, list) and examples, (
        f"UserCreate: expected a non-empty 'examples' list, got {examples!r}"
    )
    example = examples[0]
    assert isinstance(example, dict), f"UserCreate examples[0]: expected an object, got {example!r}"
    assert set(example) <= CREATE_KEYS and CREATE_REQUIRED <= set(example), (
        f"UserCreate examples[0]: expected the UserCreate keys, got {sorted(example)}"
    )
    body = {**example, "username": fresh_username()}
    response = client.post("/users", json=body)
    assert response.status_code == 201, (
        f"POST /users with examples[0] (fresh username): expected 201, "
        f"got {response.status_code} {response.text[:200]}"
    )

"""openapi-documented: the schema says what the endpoints answer."""

import pytest

STATES = {"queued", "sent", "failed"}


def resolve(spec, schema):
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def enum_values(spec, schema):
    schema = resolve(spec, schema)
    values = set(schema.get("enum", []))
    if "const" in schema:
        values.add(schema["const"])
    for key in ("allOf", "anyOf", "oneOf"):
        for part in schema.get(key, []):
            values |= enum_values(spec, part)
    return values


def assert_signup_schema(spec, responses, code, where):
    assert code in responses, (
        f"/openapi.json, {where}: expected a documented {code} response, got {sorted(responses)}"
    )
    try:
        schema = responses[code]["content"]["application/json"]["schema"]
    except KeyError:
        raise AssertionError(f"/openapi.json, {where} {code}: expected a JSON schema") from None
    properties = resolve(spec, schema).get("properties", {})
    assert {"email", "name", "welcome_email"} <= set(properties), (
        f"/openapi.json, {where} {code}: expected properties email, name, welcome_email, "
        f"got {sorted(properties)}"
    )
    states = enum_values(spec, properties["welcome_email"])
    assert states == STATES, (
        f"/openapi.json, {where} {code}: expected welcome_email to be one of "
        f"{sorted(STATES)}, got {sorted(states) or 'any string'}"
    )


@pytest.fixture
def spec(client):
    response = client.get("/openapi.json")
    assert response.status_code == 200, (
        f"GET /openapi.json: expected 200, got {response.status_code}"
    )
    return response.json()


@pytest.mark.criterion("openapi-documented")
def test_openapi_documents_signup_as_202(spec):
    """/openapi.json documents POST /signup as 202 (not 200) with the signup schema and its enum."""
    responses = spec.get("paths", {}).get("/signup", {}).get("post", {}).get("responses", {})
    assert "200" not in responses, (
        f"/openapi.json, POST /signup: expected no 200 response (it answers 202), "
        f"got {sorted(responses)}"
    )
    assert_signup_schema(spec, responses, "202", "POST /signup")


@pytest.mark.criterion("openapi-documented")
def test_openapi_documents_read_and_delete(spec):
    """/openapi.json documents GET /signups/{email} (200, the signup schema) and DELETE (204)."""
    operations = spec.get("paths", {}).get("/signups/{email}", {})
    get_responses = operations.get("get", {}).get("responses", {})
    assert_signup_schema(spec, get_responses, "200", "GET /signups/{email}")
    delete_responses = operations.get("delete", {}).get("responses", {})
    assert "204" in delete_responses, (
        f"/openapi.json, DELETE /signups/{{email}}: expected a documented 204 response, "
        f"got {sorted(delete_responses)}"
    )

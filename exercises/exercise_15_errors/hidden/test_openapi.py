"""openapi-problem: the envelope is documented in /openapi.json."""

import json

import pytest

PROBLEM = "#/components/schemas/Problem"
VALIDATION_PROBLEM = "#/components/schemas/ValidationProblem"
ENVELOPE = {"type", "title", "status", "detail", "instance"}

# operation -> the statuses documented with Problem (422 is ValidationProblem on all)
DOCUMENTED = {
    ("get", "/orders"): (401,),
    ("post", "/orders"): (401, 403, 409),
    ("get", "/orders/{order_id}"): (401, 404),
    ("post", "/orders/{order_id}/payment"): (401, 403, 404, 500),
    ("get", "/orders/{order_id}/shipping"): (401, 404, 500),
}


@pytest.fixture
def schema(client):
    response = client.get("/openapi.json")
    assert response.status_code == 200, (
        f"GET /openapi.json: expected 200, got {response.status_code}"
    )
    return response.json()


def refs(response_doc):
    """The $ref of every media type documented for one response."""
    content = response_doc.get("content") or {}
    return {media.get("schema", {}).get("$ref") for media in content.values()}


@pytest.mark.criterion("openapi-problem")
def test_problem_schemas_are_components(schema):
    """components.schemas has Problem (type, title, status, detail, instance), ValidationProblem."""
    schemas = schema.get("components", {}).get("schemas", {})
    for name, keys in (("Problem", ENVELOPE), ("ValidationProblem", ENVELOPE | {"errors"})):
        assert name in schemas, (
            f"/openapi.json: expected a schema named {name} in components, got {sorted(schemas)}"
        )
        properties = set(schemas[name].get("properties", {}))
        assert keys <= properties, (
            f"/openapi.json: expected {name} to have the properties {sorted(keys)}, "
            f"got {sorted(properties)}"
        )
    errors = schemas["ValidationProblem"]["properties"]["errors"]
    assert errors.get("type") == "array", (
        f"/openapi.json: expected ValidationProblem.errors to be an array, got {errors}"
    )


@pytest.mark.criterion("openapi-problem")
def test_error_responses_reference_the_problem(schema):
    """Every operation documents its error statuses with Problem, 422 with ValidationProblem."""
    paths = schema.get("paths", {})
    for (method, path), statuses in DOCUMENTED.items():
        operation = paths.get(path, {}).get(method)
        assert operation is not None, f"/openapi.json: {method.upper()} {path} is not documented"
        responses = operation.get("responses", {})
        expected = [(status, PROBLEM) for status in statuses] + [(422, VALIDATION_PROBLEM)]
        for status, ref in expected:
            documented = refs(responses.get(str(status), {}))
            assert ref in documented, (
                f"/openapi.json: expected {method.upper()} {path} to document {status} with "
                f"$ref {ref}, got {sorted(map(str, documented)) or 'nothing'}"
            )


@pytest.mark.criterion("openapi-problem")
def test_default_422_is_replaced(schema):
    """FastAPI's default HTTPValidationError no longer appears in /openapi.json."""
    text = json.dumps(schema)
    assert "HTTPValidationError" not in text, (
        "/openapi.json: expected no HTTPValidationError (every 422 is a ValidationProblem), "
        "but it is still there"
    )

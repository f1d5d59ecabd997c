"""openapi-contract: /openapi.json describes the API truthfully."""

import pytest


def _spec(client) -> dict:
    response = client.get("/openapi.json")
    assert response.status_code == 200, (
        f"GET /openapi.json: expected 200, got {response.status_code}"
    )
    return response.json()


def _operation(spec: dict, path: str, method: str) -> dict:
    operation = spec.get("paths", {}).get(path, {}).get(method)
    paths = sorted(spec.get("paths", {}))
    assert isinstance(operation, dict), (
        f"expected {method.upper()} {path} in /openapi.json, got paths {paths}"
    )
    return operation


def _resolve(spec: dict, schema: dict) -> dict:
    ref = schema.get("$ref", "")
    if ref.startswith("#/"):
        node = spec
        for part in ref[2:].split("/"):
            node = node.get(part, {})
        return node
    return schema


@pytest.mark.criterion("openapi-contract")
def test_post_declares_201(client):
    """/openapi.json: POST /items declares a 201 response."""
    responses = _operation(_spec(client), "/items", "post").get("responses", {})
    assert "201" in responses, f"expected a 201 response for POST /items, got {sorted(responses)}"


@pytest.mark.criterion("openapi-contract")
def test_get_item_declares_item_schema(client):
    """/openapi.json: GET /items/{item_id} declares a 200 schema, the item model with `id`."""
    spec = _spec(client)
    responses = _operation(spec, "/items/{item_id}", "get").get("responses", {})
    assert "200" in responses, f"expected a 200 response, got {sorted(responses)}"
    content = responses["200"].get("content", {}).get("application/json", {})
    schema = _resolve(spec, content.get("schema", {}))
    properties = schema.get("properties", {})
    assert {"id", "name", "price"} <= set(properties), (
        f"expected a 200 schema with id, name and price properties, got {content.get('schema')}"
    )


@pytest.mark.criterion("openapi-contract")
def test_limit_parameter_bounds(client):
    """/openapi.json: the limit query parameter of GET /items has minimum 1 and maximum 100."""
    parameters = _operation(_spec(client), "/items", "get").get("parameters", [])
    limit = next(
        (p for p in parameters if p.get("name") == "limit" and p.get("in") == "query"), None
    )
    assert limit is not None, (
        f"expected a limit query parameter, got {[p.get('name') for p in parameters]}"
    )
    schema = limit.get("schema", {})
    got = (schema.get("minimum"), schema.get("maximum"))
    assert got == (1, 100), f"expected limit minimum 1 and maximum 100, got {got}"

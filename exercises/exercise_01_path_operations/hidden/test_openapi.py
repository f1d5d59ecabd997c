"""openapi-contract: /openapi.json describes the API truthfully."""

import pytest

ITEM_FIELDS = {"id", "name", "price", "quantity", "tags"}


@pytest.mark.criterion("openapi-contract")
def test_post_declares_201(openapi):
    """/openapi.json: POST /items declares a 201 response."""
    statuses = openapi.response_statuses("post", "/items")
    assert "201" in statuses, f"expected a 201 response for POST /items, got {sorted(statuses)}"


@pytest.mark.criterion("openapi-contract")
def test_post_declares_item_schema(openapi):
    """/openapi.json: POST /items declares its 201 response model, the item with `id`."""
    openapi.assert_response_fields("post", "/items", 201, ITEM_FIELDS)


@pytest.mark.criterion("openapi-contract")
def test_list_declares_item_array_schema(openapi):
    """/openapi.json: GET /items declares its 200 response model, a list of items with `id`."""
    openapi.assert_response_fields("get", "/items", 200, ITEM_FIELDS, array=True)


@pytest.mark.criterion("openapi-contract")
def test_get_item_declares_item_schema(openapi):
    """/openapi.json: GET /items/{item_id} declares a 200 schema, the item model with `id`."""
    openapi.assert_response_fields("get", "/items/{item_id}", 200, ITEM_FIELDS)


@pytest.mark.criterion("openapi-contract")
def test_put_declares_item_schema(openapi):
    """/openapi.json: PUT /items/{item_id} declares its 200 response model, the item with `id`."""
    openapi.assert_response_fields("put", "/items/{item_id}", 200, ITEM_FIELDS)


@pytest.mark.criterion("openapi-contract")
def test_limit_parameter_bounds(openapi):
    """/openapi.json: the limit query parameter of GET /items has minimum 1 and maximum 100."""
    parameters = openapi.operation("get", "/items").get("parameters", [])
    limit = next(
        (p for p in parameters if p.get("name") == "limit" and p.get("in") == "query"), None
    )
    assert limit is not None, (
        f"expected a limit query parameter, got {[p.get('name') for p in parameters]}"
    )
    schema = openapi.resolve(limit.get("schema", {}))
    got = (schema.get("minimum"), schema.get("maximum"))
    assert got == (1, 100), f"expected limit minimum 1 and maximum 100, got {got}"

"""typed-listing: the listing declares its model and serves 20,000 products quickly."""

import json
import time

import pytest
from support import IDENTITY, PRODUCT_COUNT, fetch_raw

# The typed listing answers 20,000 products in about 0.2 s on a busy machine;
# the budget only catches pathological answers (rebuilding or re-encoding the
# catalog item by item many times over), never a normal one.
BUDGET_SECONDS = 5.0
PRODUCT_TYPES = {
    "id": "integer",
    "sku": "string",
    "name": "string",
    "price_cents": "integer",
    "tags": "array",
    "in_stock": "boolean",
}
PAGE_TYPES = {"total": "integer", "offset": "integer", "limit": "integer", "items": "array"}


def resolve(document, schema):
    """Follow a local $ref (also through a one-element allOf)."""
    if isinstance(schema, dict) and len(schema.get("allOf", [])) == 1:
        schema = schema["allOf"][0]
    ref = schema.get("$ref") if isinstance(schema, dict) else None
    if not ref:
        return schema
    node = document
    for part in ref.removeprefix("#/").split("/"):
        node = node.get(part, {}) if isinstance(node, dict) else {}
    return node


def property_types(document, schema):
    properties = resolve(document, schema).get("properties", {})
    return {name: resolve(document, prop).get("type") for name, prop in properties.items()}


@pytest.mark.criterion("typed-listing")
def test_openapi_documents_the_page_model(client):
    """/openapi.json documents the 200 of GET /products as the page model and its products."""
    response = client.get("/openapi.json", headers=IDENTITY)
    assert response.status_code == 200, (
        f"GET /openapi.json: expected 200, got {response.status_code}"
    )
    document = response.json()
    operation = document.get("paths", {}).get("/products", {}).get("get", {})
    content = operation.get("responses", {}).get("200", {}).get("content", {})
    schema = content.get("application/json", {}).get("schema", {})
    page = property_types(document, schema)
    assert page == PAGE_TYPES, (
        f"OpenAPI GET /products 200: expected a page schema with {PAGE_TYPES} "
        f"(declare the return type), got {json.dumps(schema)[:150]} -> {page}"
    )
    items = resolve(document, resolve(document, schema)["properties"]["items"]).get("items", {})
    product = property_types(document, items)
    assert product == PRODUCT_TYPES, (
        f"OpenAPI GET /products 200: expected items with {PRODUCT_TYPES}, got {product}"
    )


@pytest.mark.criterion("typed-listing")
def test_whole_catalog_in_one_page(client):
    """GET /products?limit=20000 returns all 20,000 products in id order, within 5 s."""
    path = f"/products?limit={PRODUCT_COUNT}"
    best = None
    for _ in range(2):  # the better of two tries: a busy machine may stall one
        start = time.perf_counter()
        raw = fetch_raw(client, "GET", path, headers=IDENTITY)
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
        if elapsed < BUDGET_SECONDS:
            break
    assert raw.status_code == 200, f"GET {path}: expected 200, got {raw.status_code}"
    content_type = raw.headers.get("content-type", "")
    assert content_type.startswith("application/json"), (
        f"GET {path}: expected Content-Type application/json, got {content_type!r}"
    )
    items = json.loads(raw.body).get("items", [])
    ids = [item.get("id") for item in items]
    assert ids == list(range(1, PRODUCT_COUNT + 1)), (
        f"GET {path}: expected ids 1..{PRODUCT_COUNT} in order, got {len(ids)} items"
    )
    assert best < BUDGET_SECONDS, (
        f"GET {path}: expected an answer within {BUDGET_SECONDS:g} s, the best of two took "
        f"{best:.1f} s"
    )

"""openapi-contract: /openapi.json declares the response model of every JSON route
(GET /products is typed-listing's)."""

import pytest

CART_LINE_FIELDS = {"product_id", "sku", "quantity", "unit_price_cents", "line_total_cents"}


@pytest.mark.criterion("openapi-contract")
def test_ping_declares_its_schema(openapi):
    """/openapi.json: GET /ping declares its 200 response model, with status."""
    openapi.assert_response_fields("get", "/ping", 200, {"status"})


@pytest.mark.criterion("openapi-contract")
def test_add_to_cart_declares_cart_line_schema(openapi):
    """/openapi.json: POST /cart/items declares its 201 response model, the cart line."""
    openapi.assert_response_fields("post", "/cart/items", 201, CART_LINE_FIELDS)

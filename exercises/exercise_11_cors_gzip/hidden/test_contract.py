"""ping-and-listing, cart-items and exports: the HTTP contract."""

import csv
import gzip
import io
import lzma

import pytest
from support import CSV_HEADER, FIRST_PRODUCT, IDENTITY, PRODUCT_COUNT


def get_ok(client, path, **kwargs):
    response = client.get(path, **kwargs)
    assert response.status_code == 200, (
        f"GET {path}: expected 200, got {response.status_code} {response.text[:150]}"
    )
    return response


@pytest.mark.criterion("ping-and-listing")
def test_ping(client):
    """GET /ping answers 200 {"status": "ok"}."""
    body = get_ok(client, "/ping", headers=IDENTITY).json()
    assert body == {"status": "ok"}, f'GET /ping: expected {{"status": "ok"}}, got {body}'


@pytest.mark.criterion("ping-and-listing")
def test_default_page(client):
    """GET /products without parameters: total 20000, offset 0, limit 100, products 1..100."""
    response = get_ok(client, "/products", headers=IDENTITY)
    page = response.json()
    envelope = {k: page.get(k) for k in ("total", "offset", "limit")}
    expected = {"total": PRODUCT_COUNT, "offset": 0, "limit": 100}
    assert envelope == expected, f"GET /products: expected {expected}, got {envelope}"
    assert set(page) == {"total", "offset", "limit", "items"}, (
        f"GET /products: expected the keys total, offset, limit, items, got {sorted(page)}"
    )
    ids = [item.get("id") for item in page["items"]]
    assert ids == list(range(1, 101)), f"GET /products: expected ids 1..100, got {ids[:5]}..."
    first = page["items"][0]
    assert first == FIRST_PRODUCT, f"GET /products: expected item 1 {FIRST_PRODUCT}, got {first}"
    total = response.headers.get("x-total-count")
    assert total == str(PRODUCT_COUNT), f"expected X-Total-Count: 20000, got {total!r}"


@pytest.mark.criterion("ping-and-listing")
def test_paging(client):
    """offset/limit slice the catalog: offset=19990&limit=50 is products 19991..20000."""
    page = get_ok(client, "/products?offset=19990&limit=50", headers=IDENTITY).json()
    ids = [item.get("id") for item in page.get("items", [])]
    assert ids == list(range(19991, 20001)), (
        f"GET /products?offset=19990&limit=50: expected ids 19991..20000, got {ids}"
    )
    assert (page.get("offset"), page.get("limit")) == (19990, 50), (
        f"expected offset 19990 and limit 50 echoed, got {page.get('offset')}, {page.get('limit')}"
    )
    past = get_ok(client, "/products?offset=25000&limit=10", headers=IDENTITY).json()
    assert past.get("items") == [] and past.get("total") == PRODUCT_COUNT, (
        f"GET /products?offset=25000: expected no items and total 20000, got {str(past)[:150]}"
    )


@pytest.mark.criterion("ping-and-listing")
def test_invalid_paging_is_422(client):
    """limit outside 1..20000, a negative offset or a non-integer is 422."""
    for query in ("limit=0", "limit=20001", "offset=-1", "limit=abc"):
        response = client.get(f"/products?{query}", headers=IDENTITY)
        assert response.status_code == 422, (
            f"GET /products?{query}: expected 422, got {response.status_code}"
        )


@pytest.mark.criterion("cart-items")
def test_add_to_cart(client):
    """POST /cart/items answers 201 with the line: product_id, sku, quantity, prices in cents."""
    product = get_ok(client, "/products?offset=41&limit=1", headers=IDENTITY).json()["items"][0]
    response = client.post("/cart/items", json={"product_id": 42, "quantity": 3}, headers=IDENTITY)
    assert response.status_code == 201, (
        f"POST /cart/items: expected 201, got {response.status_code} {response.text[:150]}"
    )
    expected = {
        "product_id": 42,
        "sku": product["sku"],
        "quantity": 3,
        "unit_price_cents": product["price_cents"],
        "line_total_cents": 3 * product["price_cents"],
    }
    assert response.json() == expected, (
        f"POST /cart/items: expected {expected}, got {response.text[:200]}"
    )


@pytest.mark.criterion("cart-items")
def test_cart_unknown_product_is_404(client):
    """POST /cart/items for a product id that does not exist is 404 Product not found."""
    for product_id in (0, 20001):
        response = client.post(
            "/cart/items", json={"product_id": product_id, "quantity": 1}, headers=IDENTITY
        )
        assert response.status_code == 404, (
            f"POST /cart/items product_id={product_id}: expected 404, got {response.status_code}"
        )
        assert response.json() == {"detail": "Product not found"}, (
            f'expected {{"detail": "Product not found"}}, got {response.text[:150]}'
        )


@pytest.mark.criterion("cart-items")
def test_cart_invalid_quantity_is_422(client):
    """POST /cart/items with a quantity outside 1..99, or without one, is 422."""
    for body in (
        {"product_id": 1, "quantity": 0},
        {"product_id": 1, "quantity": 100},
        {"product_id": 1},
    ):
        response = client.post("/cart/items", json=body, headers=IDENTITY)
        assert response.status_code == 422, (
            f"POST /cart/items {body}: expected 422, got {response.status_code}"
        )


def check_export(client, path, media_type, decompress):
    """GET an export; returns the CSV rows after checking the headers."""
    response = get_ok(client, path)  # httpx undoes any Content-Encoding here
    content_type = response.headers.get("content-type", "")
    assert content_type.split(";")[0].strip() == media_type, (
        f"GET {path}: expected Content-Type {media_type}, got {content_type!r}"
    )
    filename = path.rsplit("/", 1)[1]
    disposition = response.headers.get("content-disposition", "")
    assert disposition.startswith("attachment") and filename in disposition, (
        f'GET {path}: expected Content-Disposition: attachment; filename="{filename}", '
        f"got {disposition!r}"
    )
    try:
        text = decompress(response.content).decode()
    except Exception as exc:
        raise AssertionError(
            f"GET {path}: the body is not the given {media_type} export ({exc!r}); "
            f"first bytes {response.content[:8]!r}"
        ) from None
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.criterion("exports")
def test_gzip_export(client):
    """GET /exports/catalog.csv.gz serves the given gzip CSV as an application/gzip attachment."""
    rows = check_export(client, "/exports/catalog.csv.gz", "application/gzip", gzip.decompress)
    assert ",".join(rows[0]) == CSV_HEADER, f"expected the CSV header {CSV_HEADER}, got {rows[0]}"
    assert len(rows) == PRODUCT_COUNT + 1, (
        f"expected a header and {PRODUCT_COUNT} rows, got {len(rows)} rows"
    )


@pytest.mark.criterion("exports")
def test_xz_export(client):
    """GET /exports/catalog.csv.xz serves the given xz CSV as an application/x-xz attachment."""
    rows = check_export(client, "/exports/catalog.csv.xz", "application/x-xz", lzma.decompress)
    assert ",".join(rows[0]) == CSV_HEADER, f"expected the CSV header {CSV_HEADER}, got {rows[0]}"
    assert rows[1][:2] == ["1", "SKU-000001"], f"expected product 1 first, got {rows[1]}"
    assert len(rows) == PRODUCT_COUNT + 1, (
        f"expected a header and {PRODUCT_COUNT} rows, got {len(rows)} rows"
    )

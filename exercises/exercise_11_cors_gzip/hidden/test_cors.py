"""cors-allowed-origin, cors-preflight, strict-origins and preflight-refusals."""

import pytest
from support import (
    ADMIN,
    ALLOWED_ORIGINS,
    APP,
    EVIL,
    IDENTITY,
    LOOKALIKES,
    header_tokens,
    preflight,
)

COOKIE = {"Cookie": "session=4f1c2e"}
CART_LINE = {"product_id": 7, "quantity": 1}


def assert_allowed(response, origin, what):
    allow_origin = response.headers.get("access-control-allow-origin")
    assert allow_origin == origin, (
        f"{what}: expected Access-Control-Allow-Origin: {origin} (the origin itself, never *), "
        f"got {allow_origin!r}"
    )
    credentials = response.headers.get("access-control-allow-credentials")
    assert credentials == "true", (
        f"{what}: expected Access-Control-Allow-Credentials: true, got {credentials!r}"
    )


def assert_not_allowed(response, what):
    allow_origin = response.headers.get("access-control-allow-origin")
    assert allow_origin is None, (
        f"{what}: expected no Access-Control-Allow-Origin header, got {allow_origin!r}"
    )


@pytest.mark.criterion("cors-allowed-origin")
def test_allowed_origins_on_get(client):
    """A GET from an allowed origin gets that origin, credentials true, X-Total-Count exposed."""
    for origin in ALLOWED_ORIGINS:
        response = client.get("/products?limit=1", headers={"Origin": origin} | IDENTITY)
        assert response.status_code == 200, (
            f"GET /products from {origin}: expected 200, got {response.status_code}"
        )
        assert_allowed(response, origin, f"GET /products from {origin}")
        exposed = header_tokens(response.headers, "access-control-expose-headers")
        assert "x-total-count" in exposed, (
            f"GET /products from {origin}: expected Access-Control-Expose-Headers to list "
            f"X-Total-Count, got {response.headers.get('access-control-expose-headers')!r}"
        )


@pytest.mark.criterion("cors-allowed-origin")
def test_allowed_origin_on_credentialed_post(client):
    """A POST /cart/items with a cookie from an allowed origin gets that origin back."""
    headers = {"Origin": ADMIN} | COOKIE | IDENTITY
    response = client.post("/cart/items", json=CART_LINE, headers=headers)
    assert response.status_code == 201, (
        f"POST /cart/items from {ADMIN}: expected 201, got {response.status_code}"
    )
    assert_allowed(response, ADMIN, f"POST /cart/items from {ADMIN} with a cookie")


@pytest.mark.criterion("cors-preflight")
def test_preflight_for_post(client):
    """A preflight for POST with Content-Type and X-Request-ID from an allowed origin is 200."""
    response = preflight(client, "/cart/items", APP, "POST", "content-type, x-request-id")
    assert response.status_code == 200, (
        f"preflight POST /cart/items from {APP}: expected 200, got {response.status_code} "
        f"{response.text[:100]}"
    )
    assert_allowed(response, APP, "preflight POST /cart/items")
    methods = header_tokens(response.headers, "access-control-allow-methods")
    assert "post" in methods, (
        f"preflight: expected Access-Control-Allow-Methods to list POST, "
        f"got {response.headers.get('access-control-allow-methods')!r}"
    )
    allowed_headers = header_tokens(response.headers, "access-control-allow-headers")
    assert {"content-type", "x-request-id"} <= allowed_headers, (
        f"preflight: expected Access-Control-Allow-Headers to list Content-Type and X-Request-ID, "
        f"got {response.headers.get('access-control-allow-headers')!r}"
    )
    max_age = response.headers.get("access-control-max-age")
    assert max_age == "3600", f"preflight: expected Access-Control-Max-Age: 3600, got {max_age!r}"


@pytest.mark.criterion("cors-preflight")
def test_preflight_for_get_with_authorization(client):
    """A preflight for GET /products with Authorization from the admin origin is 200."""
    response = preflight(client, "/products", ADMIN, "GET", "authorization")
    assert response.status_code == 200, (
        f"preflight GET /products from {ADMIN}: expected 200, got {response.status_code} "
        f"{response.text[:100]}"
    )
    assert_allowed(response, ADMIN, "preflight GET /products")
    allowed_headers = header_tokens(response.headers, "access-control-allow-headers")
    assert "authorization" in allowed_headers, (
        f"preflight: expected Access-Control-Allow-Headers to list Authorization, "
        f"got {response.headers.get('access-control-allow-headers')!r}"
    )


@pytest.mark.criterion("strict-origins")
def test_other_origins_get_no_allow_origin(client):
    """Lookalike origins (scheme, port, suffix, null) get no Access-Control-Allow-Origin."""
    for origin in LOOKALIKES:
        response = client.get("/products?limit=1", headers={"Origin": origin} | IDENTITY)
        assert response.status_code == 200, (
            f"GET /products from {origin}: expected 200 (CORS is the browser's job), "
            f"got {response.status_code}"
        )
        assert_not_allowed(response, f"GET /products from {origin}")


@pytest.mark.criterion("strict-origins")
def test_credentialed_post_from_other_origin_is_not_allowed(client):
    """A POST with a cookie from another origin gets no Access-Control-Allow-Origin."""
    headers = {"Origin": EVIL} | COOKIE | IDENTITY
    response = client.post("/cart/items", json=CART_LINE, headers=headers)
    assert_not_allowed(response, f"POST /cart/items from {EVIL} with a cookie")
    allowed = client.post("/cart/items", json=CART_LINE, headers={"Origin": APP} | COOKIE)
    assert_allowed(allowed, APP, f"POST /cart/items from {APP} with a cookie")


@pytest.mark.criterion("strict-origins")
def test_preflight_from_other_origins_is_refused(client):
    """A preflight from another origin is 400 without Access-Control-Allow-Origin."""
    for origin in (EVIL, "https://app.example.com.evil.test", "null"):
        response = preflight(client, "/cart/items", origin, "POST", "content-type")
        assert response.status_code == 400, (
            f"preflight POST /cart/items from {origin}: expected 400, got {response.status_code}"
        )
        assert_not_allowed(response, f"preflight from {origin}")


@pytest.mark.criterion("preflight-refusals")
def test_preflight_for_other_methods_is_refused(client):
    """A preflight from an allowed origin for DELETE, PUT or PATCH is 400."""
    for method in ("DELETE", "PUT", "PATCH"):
        response = preflight(client, "/cart/items", APP, method)
        assert response.status_code == 400, (
            f"preflight {method} /cart/items from {APP}: expected 400, got {response.status_code}"
        )


@pytest.mark.criterion("preflight-refusals")
def test_preflight_for_other_headers_is_refused(client):
    """A preflight asking for a header outside Content-Type, Authorization, X-Request-ID is 400."""
    for request_headers in ("x-debug", "content-type, x-forwarded-for"):
        response = preflight(client, "/cart/items", APP, "POST", request_headers)
        assert response.status_code == 400, (
            f"preflight POST asking for {request_headers!r}: expected 400, "
            f"got {response.status_code}"
        )
    ok = preflight(client, "/cart/items", APP, "POST", "content-type, authorization, x-request-id")
    assert ok.status_code == 200, (
        f"preflight POST asking for the three allowed headers: expected 200, got {ok.status_code}"
    )


@pytest.mark.criterion("preflight-refusals")
def test_preflight_lists_only_get_and_post(client):
    """An accepted preflight lists exactly GET and POST in Access-Control-Allow-Methods."""
    response = preflight(client, "/products", APP, "GET")
    assert response.status_code == 200, (
        f"preflight GET /products from {APP}: expected 200, got {response.status_code}"
    )
    methods = header_tokens(response.headers, "access-control-allow-methods")
    assert methods == {"get", "post"}, (
        f"preflight: expected Access-Control-Allow-Methods: GET, POST, "
        f"got {response.headers.get('access-control-allow-methods')!r}"
    )

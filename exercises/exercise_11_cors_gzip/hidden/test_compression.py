"""gzip-enabled, gzip-threshold, no-double-compression and vary-headers."""

import gzip
import json
import lzma

import pytest
from support import (
    APP,
    CSV_HEADER,
    EVIL,
    GZIP,
    IDENTITY,
    THRESHOLD,
    fetch_raw,
    preflight,
    vary_tokens,
)

LARGE = "/products?limit=500"


def gunzip(raw, what):
    try:
        return gzip.decompress(raw.body)
    except Exception as exc:
        raise AssertionError(
            f"{what}: Content-Encoding says gzip but the body does not decompress ({exc!r})"
        ) from None


def assert_gzipped(raw, what):
    assert raw.status_code == 200, f"{what}: expected 200, got {raw.status_code}"
    assert raw.encoding == "gzip", (
        f"{what}: expected Content-Encoding: gzip, got {raw.encoding!r} ({len(raw.body)} bytes)"
    )


def assert_not_encoded(raw, what):
    assert raw.status_code == 200, f"{what}: expected 200, got {raw.status_code}"
    assert raw.encoding is None, (
        f"{what}: expected no Content-Encoding (sent as is), got {raw.encoding!r}"
    )


@pytest.mark.criterion("gzip-enabled")
def test_large_listing_is_gzipped(client):
    """GET /products?limit=500 with Accept-Encoding: gzip is gzipped and decodes to the JSON."""
    raw = fetch_raw(client, "GET", LARGE, headers=GZIP)
    assert_gzipped(raw, f"GET {LARGE} with Accept-Encoding: gzip")
    plain = fetch_raw(client, "GET", LARGE, headers=IDENTITY)
    decoded = json.loads(gunzip(raw, f"GET {LARGE}"))
    assert decoded == json.loads(plain.body), (
        f"GET {LARGE}: the gzip body does not decompress to the uncompressed listing"
    )
    assert len(raw.body) < len(plain.body) / 3, (
        f"GET {LARGE}: expected the gzip body to be much smaller, got {len(raw.body)} "
        f"bytes for {len(plain.body)} uncompressed"
    )


@pytest.mark.criterion("gzip-enabled")
def test_no_gzip_when_not_accepted(client):
    """A client sending Accept-Encoding: identity gets the listing uncompressed."""
    raw = fetch_raw(client, "GET", LARGE, headers=IDENTITY)
    assert_not_encoded(raw, f"GET {LARGE} with Accept-Encoding: identity")
    items = json.loads(raw.body).get("items", [])
    assert len(items) == 500, f"GET {LARGE}: expected 500 items, got {len(items)}"


@pytest.mark.criterion("gzip-threshold")
def test_body_of_999_bytes_is_not_compressed(client, pages):
    """A 999-byte listing body is sent uncompressed even when the client accepts gzip."""
    path = pages.of_size(THRESHOLD - 1)
    raw = fetch_raw(client, "GET", path, headers=GZIP)
    assert_not_encoded(raw, f"GET {path} ({THRESHOLD - 1} bytes) with Accept-Encoding: gzip")
    assert len(raw.body) == THRESHOLD - 1, (
        f"GET {path}: expected {THRESHOLD - 1} bytes, got {len(raw.body)}"
    )


@pytest.mark.criterion("gzip-threshold")
def test_body_of_1000_bytes_is_compressed(client, pages):
    """A 1000-byte listing body is gzip-compressed when the client accepts gzip."""
    path = pages.of_size(THRESHOLD)
    raw = fetch_raw(client, "GET", path, headers=GZIP)
    assert_gzipped(raw, f"GET {path} ({THRESHOLD} bytes) with Accept-Encoding: gzip")
    body = gunzip(raw, f"GET {path}")
    assert len(body) == THRESHOLD, f"GET {path}: expected {THRESHOLD} bytes, got {len(body)}"


@pytest.mark.criterion("gzip-threshold")
def test_small_responses_are_not_compressed(client):
    """Small answers (GET /ping, a 404, a 422, a 4-item listing) are never compressed."""
    checks = [
        ("GET", "/ping", None, 200),
        ("POST", "/cart/items", {"product_id": 0, "quantity": 1}, 404),
        ("GET", "/products?limit=0", None, 422),
        ("GET", "/products?limit=4", None, 200),
    ]
    for method, path, body, status in checks:
        raw = fetch_raw(client, method, path, json=body, headers=GZIP)
        assert raw.status_code == status, (
            f"{method} {path}: expected {status}, got {raw.status_code}"
        )
        assert raw.encoding is None, (
            f"{method} {path}: expected no Content-Encoding on a body under "
            f"{THRESHOLD} bytes, got {raw.encoding!r}"
        )


def check_served_as_is(client, path, magic, decompress):
    listing = fetch_raw(client, "GET", LARGE, headers=GZIP)
    assert_gzipped(listing, f"GET {LARGE} with Accept-Encoding: gzip (compression must be on)")
    raw = fetch_raw(client, "GET", path, headers=GZIP)
    assert_not_encoded(raw, f"GET {path} with Accept-Encoding: gzip (already compressed)")
    assert raw.body.startswith(magic), (
        f"GET {path}: expected the export's own bytes starting with {magic!r}, got {raw.body[:8]!r}"
    )
    text = decompress(raw.body).decode()
    assert text.startswith(CSV_HEADER), f"GET {path}: expected the catalog CSV, got {text[:60]!r}"


@pytest.mark.criterion("no-double-compression")
def test_gzip_export_is_not_compressed_again(client):
    """GET /exports/catalog.csv.gz is sent as is (no Content-Encoding) while JSON is compressed."""
    check_served_as_is(client, "/exports/catalog.csv.gz", b"\x1f\x8b", gzip.decompress)


@pytest.mark.criterion("no-double-compression")
def test_xz_export_is_not_compressed_again(client):
    """GET /exports/catalog.csv.xz is sent as is (no Content-Encoding) while JSON is compressed."""
    check_served_as_is(client, "/exports/catalog.csv.xz", b"\xfd7zXZ\x00", lzma.decompress)


@pytest.mark.criterion("vary-headers")
def test_compressed_cors_response_varies_on_both(client):
    """A compressed listing for an allowed origin says Vary: Accept-Encoding and Vary: Origin."""
    raw = fetch_raw(client, "GET", LARGE, headers={"Origin": APP} | GZIP)
    assert_gzipped(raw, f"GET {LARGE} from {APP} with Accept-Encoding: gzip")
    vary = vary_tokens(raw.headers)
    assert {"accept-encoding", "origin"} <= vary, (
        f"GET {LARGE}: expected Vary to list Accept-Encoding and Origin, got {sorted(vary)}"
    )


@pytest.mark.criterion("vary-headers")
def test_uncompressed_large_response_still_varies_on_encoding(client):
    """A large listing sent uncompressed (identity asked) still says Vary: Accept-Encoding."""
    raw = fetch_raw(client, "GET", LARGE, headers=IDENTITY)
    assert_not_encoded(raw, f"GET {LARGE} with Accept-Encoding: identity")
    vary = vary_tokens(raw.headers)
    assert "accept-encoding" in vary, (
        f"GET {LARGE} (identity): expected Vary to list Accept-Encoding, got {sorted(vary)}"
    )


@pytest.mark.criterion("vary-headers")
def test_responses_vary_on_origin_whatever_the_origin(client):
    """Vary: Origin is on every response (no, allowed or other Origin) and on preflights."""
    cases = [
        ("no Origin", IDENTITY),
        (f"Origin {APP}", {"Origin": APP} | IDENTITY),
        (f"Origin {EVIL}", {"Origin": EVIL} | IDENTITY),
    ]
    for what, headers in cases:
        response = client.get("/products?limit=1", headers=headers)
        assert response.status_code == 200, (
            f"GET /products?limit=1 with {what}: expected 200, got {response.status_code}"
        )
        vary = vary_tokens(response.headers)
        assert "origin" in vary, (
            f"GET /products?limit=1 with {what}: expected Vary to list Origin, got {sorted(vary)}"
        )
    response = preflight(client, "/cart/items", APP, "POST", "content-type")
    vary = vary_tokens(response.headers)
    assert "origin" in vary, (
        f"preflight from {APP}: expected Vary to list Origin, got {sorted(vary)}"
    )

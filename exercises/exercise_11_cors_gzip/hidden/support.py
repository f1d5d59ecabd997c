"""Constants and helpers shared by the exercise_11 hidden tests.

Every request states its Accept-Encoding explicitly: httpx would otherwise
send its own default (gzip, deflate, ...) and decode the body silently. When
a test needs the bytes exactly as the app sent them it reads them raw.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import httpx

APP = "https://app.example.com"
ADMIN = "https://admin.example.com"
ALLOWED_ORIGINS = (APP, ADMIN)
EVIL = "https://evil.example"
# Origins that look like an allowed one but are not: another scheme, another
# port, a longer host, a suffix match, the opaque origin.
LOOKALIKES = (
    EVIL,
    "http://app.example.com",
    "https://app.example.com:8443",
    "https://app.example.com.evil.test",
    "https://evilapp.example.com",
    "null",
)
GZIP = {"Accept-Encoding": "gzip"}
IDENTITY = {"Accept-Encoding": "identity"}
THRESHOLD = 1000
PRODUCT_COUNT = 20_000
FIRST_PRODUCT = {
    "id": 1,
    "sku": "SKU-000001",
    "name": "Compact Chair 1",
    "price_cents": 8118,
    "tags": ["office", "outdoor"],
    "in_stock": True,
}
CSV_HEADER = "id,sku,name,price_cents,tags,in_stock"


@dataclass
class Raw:
    """A response with its body exactly as sent (not decoded)."""

    status_code: int
    headers: httpx.Headers
    body: bytes

    @property
    def encoding(self) -> str | None:
        return self.headers.get("content-encoding")


def fetch_raw(client: httpx.Client, method: str, path: str, **kwargs: Any) -> Raw:
    with client.stream(method, path, **kwargs) as response:
        body = b"".join(response.iter_raw())
        return Raw(response.status_code, response.headers, body)


def vary_tokens(headers: httpx.Headers) -> set[str]:
    """Every token of every Vary header, lower-cased."""
    return {
        token.strip().lower()
        for value in headers.get_list("vary")
        for token in value.split(",")
        if token.strip()
    }


def header_tokens(headers: httpx.Headers, name: str) -> set[str]:
    return {t.strip().lower() for t in headers.get(name, "").split(",") if t.strip()}


def preflight(
    client: httpx.Client, path: str, origin: str, method: str, request_headers: str | None = None
) -> httpx.Response:
    headers = {"Origin": origin, "Access-Control-Request-Method": method}
    if request_headers is not None:
        headers["Access-Control-Request-Headers"] = request_headers
    return client.options(path, headers=headers)


def _compact_size(item: Any) -> int:
    return len(json.dumps(item, separators=(",", ":"), ensure_ascii=False).encode())


class Pages:
    """Finds /products pages whose JSON body has an exact size in bytes."""

    SCAN = 300

    def __init__(self, client: httpx.Client) -> None:
        self.client = client
        self._sizes: list[int] | None = None

    def _item_sizes(self) -> list[int]:
        if self._sizes is None:
            response = self.client.get(f"/products?offset=0&limit={self.SCAN}", headers=IDENTITY)
            assert response.status_code == 200, (
                f"GET /products?limit={self.SCAN}: expected 200, got {response.status_code}"
            )
            items = response.json().get("items", [])
            assert len(items) == self.SCAN, (
                f"GET /products?limit={self.SCAN}: expected {self.SCAN} items, got {len(items)}"
            )
            self._sizes = [_compact_size(item) for item in items]
        return self._sizes

    def of_size(self, size: int) -> str:
        """The path of a /products page whose identity body is exactly ``size`` bytes."""
        sizes = self._item_sizes()
        envelope = len('{"total":20000,"offset":,"limit":,"items":[]}')
        tried: list[str] = []
        for limit in range(1, 20):
            for offset in range(self.SCAN - limit):
                predicted = (
                    envelope
                    + len(str(offset))
                    + len(str(limit))
                    + sum(sizes[offset : offset + limit])
                    + limit
                    - 1
                )
                if predicted != size:
                    continue
                path = f"/products?offset={offset}&limit={limit}"
                got = len(fetch_raw(self.client, "GET", path, headers=IDENTITY).body)
                if got == size:
                    return path
                tried.append(f"{path} -> {got} bytes")
                if len(tried) >= 4:
                    break
            if len(tried) >= 4:
                break
        raise AssertionError(
            f"could not find a /products page of exactly {size} bytes: is the listing "
            f"compact JSON with exactly the documented fields? tried {tried}"
        )

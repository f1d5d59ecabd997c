"""Given: the product catalog and its CSV exports. Do not change this file.

The catalog is deterministic and read-only: 20,000 products with ids
1 .. 20000, built once at import. ``page()`` slices it; ``get()`` finds one.
The exports are built on first use and cached.
"""

from __future__ import annotations

import csv
import gzip
import io
import lzma
from dataclasses import dataclass
from functools import cache

PRODUCT_COUNT = 20_000

_ADJECTIVES = ("Classic", "Compact", "Deluxe", "Eco", "Smart", "Rugged", "Mini", "Pro")
_NOUNS = ("Lamp", "Chair", "Mug", "Backpack", "Kettle", "Notebook", "Speaker", "Umbrella", "Desk")
_TAGS = ("home", "office", "outdoor", "kitchen", "travel", "gift", "sale")


@dataclass(frozen=True, slots=True)
class Product:
    id: int
    sku: str
    name: str
    price_cents: int
    tags: tuple[str, ...]
    in_stock: bool


def _make(n: int) -> Product:
    tags = tuple(_TAGS[(n * k) % len(_TAGS)] for k in range(1, 1 + n % 3 + 1))
    return Product(
        id=n,
        sku=f"SKU-{n:06d}",
        name=f"{_ADJECTIVES[n % len(_ADJECTIVES)]} {_NOUNS[n % len(_NOUNS)]} {n}",
        price_cents=199 + (n * 7919) % 50_000,
        tags=tuple(dict.fromkeys(tags)),
        in_stock=n % 7 != 0,
    )


_PRODUCTS: tuple[Product, ...] = tuple(_make(n) for n in range(1, PRODUCT_COUNT + 1))


def page(offset: int, limit: int) -> list[Product]:
    """Products ``offset`` .. ``offset + limit - 1`` (0-based), in id order."""
    return list(_PRODUCTS[offset : offset + limit])


def get(product_id: int) -> Product | None:
    """The product with this id, or None."""
    if 1 <= product_id <= PRODUCT_COUNT:
        return _PRODUCTS[product_id - 1]
    return None


@cache
def catalog_csv() -> bytes:
    """The whole catalog as UTF-8 CSV: a header row, then one row per product."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "sku", "name", "price_cents", "tags", "in_stock"])
    for p in _PRODUCTS:
        writer.writerow([p.id, p.sku, p.name, p.price_cents, "|".join(p.tags), int(p.in_stock)])
    return out.getvalue().encode()


@cache
def catalog_csv_gz() -> bytes:
    """``catalog_csv()`` compressed with gzip (already compressed: serve as is)."""
    return gzip.compress(catalog_csv(), compresslevel=6, mtime=0)


@cache
def catalog_csv_xz() -> bytes:
    """``catalog_csv()`` compressed with xz (already compressed: serve as is)."""
    return lzma.compress(catalog_csv(), preset=1)

"""Catalog API for the storefront SPA: strict CORS, thresholded GZip, typed listing."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Literal

import anyio.to_thread
from fastapi import FastAPI, HTTPException, Query, Response, status
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware
from pydantic import BaseModel, ConfigDict, Field, computed_field
from starlette.middleware.gzip import DEFAULT_EXCLUDED_CONTENT_TYPES

from . import catalog

ALLOWED_ORIGINS = ["https://app.example.com", "https://admin.example.com"]
MAX_LIMIT = catalog.PRODUCT_COUNT


def build_exports() -> None:
    catalog.catalog_csv_gz()
    catalog.catalog_csv_xz()


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    # Build the cached exports before the first download asks for them.
    await anyio.to_thread.run_sync(build_exports)
    yield


app = FastAPI(title="Catalog", lifespan=lifespan)

# The last middleware added is the outermost. Either order works: both merge
# their Vary header with what the other one set.
app.add_middleware(
    GZipMiddleware,
    minimum_size=1000,
    # Starlette skips application/gzip, zip, images... already; xz is not in its list.
    exclude_content_types=(*DEFAULT_EXCLUDED_CONTENT_TYPES, "application/x-xz"),
)
app.add_middleware(
    CORSMiddleware,
    allow_origins=ALLOWED_ORIGINS,  # an explicit list: never "*" with credentials
    allow_credentials=True,
    allow_methods=["GET", "POST"],
    allow_headers=["Content-Type", "Authorization", "X-Request-ID"],
    expose_headers=["X-Total-Count"],
    max_age=3600,
)


class Pong(BaseModel):
    status: Literal["ok"] = "ok"


class ProductOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    sku: str
    name: str
    price_cents: int
    tags: list[str]
    in_stock: bool


class ProductPage(BaseModel):
    total: int
    offset: int
    limit: int
    items: list[ProductOut]


class CartItemIn(BaseModel):
    product_id: int
    quantity: int = Field(ge=1, le=99)


class CartLine(BaseModel):
    product_id: int
    sku: str
    quantity: int
    unit_price_cents: int

    @computed_field
    @property
    def line_total_cents(self) -> int:
        return self.quantity * self.unit_price_cents


@app.get("/ping")
def ping() -> Pong:
    return Pong()


@app.get("/products")
def list_products(
    response: Response,
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100,
) -> ProductPage:
    # The declared return type makes FastAPI validate and serialize the page
    # straight to JSON bytes with Pydantic's Rust core: no ORJSONResponse needed.
    response.headers["X-Total-Count"] = str(catalog.PRODUCT_COUNT)
    items = [ProductOut.model_validate(p) for p in catalog.page(offset, limit)]
    return ProductPage(total=catalog.PRODUCT_COUNT, offset=offset, limit=limit, items=items)


@app.post("/cart/items", status_code=status.HTTP_201_CREATED)
def add_to_cart(item: CartItemIn) -> CartLine:
    product = catalog.get(item.product_id)
    if product is None:
        raise HTTPException(status_code=status.HTTP_404_NOT_FOUND, detail="Product not found")
    return CartLine(
        product_id=product.id,
        sku=product.sku,
        quantity=item.quantity,
        unit_price_cents=product.price_cents,
    )


def download(body: bytes, media_type: str, filename: str) -> Response:
    return Response(
        content=body,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@app.get("/exports/catalog.csv.gz", response_class=Response)
def export_gzip() -> Response:
    return download(catalog.catalog_csv_gz(), "application/gzip", "catalog.csv.gz")


@app.get("/exports/catalog.csv.xz", response_class=Response)
def export_xz() -> Response:
    return download(catalog.catalog_csv_xz(), "application/x-xz", "catalog.csv.xz")

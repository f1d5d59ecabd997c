"""A below-junior answer to exercise_11 (used by the grader's own tests).

The endpoints are right, typed and documented, but there is no CORS and no
compression at all: the SPA on https://app.example.com cannot call the API,
and the 2 MB listing always travels uncompressed.
"""

from fastapi import FastAPI, HTTPException, Query, Response, status
from pydantic import BaseModel, ConfigDict, Field

from . import catalog

app = FastAPI(title="Catalog")


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
    line_total_cents: int


@app.get("/ping")
def ping() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/products")
def list_products(
    response: Response,
    offset: int = Query(0, ge=0),
    limit: int = Query(100, ge=1, le=20000),
) -> ProductPage:
    response.headers["X-Total-Count"] = str(catalog.PRODUCT_COUNT)
    items = [ProductOut.model_validate(p) for p in catalog.page(offset, limit)]
    return ProductPage(total=catalog.PRODUCT_COUNT, offset=offset, limit=limit, items=items)


@app.post("/cart/items", status_code=status.HTTP_201_CREATED)
def add_to_cart(item: CartItemIn) -> CartLine:
    product = catalog.get(item.product_id)
    if product is None:
        raise HTTPException(status_code=404, detail="Product not found")
    return CartLine(
        product_id=product.id,
        sku=product.sku,
        quantity=item.quantity,
        unit_price_cents=product.price_cents,
        line_total_cents=product.price_cents * item.quantity,
    )


@app.get("/exports/catalog.csv.gz")
def export_gz() -> Response:
    return Response(
        catalog.catalog_csv_gz(),
        media_type="application/gzip",
        headers={"Content-Disposition": 'attachment; filename="catalog.csv.gz"'},
    )


@app.get("/exports/catalog.csv.xz")
def export_xz() -> Response:
    return Response(
        catalog.catalog_csv_xz(),
        media_type="application/x-xz",
        headers={"Content-Disposition": 'attachment; filename="catalog.csv.xz"'},
    )

"""A plausible junior answer to exercise_11 (used by the grader's own tests).

Follows the FastAPI tutorial: every endpoint works, CORS and GZip are on.
Its flaws: CORSMiddleware allows every origin ("*") with credentials, every
method and every header, so Starlette echoes any origin, evil ones included,
and accepts any preflight; GZipMiddleware keeps its default threshold
(500 bytes) and default exclusions (application/x-xz is compressed again);
the listing uses the deprecated ORJSONResponse and declares no response
model, so it is undocumented and still goes through jsonable_encoder.
"""

import dataclasses

from fastapi import FastAPI, HTTPException, Query, Response
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import ORJSONResponse
from pydantic import BaseModel, Field

from . import catalog

app = FastAPI(title="Catalog")

app.add_middleware(
    CORSMiddleware,
    allow_origins=["*"],
    allow_credentials=True,
    allow_methods=["*"],
    allow_headers=["*"],
    expose_headers=["X-Total-Count"],
    max_age=3600,
)
app.add_middleware(GZipMiddleware)


class CartItem(BaseModel):
    product_id: int
    quantity: int = Field(ge=1, le=99)


@app.get("/ping")
def ping():
    return {"status": "ok"}


@app.get("/products", response_class=ORJSONResponse)
def list_products(
    response: Response,
    offset: int = Query(0, ge=0),
    limit: int = Query(100, ge=1, le=20000),
):
    response.headers["X-Total-Count"] = str(catalog.PRODUCT_COUNT)
    items = [dataclasses.asdict(p) for p in catalog.page(offset, limit)]
    return {"total": catalog.PRODUCT_COUNT, "offset": offset, "limit": limit, "items": items}


@app.post("/cart/items", status_code=201)
def add_to_cart(item: CartItem):
    product = catalog.get(item.product_id)
    if product is None:
        raise HTTPException(status_code=404, detail="Product not found")
    return {
        "product_id": product.id,
        "sku": product.sku,
        "quantity": item.quantity,
        "unit_price_cents": product.price_cents,
        "line_total_cents": product.price_cents * item.quantity,
    }


@app.get("/exports/catalog.csv.gz")
def export_gz():
    return Response(
        catalog.catalog_csv_gz(),
        media_type="application/gzip",
        headers={"Content-Disposition": 'attachment; filename="catalog.csv.gz"'},
    )


@app.get("/exports/catalog.csv.xz")
def export_xz():
    return Response(
        catalog.catalog_csv_xz(),
        media_type="application/x-xz",
        headers={"Content-Disposition": 'attachment; filename="catalog.csv.xz"'},
    )

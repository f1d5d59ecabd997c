"""Catalog API for the storefront SPA. Build what README.md describes.

Given (keep as is): catalog.py, the product catalog and its CSV exports.
Everything else is yours.
"""

from fastapi import FastAPI

from . import catalog  # noqa: F401  (you will need it)

app = FastAPI(title="Catalog")

# TODO (README.md, "CORS"): only https://app.example.com and
#   https://admin.example.com, with credentials; GET and POST; the headers
#   Content-Type, Authorization, X-Request-ID; expose X-Total-Count; max-age 3600.

# TODO (README.md, "Compression"): gzip bodies of 1000 bytes or more, never a
#   body that is already compressed.

# TODO (README.md, "Endpoints"): GET /ping, GET /products, POST /cart/items,
#   GET /exports/catalog.csv.gz, GET /exports/catalog.csv.xz.

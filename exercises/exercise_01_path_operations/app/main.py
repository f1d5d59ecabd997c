"""Inventory API: an in-memory store of items.

Implement the HTTP contract described in README.md (next to this folder):

    POST   /items              create an item            -> 201 + Location
    GET    /items              list items (limit/offset/tag) -> 200
    GET    /items/{item_id}    read one item             -> 200 / 404
    PUT    /items/{item_id}    replace one item          -> 200 / 404
    DELETE /items/{item_id}    delete one item           -> 204 / 404

Run it with:  uvicorn app.main:app --reload
Test it with: prep test   (or: python -m pytest tests)
"""

from fastapi import FastAPI

app = FastAPI(title="Inventory API")

# TODO: the ItemIn and Item Pydantic models (README "Models").
# TODO: an in-memory store; ids start at 1 and are never reused.
# TODO: the five routes above, with the status codes and error bodies
#       the README gives, and FastAPI validation (422) for bad input.

"""An exercise_01 answer that works for the happy path and nothing else: it
trusts its body (a missing field is a 500 with a traceback, debug is on), and
its reads answer ids as strings, off the contract."""

from typing import Any

from fastapi import Body, FastAPI, HTTPException

app = FastAPI(debug=True)
items: dict[int, dict[str, Any]] = {}


@app.post("/items", status_code=201)
def create_item(body: dict[str, Any] = Body()) -> Any:
    item = {"id": len(items) + 1, "name": body["name"], "price": float(body["price"])}
    items[len(items) + 1] = item
    return item


@app.get("/items")
def list_items() -> Any:
    return [as_read(item) for item in items.values()]


@app.get("/items/{item_id}")
def read_item(item_id: int) -> Any:
    if item_id not in items:
        raise HTTPException(404, "Item not found")
    return as_read(items[item_id])


def as_read(item: dict[str, Any]) -> dict[str, Any]:
    return item | {"id": str(item["id"])}

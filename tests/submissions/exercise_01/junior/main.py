"""A plausible junior answer to exercise_01: the routes work and types are
validated (price > 0 too), but bodies are not strict (no extra="forbid", no
name length or stripping, no tag limit), query and path numbers have no
bounds, and POST sends no Location header."""

from fastapi import FastAPI, HTTPException
from pydantic import BaseModel, Field

app = FastAPI(title="Inventory API")


class ItemIn(BaseModel):
    name: str
    price: float = Field(gt=0)
    quantity: int = 0
    tags: list[str] = []


class Item(ItemIn):
    id: int


items: dict[int, Item] = {}
next_id = 1


@app.post("/items", response_model=Item, status_code=201)
def create_item(item: ItemIn):
    global next_id
    new_item = Item(id=next_id, **item.model_dump())
    items[next_id] = new_item
    next_id += 1
    return new_item


@app.get("/items", response_model=list[Item])
def list_items(limit: int = 10, offset: int = 0, tag: str | None = None):
    result = list(items.values())
    if tag is not None:
        result = [i for i in result if tag in i.tags]
    return result[offset : offset + limit]


@app.get("/items/{item_id}", response_model=Item)
def read_item(item_id: int):
    if item_id not in items:
        raise HTTPException(status_code=404, detail="Item not found")
    return items[item_id]


@app.put("/items/{item_id}", response_model=Item)
def update_item(item_id: int, item: ItemIn):
    if item_id not in items:
        raise HTTPException(status_code=404, detail="Item not found")
    items[item_id] = Item(id=item_id, **item.model_dump())
    return items[item_id]


@app.delete("/items/{item_id}", status_code=204)
def delete_item(item_id: int):
    if item_id not in items:
        raise HTTPException(status_code=404, detail="Item not found")
    del items[item_id]

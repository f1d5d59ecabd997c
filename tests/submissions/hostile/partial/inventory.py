"""The honest part of a hostile submission: POST /items and GET /items/{item_id}
of exercise_01, with validated bodies, and nothing else.

Every hostile submission that also does real work carries this same file, so
the test can check that the attack earns exactly what this part earns alone
(``partial`` is this file with no attack).
"""

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


@app.post("/items", status_code=201)
def create_item(data: ItemIn) -> Item:
    item = Item(id=len(items) + 1, **data.model_dump())
    items[item.id] = item
    return item


@app.get("/items/{item_id}")
def read_item(item_id: int) -> Item:
    if item_id not in items:
        raise HTTPException(status_code=404, detail="Item not found")
    return items[item_id]

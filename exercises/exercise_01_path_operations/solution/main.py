"""Reference solution: an in-memory inventory API (see README.md)."""

from itertools import count, islice
from typing import Annotated

from fastapi import FastAPI, HTTPException, Path, Query, Response, status
from pydantic import BaseModel, ConfigDict, Field

ITEM_NOT_FOUND = "Item not found"


class ItemIn(BaseModel):
    """What clients send: POST and PUT bodies."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: Annotated[str, Field(min_length=1, max_length=50)]
    price: Annotated[float, Field(gt=0)]
    quantity: Annotated[int, Field(ge=0)] = 0
    tags: Annotated[list[str], Field(max_length=5)] = Field(default_factory=list)


class Item(ItemIn):
    """What the API answers: the input plus the server-assigned id."""

    id: int


class ItemStore:
    """Items kept in memory, in id order; ids are never reused."""

    def __init__(self) -> None:
        self._items: dict[int, Item] = {}
        self._ids = count(1)

    def add(self, data: ItemIn) -> Item:
        item = Item(id=next(self._ids), **data.model_dump())
        self._items[item.id] = item
        return item

    def get(self, item_id: int) -> Item | None:
        return self._items.get(item_id)

    def page(self, *, limit: int, offset: int, tag: str | None = None) -> list[Item]:
        matching = (i for i in self._items.values() if tag is None or tag in i.tags)
        return list(islice(matching, offset, offset + limit))

    def replace(self, item_id: int, data: ItemIn) -> Item | None:
        if item_id not in self._items:
            return None
        item = Item(id=item_id, **data.model_dump())
        self._items[item_id] = item  # an existing key keeps its position
        return item

    def remove(self, item_id: int) -> bool:
        return self._items.pop(item_id, None) is not None


ItemId = Annotated[int, Path(ge=1, description="The item's id")]

app = FastAPI(title="Inventory API")
store = ItemStore()


def not_found() -> HTTPException:
    return HTTPException(status_code=status.HTTP_404_NOT_FOUND, detail=ITEM_NOT_FOUND)


@app.post("/items", status_code=status.HTTP_201_CREATED)
async def create_item(data: ItemIn, response: Response) -> Item:
    item = store.add(data)
    response.headers["Location"] = f"/items/{item.id}"
    return item


@app.get("/items")
async def list_items(
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
    offset: Annotated[int, Query(ge=0)] = 0,
    tag: Annotated[str | None, Query(description="Only items with this tag")] = None,
) -> list[Item]:
    return store.page(limit=limit, offset=offset, tag=tag)


@app.get("/items/{item_id}")
async def read_item(item_id: ItemId) -> Item:
    if (item := store.get(item_id)) is None:
        raise not_found()
    return item


@app.put("/items/{item_id}")
async def replace_item(item_id: ItemId, data: ItemIn) -> Item:
    if (item := store.replace(item_id, data)) is None:
        raise not_found()
    return item


@app.delete("/items/{item_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_item(item_id: ItemId) -> None:
    if not store.remove(item_id):
        raise not_found()

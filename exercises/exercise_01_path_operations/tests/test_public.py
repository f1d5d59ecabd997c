"""Public tests: a sample of the contract in README.md (the grade uses more)."""

from uuid import uuid4

from app.main import app
from fastapi.testclient import TestClient

client = TestClient(app)


def test_create_item_returns_201_with_id():
    response = client.post("/items", json={"name": "pen", "price": 1.5})
    assert response.status_code == 201
    body = response.json()
    assert isinstance(body["id"], int)
    assert body == {"id": body["id"], "name": "pen", "price": 1.5, "quantity": 0, "tags": []}


def test_create_then_read():
    name = f"notebook-{uuid4().hex[:8]}"
    created = client.post("/items", json={"name": name, "price": 3, "tags": ["paper"]}).json()
    response = client.get(f"/items/{created['id']}")
    assert response.status_code == 200
    assert response.json() == created


def test_unknown_item_is_404():
    response = client.get("/items/999999")
    assert response.status_code == 404
    assert response.json() == {"detail": "Item not found"}


def test_price_must_be_positive():
    response = client.post("/items", json={"name": "free lunch", "price": 0})
    assert response.status_code == 422
    assert ["body", "price"] in [error["loc"] for error in response.json()["detail"]]

from fastapi.testclient import TestClient

from app.main import app
from app.payments import get_payment_client


class FakePaymentClient:
    def charge(self, amount, reference):
        return "ch_test"

    def refund(self, charge_id):
        pass


def override_payment_client():
    return FakePaymentClient()


app.dependency_overrides[get_payment_client] = override_payment_client

HEADERS = {"Authorization": "Bearer token-alice"}
ORDER = {"item": "book", "quantity": 2, "unit_price": 1000}


def test_create_order():
    with TestClient(app) as client:
        response = client.post("/orders", json=ORDER, headers=HEADERS)
        assert response.status_code == 201
        data = response.json()
        assert data["item"] == "book"
        assert data["quantity"] == 2
        assert data["total"] == 2000
        assert data["status"] == "paid"


def test_create_order_with_zero_quantity():
    with TestClient(app) as client:
        order = {"item": "book", "quantity": 0, "unit_price": 1000}
        response = client.post("/orders", json=order, headers=HEADERS)
        assert response.status_code == 422


def test_create_order_without_token():
    with TestClient(app) as client:
        response = client.post("/orders", json=ORDER)
        assert response.status_code == 401


def test_read_order():
    with TestClient(app) as client:
        created = client.post("/orders", json=ORDER, headers=HEADERS).json()
        response = client.get(f"/orders/{created['id']}", headers=HEADERS)
        assert response.status_code == 200
        assert response.json() == created


def test_read_order_not_found():
    with TestClient(app) as client:
        response = client.get("/orders/999", headers=HEADERS)
        assert response.status_code == 404


def test_list_orders():
    with TestClient(app) as client:
        client.post("/orders", json=ORDER, headers=HEADERS)
        client.post("/orders", json=ORDER, headers=HEADERS)
        response = client.get("/orders", headers=HEADERS)
        assert response.status_code == 200
        assert response.json()["total"] == 2
        assert len(response.json()["items"]) == 2


def test_cancel_order():
    with TestClient(app) as client:
        created = client.post("/orders", json=ORDER, headers=HEADERS).json()
        response = client.post(f"/orders/{created['id']}/cancel", headers=HEADERS)
        assert response.status_code == 200
        assert response.json()["status"] == "cancelled"


def test_cancel_order_twice():
    with TestClient(app) as client:
        created = client.post("/orders", json=ORDER, headers=HEADERS).json()
        client.post(f"/orders/{created['id']}/cancel", headers=HEADERS)
        response = client.post(f"/orders/{created['id']}/cancel", headers=HEADERS)
        assert response.status_code == 409

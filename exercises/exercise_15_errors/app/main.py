"""Orders API. Give every error the same envelope, as described in README.md.

Given (keep their behaviour): store.py, backends.py, the lifespan, the models,
the dependencies and the five routes below. You may edit the route decorators
(to document their error responses, for instance). Everything else is yours.
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Query, Request, Security, status
from fastapi.security import APIKeyHeader
from pydantic import BaseModel, ConfigDict, Field

from .backends import Carrier, PaymentGateway, connect_carrier
from .store import Order, OrderStore

API_KEYS = {"key-admin": "admin", "key-reader": "reader"}


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    app.state.store = OrderStore()
    app.state.gateway = PaymentGateway()
    yield


app = FastAPI(title="Orders", lifespan=lifespan)


# --- models ---------------------------------------------------------------------


class OrderIn(BaseModel):
    reference: str = Field(min_length=1, max_length=64)
    item: str = Field(min_length=1, max_length=100)
    quantity: int = Field(ge=1, le=1000)


class OrderOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    reference: str
    item: str
    quantity: int


class Payment(BaseModel):
    order_id: int
    receipt: str


class ShippingQuote(BaseModel):
    order_id: int
    carrier: str
    price: float


# --- dependencies ---------------------------------------------------------------

api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False)


def get_role(api_key: Annotated[str | None, Security(api_key_header)]) -> str:
    """The role of the request's X-API-Key: 401 when it is missing or unknown."""
    if not api_key:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "Not authenticated",
            headers={"WWW-Authenticate": "APIKey"},
        )
    role = API_KEYS.get(api_key)
    if role is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "Invalid API key",
            headers={"WWW-Authenticate": "APIKey"},
        )
    return role


def require_writer(role: Annotated[str, Depends(get_role)]) -> str:
    """Only the admin key may write: 403 for the reader key."""
    if role != "admin":
        raise HTTPException(status.HTTP_403_FORBIDDEN, "This API key is read-only")
    return role


def get_store(request: Request) -> OrderStore:
    return request.app.state.store


def get_order(order_id: int, store: Annotated[OrderStore, Depends(get_store)]) -> Order:
    """The order of the path's order_id; the store raises OrderNotFound."""
    return store.get(order_id)


def get_carrier() -> Carrier:
    """A connection to the carrier; connect_carrier() raises in this exercise."""
    return connect_carrier()


Reader = Annotated[str, Depends(get_role)]
Writer = Annotated[str, Depends(require_writer)]
StoreDep = Annotated[OrderStore, Depends(get_store)]
OrderDep = Annotated[Order, Depends(get_order)]
CarrierDep = Annotated[Carrier, Depends(get_carrier)]


# --- routes ---------------------------------------------------------------------


@app.get("/orders")
def list_orders(
    _: Reader, store: StoreDep, limit: Annotated[int, Query(ge=1, le=100)] = 20
) -> list[OrderOut]:
    return [OrderOut.model_validate(order) for order in store.recent(limit)]


@app.post("/orders", status_code=status.HTTP_201_CREATED)
def create_order(_: Writer, order: OrderIn, store: StoreDep) -> OrderOut:
    # The store raises DuplicateReference when the reference is taken.
    created = store.add(order.reference, order.item, order.quantity)
    return OrderOut.model_validate(created)


@app.get("/orders/{order_id}")
def read_order(_: Reader, order_id: int, store: StoreDep) -> OrderOut:
    # The store raises OrderNotFound when there is no such order.
    return OrderOut.model_validate(store.get(order_id))


@app.post("/orders/{order_id}/payment")
def pay_order(_: Writer, order: OrderDep, request: Request) -> Payment:
    # The gateway is down: charge() raises a RuntimeError.
    receipt = request.app.state.gateway.charge(order)
    return Payment(order_id=order.id, receipt=receipt)


@app.get("/orders/{order_id}/shipping")
def shipping_quote(_: Reader, order: OrderDep, carrier: CarrierDep) -> ShippingQuote:
    return ShippingQuote.model_validate(carrier.quote(order))


# TODO (README.md, "The error envelope"): every error answer is a problem
#   details object {type, title, status, detail, instance}: HTTPException
#   (raised by you, by the dependencies above and by the framework itself for
#   unknown paths and methods), the store's OrderNotFound (404) and
#   DuplicateReference (409), validation errors (422, with "errors"), and any
#   unexpected exception (500, logged, nothing of it in the body).

# TODO (README.md, "What senior means"): Content-Type application/problem+json
#   on every error, and the envelope documented in /openapi.json.

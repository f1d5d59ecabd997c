"""Orders API (given and finished: do not change it).

Your job is to test it: write your tests in app/tests/ (README.md says how).
"""

import itertools
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Literal

from fastapi import Depends, FastAPI, HTTPException, Query, Request, status
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field

from .payments import PaymentClient, PaymentDeclined, PaymentUnavailable, get_payment_client

TOKENS = {"token-alice": "alice", "token-bob": "bob"}


class OrderIn(BaseModel):
    item: str = Field(min_length=1, max_length=50)
    quantity: int = Field(ge=1, le=100)
    unit_price: int = Field(gt=0, description="in cents")


class Order(BaseModel):
    id: int
    owner: str
    item: str
    quantity: int
    unit_price: int
    total: int
    status: Literal["paid", "cancelled"]
    charge_id: str


class OrderPage(BaseModel):
    items: list[Order]
    total: int


class Store:
    """The orders, in memory; ids start at 1."""

    def __init__(self) -> None:
        self.orders: dict[int, Order] = {}
        self.ids = itertools.count(1)


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    app.state.store = Store()
    yield


app = FastAPI(title="Orders", lifespan=lifespan)
bearer = HTTPBearer(auto_error=False)


@app.exception_handler(PaymentDeclined)
async def payment_declined(request: Request, exc: PaymentDeclined) -> JSONResponse:
    return JSONResponse({"detail": "Payment declined"}, status_code=402)


@app.exception_handler(PaymentUnavailable)
async def payment_unavailable(request: Request, exc: PaymentUnavailable) -> JSONResponse:
    return JSONResponse({"detail": "Payment service unavailable"}, status_code=502)


def get_store(request: Request) -> Store:
    return request.app.state.store


def get_current_user(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> str:
    user = TOKENS.get(credentials.credentials) if credentials else None
    if user is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "Not authenticated",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return user


StoreDep = Annotated[Store, Depends(get_store)]
CurrentUser = Annotated[str, Depends(get_current_user)]
Payments = Annotated[PaymentClient, Depends(get_payment_client)]


def owned_order(order_id: int, user: CurrentUser, store: StoreDep) -> Order:
    """The current user's order, or 404 (also when it belongs to someone else)."""
    order = store.orders.get(order_id)
    if order is None or order.owner != user:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "Order not found")
    return order


OwnedOrder = Annotated[Order, Depends(owned_order)]


@app.post("/orders", status_code=status.HTTP_201_CREATED)
def create_order(body: OrderIn, user: CurrentUser, store: StoreDep, payments: Payments) -> Order:
    """Charge the order's total, then store the order."""
    order_id = next(store.ids)
    total = body.quantity * body.unit_price
    charge_id = payments.charge(total, reference=f"order-{order_id}")
    order = Order(
        id=order_id,
        owner=user,
        total=total,
        status="paid",
        charge_id=charge_id,
        **body.model_dump(),
    )
    store.orders[order_id] = order
    return order


@app.get("/orders")
def list_orders(
    user: CurrentUser,
    store: StoreDep,
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> OrderPage:
    """The current user's orders, oldest first, one page of them."""
    mine = [order for order in store.orders.values() if order.owner == user]
    return OrderPage(items=mine[offset : offset + limit], total=len(mine))


@app.get("/orders/{order_id}")
def read_order(order: OwnedOrder) -> Order:
    return order


@app.post("/orders/{order_id}/cancel")
def cancel_order(order: OwnedOrder, payments: Payments) -> Order:
    """Refund a paid order's charge and mark it cancelled."""
    if order.status == "cancelled":
        raise HTTPException(status.HTTP_409_CONFLICT, "Order already cancelled")
    payments.refund(order.charge_id)
    order.status = "cancelled"
    return order

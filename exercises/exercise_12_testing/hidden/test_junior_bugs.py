"""Junior bugs: a suite with happy paths and status codes catches them."""

import pytest


@pytest.mark.criterion("create-status")
def test_catches_create_status(kill):
    """Your suite fails when POST /orders answers 200 instead of 201."""
    kill("create-status")


@pytest.mark.criterion("quantity-validation")
def test_catches_quantity_validation(kill):
    """Your suite fails when an order with quantity 0 is accepted instead of answering 422."""
    kill("quantity-validation")


@pytest.mark.criterion("total-computed")
def test_catches_total_computed(kill):
    """Your suite fails when an order's total is its unit_price instead of quantity x unit_price."""
    kill("total-computed")


@pytest.mark.criterion("missing-order")
def test_catches_missing_order(kill):
    """Your suite fails when GET /orders/{id} of an unknown id crashes instead of answering 404."""
    kill("missing-order")


@pytest.mark.criterion("double-cancel")
def test_catches_double_cancel(kill):
    """Your suite fails when cancelling a cancelled order answers 200 (refunding again), not 409."""
    kill("double-cancel")

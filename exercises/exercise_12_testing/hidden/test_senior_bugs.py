"""Senior bugs: auth negatives, other users, pagination edges, and fakes that
record what the app asked of the payment service (or refuse it)."""

import pytest


@pytest.mark.criterion("auth-challenge")
def test_catches_auth_challenge(kill):
    """Your suite fails when a 401 answer has no WWW-Authenticate: Bearer header."""
    kill("auth-challenge")


@pytest.mark.criterion("cancel-unprotected")
def test_catches_cancel_unprotected(kill):
    """Your suite fails when POST /orders/{id}/cancel needs no token and cancels anyone's order."""
    kill("cancel-unprotected")


@pytest.mark.criterion("other-users-order")
def test_catches_other_users_order(kill):
    """Your suite fails when another user's order can be read (200) instead of 404."""
    kill("other-users-order")


@pytest.mark.criterion("page-off-by-one")
def test_catches_page_off_by_one(kill):
    """Your suite fails when GET /orders returns limit - 1 orders per page."""
    kill("page-off-by-one")


@pytest.mark.criterion("charge-amount")
def test_catches_charge_amount(kill):
    """Your suite fails when the payment service is charged the unit_price instead of the total."""
    kill("charge-amount")


@pytest.mark.criterion("declined-stored")
def test_catches_declined_stored(kill):
    """Your suite fails when an order whose payment was declined (402) is stored anyway."""
    kill("declined-stored")


@pytest.mark.criterion("cancel-bypasses-override")
def test_catches_cancel_bypasses_override(kill):
    """Your suite fails when POST /orders/{id}/cancel ignores the override of get_payment_client."""
    kill("cancel-bypasses-override")

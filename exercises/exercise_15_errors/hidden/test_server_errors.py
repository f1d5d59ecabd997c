"""server-error, server-error-logged and dependency-errors."""

import pytest
from conftest import (
    ADMIN,
    CLOSE,
    READER,
    UNEXPECTED,
    assert_problem,
    missing_order_id,
    new_reference,
    problem_of,
)

GATEWAY_LEAKS = ("sk_live", "credentials", "RuntimeError", "Traceback", "payment gateway")
CARRIER_LEAKS = ("hunter2", "carrier.internal", "ConnectionError", "Traceback", "unreachable")


def pay(client, orders, reference):
    """POST /orders/{id}/payment for a new order: the gateway raises a RuntimeError."""
    url = f"/orders/{orders.create(reference)['id']}/payment"
    return url, client.post(url, headers=ADMIN | CLOSE)


def assert_no_leak(response, what, leaks):
    shown = str(response.headers).lower() + response.text.lower()
    for leak in leaks:
        assert leak.lower() not in shown, (
            f"{what}: {leak!r} leaked into the response: {response.text[:300]}"
        )


@pytest.mark.criterion("server-error")
def test_unexpected_error_is_a_500_problem(client, orders):
    """The RuntimeError raised in POST /orders/{id}/payment is a 500 problem, generic detail."""
    url, response = pay(client, orders, new_reference("pay"))
    assert_problem(response, f"POST {url}", 500, UNEXPECTED, url)


@pytest.mark.criterion("server-error")
def test_500_leaks_nothing(client, orders):
    """The 500 says nothing of the exception: no message, credential, type or traceback."""
    reference = new_reference("leak")
    url, response = pay(client, orders, reference)
    problem_of(response, f"POST {url}", 500)
    assert_no_leak(response, f"POST {url}", (reference, *GATEWAY_LEAKS))


@pytest.mark.criterion("server-error-logged")
def test_500_is_logged_with_its_traceback(client, orders, app_log):
    """The 500 problem is answered and the exception is logged with its traceback."""
    reference = new_reference("log")
    mark = app_log.mark()
    url, response = pay(client, orders, reference)
    problem_of(response, f"POST {url}", 500)
    text = app_log.wait_for(lambda t: reference in t and "Traceback" in t, since=mark)
    assert reference in text, (
        f"POST {url}: expected the exception's message (naming {reference}) in the app's "
        f"output, got: {text[-600:]!r}"
    )
    assert "Traceback" in text, (
        f"POST {url}: expected the exception's traceback in the app's output, got: {text[-600:]!r}"
    )


@pytest.mark.criterion("dependency-errors")
def test_order_not_found_in_a_dependency_is_a_404_problem(client):
    """OrderNotFound raised by the get_order dependency is the same 404 problem as in a route."""
    order_id = missing_order_id()
    calls = [
        ("POST", f"/orders/{order_id}/payment", ADMIN),
        ("GET", f"/orders/{order_id}/shipping", READER),
    ]
    for method, url, key in calls:
        response = client.request(method, url, headers=key | CLOSE)
        assert_problem(response, f"{method} {url}", 404, f"Order {order_id} not found", url)


@pytest.mark.criterion("dependency-errors")
def test_failing_dependency_is_a_500_problem(client, orders):
    """An exception in the get_carrier dependency is a 500 problem that leaks nothing."""
    url = f"/orders/{orders.create(new_reference('ship'))['id']}/shipping"
    response = client.get(url, headers=READER | CLOSE)
    assert_problem(response, f"GET {url}", 500, UNEXPECTED, url)
    assert_no_leak(response, f"GET {url}", CARRIER_LEAKS)


@pytest.mark.criterion("dependency-errors")
def test_failing_dependency_is_logged(client, orders, app_log):
    """The exception of the get_carrier dependency is logged with its traceback."""
    url = f"/orders/{orders.create(new_reference('ship-log'))['id']}/shipping"
    mark = app_log.mark()
    response = client.get(url, headers=READER | CLOSE)
    problem_of(response, f"GET {url}", 500)
    text = app_log.wait_for(lambda t: "carrier API unreachable" in t and "Traceback" in t, mark)
    assert "carrier API unreachable" in text and "Traceback" in text, (
        f"GET {url}: expected the ConnectionError and its traceback in the app's output, "
        f"got: {text[-600:]!r}"
    )

"""validation-envelope: 422 problems list what failed, never the input."""

import pytest
from conftest import ADMIN, READER, VALIDATION_FAILED, assert_problem, new_reference

ERRORS = frozenset({"errors"})


def errors_of(response, what, instance):
    """The "errors" of a 422 problem, each checked to be exactly {loc, msg, type}."""
    body = assert_problem(response, what, 422, VALIDATION_FAILED, instance, ERRORS)
    errors = body["errors"]
    assert isinstance(errors, list) and errors, (
        f'{what}: expected "errors" to be a non-empty list, got {errors!r}'
    )
    for error in errors:
        assert isinstance(error, dict) and set(error) == {"loc", "msg", "type"}, (
            f"{what}: expected every error to have exactly loc, msg and type, got {error!r}"
        )
        assert isinstance(error["msg"], str) and error["msg"], (
            f"{what}: expected a non-empty msg, got {error!r}"
        )
    return errors


def located(errors):
    """{(loc...): type} of a list of errors."""
    return {tuple(error["loc"]): error["type"] for error in errors}


@pytest.mark.criterion("validation-envelope")
def test_invalid_body_field_is_a_422_problem(client):
    """POST /orders with quantity 0 is a 422 problem with one error at ["body", "quantity"]."""
    order = {"reference": new_reference("val"), "item": "pen", "quantity": 0}
    what = "POST /orders with quantity 0"
    errors = errors_of(client.post("/orders", json=order, headers=ADMIN), what, "/orders")
    expected = {("body", "quantity"): "greater_than_equal"}
    assert located(errors) == expected, f"{what}: expected the errors {expected}, got {errors}"


@pytest.mark.criterion("validation-envelope")
def test_every_failure_is_listed(client):
    """POST /orders with {} lists a "missing" error for reference, item and quantity."""
    what = "POST /orders with {}"
    errors = errors_of(client.post("/orders", json={}, headers=ADMIN), what, "/orders")
    expected = {("body", field): "missing" for field in ("reference", "item", "quantity")}
    assert located(errors) == expected, f"{what}: expected the errors {expected}, got {errors}"


@pytest.mark.criterion("validation-envelope")
def test_query_and_path_errors_are_422_problems(client):
    """A bad ?limit= and a non-integer order id are 422 problems located in query and path."""
    cases = [
        ("/orders?limit=abc", "/orders", ("query", "limit"), "int_parsing"),
        ("/orders?limit=0", "/orders", ("query", "limit"), "greater_than_equal"),
        ("/orders/abc", "/orders/abc", ("path", "order_id"), "int_parsing"),
    ]
    for url, instance, loc, kind in cases:
        what = f"GET {url}"
        errors = errors_of(client.get(url, headers=READER), what, instance)
        expected = {loc: kind}
        assert located(errors) == expected, f"{what}: expected the errors {expected}, got {errors}"


@pytest.mark.criterion("validation-envelope")
def test_malformed_json_is_a_422_problem(client):
    """POST /orders with a body that is not JSON is a 422 problem with a json_invalid error."""
    what = "POST /orders with the body '{\"reference\": '"
    headers = ADMIN | {"Content-Type": "application/json"}
    response = client.post("/orders", content=b'{"reference": ', headers=headers)
    errors = errors_of(response, what, "/orders")
    kinds = [(error["loc"][:1], error["type"]) for error in errors]
    assert kinds == [(["body"], "json_invalid")], (
        f'{what}: expected one json_invalid error located in "body", got {errors}'
    )


@pytest.mark.criterion("validation-envelope")
def test_input_is_never_echoed(client):
    """A rejected value never comes back in the 422 body (no "input" in the errors)."""
    secret = f"card-4111-1111-{new_reference('secret')}"
    order = {"reference": new_reference("echo"), "item": secret * 3, "quantity": secret}
    response = client.post("/orders", json=order, headers=ADMIN)
    what = "POST /orders with a 150-character item and a text quantity"
    errors = errors_of(response, what, "/orders")
    expected = {("body", "item"): "string_too_long", ("body", "quantity"): "int_parsing"}
    assert located(errors) == expected, f"{what}: expected the errors {expected}, got {errors}"
    assert secret not in response.text, (
        f"{what}: the rejected value came back in the body: {response.text[:300]}"
    )

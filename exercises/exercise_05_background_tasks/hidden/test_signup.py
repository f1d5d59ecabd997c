"""Junior criteria: the signup contract, and the welcome mail goes out."""

import time

import pytest
from conftest import SETTLE_TIMEOUT, new_email

NOT_FOUND = {"detail": "Signup not found"}
DUPLICATE = {"detail": "Email already registered"}


# --- signup-accepted ------------------------------------------------------------


@pytest.mark.criterion("signup-accepted")
def test_signup_answers_202_queued(api, email):
    """POST /signup answers 202 with the stored signup (email lower-cased, name stripped)."""
    address = email()
    body = api.accepted(address, "Ada")
    expected = {"email": address, "name": "Ada", "welcome_email": "queued"}
    assert body == expected, f"POST /signup: expected {expected}, got {body}"
    mixed = new_email("Example.COM").replace("user-", "Grace.")
    body = api.accepted(mixed, "  Grace  ")
    expected = {"email": mixed.lower(), "name": "Grace", "welcome_email": "queued"}
    assert body == expected, (
        f"POST /signup with email {mixed!r} and name '  Grace  ': expected {expected}, got {body}"
    )
    long_name = email()
    body = api.accepted(long_name, "x" * 50)
    assert body.get("name") == "x" * 50, (
        f"POST /signup with a 50-character name: expected it unchanged, got {body.get('name')!r}"
    )
    api.settle(address, mixed.lower(), long_name)


# --- welcome-sent ---------------------------------------------------------------


@pytest.mark.criterion("welcome-sent")
def test_welcome_mails_are_sent(api, email):
    """Each signup gets one welcome mail in GET /outbox, and its status becomes "sent"."""
    people = {email(): name for name in ("Ada", "Grace", "Linus")}
    for address, name in people.items():
        api.accepted(address, name)
    statuses = api.settle(*people)
    for address, name in people.items():
        assert statuses[address] == "sent", (
            f"GET /signups/{address} up to {SETTLE_TIMEOUT:.0f}s after the signup: expected "
            f"welcome_email 'sent', got {statuses[address]!r}"
        )
        mails = api.mails_to(address)
        expected = [
            {
                "to": address,
                "subject": f"Welcome, {name}!",
                "body": f"Hi {name}, thanks for signing up.",
            }
        ]
        assert mails == expected, (
            f"GET /outbox, mails to {address}: expected {expected}, got {mails}"
        )


# --- signup-status --------------------------------------------------------------


@pytest.mark.criterion("signup-status")
def test_read_signup(client, api, email):
    """GET /signups/{email} answers 200 with the signup, whatever the case of the path's email."""
    address = email()
    api.accepted(address, "Barbara")
    expected = {"email": address, "name": "Barbara", "welcome_email": "queued"}
    for path in (f"/signups/{address}", f"/signups/{address.upper()}"):
        response = client.get(path)
        assert response.status_code == 200, (
            f"GET {path}: expected 200, got {response.status_code} {response.text[:200]}"
        )
        assert response.json() == expected, (
            f"GET {path} right after the signup: expected {expected}, got {response.json()}"
        )
    api.settle(address)


@pytest.mark.criterion("signup-status")
def test_unknown_signup_is_404(client, email):
    """GET /signups/{email} for an address nobody signed up with is 404 "Signup not found"."""
    response = client.get(f"/signups/{email()}")
    assert response.status_code == 404, f"expected 404, got {response.status_code}"
    assert response.json() == NOT_FOUND, f"expected {NOT_FOUND}, got {response.json()}"


# --- validation -----------------------------------------------------------------

INVALID_BODIES = {
    "no @": {"email": "not-an-email", "name": "Ada"},
    "no dot in the domain": {"email": "ada@localhost", "name": "Ada"},
    "two @": {"email": "ada@@example.com", "name": "Ada"},
    "a space": {"email": "ada lovelace@example.com", "name": "Ada"},
    "an empty email": {"email": "", "name": "Ada"},
    "a 262-character email": {"email": "a" * 250 + "@example.com", "name": "Ada"},
    "no email": {"name": "Ada"},
    "an empty name": {"email": "EMAIL", "name": ""},
    "a blank name": {"email": "EMAIL", "name": "   "},
    "a 51-character name": {"email": "EMAIL", "name": "x" * 51},
    "a number as name": {"email": "EMAIL", "name": 42},
    "no name": {"email": "EMAIL"},
}


@pytest.mark.criterion("validation")
@pytest.mark.parametrize("case", list(INVALID_BODIES))
def test_invalid_signup_is_422(client, case):
    """POST /signup with an invalid body is 422, and nothing is stored."""
    address = new_email()
    body = {k: address if v == "EMAIL" else v for k, v in INVALID_BODIES[case].items()}
    response = client.post("/signup", json=body)
    assert response.status_code == 422, (
        f"POST /signup with {case} ({str(body)[:80]}): expected 422, got {response.status_code}"
    )
    stored = client.get(f"/signups/{address}")
    assert stored.status_code == 404, (
        f"GET /signups/{{email}} after a refused signup with {case}: expected 404, "
        f"got {stored.status_code}"
    )


# --- duplicate-signup -----------------------------------------------------------


@pytest.mark.criterion("duplicate-signup")
def test_duplicate_is_409_and_sends_nothing(api, email):
    """Signing up again (any case) is 409 "Email already registered"; one signup, one mail stay."""
    address = email()
    api.accepted(address, "Once")
    for again in (address, address.upper()):
        response = api.signup(again, "Twice")
        assert response.status_code == 409, (
            f"POST /signup with {again!r} after {address!r}: expected 409, "
            f"got {response.status_code}"
        )
        assert response.json() == DUPLICATE, f"expected {DUPLICATE}, got {response.json()}"
    name = api.read(address).get("name")
    assert name == "Once", f"GET /signups/{{email}}: expected name 'Once', got {name!r}"
    api.settle(address)
    time.sleep(0.5)  # a wrongly queued second mail would be sent by now
    subjects = [m.get("subject") for m in api.mails_to(address)]
    assert subjects == ["Welcome, Once!"], (
        f"GET /outbox, mails to {address}: expected only 'Welcome, Once!', got {subjects}"
    )


# --- delete-signup --------------------------------------------------------------


@pytest.mark.criterion("delete-signup")
def test_delete_signup(client, api, email):
    """DELETE /signups/{email} is 204, then GET and DELETE are 404; the email may sign up again."""
    address = email()
    api.accepted(address, "Before")
    response = client.delete(f"/signups/{address}")
    assert response.status_code == 204, (
        f"DELETE /signups/{{email}}: expected 204, got {response.status_code}"
    )
    assert response.content == b"", f"DELETE: expected no body, got {response.text[:100]!r}"
    after = client.get(f"/signups/{address}")
    assert after.status_code == 404, f"GET after DELETE: expected 404, got {after.status_code}"
    again = client.delete(f"/signups/{address}")
    assert again.status_code == 404, f"second DELETE: expected 404, got {again.status_code}"
    assert again.json() == NOT_FOUND, f"second DELETE: expected {NOT_FOUND}, got {again.json()}"
    body = api.accepted(address, "After")
    expected = {"email": address, "name": "After", "welcome_email": "queued"}
    assert body == expected, f"POST /signup after DELETE: expected {expected}, got {body}"
    api.settle(address)

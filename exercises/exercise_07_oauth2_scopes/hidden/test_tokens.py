"""Forged tokens: expired-token, invalid-token, alg-none, scope-claim-type.

Every test starts with a control: a token forged with the brief's key and
claims is accepted, so that rejecting everything earns nothing."""

import json
import time

import jwt
import pytest
from support import (
    ALGORITHM,
    ITEMS,
    ME,
    SECRET_KEY,
    STATUS,
    assert_401,
    assert_accepted,
    b64,
    bearer,
    claims,
    forge,
    unsigned,
)

ROUTES = (ME, ITEMS, STATUS)


@pytest.mark.criterion("expired-token")
def test_token_expires_in_30_minutes(issued):
    """The issued token's exp is ACCESS_TOKEN_EXPIRE_MINUTES (30) minutes after the login."""
    payload = jwt.decode(
        issued("me"), SECRET_KEY, algorithms=[ALGORITHM], options={"verify_exp": False}
    )
    exp = payload.get("exp")
    assert isinstance(exp, int | float), f"expected an exp claim, got {payload!r}"
    minutes = (exp - time.time()) / 60
    assert 28 <= minutes <= 31, f"expected exp about 30 minutes from now, got {minutes:.1f} minutes"


@pytest.mark.criterion("expired-token")
def test_expired_token_is_401(client):
    """A well-signed token whose exp has passed is 401 "Could not validate credentials"."""
    assert_accepted(client, forge(claims()), "control")
    expired = forge(claims(expires_in=-120))
    for path in ROUTES:
        assert_401(client.get(path, headers=bearer(expired)), f"GET {path} with an expired token")


@pytest.mark.criterion("invalid-token")
def test_wrong_signature_is_401(client):
    """A token signed with another key, or with its signature cut, is 401."""
    assert_accepted(client, forge(claims()), "control")
    other_key = forge(claims(), key="b" * 64)
    head, body, _ = forge(claims()).split(".")
    cut = f"{head}.{body}."
    for path in ROUTES:
        assert_401(client.get(path, headers=bearer(other_key)), f"GET {path}, another key")
        assert_401(client.get(path, headers=bearer(cut)), f"GET {path}, signature cut")


@pytest.mark.criterion("invalid-token")
def test_tampered_payload_is_401(client, issued):
    """A real token whose payload was edited (scope "me" -> "me items") is 401, not 200 or 403."""
    head, body, signature = issued("me").split(".")
    payload = jwt.decode(issued("me"), SECRET_KEY, algorithms=[ALGORITHM])
    payload.update({"scope": "me items", "scopes": ["me", "items"]})
    tampered = ".".join((head, b64(json.dumps(payload).encode()), signature))
    for path in ROUTES:
        assert_401(client.get(path, headers=bearer(tampered)), f"GET {path} with an edited payload")


@pytest.mark.criterion("invalid-token")
def test_unknown_or_missing_subject_is_401(client):
    """A well-signed token for an unknown user, or without sub, is 401."""
    assert_accepted(client, forge(claims()), "control")
    for what, token in (
        ("sub of an unknown user", forge(claims(sub="mallory"))),
        ("no sub claim", forge(claims(sub=None))),
    ):
        for path in ROUTES:
            assert_401(client.get(path, headers=bearer(token)), f"GET {path}, {what}")


@pytest.mark.criterion("alg-none")
def test_alg_none_is_401(client):
    """An unsigned token (header alg "none", any casing) is 401, never accepted and never a 500."""
    assert_accepted(client, forge(claims()), "control")
    for alg in ("none", "None", "NONE"):
        token = unsigned(claims(), alg)
        for path in ROUTES:
            assert_401(client.get(path, headers=bearer(token)), f"GET {path} with alg {alg!r}")


@pytest.mark.criterion("scope-claim-type")
def test_non_string_scope_claim_is_401(client):
    """A well-signed token whose scope claim is not a string (a list, a number, null) is 401."""
    assert_accepted(client, forge(claims()), "control")
    for what, scope in (("a list", ["me", "items"]), ("a number", 42), ("null", None)):
        payload = {**claims(), "scope": scope}
        token = forge(payload)
        for path in ROUTES:
            assert_401(
                client.get(path, headers=bearer(token)),
                f"GET {path} with a token whose scope claim is {what} ({scope!r}), "
                "not a space-separated string",
            )

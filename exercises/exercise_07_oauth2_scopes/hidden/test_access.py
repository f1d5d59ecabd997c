"""The protected routes: token-required, current-user, inactive-user,
scopes-enforced, insufficient-scope-403, challenge-scopes."""

import re

import jwt
import pytest
from support import (
    ALGORITHM,
    ITEMS,
    JOHNDOE,
    ME,
    NOT_AUTHENTICATED,
    NOT_ENOUGH,
    REQUIRED,
    SECRET_KEY,
    STATUS,
    assert_401,
    assert_status,
    bearer,
    challenge_scopes,
    claims,
    forge,
    short,
)

ROUTES = (ME, ITEMS, STATUS)
# RFC 6750 section 3: the error attribute of the Bearer challenge (names are case-insensitive).
INSUFFICIENT_SCOPE = re.compile(r'(?i:\berror)\s*=\s*"insufficient_scope"')


@pytest.mark.criterion("token-required")
def test_missing_token_is_401(client):
    """Without an Authorization: Bearer header every protected route is 401 "Not authenticated"."""
    for path in ROUTES:
        assert_401(client.get(path), f"GET {path} without a token", NOT_AUTHENTICATED)
        basic = {"Authorization": "Basic am9obmRvZTpzZWNyZXQ="}
        assert_401(client.get(path, headers=basic), f"GET {path} with Basic", NOT_AUTHENTICATED)


@pytest.mark.criterion("token-required")
def test_garbage_token_is_401(client):
    """A bearer token that is not a JWT is 401 "Could not validate credentials" on every route."""
    for path in ROUTES:
        for token in ("not-a-jwt", "a.b.c"):
            response = client.get(path, headers=bearer(token))
            assert_401(response, f"GET {path} with Bearer {token}")


@pytest.mark.criterion("current-user")
def test_users_me(client, issued):
    """GET /users/me/ with a token holding scope "me" answers johndoe's public fields."""
    response = client.get(ME, headers=bearer(issued("me")))
    assert_status(response, 200, f"GET {ME} with scope 'me'")
    body = response.json()
    for key, value in JOHNDOE.items():
        assert body.get(key) == value, f"GET {ME}: expected {key}={value!r}, got {body!r}"


@pytest.mark.criterion("current-user")
def test_own_items(client, issued):
    """GET /users/me/items/ (scopes "me items") answers [{"item_id": "Foo", "owner": "johndoe"}]."""
    response = client.get(ITEMS, headers=bearer(issued("me items")))
    assert_status(response, 200, f"GET {ITEMS} with scopes 'me items'")
    expected = [{"item_id": "Foo", "owner": "johndoe"}]
    assert response.json() == expected, f"expected {expected}, got {response.text[:200]}"


@pytest.mark.criterion("current-user")
def test_status_needs_no_scope(client, issued):
    """GET /status/ answers {"status": "ok"} with any valid token, even one without scopes."""
    for scope in ("", "me items"):
        response = client.get(STATUS, headers=bearer(issued(scope)))
        assert_status(response, 200, f"GET {STATUS} with a token of scope {scope!r}")
        assert response.json() == {"status": "ok"}, (
            f"GET {STATUS}: expected {{'status': 'ok'}}, got {response.text[:200]}"
        )


@pytest.mark.criterion("inactive-user")
def test_inactive_user(client, issued):
    """alice (disabled) gets a token; /users/me/ and /users/me/items/ answer 400 "Inactive user"."""
    token = issued("me items", user="alice")
    for path in (ME, ITEMS):
        response = client.get(path, headers=bearer(token))
        assert_status(response, 400, f"GET {path} as alice (disabled)")
        assert response.json() == {"detail": "Inactive user"}, (
            f"GET {path} as alice: expected {{'detail': 'Inactive user'}}, "
            f"got {response.text[:200]}"
        )


def _refusals(client, issued):
    """(what, route, response) for valid tokens that lack a scope the route requires."""
    cases = [(ITEMS, "me"), (ITEMS, "items"), (ITEMS, ""), (ME, "items"), (ME, "")]
    for path, scope in cases:
        response = client.get(path, headers=bearer(issued(scope)))
        yield f"GET {path} with a valid token of scope {scope!r}", path, response


@pytest.mark.criterion("scopes-enforced")
def test_token_carries_the_requested_scopes(issued):
    """The token's scope claim holds the scopes asked for in the form's scope field."""
    for scope in ("me", "me items", ""):
        payload = jwt.decode(issued(scope), SECRET_KEY, algorithms=[ALGORITHM])
        granted = payload.get("scope", payload.get("scopes", ""))
        granted = set(granted.split() if isinstance(granted, str) else granted)
        assert granted == set(scope.split()), (
            f"POST /token with scope={scope!r}: expected the scope claim to hold "
            f"{sorted(scope.split())}, got {payload!r}"
        )


@pytest.mark.criterion("scopes-enforced")
def test_missing_scope_is_refused(client, issued):
    """A valid token lacking a required scope is refused: "Not enough permissions" (401 or 403)."""
    for what, _, response in _refusals(client, issued):
        assert response.status_code in (401, 403), (
            f"{what}: expected 403 (or 401), got {short(response)}"
        )
        assert response.json() == {"detail": NOT_ENOUGH}, (
            f"{what}: expected {{'detail': {NOT_ENOUGH!r}}}, got {response.text[:200]}"
        )


@pytest.mark.criterion("insufficient-scope-403")
def test_missing_scope_is_403_with_challenge(client, issued):
    """A valid token lacking a scope is 403, WWW-Authenticate: Bearer scope="<required scopes>"."""
    for what, path, response in _refusals(client, issued):
        assert_status(response, 403, what)
        assert response.json() == {"detail": NOT_ENOUGH}, (
            f"{what}: expected {{'detail': {NOT_ENOUGH!r}}}, got {response.text[:200]}"
        )
        challenge = response.headers.get("www-authenticate", "")
        assert challenge.lower().startswith("bearer"), (
            f"{what}: expected WWW-Authenticate: Bearer ..., got {challenge!r}"
        )
        assert challenge_scopes(response) == REQUIRED[path], (
            f"{what}: expected WWW-Authenticate to carry "
            f'scope="{" ".join(sorted(REQUIRED[path]))}", got {challenge!r}'
        )


@pytest.mark.criterion("insufficient-scope-403")
def test_missing_scope_challenge_says_insufficient_scope(client, issued):
    """The 403 for a missing scope says why: WWW-Authenticate: Bearer error="insufficient_scope"."""
    for what, _, response in _refusals(client, issued):
        assert_status(response, 403, what)
        challenge = response.headers.get("www-authenticate", "")
        assert INSUFFICIENT_SCOPE.search(challenge), (
            f'{what}: expected WWW-Authenticate to carry error="insufficient_scope" '
            f'(RFC 6750), e.g. Bearer error="insufficient_scope", scope="items me"; '
            f"got {challenge!r}"
        )


@pytest.mark.criterion("challenge-scopes")
def test_401_challenge_names_the_required_scopes(client):
    """A bad token's 401 names the route's scopes: WWW-Authenticate: Bearer scope="<scopes>"."""
    expired = forge(claims(expires_in=-120))
    for path in ROUTES:
        for token in ("not-a-jwt", expired):
            response = client.get(path, headers=bearer(token))
            assert_401(response, f"GET {path} with a bad token")
            challenge = response.headers.get("www-authenticate", "")
            expected = REQUIRED[path] or None
            assert challenge_scopes(response) == expected, (
                f"GET {path} with a bad token: expected WWW-Authenticate "
                + (f'Bearer scope="{" ".join(sorted(expected))}"' if expected else "Bearer")
                + f", got {challenge!r}"
            )

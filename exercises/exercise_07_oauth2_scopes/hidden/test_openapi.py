"""openapi-scopes: the OAuth2 scheme and the scopes each route requires.
openapi-contract: each route that returns a model declares it.

The openapi-contract tests first call the route (a control: a route that
answers nothing has no contract to document), then read its declared
response schema; they compare field names only, never model names."""

import pytest
from support import (
    ITEMS,
    JOHNDOE,
    ME,
    PASSWORDS,
    REQUIRED,
    STATUS,
    assert_status,
    bearer,
    claims,
    forge,
    login,
)


def _openapi(client):
    response = client.get("/openapi.json")
    assert response.status_code == 200, (
        f"GET /openapi.json: expected 200, got {response.status_code}"
    )
    return response.json()


def _password_schemes(document):
    schemes = document.get("components", {}).get("securitySchemes", {})
    return {
        name: scheme["flows"]["password"]
        for name, scheme in schemes.items()
        if scheme.get("type") == "oauth2" and "password" in scheme.get("flows", {})
    }


@pytest.mark.criterion("openapi-scopes")
def test_security_scheme_declares_the_scopes(client):
    """securitySchemes has an OAuth2 password flow (tokenUrl "token") describing "me", "items"."""
    flows = _password_schemes(_openapi(client))
    assert flows, "expected an OAuth2 security scheme with a password flow, found none"
    for name, flow in flows.items():
        scopes = flow.get("scopes", {})
        if flow.get("tokenUrl") in ("token", "/token") and {"me", "items"} <= set(scopes):
            assert all(isinstance(scopes[s], str) and scopes[s].strip() for s in ("me", "items")), (
                f"scheme {name}: expected a description for each scope, got {scopes!r}"
            )
            return
    raise AssertionError(
        f"expected a password flow with tokenUrl 'token' and scopes 'me' and 'items', got {flows!r}"
    )


@pytest.mark.criterion("openapi-scopes")
def test_routes_list_their_scopes(client):
    """Each route's OpenAPI security lists the scopes it requires (me; items and me; none)."""
    document = _openapi(client)
    names = set(_password_schemes(document))
    for path in (ME, ITEMS, STATUS):
        operation = document.get("paths", {}).get(path, {}).get("get", {})
        requirements = [
            set(scopes)
            for requirement in operation.get("security", [])
            for name, scopes in requirement.items()
            if name in names
        ]
        assert REQUIRED[path] in requirements, (
            f"GET {path}: expected a security requirement with scopes "
            f"{sorted(REQUIRED[path])}, got {operation.get('security')!r}"
        )


@pytest.mark.criterion("openapi-contract")
def test_token_declares_its_response(client, openapi):
    """/openapi.json: POST /token declares its 200 response model, {access_token, token_type}."""
    response = login(client, "johndoe", PASSWORDS["johndoe"], "me")
    assert_status(response, 200, "POST /token as johndoe")
    openapi.assert_response_fields("post", "/token", 200, {"access_token", "token_type"})


@pytest.mark.criterion("openapi-contract")
def test_users_me_declares_its_response(client, openapi):
    """/openapi.json: GET /users/me/ declares its 200 response model, the user's public fields."""
    response = client.get(ME, headers=bearer(forge(claims())))
    assert_status(response, 200, f"GET {ME} with a valid token of scope 'me items'")
    openapi.assert_response_fields("get", ME, 200, set(JOHNDOE))


@pytest.mark.criterion("openapi-contract")
def test_own_items_declares_its_response(client, openapi):
    """/openapi.json: GET /users/me/items/ declares its 200 response model, a list of items."""
    response = client.get(ITEMS, headers=bearer(forge(claims())))
    assert_status(response, 200, f"GET {ITEMS} with a valid token of scope 'me items'")
    openapi.assert_response_fields("get", ITEMS, 200, {"item_id", "owner"}, array=True)

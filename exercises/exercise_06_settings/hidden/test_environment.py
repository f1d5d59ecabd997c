"""The app restarted in prod with every setting and two secrets from environment variables."""

import uuid

import pytest
from conftest import MASK, MIB, get_json, require_ready

PROD_SETUP = "APP_ENVIRONMENT=prod, APP_MAX_UPLOAD_MB=1, APP_NAME, APP_API_KEY and APP_DATABASE_URL"


@pytest.mark.criterion("environment-variables")
def test_info_reflects_the_environment(client, prod_app):
    """With APP_NAME and APP_ENVIRONMENT=prod set, GET /info answers them."""
    require_ready(prod_app.started, PROD_SETUP)
    info = get_json(client, "/info")
    expected = {"name": prod_app.name, "environment": "prod"}
    assert info == expected, f"GET /info: expected {expected}, got {info}"


@pytest.mark.criterion("environment-variables")
def test_config_reflects_the_environment(client, prod_app):
    """GET /config shows APP_NAME, APP_ENVIRONMENT and APP_MAX_UPLOAD_MB=1 (as an int)."""
    require_ready(prod_app.started, PROD_SETUP)
    config = get_json(client, "/config")
    expected = {
        "name": prod_app.name,
        "environment": "prod",
        "max_upload_mb": 1,
        "allowed_hosts": ["localhost"],
    }
    shown = {key: config.get(key) for key in expected}
    assert shown == expected, f"GET /config: expected {expected}, got {shown}"


@pytest.mark.criterion("upload-limit")
def test_limit_follows_max_upload_mb(client, prod_app):
    """With APP_MAX_UPLOAD_MB=1, 1 MiB is accepted (201) and 1 MiB + 1 byte is 413."""
    require_ready(prod_app.started, PROD_SETUP)
    exact = client.post("/uploads", content=b"x" * MIB)
    assert exact.status_code == 201 and exact.json() == {"size": MIB}, (
        f"POST /uploads of exactly 1 MiB: expected 201 {{'size': {MIB}}}, "
        f"got {exact.status_code} {exact.text[:200]}"
    )
    over = client.post("/uploads", content=b"x" * (MIB + 1))
    expected = {"detail": "Upload too large: the limit is 1 MB"}
    assert over.status_code == 413 and over.json() == expected, (
        f"POST /uploads of 1 MiB + 1 byte: expected 413 {expected}, "
        f"got {over.status_code} {over.text[:200]}"
    )


@pytest.mark.criterion("api-key-auth")
def test_admin_accepts_the_configured_key(client, prod_app):
    """GET /admin/status with X-API-Key equal to APP_API_KEY answers 200 {"status": "ok", ...}."""
    require_ready(prod_app.started, PROD_SETUP)
    status = get_json(client, "/admin/status", headers={"X-API-Key": prod_app.api_key})
    expected = {"status": "ok", "environment": "prod"}
    assert status == expected, f"GET /admin/status: expected {expected}, got {status}"


@pytest.mark.criterion("api-key-auth")
def test_admin_refuses_other_keys(client, prod_app):
    """A missing, wrong, truncated or masked ("**********") X-API-Key is 401."""
    require_ready(prod_app.started, PROD_SETUP)
    key = prod_app.api_key
    for sent in (None, "", f"key-{uuid.uuid4().hex}", key[:-1], key + "x", MASK, "None"):
        headers = {} if sent is None else {"X-API-Key": sent}
        response = client.get("/admin/status", headers=headers)
        label = "without X-API-Key" if sent is None else f"with X-API-Key {sent!r}"
        assert response.status_code == 401, (
            f"GET /admin/status {label}: expected 401, "
            f"got {response.status_code} {response.text[:200]}"
        )
        assert response.json() == {"detail": "Invalid API key"}, (
            f"GET /admin/status {label}: expected {{'detail': 'Invalid API key'}}, "
            f"got {response.json()}"
        )


@pytest.mark.criterion("secrets-masked")
def test_config_masks_the_secrets(client, prod_app):
    """GET /config shows api_key and database_url as "**********", never their values."""
    require_ready(prod_app.started, PROD_SETUP)
    config = get_json(client, "/config")
    for key in ("api_key", "database_url"):
        assert config.get(key) == MASK, (
            f"GET /config: expected {key} to be {MASK!r}, got {config.get(key)!r}"
        )


def surveyed_responses(client, prod_app):
    """Every kind of answer the app gives: successes, errors and its documentation."""
    yield client.get("/info")
    yield client.get("/config")
    yield client.get("/debug/settings-loads")
    yield client.get("/admin/status", headers={"X-API-Key": prod_app.api_key})
    yield client.get("/admin/status", headers={"X-API-Key": "wrong"})
    yield client.get("/admin/status")
    yield client.post("/uploads", content=b"x" * 100)
    yield client.post("/uploads", content=b"x" * (MIB + 1))
    yield client.get(f"/{uuid.uuid4().hex}")
    yield client.post("/config")
    yield client.get("/openapi.json")
    yield client.get("/docs")
    yield client.get("/redoc")


@pytest.mark.criterion("secrets-masked")
def test_no_response_shows_a_secret(client, prod_app):
    """No answer (errors and /openapi.json included) shows the API key or the DB password."""
    require_ready(prod_app.started, PROD_SETUP)
    get_json(client, "/config")  # a survey of 404s would prove nothing
    for response in surveyed_responses(client, prod_app):
        where = f"{response.request.method} {response.request.url.path} ({response.status_code})"
        for label, secret in prod_app.secrets.items():
            assert secret not in response.text, f"{where} shows {label} in its body"
            for header, value in response.headers.items():
                assert secret not in value, f"{where} shows {label} in its {header} header"


@pytest.mark.criterion("secret-not-logged")
def test_log_never_shows_a_secret(client, prod_app, app_log):
    """The app's output (startup and requests) never holds the API key or the database password."""
    require_ready(prod_app.started, PROD_SETUP)
    mark = app_log.mark()
    get_json(client, "/config")
    get_json(client, "/admin/status", headers={"X-API-Key": prod_app.api_key})
    client.get("/admin/status", headers={"X-API-Key": "wrong"})
    app_log.wait_for(lambda text: "/admin/status" in text, since=mark, timeout=2)
    text = app_log.text()
    for label, secret in prod_app.secrets.items():
        assert secret not in text, f"the app's log shows {label}"


@pytest.mark.criterion("cached-settings")
def test_settings_are_built_once_in_prod(client, prod_app, in_parallel):
    """After a restart, many requests share one Settings: /debug/settings-loads is 1."""
    require_ready(prod_app.started, PROD_SETUP)
    get_json(client, "/info")
    calls = [lambda: client.get("/config"), lambda: client.get("/info")] * 8
    calls.append(lambda: client.get("/admin/status", headers={"X-API-Key": prod_app.api_key}))
    in_parallel(*calls)
    loads = get_json(client, "/debug/settings-loads")
    assert loads == {"loads": 1}, (
        f"GET /debug/settings-loads after 19 requests: expected {{'loads': 1}}, got {loads}"
    )

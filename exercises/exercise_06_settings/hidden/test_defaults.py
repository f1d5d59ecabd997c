"""The app as the grader first starts it: no APP_* variable, no .env file."""

import pytest
from conftest import CONFIG_KEYS, DEFAULTS, MIB, get_json


@pytest.mark.criterion("defaults")
def test_info_answers_the_defaults(client):
    """Without any APP_* variable, GET /info is {"name": "prep-service", "environment": "dev"}."""
    info = get_json(client, "/info")
    expected = {"name": "prep-service", "environment": "dev"}
    assert info == expected, f"GET /info: expected {expected}, got {info}"


@pytest.mark.criterion("defaults")
def test_config_answers_the_defaults(client):
    """Without any APP_* variable, GET /config has the six documented keys with their defaults."""
    config = get_json(client, "/config")
    assert isinstance(config, dict) and set(config) == CONFIG_KEYS, (
        f"GET /config: expected the keys {sorted(CONFIG_KEYS)}, got {config}"
    )
    shown = {key: config[key] for key in DEFAULTS}
    assert shown == DEFAULTS, f"GET /config: expected {DEFAULTS}, got {shown}"


@pytest.mark.criterion("upload-limit")
def test_small_upload_is_accepted(client):
    """POST /uploads with a small body answers 201 {"size": <bytes received>}."""
    for body in (b"hello settings", b""):
        response = client.post("/uploads", content=body)
        assert response.status_code == 201, (
            f"POST /uploads of {len(body)} bytes: expected 201, "
            f"got {response.status_code} {response.text[:200]}"
        )
        assert response.json() == {"size": len(body)}, (
            f"POST /uploads of {len(body)} bytes: expected {{'size': {len(body)}}}, "
            f"got {response.json()}"
        )


@pytest.mark.criterion("upload-limit")
def test_default_limit_is_10_mb(client):
    """With the default max_upload_mb (10), 10 MiB is accepted and one byte more is 413."""
    exact = client.post("/uploads", content=b"x" * (10 * MIB))
    assert exact.status_code == 201 and exact.json() == {"size": 10 * MIB}, (
        f"POST /uploads of exactly 10 MiB: expected 201 {{'size': {10 * MIB}}}, "
        f"got {exact.status_code} {exact.text[:200]}"
    )
    over = client.post("/uploads", content=b"x" * (10 * MIB + 1))
    expected = {"detail": "Upload too large: the limit is 10 MB"}
    assert over.status_code == 413 and over.json() == expected, (
        f"POST /uploads of 10 MiB + 1 byte: expected 413 {expected}, "
        f"got {over.status_code} {over.text[:200]}"
    )


@pytest.mark.criterion("api-key-auth")
def test_admin_is_closed_when_no_key_is_configured(client):
    """Without APP_API_KEY, GET /admin/status is 401 "Invalid API key" whatever key is sent."""
    for sent in (None, "", "None", "null", "**********", "key-0123456789abcdef"):
        headers = {} if sent is None else {"X-API-Key": sent}
        response = client.get("/admin/status", headers=headers)
        label = "without X-API-Key" if sent is None else f"with X-API-Key {sent!r}"
        assert response.status_code == 401, (
            f"GET /admin/status {label} and no key configured: expected 401, "
            f"got {response.status_code} {response.text[:200]}"
        )
        assert response.json() == {"detail": "Invalid API key"}, (
            f"GET /admin/status {label}: expected {{'detail': 'Invalid API key'}}, "
            f"got {response.json()}"
        )


@pytest.mark.criterion("cached-settings")
def test_settings_are_built_once(client, in_parallel):
    """Twenty requests, most concurrent, share one Settings: /debug/settings-loads is 1."""
    get_json(client, "/info")  # a first request on its own, then a burst
    calls = [lambda: client.get("/config"), lambda: client.get("/info")] * 8
    calls += [lambda: client.get("/admin/status"), lambda: client.post("/uploads", content=b"x")]
    for response in in_parallel(*calls):
        assert response.status_code in (200, 201, 401), (
            f"{response.request.method} {response.request.url.path}: "
            f"got {response.status_code} {response.text[:200]}"
        )
    loads = get_json(client, "/debug/settings-loads")
    assert loads == {"loads": 1}, (
        f"GET /debug/settings-loads after 20 requests: expected {{'loads': 1}}, got {loads}"
    )

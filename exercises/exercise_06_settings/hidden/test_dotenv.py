"""The app restarted in a working folder holding a .env file."""

import uuid

import pytest
from conftest import get_json, require_ready

NAME = f"dotenv-{uuid.uuid4().hex[:12]}"
DOTENV = f"""\
# written by the grader
APP_NAME={NAME}
APP_ENVIRONMENT=staging

APP_MAX_UPLOAD_MB=7
"""


@pytest.fixture
def dotenv_app(configurations):
    return configurations.start("dotenv", files={".env": DOTENV})


@pytest.mark.criterion("dotenv-file")
def test_dotenv_values_are_reflected(client, dotenv_app):
    """The APP_* values of a .env in the working folder show in GET /info and GET /config."""
    require_ready(dotenv_app, "a .env file")
    info = get_json(client, "/info")
    expected = {"name": NAME, "environment": "staging"}
    assert info == expected, f"GET /info: expected {expected}, got {info}"
    config = get_json(client, "/config")
    shown = {key: config.get(key) for key in ("name", "environment", "max_upload_mb")}
    expected_config = {**expected, "max_upload_mb": 7}
    assert shown == expected_config, f"GET /config: expected {expected_config}, got {shown}"


@pytest.mark.criterion("dotenv-file")
def test_dotenv_limit_is_applied(client, dotenv_app):
    """With APP_MAX_UPLOAD_MB=7 in .env, POST /uploads of 7 MiB + 1 byte is 413."""
    require_ready(dotenv_app, "a .env file")
    response = client.post("/uploads", content=b"x" * (7 * 1024 * 1024 + 1))
    expected = {"detail": "Upload too large: the limit is 7 MB"}
    assert response.status_code == 413 and response.json() == expected, (
        f"POST /uploads of 7 MiB + 1 byte: expected 413 {expected}, "
        f"got {response.status_code} {response.text[:200]}"
    )

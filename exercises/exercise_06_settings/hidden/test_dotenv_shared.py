"""The app restarted with a .env shared with other tools, and a variable that overrides it."""

import uuid

import pytest
from conftest import get_json, require_ready

FILE_NAME = f"from-dotenv-{uuid.uuid4().hex[:12]}"
ENV_NAME = f"from-env-{uuid.uuid4().hex[:12]}"
DOTENV = f"""\
# shared with docker compose and the database container
COMPOSE_PROJECT_NAME=prep
POSTGRES_USER=app
POSTGRES_PASSWORD=not-for-this-app
APP_NAME={FILE_NAME}
APP_ENVIRONMENT=staging
APP_MAX_UPLOAD_MB=3
"""
WHAT = "a .env holding other tools' variables, and APP_NAME in the environment"


@pytest.fixture
def shared_dotenv_app(configurations):
    return configurations.start("shared-dotenv", env={"APP_NAME": ENV_NAME}, files={".env": DOTENV})


@pytest.mark.criterion("dotenv-shared")
def test_other_tools_lines_are_ignored(client, shared_dotenv_app):
    """A .env that also holds other tools' lines (POSTGRES_USER=...) is read, not refused."""
    require_ready(shared_dotenv_app, WHAT)
    config = get_json(client, "/config")
    shown = {key: config.get(key) for key in ("environment", "max_upload_mb")}
    expected = {"environment": "staging", "max_upload_mb": 3}
    assert shown == expected, f"GET /config: expected {expected}, got {shown}"


@pytest.mark.criterion("dotenv-shared")
def test_environment_variable_beats_dotenv(client, shared_dotenv_app):
    """APP_NAME set both in the environment and in .env: the environment variable wins."""
    require_ready(shared_dotenv_app, WHAT)
    info = get_json(client, "/info")
    assert info.get("name") == ENV_NAME, (
        f"GET /info: expected the environment's name {ENV_NAME!r}, got {info.get('name')!r}"
        + (" (the .env value)" if info.get("name") == FILE_NAME else "")
    )

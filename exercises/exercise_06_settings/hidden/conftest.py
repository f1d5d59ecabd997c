"""Fixtures for the exercise_06 hidden suite.

Most checks need the app started with other environment variables or a .env
file. A restart costs about a second, so the suite does not restart around
every test (as the harness's ``restart_app`` does): ``configurations`` keeps
track of the configuration the app runs with and restarts it only when a test
needs another one. Each configuration has a fixture here or in its module;
every other test gets the original app (no APP_* variable, no .env file) from
the autouse ``original_app``. The original app runs again when the suite ends.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from typing import Any

import httpx
import pytest

MASK = "**********"
MIB = 1024 * 1024
DEFAULTS = {
    "name": "prep-service",
    "environment": "dev",
    "max_upload_mb": 10,
    "allowed_hosts": ["localhost"],
    "api_key": None,
}
CONFIG_KEYS = {"name", "environment", "max_upload_mb", "allowed_hosts", "api_key", "database_url"}

ORIGINAL = "original"
# Fixtures that start the app with their own configuration.
CONFIGURED = {"prod_app", "dotenv_app", "shared_dotenv_app", "hosts_app", "failed_start"}


class Configurations:
    """The configuration the app runs with; restarts only on a change."""

    def __init__(self, control: Any) -> None:
        self.control = control
        self.current = ORIGINAL
        self.started: Any = None

    def start(self, key: str, **kwargs: Any) -> Any:
        """The app running configuration ``key`` (``env``/``files`` as for
        ``restart_app``); its ``Started`` answer, None for the original."""
        if key != self.current:
            self.started = self.control.restart(**kwargs)
            self.current = key
        return self.started


@pytest.fixture(scope="session")
def configurations(app_control: Any) -> Any:
    configs = Configurations(app_control)
    yield configs
    configs.start(ORIGINAL)


@pytest.fixture(autouse=True)
def original_app(request: pytest.FixtureRequest, configurations: Configurations) -> None:
    """Tests that ask for no configuration run against the original app."""
    if CONFIGURED.isdisjoint(request.fixturenames):
        configurations.start(ORIGINAL)


def require_ready(started: Any, what: str) -> None:
    """Fail with the app's own words when it did not come up."""
    assert started.ready, (
        f"the app did not start with {what}: exit code {started.exit_code}, "
        f"its log ends with {started.log[-300:]!r}"
    )


def get_json(client: httpx.Client, path: str, **kwargs: Any) -> Any:
    """GET that must answer 200; its JSON body."""
    response = client.get(path, **kwargs)
    assert response.status_code == 200, (
        f"GET {path}: expected 200, got {response.status_code} {response.text[:200]}"
    )
    return response.json()


@dataclass(frozen=True)
class ProdApp:
    """The app started in prod with secrets it must never show."""

    started: Any
    name: str
    api_key: str
    db_password: str
    database_url: str

    @property
    def secrets(self) -> dict[str, str]:
        return {"the API key": self.api_key, "the database password": self.db_password}


PASSWORD = f"pw-{uuid.uuid4().hex}"
PROD = ProdApp(
    started=None,
    name=f"svc-{uuid.uuid4().hex[:12]}",
    api_key=f"key-{uuid.uuid4().hex}",
    db_password=PASSWORD,
    database_url=f"postgresql://app:{PASSWORD}@db.internal:5432/app",
)
PROD_ENV = {
    "APP_NAME": PROD.name,
    "APP_ENVIRONMENT": "prod",
    "APP_MAX_UPLOAD_MB": "1",
    "APP_API_KEY": PROD.api_key,
    "APP_DATABASE_URL": PROD.database_url,
}


@pytest.fixture
def prod_app(configurations: Configurations) -> ProdApp:
    """APP_ENVIRONMENT=prod, APP_MAX_UPLOAD_MB=1, a unique name, API key and
    database password, all from environment variables."""
    started = configurations.start("prod", env=PROD_ENV)
    return replace(PROD, started=started)

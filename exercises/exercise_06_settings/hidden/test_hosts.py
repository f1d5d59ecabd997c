"""The app restarted with APP_ALLOWED_HOSTS as a comma-separated list."""

import pytest
from conftest import get_json, require_ready

RAW = " api.example.com, admin.example.com,, "


@pytest.fixture
def hosts_app(configurations):
    return configurations.start("hosts", env={"APP_ALLOWED_HOSTS": RAW})


@pytest.mark.criterion("comma-separated-hosts")
def test_comma_separated_hosts(client, hosts_app):
    """APP_ALLOWED_HOSTS=" api.example.com, admin.example.com,, " is read as a list of 2 hosts."""
    require_ready(hosts_app, f"APP_ALLOWED_HOSTS={RAW!r}")
    hosts = get_json(client, "/config").get("allowed_hosts")
    expected = ["api.example.com", "admin.example.com"]
    assert hosts == expected, f"GET /config: expected allowed_hosts {expected}, got {hosts!r}"

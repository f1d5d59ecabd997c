"""Restarts with invalid settings: the app must refuse to start, and say why."""

import uuid

import pytest

SHORT_KEY = f"k-{uuid.uuid4().hex[:12]}"  # 14 characters: below the 16 required
INVALID = {
    # Three invalid values at once: pydantic reports every one of them.
    "invalid-values": {
        "APP_MAX_UPLOAD_MB": "0",
        "APP_ENVIRONMENT": "production",
        "APP_API_KEY": SHORT_KEY,
    },
    "prod-without-key": {"APP_ENVIRONMENT": "prod"},
    # One past the upper bound (invalid-values holds 0, one below the lower bound).
    "limit-above-range": {"APP_MAX_UPLOAD_MB": "101"},
}
INVALID_VALUES = "APP_MAX_UPLOAD_MB=0, APP_ENVIRONMENT=production and a 14-character APP_API_KEY"


@pytest.fixture
def failed_start(configurations):
    """``failed_start(name)``: the answer to a restart with ``INVALID[name]``."""
    return lambda name: configurations.start(name, env=INVALID[name])


def assert_refused(started, variables, what):
    assert started.ready is False and started.exit_code not in (None, 0), (
        f"with {what} the app should stop during startup with a non-zero exit code; "
        + ("it started and served" if started.ready else f"got exit code {started.exit_code}")
    )
    for variable in variables:
        assert variable.lower() in started.log.lower(), (
            f"with {what} the startup log should name {variable}; "
            f"it ends with {started.log[-300:]!r}"
        )


@pytest.mark.criterion("startup-validation")
def test_invalid_values_stop_startup(failed_start):
    """APP_MAX_UPLOAD_MB=0 and APP_ENVIRONMENT=production stop startup; the log names both."""
    started = failed_start("invalid-values")
    assert_refused(started, ["max_upload_mb", "environment"], INVALID_VALUES)


@pytest.mark.criterion("startup-validation")
def test_upload_limit_above_100_stops_startup(failed_start):
    """APP_MAX_UPLOAD_MB=101 (above the 1 to 100 range) stops startup; the log names it."""
    started = failed_start("limit-above-range")
    assert_refused(started, ["max_upload_mb"], "APP_MAX_UPLOAD_MB=101")


@pytest.mark.criterion("secret-not-logged")
def test_rejected_api_key_is_not_logged(failed_start):
    """A 14-character APP_API_KEY is refused at startup, naming api_key but not showing the key."""
    started = failed_start("invalid-values")
    assert_refused(started, ["api_key"], INVALID_VALUES)
    assert SHORT_KEY not in started.log, (
        "the startup log shows the rejected APP_API_KEY value "
        "(pydantic prints the input of a failed field unless told otherwise)"
    )


@pytest.mark.criterion("prod-requires-api-key")
def test_prod_without_api_key_stops_startup(failed_start):
    """APP_ENVIRONMENT=prod without APP_API_KEY stops startup; the log names APP_API_KEY."""
    started = failed_start("prod-without-key")
    assert_refused(started, ["api_key"], "APP_ENVIRONMENT=prod and no APP_API_KEY")

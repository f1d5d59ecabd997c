"""startup-failure-message and startup-failure-cleanup.

``failed_starts`` restarts the app once with each bad MODEL_PATH (quick:
those runs die at startup), then once more with its original environment;
session-scoped, so that a shuffled order does not repeat it.
"""

from __future__ import annotations

from typing import Any

import pytest
from conftest import (
    POOL_CLOSED,
    POOL_OPENED,
    STARTUP_COMPLETE,
    excerpt,
    positions,
    require_ready,
)

BAD_PATHS = ("missing", "models/sentiment-v9.bin")


@pytest.fixture(scope="session")
def failed_starts(app_control: Any) -> dict[str, Any]:
    """MODEL_PATH value -> the Started answer of a restart with it."""
    starts = {path: app_control.restart(env={"MODEL_PATH": path}) for path in BAD_PATHS}
    require_ready(app_control.restart(), "again with its original environment")
    return starts


@pytest.mark.criterion("startup-failure-message")
def test_bad_model_path_stops_startup(failed_starts):
    """With MODEL_PATH=missing (or an unknown .bin) the app does not come up and exits non-zero."""
    for path, started in failed_starts.items():
        assert not started.ready, (
            f"with MODEL_PATH={path!r}: expected startup to fail, but the app came up: "
            f"{excerpt(started.log)}"
        )
        assert started.exit_code not in (None, 0), (
            f"with MODEL_PATH={path!r}: expected the app to exit with a non-zero code, "
            f"got {started.exit_code} (None: still starting after 20 s): {excerpt(started.log)}"
        )


@pytest.mark.criterion("startup-failure-message")
def test_failure_names_the_setting(failed_starts):
    """The failed startup's log says "invalid MODEL_PATH: '<value>'"."""
    for path, started in failed_starts.items():
        message = f"invalid MODEL_PATH: {path!r}"
        assert message in started.log, (
            f"with MODEL_PATH={path!r}: expected {message!r} in the log, got {excerpt(started.log)}"
        )


@pytest.mark.criterion("startup-failure-cleanup")
def test_failed_startup_leaves_no_pool_open(failed_starts):
    """When startup fails, a pool opened before the failure is closed before the app exits."""
    for path, started in failed_starts.items():
        log = started.log
        assert not started.ready and STARTUP_COMPLETE not in log, (
            f"with MODEL_PATH={path!r}: expected startup to fail, but it completed: {excerpt(log)}"
        )
        opened, closed = positions(log, POOL_OPENED), positions(log, POOL_CLOSED)
        paired = len(closed) == len(opened)
        assert paired and all(c > o for o, c in zip(opened, closed, strict=True)), (
            f"with MODEL_PATH={path!r}: the pool was opened {len(opened)} and closed "
            f"{len(closed)} times; expected every opened pool closed: {excerpt(log)}"
        )

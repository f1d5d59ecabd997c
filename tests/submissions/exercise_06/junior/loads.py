"""Given: counts how many Settings objects this process has built. Do not change this file.

Call ``record_settings_load()`` once per construction, from
``Settings.model_post_init``; the given route ``GET /debug/settings-loads``
reports ``settings_loads()``.
"""

import threading

_lock = threading.Lock()
_loads = 0


def record_settings_load() -> None:
    """Count one more Settings construction (thread-safe)."""
    global _loads
    with _lock:
        _loads += 1


def settings_loads() -> int:
    """How many Settings objects this process has built so far."""
    with _lock:
        return _loads

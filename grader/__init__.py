"""fastapi-prep: grade FastAPI exercises with hidden suites in a sandbox."""

from __future__ import annotations

__version__ = "0.1.0"

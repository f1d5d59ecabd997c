"""Settings service. Build what README.md describes.

Given (keep as is): loads.py and the GET /debug/settings-loads diagnostics
route. Everything else is yours; the settings live in settings.py.
"""

from fastapi import FastAPI

from .loads import settings_loads

app = FastAPI(title="Settings service")


@app.get("/debug/settings-loads")
def debug_settings_loads() -> dict[str, int]:
    """Given diagnostics: how many Settings objects this process has built."""
    return {"loads": settings_loads()}


# TODO (README.md, "Startup"): a lifespan that loads the settings once, so that
#   an invalid value stops the app before it serves anything.

# TODO (README.md, "Endpoints"): GET /info, GET /config, POST /uploads and
#   GET /admin/status, each receiving the settings through Depends(get_settings).

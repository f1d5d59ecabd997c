"""A plausible junior answer to exercise_06 (used by the grader's own tests).

Reads the settings with BaseSettings (APP_ prefix, .env) and serves them; the
endpoints work. Its flaws: get_settings() builds a new Settings on every call
(no cache), so nothing is validated before the first request and a bad value
only turns requests into 500s; api_key and database_url are plain strings and
/config returns the settings as they are (both secrets leak); the default
extra="forbid" refuses a .env that holds other tools' lines; allowed_hosts is
a plain list[str], so pydantic-settings tries to parse the variable as JSON
before the comma-splitting validator runs; there is no prod rule for the key.
"""

from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, HTTPException, Request

from .loads import settings_loads
from .settings import Settings, get_settings

app = FastAPI(title="Settings service")


@app.get("/debug/settings-loads")
def debug_settings_loads() -> dict[str, int]:
    """Given diagnostics: how many Settings objects this process has built."""
    return {"loads": settings_loads()}


@app.get("/info")
def read_info(settings: Annotated[Settings, Depends(get_settings)]) -> dict[str, str]:
    return {"name": settings.name, "environment": settings.environment}


@app.get("/config")
def read_config(settings: Annotated[Settings, Depends(get_settings)]) -> dict[str, Any]:
    return settings.model_dump()


@app.post("/uploads", status_code=201)
async def upload(
    request: Request, settings: Annotated[Settings, Depends(get_settings)]
) -> dict[str, int]:
    body = await request.body()
    if len(body) > settings.max_upload_mb * 1024 * 1024:
        raise HTTPException(
            status_code=413, detail=f"Upload too large: the limit is {settings.max_upload_mb} MB"
        )
    return {"size": len(body)}


@app.get("/admin/status")
def admin_status(
    settings: Annotated[Settings, Depends(get_settings)],
    x_api_key: Annotated[str | None, Header()] = None,
) -> dict[str, str]:
    if settings.api_key is None or x_api_key != settings.api_key:
        raise HTTPException(status_code=401, detail="Invalid API key")
    return {"status": "ok", "environment": settings.environment}

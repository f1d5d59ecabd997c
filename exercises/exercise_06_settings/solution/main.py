"""Settings service: configuration from APP_* variables and a .env file, loaded once."""

import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Request, Security, status
from fastapi.security import APIKeyHeader
from pydantic import BaseModel, ConfigDict, SecretStr

from .loads import settings_loads
from .settings import Settings, get_settings

SettingsDep = Annotated[Settings, Depends(get_settings)]

MIB = 1024 * 1024


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    # Load and validate now: an invalid value stops startup with pydantic's
    # message instead of turning the first request into a 500.
    get_settings()
    yield


app = FastAPI(title="Settings service", lifespan=lifespan)


@app.get("/debug/settings-loads")
def debug_settings_loads() -> dict[str, int]:
    """Given diagnostics: how many Settings objects this process has built."""
    return {"loads": settings_loads()}


class InfoOut(BaseModel):
    name: str
    environment: str


class ConfigOut(BaseModel):
    """The settings as operators may see them: secrets stay SecretStr, so they
    are serialized as '**********'."""

    model_config = ConfigDict(from_attributes=True)

    name: str
    environment: str
    max_upload_mb: int
    allowed_hosts: list[str]
    api_key: SecretStr | None
    database_url: SecretStr


class UploadOut(BaseModel):
    size: int


class StatusOut(BaseModel):
    status: str
    environment: str


api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False)


def require_api_key(
    settings: SettingsDep, given: Annotated[str | None, Security(api_key_header)]
) -> None:
    expected = settings.api_key
    if (
        expected is None
        or given is None
        or not secrets.compare_digest(given.encode(), expected.get_secret_value().encode())
    ):
        raise HTTPException(status_code=status.HTTP_401_UNAUTHORIZED, detail="Invalid API key")


@app.get("/info")
def read_info(settings: SettingsDep) -> InfoOut:
    return InfoOut(name=settings.name, environment=settings.environment)


@app.get("/config")
def read_config(settings: SettingsDep) -> ConfigOut:
    return ConfigOut.model_validate(settings)


@app.post("/uploads", status_code=status.HTTP_201_CREATED)
async def upload(request: Request, settings: SettingsDep) -> UploadOut:
    body = await request.body()
    if len(body) > settings.max_upload_mb * MIB:
        raise HTTPException(
            status_code=status.HTTP_413_CONTENT_TOO_LARGE,
            detail=f"Upload too large: the limit is {settings.max_upload_mb} MB",
        )
    return UploadOut(size=len(body))


@app.get("/admin/status", dependencies=[Depends(require_api_key)])
def admin_status(settings: SettingsDep) -> StatusOut:
    return StatusOut(status="ok", environment=settings.environment)

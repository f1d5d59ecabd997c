"""Settings as the tutorial shows them: a BaseSettings class and a dependency."""

from typing import Any, Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from .loads import record_settings_load


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="APP_", env_file=".env")

    name: str = "prep-service"
    environment: Literal["dev", "staging", "prod"] = "dev"
    max_upload_mb: int = Field(default=10, ge=1, le=100)
    allowed_hosts: list[str] = ["localhost"]
    api_key: str | None = None
    database_url: str = "sqlite:///./app.db"

    @field_validator("allowed_hosts", mode="before")
    @classmethod
    def split_hosts(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [host.strip() for host in value.split(",") if host.strip()]
        return value

    def model_post_init(self, context: Any, /) -> None:
        record_settings_load()


def get_settings() -> Settings:
    return Settings()

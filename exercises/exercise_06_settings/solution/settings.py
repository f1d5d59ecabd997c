"""Application settings: APP_* environment variables and a .env file, validated once."""

from functools import lru_cache
from typing import Annotated, Any, Literal, Self

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from .loads import record_settings_load


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="APP_",
        env_file=".env",  # relative: the .env of the working folder
        env_file_encoding="utf-8",
        extra="ignore",  # the .env is shared with other tools: skip their lines
        hide_input_in_errors=True,  # a rejected value may be a secret: keep it out of the log
    )

    name: str = "prep-service"
    environment: Literal["dev", "staging", "prod"] = "dev"
    max_upload_mb: int = Field(default=10, ge=1, le=100)
    # NoDecode: the raw string reaches split_hosts instead of being parsed as JSON.
    allowed_hosts: Annotated[list[str], NoDecode] = ["localhost"]
    api_key: SecretStr | None = Field(default=None, min_length=16)
    database_url: SecretStr = SecretStr("sqlite:///./app.db")

    @field_validator("allowed_hosts", mode="before")
    @classmethod
    def split_hosts(cls, value: Any) -> Any:
        """'a.example, b.example,' -> ['a.example', 'b.example']."""
        if isinstance(value, str):
            return [host.strip() for host in value.split(",") if host.strip()]
        return value

    @model_validator(mode="after")
    def api_key_required_in_prod(self) -> Self:
        if self.environment == "prod" and self.api_key is None:
            raise ValueError("APP_API_KEY is required when APP_ENVIRONMENT is prod")
        return self

    def model_post_init(self, context: Any, /) -> None:
        record_settings_load()


@lru_cache
def get_settings() -> Settings:
    """The process's one Settings instance (tests may call get_settings.cache_clear())."""
    return Settings()

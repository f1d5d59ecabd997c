"""Application settings, read from NOTES_* environment variables."""

from functools import lru_cache

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="NOTES_")

    max_notes_per_user: int = 3


@lru_cache
def get_settings() -> Settings:
    """One Settings instance per process (override it in tests if needed)."""
    return Settings()

"""Application settings. Build them as README.md describes ("Settings").

Keep the names: the public tests import `Settings` and `get_settings` from here.
"""

from typing import Any

from pydantic_settings import BaseSettings

from .loads import record_settings_load


class Settings(BaseSettings):
    # TODO (README.md, "Settings"): model_config (APP_ prefix, the .env of the
    #   working folder, ...) and the fields name, environment, max_upload_mb,
    #   allowed_hosts, api_key and database_url with their types, defaults and
    #   constraints.

    def model_post_init(self, context: Any, /) -> None:
        record_settings_load()  # given wiring: keep it, /debug/settings-loads counts on it


def get_settings() -> Settings:
    # TODO (README.md, "One Settings per process"): one instance per process,
    #   validated at startup.
    return Settings()

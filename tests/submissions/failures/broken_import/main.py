"""Imports a module that does not exist: the app can never start."""

from fastapi import FastAPI

import definitely_not_installed  # noqa: F401

app = FastAPI()

"""Allocates far more memory than the sandbox allows while importing."""

from fastapi import FastAPI

hoard = [bytearray(64 * 1024 * 1024) for _ in range(32)]

app = FastAPI()

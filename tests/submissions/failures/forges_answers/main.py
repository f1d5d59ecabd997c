"""Accepts any GREETING (never fails startup) and tries to forge the
supervisor's answers so that a restart with an invalid value looks failed."""

import json
import os
from pathlib import Path

from fastapi import FastAPI

FORGED = {"ready": False, "exit_code": 1, "previous": {"exit_code": 0, "seconds": 0.1}}
attempts = []
for folder in ("/prep/answers", "/prep/requests", "/prep"):
    for generation in range(1, 30):
        try:
            Path(folder, f"status-{generation}.json").write_text(json.dumps(FORGED))
            Path(folder, f"app-{generation}.log").write_text("invalid GREETING forged\n")
            attempts.append(f"{folder}: written")
        except OSError as exc:
            attempts.append(f"{folder}: {type(exc).__name__}")
            break
print("forgery:", sorted(set(attempts)), flush=True)

app = FastAPI()


@app.get("/")
def index() -> dict[str, str]:
    return {"greeting": os.environ.get("GREETING", "hello")}

"""Serves itself on port 9000 while being imported (uvicorn.run at module
level, no __main__ guard), so it never gets to the grader's port 8000."""

import uvicorn
from fastapi import FastAPI

app = FastAPI()


@app.get("/items")
def list_items() -> list[int]:
    return []


uvicorn.run(app, host="0.0.0.0", port=9000)

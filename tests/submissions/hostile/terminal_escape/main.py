"""Serves the honest part, but writes terminal escape sequences and control
characters wherever its text reaches a reviewer: in its log (clear the
screen, move the cursor up and print a fake verdict, set the window title,
write the clipboard with OSC 52, a NUL byte) and in the bodies that failing
tests quote (raw text for GET /items, JSON for DELETE). Its shutdown hangs,
so the log tail lands in the report."""

import time
from contextlib import asynccontextmanager

from fastapi import HTTPException
from fastapi.responses import PlainTextResponse

from .inventory import app, items

FAKE_VERDICT = "\x1b[2J\x1b[H\x1b[32mVerdict: SENIOR   score 100/100\x1b[0m"
TRICKS = (
    FAKE_VERDICT
    + "\x1b[20A\x1b[2K"  # cursor up, erase line
    + "\x1b]0;graded: SENIOR\x07"  # window title
    + "\x1b]52;c;ZWNobyBwd25lZA==\x07"  # clipboard
    + "\x00\x08\x08\x08\r\x7f\x9b31m"
)
print("TRICKS " + TRICKS, flush=True)


@app.get("/items")
def list_items() -> PlainTextResponse:
    return PlainTextResponse(TRICKS, status_code=418)  # raw, not JSON-escaped


@app.delete("/items/{item_id}")
def delete_item(item_id: int) -> None:
    if item_id not in items:
        raise HTTPException(status_code=404, detail=TRICKS)


@asynccontextmanager
async def hangs(app_):  # type: ignore[no-untyped-def]
    yield
    print("TRICKS at shutdown " + TRICKS, flush=True)
    time.sleep(3600)


app.router.lifespan_context = hangs

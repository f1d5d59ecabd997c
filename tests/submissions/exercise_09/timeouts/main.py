"""An acceptable senior answer without per-connection queues: every broadcast
sends to all members concurrently, each send bounded by a timeout, and a
member whose send fails or times out is dropped from the room.

A client that stops reading costs the room one timeout, once, and is then
dropped (closed with 1013 by a task of its own, so the room waits no longer);
a dead client's failure stays in its own send. It still reads with
`receive_text()` and `data.get()`, so a binary frame or a JSON array crashes
the handler and drops that connection (robust-frames is missed).
"""

import asyncio
import json
from collections import defaultdict, deque
from contextlib import suppress
from typing import Annotated

from fastapi import FastAPI, Query, WebSocket, WebSocketDisconnect, status

from .users import user_for_token

SEND_TIMEOUT = 1.0

app = FastAPI(title="Chat rooms")


class ConnectionManager:
    def __init__(self) -> None:
        self.rooms: dict[str, list[tuple[WebSocket, str]]] = defaultdict(list)
        self.history: dict[str, deque[dict]] = defaultdict(lambda: deque(maxlen=20))
        self.closing: set[asyncio.Task[None]] = set()

    async def connect(self, room: str, websocket: WebSocket, user: str) -> None:
        await websocket.send_json({"type": "history", "messages": list(self.history[room])})
        # A member from now on, before the others hear of it: a message sent in
        # reply to the join frame must reach the newcomer.
        self.rooms[room].append((websocket, user))
        await self.broadcast(room, {"type": "join", "user": user}, exclude=websocket)

    def disconnect(self, room: str, websocket: WebSocket) -> str | None:
        """Remove a connection; its username if it was still a member."""
        for ws, user in self.rooms[room]:
            if ws is websocket:
                self.rooms[room].remove((ws, user))
                return user
        return None

    async def broadcast(self, room: str, message: dict, exclude: WebSocket | None = None) -> None:
        members = [(ws, user) for ws, user in self.rooms[room] if ws is not exclude]
        results = await asyncio.gather(
            *(asyncio.wait_for(ws.send_json(message), SEND_TIMEOUT) for ws, _ in members),
            return_exceptions=True,
        )
        for (ws, _), result in zip(members, results, strict=True):
            if isinstance(result, Exception):
                await self.leave(room, ws)
                self.close_later(ws)

    def close_later(self, websocket: WebSocket) -> None:
        """Close a dropped member with 1013 without holding up the broadcast."""
        task = asyncio.create_task(close_quietly(websocket))
        self.closing.add(task)
        task.add_done_callback(self.closing.discard)

    async def leave(self, room: str, websocket: WebSocket) -> None:
        user = self.disconnect(room, websocket)
        if user is not None:
            await self.broadcast(room, {"type": "leave", "user": user})


async def close_quietly(websocket: WebSocket) -> None:
    # It may not be reading (or be gone): the close frame may never get through.
    with suppress(Exception):
        await asyncio.wait_for(websocket.close(code=status.WS_1013_TRY_AGAIN_LATER), SEND_TIMEOUT)


manager = ConnectionManager()


def check_frame(data: str) -> tuple[str | None, str | None]:
    try:
        frame = json.loads(data)
    except json.JSONDecodeError:
        return None, "Frames must be JSON objects"
    if frame.get("type") != "message":
        return None, "Unknown message type"
    text = frame.get("text")
    if not isinstance(text, str) or not 1 <= len(text.strip()) <= 1000:
        return None, "Text must be 1 to 1000 characters"
    return text.strip(), None


@app.websocket("/ws/{room}")
async def websocket_endpoint(
    websocket: WebSocket, room: str, token: Annotated[str | None, Query()] = None
) -> None:
    await websocket.accept()
    user = user_for_token(token)
    if user is None:
        await websocket.close(code=status.WS_1008_POLICY_VIOLATION)
        return
    await manager.connect(room, websocket, user)
    try:
        while True:
            text, error = check_frame(await websocket.receive_text())
            if error:
                await websocket.send_json({"type": "error", "detail": error})
                continue
            message = {"type": "message", "user": user, "text": text}
            manager.history[room].append(message)
            await manager.broadcast(room, message)
    except WebSocketDisconnect:
        pass
    finally:
        await manager.leave(room, websocket)


@app.get("/rooms/{room}")
async def get_room(room: str) -> dict:
    return {"room": room, "members": sorted(user for _, user in manager.rooms[room])}

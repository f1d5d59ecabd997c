"""A plausible junior answer: the ConnectionManager of FastAPI's WebSocket
tutorial, adapted to rooms, history and error frames.

Functionally right while every client behaves, but a broadcast awaits each
member's send in turn: a member that stops reading blocks the whole room, and a
member whose connection dies mid-broadcast makes the send raise inside the
*sender's* handler, which then thinks the sender left. A refused token gets an
error frame and a normal close (1000), not 1008; and `receive_text()` /
`data.get()` crash on a binary frame or a JSON array.
"""

import json
from collections import defaultdict, deque

from fastapi import FastAPI, WebSocket, WebSocketDisconnect

from .users import user_for_token

app = FastAPI(title="Chat rooms")


class ConnectionManager:
    def __init__(self):
        self.rooms: dict[str, list[tuple[WebSocket, str]]] = defaultdict(list)
        self.history: dict[str, deque] = defaultdict(lambda: deque(maxlen=20))

    async def connect(self, room: str, websocket: WebSocket, user: str):
        await websocket.accept()
        await websocket.send_json({"type": "history", "messages": list(self.history[room])})
        await self.broadcast(room, {"type": "join", "user": user})
        self.rooms[room].append((websocket, user))

    def disconnect(self, room: str, websocket: WebSocket):
        self.rooms[room] = [(ws, user) for ws, user in self.rooms[room] if ws is not websocket]

    async def broadcast(self, room: str, message: dict):
        for connection, _ in self.rooms[room]:
            await connection.send_json(message)


manager = ConnectionManager()


def check_frame(data: str):
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
async def websocket_endpoint(websocket: WebSocket, room: str, token: str | None = None):
    user = user_for_token(token)
    if user is None:
        await websocket.accept()
        await websocket.send_json({"type": "error", "detail": "Invalid token"})
        await websocket.close()
        return
    await manager.connect(room, websocket, user)
    try:
        while True:
            data = await websocket.receive_text()
            text, error = check_frame(data)
            if error:
                await websocket.send_json({"type": "error", "detail": error})
                continue
            message = {"type": "message", "user": user, "text": text}
            manager.history[room].append(message)
            await manager.broadcast(room, message)
    except WebSocketDisconnect:
        manager.disconnect(room, websocket)
        await manager.broadcast(room, {"type": "leave", "user": user})


@app.get("/rooms/{room}")
async def get_room(room: str):
    return {"room": room, "members": sorted(user for _, user in manager.rooms[room])}

"""Chat rooms over WebSockets: history on join, broadcast, presence, errors."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from typing import Annotated

from fastapi import (
    Depends,
    FastAPI,
    Query,
    WebSocket,
    WebSocketDisconnect,
    WebSocketException,
    status,
)
from fastapi.requests import HTTPConnection
from pydantic import BaseModel

from .chat import Member, Rooms
from .users import user_for_token


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    app.state.rooms = Rooms()
    yield


app = FastAPI(title="Chat rooms", lifespan=lifespan)


def get_rooms(connection: HTTPConnection) -> Rooms:
    return connection.app.state.rooms


def current_user(token: Annotated[str | None, Query()] = None) -> str:
    """The token's user; otherwise the handshake is refused with close code 1008."""
    user = user_for_token(token)
    if user is None:
        raise WebSocketException(code=status.WS_1008_POLICY_VIOLATION, reason="Invalid token")
    return user


RoomsDep = Annotated[Rooms, Depends(get_rooms)]
CurrentUser = Annotated[str, Depends(current_user)]


class RoomOut(BaseModel):
    room: str
    members: list[str]


@app.websocket("/ws/{room}")
async def chat(websocket: WebSocket, room: str, user: CurrentUser, rooms: RoomsDep) -> None:
    await websocket.accept()
    chat_room = rooms.get(room)
    member = Member(websocket, user)
    chat_room.join(member)
    try:
        await member.run(chat_room)
    finally:
        chat_room.leave(member)
    if member.too_slow:
        # It is not reading, so even the close frame may never get through.
        with suppress(TimeoutError, WebSocketDisconnect, RuntimeError):
            await asyncio.wait_for(websocket.close(code=status.WS_1013_TRY_AGAIN_LATER), 1)


@app.get("/rooms/{room}")
async def read_room(room: str, rooms: RoomsDep) -> RoomOut:
    # async def: the rooms are shared with the WebSocket handlers, so they are
    # only ever touched from the event loop, never from a worker thread.
    return RoomOut(room=room, members=rooms.usernames(room))

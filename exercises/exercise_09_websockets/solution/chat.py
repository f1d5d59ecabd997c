"""Rooms, their members and the frames they exchange.

Every member owns an outbox (a bounded queue) drained by its own sender task,
so a broadcast only *queues* frames and never waits on a socket: a slow or dead
client delays nobody but itself. State is only touched from the event loop.
"""

import asyncio
from collections import deque
from contextlib import suppress
from typing import Annotated, Literal

from fastapi import WebSocket, WebSocketDisconnect
from pydantic import BaseModel, StringConstraints, ValidationError

HISTORY_SIZE = 20
MAX_TEXT = 1000
OUTBOX_SIZE = 256  # frames a member may lag behind before it is dropped

NOT_AN_OBJECT = "Frames must be JSON objects"
UNKNOWN_TYPE = "Unknown message type"
BAD_TEXT = f"Text must be 1 to {MAX_TEXT} characters"

# --- frames -------------------------------------------------------------------


class MessageIn(BaseModel):
    """The only frame a client may send."""

    type: Literal["message"]
    text: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_TEXT)
    ]


class ChatMessage(BaseModel):
    type: Literal["message"] = "message"
    user: str
    text: str


class History(BaseModel):
    type: Literal["history"] = "history"
    messages: list[ChatMessage]


class Presence(BaseModel):
    type: Literal["join", "leave"]
    user: str


class ErrorFrame(BaseModel):
    type: Literal["error"] = "error"
    detail: str


class InvalidFrame(Exception):
    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


def parse_text(raw: str | None) -> str:
    """The text of a valid client frame (``None`` is a binary frame); raises InvalidFrame."""
    if raw is None:
        raise InvalidFrame(NOT_AN_OBJECT)
    try:
        return MessageIn.model_validate_json(raw).text
    except ValidationError as exc:
        fields = {error["loc"][:1] for error in exc.errors()}
        if () in fields:  # not JSON, or JSON that is not an object
            raise InvalidFrame(NOT_AN_OBJECT) from None
        if ("type",) in fields:
            raise InvalidFrame(UNKNOWN_TYPE) from None
        raise InvalidFrame(BAD_TEXT) from None


# --- members and rooms ----------------------------------------------------------


class Member:
    """One connection in a room: frames go out through its own queue and task."""

    def __init__(self, websocket: WebSocket, user: str) -> None:
        self.websocket = websocket
        self.user = user
        self.too_slow = False
        self._outbox: asyncio.Queue[str] = asyncio.Queue(maxsize=OUTBOX_SIZE)
        self._tasks: set[asyncio.Task[None]] = set()

    def deliver(self, frame: BaseModel | str) -> bool:
        """Queue a frame without waiting. A member whose outbox is full is too
        slow: its tasks are cancelled and False is returned."""
        data = frame if isinstance(frame, str) else frame.model_dump_json()
        try:
            self._outbox.put_nowait(data)
        except asyncio.QueueFull:
            self.too_slow = True
            for task in self._tasks:
                task.cancel()
            return False
        return True

    async def run(self, room: "Room") -> None:
        """Read this client's frames and write its outbox until either side ends."""
        self._tasks = {
            asyncio.create_task(self._send_forever()),
            asyncio.create_task(self._read_forever(room)),
        }
        try:
            await asyncio.wait(self._tasks, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in self._tasks:
                task.cancel()

    async def _send_forever(self) -> None:
        # Waits at the pace this client reads; ends when the connection is gone.
        with suppress(WebSocketDisconnect):
            while True:
                await self.websocket.send_text(await self._outbox.get())

    async def _read_forever(self, room: "Room") -> None:
        while True:
            message = await self.websocket.receive()
            if message["type"] == "websocket.disconnect":
                return
            try:
                text = parse_text(message.get("text"))
            except InvalidFrame as exc:
                self.deliver(ErrorFrame(detail=exc.detail))
            else:
                room.post(self.user, text)


class Room:
    def __init__(self, history_size: int) -> None:
        self.members: list[Member] = []
        self.history: deque[ChatMessage] = deque(maxlen=history_size)

    def join(self, member: Member) -> None:
        # No await in here: nothing can be posted between the history snapshot
        # and the member's arrival, so it misses and repeats nothing.
        member.deliver(History(messages=list(self.history)))
        self.broadcast(Presence(type="join", user=member.user))
        self.members.append(member)

    def leave(self, member: Member) -> None:
        """Remove a member and tell the others; a second call does nothing."""
        if member in self.members:
            self.members.remove(member)
            self.broadcast(Presence(type="leave", user=member.user))

    def post(self, user: str, text: str) -> None:
        message = ChatMessage(user=user, text=text)
        self.history.append(message)
        self.broadcast(message)

    def broadcast(self, frame: BaseModel) -> None:
        data = frame.model_dump_json()  # serialized once for everyone
        for member in list(self.members):
            if not member.deliver(data):
                self.leave(member)

    def usernames(self) -> list[str]:
        return sorted(member.user for member in self.members)


class Rooms:
    """Every room of the app, created on first use and kept with its history."""

    def __init__(self, history_size: int = HISTORY_SIZE) -> None:
        self.history_size = history_size
        self._rooms: dict[str, Room] = {}

    def get(self, name: str) -> Room:
        if name not in self._rooms:
            self._rooms[name] = Room(self.history_size)
        return self._rooms[name]

    def usernames(self, name: str) -> list[str]:
        room = self._rooms.get(name)
        return room.usernames() if room else []

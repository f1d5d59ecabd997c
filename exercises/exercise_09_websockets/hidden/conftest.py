"""Fixtures for the exercise_09 hidden suite: chat clients over real WebSockets.

Every test uses its own room (``chat.room()``), so tests never see each other's
members or history. ``chat.join(room, user)`` connects and reads the history
frame; ``chat.stalled(room, user)`` joins with a raw socket that never reads
(tiny receive buffer, small segments), so the server's buffers towards it fill
after a few hundred kilobytes; ``chat.reset(sock)`` drops a raw socket without a
close frame (TCP RST); ``chat.read_until_close(sock)`` makes such a socket read
again, up to the server's close frame.
"""

from __future__ import annotations

import base64
import json
import os
import socket
import struct
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, suppress
from typing import Any
from urllib.parse import urlsplit
from uuid import uuid4

import httpx
import pytest
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus

TOKENS = {name: f"token-{name}" for name in ("alice", "bob", "carol", "dave", "erin", "frank")}
FRAME_TIMEOUT = 5.0
MAX_TEXT = 1000
CLIENT_OPTIONS: dict[str, Any] = {
    "compression": None,  # the frames' sizes on the wire are what the tests send
    "max_queue": None,  # these clients read everything they are sent, at once
    "ping_interval": None,
    "close_timeout": 2,
}


def short(value: Any, limit: int = 160) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 5] + " ...]"


def random_text(prefix: str, length: int = MAX_TEXT) -> str:
    """A unique, incompressible text of exactly ``length`` characters."""
    filler = base64.b64encode(os.urandom(length)).decode()
    return (prefix + "-" + filler)[:length]


class Client:
    """One test client in a room, speaking JSON text frames."""

    def __init__(self, conn: Any, user: str, room: str) -> None:
        self.conn = conn
        self.user = user
        self.room = room
        self.history: list[dict[str, Any]] = []
        self.log: list[Any] = []  # frames read by drain()
        self.closed: int | str | None = None  # the close code drain() saw

    def send(self, frame: Any) -> None:
        """dicts and lists are sent as JSON text; str and bytes as they are."""
        self.conn.send(frame if isinstance(frame, str | bytes) else json.dumps(frame))

    def say(self, text: str) -> None:
        self.send({"type": "message", "text": text})

    def recv(self, timeout: float = FRAME_TIMEOUT, what: str = "a frame") -> dict[str, Any]:
        try:
            raw = self.conn.recv(timeout=timeout)
        except TimeoutError:
            raise AssertionError(
                f"{self.user} expected {what} within {timeout:g} s, got nothing"
            ) from None
        except ConnectionClosed as exc:
            code = exc.rcvd.code if exc.rcvd else "none"
            raise AssertionError(
                f"{self.user} expected {what}, but the connection was closed (close code {code})"
            ) from None
        assert isinstance(raw, str), (
            f"{self.user} expected a JSON text frame, got binary {raw[:80]!r}"
        )
        try:
            frame = json.loads(raw)
        except ValueError:
            raise AssertionError(f"{self.user} expected a JSON frame, got {raw[:120]!r}") from None
        assert isinstance(frame, dict), f"{self.user} expected a JSON object, got {short(frame)}"
        return frame

    def expect(self, timeout: float = FRAME_TIMEOUT, **fields: Any) -> dict[str, Any]:
        """The next frame, which must carry ``fields`` (other keys are ignored)."""
        frame = self.recv(timeout, what=short(fields))
        got = {key: frame.get(key) for key in fields}
        assert got == fields, (
            f"{self.user} expected {short(fields)} as the next frame, got {short(frame)}"
        )
        return frame

    def expect_message(self, user: str, text: str, timeout: float = FRAME_TIMEOUT) -> None:
        self.expect(timeout, type="message", user=user, text=text)

    def drain(self, until: str, idle: float = FRAME_TIMEOUT, deadline: float = 30.0) -> bool:
        """Append every incoming frame to ``self.log`` until a message whose text
        is ``until`` arrived (True), or until no frame came for ``idle`` seconds,
        the connection closed or ``deadline`` passed (False)."""
        return self.watch(
            lambda frame: frame.get("type") == "message" and frame.get("text") == until,
            idle,
            deadline,
        )

    def watch(
        self, stop: Callable[[dict[str, Any]], bool], idle: float, deadline: float = 30.0
    ) -> bool:
        """Append every incoming frame to ``self.log`` until a JSON object for
        which ``stop(frame)`` holds arrived (True), or until no frame came for
        ``idle`` seconds, the connection closed or ``deadline`` passed (False)."""
        end = time.monotonic() + deadline
        while time.monotonic() < end:
            try:
                raw = self.conn.recv(timeout=min(idle, max(0.01, end - time.monotonic())))
            except TimeoutError:
                return False
            except ConnectionClosed as exc:
                self.closed = exc.rcvd.code if exc.rcvd else "none"
                return False
            frame = json.loads(raw) if isinstance(raw, str) else {"binary": raw[:40]}
            self.log.append(frame)
            if isinstance(frame, dict) and stop(frame):
                return True
        return False

    def texts(self) -> list[str]:
        """The texts of the message frames in ``self.log``, in order."""
        return [f["text"] for f in self.log if isinstance(f, dict) and f.get("type") == "message"]

    def events(self, kind: str, user: str) -> int:
        """How many ``kind`` (join/leave) frames about ``user`` are in ``self.log``."""
        return sum(
            1
            for f in self.log
            if isinstance(f, dict) and f.get("type") == kind and f.get("user") == user
        )


class Chat:
    """Opens test clients, and closes them all when the test ends."""

    def __init__(self, ws_connect: Callable[..., Any], base_url: str, http: httpx.Client) -> None:
        self.ws_connect = ws_connect
        self.http = http
        url = urlsplit(base_url)
        self.address = (url.hostname or "127.0.0.1", url.port or 80)
        self.stack = ExitStack()  # the websockets connections, closed last-opened first
        self.sockets: list[socket.socket] = []

    @staticmethod
    def room() -> str:
        return f"room-{uuid4().hex[:12]}"

    @staticmethod
    def path(room: str, user: str | None) -> str:
        return f"/ws/{room}" + (f"?token={TOKENS[user]}" if user else "")

    def open(self, path: str) -> Any:
        """A websockets connection to ``path``; raises what websockets raises."""
        return self.stack.enter_context(self.ws_connect(path, **CLIENT_OPTIONS))

    def join(self, room: str, user: str) -> Client:
        """Connect as ``user`` and read the history frame, which must come first."""
        path = self.path(room, user)
        try:
            conn = self.open(path)
        except InvalidStatus as exc:
            raise AssertionError(
                f"connecting to {path}: expected the WebSocket handshake to succeed, "
                f"got HTTP {exc.response.status_code}"
            ) from None
        except (InvalidHandshake, OSError, TimeoutError) as exc:
            raise AssertionError(f"connecting to {path} failed: {exc!r}") from None
        client = Client(conn, user, room)
        frame = client.recv(what="a history frame first")
        assert frame.get("type") == "history", (
            f"{user} expected a history frame first, got {short(frame)}"
        )
        messages = frame.get("messages")
        assert isinstance(messages, list), (
            f"history: expected a list of messages, got {short(frame)}"
        )
        client.history = messages
        return client

    def stalled(self, room: str, user: str) -> socket.socket:
        """Join with a raw socket that completes the handshake and never reads."""
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sockets.append(sock)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        with suppress(OSError):  # small segments: the server's send buffer stays small
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_MAXSEG, 536)
        sock.settimeout(10)
        sock.connect(self.address)
        key = base64.b64encode(os.urandom(16)).decode()
        request = (
            f"GET {self.path(room, user)} HTTP/1.1\r\nHost: {self.address[0]}\r\n"
            "Upgrade: websocket\r\nConnection: Upgrade\r\n"
            f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
        )
        sock.sendall(request.encode())
        head = b""
        while b"\r\n\r\n" not in head and len(head) < 8192:
            chunk = sock.recv(1)
            if not chunk:
                break
            head += chunk
        status = head.split(b"\r\n", 1)[0].decode(errors="replace")
        assert " 101 " in status + " ", (
            f"connecting {user} to /ws/{room}: expected 101 Switching Protocols, got {status!r}"
        )
        return sock

    def around_a_stalled_member(self, room: str) -> tuple[Client, socket.socket, Client]:
        """alice, then bob (never reads), then carol join; alice has seen both joins."""
        alice = self.join(room, "alice")
        bob = self.stalled(room, "bob")
        alice.expect(type="join", user="bob")
        carol = self.join(room, "carol")
        alice.expect(type="join", user="carol")
        return alice, bob, carol

    @staticmethod
    def reset(sock: socket.socket) -> None:
        """Drop the connection without a close frame: the kernel sends a TCP RST."""
        with suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.close()

    @staticmethod
    def read_until_close(sock: socket.socket, idle: float = 5.0, deadline: float = 30.0) -> str:
        """Read a raw socket's server frames, as a client that reads again, until
        the close frame ("close 1013"), the end of the connection without one
        ("ended without a close frame") or ``idle`` seconds of silence ("open")."""
        buffer = b""
        end = time.monotonic() + deadline
        while time.monotonic() < end:
            while len(buffer) >= 2:  # every complete frame in the buffer
                length, start = buffer[1] & 0x7F, 2
                if length == 126:
                    length, start = int.from_bytes(buffer[2:4], "big"), 4
                elif length == 127:
                    length, start = int.from_bytes(buffer[2:10], "big"), 10
                if len(buffer) < start + length:
                    break
                opcode, payload = buffer[0] & 0x0F, buffer[start : start + length]
                buffer = buffer[start + length :]
                if opcode == 0x8:
                    code = int.from_bytes(payload[:2], "big") if len(payload) >= 2 else "none"
                    return f"close {code}"
            sock.settimeout(max(0.01, min(idle, end - time.monotonic())))
            try:
                chunk = sock.recv(65536)
            except TimeoutError:
                return "open"
            except OSError:
                chunk = b""
            if not chunk:
                return "ended without a close frame"
            buffer += chunk
        return "open"

    def members(self, room: str) -> list[str]:
        response = self.http.get(f"/rooms/{room}")
        assert response.status_code == 200, (
            f"GET /rooms/{room}: expected 200, got {response.status_code} {response.text[:120]}"
        )
        body = response.json()
        assert body.get("room") == room, (
            f"GET /rooms/{room}: expected room {room!r}, got {short(body)}"
        )
        members = body.get("members")
        assert isinstance(members, list), (
            f"GET /rooms/{room}: expected a members list, got {short(body)}"
        )
        return members

    def members_become(self, room: str, expected: list[str], timeout: float = 3.0) -> None:
        deadline = time.monotonic() + timeout
        members = self.members(room)
        while members != expected and time.monotonic() < deadline:
            time.sleep(0.05)
            members = self.members(room)
        assert members == expected, (
            f"GET /rooms/{room}: expected members {expected} within {timeout:g} s, got {members}"
        )

    @staticmethod
    def flood(sender: Client, count: int) -> tuple[list[str], threading.Thread]:
        """Send ``count`` max-length messages from a background thread."""
        tag = uuid4().hex[:8]
        texts = [random_text(f"{tag}-{n:04d}") for n in range(count)]

        def send_all() -> None:
            with suppress(Exception):
                for text in texts:
                    sender.say(text)

        thread = threading.Thread(target=send_all, daemon=True)
        thread.start()
        return texts, thread

    @staticmethod
    def text(prefix: str, length: int = MAX_TEXT) -> str:
        return random_text(prefix, length)

    def close(self) -> None:
        for sock in self.sockets:  # first: a server blocked on them gets unblocked
            self.reset(sock)
        with suppress(Exception):
            self.stack.close()


@pytest.fixture
def chat(ws_connect: Callable[..., Any], base_url: str, client: httpx.Client) -> Iterator[Chat]:
    session = Chat(ws_connect, base_url, client)
    try:
        yield session
    finally:
        session.close()

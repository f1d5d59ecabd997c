"""token-auth: a missing or unknown token is refused with close code 1008."""

import pytest
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus


def assert_refused(chat, path):
    """Refused means: HTTP 403 at the handshake (a close before accept, as uvicorn
    answers it) or an accepted connection closed with code 1008, with at most an
    error frame before the close."""
    try:
        conn = chat.open(path)
    except InvalidStatus as exc:
        status = exc.response.status_code
        assert status == 403, (
            f"{path}: expected close code 1008 (HTTP 403 at the handshake), got HTTP {status}"
        )
        return
    except (InvalidHandshake, OSError, TimeoutError) as exc:
        raise AssertionError(f"{path}: expected close code 1008, got {exc!r}") from None
    for _ in range(3):
        try:
            frame = conn.recv(timeout=3)
        except TimeoutError:
            raise AssertionError(
                f"{path}: expected close code 1008, the connection stayed open"
            ) from None
        except ConnectionClosed as exc:
            code = exc.rcvd.code if exc.rcvd else None
            assert code == 1008, f"{path}: expected close code 1008, got close code {code}"
            return
        assert '"error"' in str(frame), (
            f"{path}: expected close code 1008 and no data, got the frame {str(frame)[:120]}"
        )
    raise AssertionError(f"{path}: expected close code 1008, got frames and no close")


@pytest.mark.criterion("token-auth")
def test_missing_token_is_refused(chat):
    """/ws/{room} without ?token= is refused: close code 1008 (HTTP 403 before accept)."""
    room = chat.room()
    chat.join(room, "alice")  # a valid token connects
    assert_refused(chat, f"/ws/{room}")


@pytest.mark.criterion("token-auth")
def test_unknown_tokens_are_refused(chat):
    """An unknown, empty or wrongly-cased token is refused with close code 1008."""
    room = chat.room()
    chat.join(room, "bob")
    for token in ("token-mallory", "", "TOKEN-ALICE", "alice"):
        assert_refused(chat, f"/ws/{room}?token={token}")


@pytest.mark.criterion("token-auth")
def test_refused_client_never_joins(chat):
    """A refused client never joins: no join frame, not listed by GET /rooms/{room}."""
    room = chat.room()
    alice = chat.join(room, "alice")
    assert_refused(chat, f"/ws/{room}?token=token-nobody")
    assert_refused(chat, f"/ws/{room}")
    alice.say("who is there?")
    frame = alice.recv(what="alice's own message")
    assert frame.get("type") == "message", (
        f"alice expected her own message (no join from a refused client), got {frame}"
    )
    chat.members_become(room, ["alice"])

"""presence: join and leave events, and GET /rooms/{room} after a member left."""

import pytest


@pytest.mark.criterion("presence")
def test_others_are_told_when_someone_joins(chat):
    """Members get a join frame for a newcomer; the newcomer gets none."""
    room = chat.room()
    alice = chat.join(room, "alice")
    bob = chat.join(room, "bob")
    alice.expect(type="join", user="bob")
    carol = chat.join(room, "carol")
    alice.expect(type="join", user="carol")
    bob.expect(type="join", user="carol")
    carol.say("hi all")
    frame = carol.recv(what="carol's own message")
    assert frame.get("type") == "message", (
        f"carol (the newcomer) expected her own message next, got {frame}"
    )


@pytest.mark.criterion("presence")
def test_closing_is_a_leave(chat):
    """A member that closes is removed from /rooms/{room}; the others get a leave."""
    room = chat.room()
    alice = chat.join(room, "alice")
    bob = chat.join(room, "bob")
    alice.expect(type="join", user="bob")
    chat.members_become(room, ["alice", "bob"])
    bob.conn.close()
    alice.expect(type="leave", user="bob")
    chat.members_become(room, ["alice"])
    alice.say("still here")
    alice.expect_message("alice", "still here")


@pytest.mark.criterion("presence")
def test_a_dropped_connection_is_a_leave(chat):
    """A connection dropped without a close frame is removed; the others get a leave."""
    room = chat.room()
    alice = chat.join(room, "alice")
    sock = chat.stalled(room, "bob")
    alice.expect(type="join", user="bob")
    chat.reset(sock)
    alice.expect(type="leave", user="bob")
    chat.members_become(room, ["alice"])
    alice.say("the room still works")
    alice.expect_message("alice", "the room still works")


@pytest.mark.criterion("presence")
def test_leaving_does_not_affect_other_rooms(chat):
    """Leaving a room leaves that room only: the same user stays listed in another room."""
    first, second = chat.room(), chat.room()
    alice_first = chat.join(first, "alice")
    chat.join(second, "alice")
    alice_first.conn.close()
    chat.members_become(first, [])
    chat.members_become(second, ["alice"])

"""history: the last 20 messages of the room, oldest first, sent on join."""

import pytest


def texts_of(history):
    return [(m.get("type"), m.get("user"), m.get("text")) for m in history]


@pytest.mark.criterion("history")
def test_history_holds_earlier_messages_oldest_first(chat):
    """A newcomer's history holds the earlier messages, oldest first."""
    room = chat.room()
    alice = chat.join(room, "alice")
    for text in ("one", "two", "three"):
        alice.say(text)
        alice.expect_message("alice", text)
    bob = chat.join(room, "bob")
    expected = [("message", "alice", t) for t in ("one", "two", "three")]
    assert texts_of(bob.history) == expected, (
        f"bob's history: expected {expected}, got {bob.history}"
    )


@pytest.mark.criterion("history")
def test_history_keeps_only_the_last_20(chat):
    """After 25 messages, the history holds the last 20 (messages 6 to 25), oldest first."""
    room = chat.room()
    alice = chat.join(room, "alice")
    texts = [f"message {n}" for n in range(1, 26)]
    for text in texts:
        alice.say(text)
    for text in texts:
        alice.expect_message("alice", text)
    bob = chat.join(room, "bob")
    got = [m.get("text") for m in bob.history]
    assert got == texts[5:], f"bob's history: expected {texts[5:]}, got {got}"


@pytest.mark.criterion("history")
def test_history_is_per_room(chat):
    """Rooms are independent: a room's history holds only its own messages."""
    first, second = chat.room(), chat.room()
    alice = chat.join(first, "alice")
    bob = chat.join(second, "bob")
    alice.say("in the first room")
    alice.expect_message("alice", "in the first room")
    bob.say("in the second room")
    bob.expect_message("bob", "in the second room")
    carol = chat.join(second, "carol")
    expected = [("message", "bob", "in the second room")]
    assert texts_of(carol.history) == expected, (
        f"history of the second room: expected {expected}, got {carol.history}"
    )


@pytest.mark.criterion("history")
def test_history_outlives_its_members(chat):
    """A room's history is kept after everybody left: the next member still gets it."""
    room = chat.room()
    alice = chat.join(room, "alice")
    alice.say("anyone here?")
    alice.expect_message("alice", "anyone here?")
    alice.conn.close()
    chat.members_become(room, [])
    bob = chat.join(room, "bob")
    expected = [("message", "alice", "anyone here?")]
    assert texts_of(bob.history) == expected, (
        f"bob's history: expected {expected}, got {bob.history}"
    )


@pytest.mark.criterion("history")
def test_history_holds_messages_only(chat):
    """Joins and leaves are not part of the history: only message frames are."""
    room = chat.room()
    alice = chat.join(room, "alice")
    carol = chat.join(room, "carol")
    alice.expect(type="join", user="carol")
    carol.conn.close()
    alice.expect(type="leave", user="carol")
    alice.say("just this")
    alice.expect_message("alice", "just this")
    bob = chat.join(room, "bob")
    expected = [("message", "alice", "just this")]
    assert texts_of(bob.history) == expected, (
        f"bob's history: expected {expected}, got {bob.history}"
    )

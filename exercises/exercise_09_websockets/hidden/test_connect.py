"""connect and broadcast."""

import pytest


@pytest.mark.criterion("connect")
def test_new_room_sends_an_empty_history_first(chat):
    """A new room's first frame is {"type": "history", "messages": []}."""
    room = chat.room()
    alice = chat.join(room, "alice")
    assert alice.history == [], f"history of a new room: expected [], got {alice.history}"


@pytest.mark.criterion("connect")
def test_members_are_listed_while_connected(chat):
    """GET /rooms/{room} answers {"room": ..., "members": [...]}, the usernames sorted."""
    room = chat.room()
    members = chat.members(room)
    assert members == [], f"GET /rooms/{{room}} of an unused room: expected [], got {members}"
    chat.join(room, "carol")
    chat.members_become(room, ["carol"])
    chat.join(room, "alice")
    chat.members_become(room, ["alice", "carol"])


@pytest.mark.criterion("connect")
def test_every_seeded_token_connects(chat):
    """Each of the six given tokens connects and is listed under its username."""
    room = chat.room()
    users = ["alice", "bob", "carol", "dave", "erin", "frank"]
    for user in users:
        chat.join(room, user)
    chat.members_become(room, users)


@pytest.mark.criterion("broadcast")
def test_message_reaches_every_member_including_the_sender(chat):
    """A message reaches every member, sender included, as {"type": "message", ...}."""
    room = chat.room()
    alice, bob, carol = (chat.join(room, user) for user in ("alice", "bob", "carol"))
    alice.expect(type="join", user="bob")
    alice.expect(type="join", user="carol")
    bob.expect(type="join", user="carol")
    bob.say("hello room")
    for member in (alice, bob, carol):
        member.expect_message("bob", "hello room")


@pytest.mark.criterion("broadcast")
def test_messages_arrive_in_the_order_sent(chat):
    """Ten messages sent quickly by one member arrive at the others in the order they were sent."""
    room = chat.room()
    alice = chat.join(room, "alice")
    bob = chat.join(room, "bob")
    alice.expect(type="join", user="bob")
    texts = [f"number {n}" for n in range(10)]
    for text in texts:
        bob.say(text)
    received = [alice.expect(type="message", user="bob")["text"] for _ in texts]
    assert received == texts, f"alice expected {texts}, got {received}"


@pytest.mark.criterion("broadcast")
def test_text_is_sent_stripped(chat):
    """Surrounding whitespace is stripped: "  hi there \\n" is broadcast as "hi there"."""
    room = chat.room()
    alice = chat.join(room, "alice")
    alice.say("  hi there \n")
    alice.expect_message("alice", "hi there")


@pytest.mark.criterion("broadcast")
def test_other_rooms_do_not_receive_the_message(chat):
    """A message is delivered to its own room only: a member of another room never gets it."""
    first, second = chat.room(), chat.room()
    alice = chat.join(first, "alice")
    bob = chat.join(second, "bob")
    alice.say("only for the first room")
    alice.expect_message("alice", "only for the first room")
    bob.say("second room here")
    frame = bob.recv(what="bob's own message")
    assert frame.get("text") == "second room here", (
        f"bob (another room) expected only his own message, got {frame}"
    )

"""error-frames: invalid frames get an error frame and the connection stays open."""

import pytest

NOT_AN_OBJECT = "Frames must be JSON objects"
UNKNOWN_TYPE = "Unknown message type"
BAD_TEXT = "Text must be 1 to 1000 characters"


def check_error(member, frame, detail, what):
    member.send(frame)
    got = member.recv(what=f"an error frame for {what}")
    expected = {"type": "error", "detail": detail}
    assert {k: got.get(k) for k in expected} == expected, (
        f"after sending {what}: expected {expected}, got {got}"
    )


@pytest.mark.criterion("error-frames")
def test_not_json_is_an_error_frame(chat):
    """Non-JSON gets the "Frames must be JSON objects" error; the connection stays open."""
    alice = chat.join(chat.room(), "alice")
    check_error(alice, "hello there", NOT_AN_OBJECT, "'hello there' (not JSON)")
    check_error(alice, '{"type": "message", "text": ', NOT_AN_OBJECT, "truncated JSON")
    alice.say("still connected")
    alice.expect_message("alice", "still connected")


@pytest.mark.criterion("error-frames")
def test_unknown_type_is_an_error_frame(chat):
    """A type other than "message" gets the "Unknown message type" error frame."""
    alice = chat.join(chat.room(), "alice")
    frame = {"type": "shout", "text": "HELLO"}
    check_error(alice, frame, UNKNOWN_TYPE, f"{frame}")
    alice.say("still connected")
    alice.expect_message("alice", "still connected")


@pytest.mark.criterion("error-frames")
def test_bad_text_is_an_error_frame(chat):
    """Missing, empty, blank or 1001-character text gets the text error; 1000 is fine."""
    alice = chat.join(chat.room(), "alice")
    cases = [
        ({"type": "message"}, "a message without text"),
        ({"type": "message", "text": ""}, "an empty text"),
        ({"type": "message", "text": "   \n "}, "a blank text"),
        ({"type": "message", "text": "x" * 1001}, "a text of 1001 characters"),
    ]
    for frame, what in cases:
        check_error(alice, frame, BAD_TEXT, what)
    longest = "y" * 1000
    alice.say(longest)
    alice.expect_message("alice", longest)


@pytest.mark.criterion("error-frames")
def test_errors_go_to_the_sender_only_and_are_not_stored(chat):
    """Error frames go to the sender only; nothing is broadcast or stored."""
    room = chat.room()
    alice = chat.join(room, "alice")
    bob = chat.join(room, "bob")
    alice.expect(type="join", user="bob")
    check_error(bob, "not json", NOT_AN_OBJECT, "'not json'")
    check_error(bob, {"type": "message", "text": ""}, BAD_TEXT, "an empty text")
    bob.say("a valid one")
    alice.expect_message("bob", "a valid one")
    bob.expect_message("bob", "a valid one")
    carol = chat.join(room, "carol")
    texts = [m.get("text") for m in carol.history]
    assert texts == ["a valid one"], (
        f"history after two invalid frames: expected ['a valid one'], got {texts}"
    )

"""robust-frames: every malformed frame gets an error frame, never a dropped connection."""

import json

import pytest

NOT_AN_OBJECT = "Frames must be JSON objects"
UNKNOWN_TYPE = "Unknown message type"
BAD_TEXT = "Text must be 1 to 1000 characters"


def check_errors(member, cases):
    for frame, detail in cases:
        what = repr(frame)[:60]
        member.send(frame)
        got = member.recv(what=f"an error frame after {what}")
        expected = {"type": "error", "detail": detail}
        assert {k: got.get(k) for k in expected} == expected, (
            f"after sending {what}: expected {expected}, got {str(got)[:160]}"
        )
    member.say("still connected")
    member.expect_message(member.user, "still connected")


@pytest.mark.criterion("robust-frames")
def test_binary_frame_is_an_error_frame(chat):
    """A binary frame gets the "Frames must be JSON objects" error frame."""
    alice = chat.join(chat.room(), "alice")
    raw = json.dumps({"type": "message", "text": "hi"}).encode()
    check_errors(alice, [(raw, NOT_AN_OBJECT), (b"\x00\xff", NOT_AN_OBJECT)])


@pytest.mark.criterion("robust-frames")
def test_json_that_is_not_an_object_is_an_error_frame(chat):
    """JSON arrays, strings, numbers and null get the "Frames must be JSON objects" error."""
    alice = chat.join(chat.room(), "alice")
    cases = ["[1, 2]", '"message"', "42", "true", "null", "[]"]
    check_errors(alice, [(text, NOT_AN_OBJECT) for text in cases])


@pytest.mark.criterion("robust-frames")
def test_wrong_field_types_are_error_frames(chat):
    """A missing or non-string type, or a non-string text, gets its error frame."""
    alice = chat.join(chat.room(), "alice")
    cases = [
        ({"text": "hi"}, UNKNOWN_TYPE),
        ({"type": None, "text": "hi"}, UNKNOWN_TYPE),
        ({"type": 5, "text": "hi"}, UNKNOWN_TYPE),
        ({"type": ["message"], "text": "hi"}, UNKNOWN_TYPE),
        ({"type": "message", "text": 5}, BAD_TEXT),
        ({"type": "message", "text": None}, BAD_TEXT),
        ({"type": "message", "text": ["hi"]}, BAD_TEXT),
        ({"type": "message", "text": {"a": 1}}, BAD_TEXT),
    ]
    check_errors(alice, cases)


@pytest.mark.criterion("robust-frames")
def test_huge_frame_is_an_error_frame(chat):
    """A 200,000-character text gets the text error frame, and the connection stays usable."""
    alice = chat.join(chat.room(), "alice")
    check_errors(alice, [({"type": "message", "text": "z" * 200_000}, BAD_TEXT)])

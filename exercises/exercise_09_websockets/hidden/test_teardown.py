"""connection-teardown: nothing a connection started outlives it.

A member dropped for falling far behind is closed with code 1013 (the test makes
it read again as soon as the others got its leave), and no task of a finished
connection is left pending: asyncio logs "Task was destroyed but it is pending!"
when the garbage collector reclaims one, and the app's log is read for it.
"""

import time

import pytest

PENDING = "Task was destroyed but it is pending"


@pytest.mark.criterion("connection-teardown")
def test_dropped_slow_member_is_closed_with_1013(chat):
    """A member dropped for not reading gets close code 1013 once it reads again."""
    room = chat.room()
    alice, bob, carol = chat.around_a_stalled_member(room)

    texts, _ = chat.flood(carol, 1200)
    last = texts[-1]
    alice.watch(
        lambda f: f.get("text") == last or (f.get("type") == "leave" and f.get("user") == "bob"),
        idle=5,
    )
    if not alice.events("leave", "bob"):
        # bob lags behind instead of being dropped, which is allowed: the room must not notice.
        got = alice.texts()
        assert got == texts, (
            f"alice received {len(got)} of the {len(texts)} messages while bob was not reading, "
            f"and bob was not dropped"
        )
        return
    ending = chat.read_until_close(bob, idle=5)
    assert ending == "close 1013", (
        f"bob was dropped for not reading (alice got his leave) and then read again: "
        f"expected a close frame with code 1013 after his frames, got {ending}"
    )


@pytest.mark.criterion("connection-teardown")
def test_no_task_outlives_its_connection(chat, app_log, client):
    """No task outlives its connection: no "Task was destroyed but it is pending!" logged."""
    room = chat.room()
    for _ in range(20):  # members that close
        chat.join(room, "erin").conn.close()
    for _ in range(5):  # and members whose connection drops
        chat.reset(chat.stalled(room, "frank"))
    chat.members_become(room, [], timeout=5)
    # The garbage collector runs as the app allocates: keep it busy for a while.
    deadline = time.monotonic() + 3
    while PENDING not in app_log.text() and time.monotonic() < deadline:
        client.get(f"/rooms/{room}")
    text = app_log.text()
    assert PENDING not in text, (
        f"the app's log says {PENDING!r}: a task started for a connection was still "
        "waiting after its connection had ended (cancel it)"
    )

"""dead-member and slow-receiver: one member's trouble never reaches the others.

``chat.stalled()`` joins a member that never reads: after a few hundred
kilobytes the server cannot write to it any more, and a broadcast that awaits
each member's send in turn hangs there, for everybody.
"""

from uuid import uuid4

import pytest


def assert_received(member, texts, what):
    got = member.texts()
    if got == texts:
        return
    if got == texts[: len(got)]:
        closed = f" (connection closed, code {member.closed})" if member.closed else ""
        detail = f"received {len(got)} of the {len(texts)} messages{closed}"
    else:
        detail = "received the messages out of order or altered"
    raise AssertionError(f"{member.user} {detail} {what}")


@pytest.mark.criterion("dead-member")
def test_member_dropped_mid_broadcast_breaks_nothing(chat):
    """A member dropping mid-broadcast: the others get everything, the sender stays."""
    room = chat.room()
    alice, bob, carol = chat.around_a_stalled_member(room)
    dave = chat.join(room, "dave")
    alice.expect(type="join", user="dave")
    carol.expect(type="join", user="dave")

    texts, sending = chat.flood(dave, 600)
    alice.drain(until=texts[-1], idle=1.5)  # everything, or until the traffic stops
    chat.reset(bob)  # bob's connection dies, maybe while a send to him is pending
    sending.join(timeout=10)
    final = f"final-{uuid4().hex[:8]}"
    dave.say(final)

    for member in (alice, carol):
        member.drain(until=final, idle=5)
        assert_received(member, [*texts, final], "after bob's connection dropped mid-broadcast")
    dave.drain(until=final, idle=5)
    assert final in dave.texts(), (
        f"dave (the sender) did not get his own last message back"
        f"{f' (connection closed, code {dave.closed})' if dave.closed else ''}"
    )


@pytest.mark.criterion("dead-member")
def test_dropped_member_leaves_exactly_once(chat):
    """A member dropping mid-broadcast is removed, with exactly one leave frame."""
    room = chat.room()
    alice, bob, carol = chat.around_a_stalled_member(room)

    texts, sending = chat.flood(carol, 400)
    alice.drain(until=texts[-1], idle=1.5)
    chat.reset(bob)
    sending.join(timeout=10)
    chat.members_become(room, ["alice", "carol"], timeout=5)
    final = f"final-{uuid4().hex[:8]}"
    carol.say(final)
    alice.drain(until=final, idle=5)
    assert_received(alice, [*texts, final], "after bob's connection dropped mid-broadcast")
    leaves = alice.events("leave", "bob")
    assert leaves == 1, f"alice expected exactly one leave frame for bob, got {leaves}"


@pytest.mark.criterion("slow-receiver")
def test_member_that_stops_reading_delays_nobody(chat):
    """With a member not reading, another gets 800 max-length messages (25 s at most)."""
    room = chat.room()
    alice, _, carol = chat.around_a_stalled_member(room)

    texts, _ = chat.flood(carol, 800)
    alice.drain(until=texts[-1], idle=5, deadline=25)
    assert_received(alice, texts, "while bob was not reading (no frame for 5 s, or 25 s in all)")


@pytest.mark.criterion("slow-receiver")
def test_sender_and_newcomers_are_not_held_up(chat):
    """With a member not reading, the sender gets its echoes and a newcomer can chat."""
    room = chat.room()
    chat.stalled(room, "bob")
    carol = chat.join(room, "carol")

    texts, _ = chat.flood(carol, 400)
    carol.drain(until=texts[-1], idle=5, deadline=25)
    assert_received(carol, texts, "(her own echoes) while bob was not reading")

    dave = chat.join(room, "dave")
    got = [m.get("text") for m in dave.history]
    assert got == texts[-20:], (
        f"dave's history while bob was not reading: expected the last 20 of carol's "
        f"messages, oldest first; got {len(got)} messages, not those"
    )
    hello = f"hello-{uuid4().hex[:8]}"
    dave.say(hello)
    for member in (dave, carol):
        member.drain(until=hello, idle=5)
        assert hello in member.texts(), (
            f"{member.user} did not get dave's message while bob was not reading"
            f"{f' (connection closed, code {member.closed})' if member.closed else ''}"
        )

"""cache-hit, ttl-expiry and invalidate-on-write: the cache itself."""

import time

import pytest
from conftest import TTL_SECONDS, assert_report, expected_report


@pytest.mark.criterion("cache-hit")
def test_second_get_is_served_from_the_cache(api, timed):
    """Within the TTL, repeated GETs of a key compute it once and return the same report quickly."""
    key = api.key("hit")
    api.put(key, [3, 4])
    expected = expected_report(key, [3, 4])
    assert_report(api.get(key), expected, f"GET /reports/{key}")

    def five_gets():
        return [api.get(key) for _ in range(5)]

    responses, seconds = timed(five_gets)
    for response in responses:
        assert_report(response, expected, f"GET /reports/{key} again")
    count = api.computations(key)
    assert count == 1, (
        f"/debug/stats computations[{key!r}]: expected 1 after 6 GETs within the TTL, got {count}"
    )
    assert seconds < 1.0, (
        f"5 cached GETs took {seconds:.2f}s; expected < 1.0s (one computation takes 0.5s)"
    )


@pytest.mark.criterion("cache-hit")
def test_each_key_has_its_own_entry(api, in_parallel):
    """Two keys with different data each get their own report, each computed once."""
    first, second = api.key("own"), api.key("own")
    api.put(first, [1])
    api.put(second, [2, 2])
    in_parallel(lambda: api.report(first), lambda: api.report(second))
    for _ in range(2):
        assert_report(api.get(first), expected_report(first, [1]), f"GET /reports/{first}")
        assert_report(api.get(second), expected_report(second, [2, 2]), f"GET /reports/{second}")
    counts = [api.computations(first), api.computations(second)]
    assert counts == [1, 1], (
        f"/debug/stats computations of the two keys: expected [1, 1], got {counts}"
    )


@pytest.mark.criterion("ttl-expiry")
def test_report_is_recomputed_after_the_ttl(api):
    """A report is still cached 1.5 s after its computation and recomputed after the 3 s TTL."""
    key = api.key("ttl")
    expected = expected_report(key, [])
    assert_report(api.get(key), expected, f"GET /reports/{key}")
    stored = time.monotonic()
    time.sleep(1.5)
    assert_report(api.get(key), expected, f"GET /reports/{key} 1.5s later")
    count = api.computations(key)
    assert count == 1, (
        f"/debug/stats computations[{key!r}] 1.5s after the first GET: expected 1 "
        f"(still cached, the TTL is {TTL_SECONDS}s), got {count}"
    )
    time.sleep(max(0.0, stored + TTL_SECONDS + 0.75 - time.monotonic()))
    assert_report(api.get(key), expected, f"GET /reports/{key} after the TTL")
    count = api.computations(key)
    assert count == 2, (
        f"/debug/stats computations[{key!r}] {TTL_SECONDS + 0.75}s after the first GET: "
        f"expected 2 (the entry expired and was recomputed), got {count}"
    )


@pytest.mark.criterion("invalidate-on-write")
def test_write_invalidates_the_key(api):
    """After PUT /reports/{key}/data the next GET reports the new values, computed once more."""
    key = api.key("write")
    assert_report(api.get(key), expected_report(key, []), f"GET /reports/{key}")
    api.put(key, [5, 6, 7])
    expected = expected_report(key, [5, 6, 7])
    assert_report(api.get(key), expected, f"GET /reports/{key} after PUT")
    assert_report(api.get(key), expected, f"GET /reports/{key} after PUT, again")
    count = api.computations(key)
    assert count == 2, (
        f"/debug/stats computations[{key!r}]: expected 2 (before and after the write), got {count}"
    )


@pytest.mark.criterion("invalidate-on-write")
def test_write_leaves_other_keys_cached(api, in_parallel):
    """A PUT invalidates its own key only: another cached key is not recomputed."""
    written, other = api.key("written"), api.key("other")
    in_parallel(lambda: api.report(written), lambda: api.report(other))
    api.put(written, [9])
    assert_report(api.get(other), expected_report(other, []), f"GET /reports/{other}")
    count = api.computations(other)
    assert count == 1, (
        f"/debug/stats computations of a key nobody wrote to: expected 1, got {count} "
        "(a PUT must invalidate only its own key)"
    )

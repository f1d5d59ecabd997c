"""single-flight, no-global-lock and read-your-writes: the cache under concurrent requests.

One computation takes 0.5 s. A cache without single-flight computes a cold
key once per waiting request; a cache that serializes every computation
behind one lock takes 0.5 s per distinct key.
"""

from concurrent.futures import ThreadPoolExecutor

import pytest
from conftest import assert_ok, assert_report, expected_report

STAMPEDE = 8


@pytest.mark.criterion("single-flight")
def test_cold_key_is_computed_once_for_concurrent_requests(api, in_parallel):
    """8 concurrent GETs of a cold key all get the report, from exactly one computation."""
    key = api.key("stampede")
    api.put(key, [2, 3, 5])
    expected = expected_report(key, [2, 3, 5])
    responses = in_parallel(*[lambda: api.get(key) for _ in range(STAMPEDE)])
    for response in responses:
        assert_report(response, expected, f"GET /reports/{key} (one of {STAMPEDE} concurrent)")
    etags = {response.headers.get("etag") for response in responses}
    assert len(etags) == 1, f"expected the {STAMPEDE} answers to share one ETag, got {etags}"
    count = api.computations(key)
    assert count == 1, (
        f"{STAMPEDE} concurrent GETs of a cold key: expected 1 computation, got {count} "
        "(the requests that arrive while it is computed must wait for that computation)"
    )


@pytest.mark.criterion("single-flight")
def test_invalidated_key_is_recomputed_once_for_concurrent_requests(api, in_parallel):
    """After a write, 8 concurrent GETs of the key get the new report from exactly 1 computation."""
    key = api.key("stampede-write")
    api.report(key)
    api.put(key, [7])
    expected = expected_report(key, [7])
    responses = in_parallel(*[lambda: api.get(key) for _ in range(STAMPEDE)])
    for response in responses:
        assert_report(response, expected, f"GET /reports/{key} after the write (concurrent)")
    count = api.computations(key)
    assert count == 2, (
        f"{STAMPEDE} concurrent GETs after a write: expected 1 new computation, got {count - 1}"
    )


@pytest.mark.criterion("no-global-lock")
def test_distinct_cold_keys_are_computed_concurrently(api, in_parallel, timed):
    """8 concurrent GETs of 8 different cold keys all finish within 2 s (each takes 0.5 s)."""
    keys = [api.key("parallel") for _ in range(8)]
    responses, seconds = timed(in_parallel, *[lambda k=k: api.get(k) for k in keys])
    for key, response in zip(keys, responses, strict=True):
        assert_report(response, expected_report(key, []), f"GET /reports/{key}")
    assert seconds < 2.0, (
        f"8 different cold keys took {seconds:.2f}s; expected < 2.0s (0.5s each, 4s one "
        "after another): a computation must only make requests for the same key wait"
    )


@pytest.mark.criterion("read-your-writes")
def test_write_during_a_computation_is_not_overwritten(api):
    """A report computed from values read before a PUT is not cached: later GETs show the write."""
    key = api.key("race")
    api.put(key, [1])
    with ThreadPoolExecutor(max_workers=1) as pool:
        before = pool.submit(api.get, key)
        api.wait_until_computing(key, 1)
        api.put(key, [5, 5])  # lands while that computation runs
        old = before.result(timeout=10)
    assert_ok(old, f"GET /reports/{key} started before the write")
    response = api.get(key)
    assert_report(
        response,
        expected_report(key, [5, 5]),
        f"GET /reports/{key} after the write (and after the older computation finished)",
    )


@pytest.mark.criterion("read-your-writes")
def test_get_after_a_write_does_not_join_an_older_computation(api):
    """A GET sent after a PUT answered never gets a report computed from the values before it."""
    key = api.key("join")
    api.put(key, [1])
    with ThreadPoolExecutor(max_workers=1) as pool:
        before = pool.submit(api.get, key)
        api.wait_until_computing(key, 1)
        api.put(key, [5, 5])  # lands while that computation runs
        after = api.get(key)
        old = before.result(timeout=10)
    assert_ok(old, f"GET /reports/{key} started before the write")
    expected = expected_report(key, [5, 5])
    assert_report(after, expected, f"GET /reports/{key} sent after the write")
    assert_report(api.get(key), expected, f"GET /reports/{key} once both computations finished")

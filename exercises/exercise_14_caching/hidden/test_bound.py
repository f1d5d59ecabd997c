"""lru-bound: the cache holds at most 4 reports and evicts the least recently used."""

import pytest
from conftest import MAX_ENTRIES, assert_report, expected_report


@pytest.mark.criterion("lru-bound")
def test_cache_holds_at_most_four_reports(api, in_parallel):
    """After 7 different keys are fetched, /debug/stats reports cache_size 4."""
    keys = [api.key("bound") for _ in range(7)]
    responses = in_parallel(*[lambda k=k: api.get(k) for k in keys])
    for key, response in zip(keys, responses, strict=True):
        assert_report(response, expected_report(key, []), f"GET /reports/{key}")
    size = api.cache_size()
    assert size == MAX_ENTRIES, (
        f"/debug/stats cache_size after 7 different keys: expected {MAX_ENTRIES}, got {size!r}"
    )


@pytest.mark.criterion("lru-bound")
def test_least_recently_used_report_is_evicted(api, in_parallel):
    """With 4 reports cached, a 5th evicts the least recently used one, not the oldest one."""
    first, *middle, last = [api.key(f"lru{i}") for i in range(MAX_ENTRIES + 1)]
    api.report(first)  # the oldest entry...
    in_parallel(*[lambda k=k: api.report(k) for k in middle])
    for key in [*middle, first]:  # ...is used last: middle[0] is now the least recently used
        api.report(key)
    api.report(last)  # one too many: evicts middle[0]
    assert_report(api.get(first), expected_report(first, []), f"GET /reports/{first}")
    count = api.computations(first)
    assert count == 1, (
        f"the oldest but recently used report was recomputed ({count} computations): "
        "expected the least recently used one to be evicted, not the oldest"
    )
    least = middle[0]
    assert_report(api.get(least), expected_report(least, []), f"GET /reports/{least}")
    count = api.computations(least)
    assert count == 2, (
        f"the least recently used report was computed {count} time(s): expected 2 "
        f"(evicted when the 5th key arrived, then recomputed)"
    )

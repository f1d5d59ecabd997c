"""etag, not-modified and cache-control: HTTP caching headers."""

import time

import pytest
from conftest import TTL_SECONDS, assert_ok, assert_report, expected_report, max_age


def etag_of(response, what):
    etag = response.headers.get("etag")
    assert etag, f"{what}: expected an ETag header, got none"
    assert not etag.startswith("W/"), f"{what}: expected a strong ETag (no W/), got {etag!r}"
    assert len(etag) > 2 and etag.startswith('"') and etag.endswith('"'), (
        f'{what}: expected a quoted ETag like "abc123", got {etag!r}'
    )
    return etag


def assert_not_modified(response, etag, what):
    assert response.status_code == 304, (
        f"{what}: expected 304, got {response.status_code} {response.text[:120]}"
    )
    assert response.content == b"", f"{what}: expected an empty body, got {response.text[:120]!r}"
    got = response.headers.get("etag")
    assert got == etag, f"{what}: expected the 304 to carry ETag {etag}, got {got!r}"


# --- etag --------------------------------------------------------------------


@pytest.mark.criterion("etag")
def test_etag_is_strong_and_stable_on_hits(api):
    """GET /reports/{key} sends a strong, quoted ETag, the same one on every cached GET."""
    key = api.key("etag")
    first = etag_of(api.report(key), f"GET /reports/{key}")
    for _ in range(3):
        again = etag_of(api.report(key), f"GET /reports/{key} again")
        assert again == first, f"GET /reports/{key} again: expected ETag {first}, got {again}"


@pytest.mark.criterion("etag")
def test_etag_follows_the_content(api):
    """The ETag changes when the report changes and comes back when the content does."""
    key = api.key("etag-content")
    api.put(key, [1, 2])
    one = etag_of(api.report(key), f"GET /reports/{key} of [1, 2]")
    api.put(key, [1, 2, 3])
    other = etag_of(api.report(key), f"GET /reports/{key} of [1, 2, 3]")
    assert other != one, f"expected a new ETag after the report changed, got {one} twice"
    api.put(key, [1, 2])
    back = etag_of(api.report(key), f"GET /reports/{key} of [1, 2] again")
    assert back == one, (
        f"expected the same content to give the same ETag ({one}), got {back} "
        "(derive the ETag from the body, e.g. a hash)"
    )


# --- not-modified ------------------------------------------------------------


@pytest.mark.criterion("not-modified")
def test_matching_if_none_match_is_304(api):
    """If-None-Match with the current ETag is 304 with no body and the ETag, without computing."""
    key = api.key("304")
    etag = etag_of(api.report(key), f"GET /reports/{key}")
    assert_not_modified(api.get(key, etag), etag, f"GET /reports/{key} with If-None-Match: {etag}")
    listed = f'"no-such-tag", {etag}'
    assert_not_modified(
        api.get(key, listed), etag, f"GET /reports/{key} with If-None-Match: {listed}"
    )
    count = api.computations(key)
    assert count == 1, (
        f"/debug/stats computations[{key!r}]: expected 1 (a 304 for a cached report "
        f"computes nothing), got {count}"
    )


@pytest.mark.criterion("not-modified")
def test_other_if_none_match_is_200(api):
    """If-None-Match with another ETag answers 200 with the full report."""
    key = api.key("200")
    api.put(key, [4])
    expected = expected_report(key, [4])
    etag = etag_of(api.report(key), f"GET /reports/{key}")
    response = api.get(key, '"not-the-current-tag"')
    assert_report(
        response, expected, f'GET /reports/{key} with If-None-Match: "not-the-current-tag"'
    )
    assert response.headers.get("etag") == etag, (
        f"expected the 200 to carry ETag {etag}, got {response.headers.get('etag')!r}"
    )


@pytest.mark.criterion("not-modified")
def test_etag_from_before_a_write_is_200(api):
    """After a write, If-None-Match with the old ETag answers 200 with the new report and ETag."""
    key = api.key("stale-tag")
    old = etag_of(api.report(key), f"GET /reports/{key}")
    api.put(key, [8, 9])
    response = api.get(key, old)
    assert_report(response, expected_report(key, [8, 9]), f"GET /reports/{key} with the old ETag")
    new = etag_of(response, f"GET /reports/{key} after the write")
    assert new != old, f"expected a new ETag after the write, got {old} again"


# --- cache-control -----------------------------------------------------------


@pytest.mark.criterion("cache-control")
def test_fresh_report_has_max_age_of_the_ttl(api):
    """A just-computed report and its 304 carry Cache-Control: max-age=3 (the TTL)."""
    key = api.key("max-age")
    response = api.report(key)
    what = f"GET /reports/{key} (just computed)"
    seconds = max_age(response, what)
    assert seconds in (TTL_SECONDS - 1, TTL_SECONDS), (
        f"{what}: expected max-age={TTL_SECONDS}, got max-age={seconds}"
    )
    etag = response.headers.get("etag", "")
    not_modified = api.get(key, etag)
    what = f"GET /reports/{key} with If-None-Match (304)"
    assert not_modified.status_code == 304, f"{what}: expected 304, got {not_modified.status_code}"
    seconds = max_age(not_modified, what)
    assert seconds in (TTL_SECONDS - 1, TTL_SECONDS), (
        f"{what}: expected max-age={TTL_SECONDS}, got max-age={seconds}"
    )


@pytest.mark.criterion("cache-control")
def test_max_age_counts_down_with_the_entry(api):
    """1.6 s after a report was computed, its 200 and 304 say max-age=1 (what is left), not 3."""
    key = api.key("count-down")
    etag = api.report(key).headers.get("etag", "")
    time.sleep(1.6)
    response = api.get(key)
    assert_ok(response, f"GET /reports/{key} 1.6s later")
    assert api.computations(key) == 1, (
        f"GET /reports/{key} 1.6s later: expected a cached answer (TTL {TTL_SECONDS}s), "
        "got a new computation"
    )
    what = f"GET /reports/{key} 1.6s after it was computed"
    seconds = max_age(response, what)
    assert 0 <= seconds <= 2, (
        f"{what}: expected max-age=1 (the seconds the entry has left), got max-age={seconds}"
    )
    not_modified = api.get(key, etag)
    what = f"GET /reports/{key} with If-None-Match 1.6s after it was computed"
    assert not_modified.status_code == 304, f"{what}: expected 304, got {not_modified.status_code}"
    seconds = max_age(not_modified, what)
    assert 0 <= seconds <= 2, (
        f"{what}: expected max-age=1 (the seconds the entry has left), got max-age={seconds}"
    )

"""request-counter, latency-histogram, route-templates and bounded-labels."""

import math
import re
import uuid

import pytest
from conftest import COUNTER, HISTOGRAM, missing_item_id, series

ITEM_ROUTE = "/items/{item_id}"
UNMATCHED = "unmatched"
EXPOSITION_VERSIONS = {"0.0.4", "1.0.0"}


def create_item(client, name="widget"):
    response = client.post("/items", json={"name": name, "price": 3})
    assert response.status_code == 201, f"POST /items: expected 201, got {response.status_code}"
    return response.json()["id"]


def assert_grew(scrape_before, scrape_after, grown, name, labels, expected, what):
    assert grown == expected, (
        f"after {what}: expected {name}{series(labels)} to grow by {expected}, "
        f"got {grown:g} (before {scrape_before.value(name, **labels):g}, "
        f"after {scrape_after.value(name, **labels):g})"
    )


def counter_grows(metrics, before, labels, expected, what):
    after, grown = metrics.after(before, COUNTER, labels, expected)
    assert_grew(before, after, grown, COUNTER, labels, expected, what)
    return after


def routes_in(scrape):
    return {
        labels.get("route")
        for name, labels, _ in scrape.samples
        if name == COUNTER or name.startswith(HISTOGRAM)
    }


# --- request-counter -----------------------------------------------------------


@pytest.mark.criterion("request-counter")
def test_metrics_endpoint_format(client, metrics):
    """GET /metrics is 200 text/plain (version 0.0.4 or 1.0.0) with a counter and a histogram."""
    create_item(client)
    response = client.get("/metrics")
    assert response.status_code == 200, f"GET /metrics: expected 200, got {response.status_code}"
    content_type = response.headers.get("content-type", "")
    media_type, *params = (part.strip() for part in content_type.split(";"))
    version = dict(p.partition("=")[::2] for p in params).get("version")
    assert media_type == "text/plain" and version in EXPOSITION_VERSIONS, (
        "GET /metrics: expected Content-Type text/plain; version=0.0.4 (or 1.0.0); "
        f"charset=utf-8, got {content_type!r}"
    )
    scrape = metrics.scrape()
    kinds = {COUNTER: "counter", f"{HISTOGRAM}_count": "histogram"}
    for sample, kind in kinds.items():
        got = scrape.types.get(sample)
        assert got == kind, (
            f"GET /metrics: expected samples {sample} of a {kind}, "
            f"got {'none' if got is None else 'a ' + got}"
        )


@pytest.mark.criterion("request-counter")
def test_requests_are_counted(client, metrics):
    """3 POST /items (201), 2 invalid ones (422) and 2 GET /items (200) are counted by status."""
    before = metrics.scrape()
    for n in range(3):
        create_item(client, f"counted-{n}")
    for _ in range(2):
        assert client.post("/items", json={"name": "x"}).status_code == 422
    for _ in range(2):
        assert client.get("/items").status_code == 200
    what = "3 x 201, 2 x 422 on POST /items and 2 x 200 on GET /items"
    for method, status, count in (("POST", "201", 3), ("POST", "422", 2), ("GET", "200", 2)):
        labels = {"method": method, "route": "/items", "status": status}
        counter_grows(metrics, before, labels, count, what)


@pytest.mark.criterion("request-counter")
def test_counter_labels(client, metrics):
    """Every http_requests_total sample has exactly the labels method, route, status ("200")."""
    client.get("/items")
    client.get(f"/items/{missing_item_id()}")
    scrape = metrics.scrape()
    samples = scrape.named(COUNTER)
    assert samples, "GET /metrics: expected http_requests_total samples, got none"
    for labels, _ in samples:
        assert set(labels) == {"method", "route", "status"}, (
            f"http_requests_total: expected the labels method, route, status, got {series(labels)}"
        )
        assert re.fullmatch(r"[1-5]\d\d", labels["status"]), (
            f'http_requests_total: expected status like "200", got {series(labels)}'
        )
        assert labels["method"].isupper(), (
            f"http_requests_total: expected an upper-case method, got {series(labels)}"
        )


# --- latency-histogram -------------------------------------------------------


@pytest.mark.criterion("latency-histogram")
def test_histogram_counts_durations_in_seconds(client, metrics):
    """3 POST /items (50 ms each) add 3 to the histogram's _count and 0.1 to 30 s to its _sum."""
    labels = {"method": "POST", "route": "/items"}
    before = metrics.scrape()
    for n in range(3):
        create_item(client, f"timed-{n}")
    name = f"{HISTOGRAM}_count"
    after, grown = metrics.after(before, name, labels, 3)
    assert_grew(before, after, grown, name, labels, 3, "3 x POST /items")
    total = after.value(f"{HISTOGRAM}_sum", **labels) - before.value(f"{HISTOGRAM}_sum", **labels)
    assert 0.1 <= total < 30, (
        f"3 x POST /items take at least 0.15 s: expected {HISTOGRAM}_sum{series(labels)} "
        f"to grow by 0.1 to 30 (seconds), got {total:g}"
    )


@pytest.mark.criterion("latency-histogram")
def test_histogram_buckets(client, metrics):
    """The histogram has cumulative buckets (method, route, le); le="+Inf" equals _count."""
    client.get("/items")
    labels = {"method": "GET", "route": "/items"}
    scrape = metrics.scrape()
    buckets = [
        (bucket_labels, value)
        for bucket_labels, value in scrape.named(f"{HISTOGRAM}_bucket")
        if {k: v for k, v in bucket_labels.items() if k != "le"} == labels
    ]
    assert len(buckets) >= 2, (
        f"expected {HISTOGRAM}_bucket samples with method and route labels "
        f"{series(labels)} and le, got {len(buckets)}"
    )
    for bucket_labels, _ in buckets:
        assert set(bucket_labels) == {"method", "route", "le"}, (
            f"{HISTOGRAM}_bucket: expected the labels method, route, le, "
            f"got {series(bucket_labels)}"
        )
    ordered = sorted(buckets, key=lambda bucket: float(bucket[0]["le"]))
    counts = [value for _, value in ordered]
    assert counts == sorted(counts), f"buckets must be cumulative, got {counts}"
    assert math.isinf(float(ordered[-1][0]["le"])), 'expected a le="+Inf" bucket'
    count = scrape.value(f"{HISTOGRAM}_count", **labels)
    assert counts[-1] == count >= 1, (
        f'expected the le="+Inf" bucket to equal {HISTOGRAM}_count ({count:g}), got {counts[-1]:g}'
    )


# --- route-templates -----------------------------------------------------------


@pytest.mark.criterion("route-templates")
def test_item_routes_are_labelled_by_template(client, metrics):
    """GET /items/{id} answering 200, 404 and 422 is counted under route="/items/{item_id}"."""
    item_id = create_item(client, "templated")
    before = metrics.scrape()
    for path, status in (
        (f"/items/{item_id}", 200),
        (f"/items/{item_id}", 200),
        (f"/items/{missing_item_id()}", 404),
        ("/items/not-a-number", 422),
    ):
        response = client.get(path)
        assert response.status_code == status, (
            f"GET {path}: expected {status}, got {response.status_code}"
        )
    what = "GET /items/{id} answering 200, 200, 404 and 422"
    for status, count in (("200", 2), ("404", 1), ("422", 1)):
        labels = {"method": "GET", "route": ITEM_ROUTE, "status": status}
        counter_grows(metrics, before, labels, count, what)
    labels = {"method": "GET", "route": ITEM_ROUTE}
    after, grown = metrics.after(before, f"{HISTOGRAM}_count", labels, 4)
    assert_grew(before, after, grown, f"{HISTOGRAM}_count", labels, 4, what)


@pytest.mark.criterion("route-templates")
def test_raw_ids_never_become_labels(client, metrics):
    """After GET /items/{unique id}, that id appears nowhere in /metrics (no route="/items/123")."""
    item_id = missing_item_id()
    client.get(f"/items/{item_id}")
    scrape = metrics.scrape()
    raw = [route for route in routes_in(scrape) if route and str(item_id) in route]
    assert not raw, f"GET /metrics: expected no route label holding {item_id}, got {raw}"
    assert f"/items/{item_id}" not in scrape.text, (
        f"GET /metrics shows the raw path /items/{item_id}"
    )


@pytest.mark.criterion("route-templates")
def test_access_line_route_is_the_template(client, logs):
    """The access line of GET /items/{id} has route "/items/{item_id}" and the raw path in path."""
    item_id = missing_item_id()
    since = logs.mark()
    client.get(f"/items/{item_id}")
    line = logs.one_access_line(since, "GET /items/{missing id}", path=f"/items/{item_id}")
    assert line.get("route") == ITEM_ROUTE, (
        f"access line of GET /items/{item_id}: expected route {ITEM_ROUTE!r}, "
        f"got {line.get('route')!r}"
    )


# --- bounded-labels ------------------------------------------------------------


@pytest.mark.criterion("bounded-labels")
def test_unknown_paths_share_one_label(client, metrics, logs):
    """Two unknown paths are counted under route="unmatched"; their paths are not in /metrics."""
    marks = [uuid.uuid4().hex, uuid.uuid4().hex]
    paths = [f"/nowhere/{marks[0]}", f"/{marks[1]}/deeper"]
    before = metrics.scrape()
    since = logs.mark()
    for path in paths:
        response = client.get(path)
        assert response.status_code == 404, f"GET {path}: expected 404, got {response.status_code}"
    labels = {"method": "GET", "route": UNMATCHED, "status": "404"}
    after = counter_grows(metrics, before, labels, 2, "GET on two unknown paths")
    for path, mark in zip(paths, marks, strict=True):
        assert mark not in after.text, (
            f'GET /metrics shows the unknown path {path}: expected it under route="unmatched"'
        )
    line = logs.one_access_line(since, f"GET {paths[0]}", path=paths[0])
    assert line.get("route") == UNMATCHED, (
        f"access line of GET {paths[0]}: expected route 'unmatched', got {line.get('route')!r}"
    )


@pytest.mark.criterion("bounded-labels")
def test_metrics_scrapes_are_not_measured(metrics):
    """Scraping GET /metrics adds no series: no route="/metrics" in the counter or the histogram."""
    for _ in range(3):
        metrics.scrape()
    scrape = metrics.scrape()
    assert "/metrics" not in routes_in(scrape), (
        'GET /metrics: expected no series with route="/metrics" (scrapes are not measured)'
    )

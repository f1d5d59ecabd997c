"""report-contract: the endpoints answer as the brief says."""

import pytest
from conftest import assert_report, expected_report


@pytest.mark.criterion("report-contract")
def test_report_of_a_key_nobody_wrote(api):
    """GET /reports/{key} of a key without data answers 200 with the empty report, as JSON."""
    key = api.key("empty")
    response = api.get(key)
    assert_report(response, expected_report(key, []), f"GET /reports/{key}")
    content_type = response.headers.get("content-type", "")
    assert content_type.startswith("application/json"), (
        f"GET /reports/{key}: expected Content-Type application/json, got {content_type!r}"
    )


@pytest.mark.criterion("report-contract")
def test_put_stores_values_and_get_reports_them(client, api):
    """PUT /reports/{key}/data answers 200 {key, values}; GET /reports/{key} then reports them."""
    key = api.key("data")
    values = [10, 20, 30, 7]
    response = client.put(f"/reports/{key}/data", json={"values": values})
    assert response.status_code == 200, (
        f"PUT /reports/{key}/data: expected 200, got {response.status_code} {response.text[:200]}"
    )
    expected = {"key": key, "values": values}
    assert response.json() == expected, (
        f"PUT /reports/{key}/data: expected {expected}, got {response.json()!r}"
    )
    assert_report(api.get(key), expected_report(key, values), f"GET /reports/{key}")


@pytest.mark.criterion("report-contract")
def test_reports_come_from_compute_report(api):
    """Reports come from reports.compute_report: /debug/stats counts 1 computation for one GET."""
    key = api.key("counted")
    api.put(key, [1, 2, 4])
    assert_report(api.get(key), expected_report(key, [1, 2, 4]), f"GET /reports/{key}")
    count = api.computations(key)
    assert count == 1, (
        f"/debug/stats computations[{key!r}]: expected 1 after one GET, got {count} "
        "(is the report computed with source.compute_report?)"
    )
    size = api.cache_size()
    assert isinstance(size, int) and not isinstance(size, bool), (
        f"/debug/stats cache_size: expected an integer, got {size!r}"
    )


@pytest.mark.criterion("report-contract")
@pytest.mark.parametrize(
    "body",
    [{}, {"values": "1,2"}, {"values": ["ten"]}, {"values": [1.5]}, {"values": [1] * 1001}],
    ids=["missing", "string", "word", "float", "too-many"],
)
def test_invalid_values_are_422(client, api, body):
    """PUT /reports/{key}/data with an invalid body (not a list of at most 1000 integers) is 422."""
    key = api.key("invalid")
    response = client.put(f"/reports/{key}/data", json=body)
    assert response.status_code == 422, (
        f"PUT /reports/{key}/data with {str(body)[:40]}: expected 422, got {response.status_code}"
    )

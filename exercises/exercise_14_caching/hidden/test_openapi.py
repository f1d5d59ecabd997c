"""openapi-contract: /openapi.json declares the responses of both report routes."""

import re

import pytest

REPORT_FIELDS = {"key", "count", "total", "min", "max", "mean"}


def report_path(openapi, suffix=""):
    """The app's path for /reports/{key}{suffix}, whatever it named the parameter."""
    pattern = r"/reports/\{[^/{}]+\}" + re.escape(suffix)
    paths = openapi.document.get("paths", {})
    return next((p for p in paths if re.fullmatch(pattern, p)), "/reports/{key}" + suffix)


@pytest.mark.criterion("openapi-contract")
def test_read_report_declares_report_schema(openapi):
    """/openapi.json: GET /reports/{key} declares its 200 response model, the report."""
    openapi.assert_response_fields("get", report_path(openapi), 200, REPORT_FIELDS)


@pytest.mark.criterion("openapi-contract")
def test_read_report_declares_not_modified(openapi):
    """/openapi.json: GET /reports/{key} declares its 304 Not Modified response."""
    path = report_path(openapi)
    statuses = openapi.response_statuses("get", path)
    assert "304" in statuses, (
        f"/openapi.json: GET {path} declares the responses {sorted(statuses)}, "
        "expected a 304 among them"
    )


@pytest.mark.criterion("openapi-contract")
def test_write_values_declares_its_schema(openapi):
    """/openapi.json: PUT /reports/{key}/data declares its 200 response model, key and values."""
    openapi.assert_response_fields("put", report_path(openapi, "/data"), 200, {"key", "values"})

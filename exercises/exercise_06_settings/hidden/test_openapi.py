"""openapi-contract: /openapi.json declares the response model of every route."""

import pytest

CONFIG_FIELDS = {"name", "environment", "max_upload_mb", "allowed_hosts", "api_key", "database_url"}


@pytest.mark.criterion("openapi-contract")
def test_info_declares_its_response(openapi):
    """/openapi.json: GET /info declares its 200 response model (name, environment)."""
    openapi.assert_response_fields("get", "/info", 200, {"name", "environment"})


@pytest.mark.criterion("openapi-contract")
def test_config_declares_its_response(openapi):
    """/openapi.json: GET /config declares its 200 response model with the six settings."""
    openapi.assert_response_fields("get", "/config", 200, CONFIG_FIELDS)


@pytest.mark.criterion("openapi-contract")
def test_uploads_declares_its_response(openapi):
    """/openapi.json: POST /uploads declares its 201 response model (size)."""
    openapi.assert_response_fields("post", "/uploads", 201, {"size"})


@pytest.mark.criterion("openapi-contract")
def test_admin_status_declares_its_response(openapi):
    """/openapi.json: GET /admin/status declares its 200 response model (status, environment)."""
    openapi.assert_response_fields("get", "/admin/status", 200, {"status", "environment"})

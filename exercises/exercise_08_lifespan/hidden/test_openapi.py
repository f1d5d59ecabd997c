"""openapi-contract: /openapi.json declares the response model of every route."""

import pytest
from conftest import HEALTH_KEYS

PREDICTION_FIELDS = {"id", "model", "label", "score"}


@pytest.mark.criterion("openapi-contract")
def test_predict_declares_its_response(openapi):
    """/openapi.json: POST /predict declares its 200 response model, {id, model, label, score}."""
    openapi.assert_response_fields("post", "/predict", 200, PREDICTION_FIELDS)


@pytest.mark.criterion("openapi-contract")
def test_health_declares_its_response(openapi):
    """/openapi.json: GET /health declares its 200 response model, with the documented keys."""
    openapi.assert_response_fields("get", "/health", 200, HEALTH_KEYS)

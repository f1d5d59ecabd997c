"""model-path-setting."""

import pytest
from conftest import health, predict, require_ready

V2 = "models/sentiment-v2.bin"
# "meh" and "boring" are negative words for sentiment-v2 only
V2_ONLY = "meh, a boring show"


@pytest.mark.criterion("model-path-setting")
def test_default_model_is_v1(client):
    """With MODEL_PATH unset the app serves sentiment-v1 ("meh, a boring show" is neutral)."""
    body = predict(client, V2_ONLY)
    got = {key: body.get(key) for key in ("model", "label", "score")}
    expected = {"model": "sentiment-v1", "label": "neutral", "score": 0.0}
    assert got == expected, f"POST /predict {V2_ONLY!r}: expected {expected}, got {got}"


@pytest.mark.criterion("model-path-setting")
def test_model_path_selects_the_model(client, restart_app):
    """Started with MODEL_PATH=models/sentiment-v2.bin, /health and /predict use sentiment-v2."""
    started = restart_app(env={"MODEL_PATH": V2})
    require_ready(started, f"with MODEL_PATH={V2}")
    model = health(client).get("model")
    assert model == "sentiment-v2", (
        f"GET /health with MODEL_PATH={V2}: expected model 'sentiment-v2', got {model!r}"
    )
    body = predict(client, V2_ONLY)
    got = {key: body.get(key) for key in ("model", "label", "score")}
    expected = {"model": "sentiment-v2", "label": "negative", "score": -1.0}
    assert got == expected, (
        f"POST /predict {V2_ONLY!r} with MODEL_PATH={V2}: expected {expected}, got {got}"
    )

"""predict and predictions-recorded."""

import pytest
from conftest import counter, health, predict, settled


def check_prediction(client, text, label, score, model="sentiment-v1"):
    body = predict(client, text)
    assert isinstance(body.get("id"), int), (
        f"POST /predict {text!r}: expected an integer id, got {body.get('id')!r}"
    )
    expected = {"id": body["id"], "model": model, "label": label, "score": score}
    assert body == expected, f"POST /predict {text!r}: expected {expected}, got {body}"


@pytest.mark.criterion("predict")
def test_positive_text(client):
    """POST /predict "I love it, what a great day" answers id, model, label positive, score 1.0."""
    check_prediction(client, "I love it, what a great day", "positive", 1.0)


@pytest.mark.criterion("predict")
def test_negative_and_neutral_texts(client):
    """Negative and neutral texts get the model's label and score (-1.0, 0.0)."""
    check_prediction(client, "An awful, terrible film. I hate it", "negative", -1.0)
    check_prediction(client, "The train leaves at noon", "neutral", 0.0)
    check_prediction(client, "good and bad", "neutral", 0.0)


@pytest.mark.criterion("predict")
def test_mixed_text_score(client):
    """A mixed text gets the model's rounded score (2 positive, 1 negative words -> 0.333)."""
    check_prediction(client, "Good food, nice view, sad service", "positive", 0.333)


@pytest.mark.criterion("predict")
def test_invalid_body_is_422(client):
    """POST /predict without text, with an empty, 1001-character or non-string text is 422."""
    bodies = {
        "no text": {},
        "empty text": {"text": ""},
        "1001 characters": {"text": "a" * 1001},
        "a list": {"text": ["good"]},
    }
    for what, body in bodies.items():
        response = client.post("/predict", json=body)
        assert response.status_code == 422, (
            f"POST /predict with {what}: expected 422, got {response.status_code}"
        )
    response = client.post("/predict", json={"text": "good " * 200})
    assert response.status_code == 200, (
        f"POST /predict with a 1000-character text: expected 200, got {response.status_code}"
    )


@pytest.mark.criterion("predictions-recorded")
def test_each_prediction_is_recorded(client):
    """Each POST /predict is recorded through a pool connection: consecutive ids, in /health."""
    before = counter(health(client), "predictions")
    ids = [predict(client, f"great day number {i}").get("id") for i in range(3)]
    expected = [before + 1, before + 2, before + 3]
    assert ids == expected, (
        f"with {before} predictions recorded before, three POST /predict: "
        f"expected ids {expected} (what conn.record returned), got {ids}"
    )
    after = counter(health(client), "predictions")
    assert after == before + 3, (
        f"GET /health predictions after three POST /predict: expected {before + 3}, got {after}"
    )


@pytest.mark.criterion("predictions-recorded")
def test_connections_are_given_back(client):
    """After five POST /predict the pool has no connection in use (active_connections 0)."""
    for i in range(5):
        predict(client, f"bad luck {i}")
    body = settled(client)
    active = counter(body, "active_connections")
    assert active == 0, (
        f"GET /health after five POST /predict: expected active_connections 0, got {active}"
    )

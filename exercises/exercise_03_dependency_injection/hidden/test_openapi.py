"""openapi-contract: /openapi.json declares the response model of every route."""

import pytest

NOTE_FIELDS = {"id", "owner", "title", "body"}


@pytest.mark.criterion("openapi-contract")
def test_me_declares_user_schema(openapi):
    """/openapi.json: GET /me declares its 200 response model, with username and display_name."""
    openapi.assert_response_fields("get", "/me", 200, {"username", "display_name"})


@pytest.mark.criterion("openapi-contract")
def test_create_note_declares_note_schema(openapi):
    """/openapi.json: POST /notes declares its 201 response model, the note with `id`."""
    openapi.assert_response_fields("post", "/notes", 201, NOTE_FIELDS)


@pytest.mark.criterion("openapi-contract")
def test_batch_declares_note_array_schema(openapi):
    """/openapi.json: POST /notes/batch declares its 201 response model, a list of notes."""
    openapi.assert_response_fields("post", "/notes/batch", 201, NOTE_FIELDS, array=True)


@pytest.mark.criterion("openapi-contract")
def test_list_notes_declares_note_array_schema(openapi):
    """/openapi.json: GET /notes declares its 200 response model, a list of notes."""
    openapi.assert_response_fields("get", "/notes", 200, NOTE_FIELDS, array=True)


@pytest.mark.criterion("openapi-contract")
def test_read_note_declares_note_schema(openapi):
    """/openapi.json: GET /notes/{note_id} declares its 200 response model, the note."""
    openapi.assert_response_fields("get", "/notes/{note_id}", 200, NOTE_FIELDS)

"""openapi-contract: /openapi.json declares the response model of GET /rooms/{room}."""

import re

import pytest


@pytest.mark.criterion("openapi-contract")
def test_read_room_declares_room_schema(openapi):
    """/openapi.json: GET /rooms/{room} declares its 200 response model, with room and members."""
    paths = openapi.document.get("paths", {})
    path = next((p for p in paths if re.fullmatch(r"/rooms/\{[^/{}]+\}", p)), "/rooms/{room}")
    openapi.assert_response_fields("get", path, 200, {"room", "members"})

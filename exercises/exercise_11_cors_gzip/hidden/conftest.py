"""Fixtures for the exercise_11 hidden suite (helpers live in support.py)."""

import httpx
import pytest
from support import Pages


@pytest.fixture
def pages(client: httpx.Client) -> Pages:
    return Pages(client)

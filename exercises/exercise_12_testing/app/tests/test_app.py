"""Your tests for the orders API go here (and in more test_*.py files if you like).

Read README.md first: it describes the app, the rules (no real payment service:
override get_payment_client) and how your suite is graded.

    from fastapi.testclient import TestClient

    from app.main import app
    from app.payments import get_payment_client

TODO: a fake payment client, a `client` fixture that overrides
get_payment_client and clears app.dependency_overrides afterwards, and tests.
"""

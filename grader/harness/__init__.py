"""Trusted test harness: a pytest plugin and a runner used inside the tester.

This package is mounted read-only into the tester container as
``prep_harness`` and must import nothing outside itself and the runner
image's pinned packages (pytest, httpx, websockets).
"""

"""The report: one versioned JSON document, and renderers built on it."""

from __future__ import annotations

from .model import SCHEMA_VERSION, Report

__all__ = ["SCHEMA_VERSION", "Report"]

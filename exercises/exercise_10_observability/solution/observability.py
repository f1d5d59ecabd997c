"""Request ids, JSON logs and Prometheus metrics for every HTTP request."""

import json
import logging
import re
import sys
import time
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

from prometheus_client import CollectorRegistry, Counter, Histogram
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

REQUEST_ID_HEADER = "X-Request-ID"
VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
UNMATCHED = "unmatched"
NOT_MEASURED = frozenset({"/metrics"})

# Set by the middleware for the duration of a request. Each request runs in its
# own task (and `def` handlers in a thread that copies the context), so
# concurrent requests never see each other's id.
request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)

access_logger = logging.getLogger("app.access")


def incoming_or_new(value: str | None) -> str:
    """Keep a well-formed incoming id; anything else gets a fresh UUID4."""
    if value is not None and VALID_REQUEST_ID.fullmatch(value):
        return value
    return str(uuid4())


# --- logging -----------------------------------------------------------------

# Attributes every LogRecord has; whatever else a record carries came from extra=.
_STANDARD_ATTRIBUTES = frozenset(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}


class RequestIdFilter(logging.Filter):
    """Stamp each record with the current request's id (unless extra= gave one)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "request_id", None) is None:
            record.request_id = request_id_var.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per record: fixed keys first, then the extra= fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "event": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
        }
        for key, value in record.__dict__.items():
            if key not in _STANDARD_ATTRIBUTES and key not in entry:
                entry[key] = value
        if record.exc_info:
            entry["exc_info"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


def configure_logging(level: int = logging.INFO) -> None:
    """Send the "app" loggers to stdout as JSON lines. Safe to call twice."""
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(JsonFormatter())
    # On the handler, not the logger: a logger's filters skip records that
    # propagate up from its children ("app.items", "app.access").
    handler.addFilter(RequestIdFilter())
    app_logger = logging.getLogger("app")
    app_logger.handlers = [handler]
    app_logger.setLevel(level)
    app_logger.propagate = False


# --- metrics -----------------------------------------------------------------


class HttpMetrics:
    """The app's own registry, so that /metrics shows exactly these series."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "http_requests_total",
            "HTTP requests answered.",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.duration = Histogram(
            "http_request_duration_seconds",
            "Time spent answering HTTP requests, in seconds.",
            ["method", "route"],
            registry=self.registry,
        )

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        self.requests.labels(method=method, route=route, status=str(status)).inc()
        self.duration.labels(method=method, route=route).observe(seconds)


def route_template(scope: Scope) -> str:
    """The matched route's path template (bounded cardinality), never the raw path."""
    route = scope.get("route")
    return getattr(route, "path", None) or UNMATCHED


# --- the middleware ----------------------------------------------------------


class ObservabilityMiddleware:
    """Pure ASGI middleware: request id, access line and metrics for each request."""

    def __init__(self, app: ASGIApp, metrics: HttpMetrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        request_id = incoming_or_new(Headers(scope=scope).get(REQUEST_ID_HEADER))
        # request.state.request_id: what exception handlers read once we are gone.
        scope.setdefault("state", {})["request_id"] = request_id
        token = request_id_var.set(request_id)
        status = 500  # what the client gets if the app raises before answering
        start = time.perf_counter()

        async def send_with_request_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message)[REQUEST_ID_HEADER] = request_id
            await send(message)

        try:
            await self.app(scope, receive, send_with_request_id)
        finally:
            seconds = time.perf_counter() - start
            route = route_template(scope)
            if route not in NOT_MEASURED:
                self.metrics.observe(scope["method"], route, status, seconds)
            access_logger.info(
                "request",
                extra={
                    "method": scope["method"],
                    "path": scope["path"],
                    "route": route,
                    "status": status,
                    "duration_ms": round(seconds * 1000, 3),
                },
            )
            request_id_var.reset(token)

"""Given infrastructure: a sentiment model that is slow to load, and a
connection pool. Do not change this file.

Everything here is process-wide and thread-safe. ``stats()`` counts what
happened in this process: model loads, pool opens and closes, connections in
use and predictions recorded. The lifecycle events print a line starting with
``[resources]`` (the grader reads them in the app's log).

Typical use (see README.md):

    pool = ConnectionPool()
    pool.open()                            # ~0.2 s
    model = load_model(path, pool)         # ~1 s; needs the open pool
    model.predict("what a great day")      # Prediction(label="positive", score=1.0)
    with pool.connection() as conn:
        prediction_id = conn.record(model.name, text, prediction.label)
    model.close()
    pool.close()

``ConnectionPool`` and ``Model`` are context managers too: ``with
ConnectionPool() as pool:`` opens the pool and closes it on the way out, and
``with load_model(path, pool) as model:`` closes the model on the way out.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import TracebackType

LOAD_SECONDS = 1.0
OPEN_SECONDS = 0.2

DEFAULT_MODEL_PATH = "models/sentiment-v1.bin"

_V1_POSITIVE = frozenset({"good", "great", "love", "excellent", "happy", "nice"})
_V1_NEGATIVE = frozenset({"bad", "awful", "hate", "terrible", "sad", "poor"})
_LEXICONS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "models/sentiment-v1.bin": (_V1_POSITIVE, _V1_NEGATIVE),
    "models/sentiment-v2.bin": (
        _V1_POSITIVE | {"fine", "enjoyed", "superb"},
        _V1_NEGATIVE | {"meh", "boring", "broken"},
    ),
}
KNOWN_MODEL_PATHS: tuple[str, ...] = tuple(_LEXICONS)

_WORD = re.compile(r"[a-z]+")
_lock = threading.Lock()
_counters = {
    "model_loads": 0,
    "pool_opens": 0,
    "pool_closes": 0,
    "active_connections": 0,
    "predictions": 0,
}


class ModelLoadError(Exception):
    """There is no model at this path."""


class PoolClosedError(RuntimeError):
    """The pool is not open (never opened, or already closed)."""


class ModelClosedError(RuntimeError):
    """The model was used after ``close()``."""


def stats() -> dict[str, int]:
    """This process's counters: ``model_loads``, ``pool_opens``, ``pool_closes``,
    ``active_connections`` (in use right now) and ``predictions`` (recorded)."""
    with _lock:
        return dict(_counters)


def _count(name: str, delta: int = 1) -> int:
    with _lock:
        _counters[name] += delta
        return _counters[name]


def _log(message: str) -> None:
    print(f"[resources] {message}", flush=True)


@dataclass(frozen=True)
class Prediction:
    label: str  # "positive", "negative" or "neutral"
    score: float  # from -1.0 (negative) to 1.0 (positive)


class Model:
    """A loaded sentiment model; get one from ``load_model``."""

    def __init__(self, path: str, positive: frozenset[str], negative: frozenset[str]) -> None:
        self.path = path
        self.name = path.rsplit("/", 1)[-1].removesuffix(".bin")
        self._positive = positive
        self._negative = negative
        self._closed = False

    @property
    def closed(self) -> bool:
        return self._closed

    def predict(self, text: str) -> Prediction:
        """Fast and thread-safe."""
        if self._closed:
            raise ModelClosedError(f"model {self.name!r} is closed")
        words = _WORD.findall(text.lower())
        positive = sum(word in self._positive for word in words)
        negative = sum(word in self._negative for word in words)
        if positive == negative:
            return Prediction("neutral", 0.0)
        score = round((positive - negative) / (positive + negative), 3)
        return Prediction("positive" if score > 0 else "negative", score)

    def close(self) -> None:
        """Free the model; closing twice is harmless."""
        if not self._closed:
            self._closed = True
            _log(f"model {self.name!r} unloaded")

    def __enter__(self) -> Model:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def load_model(path: str, pool: ConnectionPool) -> Model:
    """Load the model stored at ``path``; takes about a second.

    The weights are fetched through a connection of ``pool``, which must be
    open (``PoolClosedError`` otherwise). A path that is not one of
    ``KNOWN_MODEL_PATHS`` raises ``ModelLoadError`` at once."""
    if not pool.is_open:
        raise PoolClosedError("load_model needs an open pool: call pool.open() first")
    if path not in _LEXICONS:
        known = ", ".join(KNOWN_MODEL_PATHS)
        raise ModelLoadError(f"no model at {path!r} (known models: {known})")
    with pool.connection():
        time.sleep(LOAD_SECONDS)  # fetching and unpacking the weights
    model = Model(path, *_LEXICONS[path])
    number = _count("model_loads")
    _log(f"model {model.name!r} loaded from {path} (load #{number})")
    return model


class Connection:
    """A connection borrowed from the pool; only valid inside ``pool.connection()``."""

    def __init__(self) -> None:
        self._released = False

    def record(self, model: str, text: str, label: str) -> int:
        """Store a prediction; returns its id (1, 2, 3, ... in this process)."""
        if self._released:
            raise PoolClosedError("this connection was given back to the pool")
        return _count("predictions")


class ConnectionPool:
    """A pool of database connections; ``open()`` takes about 0.2 s."""

    def __init__(self) -> None:
        self._open = False
        self._state = threading.Lock()

    @property
    def is_open(self) -> bool:
        return self._open

    def open(self) -> None:
        """Open the pool; opening an open pool does nothing."""
        with self._state:
            if self._open:
                return
            time.sleep(OPEN_SECONDS)
            self._open = True
        _count("pool_opens")
        _log("pool opened")

    def close(self) -> None:
        """Close the pool; closing a closed pool does nothing."""
        with self._state:
            if not self._open:
                return
            self._open = False
        _count("pool_closes")
        _log("pool closed")

    @contextmanager
    def connection(self) -> Iterator[Connection]:
        """Borrow a connection for the ``with`` block (``PoolClosedError`` if
        the pool is not open); it is given back when the block ends."""
        if not self._open:
            raise PoolClosedError("the pool is not open")
        connection = Connection()
        _count("active_connections")
        try:
            yield connection
        finally:
            connection._released = True
            _count("active_connections", -1)

    def __enter__(self) -> ConnectionPool:
        self.open()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

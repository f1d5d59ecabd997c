"""A cache of rendered reports: TTL, LRU bound, one computation per cold key."""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class CachedReport:
    body: bytes
    etag: str
    expires_at: float  # time.monotonic() deadline

    @classmethod
    def render(cls, report: dict[str, Any], ttl: float) -> CachedReport:
        """Render once; the strong ETag is a hash of exactly the bytes we send."""
        body = json.dumps(report, separators=(",", ":")).encode()
        etag = f'"{hashlib.sha256(body).hexdigest()}"'
        return cls(body=body, etag=etag, expires_at=time.monotonic() + ttl)

    @property
    def fresh(self) -> bool:
        return time.monotonic() < self.expires_at

    @property
    def max_age(self) -> int:
        """Whole seconds left: clients must not keep it longer than we do."""
        return max(0, round(self.expires_at - time.monotonic()))


class ReportCache:
    """Lives on the event loop; every method runs there, so no lock is needed
    around the dictionaries: only ``await`` points interleave requests."""

    def __init__(
        self,
        compute: Callable[[str], Awaitable[dict[str, Any]]],
        *,
        ttl: float,
        max_entries: int,
    ) -> None:
        self._compute = compute
        self._ttl = ttl
        self._max_entries = max_entries
        self._entries: OrderedDict[str, CachedReport] = OrderedDict()  # oldest use first
        self._loading: dict[str, asyncio.Task[CachedReport]] = {}

    def __len__(self) -> int:
        return len(self._entries)

    async def get(self, key: str) -> CachedReport:
        entry = self._entries.get(key)
        if entry is not None:
            if entry.fresh:
                self._entries.move_to_end(key)  # a hit is a use
                return entry
            del self._entries[key]
        task = self._loading.get(key)
        if task is None:  # the first request for a cold key starts the only computation
            task = asyncio.create_task(self._load(key))
            self._loading[key] = task
        # shield: a client that goes away must not cancel the others' computation.
        return await asyncio.shield(task)

    def invalidate(self, key: str) -> None:
        """Drop the key's report. A computation already running read the old
        values: its waiters still get its result, but it is not stored."""
        self._entries.pop(key, None)
        self._loading.pop(key, None)

    async def _load(self, key: str) -> CachedReport:
        this = asyncio.current_task()
        try:
            entry = CachedReport.render(await self._compute(key), self._ttl)
            if self._loading.get(key) is this:  # no write since it started
                self._store(key, entry)
            return entry
        finally:
            if self._loading.get(key) is this:
                del self._loading[key]

    def _store(self, key: str, entry: CachedReport) -> None:
        self._entries[key] = entry
        self._entries.move_to_end(key)
        while len(self._entries) > self._max_entries:
            self._entries.popitem(last=False)  # least recently used

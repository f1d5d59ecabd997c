"""Given infrastructure: the data behind the reports and the slow computation
that turns it into a report. Do not change this file.

``ReportSource`` holds a list of integers per key (a key nobody wrote to has
an empty list) and counts how often each key's report was computed, which is
what ``GET /debug/stats`` shows. Everything runs on the event loop: call its
methods from ``async def`` code, never from a worker thread.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Any

COMPUTE_SECONDS = 0.5


class ReportSource:
    def __init__(self) -> None:
        self._values: dict[str, list[int]] = {}
        self._computations: Counter[str] = Counter()

    def values(self, key: str) -> list[int]:
        """The key's current values (a copy); ``[]`` if nobody wrote them."""
        return list(self._values.get(key, []))

    def set_values(self, key: str, values: list[int]) -> None:
        """Replace the key's values. Cached reports of this key are now stale."""
        self._values[key] = list(values)

    async def compute_report(self, key: str) -> dict[str, Any]:
        """The key's report: slow (about ``COMPUTE_SECONDS``), always the same
        for the same values.

        It reads the key's values when it starts (a write that lands while it
        runs is not in its result), counts one computation for the key, then
        works for about half a second.
        """
        values = self.values(key)
        self._computations[key] += 1
        await asyncio.sleep(COMPUTE_SECONDS)
        count = len(values)
        return {
            "key": key,
            "count": count,
            "total": sum(values),
            "min": min(values) if values else None,
            "max": max(values) if values else None,
            "mean": round(sum(values) / count, 6) if values else None,
        }

    def computations(self) -> dict[str, int]:
        """Key -> how many times its report was computed (started) so far."""
        return dict(self._computations)

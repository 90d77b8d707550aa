"""Finished replications of lever settings, kept so that no search runs one twice.

Replication r of a scenario is the same patients whatever else is run (common
random numbers), so its result can be reused by the next search on the same
server: a search that was stopped and started again, the same search with
another bound, or another visitor's search through the same lever values. The
store is keyed by `running.progressive.replication_key` (the content less name and description) and the index,
holds lean results (the KPIs, no daily series: a few kilobytes each), and
forgets the least recently used beyond `max_entries`. It is thread-safe: the
app shares one store between every session's searches.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from harmoni_model.running.progressive import replication_key as scenario_key  # noqa: F401 - the one key
from harmoni_model.simulation.engine import ReplicationResult

MAX_ENTRIES = 20_000  # lean results of about 5 kB: some 100 MB at most


class ReplicationStore:
    """Lean replication results by (scenario key, replication index), least recently used forgotten first."""

    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        if max_entries < 1:
            raise ValueError("max_entries must be >= 1")
        self.max_entries = max_entries
        self._items: OrderedDict[tuple[str, int], ReplicationResult] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str, replication: int) -> ReplicationResult | None:
        """The stored result, or None."""
        with self._lock:
            result = self._items.get((key, replication))
            if result is not None:
                self._items.move_to_end((key, replication))
            return result

    def put(self, key: str, replication: int, result: ReplicationResult) -> None:
        """Keep `result` (a lean one: the daily series are not needed to decide on targets)."""
        with self._lock:
            self._items[key, replication] = result
            self._items.move_to_end((key, replication))
            while len(self._items) > self.max_entries:
                self._items.popitem(last=False)

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)

"""Finished replications of lever settings, kept so that no search runs one twice.

Replication r of a scenario is the same patients whatever else is run (common
random numbers), so its result can be reused by the next search on the same
server: a search that was stopped and started again, the same search with
another bound, or another visitor's search through the same lever values. The
store is keyed by the scenario's content (its JSON) and the replication index,
holds lean results (the KPIs, no daily series: a few kilobytes each), and
forgets the least recently used beyond `max_entries`. It is thread-safe: the
app shares one store between every session's searches.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict

from harmoni_model.scenario.format import Scenario
from harmoni_model.simulation.engine import ReplicationResult

MAX_ENTRIES = 20_000  # lean results of about 5 kB: some 100 MB at most


def scenario_key(scenario: Scenario) -> str:
    """What a replication of `scenario` is stored by: a digest of its content, less its name and description.

    (The advisor names its variants; the name changes no patient.)
    """
    data = scenario.to_dict()
    data.pop("name", None)
    data.pop("description", None)
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


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

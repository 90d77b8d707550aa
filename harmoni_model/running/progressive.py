"""Replications one at a time, cached one at a time: asking for n + k replications runs only the k new ones.

Replication r of a scenario draws its random numbers from ``(seed, r)`` (common
random numbers), so replication r is the same whichever run asks for it: a run of
30 replications is the run of 6 plus 24 more. :class:`ReplicationCache` keeps each
finished replication by (scenario content, replication index), shared by every
thread of a server and bounded by bytes (least recently used goes first). What is
kept is what the pages need: the replication's KPIs (its daily series dropped)
and the daily series the bands draw, as float32 arrays (about 40 kB of arrays a
replication for the Trondheim network, against 150 kB as the engine's lists).

:meth:`ReplicationCache.fill` runs the missing replications of a prefix 0..n-1.
Two threads asking for the same scenario do not both run it: the second waits for
the first (and may give up while it waits, when its own asker has gone), then
finds the replications cached. A replication that finished in a run cancelled
later is kept (the pool's ``on_result``): no finished replication is ever run twice
while it is in the cache.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from harmoni_model.scenario.files import dumps_scenario
from harmoni_model.scenario.format import Scenario
from harmoni_model.scenario.memo import per_scenario
from harmoni_model.simulation.engine import ReplicationResult, simulate

SERIES = ("occupancy", "queue", "blocked", "capacity")  # the daily series the studio's bands draw
LEAN_BYTES = 24_000  # a lean ReplicationResult in memory (Trondheim: ~300 KPI floats in dicts; 6 kB pickled)


@dataclass(frozen=True)
class Replication:
    """One finished replication as the pages keep it: its KPIs and its daily series as float32 arrays."""

    result: ReplicationResult  # daily series dropped
    series: dict[tuple[str, str], np.ndarray]  # (service id, SERIES) -> one value a day

    @property
    def nbytes(self) -> int:
        """Memory held, roughly (the arrays exactly, the KPIs by LEAN_BYTES)."""
        return LEAN_BYTES + sum(a.nbytes for a in self.series.values())


def summarised_replication(scenario: Scenario, replication: int) -> Replication:
    """Replication `replication` of `scenario`, reduced in the worker to what the pages keep (small to send)."""
    full = simulate(scenario, replication)
    series = {
        (sid, measure): np.asarray(daily[measure], dtype=np.float32)
        for sid, daily in full.daily.items()
        for measure in SERIES
    }
    return Replication(dataclasses.replace(full, daily={}), series)


def content_key(content: str) -> str:
    """A digest of a scenario's canonical text (its JSON dump): the name of a whole run of it."""
    return hashlib.sha256(content.encode()).hexdigest()


@per_scenario
def run_key(scenario: Scenario) -> str:
    """A digest of the whole scenario, name and replications too: what a whole run of it is kept by."""
    return content_key(dumps_scenario(scenario, "json"))


@per_scenario
def replication_key(scenario: Scenario) -> str:
    """What a replication of `scenario` is kept by: a digest of its content less its name, description and
    number of replications, none of which changes a patient (replication r is the same patients whatever
    the scenario is called, wherever it was opened from, and however many replications are asked for).
    The studio's cache and the advisor's store share it, so neither redoes the other's replications."""
    data = scenario.to_dict()
    for field in ("name", "description", "replications"):
        data.pop(field, None)
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


# Runs the replications `indices` of a scenario, calling back each (index, Replication) as it finishes.
Runner = Callable[[Sequence[int], Callable[[int, Replication], None]], None]


class ReplicationCache:
    """Finished replications by (scenario key, index), least recently used dropped beyond `max_bytes`."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._items: OrderedDict[tuple[str, int], Replication] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self._filling: dict[str, list] = {}  # scenario key -> [lock, threads using it]: one filler at a time

    @property
    def nbytes(self) -> int:
        """Bytes held now."""
        with self._lock:
            return self._bytes

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)

    def put(self, key: str, index: int, replication: Replication) -> None:
        """Keep one replication (the least recently used go when over the bound)."""
        with self._lock:
            old = self._items.pop((key, index), None)
            if old is not None:
                self._bytes -= old.nbytes
            self._items[key, index] = replication
            self._bytes += replication.nbytes
            while self._bytes > self.max_bytes and len(self._items) > 1:
                _, dropped = self._items.popitem(last=False)
                self._bytes -= dropped.nbytes

    def get(self, key: str, index: int) -> Replication | None:
        """One replication if cached (and now the most recently used)."""
        with self._lock:
            item = self._items.get((key, index))
            if item is not None:
                self._items.move_to_end((key, index))
            return item

    def prefix(self, key: str, limit: int = 10_000) -> int:
        """How many replications 0, 1, 2 ... of `key` are cached without a gap (up to `limit`)."""
        with self._lock:
            n = 0
            while n < limit and (key, n) in self._items:
                n += 1
            return n

    def fill(self, key: str, n: int, run: Runner, cancelled: Callable[[], bool] | None = None) -> list[Replication]:
        """Replications 0..n-1 of `key`: the cached ones as they are, the missing ones run by `run`.

        Only one thread fills a key at a time; another waits (polling `cancelled`, so that a
        superseded asker stops waiting: `RunCancelled`) and then runs only what is still missing.
        """
        from harmoni_model.running.pool import RunCancelled  # (a cycle otherwise: pool is low level)

        slot = self._slot(key)
        try:
            while not slot[0].acquire(timeout=0.1):
                if cancelled is not None and cancelled():
                    raise RunCancelled("the run was cancelled")
            try:
                got: dict[int, Replication] = {}
                for i in range(n):
                    item = self.get(key, i)
                    if item is not None:
                        got[i] = item
                missing = [i for i in range(n) if i not in got]
                if missing:

                    def keep(i: int, replication: Replication) -> None:
                        got[i] = replication
                        self.put(key, i, replication)

                    run(missing, keep)
                return [got[i] for i in range(n)]
            finally:
                slot[0].release()
        finally:
            self._unslot(key)

    def _slot(self, key: str) -> list:
        with self._lock:
            slot = self._filling.setdefault(key, [threading.Lock(), 0])
            slot[1] += 1
            return slot

    def _unslot(self, key: str) -> None:
        with self._lock:
            slot = self._filling[key]
            slot[1] -= 1
            if slot[1] == 0:
                del self._filling[key]

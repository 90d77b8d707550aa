"""Replications cached one by one: asking for more runs only the new ones, and none is ever run twice.

Real worker processes: the jobs are counted where they are sent (`WorkerPool.jobs_sent`).
"""

from __future__ import annotations

import threading

import numpy as np
import pytest

import pages.ui.cached_runs as cr
from harmoni_model import load_scenario, run_replications
from harmoni_model.running.pool import RunCancelled, WorkerPool
from harmoni_model.running.progressive import (
    LEAN_BYTES,
    Replication,
    ReplicationCache,
    content_key,
    replication_key,
    summarised_replication,
)
from harmoni_model.running.replications import default_workers, worker_pool

SMALL = "sample_data/scenarios/example_small.yaml"


def _sent() -> int:
    return worker_pool(default_workers()).jobs_sent


def test_asking_for_more_runs_only_the_new_replications_and_going_back_runs_none():
    scenario = load_scenario(SMALL).variant(horizon_days=120)
    before = _sent()
    assert cr.cached_run(scenario, 4).results.replications == 4
    assert _sent() - before == 4
    eight = cr.cached_run(scenario, 8)
    assert _sent() - before == 8  # 4 new ones, not 8
    assert [r.replication for r in eight.results.runs] == list(range(8))
    six = cr.cached_run(scenario, 6)  # going back: all cached
    assert cr.cached_run(scenario, 8) is eight
    assert _sent() - before == 8
    assert cr.cached_replications(scenario) == 8
    # replication r is the same whichever run asked for it: equal to a plain run of 6, KPI for KPI
    plain = run_replications(scenario, 6, workers=1)
    for a, b in zip(six.results.runs, plain.runs, strict=True):
        assert a.system == b.system and a.services == b.services
    # and the bands are over exactly those replications (float32 kept, so to float32's precision)
    sid = scenario.service_ids[0]
    occupancy = np.array([r.daily[sid]["occupancy"] for r in plain.runs])
    assert np.allclose(six.bands[sid, "occupancy"]["mean"], occupancy.mean(axis=0), rtol=1e-5)


def test_a_renamed_copy_reuses_the_replications_and_keeps_its_own_name():
    """An opened, advised or renamed copy is the same patients: nothing is run again, but its run is its own."""
    scenario = load_scenario(SMALL).variant(horizon_days=90, seed=4242)
    cr.cached_run(scenario, 4)
    before = _sent()
    copy = scenario.variant(name="Bord 3 *", description="opened from the library", replications=12)
    run = cr.cached_run(copy, 4)
    assert _sent() == before
    assert run.results.scenario.name == "Bord 3 *"
    assert replication_key(copy) == replication_key(scenario)
    assert replication_key(scenario.variant(seed=4243)) != replication_key(scenario)  # other patients


def test_two_sessions_asking_at_once_share_the_replications():
    scenario = load_scenario(SMALL).variant(horizon_days=200)
    before = _sent()
    runs = []
    threads = [threading.Thread(target=lambda: runs.append(cr.cached_run(scenario, 6))) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert len(runs) == 2
    assert _sent() - before == 6  # one ran them, the other waited and found them cached


def test_a_cancelled_batch_keeps_the_replications_it_finished():
    scenario = load_scenario(SMALL).variant(horizon_days=3000)  # a few tenths of a second a replication
    cache = ReplicationCache(10**9)
    key = content_key("the long one")
    pool = WorkerPool(2)
    try:
        finished: list[int] = []

        def run(indices, keep, cancelled=None):
            def kept(i, rep):
                finished.append(indices[i])
                keep(indices[i], rep)

            pool.map(summarised_replication, [(scenario, r) for r in indices], on_result=kept, cancelled=cancelled)

        with pytest.raises(RunCancelled):
            cache.fill(key, 8, lambda idx, keep: run(idx, keep, cancelled=lambda: len(finished) >= 2))
        done = len(cache)
        assert 2 <= done < 8 and cache.prefix(key) >= 2
        sent = pool.jobs_sent
        replications = cache.fill(key, 8, run)
        assert [r.result.replication for r in replications] == list(range(8))
        assert pool.jobs_sent - sent == 8 - done  # the finished ones were not run again
    finally:
        pool.close()


def _replication(days: int) -> Replication:
    lean = run_replications(load_scenario(SMALL).variant(horizon_days=30), 1, workers=1).runs[0]
    series = {("a", "occupancy"): np.zeros(days, dtype=np.float32)}
    return Replication(lean, series)


def test_the_cache_is_bounded_by_bytes_and_drops_the_least_recently_used():
    item = _replication(1000)  # 4 000 bytes of series + LEAN_BYTES
    assert item.nbytes == 4000 + LEAN_BYTES
    cache = ReplicationCache(3 * item.nbytes)
    for i in range(3):
        cache.put("k", i, item)
    assert cache.get("k", 0) is item  # 0 is now the most recently used
    cache.put("k", 3, item)  # over the bound: 1, the least recently used, goes
    assert cache.get("k", 1) is None and cache.get("k", 0) is item
    assert len(cache) == 3 and cache.nbytes == 3 * item.nbytes
    assert cache.prefix("k") == 1  # 0 only: 1 is missing

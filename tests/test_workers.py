"""Worker processes: real processes, shared by threads, robust to a dying worker."""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from pathlib import Path

import pytest

from harmoni_model import load_scenario, run_replications, simulate
from harmoni_model.running.pool import REFINE, URGENT, WorkerError, WorkerPool


def _slow_pid(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


def _stamp(seconds: float) -> tuple[float, float]:
    start = time.time()
    time.sleep(seconds)
    return start, time.time()


def _fail(message: str) -> None:
    raise ValueError(message)


@pytest.fixture
def pool():
    p = WorkerPool(2)
    yield p
    p.close()


def test_jobs_run_in_other_processes(pool):
    pids = pool.map(_slow_pid, [(0.2,), (0.2,)])
    assert os.getpid() not in pids
    assert len(set(pids)) == 2  # both workers were busy at once


def _race(pool: WorkerPool, plan: tuple[tuple[str, float, int], ...]) -> dict[str, list[tuple[float, float]]]:
    """Runs of four 0.3 s jobs, each (name, seconds after the start it arrives, priority): their jobs' times."""
    pool.map(_stamp, [(0,), (0,)])  # both workers warm
    done: dict[str, list[tuple[float, float]]] = {}

    def run(name: str, delay: float, priority: int) -> None:
        time.sleep(delay)
        done[name] = pool.map(_stamp, [(0.3,)] * 4, priority=priority)

    threads = [threading.Thread(target=run, args=p) for p in plan]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return done


def _before(done: dict[str, list[tuple[float, float]]], first: str, then: str) -> bool:
    """Every job of run `first` started before any of run `then`."""
    return max(start for start, _ in done[first]) <= min(start for start, _ in done[then])


def test_runs_are_served_first_come_first_served(pool):
    # b and c arrive 0.1 s apart while a's jobs run (a needs 0.6 s on two workers). An unordered
    # pool serves c first here; first come, first served must serve b first.
    done = _race(pool, (("a", 0, URGENT), ("b", 0.1, URGENT), ("c", 0.2, URGENT)))
    # No job of a run waits behind a later run's: every job of a has started before b's first, and so on.
    # (A worker freed by a's second-to-last job may start b's first while a's last still runs.)
    assert _before(done, "a", "b") and _before(done, "b", "c")
    assert max(end for _, end in done["a"]) <= min(end for _, end in done["c"])


def test_an_urgent_run_goes_before_refining_runs_that_arrived_earlier(pool):
    # a runs; b refines another session's answer and queues first; c, a first answer, arrives 0.1 s after b
    done = _race(pool, (("a", 0, URGENT), ("b", 0.1, REFINE), ("c", 0.2, URGENT), ("d", 0.25, REFINE)))
    # a keeps the workers it has (nothing is pre-empted); c's jobs all start before b's first, b before d
    assert _before(done, "a", "c") and _before(done, "c", "b") and _before(done, "b", "d")


def test_a_new_urgent_run_is_not_told_to_wait_for_refining_work(pool):
    pool.map(_stamp, [(0,), (0,)])
    started = threading.Thread(target=lambda: pool.map(_stamp, [(0.5,)] * 2), daemon=True)
    started.start()  # both workers busy for 0.5 s
    time.sleep(0.1)

    def refine() -> None:
        with contextlib.suppress(WorkerError):  # (closed with the pool at the end of the test)
            pool.map(_stamp, [(0.5,)] * 40, priority=REFINE)

    refining = threading.Thread(target=refine, daemon=True)
    refining.start()  # 10 s of refining work queued behind them
    time.sleep(0.2)
    t0 = time.monotonic()
    pool.map(_stamp, [(0,)], max_wait=3.0)  # an urgent run: only the running jobs are ahead of it
    assert time.monotonic() - t0 < 2.0
    with pytest.raises(WorkerError):  # a refining run is behind the 10 s queued: refused at once
        pool.map(_stamp, [(0,)], max_wait=1.0, priority=REFINE)


def test_runs_in_progress_count_maps_not_jobs(pool):
    assert pool.runs_in_progress() == 0
    t = threading.Thread(target=lambda: pool.map(_stamp, [(0.5,)] * 4))
    t.start()
    time.sleep(0.2)
    assert pool.runs_in_progress() == 1
    t.join(timeout=30)
    assert pool.runs_in_progress() == 0


def test_an_exception_in_a_job_is_reported_and_the_worker_survives(pool):
    with pytest.raises(ValueError, match="boom"):
        pool.call(_fail, "boom")
    assert pool.call(_slow_pid, 0) != os.getpid()


def test_a_killed_worker_is_replaced_and_the_job_rerun(pool):
    pool.map(_slow_pid, [(0,), (0,)])  # start both
    started = set(pool.pids)
    result: list[int] = []
    t = threading.Thread(target=lambda: result.append(pool.call(_slow_pid, 1.0)))
    t.start()
    time.sleep(0.3)
    (busy,) = started - set(pool.pids)
    os.kill(busy, signal.SIGKILL)
    t.join(timeout=30)
    assert result and result[0] != busy


def test_threads_sharing_the_pool_get_their_own_results():
    scenario = load_scenario("sample_data/scenarios/example_small.yaml").variant(horizon_days=60, warmup_days=0)
    small = scenario.with_service("short_term", capacity=28)
    expected = {
        "base": [simulate(scenario, r).services for r in range(3)],
        "small": [simulate(small, r).services for r in range(3)],
    }
    got: dict[str, list] = {}

    def session(name, s):
        got[name] = [r.services for r in run_replications(s, 3, workers=2).runs]

    threads = [threading.Thread(target=session, args=a) for a in (("base", scenario), ("small", small))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert got == expected


def test_workers_are_recycled_after_many_jobs():
    p = WorkerPool(1, max_jobs_per_worker=2)
    try:
        pids = [p.call(_slow_pid, 0) for _ in range(5)]
    finally:
        p.close()
    assert len(set(pids)) == 3  # jobs 1-2, 3-4, 5


def test_a_closed_pool_refuses_work():
    p = WorkerPool(1)
    p.close()
    with pytest.raises(WorkerError, match="closed"):
        p.call(_slow_pid, 0)


def test_the_background_worker_runs_at_the_lowest_priority_and_gives_the_same_results():
    import psutil

    from harmoni_model.running.replications import BACKGROUND_NICE, background_pool

    scenario = load_scenario("sample_data/scenarios/example_small.yaml")
    here = run_replications(scenario, 2, workers=1)
    there = run_replications(scenario, 2, workers=2, background=True)
    assert [r.services for r in there.runs] == [r.services for r in here.runs]
    pids = background_pool().pids
    assert len(pids) == 1  # one worker: a heavy run takes one replication at a time
    assert psutil.Process(pids[0]).nice() == BACKGROUND_NICE
    group = Path(f"/proc/{pids[0]}/autogroup")
    if group.exists():  # Linux autogroup scheduling: the session's weight is what counts against the server
        assert group.read_text().split()[-1] == str(BACKGROUND_NICE)

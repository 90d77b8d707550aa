"""The worker pool never waits forever: paused, killed and hung workers, cancelled runs, a full queue, a closed pool.

Real processes and real signals, no mocks. The job functions live here, importable by name
(``test_pool_faults``) in the worker processes, which see the parent's import path.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import psutil
import pytest

from harmoni_model.running.pool import JobTimeout, PoolBusy, PoolClosed, RunCancelled, WorkerDied, WorkerPool


def _pid_after(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


def _record_start(path: str, seconds: float) -> int:
    """Append this worker's pid to `path` when the job starts, then sleep."""
    with open(path, "a") as f:
        f.write(f"{os.getpid()}\n")
    time.sleep(seconds)
    return os.getpid()


def _die_first_time(path: str) -> int:
    """SIGKILL this worker the first time (recorded in `path`); answer the second time."""
    starts = Path(path).read_text().split() if Path(path).exists() else []
    with open(path, "a") as f:
        f.write(f"{os.getpid()}\n")
    if not starts:
        os.kill(os.getpid(), signal.SIGKILL)
    return os.getpid()


def _die(_: int) -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def _starts(path: Path) -> list[str]:
    return path.read_text().split() if path.exists() else []


def _in_thread(target) -> tuple[threading.Thread, dict]:
    """Run `target` in a thread; the dict gets its "result" or "error" and "elapsed"."""
    out: dict = {}

    def run() -> None:
        start = time.monotonic()
        try:
            out["result"] = target()
        except BaseException as exc:  # the test looks at it
            out["error"] = exc
        out["elapsed"] = time.monotonic() - start

    t = threading.Thread(target=run, daemon=True)
    t.start()
    return t, out


def _wait_for(condition, seconds: float = 10.0) -> None:
    end = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < end, "timed out waiting"
        time.sleep(0.02)


@pytest.fixture
def pool():
    p = WorkerPool(2)
    yield p
    p.close()


def test_a_paused_worker_fails_its_job_within_the_timeout_and_the_next_run_succeeds(pool):
    pool.map(_pid_after, [(0,), (0,)])  # both warm: the timeout measures the job, not a start
    t, out = _in_thread(lambda: pool.call(_pid_after, 60, timeout=2))
    _wait_for(lambda: pool.busy_pids)
    (paused,) = pool.busy_pids
    os.kill(paused, signal.SIGSTOP)
    t.join(timeout=15)
    assert isinstance(out.get("error"), JobTimeout), out
    assert "longer than 2 s" in str(out["error"])
    assert out["elapsed"] <= 2 + 2
    _wait_for(lambda: not psutil.pid_exists(paused) or psutil.Process(paused).status() == psutil.STATUS_ZOMBIE)
    assert pool.call(_pid_after, 0, timeout=5) != paused  # a new worker, started on demand


def test_waiting_for_a_worker_does_not_count_against_the_timeout():
    p = WorkerPool(1)
    try:
        p.call(_pid_after, 0)
        t, out = _in_thread(lambda: p.call(_pid_after, 1.5))  # holds the only worker for 1.5 s
        _wait_for(lambda: p.busy_pids)
        assert p.call(_pid_after, 0.1, timeout=1.0) > 0  # waited ~1.5 s, ran 0.1 s: not over its 1 s
        t.join(timeout=10)
        assert "result" in out
    finally:
        p.close()


def test_a_killed_worker_is_replaced_and_its_job_retried_once(pool, tmp_path):
    path = tmp_path / "starts"
    pid = pool.call(_die_first_time, str(path), timeout=10)
    first, second = _starts(path)
    assert first != second and pid == int(second)


def test_a_job_that_kills_its_worker_twice_fails_with_a_clear_message(pool):
    with pytest.raises(WorkerDied, match="died twice"):
        pool.call(_die, 0, timeout=10)
    assert pool.call(_pid_after, 0) > 0


def test_a_cancelled_runs_queued_jobs_never_start_and_its_running_job_is_stopped(tmp_path):
    path = tmp_path / "starts"
    stop = threading.Event()
    p = WorkerPool(1)
    try:
        p.call(_pid_after, 0)  # warm
        t, out = _in_thread(lambda: p.map(_record_start, [(str(path), 30)] * 3, cancelled=stop.is_set))
        _wait_for(lambda: len(_starts(path)) == 1)
        (running,) = p.busy_pids
        time.sleep(0.3)
        stop.set()
        cancelled_at = time.monotonic()
        t.join(timeout=10)
        assert isinstance(out.get("error"), RunCancelled), out
        assert time.monotonic() - cancelled_at < 1.5
        time.sleep(0.5)  # a queued job that slipped through would have started by now
        assert _starts(path) == [str(running)]
        assert p.runs_in_progress() == 0
        assert p.call(_pid_after, 0) != running  # the stopped worker was replaced
    finally:
        p.close()


def test_a_run_is_refused_at_once_when_the_queue_is_longer_than_its_bound():
    p = WorkerPool(1)
    try:
        p.call(_pid_after, 0)  # warm (a new worker's first job is not counted)
        p.call(_pid_after, 0.5)  # the pool learns: about 0.5 s per job
        t, out = _in_thread(lambda: p.map(_pid_after, [(0.5,)] * 6, owner="someone"))
        _wait_for(lambda: p.busy_pids and p.jobs_waiting == 5)
        start = time.monotonic()
        with pytest.raises(PoolBusy, match="busy") as caught:
            p.call(_pid_after, 0, max_wait=1.0, owner="me")
        assert time.monotonic() - start < 0.3  # at once, not after waiting
        assert 2.0 <= caught.value.wait_seconds <= 3.5  # five waiting and most of one running, 0.5 s each
        # The visitor's own runs are not "work of others": the same call from the owner of the queue is let in.
        assert p.estimated_wait(owner="someone") == 0.0
        assert p.runs_in_progress(exclude_owner="someone") == 0 and p.runs_in_progress() == 1
        t.join(timeout=15)
        assert "result" in out
    finally:
        p.close()


def test_a_run_that_waited_past_its_bound_gives_up():
    p = WorkerPool(1)
    try:
        t, _ = _in_thread(lambda: p.call(_pid_after, 2))  # nothing learnt yet: the estimate says 0
        _wait_for(lambda: p.busy_pids)
        start = time.monotonic()
        with pytest.raises(PoolBusy):
            p.call(_pid_after, 0, max_wait=0.5)
        assert 0.4 <= time.monotonic() - start < 1.5
        t.join(timeout=10)
    finally:
        p.close()


def test_closing_the_pool_during_a_run_fails_it_at_once_and_stops_the_workers(pool):
    t, out = _in_thread(lambda: pool.map(_pid_after, [(30,)] * 4))
    _wait_for(lambda: len(pool.busy_pids) == 2)
    workers = [psutil.Process(pid) for pid in pool.busy_pids]
    closed_at = time.monotonic()
    pool.close()
    t.join(timeout=10)
    assert isinstance(out.get("error"), PoolClosed), out
    assert time.monotonic() - closed_at < 1.5
    _, alive = psutil.wait_procs(workers, timeout=3)
    assert not alive


def test_the_local_executor_passes_its_timeout_to_the_pool_even_with_one_worker():
    from harmoni_model.running.executors import LocalExecutor

    for workers in (1, 2):  # one worker would run in this process, where nothing could stop the job
        start = time.monotonic()
        with pytest.raises(JobTimeout):
            LocalExecutor(workers, timeout=0.5).map(_pid_after, [(30,), (30,)])
        assert time.monotonic() - start < 10
    assert LocalExecutor(1, timeout=30).map(_pid_after, [(0,)]) != [os.getpid()]  # a worker process ran it


# --- a real Streamlit server ---------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from st_client import StreamlitSession  # noqa: E402


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _workers_of(server: psutil.Process) -> set[int]:
    """Pool worker processes of the server that are alive (not zombies)."""
    found = set()
    for child in server.children(recursive=True):
        try:
            if "harmoni_model.running.pool_process" in child.cmdline() and child.status() != psutil.STATUS_ZOMBIE:
                found.add(child.pid)
        except psutil.NoSuchProcess:
            pass
    return found


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as response:
            return response.status == 200
    except OSError:
        return False


async def _until(condition, seconds: float) -> float:
    """Wait (without blocking the event loop) until `condition()`; the seconds it took."""
    start = time.monotonic()
    while not condition():
        assert time.monotonic() - start < seconds, "timed out waiting"
        await asyncio.sleep(0.05)
    return time.monotonic() - start


def test_a_streamlit_server_cancels_abandoned_runs_and_stops_on_sigterm_during_a_long_run():
    """New value, closed tab, SIGTERM: each stops the run's workers within seconds (streamlit run, websockets)."""
    port = _free_port()
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), str(ROOT / "tests")]))
    command = [sys.executable, "-m", "streamlit", "run", "tests/long_run_app.py", "--server.headless", "true"]
    proc = subprocess.Popen(
        [*command, "--server.port", str(port), "--browser.gatherUsageStats", "false"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    server = psutil.Process(proc.pid)
    url = f"http://127.0.0.1:{port}"

    async def scenario() -> None:
        await _until(lambda: _healthy(url), 30)
        async with StreamlitSession(url) as a:
            first = asyncio.ensure_future(a.open())
            await _until(lambda: len(_workers_of(server)) == 2, 30)
            old = _workers_of(server)
            await asyncio.sleep(0.5)
            first.cancel()
            # A new value: the script run that waits for the old scenario is superseded, its workers are killed.
            a.query = "days=36000"  # as a new value in a widget does: the session reruns its script
            second = asyncio.ensure_future(a.open())
            assert await _until(lambda: not (old & _workers_of(server)), 5) < 3
            await _until(lambda: len(_workers_of(server)) == 2, 30)  # the new value's run
            old = _workers_of(server)
            second.cancel()
        # The tab closed (websocket gone): nobody waits for the run; its workers are killed, the server lives on.
        await _until(lambda: not (old & _workers_of(server)), 5)
        assert proc.poll() is None
        async with StreamlitSession(url) as b:
            third = asyncio.ensure_future(b.open())
            await _until(lambda: len(_workers_of(server)) == 2, 30)
            workers = [psutil.Process(pid) for pid in _workers_of(server)]
            proc.send_signal(signal.SIGTERM)
            start = time.monotonic()
            await _until(lambda: proc.poll() is not None, 5)
            _, alive = psutil.wait_procs(workers, timeout=max(0.1, 5 - (time.monotonic() - start)))
            assert not alive, alive
            third.cancel()

    try:
        asyncio.run(scenario())
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()

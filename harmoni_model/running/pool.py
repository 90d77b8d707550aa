"""A pool of worker processes for replications, safe inside Streamlit, that never waits forever.

Why not ``multiprocessing``: a spawned or forkserver child re-runs the parent's
``__main__`` by path, and Streamlit (and its AppTest) puts the page script
there, so every worker would run the app; ``fork`` in a threaded server can
copy held locks. These workers are plain ``python -m harmoni_model.running.pool_process``
processes that import only the model, talking length-prefixed pickles over
their stdin and stdout. The pool is thread-safe: concurrent sessions share the
warm workers, a job waits for a free one, and a worker that dies is replaced.
Waiting jobs are served first come, first served *by run*: the jobs of one
`map` share the ticket it drew on arrival, so when twenty sessions ask at once
the first run gets both workers and finishes first, instead of all twenty
sharing the workers and finishing together at the end. A run's `priority` goes
before its ticket: the studio's first answer to a change (`URGENT`, the default)
is served before the batches that only make other sessions' answers more
precise (`REFINE`), so under a room's load nobody waits for a first answer
behind the others' second and third batches.

Nothing waits forever (a hosted demo that one visitor cannot take down):

- **timeout** (seconds per job, counted from the moment the job has a worker, so
  waiting in the queue does not count): a job over it has its worker killed
  (SIGKILL, which also ends a SIGSTOPped process) and fails with
  :class:`JobTimeout`; the slot is freed and a new worker starts on demand. A
  timed-out job is *not* retried: its time is spent, and the job itself may be
  the cause. A worker that *died* (killed from outside, out of memory) is
  replaced and its job retried once; a second death fails with :class:`WorkerDied`.
- **cancelled** (a callable polled about ten times a second by the pool's
  monitor thread): the run's queued jobs are dropped, its running jobs' workers
  killed, and the run fails with :class:`RunCancelled`.
- **max_wait** (seconds): a run refused at once with :class:`PoolBusy` when the
  work ahead of it (jobs waiting and running × recent seconds per job ÷
  workers) is estimated above the bound, and one still waiting for its first
  worker after the bound gives up the same way.
- **close** fails every waiting and running job at once (:class:`PoolClosed`) and
  kills the workers. A run fails as a whole: the first failing job stops the
  others of its run.

Job threads are daemon threads (not a ``ThreadPoolExecutor``: concurrent.futures
joins its threads at interpreter exit, before ``atexit`` could close the pool,
so a hung job kept a stopping server alive).
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import os
import pickle
import signal
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_HEADER = struct.Struct("!Q")
_MAX_DISPATCH_THREADS = 64
_PACKAGE_ROOT = str(Path(__file__).resolve().parents[1])
_MONITOR_SECONDS = 0.1  # how often timeouts and cancellations are checked
_EMA_WEIGHT = 0.3  # weight of the newest job in the recent seconds per job
URGENT, REFINE = 0, 1  # a run's priority: an answer someone waits for, or more replications of one they have


class WorkerError(RuntimeError):
    """A job failed in a worker process, or the pool could not run it."""


class JobFailed(WorkerError):
    """A job raised an exception that could not be sent back (the message holds the worker's traceback)."""


class WorkerDied(WorkerError):
    """The worker process died during the job (twice: the job was retried once)."""


class JobTimeout(WorkerError):
    """A job ran longer than its timeout and was stopped."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"the run took longer than {seconds:.3g} s and was stopped")
        self.seconds = seconds

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.seconds,))


class RunCancelled(WorkerError):
    """The run was cancelled by whoever asked for it (its jobs were dropped or stopped)."""


class PoolBusy(WorkerError):
    """The work ahead of a new run is more than its bound: refused at once, with the estimated wait."""

    def __init__(self, wait_seconds: float) -> None:
        super().__init__(f"the server is busy with other runs (about {wait_seconds:.0f} s of work ahead)")
        self.wait_seconds = wait_seconds

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.wait_seconds,))


class PoolClosed(WorkerError):
    """The pool was closed (the server is stopping)."""


class _Aborted(WorkerError):
    """Another job of the same run failed first (never seen outside the pool)."""


def send(stream: Any, obj: object) -> None:
    """Write one length-prefixed pickle."""
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)))
    stream.write(data)
    stream.flush()


def receive_bytes(stream: Any) -> bytes:
    """Read one length-prefixed message; EOFError when the other side has gone."""
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        raise EOFError
    (size,) = _HEADER.unpack(header)
    data = stream.read(size)
    if len(data) < size:
        raise EOFError
    return data


def receive(stream: Any) -> Any:
    """Read one length-prefixed pickle; EOFError when the other side has gone."""
    return pickle.loads(receive_bytes(stream))


class _Worker:
    def __init__(self, nice: int = 0) -> None:
        # Like multiprocessing, the worker sees the parent's import path, so any
        # function the parent can import by name can be sent.
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(p for p in (_PACKAGE_ROOT, *sys.path) if p))
        self.process = subprocess.Popen(
            [sys.executable, "-m", "harmoni_model.running.pool_process"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
            start_new_session=True,  # Ctrl-C in a terminal reaches the parent only, which stops them
        )
        if nice:
            # A background worker: the kernel gives its CPU to everything else first (nice 19 against 0
            # is a weight of 15 against 1024), so a heavy run uses only the time nobody else needs.
            with contextlib.suppress(OSError):  # not permitted here: it runs at normal priority
                os.setpriority(os.PRIO_PROCESS, self.process.pid, nice)
            # With Linux's autogroup scheduling (the default on desktops and many servers) a process's nice
            # counts only against its own session's processes, and the worker has a session of its own
            # (start_new_session): the weight that counts against the server is its autogroup's.
            with contextlib.suppress(OSError):  # no autogroup here, or not permitted
                Path(f"/proc/{self.process.pid}/autogroup").write_text(str(nice))
        self.jobs = 0

    def call(self, fn: Callable[..., Any], args: tuple[Any, ...]) -> Any:
        try:
            send(self.process.stdin, (fn, args))
            ok, payload = receive(self.process.stdout)
        except (EOFError, OSError) as exc:
            raise WorkerDied(f"worker process {self.process.pid} died (exit code {self.process.poll()})") from exc
        self.jobs += 1
        if not ok:
            raise payload if isinstance(payload, Exception) else JobFailed(payload)
        return payload

    def kill(self) -> None:
        """SIGKILL (ends a stopped process too); the job thread's read then ends with EOF."""
        with contextlib.suppress(OSError):  # already gone
            self.process.send_signal(signal.SIGKILL)

    def stop(self, timeout: float = 5.0) -> None:
        try:
            if self.process.stdin:
                self.process.stdin.close()  # the worker exits at end of input
            self.process.wait(timeout=timeout)
        except (OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()
        finally:
            if self.process.stdout:
                self.process.stdout.close()


@dataclass(eq=False)
class _Run:
    """One `map` or `call`: its place in the queue and what may stop it."""

    ticket: int
    priority: int
    owner: str | None
    cancelled: Callable[[], bool] | None
    timeout: float | None
    max_wait: float | None
    arrived: float = field(default_factory=time.monotonic)
    started: bool = False  # one of its jobs has had a worker (from then on, max_wait no longer applies)
    stop: str | None = None  # "cancelled" or "aborted": its jobs must go


@dataclass(eq=False)
class _Job:
    run: _Run
    fn_key: str
    started: float
    deadline: float | None
    stop: str | None = None  # why the monitor (or close) killed its worker


def _fn_key(fn: Callable[..., Any]) -> str:
    return f"{getattr(fn, '__module__', '')}.{getattr(fn, '__qualname__', repr(fn))}"


class WorkerPool:
    """`size` warm worker processes, started on first use and shared by all threads."""

    def __init__(self, size: int, max_jobs_per_worker: int = 2000, nice: int = 0):
        if size < 1:
            raise ValueError("size must be >= 1")
        self.size = size
        self.nice = nice  # the workers' scheduling priority (19: only the CPU time nobody else needs)
        self.max_jobs = max_jobs_per_worker  # recycle workers: memory stays bounded
        self._idle: list[_Worker] = []
        self._started = 0
        self._cond = threading.Condition()
        self._closed = False
        self._tickets = itertools.count()  # one per run (map or call), in order of arrival
        self._jobs = itertools.count()
        self._waiting: list[tuple[int, int, int]] = []  # heap of (priority, ticket, job) waiting for a worker
        self._queued: dict[tuple[int, int, int], tuple[_Run, str]] = {}  # the same entries: their run and function
        self._busy: dict[_Worker, _Job] = {}  # workers running a job
        self._runs: set[_Run] = set()  # runs with jobs waiting or running
        self._seconds: dict[str, float] = {}  # recent seconds per job, by function
        self._sent = 0  # jobs that have had a worker (a retry after a worker died is not a new job)
        self._monitor: threading.Thread | None = None
        self._monitor_stop = threading.Event()

    # --- the queue ------------------------------------------------------------------------------

    def _acquire(self, run: _Run, fn_key: str) -> _Worker:
        entry = (run.priority, run.ticket, next(self._jobs))
        with self._cond:
            heapq.heappush(self._waiting, entry)
            self._queued[entry] = (run, fn_key)
            try:
                while True:
                    if self._closed:
                        raise PoolClosed("the worker pool is closed")
                    if run.stop:
                        raise RunCancelled("the run was cancelled") if run.stop == "cancelled" else _Aborted()
                    if self._waiting[0] == entry:
                        while self._idle:
                            worker = self._idle.pop()
                            if worker.process.poll() is None:
                                run.started = True
                                return worker
                            worker.stop(timeout=0)  # died while idle: free its slot
                            self._started -= 1
                        if self._started < self.size:
                            self._started += 1
                            run.started = True
                            break
                    bound = None
                    if run.max_wait is not None and not run.started:
                        bound = run.max_wait - (time.monotonic() - run.arrived)
                        if bound <= 0:
                            raise PoolBusy(self._wait_ahead_locked((run.priority, run.ticket), run.owner))
                    self._cond.wait(bound)  # woken by every release, close and cancellation
            finally:
                self._waiting.remove(entry)
                heapq.heapify(self._waiting)
                del self._queued[entry]
                self._cond.notify_all()  # the next in line may be able to go
        try:
            return _Worker(self.nice)
        except BaseException:
            self._release(None)
            raise

    def _release(self, worker: _Worker | None) -> None:
        """Give a worker back, or (None) free its slot after it was stopped."""
        with self._cond:
            if worker is None or self._closed:
                self._started -= 1
            else:
                self._idle.append(worker)
            self._cond.notify_all()  # only the first in line takes it; it must be among those woken
        if worker is not None and self._closed:
            worker.stop()

    def _wait_ahead_locked(self, place: tuple[int, int] | None, owner: str | None) -> float:
        """Estimated seconds until a run at `place` (priority, ticket) gets a worker; caller holds the lock.

        `place` None: a new run of the lowest priority (everything queued is ahead of it). Work ahead ÷
        workers, where work ahead is every waiting job with an earlier place and the
        rest of every running job, each at its function's recent seconds per job. The jobs of
        `owner`'s own runs are left out: a session's superseded run is being cancelled, and a
        visitor must not be told the server is busy because of their own clicks.
        """
        now = time.monotonic()
        ahead = [(r, key) for (p, t, _), (r, key) in self._queued.items() if place is None or (p, t) < place]
        if not ahead and len(self._busy) < self.size:
            return 0.0
        work = sum(self._seconds.get(key, 0.0) for r, key in ahead if owner is None or r.owner != owner)
        for job in self._busy.values():
            if owner is None or job.run.owner != owner:
                work += max(self._seconds.get(job.fn_key, 0.0) - (now - job.started), 0.0)
        return work / self.size

    def estimated_wait(self, owner: str | None = None) -> float:
        """Estimated seconds a new run would wait for its first worker (see :class:`PoolBusy`)."""
        with self._cond:
            return self._wait_ahead_locked(None, owner)

    def runs_in_progress(self, exclude_owner: str | None = None) -> int:
        """How many runs (maps or calls) have jobs waiting or running now: a measure of how busy the pool is.

        `exclude_owner`: leave out the runs of this owner (a session's own runs are not "other runs"),
        and runs being cancelled are never counted.
        """
        with self._cond:
            return sum(1 for r in self._runs if not r.stop and (exclude_owner is None or r.owner != exclude_owner))

    # --- timeouts and cancellation ----------------------------------------------------------------

    def _ensure_monitor(self) -> None:
        with self._cond:
            if self._monitor is None and not self._closed:
                self._monitor = threading.Thread(target=self._watch, name="harmoni-pool-monitor", daemon=True)
                self._monitor.start()

    def _watch(self) -> None:
        """Kill the workers of jobs over their timeout or of cancelled runs; wake a cancelled run's waiters."""
        while not self._monitor_stop.wait(_MONITOR_SECONDS):
            with self._cond:
                runs = [r for r in self._runs if r.cancelled is not None and not r.stop]
            # The callers' callables run here, outside the lock: they may be slow or take locks of their own.
            gone = [r for r in runs if _asks_to_stop(r.cancelled)]
            now = time.monotonic()
            with self._cond:
                for r in gone:
                    r.stop = r.stop or "cancelled"
                for worker, job in self._busy.items():
                    if job.stop:
                        continue
                    if job.run.stop:
                        job.stop = job.run.stop
                    elif job.deadline is not None and now > job.deadline:
                        job.stop = "timeout"
                    else:
                        continue
                    worker.kill()  # under the lock: the worker cannot have moved on to another job
                if gone:
                    self._cond.notify_all()

    # --- running jobs -----------------------------------------------------------------------------

    def _open(
        self,
        owner: str | None,
        cancelled: Callable[[], bool] | None,
        timeout: float | None,
        max_wait: float | None,
        priority: int = URGENT,
    ) -> _Run:
        if timeout is not None and timeout <= 0:
            raise ValueError("timeout must be > 0")
        with self._cond:
            if self._closed:
                raise PoolClosed("the worker pool is closed")
            ticket = next(self._tickets)
            if max_wait is not None:
                wait = self._wait_ahead_locked((priority, ticket), owner)  # what is ahead of this run's place
                if wait > max_wait:
                    raise PoolBusy(wait)
            run = _Run(ticket, priority, owner, cancelled, timeout, max_wait)
            self._runs.add(run)
        if cancelled is not None or timeout is not None:
            self._ensure_monitor()
        return run

    def _close_run(self, run: _Run) -> None:
        with self._cond:
            self._runs.discard(run)

    def _call(self, run: _Run, fn: Callable[..., Any], args: tuple[Any, ...]) -> Any:
        key = _fn_key(fn)
        for attempt in (1, 2):
            worker = self._acquire(run, key)
            started = time.monotonic()
            if attempt == 1:
                with self._cond:
                    self._sent += 1
            job = _Job(run, key, started, None if run.timeout is None else started + run.timeout)
            with self._cond:
                self._busy[worker] = job
                if self._closed:  # closed while this job started a new worker outside the lock
                    job.stop = "closed"
                    worker.kill()
            try:
                result = worker.call(fn, args)
            except WorkerDied:
                stop = self._unbusy(worker)
                worker.stop(timeout=0.1)
                self._release(None)
                if stop:
                    raise self._stopped(stop, run) from None
                if attempt == 2:
                    message = "a worker process died twice running this job (killed, or out of memory)"
                    raise WorkerDied(message) from None
                continue  # replaced on demand by the next _acquire, and the job runs once more
            except Exception:
                stop = self._unbusy(worker)
                if not stop and worker.process.poll() is None:
                    self._release(worker)  # the job failed; the worker is fine
                else:
                    worker.stop(timeout=0.1)
                    self._release(None)
                raise
            except BaseException:
                self._unbusy(worker)
                worker.stop(timeout=0.1)  # interrupted mid-message: the stream is unusable
                self._release(None)
                raise
            stop = self._unbusy(worker)
            seconds = time.monotonic() - started
            if worker.jobs > 1:  # a new worker's first job also paid for its start (imports): not a job's time
                with self._cond:
                    old = self._seconds.get(key)
                    self._seconds[key] = seconds if old is None else old + _EMA_WEIGHT * (seconds - old)
            if stop or worker.jobs >= self.max_jobs:
                worker.stop(timeout=0.1)  # killed just after it answered, or due for recycling
                self._release(None)
            else:
                self._release(worker)
            return result
        raise AssertionError("unreachable")  # pragma: no cover

    def _unbusy(self, worker: _Worker) -> str | None:
        """The worker no longer runs the job; why it was killed, if it was."""
        with self._cond:
            job = self._busy.pop(worker, None)
        return job.stop if job else None

    @staticmethod
    def _stopped(reason: str, run: _Run) -> WorkerError:
        if reason == "timeout":
            return JobTimeout(run.timeout or 0.0)
        if reason == "cancelled":
            return RunCancelled("the run was cancelled")
        if reason == "closed":
            return PoolClosed("the worker pool was closed during the run")
        return _Aborted()

    def call(
        self,
        fn: Callable[..., Any],
        *args: Any,
        timeout: float | None = None,
        cancelled: Callable[[], bool] | None = None,
        max_wait: float | None = None,
        owner: str | None = None,
        priority: int = URGENT,
    ) -> Any:
        """Run ``fn(*args)`` in a worker process (``fn`` must be importable by name).

        An exception raised by ``fn`` is re-raised here (as :class:`JobFailed` with the worker's
        traceback if it cannot be pickled). `timeout`, `cancelled`, `max_wait`, `owner`, `priority`: see
        :meth:`map`.
        """
        return self.map(
            fn, [args], timeout=timeout, cancelled=cancelled, max_wait=max_wait, owner=owner, priority=priority
        )[0]

    def map(
        self,
        fn: Callable[..., Any],
        jobs: Sequence[tuple[Any, ...]],
        *,
        timeout: float | None = None,
        cancelled: Callable[[], bool] | None = None,
        max_wait: float | None = None,
        owner: str | None = None,
        on_result: Callable[[int, Any], None] | None = None,
        priority: int = URGENT,
    ) -> list[Any]:
        """``[fn(*job) for job in jobs]``, the jobs spread over the workers, results in order.

        All the jobs share one place in the queue: a run of a higher `priority` (a smaller number:
        `URGENT` before `REFINE`) goes first, and of the same priority, one that arrived earlier.
        `timeout`: seconds per job once it has a worker (:class:`JobTimeout`); `cancelled`: polled
        while the run waits or runs (:class:`RunCancelled`); `max_wait`: seconds the run may wait
        for its first worker (:class:`PoolBusy`, at once when the estimate is over it); `owner`:
        who asked (a session id), so that their own runs do not count as other people's.
        The first job to fail stops the run's other jobs, and its exception is raised.
        `on_result(i, result)` is called (in a job thread) as soon as job i has finished, so a
        caller can keep the finished jobs of a run that is cancelled or fails later.
        """
        run = self._open(owner, cancelled, timeout, max_wait, priority)
        try:
            if len(jobs) <= 1:
                out = [self._call(run, fn, job) for job in jobs]
                if on_result is not None and out:
                    on_result(0, out[0])
                return out
            return self._dispatch(run, fn, jobs, on_result)
        finally:
            self._close_run(run)

    def _dispatch(
        self,
        run: _Run,
        fn: Callable[..., Any],
        jobs: Sequence[tuple[Any, ...]],
        on_result: Callable[[int, Any], None] | None = None,
    ) -> list[Any]:
        # A thread per job (up to 64, not one per worker): every job queues at once, so none of this run's
        # jobs can fall behind a later run's between two of its own. Daemon threads: see the module's note.
        results: list[Any] = [None] * len(jobs)
        errors: list[BaseException] = []
        indexes = iter(range(len(jobs)))
        lock = threading.Lock()

        def serve() -> None:
            while True:
                with lock:
                    if errors:
                        return
                    i = next(indexes, None)
                if i is None:
                    return
                try:
                    results[i] = self._call(run, fn, jobs[i])
                    if on_result is not None:
                        on_result(i, results[i])
                except BaseException as exc:
                    with lock:
                        errors.append(exc)
                    with self._cond:
                        run.stop = run.stop or "aborted"  # the run has failed: its other jobs go
                        self._cond.notify_all()
                    return

        threads = [
            threading.Thread(target=serve, name="harmoni-dispatch", daemon=True)
            for _ in range(min(len(jobs), _MAX_DISPATCH_THREADS))
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        if errors:
            raise next((e for e in errors if not isinstance(e, _Aborted)), errors[0])
        return results

    def close(self) -> None:
        """Stop every worker now: waiting and running jobs fail at once with :class:`PoolClosed`."""
        with self._cond:
            self._closed = True
            idle, self._idle = self._idle, []
            self._started -= len(idle)
            for worker, job in self._busy.items():
                job.stop = job.stop or "closed"
                worker.kill()
            self._cond.notify_all()
        self._monitor_stop.set()
        for worker in idle:
            worker.stop()

    @property
    def pids(self) -> list[int]:
        """Process ids of the idle workers (for tests and monitoring)."""
        with self._cond:
            return [w.process.pid for w in self._idle]

    @property
    def jobs_sent(self) -> int:
        """How many jobs have been given a worker since the pool started (for tests: work actually done)."""
        with self._cond:
            return self._sent

    @property
    def jobs_waiting(self) -> int:
        """How many jobs wait for a worker now (for tests and monitoring)."""
        with self._cond:
            return len(self._queued)

    @property
    def busy_pids(self) -> list[int]:
        """Process ids of the workers running a job now (for tests and monitoring)."""
        with self._cond:
            return [w.process.pid for w in self._busy]


def _asks_to_stop(cancelled: Callable[[], bool] | None) -> bool:
    try:
        return bool(cancelled and cancelled())
    except Exception:  # a broken callable must not stop the monitor; the run goes on
        return False

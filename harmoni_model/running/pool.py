"""A pool of worker processes for replications, safe inside Streamlit.

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
sharing the workers and finishing together at the end.
"""

from __future__ import annotations

import heapq
import itertools
import os
import pickle
import struct
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

_HEADER = struct.Struct("!Q")
_MAX_DISPATCH_THREADS = 64
_PACKAGE_ROOT = str(Path(__file__).resolve().parents[1])


class WorkerError(RuntimeError):
    """A job failed in a worker process, or the worker died."""


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


class _WorkerDied(WorkerError):
    pass


class _Worker:
    def __init__(self) -> None:
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
        self.jobs = 0

    def call(self, fn: Callable[..., Any], args: tuple[Any, ...]) -> Any:
        try:
            send(self.process.stdin, (fn, args))
            ok, payload = receive(self.process.stdout)
        except (EOFError, OSError) as exc:
            raise _WorkerDied(f"worker process {self.process.pid} died (exit code {self.process.poll()})") from exc
        self.jobs += 1
        if not ok:
            raise payload if isinstance(payload, Exception) else WorkerError(payload)
        return payload

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


class WorkerPool:
    """`size` warm worker processes, started on first use and shared by all threads."""

    def __init__(self, size: int, max_jobs_per_worker: int = 2000):
        if size < 1:
            raise ValueError("size must be >= 1")
        self.size = size
        self.max_jobs = max_jobs_per_worker  # recycle workers: memory stays bounded
        self._idle: list[_Worker] = []
        self._started = 0
        self._cond = threading.Condition()
        self._closed = False
        self._tickets = itertools.count()  # one per run (map or call), in order of arrival
        self._jobs = itertools.count()
        self._waiting: list[tuple[int, int]] = []  # heap of (ticket, job) waiting for a worker
        self._active: Counter[int] = Counter()  # ticket -> its jobs waiting or running

    def _acquire(self, ticket: int) -> _Worker:
        entry = (ticket, next(self._jobs))
        with self._cond:
            heapq.heappush(self._waiting, entry)
            try:
                while True:
                    if self._closed:
                        raise WorkerError("the worker pool is closed")
                    if self._waiting[0] == entry:
                        while self._idle:
                            worker = self._idle.pop()
                            if worker.process.poll() is None:
                                return worker
                            worker.stop(timeout=0)  # died while idle: free its slot
                            self._started -= 1
                        if self._started < self.size:
                            self._started += 1
                            break
                    self._cond.wait()
            finally:
                self._waiting.remove(entry)
                heapq.heapify(self._waiting)
                self._cond.notify_all()  # the next in line may be able to go
        try:
            return _Worker()
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

    def call(self, fn: Callable[..., Any], *args: Any) -> Any:
        """Run ``fn(*args)`` in a worker process (``fn`` must be importable by name).

        A worker that dies during the job (killed, out of memory) is replaced and
        the job runs once more; an exception raised by ``fn`` is re-raised here
        (as :class:`WorkerError` with the worker's traceback if it cannot be pickled).
        """
        return self._call(next(self._tickets), fn, args)

    def _call(self, ticket: int, fn: Callable[..., Any], args: tuple[Any, ...]) -> Any:
        with self._cond:
            self._active[ticket] += 1
        try:
            try:
                return self._call_once(ticket, fn, args)
            except _WorkerDied:
                return self._call_once(ticket, fn, args)
        finally:
            with self._cond:
                self._active[ticket] -= 1
                if not self._active[ticket]:
                    del self._active[ticket]

    def runs_in_progress(self) -> int:
        """How many runs (maps or calls) have jobs waiting or running now: a measure of how busy the pool is."""
        with self._cond:
            return len(self._active)

    def _call_once(self, ticket: int, fn: Callable[..., Any], args: tuple[Any, ...]) -> Any:
        worker = self._acquire(ticket)
        try:
            result = worker.call(fn, args)
        except _WorkerDied:
            worker.stop(timeout=0.1)
            self._release(None)
            raise
        except Exception as exc:
            if worker.process.poll() is None and not isinstance(exc, OSError):
                self._release(worker)  # the job failed; the worker is fine
            else:
                worker.stop(timeout=0.1)
                self._release(None)
            raise
        except BaseException:
            worker.stop(timeout=0.1)  # interrupted mid-message: the stream is unusable
            self._release(None)
            raise
        if worker.jobs >= self.max_jobs:
            worker.stop()
            self._release(None)
        else:
            self._release(worker)
        return result

    def map(self, fn: Callable[..., Any], jobs: Sequence[tuple[Any, ...]]) -> list[Any]:
        """``[fn(*job) for job in jobs]``, the jobs spread over the workers, results in order.

        All the jobs share one place in the queue: a run that arrived earlier goes first.
        """
        ticket = next(self._tickets)
        if len(jobs) <= 1:
            return [self._call(ticket, fn, job) for job in jobs]
        # A thread per job (not per worker): every job queues at once, so none of this run's
        # jobs can fall behind a later run's between two of its own.
        threads = min(len(jobs), _MAX_DISPATCH_THREADS)
        with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="harmoni-dispatch") as ex:
            return list(ex.map(lambda job: self._call(ticket, fn, job), jobs))

    def close(self) -> None:
        """Stop every worker; jobs still running finish first."""
        with self._cond:
            self._closed = True
            idle, self._idle = self._idle, []
            self._started -= len(idle)
            self._cond.notify_all()
        for worker in idle:
            worker.stop()

    @property
    def pids(self) -> list[int]:
        """Process ids of the idle workers (for tests and monitoring)."""
        with self._cond:
            return [w.process.pid for w in self._idle]

"""The app's one door to the model: scenarios on disk, and cached simulation runs.

Runs are cached replication by replication (harmoni_model/running/progressive.py):
by the scenario's content and the replication's index, shared by all sessions,
bounded by bytes (CACHE_BYTES), and carried out in the model's warm pool of
worker processes (salabim is not thread-safe; Streamlit runs each session in a
thread). Replication r is the same patients in any run of a scenario, so the
studio can ask for 4, then 8, then 30 replications and only the new ones run;
going back to a value already seen runs nothing. What is kept is small: the KPIs
of each replication and, as float32, the daily series the bands draw.

A run never waits forever (issue 12): every replication has a timeout
(`job_timeout`), a run is refused at once when the server has more than
MAX_WAIT_SECONDS of other work queued (`PoolBusy`, the page says how long), and
a run nobody waits for any more (its session closed, or moved on to another
value) is cancelled, and the replications it finished are kept. A deterministic
failure (the model's `SimulationError` or `ScenarioError`) is cached like a result, so a rerun does not repeat the work;
a timeout, a cancellation, a busy or closed pool and a dead worker are not
(the next run may succeed). `stop_with_run_error` turns any of them into a
message for the visitor.
"""

from __future__ import annotations

import functools
import math
import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import numpy as np
import pandas as pd
import streamlit as st

from harmoni_model import (
    Results,
    Scenario,
    ScenarioError,
    SimulationError,
    load_scenario,
)
from harmoni_model.running.pool import (
    REFINE,  # noqa: F401 - the studio's refining batches (the pages' one door to the model)
    URGENT,
    JobFailed,
    JobTimeout,
    PoolBusy,
    PoolClosed,
    RunCancelled,
    WorkerError,
)
from harmoni_model.running.progressive import (
    Replication,
    ReplicationCache,
    replication_key,
    run_key,
    summarised_replication,
)
from harmoni_model.running.replications import background_pool, default_workers, worker_pool
from harmoni_model.scenario.budget import APP_BUDGET, check_work, estimate_work

from .i18n import current_language, t
from .problem_text import problem_text
from .user_text import literal

ROOT = Path(__file__).resolve().parents[2]
SCENARIO_DIR = ROOT / "sample_data" / "scenarios"
BASELINE_FILE = "trondheim_baseline.yaml"
PREPARED_FILES = (
    BASELINE_FILE,
    "growth_2030.yaml",
    "weekend_intake.yaml",
    "short_term_plus20.yaml",
    "hospital_minus10.yaml",
    "summer_closure.yaml",
    "faster_vedtak.yaml",
    "first_come_first_served.yaml",
    "hospital_patients_first.yaml",
    "sobstad_rebuild_2028.yaml",
)
MEASURES = ("occupancy", "queue", "blocked")
BANDS = (*MEASURES, "capacity")  # and the regular places each day (the calendar), drawn under the occupancy
CACHE_BYTES = 256 * 2**20  # finished replications kept by the server (about 65 kB each for Trondheim: ~4 000)
KEPT_RUNS = 64  # assembled runs (KPIs and bands of n replications) kept for a page that asks again
MAX_WAIT_SECONDS = 30.0  # a run with more work than this queued ahead of it is refused at once (PoolBusy)
# A deterministic failure: the same scenario fails the same way, so it is cached like a result (a
# scenario over the app's work budget is a ScenarioError naming the field).
CACHED_FAILURES: tuple[type[Exception], ...] = (SimulationError, ScenarioError, JobFailed)
# Everything a run can fail with that a page shows as a message (the others are bugs: a traceback).
RUN_ERRORS: tuple[type[Exception], ...] = (WorkerError, SimulationError, ScenarioError)


@dataclass(frozen=True)
class Run:
    """A simulated scenario as the pages use it."""

    results: Results  # per-replication KPIs (the daily series are dropped)
    replications: tuple[Replication, ...]  # the finished replications (their float32 daily series)

    def estimates(self) -> dict:
        """KPI estimates per service id and "system" (see Results.estimates)."""
        return self.results.estimates()

    @functools.cached_property
    def bands(self) -> dict[tuple[str, str], pd.DataFrame]:
        """(service, BANDS) -> date, mean, low (10 %), high (90 %) over the replications.

        Computed when a chart asks (once per run): the studio's intermediate batches draw only tiles.
        """
        first = self.replications[0]
        days = len(next(iter(first.series.values())))
        dates = pd.date_range(pd.Timestamp(first.result.start_date), periods=days, freq="D")
        bands = {}
        for sid, measure in first.series:
            values = np.stack([r.series[sid, measure] for r in self.replications]).astype(float)  # reps x days
            low, high = np.quantile(values, [0.1, 0.9], axis=0)
            bands[sid, measure] = pd.DataFrame({"date": dates, "mean": values.mean(axis=0), "low": low, "high": high})
        return bands


_PREPARED: dict[Path, Scenario] = {}  # by the file's path (a test points SCENARIO_DIR at its own folder)
_PREPARED_LOCK = threading.Lock()


def scenario_file(name: str) -> Scenario:
    """A prepared scenario (validated once per server; a scenario is never mutated, so one object serves all).

    Not st.cache_resource: the studio asks for ten of them every run, and that took 9 ms a run. Read under
    a lock, so twenty sessions opening at once validate each file once, not twenty times.
    """
    if name not in PREPARED_FILES:
        raise KeyError(name)
    path = SCENARIO_DIR / name
    scenario = _PREPARED.get(path)
    if scenario is None:
        with _PREPARED_LOCK:
            scenario = _PREPARED.get(path)
            if scenario is None:
                scenario = _PREPARED[path] = load_scenario(path)
    return scenario


def daily_bands(results: Results) -> dict[tuple[str, str], pd.DataFrame]:
    """Mean and 10-90 % band over replications, per service and measure: date, mean, low, high.

    Vectorised over the replications (one array per series), because it runs in
    the server for every new scenario while other sessions wait for the GIL.
    """
    runs = results.runs
    first = runs[0]
    days = len(next(iter(first.daily.values()))["occupancy"])
    dates = pd.date_range(pd.Timestamp(first.start_date), periods=days, freq="D")
    out = {}
    for sid in first.daily:
        for measure in BANDS:
            values = np.array([r.daily[sid][measure] for r in runs], dtype=float)  # replications x days
            low, high = np.quantile(values, [0.1, 0.9], axis=0)
            out[sid, measure] = pd.DataFrame({"date": dates, "mean": values.mean(axis=0), "low": low, "high": high})
    return out


# --- the per-replication timeout and the background lane --------------------------------------------
# From the model's work estimate (harmoni_model/scenario/budget.py): `cpu_seconds` is per replication and
# already errs high (about 3.5x the baseline's measured cost). The factor covers a loaded server (two cores
# shared by several runs, a Streamlit process drawing charts). A heavy run (an upload near the app's
# budget) goes to the background worker (one process at the lowest priority), where it runs on the CPU time
# the room leaves over and may therefore take several times its CPU-seconds: it gets a longer bound.
TIMEOUT_FACTOR = 10.0
TIMEOUT_MIN, TIMEOUT_MAX = 30.0, 120.0
BACKGROUND_TIMEOUT_MAX = 900.0
# A run is heavy (it goes to the background) when one replication would hold a worker for more than
# HEAVY_JOB_SECONDS, or the whole run for more than HEAVY_RUN_SECONDS, both estimated CPU-seconds. The
# baseline is 0.4 s a replication by the estimate (0.1 s measured), so even 30 of them stay in the room's pool.
HEAVY_JOB_SECONDS = 2.0
HEAVY_RUN_SECONDS = 30.0
BACKGROUND_MAX_WAIT = 600.0  # a second heavy run queues behind the first for at most this long


def is_heavy(scenario: Scenario, replications: int | None = None) -> bool:
    """Whether a run of `scenario` goes to the background worker (see HEAVY_JOB_SECONDS)."""
    work = estimate_work(scenario)
    n = scenario.replications if replications is None else replications
    return work.cpu_seconds > HEAVY_JOB_SECONDS or work.cpu_seconds * n > HEAVY_RUN_SECONDS


def job_timeout(scenario: Scenario, background: bool = False) -> float:
    """Seconds one replication of `scenario` may take in a worker before it is stopped."""
    seconds = estimate_work(scenario).cpu_seconds * TIMEOUT_FACTOR
    if not math.isfinite(seconds):
        return TIMEOUT_MAX
    return min(max(seconds, TIMEOUT_MIN), BACKGROUND_TIMEOUT_MAX if background else TIMEOUT_MAX)


# --- who still waits for a run --------------------------------------------------------------------
# Streamlit 1.67 (runtime/app_session.py request_rerun, request_script_stop; websocket_session_manager.py
# disconnect_session, close_session): a new value (fastReruns, the default), a closed tab and a disconnected
# session all call ScriptRunner.request_stop(), which sets the run's ScriptRequests to STOP; with fastReruns
# off, a rerun sets RERUN. A script blocked in the pool never reaches a yield point to notice, so the pool
# polls this instead. Two sessions asking for the same scenario share its replications: one runs them while
# the other waits (ReplicationCache.fill); when the runner is superseded its run is cancelled, the
# replications it finished stay cached, and the waiter runs only the rest.


def script_run() -> tuple[str | None, Callable[[], bool] | None]:
    """(session id, "this script run was superseded or its session closed") for this thread's script run.

    (None, None) outside a script run (plain Python, a test without Streamlit's context).
    """
    try:
        from streamlit.runtime.scriptrunner import get_script_run_ctx
        from streamlit.runtime.scriptrunner_utils import script_requests as sr
    except ImportError:  # pragma: no cover - another Streamlit
        return None, None
    ctx = get_script_run_ctx(suppress_warning=True)
    requests = getattr(ctx, "script_requests", None)
    if ctx is None or requests is None:
        return None, None
    keeps_running = getattr(sr, "_fragment_run_should_not_preempt_script", None)

    def superseded() -> bool:
        state = getattr(requests, "_state", None)  # read without its lock: an enum, replaced atomically
        if state is sr.ScriptRequestType.STOP:
            return True
        if state is sr.ScriptRequestType.RERUN:
            # a fragment's rerun queued behind this run does not stop it (script_requests.py on_scriptrunner_yield)
            data = requests._rerun_data
            return not (keeps_running and keeps_running(data.fragment_id_queue, data.is_fragment_scoped_rerun))
        return False

    return ctx.session_id, superseded


@dataclass(frozen=True)
class Failure:
    """A deterministic failure, cached in place of a `Run` (`cached_run` raises it again)."""

    error: Exception


def _failure(exc: Exception) -> Failure:
    try:
        pickle.loads(pickle.dumps(exc))  # it may be shown again in any session: a plain copy, never a live object
    except Exception:
        return Failure(JobFailed(str(exc)))
    return Failure(exc)


@st.cache_resource(show_spinner=False)
def replication_cache() -> ReplicationCache:
    """The server's finished replications, by scenario content and replication index (all sessions)."""
    return ReplicationCache(CACHE_BYTES)


@st.cache_resource(show_spinner=False)
def _kept() -> tuple[OrderedDict[tuple[str, int], Run | Failure], threading.Lock]:
    """Recently assembled runs by (scenario key, n), and deterministic failures by (key, -1)."""
    return OrderedDict(), threading.Lock()


def _remember(key: tuple[str, int], value: Run | Failure) -> None:
    kept, lock = _kept()
    with lock:
        kept[key] = value
        kept.move_to_end(key)
        while len(kept) > KEPT_RUNS:
            kept.popitem(last=False)


def _recall(key: tuple[str, int]) -> Run | Failure | None:
    kept, lock = _kept()
    with lock:
        value = kept.get(key)
        if value is not None:
            kept.move_to_end(key)
        return value


def run_batch(scenario: Scenario, indices: Sequence[int], keep: Callable[[int, Replication], None], **options) -> None:
    """Run the replications `indices` of `scenario` in the worker pool, handing each to `keep` as it finishes.

    `options` are the pool's (timeout, cancelled, max_wait, owner); `background` picks the background worker.
    """
    background = options.pop("background", False)
    pool = background_pool() if background else worker_pool(default_workers())
    jobs = [(scenario, r) for r in indices]
    pool.map(summarised_replication, jobs, on_result=lambda i, rep: keep(indices[i], rep), **options)


def assemble(scenario: Scenario, replications: Sequence[Replication]) -> Run:
    """A `Run` from finished replications (in order): their KPIs, and (when asked) the daily bands over them."""
    return Run(Results(scenario, [r.result for r in replications]), tuple(replications))


def affordable(scenario: Scenario, replications: int) -> bool:
    """Whether `replications` replications of `scenario` are within the app's work budget."""
    return not check_work(scenario, APP_BUDGET, runs=replications)


def cached_replications(scenario: Scenario) -> int:
    """How many of `scenario`'s replications 0, 1, 2 ... this server has finished and still keeps."""
    return replication_cache().prefix(replication_key(scenario))


def cached_run(
    scenario: Scenario, replications: int | None = None, *, priority: int = URGENT, max_wait: float | None = None
) -> Run:
    """`scenario` simulated with replications 0..n-1: only those this server has not run yet are run.

    Replication r is the same in any run of a scenario (common random numbers), so asking for 30 after
    6 runs 24, and asking for 6 after 30 runs none. Raises the run's failure: a cached one
    (`CACHED_FAILURES`) or one that is not cached (a `WorkerError`: `PoolBusy`, `JobTimeout`,
    `RunCancelled`, ...). `stop_with_run_error` shows either. `priority`: the pool's (`REFINE` for more
    replications of an answer the visitor already has, so that others' first answers go first);
    `max_wait`: seconds the run may wait for a worker (default `MAX_WAIT_SECONDS`), then `PoolBusy`.
    """
    n = scenario.replications if replications is None else replications
    if n < 1:
        raise ValueError("replications must be >= 1")
    key = run_key(scenario)
    for value in (_recall((key, -1)), _recall((key, n))):
        if isinstance(value, Failure):
            raise value.error
        if value is not None:
            return value
    owner, superseded = script_run()
    try:
        over = check_work(scenario, APP_BUDGET, runs=n)
        if over:  # (uploads are checked before; a lever on top, e.g. more demand, may still pass the budget)
            raise ScenarioError(over)
        background = is_heavy(scenario, n)
        options = {
            "timeout": job_timeout(scenario, background),
            "cancelled": superseded,
            "max_wait": BACKGROUND_MAX_WAIT if background else MAX_WAIT_SECONDS if max_wait is None else max_wait,
            "owner": owner,
            "priority": priority,
            "background": background,
        }
        done = replication_cache().fill(  # by the patients, not the name: an opened or renamed copy reuses them
            replication_key(scenario),
            n,
            lambda indices, keep: run_batch(scenario, indices, keep, **options),
            superseded,
        )
    except CACHED_FAILURES as exc:
        # the same scenario fails the same way; a budget refusal depends on n, so it is kept per n
        _remember((key, n if isinstance(exc, ScenarioError) else -1), _failure(exc))
        raise
    # Any other exception (a timeout, a cancellation, a busy or closed pool, a dead worker) propagates and
    # nothing is remembered but the replications that finished: the next run goes on from them.
    run = assemble(scenario, done)
    _remember((key, n), run)
    return run


def others_simulating() -> int:
    """Runs of *other* sessions in the worker pool now (this session's own, superseded ones never count)."""
    session, _ = script_run()
    return worker_pool(default_workers()).runs_in_progress(exclude_owner=session)


def run_error_text(exc: Exception) -> str:
    """What a visitor reads when a run failed (bokmål or English), never a traceback."""
    if isinstance(exc, PoolBusy):
        return t("run.busy", seconds=max(5, math.ceil(exc.wait_seconds / 5) * 5))
    if isinstance(exc, JobTimeout):
        return t("run.timeout", seconds=f"{exc.seconds:.0f}")
    if isinstance(exc, RunCancelled):
        return t("run.cancelled")
    if isinstance(exc, PoolClosed):
        return t("run.closed")
    if isinstance(exc, WorkerError) and not isinstance(exc, JobFailed):
        return t("run.worker")
    lines = str(exc).strip().splitlines()
    message = problem_text(lines[-1], current_language()) if lines else type(exc).__name__
    return t("run.failed", message=literal(message))  # it may quote user text


def stop_with_run_error(exc: Exception) -> NoReturn:
    """Show a failed run's message (a warning when trying again may help, else an error) and stop the page."""
    if isinstance(exc, WorkerError) and not isinstance(exc, JobFailed):
        st.warning(run_error_text(exc), icon=":material/hourglass_top:")
    else:
        st.error(run_error_text(exc))
    st.stop()

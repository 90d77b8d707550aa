"""Many workshop sessions at once against one app server (not a test).

    python benchmarks/load_app.py [--client ws|browser] [--sessions 20] [--changes 10] [--think 0]
                                  [--hostile] [--duration SECONDS] [--json out.json] [--log server.log]

Starts `streamlit run` on a free local port (loopback only), then drives N
concurrent sessions, one asyncio task each. With `--client ws` (the default)
each session speaks the app's websocket protocol (`st_client.py`): the server
does all it does for a browser, and the clients cost next to no CPU, so the
figures are the server's. With `--client browser` each session is a Playwright
page in its own context of one Debian Chromium: end to end, but on the same two
cores twenty tabs drawing charts take most of the CPU. Each session opens the
scenario studio on the Trondheim baseline and changes the short-term capacity
`--changes` times: every other value comes from a list shared by all sessions
(so the shared simulation cache is exercised), the others are unique to the
session (a new simulation). Per change it records the seconds from Enter until
the rerun finished, whether an exception appeared and whether KPIs were shown.
Meanwhile the server's memory (RSS of the streamlit process plus its worker
processes) is sampled every 0.5 s, and CPU seconds are counted for the
server, its workers and the rest of the machine (mostly the clients), to show
where the time goes.

`--hostile` adds one more visitor, a Chromium page in a process of its own under
`nice -n 19` (its browser would run on its own computer), who uploads the worst scenario
the app accepts (`worst_upload.py`: the most work the app's budget lets through)
again and again, a new seed each time so that nothing comes from the cache;
the figures of the twenty are the ones that count. `--duration` makes a soak:
every session keeps changing values (cycling through its list) until the time
is up, and the memory samples are summarised as a slope over the second half.

Goals (issue 12): with `--hostile --think 5`, p95 <= 3 s and 0 errors for the
twenty; with `--duration 1800`, server memory flat.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import parse_qs

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_app import OBSERVER, _free_port, _start_server
from st_client import StreamlitSession

LABEL = "Short-term stays, helsehus: places"
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
RUNNING = "[data-testid='stApp'][data-test-script-state='running']"
TIMEOUT_MS = 300_000  # per wait: generous, the run is bounded by sessions x changes anyway
BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--disable-renderer-backgrounding",
                "--disable-background-timer-throttling", "--disable-backgrounding-occluded-windows"]  # fmt: skip


def values_for(session: int, changes: int) -> list[int]:
    """Capacities a session enters: even steps shared by all sessions, odd steps unique to this one."""
    out = []
    for j in range(changes):
        if j % 2 == 0:
            out.append(150 + 4 * (j // 2) % 40)  # 150, 154, 158, ... the same for every session
        else:
            out.append(200 + (8 * session + j // 2) % 158)  # distinct per session, within the control's range
    return out


class MemorySampler(threading.Thread):
    """RSS (MB) of a process and its children, every `every` seconds, until stopped."""

    def __init__(self, pid: int, every: float = 0.5) -> None:
        super().__init__(daemon=True)
        self.root, self.every = psutil.Process(pid), every
        self.samples: list[tuple[float, float, int]] = []  # (time, MB, processes)
        self._halt = threading.Event()

    def rss(self) -> tuple[float, int]:
        total, n = 0, 0
        for p in [self.root, *self.root.children(recursive=True)]:
            try:
                total += p.memory_info().rss
                n += 1
            except psutil.Error:
                pass
        return total / 2**20, n

    def run(self) -> None:
        while not self._halt.is_set():
            mb, n = self.rss()
            self.samples.append((time.monotonic(), mb, n))
            self._halt.wait(self.every)

    def stop(self) -> None:
        self._halt.set()
        self.join(timeout=5)


def cpu_seconds(pid: int) -> dict[str, float]:
    """User + system CPU seconds of the server process, its worker children, and all others by name."""
    root = psutil.Process(pid)
    t = root.cpu_times()
    out = {"server": t.user + t.system, "workers": 0.0}
    for p in root.children(recursive=True):
        try:
            c = p.cpu_times()
            out["workers"] += c.user + c.system
        except psutil.Error:
            pass
    return out


def busy_cpu() -> float:
    """CPU seconds all processes on the machine have used (user + system + nice + irq)."""
    t = psutil.cpu_times()
    return t.user + t.system + getattr(t, "nice", 0.0) + getattr(t, "irq", 0.0) + getattr(t, "softirq", 0.0)


async def _change(page, value: int) -> dict:
    box = page.get_by_label(LABEL)
    await box.fill(str(value))
    before = await page.evaluate("window.__done.length")
    t0 = await page.evaluate("performance.now()")
    await box.press("Enter")
    await page.wait_for_function(f"window.__done.length > {before}", timeout=TIMEOUT_MS)
    await page.wait_for_timeout(150)  # a second rerun (if any) must also be counted
    await page.wait_for_selector(IDLE, timeout=TIMEOUT_MS)
    seconds = (await page.evaluate("window.__done[window.__done.length - 1]") - t0) / 1000
    exception = await page.locator("[data-testid='stException']").count() > 0
    kpis = await page.locator("[data-testid='stMetric']").count() > 0
    return {"value": value, "seconds": seconds, "exception": exception, "kpis": kpis}


async def _session(browser, url: str, index: int, changes: int) -> dict:
    context = await browser.new_context(viewport={"width": 1600, "height": 1000})
    page = await context.new_page()
    record: dict = {"session": index, "changes": [], "failure": None}
    try:
        t0 = time.monotonic()
        await page.goto(f"{url}/scenario?lang=en", timeout=TIMEOUT_MS)
        await page.wait_for_selector("[data-testid='stMetric']", timeout=TIMEOUT_MS)
        await page.wait_for_selector(IDLE, timeout=TIMEOUT_MS)
        record["first_load"] = time.monotonic() - t0
        await page.evaluate(OBSERVER)
        for value in values_for(index, changes):
            record["changes"].append(await _change(page, value))
            if ARGS.think:
                await asyncio.sleep(ARGS.think)
    except Exception as exc:  # a failed session is a figure, not a crash
        record["failure"] = f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}"
    finally:
        await context.close()
    return record


async def _ws_session(url: str, index: int, changes: int) -> dict:
    record: dict = {"session": index, "changes": [], "failure": None}
    try:
        async with StreamlitSession(url, page="scenario", query="lang=en") as session:
            first = await session.open(timeout=TIMEOUT_MS / 1000)
            record["first_load"] = first.seconds
            if not first.ok or LABEL not in session.widgets:
                raise RuntimeError(f"the scenario page did not load: {first.exceptions or first.status}")
            for value in _values(index, changes):
                run = await session.set_number(LABEL, value, timeout=TIMEOUT_MS / 1000)
                # The page writes the scenario into the URL: proof the server ran the value sent.
                applied = parse_qs(session.query).get("capacity:short_term") == [str(value)]
                kpis = run.elements.get("metric", 0) > 0 and applied
                # a preliminary answer: the studio stopped adding replications early (its budget, shared with others)
                quick = any("Preliminary answer (n = " in text for text in run.texts)
                record["changes"].append(
                    {
                        "value": value,
                        "seconds": run.seconds,
                        "first_answer": run.first_metric,
                        "exception": bool(run.exceptions),
                        "kpis": kpis,
                        "quick": quick,
                    }
                    | ({"errors": run.exceptions} if run.exceptions else {})
                )
                if ARGS.think:
                    await asyncio.sleep(ARGS.think)
    except Exception as exc:  # a failed session is a figure, not a crash
        record["failure"] = f"{type(exc).__name__}: {str(exc).splitlines()[0][:200] if str(exc) else ''}"
    return record


def _values(index: int, changes: int):
    """The values a session enters: its list once, or (a soak) cycled until `--duration` is up."""
    values = values_for(index, changes)
    if not ARGS.duration:
        yield from values
        return
    k = 0
    while time.monotonic() < DEADLINE[0]:
        yield values[k % len(values)]
        k += 1


DEADLINE = [float("inf")]


async def _hostile(url: str, chromium: str, stop: asyncio.Event) -> dict:
    """One visitor uploading the worst accepted scenario again and again (a new seed each time)."""
    from playwright.async_api import async_playwright
    from worst_upload import worst_accepted_text

    record: dict = {"uploads": PARTIAL["uploads"], "failure": None}
    folder = Path(ARGS.log).resolve().parent
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=chromium, args=BROWSER_ARGS)
        page = await browser.new_page(viewport={"width": 1280, "height": 720})
        try:
            await page.goto(f"{url}/", timeout=TIMEOUT_MS)  # not a deep link first ("page not found" dialog)
            await page.wait_for_selector(IDLE, timeout=TIMEOUT_MS)
            await page.goto(f"{url}/scenario?lang=en", timeout=TIMEOUT_MS)
            await page.wait_for_selector(IDLE, timeout=TIMEOUT_MS)
            k = 0
            while not stop.is_set():
                k += 1
                path = folder / f"worst_upload_{k}.yaml"
                path.write_text(worst_accepted_text(seed=1000 + k), encoding="utf-8")
                t0 = time.monotonic()
                await page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(path))
                with contextlib.suppress(Exception):  # the rerun the upload causes (it may be over already)
                    await page.wait_for_selector(RUNNING, timeout=5_000)
                await page.wait_for_selector(IDLE, timeout=TIMEOUT_MS)
                refused = await page.get_by_text("too big to simulate here").count() > 0
                shown = await page.get_by_text("Worst accepted upload").count() > 0
                record["uploads"].append({"seconds": time.monotonic() - t0, "refused": refused, "shown": shown})
                path.unlink(missing_ok=True)
        except Exception as exc:  # a figure, not a crash
            record["failure"] = f"{type(exc).__name__}: {str(exc).splitlines()[0][:200] if str(exc) else ''}"
        finally:
            await browser.close()
    return record


def _hostile_client(url: str, out: Path) -> None:
    """`--hostile-client`: the hostile visitor in a process of its own, until SIGTERM; its record to `out`.

    Started under ``nice -n 19``: the visitor's browser would run on the visitor's own computer, so on
    this shared machine it must not take CPU from the server it is measured against.
    """
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")

    async def run() -> dict:
        stop = asyncio.Event()
        task = asyncio.create_task(_hostile(url, chromium, stop))
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, task.cancel)
        try:
            return await task
        except asyncio.CancelledError:
            return {"uploads": PARTIAL["uploads"], "failure": None}

    out.write_text(json.dumps(asyncio.run(run())))


PARTIAL: dict = {"uploads": []}  # the hostile visitor's uploads so far (a cancelled run still reports them)


def _start_hostile(url: str) -> tuple[subprocess.Popen, Path]:
    out = Path(ARGS.log).resolve().parent / "hostile_visitor.json"
    out.unlink(missing_ok=True)
    cmd = ["nice", "-n", "19", sys.executable, str(Path(__file__).resolve()), "--hostile-client", url,
           "--json", str(out), "--log", ARGS.log]  # fmt: skip
    return subprocess.Popen(cmd), out


def _stop_hostile(proc: subprocess.Popen, out: Path) -> dict:
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
    return json.loads(out.read_text()) if out.exists() else {"uploads": [], "failure": "no record"}


async def _drive_ws(url: str, sessions: int, changes: int) -> tuple[list[dict], dict]:
    hostile = _start_hostile(url) if ARGS.hostile else None
    if hostile is not None:
        await asyncio.sleep(ARGS.hostile_lead)  # the heavy upload is under way when the room starts
    records = list(await asyncio.gather(*(_ws_session(url, i, changes) for i in range(sessions))))
    return records, _stop_hostile(*hostile) if hostile is not None else {}


async def _drive(url: str, chromium: str, sessions: int, changes: int) -> list[dict]:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=chromium, args=BROWSER_ARGS)
        # The first session after a start must not arrive by a deep link ("page not found" dialog).
        first = await browser.new_page()
        await first.goto(f"{url}/")
        await first.wait_for_selector(IDLE, timeout=TIMEOUT_MS)
        await first.close()
        records = await asyncio.gather(*(_session(browser, url, i, changes) for i in range(sessions)))
        await browser.close()
    return list(records)


def _quantile(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(q * (len(xs) - 1)))] if xs else float("nan")


ARGS = argparse.Namespace(think=0.0, duration=0.0, hostile=False, hostile_lead=3.0)


def _slope_mb_per_10_min(samples: list[tuple[float, float, int]]) -> float:
    """Least-squares slope of RSS over the second half of the samples (MB per 10 minutes)."""
    half = samples[len(samples) // 2 :]
    if len(half) < 2:
        return float("nan")
    ts, ms = [t for t, _, _ in half], [mb for _, mb, _ in half]
    tm, mm = statistics.fmean(ts), statistics.fmean(ms)
    var = sum((t - tm) ** 2 for t in ts)
    return sum((t - tm) * (m - mm) for t, m in zip(ts, ms, strict=True)) / var * 600 if var else float("nan")


def main() -> None:
    global ARGS
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--client", choices=["ws", "browser"], default="ws", help="websocket protocol or Chromium")
    parser.add_argument("--sessions", type=int, default=20, help="concurrent sessions")
    parser.add_argument("--changes", type=int, default=10, help="capacity changes per session")
    parser.add_argument("--think", type=float, default=0.0, help="seconds a session pauses between changes")
    parser.add_argument("--hostile", action="store_true", help="one more visitor uploads the worst accepted file")
    parser.add_argument("--hostile-lead", type=float, default=3.0, help="seconds the upload starts before the room")
    parser.add_argument("--duration", type=float, default=0.0, help="a soak: keep changing values this many seconds")
    parser.add_argument("--hostile-client", metavar="URL", help=argparse.SUPPRESS)
    parser.add_argument("--json", help="also write the figures here")
    parser.add_argument("--log", default="load_app_server.log", help="the server's output (default: %(default)s)")
    ARGS = parser.parse_args()
    if ARGS.hostile_client:
        _hostile_client(ARGS.hostile_client, Path(ARGS.json))
        return
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if (ARGS.client == "browser" or ARGS.hostile) and chromium is None:
        raise SystemExit("needs Debian's chromium package")

    port = _free_port()
    server = _start_server(port, Path(ARGS.log))
    url = f"http://127.0.0.1:{port}"
    sampler = MemorySampler(server.pid)
    try:
        rss_before = sampler.rss()[0]
        cpu0, bcpu0, wall0 = cpu_seconds(server.pid), busy_cpu(), time.monotonic()
        sampler.start()
        hostile: dict = {}
        if ARGS.duration:
            DEADLINE[0] = time.monotonic() + ARGS.duration
        if ARGS.client == "ws":
            records, hostile = asyncio.run(_drive_ws(url, ARGS.sessions, ARGS.changes))
        else:
            records = asyncio.run(_drive(url, chromium, ARGS.sessions, ARGS.changes))
        wall = time.monotonic() - wall0
        cpu1, bcpu1 = cpu_seconds(server.pid), busy_cpu()
        time.sleep(1.0)
        sampler.stop()
        rss_after = sampler.rss()[0]
    finally:
        sampler.stop()
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()

    changes = [c for r in records for c in r["changes"]]
    times = [c["seconds"] for c in changes]
    first = [c["first_answer"] for c in changes if c.get("first_answer") is not None]
    bad = [c for c in changes if c["exception"] or not c["kpis"]]
    failures = [r["failure"] for r in records if r["failure"]]
    expected = len(changes) if ARGS.duration else ARGS.sessions * ARGS.changes
    rss = [mb for _, mb, _ in sampler.samples]
    result = {
        "client": ARGS.client,
        "sessions": ARGS.sessions,
        "changes": len(changes),
        "changes_expected": expected,
        "errors": len(bad) + len(failures) + (expected - len(changes) if not failures else 0),
        "exceptions": sum(c["exception"] for c in changes),
        "without_kpis": sum(not c["kpis"] for c in changes),
        "session_failures": failures,
        "think_seconds": ARGS.think,
        "quick": sum(bool(c.get("quick")) for c in changes),
        # the studio's first answer (its first tiles, ws client): what the room sees first after a change
        "first_answer_s": {
            "p50": statistics.median(first) if first else float("nan"),
            "p95": _quantile(first, 0.95),
        },
        "refresh_s": {
            "p50": statistics.median(times) if times else float("nan"),
            "p95": _quantile(times, 0.95),
            "max": max(times, default=float("nan")),
        },
        "first_load_s_max": max((r.get("first_load", 0.0) for r in records), default=0.0),
        "rss_mb": {
            "before": rss_before,
            "peak": max(rss, default=rss_before),
            "final": rss[-1] if rss else rss_before,
            "after": rss_after,
            "processes_peak": max((n for *_, n in sampler.samples), default=0),
            "slope_second_half_mb_per_10_min": _slope_mb_per_10_min(sampler.samples),
            "first_quarter_median": statistics.median(rss[: max(1, len(rss) // 4)]) if rss else float("nan"),
            "last_quarter_median": statistics.median(rss[-max(1, len(rss) // 4) :]) if rss else float("nan"),
            # (seconds since the start, MB) every 30 s or so: the shape, not only the slope
            "samples": [[round(t - sampler.samples[0][0]), round(mb, 1)] for t, mb, _ in sampler.samples[::60]],
        },
        "hostile": {
            "uploads": len(hostile.get("uploads", [])),
            "refused": sum(u["refused"] for u in hostile.get("uploads", [])),
            "seconds": [u["seconds"] for u in hostile.get("uploads", [])],
            "failure": hostile.get("failure"),
        }
        if ARGS.hostile
        else None,
        "duration_s": ARGS.duration,
        "wall_s": wall,
        "cpu_s": {
            "server": cpu1["server"] - cpu0["server"],
            "workers": cpu1["workers"] - cpu0["workers"],
            "machine": bcpu1 - bcpu0,
            "clients_and_rest": (bcpu1 - bcpu0)
            - (cpu1["server"] - cpu0["server"])
            - (cpu1["workers"] - cpu0["workers"]),
        },
        "cores": psutil.cpu_count(),
    }
    r, m, c = result["refresh_s"], result["rss_mb"], result["cpu_s"]
    print(
        f"{ARGS.client} sessions {result['sessions']}  changes {result['changes']}/{expected}"
        f"  errors {result['errors']}"
        f"  (exceptions {result['exceptions']}, without KPIs {result['without_kpis']}, failed sessions {len(failures)})"
    )
    print(f"refresh (s): p50 {r['p50']:.2f}  p95 {r['p95']:.2f}  max {r['max']:.2f}"
          f"  (first load max {result['first_load_s_max']:.1f})")  # fmt: skip
    if ARGS.client == "ws":
        fa = result["first_answer_s"]
        print(f"first answer (s): p50 {fa['p50']:.2f}  p95 {fa['p95']:.2f}  (refresh: until the answer is final)")
        print(f"preliminary answers (stopped early, budget shared): {result['quick']} of {len(changes)}")
    print(f"server + workers RSS (MB): before {m['before']:.0f}  peak {m['peak']:.0f}  final {m['final']:.0f}"
          f"  after {m['after']:.0f}  (processes up to {m['processes_peak']})")  # fmt: skip
    print(f"wall {wall:.0f} s on {result['cores']} cores; CPU s: server {c['server']:.0f}  workers {c['workers']:.0f}"
          f"  clients and rest {c['clients_and_rest']:.0f}  (machine {c['machine']:.0f})")  # fmt: skip
    if ARGS.duration:
        print(f"soak {ARGS.duration:.0f} s: RSS median first quarter {m['first_quarter_median']:.0f} MB, "
              f"last quarter {m['last_quarter_median']:.0f} MB; "
              f"slope over the second half {m['slope_second_half_mb_per_10_min']:+.1f} MB / 10 min")  # fmt: skip
    if result["hostile"]:
        h = result["hostile"]
        print(
            f"hostile visitor: {h['uploads']} uploads of the worst accepted file ({h['refused']} refused), "
            f"seconds each {', '.join(f'{x:.0f}' for x in h['seconds'])}; failure: {h['failure']}"
        )
    for f in failures:
        print("  failed session:", f)
    print("goal: errors 0, p95 <= 3 s with --hostile --think 5, memory flat over a soak")
    if ARGS.json:
        Path(ARGS.json).write_text(json.dumps({**result, "records": records}, indent=2))


if __name__ == "__main__":
    main()

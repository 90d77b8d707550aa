"""A crowded library (not a test): listing a page, and opening the studio, in a room of 1 000 entries.

    python benchmarks/bench_library.py [--rooms 5] [--no-server] [--json out.json]

Fills a fresh library file with one room ("bench") of 1 000 entries (two of them damaged) and
`--rooms` other rooms of 1 000 each, then times

- ``Library``: opening the file in a new process's state (no migration, no lock), ``count``,
  ``list`` of the first, a middle and the last page of 20, a name filter, ``bases`` (the compare page);
- the scenario studio in a real server (``streamlit run`` with ``benchmarks/st_client.py``): a new
  session opening ``/scenario?room=bench`` and ``/scenario?room=empty`` after the simulation is cached,
  so the difference is what the library costs a visitor;
- the compare page in room "bench" (a new session).

Target (issue 12): the studio opens in <= 1 s with 1 000 entries in its room.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from harmoni_model import load_scenario  # noqa: E402
from harmoni_model.scenario.changes import Changes  # noqa: E402
from harmoni_model.workshop import library as library_module  # noqa: E402
from harmoni_model.workshop.library import Library  # noqa: E402

PER_ROOM = 1_000


def fill(path: Path, other_rooms: int) -> None:
    """One real save, copied (in one transaction each room) into every room: a save each would fsync 6 000 times."""
    lib = Library(path)
    base = load_scenario(ROOT / "sample_data" / "scenarios" / "trondheim_baseline.yaml")
    seed = lib.save_changes(base, Changes(capacity={"kad": 30}), "Seed", "Table 1", "Why not", room="bench")
    con = sqlite3.connect(path)
    cols = "author, reason, created, updated, content, content_hash, base_content, base_hash, changes, base_name"
    row = con.execute(f"SELECT {cols} FROM scenarios WHERE id = ?", (seed,)).fetchone()
    for room, n in [("bench", PER_ROOM - 1)] + [(f"other-{k}", PER_ROOM) for k in range(other_rooms)]:
        con.executemany(
            f"INSERT INTO scenarios (name, room, owner, {cols}) VALUES (?, ?, ?, {', '.join('?' * 10)})",
            [(f"Plan {room} {i}", room, f"{i % 40:064x}", *row) for i in range(n)],
        )
    con.execute("UPDATE scenarios SET content = '{broken' WHERE id IN (SELECT id FROM scenarios WHERE room = 'bench'"
                " ORDER BY id DESC LIMIT 2)")  # fmt: skip
    con.commit()
    con.close()


def timed(call, repeat: int = 20) -> float:
    """The median time of `call` in milliseconds."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        call()
        times.append((time.perf_counter() - t0) * 1000)
    return round(statistics.median(times), 2)


def library_figures(path: Path) -> dict[str, float]:
    def fresh_open() -> None:
        library_module._MIGRATED.clear()  # as in a new process
        Library(path)

    lib = Library(path)
    library_module._VALID.clear()
    t0 = time.perf_counter()
    lib.list("bench", 0, 20, newest_first=True)
    first_uncached = (time.perf_counter() - t0) * 1000
    return {
        "open_file_ms": timed(fresh_open),
        "count_ms": timed(lambda: lib.count("bench")),
        "list_first_page_uncached_ms": round(first_uncached, 2),
        "list_first_page_ms": timed(lambda: lib.list("bench", 0, 20, newest_first=True)),
        "list_middle_page_ms": timed(lambda: lib.list("bench", 500, 20, newest_first=True)),
        "list_last_page_ms": timed(lambda: lib.list("bench", 980, 20, newest_first=True)),
        "list_name_filter_ms": timed(lambda: lib.list("bench", 0, 20, name_contains="bench 99")),
        "bases_ms": timed(lambda: lib.bases("bench")),
    }


async def _open(base_url: str, page: str, query: str) -> tuple[float, bool]:
    from st_client import StreamlitSession

    async with StreamlitSession(base_url, page=page, query=query) as session:
        run = await session.open()
        return run.seconds, run.ok


def server_figures(path: Path, repeat: int = 5) -> dict[str, object]:
    from bench_app import _free_port, _start_server

    os.environ["HARMONI_DB"] = str(path)
    port = _free_port()
    proc = _start_server(port)
    url = f"http://127.0.0.1:{port}"
    try:
        warm, ok = asyncio.run(_open(url, "scenario", "lang=en"))  # the simulation runs once and is cached
        out: dict[str, object] = {"first_open_with_simulation_s": round(warm, 2)}
        for label, page, query in (
            ("studio_room_1000_s", "scenario", "room=bench&lang=en"),
            ("studio_empty_room_s", "scenario", "room=empty&lang=en"),
            ("compare_room_1000_s", "compare", "room=bench&lang=en"),
        ):
            runs = [asyncio.run(_open(url, page, query)) for _ in range(repeat)]
            ok = ok and all(r[1] for r in runs)
            out[label] = round(statistics.median(r[0] for r in runs), 3)
        out["all_runs_ok"] = ok
        return out
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rooms", type=int, default=5, help="other rooms of 1 000 entries each")
    parser.add_argument("--no-server", action="store_true", help="time the library only")
    parser.add_argument("--json", help="write the figures here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.db"
        t0 = time.perf_counter()
        fill(path, args.rooms)
        figures: dict[str, object] = {
            "entries": (args.rooms + 1) * PER_ROOM,
            "fill_s": round(time.perf_counter() - t0, 2),
            "library": library_figures(path),
        }
        if not args.no_server:
            figures["server"] = server_figures(path)
    text = json.dumps(figures, indent=2)
    print(text)
    if args.json:
        Path(args.json).write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

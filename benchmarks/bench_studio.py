"""The studio's progressive answer, timed against a real server (not a test).

    python benchmarks/bench_studio.py [--json out.json]

Starts `streamlit run` on a free local port and drives the scenario studio over
Streamlit's websocket protocol (`st_client.py`: the server does all it does for a
browser, the client costs nothing), in English:

1. *first answer*: the Trondheim baseline open (its replications cached), a new
   short-term capacity: seconds until the first tiles arrive (a first batch of
   replications), and until the run has finished (the answer settled or its
   budget spent);
2. *going back* to a value already answered: seconds until the rerun finished;
3. *the question of the day* (issue 14: "St. Olavs closes some medical beds for
   the summer, the municipality considers 20 more short-term places"): the
   prepared "A hard summer" (sample_data/scenarios/summer_closure.yaml) open, as
   the facilitator has it on screen while the room talks, then short-term
   179 -> 199: seconds until the answer is final, and what its badge says.

Targets (issue 14, 2 cores): first answer <= 0.8 s; going back <= 0.3 s; the
question of the day resolved <= 5 s.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_app import _free_port, _start_server
from st_client import StreamlitSession

LABEL = "Short-term stays, helsehus: places"
BADGES = ("Firm answer", "Unclear after", "Preliminary answer")


def _badge(texts: list[str]) -> str:
    # the last one: the final answer (a markdown badge, ":green-badge[:material/verified: Firm answer ...]")
    return next((t for t in reversed(texts) if any(b in t for b in BADGES)), "(no badge)")


async def _measure(url: str) -> dict:
    out: dict = {}
    async with StreamlitSession(url, page="scenario", query="lang=en") as s:
        await s.open()
        runs = []
        for value in (180, 181):  # two new values: the first batch of each runs, the baseline's are cached
            run = await s.set_number(LABEL, value)
            runs.append({"value": value, "first_answer_s": run.first_metric, "final_s": run.seconds,
                         "badge": _badge(run.texts), "ok": run.ok})  # fmt: skip
        out["new_value"] = runs
        back = await s.set_number(LABEL, 180)
        out["going_back"] = {"seconds": back.seconds, "badge": _badge(back.texts), "ok": back.ok}
    async with StreamlitSession(url, page="scenario", query="lang=en&base=summer_closure.yaml") as s:
        await s.open()  # the hard summer on screen: its replications cached, as in the room
        run = await s.set_number(LABEL, 199)
        out["question_of_the_day"] = {
            "first_answer_s": run.first_metric, "final_s": run.seconds, "badge": _badge(run.texts), "ok": run.ok,
        }  # fmt: skip
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args()
    port = _free_port()
    server = _start_server(port)
    try:
        result = asyncio.run(_measure(f"http://127.0.0.1:{port}"))
    finally:
        server.terminate()
        server.wait(timeout=10)
    for r in result["new_value"]:
        print(f"new value {r['value']}: first answer {r['first_answer_s']:.2f} s, final {r['final_s']:.2f} s"
              f" -- {r['badge']}")  # fmt: skip
    print(f"going back: {result['going_back']['seconds']:.2f} s -- {result['going_back']['badge']}")
    q = result["question_of_the_day"]
    print(f"question of the day: first answer {q['first_answer_s']:.2f} s, final {q['final_s']:.2f} s -- {q['badge']}")
    print("targets: first answer <= 0.8 s, going back <= 0.3 s, question of the day resolved <= 5 s (2 cores)")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()

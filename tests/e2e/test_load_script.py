"""The load benchmark's websocket client against a real server: it must keep working, and it checks the app."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_two_protocol_sessions_change_capacities_without_errors(tmp_path):
    out = tmp_path / "load.json"
    done = subprocess.run(
        [sys.executable, "benchmarks/load_app.py", "--sessions", "2", "--changes", "3",
         "--json", str(out), "--log", str(tmp_path / "server.log")],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    result = json.loads(out.read_text())
    assert result["changes"] == 6 and result["errors"] == 0, result
    # every change reached the server and came back with KPIs for the value sent
    assert all(c["kpis"] and not c["exception"] for r in result["records"] for c in r["changes"])
    assert [c["value"] for c in result["records"][1]["changes"]] == [150, 208, 154]

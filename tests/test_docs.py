"""Docs that are run as tests: the calibration note's who-pays snippet reproduces the figures it quotes."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CALIBRATION = ROOT / "sample_data" / "CALIBRATION.md"


def test_the_who_pays_snippet_gives_the_figures_the_note_quotes(monkeypatch):
    monkeypatch.chdir(ROOT)
    text = CALIBRATION.read_text(encoding="utf-8")
    code = re.findall(r"```python\n(.*?)```", text, flags=re.S)[-1]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, str(CALIBRATION), "exec"), {})
    printed = out.getvalue()
    payment = float(re.search(r"overliggedogn=Estimate\(mean=([\d.]+)", printed).group(1)) / 1e6
    assert f"pays {payment:.1f} MNOK" in text  # the table's municipal payment
    lines = dict(re.findall(r"^(.+?) Estimate\(mean=(-?[\d.e+]+)", printed, flags=re.M)[1:])
    net_m = float(lines["Municipality pays: net"]) / 1e6
    net_h = float(lines["Hospital pays: net"]) / 1e6
    assert f"net **+{net_m:.1f} MNOK**" in text and f"net **−{abs(net_h):.1f} MNOK**" in text
    assert float(lines["Whole system: net"]) / 1e6 == pytest.approx(1.03)

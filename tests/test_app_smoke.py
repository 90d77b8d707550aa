"""Every app entry point runs without an exception (the app proper comes with its own issue)."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parents[1] / "streamlit_app.py"


def test_streamlit_app_runs_and_shows_kpis():
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not at.exception
    assert at.title[0].value == "HARMONI workshop studio"
    frame = at.dataframe[0].value
    assert {"scope", "kpi", "mean", "ci_low", "ci_high"} <= set(frame.columns)
    assert (frame["kpi"] == "overliggedogn").any()

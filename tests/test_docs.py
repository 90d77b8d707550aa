"""Docs that are run as tests: the calibration note's who-pays snippet reproduces the figures it quotes;
MODEL.md's examples of the mechanisms load into the example scenario, and its Python example prints what it says."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest
import yaml

from harmoni_model import simulate, validate_data

ROOT = Path(__file__).resolve().parents[1]
CALIBRATION = ROOT / "sample_data" / "CALIBRATION.md"
MODEL = ROOT / "docs" / "MODEL.md"
EXAMPLE = ROOT / "sample_data" / "scenarios" / "example_small.yaml"


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


def _mechanisms_section() -> str:
    text = MODEL.read_text(encoding="utf-8")
    start = text.index("## The mechanisms of the real system")
    return text[start : text.index("\n## ", start + 1)]


def _service_examples() -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", _mechanisms_section(), flags=re.S)


def test_the_mechanisms_section_has_an_example_of_every_new_field():
    fields = {key for block in _service_examples() for service in yaml.safe_load(block) for key in service}
    routes = [r for block in _service_examples() for s in yaml.safe_load(block) for r in s.get("next", [])]
    assert {"capacity_calendar", "staffing_calendar", "overflow", "priority", "priority_after_days", "renege"} <= fields
    assert any("delay" in route for route in routes)


@pytest.mark.parametrize("block", _service_examples(), ids=lambda b: b.split("\n", 1)[1].split(":")[0].strip())
def test_each_example_of_a_mechanism_loads_into_the_example_scenario_and_runs(block):
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    by_id = {s["id"]: s for s in data["services"]}
    for fields in yaml.safe_load(block):
        by_id[fields["id"]].update(fields)
    scenario = validate_data(data)  # raises, naming the field, if the docs show something invalid
    run = simulate(scenario.variant(horizon_days=30, warmup_days=0), 0)
    assert set(run.services) == set(by_id)


def test_the_event_log_snippet_prints_what_the_docs_say(monkeypatch):
    monkeypatch.chdir(ROOT)
    section = _mechanisms_section()
    code = re.findall(r"```python\n(.*?)```", section, flags=re.S)[-1]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, str(MODEL), "exec"), {})
    printed = out.getvalue().strip()
    assert f"prints `{printed}`" in section

"""The command line as a real subprocess: ``python -m harmoni_model validate|run`` (contract in docs/MODEL.md)."""

from __future__ import annotations

import json
import math
import subprocess
from pathlib import Path

import pytest
import yaml
from cli_runs import assert_clean_failure, run_cli
from plain_scenarios import make_scenario

from harmoni_model import SERVICE_KPIS, SYSTEM_KPIS

EXAMPLE = "sample_data/scenarios/example_small.yaml"  # relative to ROOT, the subprocess's cwd
SHORT_RUN = ["--replications", "2", "--horizon-days", "60", "--warmup-days", "10"]


# --- validate ---------------------------------------------------------------


def test_validate_example_exits_0():
    result = run_cli("validate", EXAMPLE)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("OK")
    assert "Small example network" in result.stdout
    assert result.stderr == ""


def test_validate_invalid_values_one_line_per_problem(tmp_path):
    data = make_scenario()
    data["services"][1]["capacity"] = -3
    data["arrivals"][0]["to"] = "rehab"
    path = tmp_path / "two_problems.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    lines = assert_clean_failure(run_cli("validate", path))
    assert len(lines) == 2, lines
    assert any(line.startswith("services[1].capacity: ") for line in lines), lines
    assert any(line.startswith("arrivals[0].to: ") for line in lines), lines


# --- run: the JSON contract -------------------------------------------------


@pytest.fixture(scope="module")
def run_one_worker() -> subprocess.CompletedProcess[str]:
    return run_cli("run", EXAMPLE, *SHORT_RUN, "--workers", "1")


def test_run_prints_the_json_contract(run_one_worker):
    assert run_one_worker.returncode == 0, run_one_worker.stderr
    assert "Traceback" not in run_one_worker.stderr
    out = json.loads(run_one_worker.stdout)  # exactly one JSON object, nothing else on stdout
    assert {"scenario", "replications", "seed", "services", "system"} <= out.keys()
    assert out["scenario"] == "Small example network"
    assert out["replications"] == 2
    assert out["seed"] == 42
    assert set(out["services"]) == {"hospital", "short_term", "nursing_home"}
    for sid, kpis in out["services"].items():
        assert set(SERVICE_KPIS) <= kpis.keys(), (sid, sorted(kpis))
        for name, value in kpis.items():
            assert_estimate(value, f"services.{sid}.{name}")
    assert {"overliggedogn", "overliggedogn_cost_nok"} <= out["system"].keys()
    assert set(SYSTEM_KPIS) <= out["system"].keys()
    for name, value in out["system"].items():
        assert_estimate(value, f"system.{name}")
    days = out["system"]["overliggedogn"]["mean"]
    assert out["system"]["overliggedogn_cost_nok"]["mean"] == pytest.approx(days * 5745)


def assert_estimate(value: object, where: str) -> None:
    """``{"mean": x, "ci95": [lo, hi]}`` with numbers (or null for an undefined KPI), lo <= x <= hi."""
    assert isinstance(value, dict), where
    assert set(value) == {"mean", "ci95"}, where
    mean, ci = value["mean"], value["ci95"]
    assert isinstance(ci, list), where
    assert len(ci) == 2, where
    for x in (mean, *ci):
        assert x is None or (isinstance(x, (int, float)) and math.isfinite(x)), (where, x)
    if mean is not None and None not in ci:
        assert ci[0] <= mean + 1e-9, where
        assert mean <= ci[1] + 1e-9, where


def test_run_two_workers_gives_identical_json(run_one_worker):
    two = run_cli("run", EXAMPLE, *SHORT_RUN, "--workers", "2")
    assert two.returncode == 0, two.stderr
    assert two.stdout == run_one_worker.stdout


def test_run_seed_override_is_reported():
    result = run_cli("run", EXAMPLE, "--replications", "2", "--horizon-days", "10", "--workers", "1", "--seed", "7")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["seed"] == 7


# --- invalid input: exit 2, one line per problem, never a traceback ----------


def _write(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


INVALID = {
    "missing file": (lambda tmp: ["validate", tmp / "nowhere.yaml"], "no such file"),
    "a directory": (lambda tmp: ["validate", tmp], "directory"),
    "broken YAML": (
        lambda tmp: ["validate", _write(tmp, "broken.yaml", b"schema_version: 1\nservices: [1, 2\nname: x\n")],
        "line",
    ),
    "non-UTF-8 bytes": (
        lambda tmp: ["validate", _write(tmp, "latin1.yaml", "name: Sjøgata\n".encode("latin-1"))],
        "UTF-8",
    ),
    "empty file": (lambda tmp: ["validate", _write(tmp, "empty.yaml", b"")], "empty"),
    "run on a missing file": (lambda tmp: ["run", tmp / "nowhere.yaml", "--workers", "1"], "no such file"),
    "--replications 0": (lambda tmp: ["run", EXAMPLE, "--replications", "0", "--workers", "1"], "--replications"),
    "--horizon-days -5": (lambda tmp: ["run", EXAMPLE, "--horizon-days", "-5", "--workers", "1"], "--horizon-days"),
    "--warmup-days -1": (lambda tmp: ["run", EXAMPLE, "--warmup-days", "-1", "--workers", "1"], "--warmup-days"),
}


@pytest.mark.parametrize(("build_args", "words"), INVALID.values(), ids=INVALID.keys())
def test_invalid_input_one_line_no_traceback(tmp_path, build_args, words):
    lines = assert_clean_failure(run_cli(*build_args(tmp_path)))
    assert len(lines) == 1, lines
    assert words in lines[0], lines


def test_workers_0_exits_2_without_traceback():
    lines = assert_clean_failure(run_cli("run", EXAMPLE, "--workers", "0"))
    assert "--workers" in lines[-1]
    assert ">= 1" in lines[-1]


def test_workers_0_is_one_line():
    lines = assert_clean_failure(run_cli("run", EXAMPLE, "--workers", "0"))
    assert len(lines) == 1, lines


def test_two_bad_options_two_lines():
    lines = assert_clean_failure(run_cli("run", EXAMPLE, "--replications", "0", "--horizon-days", "-5"))
    assert len(lines) == 2, lines
    assert any(line.startswith("--replications: ") for line in lines)
    assert any(line.startswith("--horizon-days: ") for line in lines)


def test_deeply_nested_file_exits_2_without_traceback(tmp_path):
    assert_clean_failure(run_cli("validate", _write(tmp_path, "deep.yaml", b"[" * 5000)))


# --- run --occupancy-distribution and --events ---------------------------------


def test_run_json_has_waits_by_origin(run_one_worker):
    out = json.loads(run_one_worker.stdout)
    assert set(out["by_origin"]) == set(out["services"])
    assert "hospital" in out["by_origin"]["short_term"]  # the hospital sends patients to short-term stays
    assert "emergency" in out["by_origin"]["hospital"]  # the arrival stream
    for sid, origins in out["by_origin"].items():
        for origin, kpis in origins.items():
            assert {"mean_wait_days", "share_waited", "share_reneged"} <= kpis.keys()
            for name, value in kpis.items():
                assert_estimate(value, f"by_origin.{sid}.{origin}.{name}")
    assert "occupancy_distribution" not in out  # only when asked


@pytest.fixture(scope="module")
def run_with_extras(tmp_path_factory) -> tuple[subprocess.CompletedProcess[str], Path]:
    events = tmp_path_factory.mktemp("events") / "stays.csv"
    result = run_cli("run", EXAMPLE, *SHORT_RUN, "--workers", "2", "--occupancy-distribution", "--events", events)
    return result, events


def test_run_occupancy_distribution(run_with_extras, run_one_worker):
    result, _ = run_with_extras
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    shares = out["occupancy_distribution"]
    assert set(shares) == set(out["services"])
    for sid, dist in shares.items():
        assert all(isinstance(x, float) and x >= 0 for x in dist), sid
        assert math.fsum(dist) == pytest.approx(1.0, abs=1e-9), sid
        mean = math.fsum(k * p for k, p in enumerate(dist))
        assert mean == pytest.approx(out["services"][sid]["mean_occupancy"]["mean"], rel=1e-9), sid
    # the extras change nothing else
    plain = json.loads(run_one_worker.stdout)
    del out["occupancy_distribution"]
    assert out == plain


def test_run_events_writes_the_stays_csv(run_with_extras):
    import csv

    result, events = run_with_extras
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    with events.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == ["patient_id", "service", "referred", "admitted", "ready", "left", "next"]
    assert rows
    assert all(r["service"] in {"hospital", "short_term", "nursing_home"} for r in rows)
    assert all(r["admitted"] or r["referred"] for r in rows)  # a wait that never got the place: referred only
    # a stay still going at the end has an empty left and next
    assert any(r["left"] == "" and r["next"] == "" for r in rows)
    assert any(r["next"] == "short_term" for r in rows)
    # a patient moved on keeps the id: some patient has a hospital and a short-term stay
    by_patient: dict[str, set[str]] = {}
    for r in rows:
        by_patient.setdefault(r["patient_id"], set()).add(r["service"])
    assert any({"hospital", "short_term"} <= services for services in by_patient.values())


def test_run_events_is_the_results_frame(run_with_extras):
    import pandas as pd

    from harmoni_model import load_scenario, run_replications

    _, events = run_with_extras
    scenario = load_scenario(Path(__file__).resolve().parents[1] / EXAMPLE).variant(
        replications=2, horizon_days=60, warmup_days=10
    )
    frame = run_replications(scenario, workers=1, events=True).events()
    read = pd.read_csv(events, dtype=str, keep_default_na=False)  # an empty field stays ""
    assert list(read.columns) == list(frame.columns)
    assert read.to_numpy().tolist() == frame.fillna("").to_numpy().tolist()


BAD_EVENTS = {
    "folder missing": (lambda tmp: tmp / "nowhere" / "stays.csv", "no folder"),
    "a folder": (lambda tmp: tmp, "is a folder"),
    "under a file": (lambda tmp: _write(tmp, "file.txt", b"x") / "stays.csv", "not a folder"),
}


@pytest.mark.parametrize(("build_path", "words"), BAD_EVENTS.values(), ids=BAD_EVENTS.keys())
def test_run_events_bad_path_one_line(tmp_path, build_path, words):
    lines = assert_clean_failure(run_cli("run", EXAMPLE, "--workers", "1", "--events", build_path(tmp_path)))
    assert len(lines) == 1, lines
    assert lines[0].startswith("--events: "), lines
    assert words in lines[0], lines


def test_run_events_not_writable(tmp_path):
    import os

    if os.geteuid() == 0:  # root writes anywhere, except on a read-only file system
        target = Path("/sys/harmoni_stays.csv")
        if not Path("/sys").is_dir():
            pytest.skip("no read-only folder to try as root")
    else:
        folder = tmp_path / "locked"
        folder.mkdir()
        folder.chmod(0o500)
        target = folder / "stays.csv"
    lines = assert_clean_failure(run_cli("run", EXAMPLE, "--workers", "1", "--events", target))
    assert len(lines) == 1, lines
    assert lines[0].startswith("--events: cannot write"), lines
    assert not target.exists()


def test_run_events_checks_the_path_before_running(tmp_path):
    """A bad path fails at once, not after the run: an invalid scenario value is still reported first."""
    lines = assert_clean_failure(
        run_cli("run", EXAMPLE, "--replications", "0", "--events", tmp_path / "nowhere" / "stays.csv")
    )
    assert lines[0].startswith("--replications: "), lines

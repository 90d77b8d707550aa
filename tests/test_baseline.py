"""The Trondheim baseline and the prepared scenarios: sourced, valid, calibrated."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from harmoni_model import ScenarioError, load_scenario, loads_scenario, run_replications

SCENARIOS = Path(__file__).resolve().parents[1] / "sample_data" / "scenarios"
BASELINE = SCENARIOS / "trondheim_baseline.yaml"
PREPARED = [
    "growth_2030", "weekend_intake", "short_term_plus20", "hospital_minus10", "summer_closure",
    "sobstad_rebuild_2028", "faster_vedtak", "first_come_first_served", "hospital_patients_first",
]  # fmt: skip


@pytest.fixture(scope="module")
def baseline():
    return load_scenario(BASELINE)


@pytest.fixture(scope="module")
def calibration(baseline):
    """Mean of 10 replications, as the calibration targets are stated."""
    return run_replications(baseline, 10, workers=2).estimates()


def test_baseline_has_the_services_the_workshop_needs(baseline):
    ids = set(baseline.service_ids)
    assert {"hospital_medical", "hospital_ortho", "kad", "short_term", "rehab", "long_term", "home_care"} <= ids
    assert baseline.horizon_days == 365
    orgs = {s.id: s.organisation for s in baseline.services}
    assert orgs["hospital_medical"] == orgs["hospital_ortho"] == "hospital"
    assert all(orgs[s] == "municipality" for s in ("kad", "short_term", "rehab", "long_term", "home_care"))
    assert baseline.service("hospital_medical").blocking and baseline.service("hospital_ortho").blocking
    assert baseline.service("kad").divert_to == "hospital_medical"  # a full KAD sends the patient to hospital
    # the state on its first day is the synthetic extract's (scripts/make_sample_stays.py): nursing homes full
    assert baseline.initial_state is not None
    assert baseline.initial_counts("long_term")[0] >= 0.95 * baseline.service("long_term").capacity
    assert sum(baseline.initial_counts(s.id)[0] for s in baseline.services) > 3000  # starts from today's occupancy
    # readmissions: municipal services route back to the hospital
    back = {s.id for s in baseline.services for r in s.next if r.to == "hospital_medical"}
    assert {"short_term", "home_care", "kad"} <= back


def test_every_number_has_a_source(baseline):
    for item in (*baseline.services, *baseline.arrivals):
        assert item.source and len(item.source.strip()) > 20, item.id


def test_estimates_stay_marked_as_estimates(baseline):
    """Values the facts mark EST (KAD beds, long-term places, stays) say EST in their source."""
    for sid in ("kad", "long_term", "hospital_medical", "home_care"):
        assert "EST" in baseline.service(sid).source, sid
    assert "EST" in next(a for a in baseline.arrivals if a.id == "kad_referrals").source


def test_calibration_hospital_utilisation(calibration):
    for sid in ("hospital_medical", "hospital_ortho"):
        assert 0.80 <= calibration[sid]["utilisation"].mean <= 0.98, sid


def test_calibration_overliggedogn(calibration):
    # Trondheim paid for about 6 600 days (all ages, 2021); about half are 80+ (facts2 §6, §8)
    assert 2_500 <= calibration["system"]["overliggedogn"].mean <= 5_000


def test_calibration_emergency_patients_wait_hours_not_days(calibration):
    assert calibration["hospital_medical"]["mean_wait_days"].mean * 24 <= 3.0  # hours


def test_calibration_corridor_share_near_st_olavs(calibration):
    # St. Olavs: "almost no" corridor patients, under about 0.4 % (facts2 §1); national 1-2 %
    medical = calibration["hospital_medical"]
    share = medical["overflow_days"].mean / (medical["mean_occupancy"].mean * 365)
    assert 0.001 <= share <= 0.008, share


def test_calibration_yearly_spread_is_believable(baseline):
    """Across 30 replications the coefficient of variation of yearly overliggedøgn is at most 0.35."""
    import statistics

    days = [r.system["overliggedogn"] for r in run_replications(baseline, 30, workers=2).runs]
    assert statistics.stdev(days) / statistics.fmean(days) <= 0.35


def test_calibration_kad_utilisation(calibration):
    assert 0.30 <= calibration["kad"]["utilisation"].mean <= 0.85


def test_calibration_nursing_home_waits_are_weeks(calibration):
    wait = calibration["long_term"]["mean_wait_days"].mean
    assert 7 <= wait <= 120, wait


@pytest.mark.parametrize("name", PREPARED)
def test_prepared_scenarios_are_small_diffs_on_the_baseline(name):
    raw = yaml.safe_load((SCENARIOS / f"{name}.yaml").read_text(encoding="utf-8"))
    assert raw["extends"] == "trondheim_baseline.yaml"
    assert len(raw["description"]) > 80  # says what question it answers
    changed = sum(len(v) for v in raw.get("changes", {}).values())
    assert 1 <= changed <= 6
    assert raw.get("start_date") is None or name == "sobstad_rebuild_2028" or name == "growth_2030"


@pytest.mark.parametrize("name", PREPARED)
def test_prepared_scenarios_validate_and_run(name, baseline):
    s = load_scenario(SCENARIOS / f"{name}.yaml")
    assert s != baseline
    r = run_replications(s.variant(horizon_days=60), 2, workers=1)
    assert r.estimates()["hospital_medical"]["admissions"].mean > 0


def test_prepared_scenarios_move_the_queues_the_expected_way(baseline):
    """Each prepared question moves overliggedøgn the way its description says (paired, 10 replications)."""
    from harmoni_model.results.comparison import compare

    today = run_replications(baseline, 10, workers=2)

    def change(name: str, kpi: str = "overliggedogn") -> tuple[float, float, float]:
        s = load_scenario(SCENARIOS / f"{name}.yaml")
        d = compare(run_replications(s, 10, workers=2), today)["system"][kpi]  # on the baseline's year
        return d.mean, d.low, d.high

    assert change("short_term_plus20")[0] < 0
    for fewer in ("weekend_intake", "faster_vedtak"):
        assert change(fewer)[2] < 0, fewer  # the whole interval below zero
    for more in ("growth_2030", "sobstad_rebuild_2028"):
        assert change(more)[1] > 0, more
    # Since the baseline starts from the synthetic extract's state (its short-term stays less full than the old
    # hand-set counts), a hard summer and first come, first served add overliggedøgn only slightly (about +10
    # and +400 a year, intervals touching zero on 10 replications): the summer shows in the corridors instead.
    assert change("first_come_first_served")[0] > 0
    assert change("summer_closure", "corridor_days")[1] > 0


def test_extends_reports_unknown_ids_and_stays_in_its_folder(tmp_path):
    (tmp_path / "base.yaml").write_text(BASELINE.read_text(encoding="utf-8"), encoding="utf-8")
    bad = "schema_version: 1\nextends: base.yaml\nchanges:\n  services:\n    nowhere: {capacity: 3}\n"
    with pytest.raises(ScenarioError, match=r"changes\.services\.nowhere"):
        loads_scenario(bad, base_dir=tmp_path)
    escape = "schema_version: 1\nextends: ../base.yaml\n"
    with pytest.raises(ScenarioError, match="same folder"):
        loads_scenario(escape, base_dir=tmp_path / "sub")
    with pytest.raises(ScenarioError, match="extend"):
        loads_scenario("schema_version: 1\nextends: base.yaml\n")  # text without a folder
    (tmp_path / "loop.yaml").write_text("schema_version: 1\nextends: loop.yaml\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match="itself"):
        load_scenario(tmp_path / "loop.yaml")
    ok = "schema_version: 1\nextends: base.yaml\nname: variant\nchanges:\n  services:\n    kad: {capacity: 25}\n"
    variant = loads_scenario(ok, base_dir=tmp_path)
    assert variant.service("kad").capacity == 25 and variant.name == "variant"

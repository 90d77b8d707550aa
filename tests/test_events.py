"""Results' new views: the patient event log (stays format), waits by origin and the occupancy distribution.

The event log is checked against the KPIs of the same replication (one definition, two readings):
occupancy from the log equals the daily series, the stays it links into patients equal the admissions
that came from another service, and a patient is never in two places at once.
"""

from __future__ import annotations

import datetime as dt
import math
import re

import pandas as pd
import pytest
from plain_scenarios import ROOT, make_scenario, make_service

from harmoni_model import ReplicationResult, Results, load_scenario, run_replications, simulate, validate_data
from harmoni_model.results.estimates import estimate
from harmoni_model.results.tidy import EVENT_COLUMNS, NoEventLogError, patient_numbers
from harmoni_model.simulation.kpis import ORIGIN_KPIS, SERVICE_KPIS, SYSTEM_KPIS

EXAMPLE = ROOT / "sample_data" / "scenarios" / "example_small.yaml"
ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$")


def every_mechanism(warmup_days: int = 0, horizon_days: int = 200, fixed_stays: bool = False):
    """A small network using every mechanism: blocking, overflow, a calendar, delays (one with a weekday rule),
    a route back to the same service, priority with ageing, reneging, diversion, loss and an initial queue."""
    short_stay = {"distribution": "fixed", "value": 7} if fixed_stays else {"distribution": "exponential", "mean": 7}
    services = [
        make_service(
            "hosp",
            organisation="hospital",
            capacity=12,
            blocking=True,
            overflow={"places": 2},
            length_of_stay={"distribution": "lognormal", "mean": 4, "cv": 0.8},
            initial_occupancy=8,
            capacity_calendar=[{"from": "2025-02-01", "to": "2025-02-20", "capacity": 9, "repeat": "yearly"}],
            next=[
                {"to": "exit", "p": 0.4},
                {"to": "short", "p": 0.4, "delay": {"distribution": "gamma", "mean": 1.5, "cv": 0.8}},
                {"to": "hosp", "p": 0.05},
                {"to": "rehab", "p": 0.15},
            ],
        ),
        make_service(
            "short",
            capacity=8,
            length_of_stay=short_stay,
            admission_days=["mon", "wed", "fri"],
            blocking=True,
            priority=["hosp"],
            priority_after_days=5,
            renege={"distribution": "exponential", "mean": 20},
            initial_queue=3,
            next=[{"to": "exit", "p": 0.7}, {"to": "nh", "p": 0.3}],
        ),
        make_service("rehab", capacity=3, length_of_stay=short_stay, when_full={"divert": "short"}),
        make_service(
            "nh",
            capacity=10,
            length_of_stay={"distribution": "exponential", "mean": 60},
            initial_occupancy=9,
            renege={"distribution": "exponential", "mean": 30},
        ),
        make_service(
            "kad",
            capacity=2,
            length_of_stay={"distribution": "fixed", "value": 1},
            when_full="lost",
            next=[{"to": "hosp", "p": 0.5, "delay": {"distribution": "fixed", "value": 0.2}}, {"to": "exit", "p": 0.5}],
        ),
    ]
    arrivals = [
        {"id": "emerg", "to": "hosp", "rate_per_day": 3.0},
        {"id": "home", "to": "short", "rate_per_day": 0.5},
        {"id": "gp", "to": "kad", "rate_per_day": 2.5},
    ]
    return validate_data(
        make_scenario(services=services, arrivals=arrivals, warmup_days=warmup_days, horizon_days=horizon_days)
    )


@pytest.fixture(scope="module")
def example_run() -> Results:
    return run_replications(load_scenario(EXAMPLE).variant(horizon_days=120, warmup_days=20), 3, workers=1, events=True)


# --- run_replications(events=True) ---------------------------------------------------------------


def test_only_replication_0_keeps_the_log(example_run):
    assert example_run.runs[0].stays is not None
    assert all(r.stays is None for r in example_run.runs[1:])


def test_the_log_changes_no_kpi(example_run):
    plain = run_replications(example_run.scenario, 3, workers=1)
    assert plain.runs[0].stays is None
    assert plain.to_json(occupancy_distribution=True) == example_run.to_json(occupancy_distribution=True)


def test_workers_give_the_same_log(example_run):
    two = run_replications(example_run.scenario, 3, workers=2, events=True)
    assert two.events().equals(example_run.events())


def test_a_run_without_log_says_how_to_get_one():
    results = run_replications(load_scenario(EXAMPLE).variant(horizon_days=10), 1, workers=1)
    with pytest.raises(NoEventLogError, match=r"events=True"):
        results.events()


# --- events(): the stays format -------------------------------------------------------------------


def test_events_frame_is_the_stays_format(example_run):
    frame = example_run.events()
    assert tuple(frame.columns) == EVENT_COLUMNS
    assert len(frame) == len(example_run.runs[0].stays)
    assert frame["patient_id"].str.fullmatch(r"p\d{6}").all()
    assert set(frame["service"]) == set(example_run.scenario.service_ids)
    for column in ("referred", "admitted", "ready", "left"):
        present = frame[column].dropna()
        assert present.map(lambda v: bool(ISO.match(v))).all(), column
    # a row without admitted is a wait that never got the place: it has a referred
    assert (frame["admitted"].notna() | frame["referred"].notna()).all()
    assert set(frame["next"].dropna()) <= {*example_run.scenario.service_ids, "exit"}
    # still in the place at the end: no left and no next; gone: both
    assert (frame["left"].isna() == frame["next"].isna()).all()
    # the patients present at the start first, then in the order the stays began: the wait, or else the
    # admission (ISO text sorts as time)
    present = sum(s.initial_occupancy + s.initial_queue for s in example_run.scenario.services)
    began = frame["referred"].fillna(frame["admitted"])
    assert (began.iloc[:present] <= example_run.scenario.start_date.isoformat() + "T00:00:00").all()
    assert began.iloc[present:].is_monotonic_increasing


def test_patients_present_at_the_start_were_admitted_before_it(example_run):
    frame = example_run.events()
    start = example_run.scenario.start_date.isoformat()
    before = frame[frame["admitted"] < start]
    assert len(before) == sum(s.initial_occupancy for s in example_run.scenario.services)
    assert before["referred"].isna().all()


def test_times_are_the_log_times_to_the_second(example_run):
    frame = example_run.events()
    start = dt.datetime.combine(example_run.scenario.start_date, dt.time())
    for (_, _, referred, admitted, ready, left, _), row in zip(
        example_run.runs[0].stays, frame.itertuples(), strict=True
    ):
        for days, text in ((referred, row.referred), (admitted, row.admitted), (ready, row.ready), (left, row.left)):
            if days is None:
                assert pd.isna(text)
            else:
                assert abs((dt.datetime.fromisoformat(text) - start).total_seconds() - days * 86_400) <= 0.5


def test_the_log_gives_the_daily_occupancy_series():
    scenario = every_mechanism(warmup_days=15, horizon_days=60)
    run = simulate(scenario, 1, events=True)
    end = scenario.warmup_days + scenario.horizon_days
    for sid in scenario.service_ids:
        series = run.daily[sid]["occupancy"]
        assert len(series) == scenario.horizon_days
        for day in range(scenario.warmup_days, end):
            held = math.fsum(
                max(0.0, min(day + 1.0, end if left is None else left) - max(float(day), admitted))
                for _, service, _, admitted, _, left, _ in run.stays
                if service == sid and admitted is not None
            )
            assert held == pytest.approx(series[day - scenario.warmup_days], abs=1e-6), (sid, day)


@pytest.mark.parametrize("fixed_stays", [False, True], ids=["random stays", "fixed stays (ties)"])
@pytest.mark.parametrize("replication", [0, 1, 2])
def test_linked_stays_are_the_admissions_from_another_service(replication, fixed_stays):
    scenario = every_mechanism(fixed_stays=fixed_stays)  # no warm-up: the counts cover the whole log
    run = simulate(scenario, replication, events=True)
    patients = patient_numbers(run.stays)
    admitted = [p for p, stay in zip(patients, run.stays, strict=True) if stay[3] is not None]
    links = len(admitted) - len(set(admitted))
    from_services = sum(
        counts["admissions"]
        for origins in run.by_origin.values()
        for o, counts in origins.items()
        if o in scenario.service_ids
    )
    assert links == from_services
    # a patient's stays follow each other: where the last one went, never in two places at once
    last: dict[int, tuple] = {}
    for patient, stay in zip(patients, run.stays, strict=True):
        if patient in last:
            before = last[patient]
            if before[6] == "exit":  # gone off the list while blocked: both rows end then, the wait unadmitted
                assert stay[3] is None and stay[5] == before[5] and stay[6] == "exit"
            elif before[6] is None:  # blocked at the end of the run: still in the place, still on the list
                assert before[4] is not None and stay[3] is None and stay[5] is None
            else:
                assert before[6] == stay[1]
            began = stay[3] if stay[2] is None else stay[2]
            if before[3] is not None and before[6] is not None:  # left the place when admitted here, or went home
                assert before[5] is not None and before[5] <= (stay[3] if stay[3] is not None else math.inf)
                assert before[4] <= began  # asked here when ready, or when the processing delay ended
        last[patient] = stay
    # numbered by first stay
    firsts = list(dict.fromkeys(patients))
    assert firsts == list(range(1, len(firsts) + 1))


def test_a_blocked_patient_keeps_the_id_into_the_next_service():
    # the engine writes each patient's number into every stay of theirs; the log renumbers by first stay
    stays = [
        (7, "a", None, 0.0, 2.0, 5.0, "b"),  # blocked from 2 to 5
        (3, "a", None, 0.5, 2.0, 2.0, "b"),  # the same ready time, not blocked (waits at home)
        (3, "b", 2.0, 3.0, None, None, None),  # admitted at 3: the one at home
        (7, "b", 2.0, 5.0, None, None, None),  # admitted at 5: the blocked one, freed at 5
        (12, "b", None, 6.0, None, None, None),  # an external arrival
    ]
    assert patient_numbers(stays) == [1, 2, 2, 1, 3]


# --- by_origin() -----------------------------------------------------------------------------------


def fake_run(replication: int, by_origin: dict, occupancy: dict | None = None) -> ReplicationResult:
    services = {sid: dict.fromkeys(SERVICE_KPIS, 0.0) for sid in ("hospital", "short_term")}
    return ReplicationResult(
        replication, services, dict.fromkeys(SYSTEM_KPIS, 0.0), {}, 0, dt.date(2025, 1, 1), 0, 0.0,
        by_origin=by_origin, occupancy=occupancy or {},
    )  # fmt: skip


def origin(wait: float, waited: float, admissions: float) -> dict[str, float]:
    return {"mean_wait_days": wait, "share_waited": waited, "share_reneged": 0.0, "admissions": admissions}


def test_by_origin_skips_an_origin_where_it_sent_nobody():
    scenario = validate_data(make_scenario())
    runs = [
        fake_run(0, {"short_term": {"hospital": origin(2.0, 0.5, 10), "admissions": origin(1.0, 0.2, 4)}}),
        fake_run(1, {"short_term": {"hospital": origin(4.0, 0.7, 12)}}),
        fake_run(2, {"short_term": {"hospital": origin(math.nan, 0.0, 0), "admissions": origin(3.0, 0.4, 6)}}),
    ]
    est = Results(scenario, runs).by_origin()
    assert list(est) == ["hospital", "short_term"]
    assert est["hospital"] == {}
    assert list(est["short_term"]) == ["admissions", "hospital"]  # arrivals first, then services
    hospital, home = est["short_term"]["hospital"], est["short_term"]["admissions"]
    assert set(hospital) == set(ORIGIN_KPIS)
    assert hospital["mean_wait_days"] == estimate([2.0, 4.0])  # no wait where none was admitted
    assert hospital["share_waited"] == estimate([0.5, 0.7, 0.0])
    assert home["mean_wait_days"] == estimate([1.0, 3.0])  # absent in replication 1: left out
    assert home["mean_wait_days"].n == 2
    assert home["admissions"] == estimate([4, 0, 6])  # a count: 0 where it sent nobody


def test_by_origin_in_the_json(example_run):
    out = example_run.to_json()
    assert set(out["by_origin"]) == set(example_run.scenario.service_ids)
    st = out["by_origin"]["short_term"]
    assert "hospital" in st
    for kpis in st.values():
        assert set(kpis) == set(ORIGIN_KPIS)
        for value in kpis.values():
            assert set(value) == {"mean", "ci95"}
    hospital = example_run.by_origin()["short_term"]["hospital"]
    assert st["hospital"]["mean_wait_days"] == hospital["mean_wait_days"].as_json()
    # every admission comes from some origin
    for sid in example_run.scenario.service_ids:
        total = sum(e["admissions"].mean for e in example_run.by_origin()[sid].values())
        assert total == pytest.approx(example_run.estimates()[sid]["admissions"].mean)


# --- occupancy_distribution() ----------------------------------------------------------------------


def test_occupancy_distribution_pads_and_averages():
    scenario = validate_data(make_scenario())
    runs = [
        fake_run(0, {}, {"hospital": (1, [0.5, 0.5])}),  # shares at 1 and 2
        fake_run(1, {}, {"hospital": (0, [0.25, 0.25, 0.25, 0.25])}),
    ]
    results = Results(scenario, runs)
    assert results.occupancy_distribution("hospital") == pytest.approx([0.125, 0.375, 0.375, 0.125])
    assert results.occupancy_distribution("short_term") == []
    with pytest.raises(KeyError):
        results.occupancy_distribution("nowhere")


def test_occupancy_distribution_sums_to_1_and_gives_the_mean_occupancy(example_run):
    for sid in example_run.scenario.service_ids:
        shares = example_run.occupancy_distribution(sid)
        assert math.fsum(shares) == pytest.approx(1.0, abs=1e-9)
        assert all(s >= 0 for s in shares)
        mean = math.fsum(k * p for k, p in enumerate(shares))
        assert mean == pytest.approx(example_run.estimates()[sid]["mean_occupancy"].mean, rel=1e-9)


def test_occupancy_distribution_in_the_json_only_when_asked(example_run):
    assert "occupancy_distribution" not in example_run.to_json()
    out = example_run.to_json(occupancy_distribution=True)
    assert out["occupancy_distribution"]["hospital"] == example_run.occupancy_distribution("hospital")

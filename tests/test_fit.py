"""The fit works: parameters come back, the initial state is exact, the fitted scenario behaves like the original.

Every extract here is a model run's own event log (``extract_from_run``), so the truth is known:

- **parameter recovery** (issue 13, "How we will know it works"): a three-service network with a weekday
  arrival profile, blocking, a processing delay, a weekday-only service and a capacity change, simulated for
  three years, fitted back within sampling error. The expected standard error is given next to each bound;
  every bound is at least about 3 standard errors wide, so a failure means a bias, not bad luck;
- **the initial state exactly**: a run to day D and a run to day D + X of the same scenario share their first
  D days (common random numbers: arrivals are drawn day by day, stays at admission), so the fitted state at
  D of the longer run's extract must be the shorter run's end state, patient by patient;
- **round trip**: the original and the fitted scenario, run from the same state, give KPIs whose 95 %
  intervals overlap;
- **traceability**, and the plain errors.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from collections import defaultdict

import numpy as np
import pytest
from plain_scenarios import make_scenario, make_service

from harmoni_model import simulate, validate_data
from harmoni_model.extracts.fit import WEEKDAYS, fit_scenario
from harmoni_model.extracts.from_model import extract_from_run
from harmoni_model.results.estimates import estimate
from harmoni_model.scenario.calendars import capacities

MON_FRI = ["mon", "tue", "wed", "thu", "fri"]

# --- parameter recovery ----------------------------------------------------------------

RECOVERY_START = dt.date(2023, 1, 2)  # a Monday
RECOVERY_DAYS = 156 * 7  # three years of whole weeks: every weekday equally often
ACUTE_RATE, REFERRAL_RATE = 8.0, 3.0
ACUTE_PROFILE = [1.3, 1.2, 1.1, 1.0, 1.0, 0.7, 0.7]  # mean 1: the weights are the true relative rates
SUMMER = {"from": "2023-06-01", "to": "2023-08-31", "capacity": 24}


def recovery_scenario():
    """ward (gamma cv 0.4, blocking) -> rehab (lognormal cv 1, Mon-Fri, capacity change; after a delay)
    -> home_care (exponential, also referred from outside, often full: rehab patients wait at home)."""
    return validate_data(make_scenario(
        name="Recovery", start_date=RECOVERY_START.isoformat(), horizon_days=RECOVERY_DAYS, warmup_days=0, seed=11,
        services=[
            make_service("ward", organisation="hospital", kind="hospital_ward", capacity=50,
                         length_of_stay={"distribution": "gamma", "mean": 4.0, "cv": 0.4}, blocking=True,
                         next=[{"to": "exit", "p": 0.5},
                               {"to": "rehab", "p": 0.35, "delay": {"distribution": "gamma", "mean": 1.0, "cv": 0.5}},
                               {"to": "home_care", "p": 0.15}]),
            make_service("rehab", kind="short_term_stay", capacity=30, admission_days=MON_FRI, blocking=False,
                         length_of_stay={"distribution": "lognormal", "mean": 8.0, "cv": 1.0},
                         capacity_calendar=[SUMMER],
                         next=[{"to": "exit", "p": 0.8}, {"to": "home_care", "p": 0.2}]),
            make_service("home_care", kind="home_based_care", capacity=104,
                         length_of_stay={"distribution": "exponential", "mean": 20.0}),
        ],
        arrivals=[{"id": "acute", "to": "ward", "rate_per_day": ACUTE_RATE, "weekday_profile": ACUTE_PROFILE},
                  {"id": "referrals", "to": "home_care", "rate_per_day": REFERRAL_RATE}],
    ))  # fmt: skip


@functools.cache
def recovery_run():
    """The scenario, its run with the event log, and the log as an extract (cached: several tests read it)."""
    scenario = recovery_scenario()
    result = simulate(scenario, 0, events=True)
    return scenario, result, extract_from_run(result, scenario)


@functools.cache
def recovery_fit():
    """Fitted over the whole run, starting before the summer's capacity change (so it is in the calendar)."""
    _, _, extract = recovery_run()
    return fit_scenario(extract, fit_from=RECOVERY_START, start=dt.date(2023, 5, 1))


def fitted_service(fitted, sid: str) -> dict:
    return next(s for s in fitted.data["services"] if s["id"] == sid)


def fitted_routes(service: dict) -> dict[str, dict]:
    return {r["to"]: r for r in service.get("next", [{"to": "exit", "p": 1.0}])}


def test_recovery_scenario_exercises_what_it_should():
    """Guard the scenario: otherwise the recovery below would prove less than it says."""
    _, result, extract = recovery_run()
    stays = extract.stays
    ward = stays[stays["service"] == "ward"]
    # blocked ward patients: left later than the time they asked rehab or home care
    assert result.services["ward"]["capacity_blocked_days"] > 100
    assert result.services["rehab"]["mean_wait_days"] > 0.2 and result.services["home_care"]["mean_wait_days"] > 0.2
    assert (ward["left"] > ward["ready"] + 1e-9).sum() > 1000
    rehab = stays[stays["service"] == "rehab"]
    assert (np.floor(rehab["admitted"].dropna()) % 7 >= 5).sum() == 0  # nobody admitted on a weekend
    assert result.services["rehab"]["p_full"] > 0.05 and result.services["home_care"]["p_full"] > 0.05
    assert len(stays) > 15_000 and extract.until - extract.day(RECOVERY_START) == RECOVERY_DAYS


def test_no_external_arrivals_where_there_are_none():
    """Nobody comes to rehab from outside: every rehab row follows a ward row of the same patient, also the rows
    of patients blocked in the ward when the extract ends (ward row: ready set, left and next empty; rehab row:
    referred set, admitted empty)."""
    fitted = recovery_fit()
    streams = ", ".join(f"{a['to']} ({a['rate_per_day']:.4f}/day: {a['source']})" for a in fitted.data["arrivals"])
    assert {a["to"] for a in fitted.data["arrivals"]} == {"ward", "home_care"}, f"arrival streams: {streams}"


def test_recovered_arrival_rates_and_weekday_profile():
    _, _, extract = recovery_run()
    fitted = recovery_fit()
    validate_data(fitted.data)
    arrivals = {a["to"]: a for a in fitted.data["arrivals"]}
    stays = extract.stays
    first_rows = stays.assign(asked=stays["referred"].fillna(stays["admitted"])).sort_values("asked")
    first_rows = first_rows.drop_duplicates("patient_id")  # a patient's first row: the external arrival
    truth = {"ward": (ACUTE_RATE, ACUTE_PROFILE), "home_care": (REFERRAL_RATE, [1.0] * 7)}
    for sid, (rate, profile) in truth.items():
        ours = first_rows[first_rows["service"] == sid]
        n = len(ours)
        # rate in the period: Poisson count N, relative SE 1/sqrt(N) = 1.1 % (ward, N ~ 8 700) and 1.8 % (home
        # care, N ~ 3 300); bound 5 % (issue 13). The source gives it (and N); rate_per_day is projected with the
        # fitted growth from the period's middle to the start (1.2 years earlier: +- 1.6 % and 2.6 % more)
        source = arrivals[sid]["source"]
        assert f"{n} patients" in source and f"{n / RECOVERY_DAYS:.3f} a day in the period" in source, source
        assert n / RECOVERY_DAYS == pytest.approx(rate, rel=0.05), sid
        assert arrivals[sid]["rate_per_day"] == pytest.approx(rate, rel=0.05), sid
        # no growth in the truth: the estimate within 3 of its SE sqrt(1/N_first + 1/N_last) / years (first
        # and last 365 days, 2 years apart): 1.3 % (ward), 2.2 % (home care) a year
        per_year = np.bincount(((ours["asked"].to_numpy() - extract.day(RECOVERY_START)) // 364).astype(int))
        se = math.sqrt(1 / per_year[0] + 1 / per_year[2]) / 2
        assert abs(math.log1p(arrivals[sid].get("growth_per_year", 0.0))) <= 3 * se, (sid, se, source)
        # weekday weights: the share p_d of the N arrivals on weekday d is binomial, the weight is 7 p_d
        # (every weekday equally often), so SE = 7 sqrt(p_d (1 - p_d) / N): 0.023-0.029 (ward), 0.043 (home care);
        # bound 3 SE
        weights = arrivals[sid]["weekday_profile"]
        for d, (got, true) in enumerate(zip(weights, profile, strict=True)):
            p = true / 7
            se = 7 * math.sqrt(p * (1 - p) / n)
            assert abs(got - true) <= 3 * se, f"{sid} {WEEKDAYS[d]}: {got} vs {true} (SE {se:.4f})"


def test_recovered_stays_and_families():
    fitted = recovery_fit()
    los = {sid: fitted_service(fitted, sid)["length_of_stay"] for sid in ("ward", "rehab", "home_care")}
    # mean within 5 % (issue 13): SE of the mean cv / sqrt(n) = 0.4 %, 1.8 %, 1.4 % (n ~ 8 700, 3 100, 5 200)
    assert los["ward"]["mean"] == pytest.approx(4.0, rel=0.05)
    assert los["rehab"]["mean"] == pytest.approx(8.0, rel=0.05)
    assert los["home_care"]["mean"] == pytest.approx(20.0, rel=0.05)
    # families for clear cases: n in the thousands, far apart in likelihood
    assert los["ward"]["distribution"] == "gamma", los["ward"]
    assert los["rehab"]["distribution"] == "lognormal", los["rehab"]
    # cv within 10 % (issue 13): SE of the MLE cv ~ 0.8 % (gamma, shape 6.25) and 1.8 % (lognormal, sigma 0.83)
    assert los["ward"]["cv"] == pytest.approx(0.4, rel=0.10)
    assert los["rehab"]["cv"] == pytest.approx(1.0, rel=0.10)
    # exponential: AIC may prefer a two-parameter family on noise; accepted only with cv ~ 1
    # (SE of a Weibull or gamma cv near 1: ~0.7 / sqrt(n) = 1 %; bound 0.05)
    home = los["home_care"]
    assert home["distribution"] in ("exponential", "gamma", "weibull"), home
    if home["distribution"] != "exponential":
        assert abs(home["cv"] - 1.0) <= 0.05, home


def test_recovered_routes_delays_blocking_and_admission_days():
    scenario, _, _ = recovery_run()
    fitted = recovery_fit()
    for truth in scenario.services:
        service = fitted_service(fitted, truth.id)
        routes = fitted_routes(service)
        assert set(routes) == {r.to for r in truth.next}, truth.id
        for r in truth.next:
            # SE of a share sqrt(p (1 - p) / n): <= 0.0054 (ward, n ~ 8 700), 0.0072 (rehab, n ~ 3 100); bound 0.03
            assert abs(routes[r.to]["p"] - r.p) <= 0.03, (truth.id, r.to, routes[r.to]["p"], r.p)
            if r.delay is None:
                assert "delay" not in routes[r.to], (truth.id, r.to, routes[r.to])
        # admission days exactly; the blocking flag right (rehab: False with evidence, its patients wait at home)
        assert service.get("admission_days", list(WEEKDAYS)) == list(truth.admission_days), truth.id
        assert service.get("blocking", False) == truth.blocking, (truth.id, service["source"])
    delay = fitted_routes(fitted_service(fitted, "ward"))["rehab"]["delay"]
    # The issue gives no bound for a delay. SE of its mean 0.5 / sqrt(3 100) = 0.9 %; 10 % is ~10 SE, lets the
    # family choice and the transfers under a minute (counted as no delay) pass, and still catches a delay
    # measured to the wrong end: ready -> admitted adds rehab's mean wait (~0.5 day here, +50 %).
    assert delay["mean"] == pytest.approx(1.0, rel=0.10), delay
    if delay["distribution"] != "exponential":
        assert delay["cv"] == pytest.approx(0.5, rel=0.10), delay  # SE 1.2 % (gamma shape 4, n ~ 3 100); as a stay's cv


def test_recovered_capacities_and_the_capacity_change():
    scenario, _, extract = recovery_run()
    # the extract's capacity table (extract_from_run writes it) is the scenario's places, day by day
    for spec in scenario.services:
        table = extract.capacity[extract.capacity["service"] == spec.id]
        per_day = capacities(spec, RECOVERY_START, RECOVERY_DAYS)
        offset = extract.day(RECOVERY_START)
        starts = table["start"].to_numpy() - offset
        for d in range(RECOVERY_DAYS):
            value = int(table["capacity"].to_numpy()[np.searchsorted(starts, d, "right") - 1])
            assert value == per_day[d], (spec.id, d)
    # fitted from 2023-05-01: the regular places then, and the summer's change as a calendar period
    fitted = recovery_fit()
    assert fitted_service(fitted, "ward")["capacity"] == 50 and "capacity_calendar" not in fitted_service(
        fitted, "ward"
    )
    rehab = fitted_service(fitted, "rehab")
    assert rehab["capacity"] == 30
    assert rehab["capacity_calendar"] == [SUMMER]
    # fitted from inside the summer: 24 places, and back to 30 from September (on to the end of time)
    inside = fit_scenario(extract, fit_from=RECOVERY_START, start=dt.date(2023, 7, 3))
    rehab = fitted_service(inside, "rehab")
    assert rehab["capacity"] == 24
    assert [(p["from"], p["capacity"]) for p in rehab["capacity_calendar"]] == [("2023-09-01", 30)]
    validate_data(inside.data)


# --- the initial state exactly ------------------------------------------------------------

STATE_START = dt.date(2024, 1, 1)  # a Monday


def congested_scenario(horizon_days: int):
    """A ward that blocks for a weekday-only nursing home with a queue (also from home), and a delay on the way."""
    return validate_data(make_scenario(
        name="Congested", start_date=STATE_START.isoformat(), horizon_days=horizon_days, warmup_days=0, seed=5,
        services=[
            make_service("ward", organisation="hospital", kind="hospital_ward", capacity=18, blocking=True,
                         length_of_stay={"distribution": "lognormal", "mean": 5.0, "cv": 0.8},
                         next=[{"to": "exit", "p": 0.55},
                               {"to": "nh", "p": 0.25, "delay": {"distribution": "gamma", "mean": 3.0, "cv": 0.5}},
                               {"to": "short", "p": 0.2}]),
            make_service("short", kind="short_term_stay", capacity=5,
                         length_of_stay={"distribution": "gamma", "mean": 6.0, "cv": 0.6},
                         next=[{"to": "exit", "p": 0.5}, {"to": "nh", "p": 0.5}]),
            make_service("nh", kind="long_term_place", capacity=30, admission_days=MON_FRI,
                         length_of_stay={"distribution": "exponential", "mean": 30.0}),
        ],
        arrivals=[{"id": "acute", "to": "ward", "rate_per_day": 2.5},
                  {"id": "home", "to": "nh", "rate_per_day": 0.15}],
    ))  # fmt: skip


def end_state(result):
    """The true state at the end of a run, from its open event-log rows (times in days from start_date).

    Per service: sorted in-stay elapsed times; ready patients as (to or None when in a delay, elapsed,
    since_ready, queued or None); waiting patients as (waited, origin or None).
    """
    end = float(result.start_day + len(next(iter(result.daily.values()))["occupancy"]))
    columns = ("pid", "service", "referred", "admitted", "ready", "left", "next")
    rows = [dict(zip(columns, r, strict=True)) for r in result.stays]
    by_patient = defaultdict(list)
    for r in rows:
        by_patient[r["pid"]].append(r)
    state = defaultdict(lambda: {"in_stay": [], "ready": [], "waiting": []})
    for mine in by_patient.values():
        place = [r for r in mine if r["admitted"] is not None and r["left"] is None]
        lists = [r for r in mine if r["admitted"] is None and r["referred"] is not None and r["left"] is None]
        assert len(place) <= 1 and len(lists) <= 1, mine
        if place and place[0]["ready"] is None:
            assert not lists, mine
            state[place[0]["service"]]["in_stay"].append(end - place[0]["admitted"])
        elif place:
            p, w = place[0], (lists[0] if lists else None)
            queued = end - w["referred"] if w else None
            state[p["service"]]["ready"].append(
                (w["service"] if w else None, end - p["admitted"], end - p["ready"], queued)
            )
        elif lists:
            w = lists[0]
            before = [r for r in mine if r["next"] == w["service"] and r["left"] is not None]
            state[w["service"]]["waiting"].append((end - w["referred"], before[-1]["service"] if before else None))
    return state


def fitted_state(data):
    out = {}
    for s in data["initial_state"]["services"]:
        ready = [(p["to"], p["elapsed"], p["since_ready"], p.get("queued")) for p in s.get("ready", [])]
        waiting = [(p["waited"], p.get("origin")) for p in s.get("waiting", [])]
        out[s["id"]] = {"in_stay": list(s.get("in_stay", [])), "ready": ready, "waiting": waiting}
    return out


def _close(a, b) -> bool:
    if a is None or b is None or isinstance(a, str) or isinstance(b, str):
        return a == b
    return abs(a - b) <= 1e-6


@pytest.mark.parametrize("days", [140, 139], ids=["monday", "sunday"])
def test_fitted_initial_state_is_the_models_state_exactly(days):
    """The nursing home admits Monday to Friday: at 00:00 on the Monday (day 140) its intake is due (2 free
    places, 6 waiting); on the Sunday (day 139) it is not."""
    short = simulate(congested_scenario(days), 0, events=True)
    longer_scenario = congested_scenario(days + 60)
    longer = simulate(longer_scenario, 0, events=True)
    extract = extract_from_run(longer, longer_scenario)
    when = STATE_START + dt.timedelta(days=days)
    fitted = fit_scenario(extract, fit_from=STATE_START, start=when)
    validate_data(fitted.data)
    truth, got = end_state(short), fitted_state(fitted.data)

    # guard: the state holds every kind of patient
    assert sum(len(s["in_stay"]) for s in truth.values()) > 20
    assert sum(1 for s in truth.values() for r in s["ready"] if r[3] is not None) >= 3  # blocked
    assert sum(1 for s in truth.values() for r in s["ready"] if r[3] is None) >= 1  # in the delay
    assert len(truth["nh"]["waiting"]) >= 3 and any(w[1] == "short" for w in truth["nh"]["waiting"])

    assert set(got) == {sid for sid, s in truth.items() if any(s.values())}
    routes = {s.id: {r.to for r in s.next if r.delay is not None} for s in longer_scenario.services}
    for sid, want in truth.items():
        mine = got.get(sid, {"in_stay": [], "ready": [], "waiting": []})
        a, b = sorted(mine["in_stay"]), sorted(want["in_stay"])
        assert len(a) == len(b) and all(_close(x, y) for x, y in zip(a, b, strict=True)), (sid, "in_stay", a, b)
        a = sorted(mine["ready"], key=lambda r: r[1])
        b = sorted(want["ready"], key=lambda r: r[1])
        assert len(a) == len(b), (sid, "ready", a, b)
        for x, y in zip(a, b, strict=True):
            if y[0] is None:  # in the delay: the short run's log does not say where to; a route with a delay
                assert x[0] in routes[sid] and x[3] is None, (sid, x, y)
                x = (None, *x[1:])
            assert all(_close(p, q) for p, q in zip(x, y, strict=True)), (sid, "ready", x, y)
        a, b = sorted(mine["waiting"], key=lambda w: w[0]), sorted(want["waiting"], key=lambda w: w[0])
        same = len(a) == len(b) and all(_close(x[0], y[0]) and x[1] == y[1] for x, y in zip(a, b, strict=True))
        assert same, (sid, "waiting", a, b)
    # the shorter run's own counts at its end
    in_place = sum(len(s["in_stay"]) + len(s["ready"]) for s in got.values())
    assert in_place == short.conservation["in_place"]
    assert sum(len(s["waiting"]) for s in got.values()) == short.conservation["waiting_outside"]


# --- round trip ---------------------------------------------------------------------------

ROUND_TRIP_KPIS = ("mean_occupancy", "mean_wait_days", "blocked_days", "admissions")


def test_round_trip_kpis_agree_within_their_intervals():
    """simulate -> events -> fit -> simulate: a year from the extract's end state, 10 replications each."""
    scenario, _, extract = recovery_run()
    fitted = fit_scenario(extract, fit_from=RECOVERY_START, seed=101, replications=10)
    fitted_scenario = validate_data(fitted.data)
    assert fitted_scenario.start_date == RECOVERY_START + dt.timedelta(days=RECOVERY_DAYS)
    original = scenario.variant(
        start_date=fitted.data["start_date"], horizon_days=fitted_scenario.horizon_days, replications=10, seed=202,
        initial_state=fitted.data["initial_state"],
    )  # fmt: skip
    runs = {
        "original": [simulate(original, r) for r in range(10)],
        "fitted": [simulate(fitted_scenario, r) for r in range(10)],
    }
    defined = 0
    for sid in scenario.service_ids:
        for kpi in ROUND_TRIP_KPIS:
            a = estimate(run.services[sid][kpi] for run in runs["original"])
            b = estimate(run.services[sid][kpi] for run in runs["fitted"])
            if kpi == "mean_wait_days" and (a.n < 2 or b.n < 2):
                continue
            if a.high == a.low == b.high == b.low == 0.0:  # never happens in either (e.g. no blocking in rehab)
                continue
            defined += 1
            assert a.low <= b.high and b.low <= a.high, (
                f"{sid} {kpi}: original {a.mean:.3f} [{a.low:.3f}, {a.high:.3f}], "
                f"fitted {b.mean:.3f} [{b.low:.3f}, {b.high:.3f}]"
            )
    assert defined >= 9  # occupancy, waits, admissions everywhere; the ward's blocking


# --- traceability -------------------------------------------------------------------------


def test_every_fitted_number_names_its_extract_period_and_rows():
    _, _, extract = recovery_run()
    fitted = recovery_fit()
    validate_data(fitted.data)
    first, last = RECOVERY_START.isoformat(), (RECOVERY_START + dt.timedelta(days=RECOVERY_DAYS - 1)).isoformat()
    assert fitted.period == (RECOVERY_START, RECOVERY_START + dt.timedelta(days=RECOVERY_DAYS))
    stays = extract.stays
    window = stays[(stays["admitted"] >= extract.day(RECOVERY_START)) & (stays["admitted"] < extract.until)]
    for service in fitted.data["services"]:
        source = service.get("source", "")
        rows = window[window["service"] == service["id"]]
        n, completed = len(rows), int(rows["next"].notna().sum())
        assert source.startswith("Fitted"), service["id"]
        assert extract.source in source and first in source and last in source, (service["id"], source)
        assert f"n {n:,}".replace(",", " ") in source, (service["id"], n, source)  # stays behind the stay length
        assert f"from {completed} completed stays" in source, (service["id"], completed, source)  # the routes
    first_rows = stays.assign(asked=stays["referred"].fillna(stays["admitted"])).sort_values("asked")
    first_rows = first_rows.drop_duplicates("patient_id")
    for arrival in fitted.data["arrivals"]:
        source = arrival.get("source", "")
        assert extract.source in source and first in source and last in source, (arrival["id"], source)
        used = re.search(r"(\d+) patients", source)
        assert used and f"{int(used.group(1)) / RECOVERY_DAYS:.3f} a day in the period" in source, source
        n = int((first_rows["service"] == arrival["to"]).sum())  # (a stream where none is: the recovery test)
        assert n == 0 or int(used.group(1)) == n, (arrival["id"], n, source)
    state = fitted.data["initial_state"]["source"]
    assert extract.source in state and "2023-05-01" in state
    counts = defaultdict(int)
    for s in fitted.data["initial_state"]["services"]:
        for kind in ("in_stay", "ready", "waiting"):
            counts[kind] += len(s.get(kind, []))
    assert f"{counts['in_stay']} in a stay" in state and f"{counts['waiting']} waiting" in state, state
    assert len(fitted.notes) >= len(fitted.data["services"]) + len(fitted.data["arrivals"])


# --- plain errors -------------------------------------------------------------------------


@functools.cache
def small_extract():
    """Two months in which a long-stay service gets a handful of patients and none of them leaves."""
    scenario = validate_data(make_scenario(
        start_date="2024-03-04", horizon_days=60, warmup_days=0, seed=3,
        services=[
            make_service("ward", organisation="hospital", capacity=20,
                         length_of_stay={"distribution": "exponential", "mean": 3.0}),
            make_service("long", capacity=20, length_of_stay={"distribution": "exponential", "mean": 30_000.0}),
        ],
        arrivals=[{"id": "acute", "to": "ward", "rate_per_day": 2.0},
                  {"id": "rare", "to": "long", "rate_per_day": 0.1}],
    ))  # fmt: skip
    result = simulate(scenario, 0, events=True)
    return scenario, extract_from_run(result, scenario)


def test_too_few_completed_stays_without_a_reference_is_a_plain_error():
    scenario, extract = small_extract()
    long = extract.stays[extract.stays["service"] == "long"]
    assert len(long) >= 1 and long["ready"].notna().sum() < 5  # guard
    with pytest.raises(ValueError, match=r"service 'long'.*completed stays.*reference"):
        fit_scenario(extract, fit_from=dt.date(2024, 3, 4))
    # with a reference scenario that has the service, its length of stay is used, and said so
    fitted = fit_scenario(extract, fit_from=dt.date(2024, 3, 4), reference=scenario)
    long_service = fitted_service(fitted, "long")
    assert long_service["length_of_stay"] == {"distribution": "exponential", "mean": 30_000.0}
    assert "reference" in long_service["source"]
    validate_data(fitted.data)


def test_a_fit_period_shorter_than_a_week_is_a_plain_error():
    _, extract = small_extract()
    end = extract.date(extract.until)
    with pytest.raises(ValueError, match="shorter than a week"):
        fit_scenario(extract, fit_from=end - dt.timedelta(days=6))
    with pytest.raises(ValueError, match="shorter than a week"):
        fit_scenario(extract, fit_from=end + dt.timedelta(days=3))


def test_a_start_after_the_extracts_end_is_a_plain_error():
    scenario, extract = small_extract()
    end = extract.date(extract.until)
    with pytest.raises(ValueError, match="after the extract's end"):
        fit_scenario(extract, fit_from=dt.date(2024, 3, 4), start=end + dt.timedelta(days=1))
    # the end itself is fine: the state when the extract ends (the reference for the long stays, see above)
    validate_data(fit_scenario(extract, fit_from=dt.date(2024, 3, 4), start=end, reference=scenario).data)

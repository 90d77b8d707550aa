"""The capacity advisor against answers known exactly: Erlang C, and brute force over every lever value."""

from __future__ import annotations

import math

import pytest
from advisor_brute_force import brute_force
from plain_scenarios import ROOT, make_scenario, make_service

from harmoni_model import ScenarioError, run_replications, validate_data
from harmoni_model.planning.advisor import advise
from harmoni_model.planning.approximations import erlang_c, mm_c_mean_wait, smallest_servers, stability_bound
from harmoni_model.planning.levers import apply_levers, validate_spec
from harmoni_model.running.executors import LocalExecutor

EXECUTOR = LocalExecutor(2)


# --- a single M/M/c service: the smallest c that meets a wait target is Erlang C's ----------


@pytest.fixture(scope="module")
def mmc():
    # lambda = 4 a day, exponential stays of 2 days: offered load 8.
    # Erlang C mean waits (days): c=11: 0.163, c=12: 0.070, c=13: 0.030. A bound of 0.1 sits between 11 and 12.
    scenario = validate_data(
        make_scenario(
            horizon_days=2000,
            warmup_days=100,
            replications=3,
            services=[make_service("ward", capacity=9, length_of_stay={"distribution": "exponential", "mean": 2.0})],
            arrivals=[{"id": "a", "to": "ward", "rate_per_day": 4.0}],
        )
    )
    spec = validate_spec(
        {
            "targets": [{"service": "ward", "kpi": "mean_wait_days", "max": 0.1}],
            "levers": [{"service": "ward", "field": "capacity", "min": 1, "max": 40, "cost_per_unit_nok": 1000}],
        },
        scenario,
    )
    return scenario, spec, advise(scenario, spec, EXECUTOR)


def test_erlang_c_by_hand():
    assert erlang_c(2, 1.0) == pytest.approx(1 / 3)  # (a^c/c! * c/(c-a)) / (1 + a + that) = 1 / 3
    assert erlang_c(1, 0.5) == pytest.approx(0.5)  # M/M/1: P(wait) = rho
    assert mm_c_mean_wait(1, 0.5, 1.0) == pytest.approx(1.0)  # M/M/1: Wq = rho / (mu - lambda) = 0.5 / 0.5
    assert mm_c_mean_wait(8, 4.0, 2.0) == math.inf
    assert smallest_servers(4.0, 2.0, 0.1) == 12
    assert stability_bound(4.0, 2.0) == 9


def test_mmc_suggestion_is_the_erlang_c_answer(mmc):
    _, _, advice = mmc
    assert advice.feasible
    assert advice.best.values == (smallest_servers(4.0, 2.0, 0.1),) == (12,)
    assert advice.changes() == [{"service": "ward", "field": "capacity", "from": 9, "to": 12}]
    assert advice.best.lever_cost_nok == 3 * 1000
    assert advice.evaluations < 40 / 4  # it searched; it did not try every value
    assert any("Erlang C" in step for step in advice.explain())
    assert [s.code for s in advice.steps][:2] == ["today_misses", "top_meets"]


def test_mmc_suggestion_meets_the_target_with_other_seeds(mmc):
    scenario, _, advice = mmc
    other = advice.suggested_scenario().variant(seed=scenario.seed + 1000)
    est = run_replications(other, 10, workers=2).estimates()["ward"]["mean_wait_days"]
    assert est.high <= 0.1


def test_mmc_one_place_fewer_misses_the_target(mmc):
    _, _, advice = mmc
    [(lever, fewer)] = advice.lower_neighbours
    assert lever == "ward:capacity" and fewer.values == (11,)
    assert not fewer.meets_targets
    assert fewer.targets["ward:mean_wait_days"].mean > 0.1


def test_today_outside_the_levers_bounds_is_still_todays_scenario(mmc):
    scenario, spec, _ = mmc
    narrow = spec.model_copy(update={"levers": [spec.levers[0].model_copy(update={"min": 11, "max": 20})]})
    advice = advise(scenario, narrow, EXECUTOR)
    assert advice.today.values == (9,) and advice.today.replications == 10
    assert advice.best.values == (12,) and advice.best.lever_cost_nok == 3 * 1000
    assert not advice.today.meets_targets


def test_the_config_is_unchanged_after_advice(mmc):
    scenario, spec, advice = mmc
    assert scenario.service("ward").capacity == 9
    assert spec.levers[0].min == 1 and advice.scenario is scenario


# --- a tandem with blocking: the advisor finds what brute force finds ---------------------


def _tandem(short_term_max: int = 20):
    scenario = validate_data(
        make_scenario(
            horizon_days=400,
            warmup_days=50,
            replications=3,
            services=[
                make_service(
                    "hospital",
                    organisation="hospital",
                    capacity=14,
                    blocking=True,
                    length_of_stay={"distribution": "exponential", "mean": 4.0},
                    next=[{"to": "exit", "p": 0.5}, {"to": "short_term", "p": 0.5}],
                ),
                make_service(
                    "short_term", capacity=12, length_of_stay={"distribution": "gamma", "mean": 10.0, "cv": 0.7}
                ),
            ],
            arrivals=[{"id": "a", "to": "hospital", "rate_per_day": 2.0}],
        )
    )
    spec = validate_spec(
        {
            "targets": [{"service": "hospital", "kpi": "mean_queue", "max": 1.0}],
            "levers": [
                {"service": "hospital", "field": "capacity", "min": 8, "max": 16, "cost_per_unit_nok": 1_500_000},
                {"service": "short_term", "field": "capacity", "min": 8, "max": short_term_max,
                 "cost_per_unit_nok": 900_000},
            ],
        },
        scenario,
    )  # fmt: skip
    return scenario, spec


@pytest.mark.parametrize("stages", [(5,), (3, 6), (3, 6, 10)], ids=["fixed", "app", "staged"])
def test_tandem_advice_equals_brute_force(stages):
    scenario, spec = _tandem()
    best, every = brute_force(scenario, spec, EXECUTOR, stages)
    advice = advise(scenario, spec, EXECUTOR, stages)
    assert best is not None and advice.feasible
    assert advice.best.values == best.values
    assert advice.best.annual_cost_nok == pytest.approx(best.annual_cost_nok)
    assert advice.evaluations < len(every) / 2
    # cost includes the municipality's overliggedøgn payments: not only the levers' cost
    assert advice.best.overliggedogn_cost_nok > 0


def test_the_advisor_gives_the_same_answer_on_a_dask_cluster(dask_client):
    from harmoni_model.running.executors import DaskExecutor

    scenario, spec = _tandem(short_term_max=16)
    local = advise(scenario, spec, EXECUTOR, (4,))
    remote = advise(scenario, spec, DaskExecutor(dask_client), (4,))
    assert remote.best == local.best
    assert remote.simulations == local.simulations and remote.candidates == local.candidates


def test_tandem_lowering_any_changed_lever_breaks_a_target_or_costs_more():
    scenario, spec = _tandem()
    advice = advise(scenario, spec, EXECUTOR)
    assert advice.lower_neighbours
    for lever, fewer in advice.lower_neighbours:
        assert (
            (not fewer.meets_targets)
            or (not fewer.within_budget)
            or (fewer.annual_cost_nok >= advice.best.annual_cost_nok)
        ), lever


def test_tandem_spends_replications_where_the_decision_is_close():
    scenario, spec = _tandem()
    advice = advise(scenario, spec, EXECUTOR)
    reps = {c.values: c.replications for c in advice.candidates}
    assert reps[advice.best.values] == 10  # a suggestion is confirmed on every stage
    assert min(reps.values()) == 3  # clear cases stop early
    assert advice.simulations < 10 * advice.evaluations


def test_a_failed_confirmation_near_a_tipping_point_does_not_end_the_search():
    # On the Trondheim baseline before issue 11 the short-term wait tips between 200 and 201 places:
    # three mild replications put a bisection too low, and ten show it. The search must go on from there.
    from harmoni_model import load_scenario

    scenario = load_scenario(ROOT / "tests/scenarios/tipping_point.yaml")
    target = [{"service": "short_term", "kpi": "mean_wait_days", "max": 1}]
    for low, high in ((179, 215), (200, 230)):
        lever = [{"service": "short_term", "field": "capacity", "min": low, "max": high}]
        advice = advise(scenario, validate_spec({"targets": target, "levers": lever}, scenario), EXECUTOR)
        assert advice.feasible and advice.best.confirmed
        (fewer,) = [c for _, c in advice.lower_neighbours]
        assert not fewer.meets_targets or fewer.annual_cost_nok >= advice.best.annual_cost_nok
    too_few = [{"service": "short_term", "field": "capacity", "min": 175, "max": 200}]
    advice = advise(scenario, validate_spec({"targets": target, "levers": too_few}, scenario), EXECUTOR)
    assert not advice.feasible and advice.reason == "unreachable"


def test_a_budget_is_respected():
    scenario, spec = _tandem()
    free = advise(scenario, spec, EXECUTOR)
    tight = spec.model_copy(update={"budget_nok": free.best.lever_cost_nok - 1})
    advice = advise(scenario, tight, EXECUTOR)
    assert advice.best.lever_cost_nok <= tight.budget_nok or advice.reason == "budget"
    if advice.feasible:
        assert advice.best.annual_cost_nok >= free.best.annual_cost_nok - 1e-6


def test_infeasible_targets_give_the_closest_candidate():
    scenario, spec = _tandem()
    impossible = spec.model_copy(
        update={"targets": [spec.targets[0].model_copy(update={"max": 0.0})]}  # never anyone in the queue
    )
    advice = advise(scenario, impossible, EXECUTOR)
    assert not advice.feasible and advice.reason == "unreachable"
    assert any("misses" in s for s in advice.explain())
    assert advice.steps[-1].code == "top_misses"
    # the closest one is the lowest queue seen, at the most capacity
    assert advice.best.values == (16, 20)
    out = advice.to_json()
    assert out["feasible"] is False and out["evaluations"] >= 1


def test_the_frontier_is_a_pareto_front():
    scenario, spec = _tandem()
    advice = advise(scenario, spec, EXECUTOR)
    key = "hospital:mean_queue"
    front = advice.frontier
    assert len(front) >= 2
    costs = [c.annual_cost_nok for c in front]
    kpis = [c.targets[key].mean for c in front]
    assert costs == sorted(costs) and kpis == sorted(kpis, reverse=True)
    assert all(c.within_budget for c in front)
    for c in advice.candidates:  # nothing evaluated beats a front point on both
        if c.replications and c.within_budget:
            assert not any(
                c.annual_cost_nok < f.annual_cost_nok and c.targets[key].mean < f.targets[key].mean for f in front
            )


def test_apply_levers_copies_and_sets_staffing():
    scenario = validate_data(
        make_scenario(
            services=[make_service("home", capacity=50, staffing={"fte": 10, "patients_per_fte": 4})],
            arrivals=[{"id": "a", "to": "home", "rate_per_day": 1.0}],
        )
    )
    spec = validate_spec(
        {
            "targets": [{"service": "home", "kpi": "mean_wait_days", "max": 1}],
            "levers": [{"service": "home", "field": "staffing.fte", "min": 5, "max": 15, "cost_per_unit_nok": 1}],
        },
        scenario,
    )
    variant = apply_levers(scenario, list(spec.levers), (12.0,))
    assert variant.service("home").staffing.fte == 12.0
    assert scenario.service("home").staffing.fte == 10


# --- calendars, overflow and reneging in the advisor -----------------------------------------

SUMMER = {"from": "2025-07-01", "to": "2025-08-11", "capacity": 5, "repeat": "yearly"}  # 42 days a year


def _ward_scenario(**ward):
    return validate_data(make_scenario(
        start_date="2025-01-01", horizon_days=365, warmup_days=0, replications=3,
        services=[make_service("ward", capacity=9, length_of_stay={"distribution": "exponential", "mean": 2.0},
                               cost_per_place_nok=1000, **ward)],
        arrivals=[{"id": "a", "to": "ward", "rate_per_day": 4.0}],
    ))  # fmt: skip


def _search(scenario, lever_cost=None):
    from harmoni_model.planning.search import STAGES, Search

    lever = {"service": "ward", "field": "capacity", "min": 1, "max": 40}
    if lever_cost is not None:
        lever["cost_per_unit_nok"] = lever_cost
    spec = validate_spec(
        {"targets": [{"service": "ward", "kpi": "mean_wait_days", "max": 0.1}], "levers": [lever]}, scenario
    )
    return Search(scenario, spec, EXECUTOR, STAGES)


def test_a_lever_costs_what_who_pays_counts_with_a_calendar():
    """The calendar moves with the lever (3 more places are 3 more in the summer too): the search's lever cost
    is the change who pays counts (results.costs)."""
    from harmoni_model.results.costs import MUNICIPALITY, capacity_cost

    closed = _ward_scenario(capacity_calendar=[SUMMER])
    search = _search(closed)
    twelve = (search.grids[0].index(12),)
    variant = search.variant(twelve)
    assert [p.capacity for p in variant.service("ward").capacity_calendar] == [8]
    assert search.lever_cost(twelve) == pytest.approx(3 * 1000)
    assert search.lever_cost(twelve) == pytest.approx(
        capacity_cost(variant, MUNICIPALITY) - capacity_cost(closed, MUNICIPALITY)
    )


def _approximated(scenario):
    """The search's approximation on a pilot of 4 patients a day staying 2 days (offered load 8)."""
    from harmoni_model.simulation.engine import ReplicationResult

    search = _search(scenario)
    top = (len(search.grids[0]) - 1,)
    kpis = {"admissions": 4.0 * scenario.horizon_days, "mean_occupancy": 8.0}
    search.runs[top] = [ReplicationResult(r, {"ward": kpis}, {}, {}, 0, scenario.start_date, 0, 0.0) for r in range(3)]
    starts = search._approximate(top)
    return search, None if starts[0] is None else search.grids[0][starts[0]]


def test_the_approximation_counts_overflow_places_and_calendars_and_leaves_reneging_alone():
    search, start = _approximated(_ward_scenario())
    assert search.grids[0][search.floor[0]] == stability_bound(4.0, 2.0) == 9 and start == 12  # Erlang C
    search, start = _approximated(_ward_scenario(overflow={"places": 3}))
    assert search.grids[0][search.floor[0]] == 6 and start == 9  # 6 + 3 corridor places keep up; 9 + 3 wait little
    # 4 of 9 places closed for 42 days: 0.46 places fewer on average, so one more place than without
    search, start = _approximated(_ward_scenario(capacity_calendar=[SUMMER]))
    assert search.grids[0][search.floor[0]] == 10 and start == 13
    search, start = _approximated(_ward_scenario(renege={"distribution": "exponential", "mean": 5.0}))
    assert search.floor == [0] and start is None and not search.steps  # any number of places keeps up


# --- the targets file is validated like a scenario -------------------------------------------


@pytest.mark.parametrize(
    ("change", "path", "words"),
    [
        ({"targets": []}, "targets", "at least 1"),
        ({"targets": [{"service": "hospital", "kpi": "wait", "max": 1}]}, "targets[0]", "unknown KPI 'wait'"),
        ({"targets": [{"service": "nowhere", "kpi": "mean_queue", "max": 1}]}, "targets[0].service", "no service"),
        ({"levers": [{"service": "hospital", "field": "beds", "min": 1, "max": 2}]}, "levers[0].field", "capacity"),
        ({"levers": [{"service": "hospital", "field": "capacity", "min": 5, "max": 2}]}, "levers[0]", "below min"),
        ({"levers": [{"service": "hospital", "field": "staffing.fte", "min": 1, "max": 2, "cost_per_unit_nok": 1}]},
         "levers[0].field", "no staffing"),
        ({"levers": [{"service": "hospital", "field": "capacity", "min": 1, "max": 2}]},
         "levers[0].cost_per_unit_nok", "needed"),
        ({"budget_nok": -5}, "budget_nok", "0"),
        ({"targets": [{"service": "hospital", "kpi": "mean_queue", "max": -1}]}, "targets[0].max", "0"),
        ({"surprise": 1}, "surprise", "unknown field"),
    ],
)  # fmt: skip
def test_a_bad_targets_file_names_the_field(change, path, words):
    scenario, spec = _tandem()
    data = spec.model_dump(mode="json") | change
    with pytest.raises(ScenarioError) as err:
        validate_spec(data, scenario)
    text = "\n".join(str(p) for p in err.value.problems)
    assert any(str(p).startswith(path) for p in err.value.problems), text
    assert words in text


# --- the command line ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tandem_files(tmp_path_factory):
    import yaml

    from harmoni_model import dumps_scenario

    scenario, spec = _tandem(short_term_max=16)
    folder = tmp_path_factory.mktemp("advise")
    (folder / "scenario.yaml").write_text(dumps_scenario(scenario))
    (folder / "targets.yaml").write_text(yaml.safe_dump(spec.model_dump(mode="json"), sort_keys=False))
    return folder


def test_cli_advise_prints_the_contract_json(tandem_files):
    import json

    from cli_runs import run_cli

    done = run_cli("advise", tandem_files / "scenario.yaml", tandem_files / "targets.yaml", "--workers", "2")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["feasible"] is True
    for key in ("changes", "annual_cost_nok", "kpis", "evaluations", "simulations", "frontier"):
        assert key in out
    assert {c["service"] for c in out["changes"]} <= {"hospital", "short_term"}
    assert all(set(c) == {"service", "field", "from", "to"} for c in out["changes"])
    assert out["kpis"]["services"]["hospital"]["mean_queue"]["ci95"][1] <= 1.0
    assert out["frontier"] and out["evaluations"] < 9 * 9


def test_cli_advise_bad_files_exit_2_with_the_field(tandem_files, tmp_path):
    from cli_runs import assert_clean_failure, run_cli

    bad = tmp_path / "bad.yaml"
    bad.write_text("targets:\n  - {service: hospital, kpi: mean_queue, max: 1}\nlevers:\n  - {service: ward}\n")
    lines = assert_clean_failure(run_cli("advise", tandem_files / "scenario.yaml", bad))
    assert any("levers[0].field" in line for line in lines), lines
    broken = tmp_path / "broken.yaml"
    broken.write_text("targets: [\n")
    lines = assert_clean_failure(run_cli("advise", tandem_files / "scenario.yaml", broken))
    assert any("line" in line for line in lines), lines
    lines = assert_clean_failure(run_cli("advise", tmp_path / "missing.yaml", bad))
    assert lines

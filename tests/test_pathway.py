"""The pathway diagram: its numbers are the model's KPIs, its layout fits any valid scenario, it draws offline."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from networks import app_networks, mechanism_networks, scenario, service

from harmoni_model import Scenario, load_scenario, run_replications
from harmoni_model.results.pathway import depths, flows_per_day, layout, overlaps, pathway
from harmoni_model.scenario.changes import Changes, apply_changes
from pages.ui.i18n import STRINGS
from pages.ui.pathway_chart import SELECTION, _picked, pathway_chart, spec_json, wrap

ROOT = Path(__file__).resolve().parents[1]
BASELINE = load_scenario(ROOT / "sample_data" / "scenarios" / "trondheim_baseline.yaml")
EXP = {"distribution": "exponential", "mean": 2.0}


def t_in(lang: str):
    table = STRINGS[lang]
    return lambda key, **values: table[key].format(**values)


def selects(spec: dict) -> bool:
    """The spec has the click selection of a box by its service (altair lifts a layer's params to the top)."""
    params = spec.get("params", []) + [p for layer in spec["layer"] for p in layer.get("params", [])]
    return any(p.get("name") == SELECTION and p["select"]["fields"] == ["service"] for p in params)


def check_numbers(base, variant) -> None:
    """Every box's figures are the model's estimates, every flow its admissions by origin per day."""
    diagram = pathway(base, variant)
    for results, side in ((base, "base"), (variant, "scenario")):
        est, origins, days = results.estimates(), results.by_origin(), results.scenario.horizon_days
        for box in diagram.boxes:
            f = getattr(box, side)
            e = est[box.service]
            assert f.occupancy == e["mean_occupancy"] and f.queue == e["mean_queue"]
            assert f.blocked == e["mean_blocked"] and f.utilisation == e["utilisation"]
            assert f.places == results.scenario.service(box.service).effective_capacity
        for flow in diagram.flows:
            value = getattr(flow, side)
            if flow.kind == "exit":
                s = results.scenario.service(flow.source)
                p = math.fsum(r.p for r in s.next if r.to == "exit")
                assert value == pytest.approx(est[s.id]["admissions"].mean / days * p)
            else:
                counted = origins[flow.target].get(flow.source)
                assert value == pytest.approx(0.0 if counted is None else counted["admissions"].mean / days)
        # what flows in is every admission (but those waiting at the start): nothing is lost or counted twice
        inflow: dict[str, float] = {}
        for flow in diagram.flows:
            if flow.kind != "exit":
                inflow[flow.target] = inflow.get(flow.target, 0.0) + getattr(flow, side)
        for sid in results.scenario.service_ids:
            start = origins[sid].get("(start)")
            at_start = 0.0 if start is None else start["admissions"].mean / days
            assert inflow.get(sid, 0.0) + at_start == pytest.approx(est[sid]["admissions"].mean / days)


def check_layout(s: Scenario) -> None:
    """Every box inside the drawing, none on another, the same layout every time."""
    grid = layout(s)
    assert set(grid.boxes) == set(s.service_ids)
    rects = [grid.boxes[sid] for sid in s.service_ids]
    for x0, y0, x1, y1 in rects:
        assert 0 < x0 < x1 < grid.width and 0 < y0 < y1 < grid.height
    assert overlaps(rects) == []
    assert layout(s) == grid
    for sid, cell in grid.cells.items():  # a band per organisation
        y0, y1 = grid.bands[cell.organisation]
        assert y0 <= grid.boxes[sid][1] and grid.boxes[sid][3] <= y1


def test_the_baseline_diagram_shows_the_models_kpis():
    base = run_replications(BASELINE, replications=2, workers=1)
    variant = run_replications(
        apply_changes(BASELINE, Changes(capacity={"short_term": 199})), replications=2, workers=1
    )
    check_numbers(base, variant)
    check_layout(BASELINE)
    diagram = pathway(base, variant)
    home = next(b for b in diagram.boxes if b.service == "short_term")
    assert (home.base.places, home.scenario.places) == (179, 199)
    assert {f.kind for f in diagram.flows} == {"entry", "transfer", "exit"}
    # the pathway reads left to right: the hospital before short-term stays before long-term places
    d = depths(BASELINE)
    assert d["kad"] < d["hospital_medical"] < d["short_term"] < d["long_term"]
    assert d["hospital_ortho"] == 0 and d["home_care"] > d["short_term"]


@given(app_networks())
@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_scenario_diagram_shows_the_models_kpis(s):
    base = run_replications(s, replications=2, workers=1)
    bigger = apply_changes(s, Changes(capacity={s.services[0].id: s.services[0].capacity + 3}))
    check_numbers(base, run_replications(bigger, replications=2, workers=1))


@given(mechanism_networks())
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_loops_diversions_and_calendars_keep_the_numbers(s):
    results = run_replications(s, replications=2, workers=1)
    check_numbers(results, results)
    check_layout(s)


@st.composite
def graphs(draw) -> Scenario:
    """1-40 services with any routes (self-loops, loops, only exit), diversions, and arrivals to some."""
    n = draw(st.integers(1, 40))
    ids = [f"s{i}" for i in range(n)]
    services = []
    for sid in ids:
        targets = draw(st.lists(st.sampled_from(ids), max_size=3, unique=True))
        routes = [{"to": to, "p": 0.5 / len(targets)} for to in targets] + [{"to": "exit", "p": 0.5 if targets else 1}]
        fields = {"organisation": draw(st.sampled_from(["hospital", "municipality"])), "next": routes}
        services.append(service(sid, draw(st.integers(0, 50)), EXP, **fields))
    fed = draw(st.lists(st.sampled_from(ids), max_size=n, unique=True))
    return scenario(services, [{"id": f"a_{sid}", "to": sid, "rate_per_day": 1.0} for sid in fed])


@given(graphs())
@settings(max_examples=60, deadline=None)
def test_any_network_lays_out_inside_the_drawing_without_overlaps(s):
    check_layout(s)
    grid = layout(s)
    assert grid.columns <= len(s.services)


def test_the_layout_of_small_networks_by_hand():
    one = scenario([service("ward", 5, EXP)], [{"id": "a", "to": "ward", "rate_per_day": 1.0}])
    assert layout(one).cells["ward"].column == 0 and layout(one).columns == 1
    # a -> b -> c with a readmission c -> a and a self-loop at b: the loop is cut, the chain stays in order
    chain = scenario(
        [service("a", 5, EXP, next=[{"to": "b", "p": 1}]),
         service("b", 5, EXP, next=[{"to": "b", "p": 0.2}, {"to": "c", "p": 0.8}]),
         service("c", 5, EXP, next=[{"to": "a", "p": 0.1}, {"to": "exit", "p": 0.9}])],
        [{"id": "in", "to": "a", "rate_per_day": 1.0}],
    )  # fmt: skip
    assert depths(chain) == {"a": 0, "b": 1, "c": 2}
    # forty services without routes wrap into a block (6 rows of at most 7 columns), not one tall column
    many = scenario([service(f"s{i}", 5, EXP) for i in range(40)], [])
    grid = layout(many)
    assert grid.rows["municipality"] == 6 and grid.columns == 7 and grid.rows["hospital"] == 0


def test_exits_are_admissions_times_the_route_probability():
    """Hand-computed: 2 replications of a ward admitting 300 and 310 patients in 100 days, a quarter to exit."""
    s = scenario(
        [service("ward", 50, EXP, next=[{"to": "rest", "p": 0.75}, {"to": "exit", "p": 0.25}]),
         service("rest", 50, EXP)],
        [{"id": "a", "to": "ward", "rate_per_day": 3.0}],
        horizon_days=100,
    )  # fmt: skip
    results = run_replications(s, replications=2, workers=1)
    admitted = [r.services["ward"]["admissions"] for r in results.runs]
    flows = flows_per_day(results)
    assert flows[("ward", "exit", "exit")] == pytest.approx(sum(admitted) / 2 / 100 * 0.25)
    assert flows[("a", "ward", "entry")] == pytest.approx(sum(admitted) / 2 / 100)  # no one waits at the start


def test_wrap_keeps_lines_short_and_says_when_it_cut():
    assert wrap("Korttidsopphold, helsehus", 15, 3) == ["Korttids-", "opphold,", "helsehus"]  # at the linking s
    assert wrap("Langtidsplass, sykehjem", 12, 3) == ["Langtids-", "plass,", "sykehjem"]
    assert wrap("Hjemmetjenester", 10, 2) == ["Hjemmetje-", "nester"]  # a syllable, never "Hjemmetjenest-er"
    assert wrap("St. Olavs, medisinske/geriatriske senger", 15, 3) == [
        "St. Olavs,",
        "medisinske/ger-",
        "iatriske senger",
    ]
    assert wrap("St. Olavs, medisinske/geriatriske senger", 12, 3) == ["St. Olavs,", "medisinske/", "geriatriske…"]
    assert wrap("St. Olavs, medical/geriatric beds", 15, 3, "en") == ["St. Olavs,", "medical/", "geriatric beds"]
    assert wrap("Korttidsopphold, helsehus", 15, 1) == ["Korttidsopphol…"]
    assert wrap("KAD", 15, 2) == ["KAD"]
    assert all(len(line) <= 8 for line in wrap("Hjemmetjenester i Trondheim kommune", 8, 2))


@settings(max_examples=150, deadline=None)
@given(words=st.lists(st.text(alphabet="abcdefghijklmnoprstuvyæøå/,", min_size=1, max_size=24), min_size=1,
                      max_size=6), chars=st.integers(8, 20), lines=st.integers(1, 3))  # fmt: skip
def test_wrap_never_overflows_and_keeps_every_letter_it_shows(words, chars, lines):
    text = " ".join(words)
    out = wrap(text, chars, lines)
    assert 1 <= len(out) <= lines and all(len(line) <= chars for line in out)
    if not out[-1].endswith("…"):  # nothing cut: every letter is shown, in order (the text has no hyphens)
        assert "".join(out).replace("-", "").replace(" ", "") == text.replace(" ", "")


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_chart_draws_offline_with_a_click_selection(lang):
    """The spec fetches nothing (no url data, no tiles, no fonts), selects by service, and speaks one language."""
    s = scenario(
        [service(f"s{i}", 5 + i, EXP, organisation="hospital" if i % 3 == 0 else "municipality",
                 next=[{"to": f"s{(i + 1) % 12}", "p": 0.5}, {"to": f"s{i}", "p": 0.1}, {"to": "exit", "p": 0.4}])
         for i in range(12)],
        [{"id": "a", "to": "s0", "rate_per_day": 2.0}],
        horizon_days=60,
    )  # fmt: skip
    results = run_replications(s, replications=2, workers=1)
    spec = pathway_chart(pathway(results, results), {}, {"hospital": "H", "municipality": "M"}, t_in(lang), lang,
                          False, chosen="s1")  # fmt: skip
    spec.pop("$schema")  # the schema's address is a name, never fetched
    text = spec_json(spec)
    assert '"url"' not in text and "http" not in text, text[text.find("http") - 200 :][:400]
    assert selects(spec)
    # every line of figures in a box is drawn (a line is a layer of its own)
    slots = {layer["encoding"]["text"]["field"] for layer in spec["layer"] if "text" in layer["encoding"]}
    boxes = json.loads(text)["datasets"][next(layer["data"]["name"] for layer in spec["layer"] if "params" in layer)]
    assert {k for box in boxes for k, v in box.items() if k.startswith("figure") and v} <= slots
    fills = [layer["encoding"]["fill"] for layer in spec["layer"] if "fill" in layer["encoding"]]
    assert [f["legend"]["orient"] for f in fills if "legend" in f] == ["top"]  # the pressure bands' legend, once
    assert all(f.get("legend", True) is not None for f in fills)  # (one legend: None hides it for every layer)
    other = STRINGS["en" if lang == "nb" else "nb"]
    for key in ("pathway.legend", "pathway.band.low", "pathway.tip.service", "pathway.outside", "pathway.home"):
        assert other[key] not in text and STRINGS[lang][key].split("{")[0] in text


def test_a_click_reads_the_service_and_nothing_else():
    class State:
        def __init__(self, selection: dict) -> None:
            self.selection = selection

    assert _picked(State({SELECTION: [{"service": "kad"}]})) == "kad"
    assert _picked(None) is None
    assert _picked(State({})) is None


def test_a_box_keeps_its_places_when_the_line_is_long():
    """Hand-made figures: 2 332 → 2 277 of 2 666 does not fit 15 characters, so the places get a line."""
    from dataclasses import replace

    from harmoni_model.results.estimates import Estimate
    from harmoni_model.results.pathway import Box, Cell, Figures
    from pages.ui.pathway_chart import MAX_FIGURE_LINES, figure_lines

    def figures(occupancy: float, places: int, queue: float) -> Figures:
        e = Estimate(occupancy, occupancy, occupancy, 2)
        q = Estimate(queue, queue, queue, 2)
        return Figures(places, e, q, Estimate(0.0, 0.0, 0.0, 2), e, 1.0)

    box = Box("home_care", "municipality", Cell(0, "municipality", 0), 0, 0, 1, 1,
              figures(2332.4, 2666, 3.9), figures(2277.0, 2666, 199.0))  # fmt: skip
    t = t_in("nb")
    assert figure_lines(box, "nb", t, True) == ["2\u00a0332 → 2\u00a0277 / 2\u00a0666", "3,9 → 199 i kø"]
    assert figure_lines(box, "nb", t, True, chars=15) == ["2\u00a0332 → 2\u00a0277", "/ 2\u00a0666", "3,9 → 199 i kø"]
    assert figure_lines(box, "nb", t, False) == ["2\u00a0277 / 2\u00a0666", "199 i kø"]
    more = Box("w", "hospital", Cell(0, "hospital", 0), 0, 0, 1, 1, figures(8.0, 10, 0.0), figures(9.5, 12, 0.0))
    assert figure_lines(more, "en", t_in("en"), True) == ["8.0/10 → 9.5/12"]
    worst = replace(box, scenario=replace(box.scenario, places=2700, blocked=Estimate(5.0, 5.0, 5.0, 2)))
    assert len(figure_lines(worst, "nb", t, True, chars=5)) == MAX_FIGURE_LINES  # the chart draws this many

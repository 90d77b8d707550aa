"""The new levers of the room (issue 14, item 4): hand-computed examples, round trips, and the studio.

Summer closure, corridor places, hospital patients first, days from "utskrivningsklar" to the
transfer, and length of stay: each a field of ``Changes``, applied to a new validated scenario,
reproduced by a link and by the library, and moving a key figure the expected way in the studio.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import statistics
from pathlib import Path

import pytest
from apptest_pages import APP, open_page, shown
from hypothesis import given
from hypothesis import strategies as st
from networks import scenario, service
from streamlit.testing.v1 import AppTest

from harmoni_model import ScenarioError, load_scenario
from harmoni_model.results.headline import headline_figures
from harmoni_model.scenario.changes import (
    Changes,
    Closure,
    apply_changes,
    changed_from,
    hospital_first_now,
    rebased,
    scaled_distribution,
    summer_closure,
    summer_closures,
    transfer_days_now,
)
from harmoni_model.scenario.format import distribution_mean
from harmoni_model.workshop.library import Library
from pages.ui.share_links import controls_for, defaults, lever_values, link_params, opened_start, parse_link

ROOT = Path(__file__).resolve().parents[1]
BASE = load_scenario(ROOT / "sample_data" / "scenarios" / "trondheim_baseline.yaml")


def _periods(s, sid):
    return [(p.start, p.end, p.capacity, p.repeat) for p in s.service(sid).capacity_calendar or ()]


# --- 1. the summer closure ------------------------------------------------------------------------


def test_a_summer_closure_replaces_the_summer_and_keeps_christmas():
    """Weeks 27-32 of 2026 are 29 June to 9 August; 14 of 76 beds closed leaves 62 (the baseline's 70 goes)."""
    assert summer_closure(BASE, "hospital_medical") == Closure(28, 31, 6)  # the baseline's own: 76 -> 70
    v = apply_changes(BASE, Changes(closure={"hospital_medical": Closure(27, 32, 14)}))
    assert _periods(v, "hospital_medical") == [(dt.date(2026, 6, 29), dt.date(2026, 8, 9), 62, "yearly")]
    # short-term stays: the summer replaced, Christmas (21 December - 3 January) kept
    v = apply_changes(BASE, Changes(closure={"short_term": Closure(26, 33, 30)}))
    assert _periods(v, "short_term") == [
        (dt.date(2026, 6, 22), dt.date(2026, 8, 16), 149, "yearly"),
        (dt.date(2026, 12, 21), dt.date(2027, 1, 3), 165, "yearly"),
    ]
    assert _periods(BASE, "short_term")[0][2] == 165  # never mutated


def test_a_summer_closure_of_no_places_removes_it_and_more_places_move_it():
    v = apply_changes(BASE, Changes(closure={"hospital_medical": Closure(27, 32, 0)}))
    assert v.service("hospital_medical").capacity_calendar is None
    # the closure counts below the plain capacity: 10 more beds are 10 more in the summer too (86 - 14 = 72)
    v = apply_changes(
        BASE, Changes(capacity={"hospital_medical": 86}, closure={"hospital_medical": Closure(27, 32, 14)})
    )
    assert _periods(v, "hospital_medical")[0][2] == 72
    # a service with no summer: the closure is added (KAD: 20 -> 15 in weeks 28-31)
    v = apply_changes(BASE, Changes(closure={"kad": Closure(28, 31, 5)}))
    assert _periods(v, "kad") == [(dt.date(2026, 7, 6), dt.date(2026, 8, 2), 15, "yearly")]
    assert summer_closure(v, "kad") == Closure(28, 31, 5)


def test_every_summer_period_is_shown_and_the_closure_replaces_them_all():
    from harmoni_model.scenario.files import loads_scenario

    text = (ROOT / "sample_data" / "scenarios" / "trondheim_baseline.yaml").read_text(encoding="utf-8")
    july = "      - {from: 2026-07-06, to: 2026-08-02, capacity: 70, repeat: yearly}\n"
    june = "      - {from: 2026-06-15, to: 2026-06-28, capacity: 72, repeat: yearly}\n"
    s = loads_scenario(text.replace(july, june + july, 1))
    assert summer_closures(s, "hospital_medical") == (Closure(25, 26, 4), Closure(28, 31, 6))
    assert summer_closure(s, "hospital_medical") == Closure(25, 26, 4)  # the lever starts from the first
    v = apply_changes(s, Changes(closure={"hospital_medical": Closure(27, 32, 14)}))
    assert summer_closures(v, "hospital_medical") == (Closure(27, 32, 14),)  # both replaced, as the caption says


# --- 2. corridor places -------------------------------------------------------------------------


def test_corridor_places_set_and_removed():
    v = apply_changes(BASE, Changes(overflow={"hospital_medical": 9, "hospital_ortho": 2}))
    assert (v.service("hospital_medical").overflow_places, v.service("hospital_ortho").overflow_places) == (9, 2)
    assert apply_changes(BASE, Changes(overflow={"hospital_medical": 0})).service("hospital_medical").overflow is None
    assert BASE.service("hospital_medical").overflow_places == 4


# --- 3. hospital patients first -----------------------------------------------------------------


def test_hospital_patients_first_on_and_off():
    assert hospital_first_now(BASE, "short_term") and not hospital_first_now(BASE, "rehab")
    off = apply_changes(BASE, Changes(hospital_first={"short_term": False}))
    assert off.service("short_term").priority is None
    on = apply_changes(BASE, Changes(hospital_first={"rehab": True}))
    assert on.service("rehab").priority == ("hospital_medical", "hospital_ortho")
    with pytest.raises(KeyError, match="no hospital service"):
        apply_changes(BASE, Changes(hospital_first={"long_term": True}))


def test_hospital_first_keeps_the_other_origins_after_it_and_the_ageing_rule():
    """A list [home] becomes [hospital, home]; off again it is [home]; with nothing left the ageing rule goes too."""
    los = {"distribution": "exponential", "mean": 5}
    s = scenario(
        [
            service("hospital", 10, los, organisation="hospital", next=[{"to": "stay", "p": 1.0}], blocking=True),
            service("stay", 10, los, priority=["home"], priority_after_days=14),
        ],
        [{"id": "emergency", "to": "hospital", "rate_per_day": 1}, {"id": "home", "to": "stay", "rate_per_day": 1}],
    )
    on = apply_changes(s, Changes(hospital_first={"stay": True}))
    assert on.service("stay").priority == ("hospital", "home") and on.service("stay").priority_after_days == 14
    assert apply_changes(on, Changes(hospital_first={"stay": False})).service("stay").priority == ("home",)
    only = apply_changes(s, Changes(hospital_first={"stay": True}))
    only = only.with_service("stay", priority=["hospital"])
    bare = apply_changes(only, Changes(hospital_first={"stay": False})).service("stay")
    assert bare.priority is None and bare.priority_after_days is None


# --- 4. days from "utskrivningsklar" to the transfer -------------------------------------------


def test_the_days_to_a_transfer_set_every_hospital_route_there():
    assert transfer_days_now(BASE, "short_term") == 1.5 and transfer_days_now(BASE, "home_care") == 0.5
    v = apply_changes(BASE, Changes(transfer_days={"short_term": 3.0, "home_care": 0.0}))
    for hospital in ("hospital_medical", "hospital_ortho"):
        routes = {r.to: r.delay for r in v.service(hospital).next}
        assert (routes["short_term"].mean, routes["short_term"].cv) == (3.0, 0.8)  # the cv kept
        assert routes["home_care"] is None  # 0 days: no processing delay
        assert routes["rehab"].mean == 1.5  # untouched
    with pytest.raises(KeyError, match="no route from a hospital"):
        apply_changes(BASE, Changes(transfer_days={"kad": 1.0}))


def test_a_transfer_delay_is_scaled_keeping_its_shape_or_added():
    """Triangular 1/2/3 (mean 2) set to 3 days is 1.5/3/4.5; a route with no delay gets a gamma, cv 0.8."""
    los = {"distribution": "exponential", "mean": 5}
    tri = {"distribution": "triangular", "min": 1, "mode": 2, "max": 3}
    s = scenario(
        [
            service(
                "hospital",
                10,
                los,
                organisation="hospital",
                next=[{"to": "stay", "p": 0.5, "delay": tri}, {"to": "care", "p": 0.5}],
            ),
            service("stay", 10, los),
            service("care", 10, los),
        ],
        [{"id": "emergency", "to": "hospital", "rate_per_day": 1}],
    )
    v = apply_changes(s, Changes(transfer_days={"stay": 3.0, "care": 2.0}))
    stay, care = (r.delay for r in v.service("hospital").next)
    assert (stay.min, stay.mode, stay.max) == (1.5, 3.0, 4.5)
    assert (care.distribution, care.mean, care.cv) == ("gamma", 2.0, 0.8)


# --- 5. length of stay --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dist", "factor", "expected"),
    [
        ({"distribution": "exponential", "mean": 3.0}, 0.5, {"distribution": "exponential", "mean": 1.5}),
        (
            {"distribution": "lognormal", "mean": 5.5, "cv": 0.8},
            0.9,
            {"distribution": "lognormal", "mean": 4.95, "cv": 0.8},
        ),
        ({"distribution": "gamma", "mean": 22, "cv": 0.8}, 0.5, {"distribution": "gamma", "mean": 11, "cv": 0.8}),
        ({"distribution": "weibull", "mean": 10, "cv": 0.5}, 0.8, {"distribution": "weibull", "mean": 8, "cv": 0.5}),
        ({"distribution": "fixed", "value": 4}, 0.5, {"distribution": "fixed", "value": 2}),
        (
            {"distribution": "triangular", "min": 0.5, "mode": 2, "max": 6},
            0.5,
            {"distribution": "triangular", "min": 0.25, "mode": 1, "max": 3},
        ),
        (
            {"distribution": "empirical", "values": [1, 2, 3]},
            0.5,
            {"distribution": "empirical", "values": [0.5, 1, 1.5]},
        ),
        (
            {"distribution": "empirical", "cdf": [[0, 0], [4, 1]]},
            0.5,
            {"distribution": "empirical", "cdf": [[0, 0], [2, 1]]},
        ),
    ],
)
def test_every_family_of_stay_is_scaled(dist, factor, expected):
    got = scaled_distribution(dist, factor)
    assert got.keys() == expected.keys()
    for key, value in expected.items():
        exact = key in ("distribution", "cdf")  # (halving a cdf's days is exact; approx cannot nest)
        assert got[key] == (value if exact else pytest.approx(value))
    s = apply_changes(scenario([service("ward", 5, dist)], []), Changes(stay_factor={"ward": factor}))
    assert distribution_mean(s.service("ward").length_of_stay) == pytest.approx(
        factor * distribution_mean(scenario([service("ward", 5, dist)], []).service("ward").length_of_stay)
    )


def test_a_scaled_empirical_stay_keeps_its_cv_and_the_baseline_its_own():
    values = [1.0, 2.0, 7.0, 30.0]
    scaled = scaled_distribution({"distribution": "empirical", "values": values}, 0.9)["values"]
    cv = statistics.pstdev(values) / statistics.fmean(values)
    assert math.isclose(statistics.pstdev(scaled) / statistics.fmean(scaled), cv)
    v = apply_changes(BASE, Changes(stay_factor={"kad": 0.9, "hospital_medical": 0.9}))
    kad = v.service("kad").length_of_stay
    assert (kad.min, kad.mode, kad.max) == pytest.approx((0.45, 1.8, 5.4))
    assert v.service("hospital_medical").length_of_stay.mean == pytest.approx(4.95)
    assert BASE.service("kad").length_of_stay.max == 6


# --- plain data, validation, rebasing -------------------------------------------------------------

EVERY_LEVER = Changes(
    capacity={"short_term": 199},
    closure={"hospital_medical": Closure(27, 32, 14)},
    overflow={"hospital_medical": 8},
    hospital_first={"short_term": False, "rehab": True},
    transfer_days={"short_term": 3.0, "home_care": 0.25},
    stay_factor={"kad": 0.9},
)


def test_the_levers_round_trip_as_plain_data_and_old_data_still_reads():
    data = EVERY_LEVER.to_dict()
    assert data["closure"] == {"hospital_medical": {"weeks": [27, 32], "places": 14}}
    assert Changes.from_dict(data) == EVERY_LEVER
    plain = Changes(capacity={"kad": 25}).to_dict()
    assert set(plain) == {"capacity", "fte", "weekend_intake", "demand_factor"}  # what older versions wrote
    assert Changes.from_dict(plain) == Changes(capacity={"kad": 25})


@pytest.mark.parametrize(
    ("part", "value", "message"),
    [
        ("closure", {"x": {"weeks": [40, 30], "places": 3}}, "changes.closure.x.weeks"),
        ("closure", {"x": {"weeks": [27, 53], "places": 3}}, "changes.closure.x.weeks"),
        ("closure", {"x": {"weeks": [27, 30], "places": -1}}, "changes.closure.x.places"),
        ("closure", {"x": {"weeks": [27, 30]}}, "changes.closure.x must be"),
        ("overflow", {"x": 2.5}, "changes.overflow.x"),
        ("overflow", {"x": True}, "changes.overflow.x"),
        ("overflow", {"x": float("inf")}, "changes.overflow.x"),
        ("capacity", {"x": float("-inf")}, "changes.capacity.x"),
        ("closure", {"x": {"weeks": [float("inf"), 30], "places": 3}}, "changes.closure.x.weeks"),
        ("hospital_first", {"x": 1}, "changes.hospital_first.x"),
        ("transfer_days", {"x": -1}, "changes.transfer_days.x"),
        ("transfer_days", {"x": float("nan")}, "changes.transfer_days.x"),
        ("stay_factor", {"x": 0}, "changes.stay_factor.x"),
        ("stay_factor", {"x": "0.9"}, "changes.stay_factor.x"),
        ("stay_factor", ["x"], "changes.stay_factor must be a mapping"),
    ],
)
def test_bad_lever_data_names_its_field(part, value, message):
    with pytest.raises(ValueError, match=message.replace(".", r"\.")):
        Changes.from_dict({part: value})


def test_a_closure_that_breaks_the_scenario_is_a_scenario_error():
    """A yearly closure across a one-off period of the same calendar shares a day with it: refused, not merged."""
    rebuilt = BASE.with_service(
        "kad", capacity_calendar=[{"from": "2026-07-01", "to": "2026-07-31", "capacity": 10}]
    )  # a one-off period in July: not "the summer" (only yearly periods are), so it stays
    with pytest.raises(ScenarioError, match="share"):
        apply_changes(rebuilt, Changes(closure={"kad": Closure(28, 31, 5)}))


def test_levers_on_a_changed_scenario_are_rebased_onto_its_base():
    first = Changes(
        closure={"hospital_medical": Closure(27, 32, 14)},
        stay_factor={"kad": 0.9},
        hospital_first={"short_term": False},
    )
    start = apply_changes(BASE, first, name="Table 2")
    then = Changes(
        capacity={"hospital_medical": 80},
        overflow={"hospital_medical": 10},
        stay_factor={"kad": 0.9},
        transfer_days={"rehab": 1.0},
    )  # (the advisor's places on top of the studio's levers)
    both = rebased(start, then, BASE, first)
    assert both is not None
    assert both.stay_factor == {"kad": pytest.approx(0.81)}  # scaled twice: the product
    assert both.closure == first.closure and both.overflow == {"hospital_medical": 10}
    assert both.hospital_first == {"short_term": False} and both.transfer_days == {"rehab": 1.0}
    assert _periods(apply_changes(BASE, both), "hospital_medical")[0][2] == 80 - 14  # the closure moves with the places
    assert apply_changes(BASE, both).to_dict() == apply_changes(start, then).to_dict() | {"name": BASE.name}
    assert rebased(BASE, then, BASE, first) is None


def test_untouched_lever_controls_are_no_change():
    start = defaults(BASE)
    assert changed_from(BASE, {}, {}, {}, 1.0, **lever_values(BASE, start)).is_empty()  # type: ignore[arg-type]
    values = controls_for(BASE, EVERY_LEVER)
    assert values is not None
    capacity = {s.id: values[f"capacity:{s.id}"] for s in BASE.services}
    got = changed_from(BASE, capacity, {}, {}, 1.0, **lever_values(BASE, values))  # type: ignore[arg-type]
    assert got == EVERY_LEVER


_SIDS = st.sampled_from(["a", "b", "short_term"])
_CHANGES = st.builds(
    Changes,
    capacity=st.dictionaries(_SIDS, st.integers(0, 10_000), max_size=2),
    fte=st.dictionaries(_SIDS, st.floats(0, 5000, allow_nan=False), max_size=2),
    weekend_intake=st.dictionaries(_SIDS, st.booleans(), max_size=2),
    demand_factor=st.floats(0.01, 10, allow_nan=False),
    closure=st.dictionaries(
        _SIDS,
        st.tuples(st.integers(1, 52), st.integers(1, 52), st.integers(0, 500)).map(
            lambda w: Closure(min(w[0], w[1]), max(w[0], w[1]), w[2])
        ),
        max_size=2,
    ),
    overflow=st.dictionaries(_SIDS, st.integers(0, 100), max_size=2),
    hospital_first=st.dictionaries(_SIDS, st.booleans(), max_size=2),
    transfer_days=st.dictionaries(_SIDS, st.floats(0, 365, allow_nan=False), max_size=2),
    stay_factor=st.dictionaries(_SIDS, st.floats(0.1, 10, allow_nan=False), max_size=2),
)


@given(_CHANGES)
def test_any_changes_round_trip_as_plain_data(changes):
    import json

    assert Changes.from_dict(json.loads(json.dumps(changes.to_dict()))) == changes


# --- links and the library ----------------------------------------------------------------------


def test_a_link_reproduces_every_lever():
    values = controls_for(BASE, EVERY_LEVER)
    params = link_params(values, defaults(BASE))
    assert params == {
        "capacity:short_term": "199",
        "summer_weeks:hospital_medical": "27-32",
        "summer_places:hospital_medical": "14",
        "corridor:hospital_medical": "8",
        "hospital_first:short_term": "0",
        "hospital_first:rehab": "1",
        "transfer:short_term": "3",
        "transfer:home_care": "0.25",
        "stay:kad": "-10",
    }
    parsed, notes = parse_link(params, BASE)
    assert notes == [] and {**defaults(BASE), **parsed} == values


@pytest.mark.parametrize(
    ("key", "value", "expected", "note"),
    [
        ("summer_weeks:hospital_medical", "32-27", (27, 32), "clamped"),  # put in order
        ("summer_weeks:hospital_medical", "0-60", (1, 52), "clamped"),
        ("summer_weeks:hospital_medical", "27–32", (27, 32), None),  # an en dash, as people type it
        ("summer_weeks:hospital_medical", "summer", None, "not_weeks"),
        ("summer_weeks:home_care", "27-32", None, "unknown"),  # home care has no beds to close
        ("summer_places:hospital_medical", "1e9", 76, "clamped"),  # at most all of its places
        ("corridor:kad", "3", None, "unknown"),  # corridor places are the hospital's
        ("corridor:hospital_medical", "-4", 0, "clamped"),
        ("hospital_first:long_term", "1", None, "unknown"),  # no hospital sends patients there
        ("hospital_first:rehab", "kanskje", None, "not_yes_no"),
        ("transfer:short_term", "inf", None, "not_a_number"),
        ("transfer:short_term", "2,5", 2.5, None),  # a decimal comma
        ("transfer:kad", "2", None, "unknown"),
        ("stay:kad", "-7", -5, "clamped"),  # the control moves in steps of 5 %
        ("stay:kad", "-90", -50, "clamped"),
    ],
)
def test_hostile_lever_values_in_a_link_are_clamped_or_ignored(key, value, expected, note):
    values, notes = parse_link({key: value}, BASE)
    assert values.get(key) == expected
    assert notes == ([] if note is None else [(key, value, note)])


def test_the_library_keeps_every_lever(tmp_path):
    lib = Library(tmp_path / "lib.db", facilitator_key="f" * 16)
    entry = lib.save_changes(BASE, EVERY_LEVER, "Summer plan", "Table 1", "Why not", owner_key="k" * 16)
    saved = lib.saved(entry)
    assert saved.changes == EVERY_LEVER
    assert saved.scenario.content_hash() == apply_changes(BASE, EVERY_LEVER, name="Summer plan").content_hash()
    start = opened_start(saved)
    assert start.note is None and start.values == controls_for(BASE, EVERY_LEVER)  # opens as its levers


# --- the studio: each lever moves a key figure the expected way -----------------------------------


def _delta(at, label: str) -> str:
    return next(m.delta for m in at.metric if shown(m.label) == label)


def _direction(delta: str) -> str:
    """ "+" or "-": a clear change's sign, or for "no clear difference (a to b)" the sign of its middle (the mean)."""
    if delta[:1] in "+-":
        return delta[:1]
    numbers = [
        float(x.replace("\u2212", "-").replace(",", "")) for x in re.findall(r"[+\u2212-]?[\d,]+(?:\.\d+)?", delta)
    ]
    assert len(numbers) == 2, delta
    return "+" if sum(numbers) > 0 else "-"


def test_each_lever_moves_a_key_figure_in_the_studio(tmp_path, monkeypatch):
    """A hostile link gives notes; each lever set through its widget, as in the room, moves a key figure (a clear
    rise starts with "+", a clear fall with "-") and is in the address; a library scenario opens with its levers."""
    monkeypatch.setenv("HARMONI_DB", str(tmp_path / "library.db"))
    labels = {f.kpi: f.label("en") for f in headline_figures(BASE)}
    od, corridor = labels["overliggedogn"], labels["corridor_days"]
    at = AppTest.from_file(APP, default_timeout=180)
    hostile = {"summer_weeks:hospital_medical": "summer", "corridor:kad": "3", "stay:kad": "-90", "transfer:kad": "1"}
    at.query_params.update({"lang": "en", **hostile})
    at.run()
    at.switch_page("pages/views/scenario.py").run()
    assert not at.exception, at.exception
    assert len(at.warning) == 4 and at.session_state["stay:kad"] == -50  # four notes; -90 % clamped to -50 %
    cases = [  # (lever, widget, key, value, figure, sign)
        ("corridor", "number_input", "corridor:hospital_medical", 20, corridor, "+"),
        ("summer", "number_input", "summer_places:hospital_medical", 30, corridor, "+"),
        ("stay", "slider", "stay:hospital_medical", -30, corridor, "-"),
        ("first", "toggle", "hospital_first:short_term", False, od, "+"),
        ("transfer", "select_slider", "transfer:short_term", 5.0, od, "+"),
    ]
    for group, widget, key, value, label, sign in cases:
        at.button(key="scenario:reset").click().run()
        at.pills(key="levers:group").set_value(group).run()
        if group == "stay":
            at.selectbox(key="levers:stay_service").set_value("hospital_medical").run()
        getattr(at, widget)(key=key).set_value(value).run()
        assert not at.exception, at.exception
        # the address reproduces it, and only it (the reset took the one before away)
        assert {k: v for k, v in at.query_params.items() if k != "lang"} == link_params({key: value}, {})
        delta = _delta(at, label)
        # "hospital patients first" moves waits between patients more than it adds them: its rise in
        # overliggedøgn is not always clear with 6 replications, so for it the estimate's sign is checked
        assert (delta[:1] if group != "first" else _direction(delta)) == sign, (group, label, delta)
        assert any(c.value.startswith("In use:") for c in at.caption)
    entry = Library().save_changes(BASE, EVERY_LEVER, "Summer plan", "Table 1", "")
    at.session_state["scenario:open"] = entry  # as the library panel's "Open" does
    at.run()
    assert not at.exception, at.exception
    now = at.session_state["scenario:current"]
    assert now.to_dict() == apply_changes(BASE, EVERY_LEVER, name="Summer plan").to_dict()
    assert {k: v for k, v in at.query_params.items() if k != "lang"} == {"open": str(entry)}  # its levers: its start


def test_the_compare_page_says_what_each_scenario_changed(tmp_path, monkeypatch):
    """A scenario saved as its levers on the baseline is described in its card, in bokmål (no English ids)."""
    monkeypatch.setenv("HARMONI_DB", str(tmp_path / "library.db"))
    lib = Library()
    plan = Changes(closure={"hospital_medical": Closure(27, 32, 14)}, stay_factor={"kad": 0.9})
    entry = lib.save_changes(BASE, plan, "Sommerplan", "Bord 2", "Hva om sommeren blir hard?")
    plain = lib.save(apply_changes(BASE, Changes(overflow={"hospital_medical": 8})), "Uten grunnlag", "", "")
    assert lib.changes(entry) is not None and lib.changes(plain) is None  # saved as a whole: nothing recorded
    at = open_page("compare", "nb")
    at.multiselect(key="compare:pick").set_value([entry, plain]).run()
    assert not at.exception, at.exception
    described = [c.value for c in at.caption if c.value.startswith("Endret:")]
    # the report's own lines (harmoni_model.scenario.differences), also for a scenario saved as a whole
    assert described == [
        "Endret: St. Olavs, medisinske/geriatriske senger: i perioden 6.7.2026–2.8.2026 hvert år: 70 plasser "
        "(periode fjernet); St. Olavs, medisinske/geriatriske senger: i perioden 29.6.2026–9.8.2026 hvert år: "
        "62 plasser (ny periode); KAD/ØHD, Øya helsehus: liggetid snitt (døgn) 2,8 → 2,6 (−10\xa0%).",
        "Endret: St. Olavs, medisinske/geriatriske senger: korridorplasser (ekstraplasser) 4 → 8 (+4).",
    ]


def test_every_lever_is_described_in_both_languages():
    from pages.ui.i18n import STRINGS
    from pages.ui.studio_data import describe_changes

    def t(lang):
        return lambda key, **v: STRINGS[lang][key].format(**v)

    levers = Changes(
        closure={"hospital_medical": Closure(27, 32, 14), "short_term": Closure(28, 31, 0)},
        overflow={"hospital_medical": 8, "hospital_ortho": 0},
        hospital_first={"short_term": False, "rehab": True},
        transfer_days={"short_term": 2.5, "home_care": 0.25},
        stay_factor={"kad": 0.9, "rehab": 1.15},
    )
    med, ortho, kad = (
        "St. Olavs, medisinske/geriatriske senger",
        "St. Olavs, ortopediske senger",
        "KAD/ØHD, Øya helsehus",
    )
    st_nb, rehab, care = "Korttidsopphold, helsehus", "Trondheim rehabiliteringssenter", "Hjemmetjenester"
    assert describe_changes(BASE, levers, t("nb"), "nb") == ", ".join(
        [
            f"14 plasser stengt i uke 27–32 på {med}",
            f"ingen sommerstenging på {st_nb}",
            f"8 korridorplasser på {med}",
            f"ingen korridorplasser på {ortho}",
            f"ikke sykehuspasienter først på {st_nb}",
            f"sykehuspasienter først på {rehab}",
            f"2,5 døgn fra utskrivningsklar til {st_nb}",
            f"0,25 døgn fra utskrivningsklar til {care}",
            f"liggetid −10 % på {kad}",
            f"liggetid +15 % på {rehab}",
        ]
    )
    english = describe_changes(BASE, levers, t("en"), "en")
    assert english.startswith("14 places closed in weeks 27–32 at St. Olavs, medical/geriatric beds, no summer closure")
    assert "0.25 days from ready for discharge to Home care" in english and "length of stay +15 % at" in english


def test_places_are_counted_in_words_that_agree_with_the_number():
    from pages.ui.i18n import STRINGS
    from pages.ui.studio_data import describe_changes

    def t(lang):
        return lambda key, **v: STRINGS[lang][key].format(**v)

    med = BASE.service("hospital_medical")
    long_term = BASE.service("long_term")
    one = Changes(capacity={med.id: med.capacity + 1, long_term.id: long_term.capacity - 1})
    nb, en = describe_changes(BASE, one, t("nb"), "nb"), describe_changes(BASE, one, t("en"), "en")
    assert nb.startswith("1 plass til på St. Olavs") and "1 plass færre på Langtidsplass" in nb, nb
    assert en.startswith("1 more place at St. Olavs") and "1 fewer place at Long-term" in en, en
    many = Changes(capacity={long_term.id: long_term.capacity + 1200})
    assert describe_changes(BASE, many, t("nb"), "nb").startswith("1\u00a0200 flere plasser")  # grouped digits
    assert describe_changes(BASE, many, t("en"), "en").startswith("1,200 more places")


def test_the_advisor_says_what_the_studios_scenario_changed():
    """Started from the studio's scenario, the advisor names its changes, the levers included (a small scenario)."""
    small = load_scenario(ROOT / "sample_data" / "scenarios" / "example_small.yaml").variant(horizon_days=120)
    changes = Changes(overflow={"hospital": 3}, stay_factor={"short_term": 0.8})
    studio = {"scenario:current": apply_changes(small, changes, name="Mine *"), "advisor:base": "current"}
    at = open_page("advisor", "en", **studio, **{"scenario:current_made_of": (small, changes)})
    assert [c.value for c in at.caption if c.value.startswith("The studio")] == [
        "The studio's scenario: 3 corridor places at Hospital, medical, length of stay −20 % at Short-term stay."
    ]

"""The presenter's controls: which services sit beside the tiles, and the quick steps (pages/ui/quick_steps.py)."""

from __future__ import annotations

from harmoni_model import load_scenario
from harmoni_model.results.headline import busiest
from pages.ui.quick_steps import (
    LAST_CHANGED,
    field_step,
    focus_services,
    quick_steps,
    slide_control,
    slider_range,
    slider_value,
    step_control,
    step_label,
)
from pages.ui.share_links import defaults

BASELINE = load_scenario("sample_data/scenarios/trondheim_baseline.yaml")


def test_steps_follow_the_size_of_the_service():
    assert quick_steps(76) == (-10, -5, 5, 10)
    assert quick_steps(1350) == (-100, -50, 50, 100)  # nursing homes: tens of places are the unit of debate
    assert (field_step(76), field_step(1350)) == (1, 10)
    assert (step_label(5, "nb"), step_label(-10, "nb")) == ("+5", "\u221210")  # a real minus sign


def test_a_large_service_gets_a_slider_over_todays_places_plus_minus_a_quarter():
    assert slider_range(76) is None and slider_range(299) is None  # small services: the field and the steps
    assert slider_range(1350) == (1010, 1690)  # 1 350 x 0.75 = 1 012.5 and x 1.25 = 1 687.5, in tens
    assert slider_range(300) == (220, 380)
    assert slider_value(1347, (1010, 1690)) == 1350  # the field holds any value; the slider the nearest ten
    assert slider_value(2400, (1010, 1690)) == 1690 and slider_value(0, (1010, 1690)) == 1010
    session = {"capacity:long_term": 1350, "scenario:slider:long_term": 1420}
    slide_control(session, "capacity:long_term", "scenario:slider:long_term")
    assert session["capacity:long_term"] == 1420 and session[LAST_CHANGED] == "capacity:long_term"


def test_a_step_stays_in_the_range_and_is_remembered():
    session = {"capacity:kad": 20}
    step_control(session, "capacity:kad", -50, 0, 70)
    assert session == {"capacity:kad": 0, LAST_CHANGED: "capacity:kad"}
    step_control(session, "capacity:kad", 100, 0, 70)
    assert session["capacity:kad"] == 70


def test_the_column_holds_the_busiest_of_each_side_until_something_changes():
    start = defaults(BASELINE)
    session = dict(start)
    hospital, municipality = busiest(BASELINE, "hospital"), busiest(BASELINE, "municipality")
    assert set(focus_services(BASELINE, start, session)) == {hospital, municipality}
    session["capacity:short_term"] = 199  # a change: it goes in, with the busiest of the other side
    session[LAST_CHANGED] = "capacity:short_term"
    assert set(focus_services(BASELINE, start, session)) == {"short_term", hospital}
    session["weekend:rehab"] = True  # two changes on the municipality's side: both, nothing else
    session[LAST_CHANGED] = "weekend:rehab"
    assert set(focus_services(BASELINE, start, session)) == {"short_term", "rehab"}
    ids = focus_services(BASELINE, start, session)
    assert list(ids) == [s for s in BASELINE.service_ids if s in ids]  # in the scenario's order

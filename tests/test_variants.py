"""Workshop changes make validated copies and leave the original as it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from harmoni_model import ScenarioError, load_scenario
from harmoni_model.scenario.changes import Changes, admits_on_weekends, apply_changes, changed_from

BASELINE = Path(__file__).resolve().parents[1] / "sample_data" / "scenarios" / "trondheim_baseline.yaml"


@pytest.fixture(scope="module")
def base():
    return load_scenario(BASELINE)


def test_changes_make_a_new_scenario(base):
    before = base.to_dict()
    v = apply_changes(
        base,
        Changes(capacity={"short_term": 199}, fte={"home_care": 650}, weekend_intake={"short_term": True}),
        name="More beds",
    )
    assert base.to_dict() == before
    assert v.service("short_term").capacity == 199
    assert v.service("home_care").staffing.fte == 650
    assert admits_on_weekends(v, "short_term") and not admits_on_weekends(base, "short_term")
    assert v.name == "More beds"


EXAMPLE = BASELINE.parent / "example_small.yaml"  # a scenario that starts from counts, not patient by patient


def test_halving_a_capacity_clips_the_initial_occupancy():
    small = load_scenario(EXAMPLE)
    hospital = small.service("hospital")
    v = apply_changes(small, Changes(capacity={"hospital": hospital.initial_occupancy // 2}))
    assert v.service("hospital").initial_occupancy == hospital.initial_occupancy // 2


def test_patients_given_one_by_one_keep_their_places_when_places_are_cut(base):
    """With initial_state the patients stay; the closed places close as they leave (as a calendar's do)."""
    v = apply_changes(base, Changes(capacity={"hospital_medical": 36}))
    assert v.initial_counts("hospital_medical") == base.initial_counts("hospital_medical")
    assert v.service("hospital_medical").initial_occupancy == 0


def test_demand_factor_scales_every_stream(base):
    v = apply_changes(base, Changes(demand_factor=1.2))
    for a, b in zip(v.arrivals, base.arrivals, strict=True):
        assert a.rate_per_day == pytest.approx(1.2 * b.rate_per_day)


def test_only_real_differences_count(base):
    capacity = {s.id: s.capacity for s in base.services}
    unchanged = changed_from(base, capacity, {"home_care": 620.0}, {"short_term": False}, 1.0)
    assert unchanged.is_empty()
    capacity["kad"] = 25
    assert changed_from(base, capacity, {}, {}, 1.0).capacity == {"kad": 25}


def test_invalid_changes_are_reported(base):
    with pytest.raises(ScenarioError, match="capacity"):
        apply_changes(base, Changes(capacity={"kad": -1}))
    with pytest.raises(KeyError):
        apply_changes(base, Changes(capacity={"nowhere": 3}))
    with pytest.raises(KeyError, match="staffing"):
        apply_changes(base, Changes(fte={"kad": 3}))


def test_changes_on_a_changed_scenario_are_rebased_onto_its_base(base):
    from harmoni_model.scenario.changes import rebased

    first = Changes(capacity={"kad": 30}, weekend_intake={"short_term": True})
    start = apply_changes(base, first, name="Table 3")
    then = Changes(capacity={"short_term": 210}, fte={"home_care": 650.0})
    both = rebased(start, then, base, first)
    assert both == Changes(capacity={"kad": 30, "short_term": 210}, fte={"home_care": 650.0},
                           weekend_intake={"short_term": True})  # fmt: skip
    assert apply_changes(base, both).to_dict() == apply_changes(start, then).to_dict() | {"name": base.name}
    assert rebased(base, then, base, first) is None  # `start` is not `first` on `base`
    # places cut below today's occupancy clip it (a scenario of counts); adding them back does not restore it:
    # not one set of changes
    small = load_scenario(EXAMPLE)
    hospital = small.service("hospital")
    cut = Changes(capacity={"hospital": hospital.initial_occupancy - 10})
    back = Changes(capacity={"hospital": hospital.capacity})
    assert rebased(apply_changes(small, cut), back, small, cut) is None


def test_a_capacity_change_moves_the_calendar_with_it(base):
    """'10 fewer beds' holds in the summer closure too: the periods move by the same amount (never below 0)."""
    medical = base.service("hospital_medical")
    summer = [p.capacity for p in medical.capacity_calendar]
    cut = apply_changes(base, Changes(capacity={"hospital_medical": medical.capacity - 10}))
    assert [p.capacity for p in cut.service("hospital_medical").capacity_calendar] == [c - 10 for c in summer]
    gone = apply_changes(base, Changes(capacity={"hospital_medical": 0}))
    assert [p.capacity for p in gone.service("hospital_medical").capacity_calendar] == [0] * len(summer)
    care = base.service("home_care")
    fewer = apply_changes(base, Changes(fte={"home_care": care.staffing.fte - 20}))
    assert [p.fte for p in fewer.service("home_care").staffing_calendar] == [p.fte - 20 for p in care.staffing_calendar]
    assert base.service("hospital_medical").capacity_calendar[0].capacity == summer[0]  # never mutated

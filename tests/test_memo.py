"""Values kept per scenario object (harmoni_model/scenario/memo.py): by identity, bounded, never stale."""

from __future__ import annotations

from plain_scenarios import ROOT

from harmoni_model import load_scenario
from harmoni_model.scenario import memo
from harmoni_model.scenario.memo import per_scenario


def test_a_value_is_computed_once_per_scenario_object_and_the_oldest_go_first(monkeypatch):
    monkeypatch.setattr(memo, "MAX_KEPT", 2)
    calls: list[str] = []

    @per_scenario
    def name_of(s):
        calls.append(s.name)
        return s.name

    base = load_scenario(ROOT / "sample_data" / "scenarios" / "trondheim_baseline.yaml")
    a, b, c = base.variant(name="a"), base.variant(name="b"), base.variant(name="c")
    assert [name_of(a), name_of(a), name_of(b), name_of(a)] == ["a", "a", "b", "a"]
    assert calls == ["a", "b"]  # the second and fourth call of a ran nothing
    name_of(c)  # three objects, two kept: b (the least recently used) goes
    name_of(b)
    assert calls == ["a", "b", "c", "b"]
    equal = base.variant(name="a")  # an equal but other object is computed again (identity, not equality)
    name_of(equal)
    assert calls[-1] == "a"

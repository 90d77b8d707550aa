"""The capacity advisor page: small real searches (one target, one lever, a narrow range) in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest
from apptest_pages import open_page, shown

from harmoni_model import ScenarioError, load_scenario
from harmoni_model.planning.levers import load_spec, validate_spec
from harmoni_model.results.costs import LINES, PARTIES, line_label, party_label
from harmoni_model.scenario.changes import Changes, apply_changes
from harmoni_model.workshop.library import Library
from pages.ui import advisor_form as adv
from pages.ui.i18n import LANGUAGES, STRINGS

ROOT = Path(__file__).resolve().parents[1]
BASELINE = load_scenario(ROOT / "sample_data" / "scenarios" / "trondheim_baseline.yaml")
SMALL = load_scenario(ROOT / "sample_data" / "scenarios" / "example_small.yaml")  # a hospital without corridor beds
ST_WAIT, MED_BLOCKED = "short_term:mean_wait_days", "hospital_medical:capacity_blocked_days"
ST_PLACES, HC_FTE = "short_term:capacity", "home_care:staffing.fte"
LT_WAIT, LT_PLACES = "long_term:mean_wait_days", "long_term:capacity"


def _t(lang: str):
    return lambda key, **values: STRINGS[lang][key].format(**values)


def _target_label(key: str, lang: str) -> str:
    return next(c for c in adv.target_choices(BASELINE) if c.key == key).label(lang)


@pytest.fixture
def library(tmp_path, monkeypatch) -> Library:
    monkeypatch.setenv("HARMONI_DB", str(tmp_path / "library.db"))
    return Library()


def _narrow(at, wait: float = 1.0, places: tuple[int, int] = (205, 215)):
    """Only the short-term wait target and the short-term places lever, in a narrow range; then run."""
    at.checkbox(key=f"advisor:target_on:{MED_BLOCKED}").uncheck()
    at.checkbox(key=f"advisor:target_on:{LT_WAIT}").uncheck()
    at.select_slider(key=f"advisor:target_max:{ST_WAIT}").set_value(wait)
    at.checkbox(key=f"advisor:lever_on:{LT_PLACES}").uncheck()
    at.slider(key=f"advisor:lever_range:{ST_PLACES}").set_value(places)
    at.button(key="advisor:run").click().run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_page_opens_with_the_form_and_runs_nothing(lang):
    at = open_page("advisor", lang)
    s = STRINGS[lang]
    assert at.title[0].value == s["nav.advisor"]
    assert at.info[0].value == s["advisor.pick"]
    assert at.checkbox(key=f"advisor:target_on:{MED_BLOCKED}").value
    assert at.checkbox(key=f"advisor:target_on:{ST_WAIT}").value
    assert not at.checkbox(key="advisor:target_on:long_term:mean_queue").value
    assert at.checkbox(key=f"advisor:lever_on:{ST_PLACES}").value
    assert at.checkbox(key=f"advisor:lever_on:{LT_PLACES}").value
    assert not at.checkbox(key="advisor:lever_on:hospital_medical:capacity").value
    assert not at.checkbox(key=f"advisor:lever_on:{HC_FTE}").value
    # no cuts unless ticked: from today's 179 to + 30 %; 1 350 nursing-home places to at most 60 more
    assert not at.checkbox(key="advisor:allow_cuts").value
    assert at.slider(key=f"advisor:lever_range:{ST_PLACES}").value == (179, 233)
    assert at.slider(key=f"advisor:lever_range:{ST_PLACES}").min == 179
    assert at.slider(key=f"advisor:lever_range:{LT_PLACES}").value == (1350, 1410)
    assert at.selectbox(key="advisor:base").value == "trondheim_baseline.yaml"
    captions = " ".join(c.value for c in at.caption)
    assert s["advisor.today"].split(":")[0] in captions  # today's value next to each target
    assert not at.get("vega_lite_chart")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_narrow_search_gives_a_suggestion_with_tiles_tables_and_the_curve(lang):
    at = _narrow(open_page("advisor", lang))
    s = STRINGS[lang]
    [sentence] = at.success
    assert sentence.value.startswith(s["advisor.suggestion"].split("{")[0])
    unit = adv.lever_unit(BASELINE, adv.LeverChoice("short_term", "capacity", True), _t(lang), lang)
    assert unit in shown(sentence.value)
    parties = [s["costs.tile"].format(party=party_label(p, lang)) for p in PARTIES]
    assert [shown(m.label) for m in at.metric] == parties  # who pays, by organisation
    pays = at.dataframe[0].value
    assert list(pays.iloc[:, 0]) == [line_label(p, i, lang) for p, i in LINES]
    targets = at.dataframe[1].value
    assert list(targets[s["advisor.col.target"]]) == [_target_label(ST_WAIT, lang)]
    assert list(targets[s["advisor.col.met"]]) == [s["advisor.met.yes"]]
    today = targets[s["advisor.col.today"]].iloc[0]  # the form says the same "today" as the suggestion's table
    assert any(c.value == s["advisor.today"].format(value=today) for c in at.caption), today
    assert at.get("vega_lite_chart")
    assert any(e.label == s["advisor.how"] for e in at.expander)
    pilot = s["advisor.step.today_misses"].split("{")[0]  # the search's own steps, in the page's language
    assert any(pilot.replace(" ", "") in m.value.replace("\\", "").replace(" ", "") for m in at.markdown)


def test_allow_cuts_opens_the_ranges_below_today():
    at = open_page("advisor", "en")
    at.checkbox(key="advisor:allow_cuts").check().run()
    assert not at.exception, at.exception
    places = at.slider(key=f"advisor:lever_range:{ST_PLACES}:cuts")
    assert places.value == (152, 233) and places.min == 0  # 179 - 15 % ... + 30 %
    assert at.slider(key=f"advisor:lever_range:{LT_PLACES}:cuts").value == (1148, 1410)


def test_a_stopped_search_shows_its_best_so_far_and_can_search_on():
    """What the page shows after "Stopp" (the browser test clicks it during a real search)."""
    from harmoni_model.planning.advisor import advise

    at = open_page("advisor", "nb")
    spec = validate_spec(
        {"targets": [{"service": "short_term", "kpi": "mean_wait_days", "max": 1.0}],
         "levers": [{"service": "short_term", "field": "capacity", "min": 205, "max": 215}]}, BASELINE,
    )  # fmt: skip
    req = adv.request(BASELINE, spec)
    calls = []
    stopped = advise(BASELINE, spec, adv.LocalExecutor(2), adv.search_stages(BASELINE), store=adv.replication_store(),
                     on_progress=calls.append, cancelled=lambda: len(calls) >= 3)  # fmt: skip
    assert stopped.stopped
    adv._answers()[1][req] = stopped  # as run_advice keeps it when the page's search is stopped
    at.session_state["advisor:request"] = req
    at.session_state["advisor:stopped"] = req
    at.run()
    assert not at.exception, at.exception
    s = STRINGS["nb"]
    [warning] = at.warning
    assert s["advisor.stopped"] in warning.value and s["advisor.stopped.unconfirmed"].split(":")[0] in warning.value
    assert s["advisor.col.so_far"] in at.dataframe[0].value.columns
    assert not at.success and "advisor:open" not in [b.key for b in at.button]  # nothing to open yet
    at.button(key="advisor:resume").click().run()  # search on: it finishes, reusing what the stopped one ran
    assert not at.exception, at.exception
    assert at.success and "advisor:stopped" not in at.session_state
    advice = adv.finished_advice(req)
    assert advice is not None and advice.reused >= stopped.simulations


def test_presenter_mode_folds_the_form_and_shows_large_tiles():
    at = _narrow(open_page("advisor", "nb", presenter=True))
    assert at.success and not at.metric  # the tiles are large type, not st.metric
    assert any("Kommunen betaler" in h.proto.body for h in at.get("html"))
    assert at.get("vega_lite_chart")


def test_targets_out_of_reach_say_so_and_show_the_closest():
    at = _narrow(open_page("advisor", "en"), wait=0.0, places=(179, 182))
    s = STRINGS["en"]
    assert not at.success
    [warning] = at.warning
    assert s["advisor.infeasible"] in warning.value
    assert s["advisor.infeasible.unreachable"] in warning.value
    assert "Closest: +3 places at Short-term stays, helsehus" in shown(warning.value)
    assert "the bound is 0.0" in warning.value
    assert list(at.dataframe[0].value[s["advisor.col.met"]]) == [s["advisor.met.no"]]
    assert s["advisor.col.closest"] in at.dataframe[0].value.columns
    assert "advisor:open" not in [b.key for b in at.button]  # nothing to open


def test_a_budget_too_small_says_so():
    at = open_page("advisor", "en")
    at.number_input(key="advisor:budget").set_value(10.0)  # 26 more places cost 28.6 million
    _narrow(at)
    [warning] = at.warning
    assert STRINGS["en"]["advisor.infeasible.budget"] in warning.value
    assert "the budget is 10.0" in warning.value


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_lever_or_no_target_is_a_clear_message(lang):
    at = open_page("advisor", lang)
    for c in at.checkbox:
        c.uncheck()
    at.button(key="advisor:run").click().run()
    assert not at.exception, at.exception
    [error] = at.error
    text = error.value.replace("\\", "")  # the problems are shown markdown-escaped
    s = STRINGS[lang]
    assert s["advisor.problems"] in text
    assert s["advisor.problem.no_targets"] in text and s["advisor.problem.no_levers"] in text
    assert not at.get("vega_lite_chart")


def test_a_bad_range_names_its_lever():
    """The page's range sliders cannot give min > max; the model's check still names the lever in words."""
    data = {"targets": [{"service": "short_term", "kpi": "mean_wait_days", "max": 1}],
            "levers": [{"service": "short_term", "field": "capacity", "min": 200, "max": 190}]}  # fmt: skip
    with pytest.raises(ScenarioError) as exc:
        validate_spec(data, BASELINE)
    texts = adv.problem_texts(exc.value.problems, ["Wait"], ["Short-term places"], lambda key, **_: key, "en")
    assert texts == ["Short-term places: max (190) is below min (200)"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_open_in_the_studio_saves_the_suggestion_and_opens_it(library, lang):
    at = _narrow(open_page("advisor", lang))
    s = STRINGS[lang]
    at.button(key="advisor:open").click().run()
    assert not at.exception, at.exception
    [entry] = library.list()
    assert entry.author == s["advisor.save.author"]
    assert entry.name.startswith(s["advisor.save.name"].split("{")[0])
    assert _target_label(ST_WAIT, lang) in entry.reason
    saved = library.saved(entry.id)
    places = saved.scenario.service("short_term").capacity
    assert 205 <= places <= 215
    assert saved.base == BASELINE and saved.changes.capacity == {"short_term": places}  # its changes on its base
    # the studio took the open key and opened the suggestion as its changes on the baseline
    assert at.title[0].value == s["nav.scenario"]
    assert "scenario:open" not in at.session_state
    assert at.session_state["scenario:base"] == "opened"
    assert at.number_input(key="capacity:short_term").value == places
    assert at.session_state["scenario:current"].name == entry.name
    assert any(m.delta for m in at.metric)  # compared with the baseline, not with itself


def test_the_scenario_open_in_the_studio_is_a_starting_point():
    studio = apply_changes(BASELINE, Changes(capacity={"short_term": 190}), name="Bord 3")
    at = open_page("advisor", "en", **{"scenario:current": studio})
    box = at.selectbox(key="advisor:base")
    assert any("Bord 3" in o for o in box.options)
    box.set_value("current").run()
    assert not at.exception, at.exception
    assert at.slider(key=f"advisor:lever_range:{ST_PLACES}").value == (190, 247)  # from 190, not 179


def test_a_second_search_waits_for_the_first_and_says_so(monkeypatch):
    monkeypatch.setattr(adv, "WAIT_SECONDS", 0.2)
    at = open_page("advisor", "en")
    gate = adv.search_gate()
    assert gate.acquire(blocking=False)  # another session's search is running
    try:
        _narrow(at)
    finally:
        gate.release()
    s = STRINGS["en"]
    assert s["advisor.busy_timeout"] in [w.value for w in at.warning]
    assert not at.success


# --- the pure helpers ------------------------------------------------------------------------------


def test_default_ranges_stay_within_the_studio_limits():
    for choice in adv.lever_choices(BASELINE):
        low, high = adv.lever_bounds(BASELINE, choice)
        lo, hi = adv.lever_default(BASELINE, choice)
        now = adv.lever_today(BASELINE, choice)
        assert low <= lo == now < hi <= high and hi <= now + adv.DEFAULT_MAX_UP, choice  # no cut by default
        assert adv.lever_bounds(BASELINE, choice, allow_cuts=False)[0] == now
        cut_lo, cut_hi = adv.lever_default(BASELINE, choice, allow_cuts=True)
        assert adv.lever_bounds(BASELINE, choice)[0] <= cut_lo < now and cut_hi == hi, choice
        assert adv.lever_unit_cost(BASELINE, choice) > 0


def test_the_spec_converts_percent_and_per_year_bounds():
    targets = {c.key: c for c in adv.target_choices(BASELINE)}
    levers = {c.key: c for c in adv.lever_choices(BASELINE)}
    data = adv.spec_data(
        BASELINE,
        [(targets["kad:share_diverted"], 2.0), (targets["system:overliggedogn"], 1000.0)],
        [(levers[HC_FTE], 600.0, 640.0)],
        budget_mnok=12.5,
    )
    spec = validate_spec(data, BASELINE)
    assert [t.max for t in spec.targets] == [pytest.approx(0.02), pytest.approx(1000.0)]
    assert spec.budget_nok == 12_500_000
    assert "budget_nok" not in adv.spec_data(BASELINE, [], [], 0.0)


def test_the_baselines_defaults_are_its_targets_file():
    """Ticked targets, their bounds and the ticked levers follow sample_data/advice/trondheim_targets.yaml."""
    spec = load_spec(ROOT / "sample_data" / "advice" / "trondheim_targets.yaml", BASELINE)
    assert adv.advice_defaults(BASELINE) == spec
    targets = adv.target_choices(BASELINE, defaults=spec)
    assert [(c.key, c.default) for c in targets if c.on] == [(MED_BLOCKED, 150.0), (ST_WAIT, 0.5), (LT_WAIT, 14.0)]
    assert [c.key for c in adv.lever_choices(BASELINE, spec) if c.on] == [ST_PLACES, LT_PLACES]
    for lever in spec.levers:  # the CLI's ranges are the form's: from today, + 30 % or at most 60 more
        choice = adv.LeverChoice(lever.service, lever.field, True)
        assert (lever.min, lever.max) == adv.lever_default(BASELINE, choice)
    offered = {c.key for c in targets}  # the headline figures of a service, and what blocks
    assert {"system:corridor_days", "kad:share_diverted", "hospital_ortho:mean_blocked"} <= offered
    assert "system:overliggedogn_cost_nok" not in offered  # the advisor minimises the payment already


def test_corridor_days_are_a_target_when_the_hospital_has_corridor_beds():
    """Overflow places on a hospital ward offer the system's corridor bed-days (a year) as a target."""
    assert "system:corridor_days" not in {c.key for c in adv.target_choices(SMALL)}  # no corridor beds
    corridors = BASELINE.with_service("hospital_medical", overflow={"places": 8})
    choice = next(c for c in adv.target_choices(corridors) if c.key == "system:corridor_days")
    assert (choice.label("nb"), choice.label("en")) == ("Korridordøgn i sykehuset per år",
                                                        "Hospital corridor bed-days a year")  # fmt: skip
    assert choice.info.unit_label("en") == "bed-days a year" and choice.info.unit_label("nb") == "døgn per år"
    assert not choice.on and choice.high > 0
    spec = validate_spec(adv.spec_data(corridors, [(choice, 365.0)], [], 0.0) | {"levers": [
        {"service": "short_term", "field": "capacity", "min": 179, "max": 200}]}, corridors)  # fmt: skip
    assert spec.targets[0].max == pytest.approx(365.0 / choice.scale(corridors))  # a total over the horizon


def test_another_scenario_gets_choices_from_its_structure():
    small = load_scenario(ROOT / "sample_data" / "scenarios" / "example_small.yaml")
    assert adv.advice_defaults(small) is None  # the Trondheim file names services it does not have
    targets = adv.target_choices(small)
    assert [c.key for c in targets if c.on] == ["nursing_home:mean_wait_days"]  # its busiest municipal service
    assert "hospital:mean_blocked" in {c.key for c in targets}
    assert adv.lever_choices(small) == []  # no cost per place: nothing to price
    priced = small.with_service("nursing_home", cost_per_place_nok=900_000).with_service(
        "short_term", cost_per_place_nok=1e6
    )
    levers = adv.lever_choices(priced)
    assert [(c.key, c.on) for c in levers] == [("nursing_home:capacity", True), ("short_term:capacity", False)]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_advisor_opens_on_a_scenario_with_other_ids(lang):
    small = load_scenario(ROOT / "sample_data" / "scenarios" / "example_small.yaml")
    at = open_page("advisor", lang, **{"scenario:current": small})
    at.selectbox(key="advisor:base").set_value("current").run()
    assert not at.exception, at.exception
    assert at.checkbox(key="advisor:target_on:nursing_home:mean_wait_days").value
    assert STRINGS[lang]["advisor.no_levers_in_scenario"] in [i.value for i in at.info]


def test_a_suggestion_for_the_studios_scenario_opens_on_the_studios_base(library):
    at = open_page("scenario", "en")
    at.number_input(key="capacity:kad").set_value(30).run()  # the studio: +10 KAD places on the baseline
    at.switch_page("pages/views/advisor.py").run()
    at.selectbox(key="advisor:base").set_value("current").run()
    at = _narrow(at)
    at.button(key="advisor:open").click().run()
    assert not at.exception, at.exception
    [entry] = library.list()
    saved = library.saved(entry.id)
    places = saved.scenario.service("short_term").capacity
    assert saved.base == BASELINE  # not the studio's scenario: its base, with both sets of changes
    assert saved.changes.capacity == {"kad": 30, "short_term": places}
    assert at.number_input(key="capacity:kad").value == 30
    assert at.number_input(key="capacity:short_term").value == places

"""The scenario studio: controls change the scenario, the KPIs follow, and the sentence says what happened."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from apptest_pages import open_page, shown
from streamlit.testing.v1 import AppTest

from harmoni_model import load_scenario, run_replications
from harmoni_model.results.comparison import compare
from harmoni_model.results.estimates import Estimate
from harmoni_model.results.headline import Figure, headline_figures
from harmoni_model.scenario.changes import Changes, apply_changes
from pages.ui.cached_runs import daily_bands
from pages.ui.i18n import STRINGS
from pages.ui.studio_data import describe_changes, queue_moved, significant, summary_sentence, tile_texts

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "sample_data" / "scenarios" / "trondheim_baseline.yaml"
BASELINE_SCENARIO = load_scenario(BASELINE)


def scenario_page(lang: str = "nb") -> AppTest:
    return open_page("scenario", lang)


def tiles(at: AppTest) -> dict[str, str]:
    return {shown(m.label): m.value for m in at.metric}


def test_controls_are_keyed_by_service_id():
    at = scenario_page()
    base = load_scenario(BASELINE)
    for s in base.services:
        assert at.number_input(key=f"capacity:{s.id}").value == s.capacity
    assert at.number_input(key="staffing:home_care").value == 620.0


def test_halving_a_capacity_changes_the_kpis():
    at = scenario_page()
    before = tiles(at)
    assert not any(m.delta for m in at.metric)  # no change yet: no deltas
    at.number_input(key="capacity:hospital_medical").set_value(38).run()
    assert not at.exception
    after = tiles(at)
    corridor = next(f for f in headline_figures(load_scenario(BASELINE)) if f.kpi == "corridor_days").label("nb")
    assert after[corridor] != before[corridor]
    assert any(m.delta for m in at.metric)
    assert "38 færre plasser" in at.info[0].value
    assert at.session_state["scenario:current"].service("hospital_medical").capacity == 38


def test_reset_and_starting_point():
    at = scenario_page("en")
    at.number_input(key="capacity:short_term").set_value(199).run()
    at.button(key="scenario:reset").click().run()
    assert at.number_input(key="capacity:short_term").value == 179
    at.selectbox(key="scenario:base").select("short_term_plus20.yaml").run()
    assert not at.exception
    assert at.number_input(key="capacity:short_term").value == 199


def test_weekend_intake_and_demand_controls():
    at = scenario_page()
    at.checkbox(key="weekend:short_term").check().run()
    at.slider(key="demand").set_value(10).run()
    assert not at.exception
    current = at.session_state["scenario:current"]
    assert "sat" in current.service("short_term").admission_days
    assert "helgene" in at.info[0].value and "+10 %" in at.info[0].value


def test_the_answer_grows_until_settled_and_a_busy_server_says_so(monkeypatch):
    """A change is answered with more replications until its figures settle; others' load shortens the budget."""
    from harmoni_model.results import precision
    from pages.ui import cached_runs as simulation

    monkeypatch.setattr(precision, "BUDGET_SECONDS", 60.0)  # a loaded test machine must not stop it early
    monkeypatch.setattr(precision, "TARGET_REPLICATIONS", 60)  # the app's own target (conftest lowers it)
    at = scenario_page("en")
    assert any(c.value.startswith("Today (30 runs)") for c in at.caption)  # today from 30: the change pairs
    at.number_input(key="capacity:short_term").set_value(199).run(timeout=120)
    assert not at.exception
    badge = [m.value for m in at.markdown if "-badge[" in m.value]
    assert len(badge) == 1 and ("Firm answer" in badge[0] or "Unclear after n = " in badge[0]), badge
    n = [c.value for c in at.caption if c.value.startswith("n = ")]
    assert len(set(n)) == 1 and int(n[0][4:]) >= 8  # every tile shows the same n, more than the first batch
    monkeypatch.setattr(simulation, "others_simulating", lambda: 50)  # as if fifty others were simulating
    at.number_input(key="capacity:short_term").set_value(150).run(timeout=120)
    assert not at.exception
    badge = [m.value for m in at.markdown if "-badge[" in m.value]
    assert len(badge) == 1 and "Preliminary answer (n = " in badge[0], badge
    assert "also simulating for 50 others" in badge[0] and "(1.2 s)" in badge[0], badge  # 60 s / 51
    assert not at.warning  # a preliminary answer is not an error


# --- pure helpers ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def pair():
    base = load_scenario(BASELINE).variant(horizon_days=120)
    variant = apply_changes(base, Changes(capacity={"short_term": 230}))
    return base, variant, run_replications(base, 4, workers=2), run_replications(variant, 4, workers=2)


def _t(lang):
    return lambda key, **v: STRINGS[lang][key].format(**v)


def test_summary_sentence_names_the_change_and_its_effect(pair):
    base, _, rb, rv = pair
    changes = Changes(capacity={"short_term": 230})
    described = describe_changes(base, changes, _t("en"), "en")
    assert shown(described) == "51 more places at Short-term stays, helsehus"  # markdown: the label escaped
    diff = compare(rv, rb)
    figures = headline_figures(base)
    text = summary_sentence(figures, base, rb.estimates(), rv.estimates(), diff, described, _t("en"), "en")
    assert text.startswith(described + ": ")
    text = shown(text)
    od = diff["system"]["overliggedogn"]
    first = "delayed-discharge bed-days a year"  # the first headline figure, in the sentence
    if significant(od):
        assert f"{first} {'falls' if od.mean < 0 else 'rises'} from " in text
    else:
        assert f"{first} does not change clearly" in text
    assert text.count(";") <= 2  # the first figure and at most two more
    assert summary_sentence(figures, base, {}, {}, {}, "", _t("nb"), "nb") == STRINGS["nb"]["scenario.sentence.none"]


def _estimate(mean: float, half_width: float) -> Estimate:
    return Estimate(mean, mean - half_width, mean + half_width, 6)


def test_summary_sentence_speaks_plain_words_with_units():
    """Only clear changes are named, with their units; an unclear first figure says so."""
    base = load_scenario(ROOT / "sample_data" / "scenarios" / "example_small.yaml")
    figures = headline_figures(base)[:4]  # overliggedøgn, payment, the hospital's wait, the long-term wait
    levels = [_estimate(100.0, 9.0), _estimate(3e6, 1e5), _estimate(10.0, 1.0), _estimate(10.0, 1.0)]
    levels = dict(zip(figures, levels, strict=True))
    changes = {figures[0]: _estimate(5.0, 8.0), figures[1]: _estimate(-2e6, 1e5), figures[2]: _estimate(0.0, 0.0),
               figures[3]: _estimate(-4.0, 1.0)}  # fmt: skip

    def nested(values):
        out: dict = {}
        for f, e in values.items():
            out.setdefault(f.scope, {})[f.kpi] = e
        return out

    now = {f: Estimate(levels[f].mean + changes[f].mean, 0, 0, 6) for f in figures}
    text = summary_sentence(figures, base, nested(levels), nested(now), nested(changes), "X", _t("en"), "en")
    assert base.horizon_days == 365  # totals a year are the totals of the run
    assert shown(text) == (  # markdown: the figures' labels come escaped
        "X: delayed-discharge bed-days a year does not change clearly; "
        "delayed-discharge payment falls from 3.0 to 1.0 MNOK; "
        "wait: Long-term place falls from 10.0 to 6.0 days."
    )


def test_a_tile_shows_a_change_only_when_its_interval_excludes_zero():
    base = load_scenario(BASELINE)
    by_kpi = {f.kpi: f for f in headline_figures(base)}
    wait, t = by_kpi["mean_wait_days"], _t("en")
    level = _estimate(2.0, 0.5)
    assert tile_texts(wait, level, _estimate(0.0, 0.0), base, False, t, "en") == ("2.0", "", None)  # no changes
    assert tile_texts(wait, level, _estimate(-0.8, 0.3), base, True, t, "en") == ("2.0", "−0.8 (−1.1 to −0.5)", True)
    assert tile_texts(wait, level, _estimate(0.8, 0.3), base, True, t, "en")[2] is False
    unclear = tile_texts(wait, level, _estimate(0.5, 1.5), base, True, t, "en")
    assert unclear == ("2.0", "no clear difference (−1.0 to +2.0)", None)
    occupancy = Figure("short_term", "utilisation", "Occupancy", "Occupancy")  # no direction: never coloured
    assert tile_texts(occupancy, _estimate(0.9, 0.01), _estimate(0.05, 0.01), base, True, t, "en")[2] is None


def test_queue_moved_has_both_runs_for_every_service(pair):
    base, _, rb, rv = pair
    frame = queue_moved(rb, rv, {s.id: s.id for s in base.services}, {"hospital": "H", "municipality": "M"}, ("b", "v"))
    assert len(frame) == 2 * 2 * len(base.services)
    assert (frame["days"] >= 0).all()


@pytest.mark.parametrize("view", ["time", "moved", "pays"])
def test_every_view_renders(view):
    at = scenario_page("en")
    at.number_input(key="capacity:short_term").set_value(199).run()
    at.segmented_control(key="scenario:view").set_value(view).run()
    assert not at.exception
    if view == "pays":
        table = at.table[0].value
        assert len(table) == 7 and table.iloc[0, 0] == "Municipality pays: places and staff"
        assert [shown(m.label) for m in at.metric][-3:] == [
            "Municipality pays (MNOK a year)", "Hospital pays (MNOK a year)",
            "Whole system (MNOK a year)",
        ]  # fmt: skip
    else:
        assert at.get("vega_lite_chart")


def test_presenter_mode_hides_the_controls_and_enlarges_the_tiles():
    at = open_page("scenario", "nb", presenter=True)
    assert not at.metric  # large html tiles instead
    assert len(at.get("html")) >= 6
    assert not at.sidebar.number_input  # the controls moved out of the sidebar, into an expander
    assert at.number_input(key="capacity:short_term").value == 179


def test_the_slider_of_a_large_service_and_its_field_move_together_on_the_projector():
    at = open_page("scenario", "nb", presenter=True)
    large = [s for s in BASELINE_SCENARIO.services if s.capacity >= 300]
    keys = {w.key for w in at.slider}
    shown_sliders = [s.id for s in large if f"scenario:slider:{s.id}" in keys]
    assert shown_sliders, f"no large service's slider in the presenter's column: {keys}"
    sid = shown_sliders[0]
    slider, field = at.slider(key=f"scenario:slider:{sid}"), at.number_input(key=f"capacity:{sid}")
    today = BASELINE_SCENARIO.service(sid).capacity
    assert slider.value == 10 * round(today / 10) and field.value == today
    slider.set_value(10 * round(today / 10) + 60).run()
    assert not at.exception
    assert at.number_input(key=f"capacity:{sid}").value == 10 * round(today / 10) + 60
    at.number_input(key=f"capacity:{sid}").set_value(today - 7).run()  # the field moves: the slider follows
    assert at.slider(key=f"scenario:slider:{sid}").value == 10 * round((today - 7) / 10)
    assert at.number_input(key=f"capacity:{sid}").value == today - 7  # the field keeps its exact value


def _upload(at: AppTest, name: str, data: bytes) -> AppTest:
    at.file_uploader(key="scenario:upload").set_value((name, data, "application/x-yaml")).run()
    assert not at.exception
    return at


def test_uploading_a_scenario_starts_from_it():
    data = (ROOT / "sample_data" / "scenarios" / "example_small.yaml").read_bytes()
    at = _upload(scenario_page(), "small.yaml", data)
    assert at.selectbox(key="scenario:base").value == "uploaded"
    assert at.number_input(key="capacity:hospital").value == 40
    assert not at.error


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"schema_version: 1\nname: [broken\n", "line"),
        (b"schema_version: 1\nname: x\nhorizon_days: 10\nservices: []\ncapasity: 3\n", "capasity"),
        (b"x" * 300_000, "200"),
        (b"\xff\xfe\x00", "UTF-8"),
    ],
    ids=["broken YAML", "unknown key", "too large", "not text"],
)
def test_a_bad_upload_gives_a_clear_message_and_keeps_the_scenario(data, words):
    at = _upload(scenario_page("en"), "bad.yaml", data)
    assert any(words in e.value for e in at.error), [e.value for e in at.error]
    assert at.selectbox(key="scenario:base").value == "trondheim_baseline.yaml"


_SMALL = (ROOT / "sample_data" / "scenarios" / "example_small.yaml").read_text()


@pytest.mark.parametrize(
    ("data", "nb", "en"),
    [
        (
            b"schema_version: 1\nname: [broken\n",
            "bad.yaml: ikke gyldig YAML/JSON på linje 3, kolonne 1: forventet ',' eller ']'",
            "bad.yaml: not valid YAML/JSON at line 3, column 1: expected ',' or ']'",
        ),
        (
            _SMALL.replace("capacity: 40", "capacity: -3").encode(),
            "services[0].capacity: må være >= 0 (fikk -3)",
            "services[0].capacity: must be >= 0 (got -3)",
        ),
    ],
    ids=["broken YAML", "negative capacity"],
)
def test_a_bad_upload_reads_in_the_pages_language(data, nb, en):
    for lang, words, other in (("nb", nb, en), ("en", en, nb)):
        at = _upload(scenario_page(lang), "bad.yaml", data)
        errors = [shown(e.value) for e in at.error]
        assert any(words in e for e in errors), (lang, errors)
        assert not any(other in e or "på engelsk" in e for e in errors), (lang, errors)
        assert at.selectbox(key="scenario:base").value == "trondheim_baseline.yaml"


def test_an_uploaded_scenario_is_trimmed_to_the_apps_bounds():
    from harmoni_model import dumps_scenario

    big = load_scenario(BASELINE).variant(replications=500, horizon_days=2000)
    at = _upload(scenario_page("en"), "big.yaml", dumps_scenario(big).encode())
    assert at.session_state["scenario:current"].replications == 12
    assert any("replications" in w.value for w in at.warning)


def test_daily_bands_agree_with_a_pandas_groupby(pair):
    _, _, rb, _ = pair
    bands = daily_bands(rb)
    measures = ["occupancy", "queue", "blocked", "capacity"]  # the places each day too (the calendar)
    long = rb.daily().melt(id_vars=["service", "date"], value_vars=measures, var_name="m")
    g = long.groupby(["service", "m", "date"])["value"]
    expected = pd.DataFrame({"mean": g.mean(), "low": g.quantile(0.1), "high": g.quantile(0.9)})
    assert len(bands) == len(rb.scenario.services) * 4
    for (service, measure), frame in bands.items():
        want = expected.loc[(service, measure)].reset_index()
        assert len(frame) == 120
        assert (frame["date"].to_numpy() == want["date"].to_numpy()).all()
        for col in ("mean", "low", "high"):
            assert np.allclose(frame[col], want[col]), (service, measure, col)
    assert (bands["short_term", "occupancy"]["high"] >= bands["short_term", "occupancy"]["low"]).all()
    assert bands["short_term", "occupancy"]["mean"].max() > 0

"""The studio's headroom and occupancy-in-words views (AppTest), and the phrases, hand-computed."""

from __future__ import annotations

import pytest
from apptest_pages import open_page, shown
from networks import single_queue

from harmoni_model import run_replications
from harmoni_model.planning.headroom import HeadroomLever, find_headroom
from harmoni_model.results.estimates import Estimate
from harmoni_model.scenario.changes import Changes, apply_changes
from pages.ui.headroom_view import curve_chart, curve_frame, nice_bound, statement
from pages.ui.i18n import STRINGS
from pages.ui.occupancy_words import (
    days_full_text,
    days_words,
    found_full_text,
    occupancy_frame,
    one_in,
    time_full_text,
    time_word,
)


def _t(lang):
    return lambda key, **v: STRINGS[lang][key].format(**v)


# --- the phrases -----------------------------------------------------------------------------------


def test_zero_reads_almost_never_in_both_languages():
    zero = Estimate(0.0, 0.0, 0.0, 6)
    assert time_full_text(zero, _t("nb"), "nb") == "nesten aldri: 0,0\u00a0% av tiden"  # no width: no interval
    assert time_full_text(zero, _t("en"), "en") == "almost never: 0.0% of the time"
    assert found_full_text(zero, _t("nb"), "nb").startswith("nesten aldri")
    assert days_full_text(zero, _t("en"), "en") == "almost never: 0 a year"


@pytest.mark.parametrize(
    ("share", "nb", "en"),
    [(0.001, "nesten aldri", "almost never"), (0.03, "sjelden", "rarely"), (0.15, "av og til", "sometimes"),
     (0.3, "ofte", "often"), (0.7, "som regel", "most of the time"), (0.95, "nesten alltid", "almost always")],
)  # fmt: skip
def test_time_words(share, nb, en):
    assert time_word(share, _t("nb")) == nb and time_word(share, _t("en")) == en


def test_one_in_n_is_rounded_as_said():
    assert one_in(1 / 0.145) == 7  # 6.9
    assert one_in(1 / 0.037) == 27  # 27.03
    assert one_in(1 / 0.0012) == 830  # 833.3: two significant figures
    assert one_in(1 / 0.0004) == 2500


def test_found_full_text_states_the_interval():
    e = Estimate(0.145, 0.13, 0.16, 6)
    assert found_full_text(e, _t("nb"), "nb") == "1 av 7 pasienter: 14\u00a0% (13–16\u00a0%)"
    assert found_full_text(e, _t("en"), "en") == "1 in 7 patients: 14% (13–16%)"
    # a Student-t interval of a small share reaches below 0: it is clipped, the share cannot
    assert found_full_text(Estimate(0.0012, -0.0003, 0.003, 6), _t("en"), "en") == "1 in 830 patients: 0.1% (0.0–0.3%)"
    assert found_full_text(Estimate(0.77, 0.7, 0.84, 6), _t("en"), "en").startswith("8 in 10 patients")
    assert found_full_text(Estimate(0.0004, 0.0, 0.001, 6), _t("en"), "en").startswith("fewer than 1 in 1,000")


def test_days_at_capacity_as_a_rhythm():
    en = _t("en")
    assert days_words(365, en) == "every day"
    assert days_words(287, en) == "about 6 days a week"  # 287 / 52.1 = 5.5
    assert days_words(71, en) == "about one day a week"
    assert days_words(20, en) == "about 2 days a month"
    assert days_words(1.2, en) == "about one day a year"
    assert days_full_text(Estimate(71.2, 52, 90.4, 6), _t("nb"), "nb") == "omtrent én dag i uka: 71 per år (52–90)"


def test_nice_bound_is_a_quarter_above_today():
    assert nice_bound(3280) == 4100  # 4 100 exactly
    assert nice_bound(0.59) == pytest.approx(0.74)
    assert nice_bound(0) == 1.0


# --- the views in the studio -----------------------------------------------------------------------


def test_occupancy_view_in_words():
    at = open_page("scenario", "nb")
    at.number_input(key="capacity:short_term").set_value(150).run()
    at.segmented_control(key="scenario:view").set_value("occupancy").run()
    assert not at.exception
    table = at.table[0].value
    assert len(table) == 7  # one row per service
    text = " ".join(map(str, table.to_numpy().ravel()))
    assert "nesten aldri" in text  # home care is never full
    assert "→" in text  # short-term stays changed: today → scenario
    assert not any(STRINGS["en"][f"headroom.occ.word.{i}"] in text for i in range(6))


def test_occupancy_frame_today_to_scenario_in_english():
    ward = single_queue(4, 2.0, {"distribution": "exponential", "mean": 1.0}, horizon_days=200, replications=3)
    fewer = apply_changes(ward, Changes(capacity={"ward": 2}))
    base_res, res = run_replications(ward, workers=1), run_replications(fewer, workers=1)
    frame = occupancy_frame(ward, base_res, res, _t("en"), "en")
    assert list(frame.columns) == ["Service", "Finds it full", "Found no free place", "Days at capacity"]
    assert frame.iloc[0, 0] == "ward" and all(" → " in cell for cell in frame.iloc[0, 1:])
    same = occupancy_frame(ward, base_res, base_res, _t("en"), "en")
    assert " → " not in " ".join(same.iloc[0, 1:])  # no change: today's words alone


def test_headroom_view_computes_and_keeps_its_answer():
    at = open_page("scenario", "en")
    at.segmented_control(key="scenario:view").set_value("headroom").run()
    assert not at.exception
    # the default is the municipality's target: a nursing-home place within 42 days
    assert at.selectbox(key="headroom:scope").value == "long_term"
    assert at.selectbox(key="headroom:kpi").value == "mean_wait_days"
    assert at.select_slider(key="headroom:bound").value == 42
    assert any("within six weeks" in c.value for c in at.caption)
    assert not at.get("vega_lite_chart")  # nothing is computed before the button
    at.button(key="headroom:compute").click().run(timeout=180)
    assert not at.exception
    # today and twice today's demand: the wait stays under 42 days (the hospital holds the flow back)
    answer = shown(at.info[-1].value)
    assert "Wait (days, mean) – Long-term nursing-home place** stays under 42 days" in answer, answer
    assert "over the whole range searched" in answer
    assert at.session_state["headroom:result"][1].status == "holds"
    assert at.get("vega_lite_chart")
    # another view and back: the question and its answer are kept
    at.segmented_control(key="scenario:view").set_value("time").run()
    at.segmented_control(key="scenario:view").set_value("headroom").run()
    assert "over the whole range searched" in shown(at.info[-1].value)
    # a new bound is a new question: no answer until it is computed
    at.select_slider(key="headroom:bound").set_value(20.0).run()
    assert not at.get("vega_lite_chart")


def test_headroom_view_in_bokmal_says_a_broken_bound_so():
    at = open_page("scenario", "nb")
    at.segmented_control(key="scenario:view").set_value("headroom").run()
    at.selectbox(key="headroom:scope").set_value("system").run()
    at.selectbox(key="headroom:kpi").set_value("overliggedogn").run()
    assert at.select_slider(key="headroom:bound").value == 4100  # a quarter above today, rounded
    at.select_slider(key="headroom:bound").set_value(1000.0).run()
    at.radio(key="headroom:lever").set_value("capacity").run()
    at.selectbox(key="headroom:lever_service").set_value("kad").run()
    assert not at.exception
    at.button(key="headroom:compute").click().run(timeout=120)  # today only: the studio's own run
    assert not at.exception
    warning = shown(at.warning[-1].value)
    assert "allerede over 1\u00a0000 døgn per år i dag" in warning, warning
    assert at.session_state["headroom:result"][1].lever.key == "capacity:kad"


# --- the answer in words and as a curve, on a breaking point found for real ------------------------


@pytest.fixture(scope="module")
def breaking():
    ward = single_queue(4, 2.0, {"distribution": "exponential", "mean": 1.0}, horizon_days=300, warmup_days=20,
                        replications=3)  # fmt: skip
    return ward, find_headroom(ward, "ward", "mean_wait_days", 0.5, HeadroomLever("demand"), limit=1.9, workers=1)


def test_statement_of_a_breaking_point(breaking):
    ward, h = breaking
    assert h.status == "breaks"
    growth = round(100 * (h.meets_up_to - 1))
    en = statement(h, ward, _t("en"), "en")
    assert en.startswith("**Wait (days, mean) – ward** stays under 0.5 days until demand has grown by ")
    assert f"**+{growth}%**" in en and "95 % CI" in en
    nb = statement(h, ward, _t("nb"), "nb")
    assert f"**+{growth}\u00a0%**" in nb and "etterspørselen har økt" in nb
    fewer = find_headroom(ward, "ward", "mean_wait_days", 0.5, HeadroomLever("capacity", "ward"), workers=1)
    text = statement(fewer, ward, _t("nb"), "nb")
    assert fewer.status == "broken_today" or "plasser** ved ward" in text, text


def test_curve_marks_today_the_bound_and_the_breaking_point(breaking):
    ward, h = breaking
    frame = curve_frame(h)
    assert list(frame["x"]) == [100 * p.x for p in h.points]  # demand in % of today
    assert (frame["low"] >= 0).all() and (frame["low"] <= frame["mean"]).all()
    spec = curve_chart(h, ward, _t("en"), "en", 360).to_dict()
    texts = [layer["data"] for layer in spec["layer"] if layer["mark"]["type"] == "text"]
    assert len(spec["layer"]) == 8  # band, line; the bound, today and the breaking point, each a rule and a label
    assert texts and all(isinstance(d, dict) for d in texts)

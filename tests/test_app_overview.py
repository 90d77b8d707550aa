"""The overview page (samhandlingsdashbord): AppTest of the page, unit tests of its pure helpers."""

from __future__ import annotations

import datetime as dt
import io
import math
from functools import cache

import pandas as pd
import pytest
from apptest_pages import open_page, shown
from streamlit.testing.v1 import AppTest

from harmoni_model.data.history import validate_history
from harmoni_model.data.indicators import INDICATORS, weekly_from_daily
from harmoni_model.extracts.levels import daily_levels
from harmoni_model.extracts.stays import read_extract, services_of
from harmoni_model.results.formatting import fmt_number
from harmoni_model.scenario.files import load_scenario
from pages.ui import dashboard_data as od
from pages.ui import extract_data as ed
from pages.ui.dashboard_goals import GOALS, goal_for
from pages.ui.i18n import LANGUAGES, STRINGS

UPLOAD = "overview:upload"
SAMPLE_INDICATORS = [i for i in INDICATORS if i != "readmissions_30d_pct"]  # stays do not follow readmissions


def open_overview(lang: str = "nb") -> AppTest:
    return open_page("overview", lang)


def tiles(at: AppTest) -> dict[str, tuple[str, str]]:
    """Metric label -> (value, delta)."""
    return {m.label: (m.value, m.proto.delta) for m in at.metric}


def labels(lang: str, organisation: str = "both") -> set[str]:
    return {
        INDICATORS[i].label(lang) for i in SAMPLE_INDICATORS if organisation in ("both", INDICATORS[i].organisation)
    }


def texts(elements) -> str:
    """The text of the elements, without Markdown escapes."""
    return "\n".join(shown(e.value) for e in elements)


@cache
def sample_extract():
    baseline = load_scenario(ed.BASELINE)
    return read_extract(ed.SAMPLE_STAYS, ed.SAMPLE_UNTIL, capacity=ed.SAMPLE_CAPACITY, services=services_of(baseline))


@cache
def sample_weekly() -> pd.DataFrame:
    """The sample's weekly indicators computed here, by the model's one definition (not by the page's helper)."""
    extract = sample_extract()
    kinds = {sid: (s.organisation, s.kind) for sid, s in extract.services.items()}
    weekly = weekly_from_daily(daily_levels(extract), extract.origin, kinds)
    return weekly[weekly["week"] >= pd.Timestamp("2023-01-02")].assign(source="SYNTHETIC: stays_synthetic.csv")


def weekly_upload(years: tuple[int, ...] = (2024, 2025), factor: float = 3.0) -> bytes:
    """A weekly KPI file: the sample's overliggedogn and KAD occupancy, with a non-synthetic source, scaled."""
    df = sample_weekly()
    df = df[df["indicator"].isin(["overliggedogn", "kad_occupancy_pct"]) & df["week"].dt.year.isin(years)].copy()
    pct = df["indicator"] == "kad_occupancy_pct"
    df["value"] = (df["value"] * factor).round(2)
    df.loc[pct, "value"] = df.loc[pct, "value"].clip(upper=150)  # a share stays within the upload bounds
    df["source"] = "Helseplattformen extract 2026-01-05 (test)"
    df["week"] = df["week"].dt.strftime("%Y-%m-%d")
    buffer = io.StringIO()
    df[["week", "indicator", "value", "source"]].to_csv(buffer, index=False)
    return buffer.getvalue().encode("utf-8")


STAYS_HEADER = "patient_id,service,referred,admitted,ready,left,next\n"


def tiny_extract(blocked: int = 3) -> bytes:
    """`blocked` patients discharge-ready in the medical ward for all of two weeks, and 20 home-care clients."""
    rows = [f"b{k},hospital_medical,,2025-01-01,2025-01-03,," for k in range(blocked)]
    rows += [f"h{k:02d},home_care,,2024-06-01,,," for k in range(20)]
    return (STAYS_HEADER + "\n".join(rows) + "\n").encode("utf-8")


# --- the page ----------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_sample_extract_loads_with_its_synthetic_label(lang):
    at = open_overview(lang)
    assert at.title[0].value == STRINGS[lang]["nav.overview"]
    assert set(tiles(at)) == labels(lang)
    # 2025 against the same weeks of 2024: every tile has a change (a number, or "0" when unchanged)
    assert all(delta for _, delta in tiles(at).values()), tiles(at)
    assert STRINGS[lang]["overview.synthetic"] in texts(at.warning)
    word = STRINGS[lang]["overview.synthetic_label"]
    data_line = next(c for c in texts(at.caption).splitlines() if c.startswith("Data:"))
    assert "stays_synthetic.csv" in data_line and f"({word})" in data_line
    stays = fmt_number(int(sample_extract().stays["admitted"].notna().sum()), 0, lang)
    assert stays in data_line and "156" in data_line  # "computed from N stays", 156 weeks
    chart_titles = [m.value for m in at.markdown if m.value.endswith(f"· **{word}**")]
    assert len(chart_titles) == 4  # every chart says it
    assert not at.error and not at.info  # the sample has capacities: no "occupancy left out"
    assert at.toggle(key="overview:small").value is False  # the synthetic sample: small counts shown


def test_weekly_values_on_the_page_are_the_models_definition_of_the_sample():
    at = open_overview("en")
    at.selectbox(key="overview:period").set_value(od.ALL).run()
    at.multiselect(key="overview:charts:both:en").set_value(SAMPLE_INDICATORS).run()
    at.segmented_control(key="overview:view").set_value("table").run()
    assert not at.exception
    table = at.dataframe[0].value
    expected = sample_weekly()
    assert len(table) == expected["week"].nunique() == 156
    for ind_id in SAMPLE_INDICATORS:
        ind = INDICATORS[ind_id]
        column = ind.label("en") + (" (%)" if ind.is_percentage else "")
        rows = expected[expected["indicator"] == ind_id].sort_values("week", ascending=False)
        assert table[column].tolist() == [fmt_number(v, ind.decimals, "en") for v in rows["value"]], ind_id
    # and a tile is the mean of those weeks
    at.selectbox(key="overview:period").set_value("year:2025").run()
    rows = expected[(expected["indicator"] == "overliggedogn") & (expected["week"].dt.year == 2025)]
    assert tiles(at)[INDICATORS["overliggedogn"].label("en")][0] == fmt_number(rows["value"].mean(), 0, "en")


def test_delta_colours_follow_the_direction_of_each_indicator():
    at = open_overview("en")
    by_label = {m.label: m for m in at.metric}
    from streamlit.proto.Metric_pb2 import Metric as MetricProto

    for ind_id in SAMPLE_INDICATORS:
        ind = INDICATORS[ind_id]
        metric = by_label[ind.label("en")]
        delta = metric.proto.delta
        if delta in ("", "0"):
            continue
        negative = delta.startswith("-")
        if ind.higher_is_better is None:
            expected = MetricProto.MetricColor.GRAY
        elif ind.higher_is_better != negative:
            expected = MetricProto.MetricColor.GREEN
        else:
            expected = MetricProto.MetricColor.RED
        assert metric.proto.color == expected, (ind.id, delta)


def test_organisation_filter_limits_the_tiles():
    at = open_overview("nb")
    at.segmented_control(key="overview:org").set_value("hospital").run()
    assert not at.exception
    assert set(tiles(at)) == labels("nb", "hospital")
    at.segmented_control(key="overview:org").set_value("municipality").run()
    assert set(tiles(at)) == labels("nb", "municipality")


def test_period_filter_changes_the_figures_and_a_first_year_has_no_change():
    at = open_overview("en")
    before = tiles(at)
    at.selectbox(key="overview:period").set_value("year:2024").run()
    assert not at.exception
    after = tiles(at)
    assert after != before
    assert "week 1 2024" in texts(at.caption)
    at.selectbox(key="overview:period").set_value("year:2023").run()
    assert all(delta == "" for _, delta in tiles(at).values())  # the extract's weeks begin in 2023
    assert STRINGS["en"]["overview.tile.no_last_year"] in texts(at.caption)


def test_custom_dates_choose_the_weeks():
    at = open_overview("nb")
    at.selectbox(key="overview:period").set_value("custom").run()
    assert not at.exception
    at.date_input(key="overview:dates").set_value((dt.date(2025, 3, 3), dt.date(2025, 3, 30))).run()
    assert not at.exception
    assert "uke 10 2025 – uke 13 2025" in texts(at.caption)
    expected = od.period_figure(sample_weekly(), "overliggedogn", dt.date(2025, 3, 3), dt.date(2025, 3, 30))
    value = tiles(at)[INDICATORS["overliggedogn"].label("nb")][0]
    assert value == fmt_number(expected.value, 0, "nb")


def test_charts_are_readable_on_a_projector_and_a_table_view_exists():
    at = open_overview("nb")
    charts = at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")
    assert len(charts) == 4
    import json

    spec = json.loads(charts[0].proto.spec)
    assert spec["config"]["axis"]["labelFontSize"] >= 14
    assert spec["config"]["axis"]["titleFontSize"] >= 16
    assert spec["config"]["locale"]["number"]["decimal"] == ","  # Norwegian numbers on the axes

    at.segmented_control(key="overview:view").set_value("table").run()
    assert not at.exception
    assert not (at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart"))
    table = at.dataframe[0].value
    assert len(table.columns) == 4
    assert table.index[0] == "22.12.2025"  # newest week first, Norwegian dates


def test_a_language_switch_keeps_the_chosen_charts_with_labels_in_the_new_language():
    at = open_overview("nb")
    at.multiselect(key="overview:charts:both:nb").set_value(["corridor_days", "overliggedogn"]).run()
    at.radio(key="lang_choice").set_value("en").run()
    assert not at.exception, at.exception
    picked = at.multiselect(key="overview:charts:both:en")
    assert picked.value == ["corridor_days", "overliggedogn"]
    assert INDICATORS["corridor_days"].label("en") in picked.options


def test_chosen_indicators_set_the_charts():
    at = open_overview("en")
    at.multiselect(key="overview:charts:both:en").set_value(["corridor_days"]).run()
    assert not at.exception
    charts = at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")
    assert len(charts) == 1


BROKEN_STAYS = (
    STAYS_HEADER
    + "a1,hospital_medical,,2025-01-03,2025-01-09,2025-01-02,exit\n"  # line 2: left before admitted
    + "a2,Kirurgi,,2025-01-03,,,\n"  # line 3: unknown service
    + "a3,hospital_medical,,03.01.2025,,,\n"  # line 4: not a date
)


@pytest.mark.parametrize(("lang", "where"), [("nb", "Linje {n}, kolonne «{c}»"), ("en", "Line {n}, column “{c}”")])
def test_a_broken_stays_file_lists_its_problems_with_lines_and_keeps_the_sample(lang, where):
    at = open_overview(lang)
    at.file_uploader(key=UPLOAD).set_value(("stays.csv", BROKEN_STAYS.encode(), "text/csv")).run()
    assert not at.exception, at.exception
    error = texts(at.error)
    assert "stays.csv" in error
    assert where.format(n=2, c="left") in error and {"nb": "er før admitted", "en": "is before admitted"}[lang] in error
    assert where.format(n=3, c="service") in error and "Kirurgi" in error
    assert where.format(n=4, c="admitted") in error and "03.01.2025" in error
    assert "Traceback" not in error
    assert set(tiles(at)) == labels(lang)  # the sample is still shown, with its label
    assert STRINGS[lang]["overview.synthetic"] in texts(at.warning)


def test_many_problems_list_the_first_25_and_count_the_rest():
    rows = "".join(f"p{k},hospital_medical,,2025-13-{k % 28 + 1:02d},,,\n" for k in range(40))
    at = open_overview("en")
    at.file_uploader(key=UPLOAD).set_value(("stays.csv", (STAYS_HEADER + rows).encode(), "text/csv")).run()
    assert not at.exception, at.exception
    error = texts(at.error)
    assert error.count("Line ") == 25 and "Line 26," in error and "Line 27," not in error
    assert "… and 15 more problems" in error


@pytest.mark.parametrize(
    ("lang", "where"),
    [("nb", "Linje 2, kolonne «week»"), ("en", "Line 2, column “week”")],
)
def test_a_broken_weekly_file_lists_its_problems_and_keeps_the_sample(lang, where):
    at = open_overview(lang)
    bad = b'week,indicator,value,source\n2025-01-08,overliggedogn,4,x\n2025-01-06,overliggedogn,"45,5",x\n'
    at.file_uploader(key=UPLOAD).set_value(("bad.csv", bad, "text/csv")).run()
    assert not at.exception, at.exception
    error = texts(at.error)
    assert "bad.csv" in error
    assert where in error
    assert {"nb": "onsdag", "en": "Wednesday"}[lang] in error
    assert "3" in error and "value" in error
    assert set(tiles(at)) == labels(lang)  # the sample is still shown
    assert STRINGS[lang]["overview.synthetic"] in texts(at.warning)


CONTENTS = [
    b"",
    b"PK\x03\x04binary",
    b"\xff\xfe\x00garbage",
    b"week;indicator;value;source\n",
    b"a,b\n1,2\n",
    b"patient_id;service;referred;admitted;ready;left;next\n",
    b"patient_id,service\nx,y\n",
    b'patient_id,service,referred,admitted,ready,left,next\n"unclosed,a,,2025-01-01,,,\n',
]


def test_any_bytes_give_a_message_not_a_traceback():
    at = open_overview("nb")
    for content in CONTENTS:  # one page for all (each open costs two seconds)
        at.file_uploader(key=UPLOAD).set_value(("x.csv", content, "text/csv")).run()
        assert not at.exception, (content, at.exception)
        assert at.error, content
        assert set(tiles(at)) == labels("nb"), content


def test_a_weekly_kpi_file_still_works_and_drops_the_synthetic_label():
    at = open_overview("nb")
    at.segmented_control(key="overview:org").set_value("municipality").run()
    at.file_uploader(key=UPLOAD).set_value(("extract.csv", weekly_upload(), "text/csv")).run()
    assert not at.exception, at.exception
    assert not at.error
    assert not at.warning  # no synthetic label
    assert "extract.csv" in texts(at.success)
    assert at.toggle(key="overview:small").value is True  # uploaded figures: small counts hidden by default
    # only the indicators in the file; the organisation choice still applies
    assert set(tiles(at)) == {INDICATORS["kad_occupancy_pct"].label("nb")}
    at.segmented_control(key="overview:org").set_value("both").run()
    assert set(tiles(at)) == {INDICATORS[i].label("nb") for i in ("overliggedogn", "kad_occupancy_pct")}
    period = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    sample_value = od.period_figure(sample_weekly(), "overliggedogn", *period)
    value = tiles(at)[INDICATORS["overliggedogn"].label("nb")][0]
    assert value == fmt_number(round(sample_value.value * 3, 2), 0, "nb")
    assert not any(h.value == STRINGS["nb"]["overview.backtest.title"] for h in at.header)  # stays only

    # a broken file after it: the previous data (this upload) stay shown
    at.file_uploader(key=UPLOAD).set_value(("bad.csv", b"week,indicator,value,source\nx,y,z,w\n", "text/csv")).run()
    assert not at.exception, at.exception
    assert "bad.csv" in texts(at.error)
    assert set(tiles(at)) == {INDICATORS[i].label("nb") for i in ("overliggedogn", "kad_occupancy_pct")}

    # removing the file brings the sample (and its label) back
    at.file_uploader(key=UPLOAD).set_value(None).run()
    assert set(tiles(at)) == labels("nb")
    assert STRINGS["nb"]["overview.synthetic"] in texts(at.warning)


def test_an_upload_with_other_years_resets_the_period():
    at = open_overview("en")
    at.selectbox(key="overview:period").set_value("year:2023").run()
    at.file_uploader(key=UPLOAD).set_value(("two_years.csv", weekly_upload((2024, 2025)), "text/csv")).run()
    assert not at.exception, at.exception
    assert at.selectbox(key="overview:period").value == "year:2025"
    assert all(delta for _, delta in tiles(at).values())


def test_small_counts_are_hidden_as_less_than_5_in_an_uploaded_extract():
    at = open_overview("en")
    at.file_uploader(key=UPLOAD).set_value(("tiny.csv", tiny_extract(3), "text/csv")).run()
    assert not at.exception, at.exception
    assert not at.error, texts(at.error)
    until = [d for d in at.date_input if str(d.key).startswith("overview:until:")]
    assert [d.value for d in until] == [dt.date(2025, 1, 4)]  # the day after the latest date
    until[0].set_value(dt.date(2025, 1, 20)).run()  # two whole weeks of 2025
    assert "tiny.csv" in texts(at.success)
    assert STRINGS["en"]["overview.no_capacity"] in texts(at.info)  # no capacity.csv: no occupancy
    assert not any("occupancy" in label.lower() for label in tiles(at))
    toggle = at.toggle(key="overview:small")
    assert toggle.value is True  # on by default for an uploaded extract
    assert "On** by default for uploaded data" in toggle.help
    blocked = INDICATORS["utskrivningsklare_per_day"].label("en")
    assert tiles(at)[blocked][0] == "<5"  # 3 discharge-ready patients a day
    assert tiles(at)[INDICATORS["overliggedogn"].label("en")][0] == "21"  # 21 bed-days: shown
    assert tiles(at)[INDICATORS["home_care_clients"].label("en")][0] == "20"
    at.segmented_control(key="overview:view").set_value("table").run()
    at.multiselect(key="overview:charts:both:en").set_value(["utskrivningsklare_per_day", "overliggedogn"]).run()
    table = at.dataframe[0].value
    assert table[blocked].tolist()[:2] == ["<5", "<5"]
    assert "weekly values under 5 are hidden" in texts(at.caption)

    toggle.set_value(False).run()
    assert tiles(at)[blocked][0] == "3.0"
    assert at.dataframe[0].value[blocked].tolist()[:2] == ["3.0", "3.0"]


def test_the_download_hides_small_counts_and_says_synthetic():
    weekly = pd.DataFrame(
        {
            "week": pd.to_datetime(["2025-01-06", "2025-01-06", "2025-01-13"]),
            "indicator": ["overliggedogn", "kad_occupancy_pct", "overliggedogn"],
            "value": [3.0, 41.25, 12.0],
            "n": [3.0, 2.0, 12.0],
            "source": "SYNTHETIC: stays_synthetic.csv",
        }
    )
    hidden = ed.download_csv(weekly, True).decode().splitlines()
    assert hidden[0] == "week,indicator,value,source"
    assert hidden[1:] == [
        "2025-01-06,overliggedogn,<5,SYNTHETIC: stays_synthetic.csv",
        "2025-01-06,kad_occupancy_pct,<5,SYNTHETIC: stays_synthetic.csv",  # a share of 2 patients
        "2025-01-13,overliggedogn,12.0,SYNTHETIC: stays_synthetic.csv",
    ]
    assert ed.download_csv(weekly, False).decode().splitlines()[1] == (
        "2025-01-06,overliggedogn,3.0,SYNTHETIC: stays_synthetic.csv"
    )
    formula = weekly.assign(source="=HYPERLINK(1)")
    assert "'=HYPERLINK(1)" in ed.download_csv(formula, False).decode()


def test_detect_format_and_the_default_end_date():
    assert ed.detect_format(b"\xef\xbb\xbfpatient_id,service,referred,admitted,ready,left,next\n") == ed.STAYS
    assert ed.detect_format(b"Service;Patient_ID;admitted\n") == ed.STAYS  # its reader explains the ';'
    assert ed.detect_format(b"week,indicator,value,source\n") == ed.WEEKLY
    assert ed.detect_format(b"") == ed.WEEKLY
    assert ed.default_until(b"a,2025-01-03T14:20,2025-02-30,2024-12-31\n") == dt.date(2025, 1, 4)
    assert ed.default_until(STAYS_HEADER.encode()) == dt.date.today()


def test_the_sample_is_one_definition_from_stays_to_weeks():
    data = ed.stays_data(sample_extract(), synthetic=True)
    expected = sample_weekly()
    assert data.first == dt.date(2023, 1, 2) and data.until == dt.date(2026, 1, 1)
    assert data.capacity and data.synthetic
    pd.testing.assert_frame_equal(
        data.weekly[["week", "indicator", "value", "n"]].reset_index(drop=True),
        expected[["week", "indicator", "value", "n"]].reset_index(drop=True),
    )
    assert data.weekly["source"].str.startswith("SYNTHETIC").all()
    assert od.is_synthetic(data.weekly)


# --- formatting ------------------------------------------------------------------------


def test_value_and_change_texts():
    pct, days = INDICATORS["hospital_occupancy_pct"], INDICATORS["overliggedogn"]
    assert od.value_text(85.26, pct, "nb") == "85,3\u00a0%"
    assert od.value_text(85.3, pct, "en") == "85.3%"
    assert od.value_text(1234, days, "nb") == "1\u00a0234 liggedøgn"
    assert od.value_text(1234, days, "en", unit=False) == "1,234"
    assert od.level_text(85.0, pct, "nb") == "85\u00a0%"
    assert od.level_text(21.7, pct, "en") == "21.7%"


def test_metric_delta_uses_an_ascii_sign_so_streamlit_colours_it_right():
    pct, days = INDICATORS["hospital_occupancy_pct"], INDICATORS["overliggedogn"]
    assert od.metric_delta(-2.4, days, "nb") == "-2"
    assert od.metric_delta(1234.0, days, "nb") == "+1\u00a0234"
    assert od.metric_delta(3.14, pct, "nb") == "+3,1 %-poeng"
    assert od.metric_delta(-0.94, pct, "en") == "-0.9 pp"
    assert od.metric_delta(0.04, pct, "nb") == 0  # rounds to zero: grey, no arrow
    assert od.metric_delta(None, pct, "nb") is None
    assert od.metric_delta(math.nan, pct, "nb") is None


def test_delta_colour_per_direction():
    assert od.delta_color(INDICATORS["overliggedogn"]) == "inverse"
    assert od.delta_color(INDICATORS["hospital_occupancy_pct"]) == "off"
    for ind in INDICATORS.values():
        expected = {True: "normal", False: "inverse", None: "off"}[ind.higher_is_better]
        assert od.delta_color(ind) == expected


def test_weeks_and_dates_as_readers_expect():
    assert od.week_text(dt.date(2025, 1, 6), "nb") == "uke 2 2025"
    assert od.week_text(dt.date(2024, 12, 30), "en") == "week 1 2025"  # ISO week-year
    assert od.date_text(dt.date(2025, 1, 6), "nb") == "06.01.2025"
    assert od.date_text(dt.date(2025, 1, 6), "en") == "6 Jan 2025"
    assert od.span_text(dt.date(2025, 1, 1), dt.date(2025, 12, 31), "nb") == (
        "uke 2 2025 – uke 1 2026 (06.01.2025–04.01.2026)"
    )


# --- periods and "same period last year" --------------------------------------------------


def history(rows: list[tuple[str, str, float]], source: str = "test") -> pd.DataFrame:
    text = "week,indicator,value,source\n" + "".join(f"{w},{i},{v},{source}\n" for w, i, v in rows)
    return validate_history(text)


def weekly(indicator: str, first: str, values: list[float]) -> list[tuple[str, str, float]]:
    start = dt.date.fromisoformat(first)
    return [((start + dt.timedelta(weeks=k)).isoformat(), indicator, v) for k, v in enumerate(values)]


def test_same_period_last_year_is_the_same_weeks_52_weeks_earlier():
    start, end = dt.date(2025, 1, 6), dt.date(2025, 12, 22)
    prev_start, prev_end = od.same_period_last_year(start, end)
    assert (prev_start, prev_end) == (dt.date(2024, 1, 8), dt.date(2024, 12, 23))
    assert prev_start.weekday() == 0 and prev_end.weekday() == 0
    assert prev_start.isocalendar().week == start.isocalendar().week
    assert prev_end.isocalendar().week == end.isocalendar().week


def test_summarise_compares_like_with_like():
    rows = weekly("overliggedogn", "2024-01-01", [10.0] * 52) + weekly("overliggedogn", "2024-12-30", [4.0] * 8)
    df = history(rows)
    # the first 8 weeks of 2025 against the first 8 weeks of 2024 (not against all of 2024)
    s = od.period_figure(df, "overliggedogn", dt.date(2024, 12, 30), dt.date(2025, 2, 17))
    assert (s.value, s.weeks, s.previous, s.previous_weeks) == (4.0, 8, 10.0, 8)
    assert s.change == -6.0


def test_summarise_without_enough_weeks_last_year_has_no_change():
    rows = weekly("kad_occupancy_pct", "2024-01-01", [40.0] * 2) + weekly("kad_occupancy_pct", "2024-12-30", [50.0] * 8)
    s = od.period_figure(history(rows), "kad_occupancy_pct", dt.date(2024, 12, 30), dt.date(2025, 2, 17))
    assert s.previous_weeks == 2
    assert s.previous is None and s.change is None
    empty = od.period_figure(history(rows), "overliggedogn", dt.date(2025, 1, 1), dt.date(2025, 2, 1))
    assert math.isnan(empty.value) and empty.weeks == 0 and empty.change is None


def test_period_options_and_bounds():
    df = sample_weekly()
    options = od.period_options(df)
    assert options[:3] == ["year:2025", "year:2024", "year:2023"]
    assert options[3:] == [od.LAST_13, od.LAST_52, od.ALL, od.CUSTOM]
    assert od.period_bounds("year:2024", df) == (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert od.period_bounds("year:2023", df) == (dt.date(2023, 1, 2), dt.date(2023, 12, 31))
    assert od.period_bounds(od.LAST_13, df) == (dt.date(2025, 9, 29), dt.date(2025, 12, 22))
    assert od.period_bounds(od.LAST_52, df) == (dt.date(2024, 12, 30), dt.date(2025, 12, 22))
    assert od.period_bounds(od.ALL, df) == (dt.date(2023, 1, 2), dt.date(2025, 12, 22))
    custom = (dt.date(2025, 3, 30), dt.date(2025, 3, 3))
    assert od.period_bounds(od.CUSTOM, df, custom) == (dt.date(2025, 3, 3), dt.date(2025, 3, 30))
    assert od.period_bounds(od.CUSTOM, df, None) == od.period_bounds(od.ALL, df)
    last13 = od.in_period(df, *od.period_bounds(od.LAST_13, df), indicator="overliggedogn")
    assert len(last13) == 13


def test_chart_frame_lays_last_year_over_this_year():
    rows = weekly("overliggedogn", "2024-01-01", list(range(60)))
    df = history(rows)
    frame = od.chart_frame(df, "overliggedogn", dt.date(2024, 12, 30), dt.date(2025, 2, 17))
    current = frame[frame["series"] == "current"].set_index("week")["value"]
    last_year = frame[frame["series"] == "last_year"].set_index("week")["value"]
    assert list(current.index) == list(last_year.index)
    assert (current - last_year == 52).all()


def test_wide_table_and_sources():
    df = sample_weekly()
    table = od.wide_table(df, ["corridor_days", "overliggedogn"], dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert list(table.columns) == ["corridor_days", "overliggedogn"]
    assert len(table) == 51 and table.index.is_monotonic_decreasing
    src = od.sources(df)
    assert src["rows"].sum() == len(df)


def test_is_synthetic_and_indicators_for():
    df = sample_weekly()
    assert od.is_synthetic(df)
    real = df.assign(source="Helseplattformen extract")
    assert not od.is_synthetic(real)
    hospital = [i for i in SAMPLE_INDICATORS if INDICATORS[i].organisation == "hospital"]
    assert od.indicators_for(df, "hospital") == hospital
    assert od.indicators_for(df) == SAMPLE_INDICATORS


def test_a_period_figure_carries_the_count_behind_it():
    rows = pd.DataFrame(
        {
            "week": pd.to_datetime(["2025-01-06", "2025-01-13"] * 2),
            "indicator": ["nursing_home_wait_days"] * 2 + ["kad_occupancy_pct"] * 2,
            "value": [4.0, 6.0, 40.0, 50.0],
            "n": [2.0, 1.0, 3.0, 5.0],
            "source": "x",
        }
    )
    wait = od.period_figure(rows, "nursing_home_wait_days", dt.date(2025, 1, 6), dt.date(2025, 1, 19))
    assert (wait.value, wait.n) == (5.0, 3.0)  # a mean wait rests on all the admissions of the period
    kad = od.period_figure(rows, "kad_occupancy_pct", dt.date(2025, 1, 6), dt.date(2025, 1, 19))
    assert (kad.value, kad.n) == (45.0, 4.0)  # a share on the mean number of patients
    assert ed.small_text(wait.value, wait.n, "nursing_home_wait_days", True, "nb") == "<5"
    assert ed.small_text(kad.value, 8.0, "kad_occupancy_pct", True, "nb") is None
    assert ed.small_text(kad.value, kad.n, "kad_occupancy_pct", False, "nb") is None


# --- targets ----------------------------------------------------------------------------


def test_targets_are_sourced_and_name_known_indicators():
    ids = [tg.indicator for tg in GOALS if tg.indicator]
    assert len(ids) == len(set(ids))
    for tg in GOALS:
        assert tg.kind in ("max", "reference")
        assert tg.indicator is None or tg.indicator in INDICATORS
        assert tg.source_nb.strip() and tg.source_en.strip() and tg.text_nb.strip() and tg.text_en.strip()
        if tg.indicator is None:
            assert tg.unit_nb and tg.unit_en
    assert goal_for("overliggedogn") is None  # "lower is better", no invented target
    assert goal_for("readmissions_30d_pct").value == 21.7
    assert {tg.id for tg in GOALS if tg.indicator is None} == {"kad_mean_stay_days"}


def test_check_target():
    wait = goal_for("nursing_home_waiting_list")
    assert od.check_goal(60, wait, False).met is True
    over = od.check_goal(80, wait, False)
    assert (over.met, over.good, over.difference) == (False, False, 5)
    readmit = goal_for("readmissions_30d_pct")
    below = od.check_goal(20.0, readmit, False)
    assert below.met is None and below.good is True
    occupancy = od.check_goal(90.0, goal_for("hospital_occupancy_pct"), None)
    assert occupancy.good is None and occupancy.difference == 5.0
    assert od.check_goal(math.nan, readmit, False) is None


def test_target_in_view():
    values = pd.Series([0.2, 0.4, 1.1])
    assert not od.target_in_view(values, 75)
    assert od.target_in_view(pd.Series([18.0, 25.0]), 21.7)
    assert od.target_in_view(pd.Series([60.0, 80.0]), 85.0)
    assert od.target_in_view(pd.Series(dtype=float), 3.0)

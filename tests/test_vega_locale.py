"""Charts write numbers and dates in the page's language: rendered by Vega itself (vl-convert, the
report's renderer), so the test reads what a reader sees on the axis."""

from __future__ import annotations

import re

import altair as alt
import pandas as pd
import pytest

from harmoni_model.results.formatting import fmt_number
from harmoni_model.results.vega_locale import vega_locale, with_locale

NBSP = "\u00a0"


def _axis_texts(chart) -> list[str]:
    import vl_convert as vlc

    return re.findall(r"<text[^>]*>([^<]*)</text>", vlc.vegalite_to_svg(chart.to_dict()))


def _chart():
    # months 2025-01..2025-04, values up to 12 000 with a two-decimal axis: "12,000.00" in Vega's default
    frame = pd.DataFrame(
        {"week": pd.date_range("2025-01-01", periods=4, freq="MS"), "value": [0, 4000.5, 12000, -2000]}
    )
    return (
        alt.Chart(frame)
        .mark_line()
        .encode(
            x=alt.X("week:T", axis=alt.Axis(format="%b %Y")),
            y=alt.Y("value:Q", axis=alt.Axis(format=",.2f", values=[-2000, 4000, 12000])),
        )
        .configure_axis(labelFontSize=14)
    )


def test_a_bokmal_chart_reads_as_the_text_beside_it():
    texts = _axis_texts(with_locale(_chart(), "nb"))
    months = {t for t in texts if t.endswith("2025")}
    assert {"jan. 2025", "feb. 2025", "mar. 2025"} <= months and not {"Jan 2025", "Feb 2025"} & months
    # the axis as fmt_number writes it: no-break space between thousands, decimal comma, a real minus
    assert f"4{NBSP}000,00" in texts and f"12{NBSP}000,00" in texts and "\u22122\u00a0000,00" in texts
    assert fmt_number(-2000, 2, "nb") in texts


def test_an_english_chart_keeps_english_months_and_points():
    texts = _axis_texts(with_locale(_chart(), "en"))
    assert {"Jan 2025", "Feb 2025", "Mar 2025"} <= {t for t in texts if t.endswith("2025")}
    assert "4,000.00" in texts and fmt_number(-2000, 2, "en") in texts


def test_the_locale_keeps_the_rest_of_the_config_and_leaves_the_chart_alone():
    chart = _chart()
    before = chart.to_dict()
    spec = with_locale(chart, "nb").to_dict()
    assert spec["config"]["axis"] == {"labelFontSize": 14}
    assert spec["config"]["locale"] == vega_locale("nb")
    assert chart.to_dict() == before  # a copy: the same chart can be shown in the other language


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_each_locale_is_complete(lang):
    locale = vega_locale(lang)
    assert len(locale["time"]["months"]) == len(locale["time"]["shortMonths"]) == 12
    assert len(locale["time"]["days"]) == len(locale["time"]["shortDays"]) == 7
    assert locale["number"]["decimal"] == ("," if lang == "nb" else ".")

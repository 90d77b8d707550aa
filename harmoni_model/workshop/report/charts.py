"""The report's charts: Altair charts rendered to inline SVG (vl-convert), no scripts.

Altair, pandas and vl-convert are imported only when a chart is made.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from harmoni_model.results.formatting import clip
from harmoni_model.results.tidy import Results
from harmoni_model.results.vega_locale import with_locale
from harmoni_model.results.yearly import DAYS_PER_YEAR, per_year
from harmoni_model.workshop.report.texts import TEXTS

_SVG_NS = re.compile(r'\s+xmlns(?::\w+)?="[^"]*"')


#: d3-format's number locale for a bokmål reader: ``4 000`` and ``620,5`` with a real minus sign, not ``4,000``.
NB_NUMBERS = {"decimal": ",", "thousands": "\u00a0", "grouping": [3], "currency": ["", "\u00a0kr"], "minus": "\u2212"}
EN_NUMBERS = {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["NOK\u00a0", ""], "minus": "\u2212"}


def svg(chart, lang: str = "nb") -> str:
    """An Altair chart as inline SVG in the reader's number format (namespace declarations dropped: HTML needs none)."""
    import vl_convert as vlc

    locale = NB_NUMBERS if lang == "nb" else EN_NUMBERS
    return _SVG_NS.sub("", vlc.vegalite_to_svg(chart.to_dict(), format_locale=locale))


def _scenario_colors(names: Sequence[str]) -> list[str]:
    palette = ["#1b6ca8", "#e07b39", "#3a9d5d", "#a8477c", "#7f6bb3", "#b5a33a", "#3aa6b5", "#c4544b"]
    return ["#9a9a9a"] + [palette[i % len(palette)] for i in range(len(names) - 1)]


def queue_chart(all_results: Sequence[tuple[str, Results]], lang: str):
    """Waiting and blocked patient-days a year per service and scenario, faceted by organisation."""
    import altair as alt
    import pandas as pd

    t = TEXTS[lang]
    rows = []
    for order, (name, res) in enumerate(all_results):
        est = res.estimates()
        for s in res.scenario.services:
            e = est[s.id]
            org = t.get(s.organisation, s.organisation)
            label = s.label(lang)
            # a time-average queue waits that many patient-days every day of a year; blocked days are a total
            rows.append((order, name, org, label, t["waiting"], e["mean_queue"].mean * DAYS_PER_YEAR))
            rows.append((order, name, org, label, t["blocked"], per_year(e["blocked_days"], res.scenario).mean))
    df = pd.DataFrame(rows, columns=["order", "scenario", "organisation", "service", "measure", "value"])
    df["value"] = df["value"].fillna(0.0)
    names = [n for n, _ in all_results]
    scale = alt.Scale(domain=names, range=_scenario_colors(names))
    return with_locale(
        alt.Chart(df)
        .mark_bar()
        .encode(
            x=alt.X("value:Q", title=t["patient_days"]),
            y=alt.Y("service:N", title=None, axis=alt.Axis(labelLimit=260)),
            yOffset=alt.YOffset("scenario:N", sort=names),
            color=alt.Color(
                "scenario:N",
                scale=scale,
                sort=names,
                title=t["scenario"],
                legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=400),
            ),
            tooltip=["scenario", "service", "measure", alt.Tooltip("value:Q", format=",.0f")],
        )
        .properties(width=300, height=alt.Step(9))
        .facet(
            row=alt.Row("organisation:N", title=None, header=alt.Header(labelFontWeight="bold", labelFontSize=12)),
            column=alt.Column(
                "measure:N",
                title=None,
                sort=[t["waiting"], t["blocked"]],
                header=alt.Header(labelFontWeight="bold", labelFontSize=12),
            ),
        )
        .resolve_scale(y="independent", x="independent")
        .configure_view(stroke="#ddd")
        .configure(font="Helvetica, Arial, sans-serif"),
        lang,
    )


def overliggedogn_chart(all_results: Sequence[tuple[str, Results]], lang: str):
    """Overliggedøgn a year per scenario, with the 95 % interval."""
    import altair as alt
    import pandas as pd

    t = TEXTS[lang]
    rows = []
    for name, res in all_results:
        e = clip(per_year(res.estimates()["system"]["overliggedogn"], res.scenario))
        low = e.mean if math.isnan(e.low) else e.low
        high = e.mean if math.isnan(e.high) else e.high
        rows.append((name, e.mean, low, high))
    df = pd.DataFrame(rows, columns=["scenario", "mean", "low", "high"])
    names = [n for n, _ in all_results]
    scale = alt.Scale(domain=names, range=_scenario_colors(names))
    y = alt.Y("scenario:N", sort=names, title=None, axis=alt.Axis(labelLimit=300))
    bars = (
        alt.Chart(df)
        .mark_bar(height=18)
        .encode(
            x=alt.X("mean:Q", title=t["overliggedogn"]),
            y=y,
            color=alt.Color("scenario:N", scale=scale, sort=names, legend=None),
        )
    )
    rules = alt.Chart(df).mark_rule(color="#222", strokeWidth=1.5).encode(x="low:Q", x2="high:Q", y=y)
    ticks_lo = alt.Chart(df).mark_tick(color="#222", thickness=1.5, size=12).encode(x="low:Q", y=y)
    ticks_hi = alt.Chart(df).mark_tick(color="#222", thickness=1.5, size=12).encode(x="high:Q", y=y)
    return with_locale(
        alt.layer(bars, rules, ticks_lo, ticks_hi)
        .properties(width=520, height=alt.Step(30))
        .configure_view(stroke="#ddd")
        .configure(font="Helvetica, Arial, sans-serif"),
        lang,
    )

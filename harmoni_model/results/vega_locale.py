"""How Vega writes numbers and dates on a chart, in bokmål or English: the charts' side of `formatting`.

Vega formats axis labels, tooltips and text marks itself (d3-format, d3-time-format), in American
English unless a chart's ``config.locale`` says otherwise: "4,000", "620.00", "Jan". Every Altair chart
the app or the report shows goes through :func:`with_locale`, so a bokmål chart reads "4 000", "620,00"
and "jan." as `formatting.fmt_number` writes numbers in the text beside it.
"""

from __future__ import annotations

from typing import Any

from harmoni_model.results.formatting import DASH, MINUS, NBSP

# d3-format and d3-time-format locale definitions (Vega's config.locale: {"number": ..., "time": ...}).
# Bokmål as `formatting` writes it: a no-break space between thousands, a decimal comma, a real minus
# sign, "85,3 %"; month and day abbreviations as the Norwegian CLDR writes them (Språkrådet's "jan.").
NB_NUMBER = {
    "decimal": ",",
    "thousands": NBSP,
    "grouping": [3],
    "currency": ["", f"{NBSP}kr"],
    "minus": MINUS,
    "percent": f"{NBSP}%",
    "nan": DASH,
}
NB_TIME = {
    "dateTime": "%A %e. %B %Y kl. %X",
    "date": "%d.%m.%Y",
    "time": "%H:%M:%S",
    "periods": ["", ""],  # the 24-hour clock: no AM/PM
    "days": ["søndag", "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag"],
    "shortDays": ["søn.", "man.", "tir.", "ons.", "tor.", "fre.", "lør."],
    "months": [
        "januar",
        "februar",
        "mars",
        "april",
        "mai",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "desember",
    ],
    "shortMonths": ["jan.", "feb.", "mar.", "apr.", "mai", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.", "des."],
}
# English as `formatting` writes it ("1,234.5", "85.3%", money in NOK), dates on the 24-hour clock.
EN_NUMBER = {
    "decimal": ".",
    "thousands": ",",
    "grouping": [3],
    "currency": ["", f"{NBSP}NOK"],
    "minus": MINUS,
    "percent": "%",
    "nan": DASH,
}
EN_TIME = {
    "dateTime": "%a %e %b %Y %X",
    "date": "%d/%m/%Y",
    "time": "%H:%M:%S",
    "periods": ["AM", "PM"],
    "days": ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
    "shortDays": ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
    "months": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    "shortMonths": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
}


def vega_locale(lang: str) -> dict[str, dict[str, Any]]:
    """Vega's ``config.locale`` for `lang` ("nb"; anything else is English, as `formatting` reads it)."""
    if lang == "nb":
        return {"number": dict(NB_NUMBER), "time": dict(NB_TIME)}
    return {"number": dict(EN_NUMBER), "time": dict(EN_TIME)}


def with_locale(chart: Any, lang: str) -> Any:
    """A copy of an Altair top-level chart that writes its numbers and dates in `lang`.

    Only ``config.locale`` is set: the chart's other configuration stays (``chart.configure(...)``
    would replace all of it). The chart itself is not changed.
    """
    import altair as alt  # only when a chart is made (the model imports without altair)

    copy = chart.copy(deep=["config"])
    if copy.config is alt.Undefined:
        copy.config = alt.Config()
    copy.config["locale"] = alt.Locale(**vega_locale(lang))
    return copy

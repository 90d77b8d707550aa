"""Occupancy in the words planners use: how often it is full, 1 in n patients found no place, days at capacity.

The phrases are pure functions of the model's estimates (``p_full``, ``share_found_full``,
``days_full`` per year; :mod:`harmoni_model.simulation.kpis`), each with its 95 % interval
in figures, so that a word never hides how uncertain it is. `t` is the page's translator
(:func:`pages.ui.i18n.t`); tests pass the table's own.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import pandas as pd

from harmoni_model.results.estimates import Estimate
from harmoni_model.results.formatting import NBSP, clip, fmt_interval, fmt_number, fmt_percent
from harmoni_model.results.tidy import Results
from harmoni_model.results.yearly import per_year
from harmoni_model.scenario.format import Scenario
from pages.ui.user_text import literal_line

Translate = Callable[..., str]
#: Upper ends of the share of time full for each word: nesten aldri, sjelden, av og til, ofte, som regel (then
#: nesten alltid).
TIME_WORDS = (0.005, 0.05, 0.25, 0.5, 0.9)
FEWEST = 1000  # below 1 in FEWEST a share reads "fewer than 1 in 1 000"
WEEKS_PER_YEAR = 365 / 7


def time_word(share: float, t: Translate) -> str:
    """The word for a share of time full: 0 → "nesten aldri", 0.15 → "av og til", 0.95 → "nesten alltid"."""
    level = next((i for i, upper in enumerate(TIME_WORDS) if share < upper), len(TIME_WORDS))
    return t(f"headroom.occ.word.{level}")


def one_in(n: float) -> int:
    """1 in `n`, rounded as a planner says it: whole up to 100, then two significant figures (833 → 830)."""
    if n < 100:
        return max(1, round(n))
    digits = math.floor(math.log10(n)) - 1
    return round(n / 10**digits) * 10**digits


def _with_interval(text: str, low: float, high: float, n: int, decimals: int, lang: str, unit: str = "") -> str:
    """`text` and, when there is one, the 95 % interval in brackets: ``... (12–18 %)``."""
    interval = fmt_interval(low, high, decimals, lang) if n >= 2 else ""
    return f"{text} ({interval}{unit})" if interval else text


def _share_parts(e: Estimate, lang: str) -> tuple[str, Estimate, int]:
    """The share as a percentage, the estimate clipped to 0–1, and the decimals to show (1 under 10 %)."""
    shown = clip(e, 0.0, 1.0)
    decimals = 1 if shown.mean < 0.1 else 0
    return fmt_percent(shown.mean, decimals, lang), shown, decimals


def _percent_unit(lang: str) -> str:
    return f"{NBSP}%" if lang == "nb" else "%"


def time_full_text(p_full: Estimate, t: Translate, lang: str) -> str:
    """``av og til: 15 % av tiden (12–18 %)``: the chance of finding the service full at a random moment."""
    if math.isnan(p_full.mean):
        return "–"
    share, shown, decimals = _share_parts(p_full, lang)
    text = t("headroom.occ.time_text", word=time_word(p_full.mean, t), share=share)
    return _with_interval(text, 100 * shown.low, 100 * shown.high, p_full.n, decimals, lang, _percent_unit(lang))


def found_full_words(share: float, t: Translate, lang: str) -> str:
    """``1 av 7 pasienter``, ``8 av 10 pasienter``, ``færre enn 1 av 1 000``, ``nesten aldri`` for none."""
    if share <= 0:
        return t("headroom.occ.found.never")
    if share < 1 / FEWEST:
        return t("headroom.occ.found.few", n=fmt_number(FEWEST, 0, lang))
    if share >= 0.95:
        return t("headroom.occ.found.all")
    if share > 0.5:  # "1 in 1.3" reads badly: in tenths instead
        return t("headroom.occ.found.tenths", k=round(10 * share))
    return t("headroom.occ.found.one_in", n=fmt_number(one_in(1 / share), 0, lang))


def found_full_text(found: Estimate, t: Translate, lang: str) -> str:
    """``1 av 7 pasienter: 14 % (12–17 %)``: how many of those who asked found no free place."""
    if math.isnan(found.mean):
        return "–"
    share, shown, decimals = _share_parts(found, lang)
    text = t("headroom.occ.found_text", words=found_full_words(found.mean, t, lang), share=share)
    return _with_interval(text, 100 * shown.low, 100 * shown.high, found.n, decimals, lang, _percent_unit(lang))


def days_words(days: float, t: Translate) -> str:
    """Days a year at capacity as a rhythm: ``omtrent 2 dager i uka``, ``omtrent 3 dager i måneden``, ``hver dag``."""
    if days < 0.5:
        return t("headroom.occ.days.never")
    if days >= 360:
        return t("headroom.occ.days.every")
    for per, unit in ((WEEKS_PER_YEAR, "week"), (12, "month")):
        k = round(days / per)
        if k >= 1 and days >= per:
            return t(f"headroom.occ.days.{unit}_one") if k == 1 else t(f"headroom.occ.days.{unit}", k=k)
    k = round(days)
    return t("headroom.occ.days.year_one") if k == 1 else t("headroom.occ.days.year")


def days_full_text(days: Estimate, t: Translate, lang: str) -> str:
    """``omtrent 1 dag i uka: 71 per år (52–90)``: days a year with a moment at capacity (`days` per year)."""
    if math.isnan(days.mean):
        return "–"
    shown = clip(days, 0.0, 365.0)
    text = t("headroom.occ.days_text", words=days_words(days.mean, t), days=fmt_number(shown.mean, 0, lang))
    return _with_interval(text, shown.low, shown.high, days.n, 0, lang)


def occupancy_texts(results: Results, service_id: str, t: Translate, lang: str) -> tuple[str, str, str]:
    """The three phrases of one service in one run: time full, found full, days at capacity."""
    est = results.estimates()[service_id]
    days = per_year(est["days_full"], results.scenario)
    return (
        time_full_text(est["p_full"], t, lang),
        found_full_text(est["share_found_full"], t, lang),
        days_full_text(days, t, lang),
    )


def occupancy_frame(base: Scenario, base_res: Results, res: Results, t: Translate, lang: str) -> pd.DataFrame:
    """One row per service: its name, then each phrase as ``today → scenario`` (just today when they read alike)."""
    rows = []
    for s in base.services:
        before = occupancy_texts(base_res, s.id, t, lang)
        after = occupancy_texts(res, s.id, t, lang)
        cells = [b if b == a else t("headroom.occ.arrow", base=b, variant=a) for b, a in zip(before, after,
                                                                                              strict=True)]  # fmt: skip
        rows.append([s.label(lang), *cells])
    columns = [t(f"headroom.occ.{c}") for c in ("service", "time", "found", "days")]
    return pd.DataFrame(rows, columns=columns)


def occupancy_view(base: Scenario, base_res: Results, res: Results, t: Translate, lang: str) -> None:
    """The studio's view: the table per service, baseline → scenario, and what each column means."""
    import streamlit as st

    st.caption(t("headroom.occ.intro", n=res.replications))
    # st.table wraps long cells (a dataframe would cut them at 1280 px); its cells are plain text
    frame = occupancy_frame(base, base_res, res, t, lang)
    service = t("headroom.occ.service")
    frame[service] = frame[service].map(literal_line)  # a name from an uploaded file is text, not markdown
    st.table(frame.set_index(service))
    st.caption(t("headroom.occ.caption"))

"""Pure helpers of the scenario studio: the tiles' texts, the summary sentence, tidy frames for the charts.

No Streamlit here: everything is testable on plain results.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence

import pandas as pd

from harmoni_model import Results, Scenario
from harmoni_model.results.estimates import Estimate
from harmoni_model.results.formatting import fmt_difference, fmt_interval, fmt_number, fmt_signed
from harmoni_model.results.headline import Figure
from harmoni_model.results.precision import (
    MIN_N_UNCLEAR,
    PRELIMINARY,
    RELATIVE_PRECISION,
    RESOLVED,
    SMALL,
    Precision,
    figure_state,
)
from harmoni_model.results.yearly import DAYS_PER_YEAR, per_year
from harmoni_model.scenario.changes import Changes
from pages.ui.user_text import literal_line

Translate = Callable[..., str]
MAX_SENTENCE_FIGURES = 3  # the first headline figure and up to two more whose change is clear
TILES_PER_ROW = 3  # rows of three: labels stay readable on a projector


def significant(e: Estimate) -> bool:
    """The 95 % interval of a paired difference excludes zero."""
    return e.n >= 2 and (e.low > 0 or e.high < 0)


def band(bands: dict[tuple[str, str], pd.DataFrame], service: str, measure: str, label: str) -> pd.DataFrame:
    """One service's and measure's daily band, labelled with the run it belongs to."""
    return bands[service, measure].assign(run=label)


def queue_moved(base: Results, variant: Results, labels: dict[str, str], org_labels: dict[str, str],
                run_labels: tuple[str, str]) -> pd.DataFrame:  # fmt: skip
    """Waiting and blocked patient-days a year per service, baseline against scenario (long format)."""
    rows = []
    for res, run in zip((base, variant), run_labels, strict=True):
        est = res.estimates()
        for s in res.scenario.services:
            k = est[s.id]
            waiting = k["mean_queue"].mean * DAYS_PER_YEAR  # a time-average queue: patient-days every day of a year
            blocked = per_year(k["blocked_days"], res.scenario).mean
            rows.append((run, labels[s.id], org_labels[s.organisation], "wait", waiting))
            rows.append((run, labels[s.id], org_labels[s.organisation], "blocked", blocked))
    return pd.DataFrame(rows, columns=["run", "service", "organisation", "kind", "days"])


def days_text(days: float, lang: str) -> str:
    """A number of days with no more decimals than it needs: ``1,5``, ``0,25``, ``3``."""
    decimals = next((d for d in (0, 1) if abs(days * 10**d - round(days * 10**d)) < 1e-9), 2)
    return fmt_number(days, decimals, lang)


def describe_changes(base: Scenario, changes: Changes, t: Translate, lang: str) -> str:
    """The changes in words, e.g. "20 more places at Short-term stays, intake on weekends at Rehab"."""

    def name(sid: str) -> str:  # a label from an uploaded file is text, not markdown
        return literal_line(base.service(sid).label(lang))

    parts = []
    for sid, places in changes.capacity.items():
        delta = places - base.service(sid).capacity  # the plain capacity changed (calendar periods keep theirs)
        key = "scenario.change.more" if delta > 0 else "scenario.change.fewer"
        key += "_one" if abs(delta) == 1 else ""  # "1 plass til", not "1 flere plasser"
        parts.append(t(key, n=fmt_number(abs(delta), 0, lang), service=name(sid)))
    for sid, fte in changes.fte.items():
        parts.append(t("scenario.change.fte", fte=fmt_number(fte, 0, lang), service=name(sid)))
    for sid, weekend in changes.weekend_intake.items():
        key = "scenario.change.weekend_on" if weekend else "scenario.change.weekend_off"
        parts.append(t(key, service=name(sid)))
    if changes.demand_factor != 1.0:
        parts.append(t("scenario.change.demand", pct=fmt_signed((changes.demand_factor - 1) * 100, 0, lang)))
    for sid, c in changes.closure.items():
        if c.places > 0:
            weeks = {"first": c.first_week, "last": c.last_week}
            parts.append(t("levers.change.closure", places=fmt_number(c.places, 0, lang), service=name(sid), **weeks))
        else:
            parts.append(t("levers.change.closure_off", service=name(sid)))
    for sid, n in changes.overflow.items():
        key = "levers.change.corridor" if n > 0 else "levers.change.corridor_off"
        parts.append(t(key, n=fmt_number(n, 0, lang), service=name(sid)))
    for sid, first in changes.hospital_first.items():
        parts.append(t("levers.change.first_on" if first else "levers.change.first_off", service=name(sid)))
    for sid, days in changes.transfer_days.items():
        parts.append(t("levers.change.transfer", days=days_text(days, lang), service=name(sid)))
    for sid, factor in changes.stay_factor.items():
        parts.append(t("levers.change.stay", pct=fmt_signed((factor - 1) * 100, 0, lang), service=name(sid)))
    return ", ".join(parts)


def tile_texts(
    figure: Figure,
    e: Estimate,
    d: Estimate,
    scenario: Scenario,
    changed: bool,
    t: Translate,
    lang: str,
    small: bool = False,
) -> tuple[str, str, bool | None]:
    """A headline figure's tile: its value, its change (empty with no changes) and whether the change is good.

    A change is a number only when its paired 95 % interval excludes zero; otherwise the tile
    says "no clear difference" (with the interval) and stays grey. `good` is None then, and for
    a KPI with no direction (e.g. occupancy). `small`: the interval is settled within the
    stopping rule's ±5 % (results/precision.py): the tile says so instead.
    """
    info = figure.info
    value = fmt_number(figure.shown(e, scenario).mean, info.decimals, lang)
    if not changed:
        return value, "", None
    shown = figure.shown(d, scenario, difference=True)
    if not significant(d):
        dec = info.decimals
        width = d.n >= 2 and round(shown.low, dec) != round(shown.high, dec)  # "0.0 to 0.0" says nothing
        interval = fmt_interval(shown.low, shown.high, dec, lang, signed=True) if width else ""
        unclear = (
            t("precision.small", pct=fmt_number(RELATIVE_PRECISION * 100, 0, lang)) if small else t("scenario.unclear")
        )
        return value, f"{unclear} ({interval})" if interval else unclear, None
    good = None if info.lower_is_better is None else (d.mean < 0) == info.lower_is_better
    return value, fmt_difference(shown, info.decimals, lang), good


def _in_sentence(label: str) -> str:
    """A tile's label inside a sentence: without its parenthesised units, lower-case unless an acronym (KAD)."""
    text = re.sub(r"\s*\([^)]*\)", "", label).strip()
    return text[0].lower() + text[1:] if len(text) > 1 and text[1].islower() else text


def _effect(figure: Figure, scenario: Scenario, base: Estimate, now: Estimate, d: Estimate, t: Translate,
            lang: str) -> str | None:  # fmt: skip
    """``X falls from a to b unit`` when the change is clear (and shows in the rounded numbers), else None."""
    info = figure.info
    before = fmt_number(figure.shown(base, scenario).mean, info.decimals, lang)
    after = fmt_number(figure.shown(now, scenario).mean, info.decimals, lang)
    if not significant(d) or before == after:
        return None
    key = "scenario.sentence.down" if d.mean < 0 else "scenario.sentence.up"
    unit = info.unit_label(lang, per_year=False)
    return t(key, label=literal_line(_in_sentence(figure.label(lang))), before=before, after=after, unit=unit)


def summary_sentence(
    figures: Sequence[Figure],
    scenario: Scenario,
    base_est: Mapping[str, Mapping[str, Estimate]],
    est: Mapping[str, Mapping[str, Estimate]],
    diff: Mapping[str, Mapping[str, Estimate]],
    described: str,
    t: Translate,
    lang: str,
) -> str:
    """One plain-language sentence: the changes, then what they do to the headline figures.

    The first figure always (it "does not change clearly" when its interval crosses zero), then
    up to two more whose change is clear, in the scenario's order.
    """
    if not described:
        return t("scenario.sentence.none")
    parts: list[str] = []
    for i, f in enumerate(figures):
        args = (scenario, base_est[f.scope][f.kpi], est[f.scope][f.kpi], diff[f.scope][f.kpi], t, lang)
        text = _effect(f, *args)
        if i == 0:
            parts.append(text or t("scenario.sentence.same", label=literal_line(_in_sentence(f.label(lang)))))
        elif text:
            parts.append(text)
        if len(parts) == MAX_SENTENCE_FIGURES:
            break
    return t("scenario.sentence.frame", changes=described, effects="; ".join(parts))


def figure_floor(figure: Figure, scenario: Scenario) -> float:
    """Half a unit of the figure's last shown decimal, in the model's unit: an interval that narrow reads as zero."""
    info = figure.info
    shown_one = figure.shown(Estimate(1.0, 1.0, 1.0, 2), scenario, difference=True).mean  # display units per unit
    return 0.5 * 10 ** (-info.decimals) / shown_one if shown_one else 0.0


def figure_states(
    figures: Sequence[Figure],
    scenario: Scenario,
    base_est: Mapping[str, Mapping[str, Estimate]],
    diff: Mapping[str, Mapping[str, Estimate]],
) -> list[str]:
    """Every headline figure's state under the stopping rule (CLEAR, SMALL or OPEN)."""
    return [
        figure_state(diff[f.scope][f.kpi], base_est[f.scope][f.kpi], floor=figure_floor(f, scenario)) for f in figures
    ]


def precision_badge(
    p: Precision,
    figures: Sequence[Figure],
    running: bool,
    reason: str,
    reason_args: Mapping[str, object],
    t: Translate,
    lang: str,
) -> tuple[str, str, str]:
    """The badge over the tiles: its kind ("running" | "resolved" | "unclear" | "preliminary"), head and tail.

    The head goes in the coloured badge ("Foreløpig svar (n = 8)"), the tail after it in plain text.
    `reason` (when stopped with figures open before MIN_N_UNCLEAR): "time", "load", "target", "busy" or
    "budget"; `reason_args` fill its text (seconds, others, target).
    """
    n = fmt_number(p.n, 0, lang)
    if p.status == RESOLVED:
        return RESOLVED, t("precision.resolved", n=n), ""
    if running:
        return "running", t("precision.running", n=n), t("precision.running.tail")
    if p.status == PRELIMINARY or p.n < MIN_N_UNCLEAR:
        tail = t("precision.preliminary.tail", reason=t(f"precision.reason.{reason}", **reason_args))
        return PRELIMINARY, t("precision.preliminary", n=n), tail
    labels = [literal_line(_in_sentence(figures[i].label(lang))) for i in p.open_figures]
    joined = labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + t("precision.and") + labels[-1]
    return "unclear", t("precision.unclear", n=n), t("precision.unclear.tail", labels=joined)


def is_small(state: str) -> bool:
    """The figure is settled as a change too small to matter."""
    return state == SMALL

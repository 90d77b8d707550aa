"""Pure helpers of the scenario studio: tidy frames for the charts and the summary sentence.

No Streamlit here: everything is testable on plain results.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from harmoni_model import Results, Scenario
from harmoni_model.results.estimates import Estimate
from harmoni_model.results.formatting import fmt_number
from harmoni_model.results.yearly import DAYS_PER_YEAR, per_year
from harmoni_model.scenario.changes import Changes

Translate = Callable[..., str]

# The key figures the studio's tiles and the compare page show:
# (label key, scope, KPI, scale for display, decimals). Lower is better for all of them.
KEY_FIGURES: tuple[tuple[str, str, str, float, int], ...] = (
    ("scenario.kpi.od", "system", "overliggedogn", 1.0, 0),
    ("scenario.kpi.cost", "system", "overliggedogn_cost_nok", 1e-6, 1),
    ("scenario.kpi.med_wait", "hospital_medical", "mean_wait_days", 1.0, 1),
    ("scenario.kpi.st_wait", "short_term", "mean_wait_days", 1.0, 1),
    ("scenario.kpi.nh_queue", "long_term", "mean_queue", 1.0, 0),
    ("scenario.kpi.kad_div", "kad", "share_diverted", 100.0, 1),
)


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


def describe_changes(base: Scenario, changes: Changes, t: Translate, lang: str) -> str:
    """The changes in words, e.g. "20 more places at Short-term stays, intake on weekends at Rehab"."""
    parts = []
    for sid, places in changes.capacity.items():
        delta = places - base.service(sid).capacity
        key = "scenario.change.more" if delta > 0 else "scenario.change.fewer"
        parts.append(t(key, n=abs(delta), service=base.service(sid).label(lang)))
    for sid, fte in changes.fte.items():
        parts.append(t("scenario.change.fte", fte=fmt_number(fte, 0, lang), service=base.service(sid).label(lang)))
    for sid, weekend in changes.weekend_intake.items():
        key = "scenario.change.weekend_on" if weekend else "scenario.change.weekend_off"
        parts.append(t(key, service=base.service(sid).label(lang)))
    if changes.demand_factor != 1.0:
        parts.append(t("scenario.change.demand", pct=f"{(changes.demand_factor - 1) * 100:+.0f}".replace("-", "−")))
    return ", ".join(parts)


def summary_sentence(base_est: dict, diff: dict, described: str, t: Translate, lang: str) -> str:
    """One plain-language sentence about what the change does to the queues and to the money."""
    if not described:
        return t("scenario.sentence.none")
    od, od_base = diff["system"]["overliggedogn"], base_est["system"]["overliggedogn"].mean
    if significant(od) and od_base > 0:
        key = "scenario.sentence.od_down" if od.mean < 0 else "scenario.sentence.od_up"
        od_text = t(key, pct=fmt_number(abs(od.mean) / od_base * 100, 0, lang), days=fmt_number(abs(od.mean), 0, lang))
    else:
        od_text = t("scenario.sentence.od_same")
    parts = [od_text]
    if "long_term" in diff:
        nh = diff["long_term"]["mean_queue"]
        if significant(nh):
            key = "scenario.sentence.nh_down" if nh.mean < 0 else "scenario.sentence.nh_up"
            parts.append(t(key, n=fmt_number(abs(nh.mean), 0, lang)))
        else:
            parts.append(t("scenario.sentence.nh_same"))
    if "hospital_medical" in diff:
        wait = diff["hospital_medical"]["mean_wait_days"]
        if significant(wait) and abs(wait.mean) >= 0.05:
            key = "scenario.sentence.wait_down" if wait.mean < 0 else "scenario.sentence.wait_up"
            parts.append(t(key, days=fmt_number(abs(wait.mean), 1, lang)))
    return t("scenario.sentence.frame", changes=described, effects="; ".join(parts))

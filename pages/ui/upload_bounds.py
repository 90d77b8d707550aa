"""Bounds on what a browser can make the server simulate (uploads on a shared demo).

Prepared scenarios are within them; an uploaded file is trimmed to them (replications, horizon,
warm-up), and every trim is reported; what is left must then fit the app's work budget
(`harmoni_model.scenario.budget.APP_BUDGET`: events, memory, visits per patient, arrivals), or it is
refused before a single event runs, so no upload can keep the server busy for minutes. No Streamlit here.
"""

from __future__ import annotations

from collections.abc import Callable

from harmoni_model import Scenario
from harmoni_model.results.formatting import fmt_number
from harmoni_model.scenario.budget import APP_BUDGET, Exceeded, over_budget
from harmoni_model.scenario.errors import ScenarioError
from pages.ui.user_text import literal

MAX_UPLOAD_BYTES = 200_000
MAX_REPLICATIONS = 12
MAX_HORIZON_DAYS = 3 * 365
MAX_WARMUP_DAYS = 365


def within_app_bounds(scenario: Scenario) -> tuple[Scenario, list[tuple[str, float, float]]]:
    """The scenario trimmed to the app's bounds, and the trims ``(field, asked, used)``."""
    trims: list[tuple[str, float, float]] = []
    changes: dict[str, int] = {}
    for field, limit in (
        ("replications", MAX_REPLICATIONS),
        ("horizon_days", MAX_HORIZON_DAYS),
        ("warmup_days", MAX_WARMUP_DAYS),
    ):
        value = getattr(scenario, field)
        if value > limit:
            changes[field] = limit
            trims.append((field, value, limit))
    bounded = scenario.variant(**changes) if changes else scenario
    return bounded, trims


def over_app_budget(bounded: Scenario) -> list[Exceeded]:
    """What of the (trimmed) scenario's work the app cannot take on: empty when it may run."""
    return over_budget(bounded, APP_BUDGET)


def app_scenario(scenario: Scenario) -> Scenario:
    """The scenario trimmed to the app's bounds; ScenarioError (one problem per bound) if it is still too big."""
    bounded, _ = within_app_bounds(scenario)
    refused = over_app_budget(bounded)
    if refused:
        raise ScenarioError([e.problem() for e in refused])
    return bounded


def budget_messages(refused: list[Exceeded], t: Callable[..., str], lang: str) -> list[str]:
    """One message per refusal in the page's language (markdown-safe), naming the field and the figure."""
    out = []
    for e in refused:
        key = "scenario.budget.loop" if e.kind == "visits" and e.figure == float("inf") else f"scenario.budget.{e.kind}"
        out.append(
            t(
                key,
                field=literal(e.path),
                service=literal(e.service),
                figure=fmt_number(e.figure, 0, lang),
                limit=fmt_number(e.limit, 0, lang),
                patients=fmt_number(e.patients, 0, lang),
                runs=e.runs,
                driver=t(f"scenario.budget.driver.{e.driver}") if e.driver else "",
            )
        )
    return out

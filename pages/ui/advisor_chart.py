"""The advisor page's trade-off curve: every candidate's yearly cost against the first target's KPI."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import altair as alt
import pandas as pd

from harmoni_model.planning.advisor import Advice

COLOURS = {
    "meets": "#009E73",
    "unconfirmed": "#9AD9C5",
    "budget": "#E69F00",
    "misses": "#999999",
    "best": "#D55E00",
    "front": "#0072B2",
}
STATUSES = ("meets", "unconfirmed", "budget", "misses")


# --- the trade-off curve ----------------------------------------------------------------------------------
def tradeoff_frame(
    advice: Advice, scale: float, lever_labels: Mapping[str, str], status: Mapping[str, str]
) -> pd.DataFrame:
    """Every simulated candidate and today: yearly total cost (NOK million), the first target's KPI, status, levers.

    `status` names the states meets, unconfirmed (met on the first replications, never confirmed on all),
    budget and misses. Columns: cost, kpi, low, high, status, replications, front, role ("best", "today" or ""),
    and one column per lever (``lever0``, ``lever1`` ...) for the tooltips.
    """
    key = advice.spec.targets[0].key
    front = {c.values for c in advice.frontier}
    now = tuple(lv.current(advice.scenario) for lv in advice.spec.levers)
    rows = []
    seen = {c.values for c in advice.candidates}
    for c in [*advice.candidates, *([advice.today] if advice.today.values not in seen else [])]:
        e = c.targets.get(key)
        if not c.replications or e is None or math.isnan(e.mean) or math.isnan(c.annual_cost_nok):
            continue
        if not c.meets_targets:
            state = "misses"
        elif not c.within_budget:
            state = "budget"
        else:  # a point that met the targets on its first replications only was never confirmed
            state = "meets" if c.confirmed else "unconfirmed"
        rows.append({
            "cost": c.annual_cost_nok / 1e6,
            "kpi": e.mean * scale,
            "low": max(e.low, 0) * scale if e.n > 1 else e.mean * scale,
            "high": e.high * scale if e.n > 1 else e.mean * scale,
            "status": status[state],
            "replications": c.replications,
            "front": c.values in front,
            "role": "best" if c.values == advice.best.values else "today" if c.values == now else "",
            **{f"lever{i}": v for i, v in enumerate(c.values)},
        })  # fmt: skip
    return pd.DataFrame(rows)


def chart_focus(frame: pd.DataFrame, bound: float) -> tuple[tuple[float, float], tuple[float, float], int]:
    """The view that shows the decision: x and y ranges around today, the suggestion and the bound.

    The search also simulates expensive corners (every lever at its maximum); they would squeeze
    the interesting part into a corner. Returns the x range, the y range and how many points lie outside.
    """
    marked = frame[frame["role"] != ""]
    lo_x, hi_x = float(frame["cost"].min()), float(frame["cost"].max())
    focus = float(marked["cost"].max()) if not marked.empty else hi_x
    x_hi = min(hi_x, focus + 2 * max(focus - lo_x, 5.0))
    x_lo = lo_x - 0.03 * (x_hi - lo_x)
    top = float(marked["kpi"].max()) if not marked.empty else float(frame["kpi"].max())
    y_hi = min(float(frame["kpi"].max()), max(2 * bound, 1.25 * top))
    y_hi = max(y_hi, 1.15 * bound, 1e-9)
    outside = int(((frame["cost"] > x_hi) | (frame["kpi"] > y_hi)).sum())
    return (x_lo, x_hi + 0.03 * (x_hi - lo_x)), (0.0, y_hi * 1.15), outside  # room above for the labels


def tradeoff_chart(
    frame: pd.DataFrame,
    bound: float,
    texts: Mapping[str, str],
    lever_titles: Sequence[str],
    lang: str,
    height: int = 420,
) -> alt.LayerChart:
    """Candidates as points, the Pareto front as a line, the suggestion and today marked, the bound as a rule.

    The view starts at :func:`chart_focus`; the mouse wheel zooms and dragging pans (to the rest).
    `texts`: x, y, kpi, cost, replications (tooltip titles), best, today, bound (labels), and the
    status names meets, unconfirmed, budget, misses (legend).
    """
    x_domain, y_domain, _ = chart_focus(frame, bound)
    x = alt.X("cost:Q", title=texts["x"], scale=alt.Scale(domain=list(x_domain), zero=False, nice=False))
    y = alt.Y("kpi:Q", title=texts["y"], scale=alt.Scale(domain=list(y_domain), nice=False))
    tooltip = [
        *(alt.Tooltip(f"lever{i}:Q", title=title, format=",.4~f") for i, title in enumerate(lever_titles)),
        alt.Tooltip("cost:Q", title=texts["cost"], format=",.1f"),
        alt.Tooltip("kpi:Q", title=texts["kpi"], format=",.2f"),
        alt.Tooltip("low:Q", title="95 % –", format=",.2f"),
        alt.Tooltip("high:Q", title="95 % +", format=",.2f"),
        alt.Tooltip("replications:Q", title=texts["replications"]),
    ]
    present = set(frame["status"])
    shown = [(texts[k], COLOURS[k]) for k in STATUSES if texts[k] in present]
    colour = alt.Color(
        "status:N",
        title=None,
        scale=alt.Scale(domain=[d for d, _ in shown], range=[c for _, c in shown]),
        legend=alt.Legend(orient="top"),
    )
    marked = frame[frame["role"] != ""].assign(
        label=lambda f: f["role"].map({"best": texts["best"], "today": texts["today"]})
    )
    roles = alt.Scale(domain=["best", "today"], range=["diamond", "square"])
    role_colours = alt.Scale(domain=["best", "today"], range=[COLOURS["best"], "#222222"])
    rule = alt.Chart(pd.DataFrame({"bound": [bound], "label": [texts["bound"]]}))
    label = alt.Chart(marked).encode(x=x, y=y, text="label:N")
    layers = [
        rule.mark_rule(strokeDash=[6, 4], strokeWidth=2, color=COLOURS["best"]).encode(y="bound:Q"),
        alt.Chart(frame[frame["front"]])
        .mark_line(color=COLOURS["front"], strokeWidth=2, clip=True)
        .encode(x=x, y=y, order="cost:Q"),
        alt.Chart(frame)
        .mark_circle(size=90, opacity=0.8, clip=True)
        .encode(x=x, y=y, color=colour, tooltip=tooltip)
        .add_params(alt.selection_interval(bind="scales")),
        alt.Chart(marked)
        .mark_point(size=480, strokeWidth=3, filled=False, clip=True)
        .encode(
            x=x,
            y=y,
            tooltip=tooltip,
            shape=alt.Shape("role:N", scale=roles, legend=None),
            stroke=alt.Stroke("role:N", scale=role_colours, legend=None),
        ),
        # the label twice: a white outline first, so it stays readable on top of other points
        label.mark_text(align="left", dx=16, dy=-12, fontSize=16, fontWeight="bold", stroke="white", strokeWidth=4),
        label.mark_text(align="left", dx=16, dy=-12, fontSize=16, fontWeight="bold", color="#222222"),
        rule.mark_text(align="right", dx=-4, dy=-8, fontSize=14, color=COLOURS["best"]).encode(
            y="bound:Q", x=alt.value("width"), text="label:N"
        ),
    ]
    chart = alt.layer(*layers).properties(height=height)
    return chart.configure_axis(labelFontSize=14, titleFontSize=16).configure_legend(
        labelFontSize=15, symbolSize=150, labelLimit=600
    )

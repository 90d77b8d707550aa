"""Charts that more than one page draws (altair only; no Streamlit here)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import altair as alt
import pandas as pd

LABEL_LIMIT = 220  # px for a service's name: the bars keep the rest of a 1280 screen's column


def run_opacities(n: int) -> list[float]:
    """One opacity per run, the first (the base) faintest: 0.4 … 1.0 evenly."""
    if n <= 1:
        return [1.0]
    return [round(0.4 + 0.6 * i / (n - 1), 3) for i in range(n)]


def queue_moved_chart(
    moved: pd.DataFrame,
    runs: Sequence[str],
    kind_labels: Mapping[str, str],
    first_organisation: str,
    axis_title: str,
    row_height: int = 48,
) -> alt.Chart:
    """Waiting and blocked patient-days per service, one band per service with a bar per run.

    `moved` is :func:`pages.ui.studio_data.queue_moved`'s frame (possibly for several runs); services are
    grouped by organisation, `first_organisation` first. One view, not a facet per service: a faceted chart
    keeps its own width and its header column, and ran past a 1280 screen's column; this one takes the
    container's width. The runs are told apart by their shade (the base faintest) and the legend.
    """
    data = moved.assign(kind=moved["kind"].map(kind_labels))
    data = data.sort_values("organisation", kind="stable", key=lambda o: o != first_organisation)
    runs = list(runs)
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y(
                "service:N",
                title=None,
                sort=list(dict.fromkeys(data["service"])),
                # "St. Olavs, medisinske/geriatriske senger" on two lines, at its comma, instead of cut
                axis=alt.Axis(
                    labelLimit=LABEL_LIMIT, labelFontSize=15, labelColor="#111111", labelExpr="split(datum.label, ', ')"
                ),
            ),
            yOffset=alt.YOffset("run:N", sort=runs, scale=alt.Scale(domain=runs, paddingInner=0.15)),
            x=alt.X("sum(days):Q", title=axis_title),
            color=alt.Color("kind:N", title=None),
            opacity=alt.Opacity(
                "run:N",
                title=None,
                sort=runs,
                scale=alt.Scale(domain=runs, range=run_opacities(len(runs))),
                legend=alt.Legend(orient="top", labelLimit=400, symbolType="square"),
            ),
            tooltip=["service", "organisation", "run", "kind", alt.Tooltip("sum(days):Q", format=",.0f")],
        )
        .properties(height=alt.Step(row_height))
        .configure_axis(labelFontSize=14, titleFontSize=16, labelColor="#111111", titleColor="#111111")
        .configure_legend(labelFontSize=15, labelLimit=400, orient="top")
    )

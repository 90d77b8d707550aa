"""Charts that more than one page draws (altair only; no Streamlit here)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import altair as alt
import pandas as pd


def queue_moved_chart(
    moved: pd.DataFrame,
    runs: Sequence[str],
    kind_labels: Mapping[str, str],
    first_organisation: str,
    axis_title: str,
    row_height: int = 48,
) -> alt.Chart:
    """Waiting and blocked patient-days per service, one row per service, the runs side by side.

    `moved` is :func:`pages.ui.studio_data.queue_moved`'s frame (possibly for several runs);
    rows are grouped by organisation, `first_organisation` first.
    """
    data = moved.assign(kind=moved["kind"].map(kind_labels))
    data = data.sort_values("organisation", kind="stable", key=lambda o: o != first_organisation)
    data["place"] = data["organisation"] + " · " + data["service"]
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("run:N", title=None, sort=list(runs), axis=alt.Axis(labelLimit=260)),
            x=alt.X("sum(days):Q", title=axis_title),
            color=alt.Color("kind:N", title=None),
            row=alt.Row(
                "place:N",
                title=None,
                sort=list(dict.fromkeys(data["place"])),
                header=alt.Header(labelAngle=0, labelAlign="left", labelFontSize=15),
            ),
            tooltip=["service", "organisation", "run", "kind", alt.Tooltip("days:Q", format=",.0f")],
        )
        .properties(height=row_height)
        .configure_axis(labelFontSize=14, titleFontSize=16)
        .configure_legend(labelFontSize=15, labelLimit=400, orient="top")
    )

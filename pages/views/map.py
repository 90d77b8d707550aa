"""Map: the service sites across Trondheim, sized by places and coloured by the current scenario's load.

The current scenario is the scenario studio's variant (``st.session_state[state.CURRENT]``)
or else the baseline. All data logic is in pages/ui/map_data.py (unit-tested); this page only draws.
"""

from __future__ import annotations

import html

import pydeck as pdk
import streamlit as st

from harmoni_model import Scenario
from harmoni_model.data.geo import load_boundary, load_locations
from harmoni_model.results.formatting import fmt_interval, fmt_number, fmt_percent
from pages.ui import map_data as md
from pages.ui import state
from pages.ui.cached_runs import BASELINE_FILE, ROOT, cached_run, scenario_file
from pages.ui.i18n import current_language, t

LOCATIONS_FILE = ROOT / "sample_data" / "locations.csv"
BOUNDARY_FILE = ROOT / "sample_data" / "trondheim_municipalities.geojson"
MAP_HEIGHT = 640
DECK, LAST_CLICK, SITE = "map:deck", "map:last_click", "map:site"  # session keys this page reads and writes
ASSUMED_MAP_WIDTH = 800  # pixels; the real width depends on the screen, the fit leaves a margin
FONT = "Source Sans Pro, Helvetica, Arial, sans-serif"


@st.cache_data(show_spinner=False)
def _locations():
    return load_locations(LOCATIONS_FILE)


@st.cache_data(show_spinner=False)
def _boundary() -> tuple[dict, list[dict]]:
    drawn = md.boundary_geojson(load_boundary(BOUNDARY_FILE))
    return drawn, md.label_positions(drawn)


lang = current_language()
st.title(t("nav.map"))
st.markdown(t("map.intro"))

current = st.session_state.get(state.CURRENT)
if isinstance(current, Scenario):
    scenario = current
    st.caption(t("map.scenario.current", name=scenario.name))
else:
    scenario = scenario_file(BASELINE_FILE)
    st.caption(t("map.scenario.baseline", name=scenario.name))

with st.spinner(t("map.running")):
    estimates = cached_run(scenario).estimates()

locations = _locations()
boundary, boundary_labels = _boundary()
sites = md.site_options(locations)

# A click on the map (kept in the chart's state from the last interaction) picks the site in the list,
# unless it is the same click as before (then the list's own choice stands).
clicked = md.site_from_selection(st.session_state.get(DECK))
picked = md.newly_clicked(clicked, st.session_state.get(LAST_CLICK))
st.session_state[LAST_CLICK] = clicked
if picked in sites:
    st.session_state[SITE] = picked

left, middle, right = st.columns([1.1, 1.5, 2])
mode = left.radio(
    t("map.colour.label"),
    md.COLOUR_MODES,
    format_func={m: t(f"map.colour.{m}") for m in md.COLOUR_MODES}.get,
    horizontal=True,
    key="map:colour",
)
basemap = middle.toggle(t("map.basemap"), value=True, help=t("map.basemap.help"), key="map:basemap")
site = right.selectbox(
    t("map.site.label"),
    list(sites),
    index=None,
    format_func=sites.get,
    placeholder=t("map.site.placeholder"),
    key=SITE,
)

points = md.build_points(
    locations,
    estimates,
    capacities={s.id: s.effective_capacity for s in scenario.services},
    labels={s.id: s.label(lang) for s in scenario.services},
    mode=mode,
    lang=lang,
)
records = md.layer_records(points)


def _ring_layer(layer_id: str, data: list, pixels: tuple[int, int], colour, width: float) -> pdk.Layer:
    """An unfilled circle around each point (an edge or a highlight), sized like the points."""
    return pdk.Layer(
        "ScatterplotLayer",
        id=layer_id,
        data=data,
        get_position=["plon", "plat"],
        get_radius="radius",
        radius_units="'meters'",
        radius_min_pixels=pixels[0],
        radius_max_pixels=pixels[1],
        filled=False,
        stroked=True,
        get_line_color=colour,
        line_width_units="'pixels'",
        get_line_width=width,
        pickable=False,
    )


layers = [
    pdk.Layer(
        "GeoJsonLayer",
        id=md.BOUNDARY_LAYER,
        data=boundary,
        stroked=True,
        filled=True,  # land against the blank sea: readable offline; see-through over a basemap
        get_fill_color="properties.fill_over_basemap" if basemap else "properties.fill",
        get_line_color="properties.line",
        get_line_width="properties.width",
        line_width_units="'pixels'",
        pickable=False,
    ),
    pdk.Layer(
        "TextLayer",
        id=md.LABEL_LAYER,
        data=[label for label in boundary_labels if not label["home"]],
        get_position=["lon", "lat"],
        get_text="label",
        get_size=17,
        get_color=[90, 90, 90, 255],
        font_family=f"'{FONT}'",
        character_set="'auto'",
        pickable=False,
    ),
    # A dark edge under each pool's coloured ring (home care), so that even the lightest class shows.
    _ring_layer(
        md.POOL_EDGE_LAYER,
        [r for r in records if r["service_id"] in md.POOL_SERVICES],
        (6, 80),
        md.OUTLINE,
        md.POOL_EDGE_PIXELS,
    ),
    pdk.Layer(
        "ScatterplotLayer",
        id=md.POINTS_LAYER,
        data=records,
        get_position=["plon", "plat"],
        get_radius="radius",
        radius_units="'meters'",
        radius_min_pixels=6,
        radius_max_pixels=80,
        get_fill_color="fill",
        stroked=True,
        get_line_color="line",
        line_width_units="'pixels'",
        get_line_width="line_width",
        pickable=True,
        auto_highlight=True,
        highlight_color=[0, 90, 156, 120],
    ),
    # Bydel names beside their home-care ring, on its emptiest side, outlined so they read on anything.
    pdk.Layer(
        "TextLayer",
        id=md.BYDEL_LAYER,
        data=md.bydel_labels(points),
        get_position=["lon", "lat"],
        get_text="label",
        get_text_anchor="anchor",
        get_alignment_baseline="baseline",
        get_size=17,
        get_color=[30, 30, 30, 255],
        font_family=f"'{FONT}'",
        font_weight=700,
        character_set="'auto'",
        font_settings={"sdf": True},
        outline_width=4,
        outline_color=[255, 255, 255, 255],
        pickable=False,
    ),
]
if site is not None:
    layers.append(
        _ring_layer(md.SELECTED_LAYER, [r for r in records if r["site_id"] == site], (11, 86), [0, 90, 156, 255], 5)
    )

tip_rows = [
    ("map.tooltip.service", "service"),
    ("map.tooltip.places", "places_text"),
    ("map.tooltip.utilisation", "utilisation_text"),
    ("map.tooltip.queue", "queue_text"),
    ("map.tooltip.bydel", "bydel"),
    ("map.tooltip.confidence", "confidence"),
]
tooltip = {
    "html": "<b>{name}</b><br/>" + "<br/>".join(f"{html.escape(t(key))}: {{{field}}}" for key, field in tip_rows),
    "style": {
        "fontSize": "16px",
        "backgroundColor": "#111111",
        "color": "#ffffff",
        "maxWidth": "360px",
        "whiteSpace": "normal",
    },
}
lat, lon, zoom = md.fit_view(locations["lat"], locations["lon"], ASSUMED_MAP_WIDTH, MAP_HEIGHT)
deck = pdk.Deck(
    layers=layers,
    initial_view_state=pdk.ViewState(latitude=lat, longitude=lon, zoom=zoom),
    map_provider="carto" if basemap else None,
    map_style="light" if basemap else None,
    tooltip=tooltip,
)

map_column, legend_column = st.columns([3, 1])
with map_column:
    st.pydeck_chart(
        deck,
        on_select="rerun",
        selection_mode="single-object",
        key=DECK,
        height=MAP_HEIGHT,
        alt=t("map.alt", what=t(f"map.colour.{mode}").lower()),
    )
    credit = t("map.credit")
    if basemap:
        credit += " " + t("map.credit.carto")
    st.caption(credit)

with legend_column:
    swatch = (
        '<div style="display:flex;align-items:center;gap:0.5rem;margin:0.2rem 0">'
        '<span style="display:inline-block;width:1.3rem;height:1.3rem;border-radius:50%;'
        'border:1.5px solid #282828;background:rgb({r},{g},{b})"></span><span>{label}</span></div>'
    )
    entries = [(e.colour, e.label) for e in md.legend(mode, lang)]
    entries.append((md.NO_DATA_COLOUR, t("map.legend.nodata")))
    st.markdown(f"**{t(f'map.legend.title.{mode}')}**")
    st.html("".join(swatch.format(r=c[0], g=c[1], b=c[2], label=html.escape(label)) for c, label in entries))
    st.caption(t("map.legend.size"))
    st.caption(t("map.legend.pool"))
    st.caption(t("map.legend.spread"))
    st.caption(t("map.legend.pooled"))

if site is not None:
    rows = points[points["site_id"] == site].sort_values("service")
    first = rows.iloc[0]
    st.subheader(t("map.details.title", name=md.site_names(locations)[site]))
    st.caption(t("map.details.bydel", bydel=first["bydel"] or "–"))
    for _, row in rows.iterrows():
        st.markdown(f"**{row['service']}**")
        c1, c2, c3, c4 = st.columns(4)
        c1.metric(t("map.details.places"), row["places_text"])
        c2.metric(
            t("map.details.utilisation"),
            fmt_percent(row["utilisation"], 1, lang),
            help=t(
                "map.details.ci",
                interval=fmt_interval(100 * row["utilisation_low"], 100 * row["utilisation_high"], 1, lang) or "–",
            ),
        )
        c3.metric(
            t("map.details.queue"),
            fmt_number(row["queue"], 1, lang),
            help=t("map.details.ci", interval=fmt_interval(row["queue_low"], row["queue_high"], 1, lang) or "–"),
        )
        c4.metric(t("map.details.wait"), fmt_number(row["wait_days"], 1, lang))
        st.caption(t("map.details.confidence", confidence=row["confidence"]))
    with st.expander(t("map.details.source")):
        for _, row in rows.iterrows():
            st.markdown(f"**{row['service']}**: {row['source']}")

st.subheader(t("map.table.title"))
order = {s.id: i for i, s in enumerate(scenario.services)}
table = points.assign(_order=points["service_id"].map(order)).sort_values(["_order", "name"])
# The numbers first (readable without scrolling on a projector), then their intervals and the data quality.
columns = {
    "map.table.site": table["name"],
    "map.table.service": table["service"],
    "map.table.bydel": table["bydel"],
    "map.table.places": table["places"],
    "map.table.utilisation": (100 * table["utilisation"]).round(1),
    "map.table.queue": table["queue"].round(1),
    "map.table.wait": table["wait_days"].round(1),
    "map.table.utilisation_ci": [
        fmt_interval(100 * lo, 100 * hi, 1, lang)
        for lo, hi in zip(table["utilisation_low"], table["utilisation_high"], strict=True)
    ],
    "map.table.queue_ci": [
        fmt_interval(lo, hi, 1, lang) for lo, hi in zip(table["queue_low"], table["queue_high"], strict=True)
    ],
    "map.table.confidence": table["confidence"],
}
# Long site and service names are cut to fit (the full name shows on hover), so the numbers stay in view.
config = {t(key): st.column_config.Column(width="medium") for key in ("map.table.site", "map.table.service")}
st.dataframe(
    {t(key): values for key, values in columns.items()}, hide_index=True, height="content", column_config=config
)
st.caption(t("map.table.help"))

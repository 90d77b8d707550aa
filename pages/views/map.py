"""Map: the service sites across Trondheim, sized by places, coloured by what the scenario changed or by its load.

The current scenario is the scenario studio's variant (``st.session_state[state.CURRENT]``)
or else the baseline; it is compared with the base it was made from (``state.CURRENT_MADE_OF``,
else the baseline): each site shows its places and patients waiting before → after, coloured
by whether the change is clear (the paired difference's 95 % interval). The map places the
services the locations file has rows for and says which services have none. All data logic is
in pages/ui/map_sites.py, map_change.py, map_colours.py, map_geometry.py and map_boundaries.py
(unit-tested), the layers in map_layers.py; this page only draws.
"""

from __future__ import annotations

import html

import streamlit as st

from harmoni_model import Scenario
from harmoni_model.data.geo import load_boundary, load_locations
from harmoni_model.results.formatting import fmt_interval, fmt_number, fmt_percent
from pages.ui import map_change as mc
from pages.ui import map_layers as layers
from pages.ui import map_sites as ms
from pages.ui import state
from pages.ui.cached_runs import BASELINE_FILE, ROOT, RUN_ERRORS, cached_run, scenario_file, stop_with_run_error
from pages.ui.i18n import current_language, t
from pages.ui.map_boundaries import boundary_geojson, label_positions
from pages.ui.map_colours import CHANGE_COLOURS, COLOUR_MODES, NO_DATA_COLOUR, legend
from pages.ui.map_geometry import fit_view
from pages.ui.table_fit import escaped, fitted_table
from pages.ui.user_text import literal, literal_line

LOCATIONS_FILE = ROOT / "sample_data" / "locations.csv"
BOUNDARY_FILE = ROOT / "sample_data" / "trondheim_municipalities.geojson"
MAP_HEIGHT = 640
DECK, LAST_CLICK, SITE = "map:deck", "map:last_click", "map:site"  # session keys this page reads and writes
ASSUMED_MAP_WIDTH = 800  # pixels; the real width depends on the screen, the fit leaves a margin


@st.cache_data(show_spinner=False)
def _locations():
    return load_locations(LOCATIONS_FILE)


@st.cache_data(show_spinner=False)
def _boundary() -> tuple[dict, list[dict]]:
    drawn = boundary_geojson(load_boundary(BOUNDARY_FILE))
    return drawn, label_positions(drawn)


lang = current_language()
st.title(t("nav.map"))
st.markdown(t("map.intro"))

current = st.session_state.get(state.CURRENT)
made_of = st.session_state.get(state.CURRENT_MADE_OF)
if isinstance(current, Scenario):
    scenario = current
    # compared with the base the studio made it from (a prepared start, an upload), else the baseline
    base = made_of[0] if isinstance(made_of, tuple) and made_of and isinstance(made_of[0], Scenario) else None
    base = base or scenario_file(BASELINE_FILE)
    st.caption(t("map.scenario.current", name=literal(scenario.name)))  # a name is text, not markdown
else:
    scenario = base = scenario_file(BASELINE_FILE)
    st.caption(t("map.scenario.baseline", name=literal(scenario.name)))
# the same content is no change (the studio's variant before any lever is moved)
changed = base.content_hash() != scenario.content_hash()

try:
    with st.spinner(t("map.running")):
        run = cached_run(scenario)
        base_run = cached_run(base) if changed else run
except RUN_ERRORS as exc:  # busy, too long, or a scenario the model cannot run: a message, not a traceback
    stop_with_run_error(exc)
estimates = run.estimates()
changes = mc.service_changes(run.results, base_run.results)
verdict_words = {v: t(f"map.change.{v}") for v in CHANGE_COLOURS}

all_locations = _locations()
locations, unplaced = ms.sites_of(all_locations, scenario)
labels = {s.id: s.label(lang) for s in scenario.services}
if unplaced:
    key = "map.unplaced.all" if locations.empty else "map.unplaced"
    st.info(t(key, services=literal_line(", ".join(labels[sid] for sid in unplaced))), icon=":material/location_off:")
boundary, boundary_labels = _boundary()
sites = ms.site_options(locations)

# A click on the map (kept in the chart's state from the last interaction) picks the site in the list,
# unless it is the same click as before (then the list's own choice stands).
clicked = layers.site_from_selection(st.session_state.get(DECK))
picked = layers.newly_clicked(clicked, st.session_state.get(LAST_CLICK))
st.session_state[LAST_CLICK] = clicked
if picked in sites:
    st.session_state[SITE] = picked
if st.session_state.get(SITE) not in sites:
    st.session_state.pop(SITE, None)  # a site of a service this scenario does not have

left, middle, right = st.columns([1.1, 1.5, 2])
mode = left.radio(
    t("map.colour.label"),
    COLOUR_MODES,
    index=COLOUR_MODES.index("change" if changed else "utilisation"),  # a first visit: what matters most
    format_func={m: t(f"map.colour.{m}") for m in COLOUR_MODES}.get,
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

points = ms.build_points(
    locations,
    estimates,
    capacities=ms.service_places(scenario),
    labels=labels,
    mode=mode,
    lang=lang,
    pooled=ms.pools(scenario),
    over_full=ms.can_pass_full(scenario),
    changes=changes,
    capacities_before=ms.service_places(base),
    verdict_words=verdict_words,
)
tip_rows = [
    ("map.tooltip.service", "service"),
    ("map.tooltip.places", "places_text"),
    ("map.tooltip.utilisation", "utilisation_text"),
    ("map.tooltip.queue", "queue_text"),
    *([("map.tooltip.waiting", "waiting_text"), ("map.tooltip.change", "change_text")] if changed else []),
    ("map.tooltip.bydel", "bydel"),
    ("map.tooltip.confidence", "confidence"),
]
names = mc.site_labels(points, ms.site_names(locations), lang, t("map.places_word"), always=site)
# The view is the area of the locations file, whichever of its sites this scenario has.
view = fit_view(all_locations["lat"], all_locations["lon"], ASSUMED_MAP_WIDTH, MAP_HEIGHT)
deck = layers.deck(
    points, boundary, boundary_labels, view, basemap, site, layers.tooltip([(t(k), f) for k, f in tip_rows]), names
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
    if mode == "change":
        entries = [(CHANGE_COLOURS[v], t(f"map.legend.change.{v}")) for v in ("better", "worse", "unclear")]
    else:
        entries = [(e.colour, e.label) for e in legend(mode, lang)]
    entries.append((NO_DATA_COLOUR, t("map.legend.nodata")))
    st.markdown(f"**{t(f'map.legend.title.{mode}')}**")
    st.html("".join(swatch.format(r=c[0], g=c[1], b=c[2], label=html.escape(label)) for c, label in entries))
    if mode == "change":
        key = "map.legend.change.help" if changed else "map.legend.change.none"
        st.caption(t(key, base=literal_line(base.name)))
    st.caption(t("map.legend.size"))
    if points["pool"].any():
        st.caption(t("map.legend.pool"))
    st.caption(t("map.legend.spread"))
    st.caption(t("map.legend.pooled"))

if site is not None:
    rows = points[points["site_id"] == site].sort_values("service")
    first = rows.iloc[0]
    st.subheader(t("map.details.title", name=literal_line(ms.site_names(locations)[site])))
    st.caption(t("map.details.bydel", bydel=literal_line(first["bydel"] or "–")))
    for _, row in rows.iterrows():
        st.markdown(f"**{literal_line(row['service'])}**")
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
        if changed:
            st.caption(t("map.details.change", waiting=row["waiting_text"], change=row["change_text"]))
        st.caption(t("map.details.confidence", confidence=literal_line(row["confidence"])))
    with st.expander(t("map.details.source")):
        for _, row in rows.iterrows():
            st.markdown(f"**{literal_line(row['service'])}**: {literal(row['source'])}")

if not points.empty:
    # One row per service: the model treats each service as one pool, so its figures are the same at every site.
    st.subheader(t("map.table.title"))
    counts = points[~points["pool"]].groupby("service_id")["site_id"].nunique().to_dict()
    counts |= {sid: points.loc[points["service_id"] == sid, "bydel"].nunique() for sid in ms.pools(scenario)}
    table = mc.service_rows(scenario, changes, counts, lang, verdict_words)
    keep = [c for c in table.columns if changed or c not in ("change", "verdict")]
    shown = escaped(table[keep].rename(columns={c: t(f"map.table.{c}") for c in keep}))  # (names from a file)
    if changed:  # the verdict in the map's colours, so the table and the map read alike on a projector
        styles = {verdict_words[v]: mc.verdict_style(v) for v in CHANGE_COLOURS}
        shown = shown.style.map(lambda word: styles.get(word, ""), subset=[t("map.table.verdict")])
    fitted_table(shown)  # a static table whose cells wrap: seven columns fit a 1280 px screen with the sidebar open
    st.caption(t("map.table.help.change" if changed else "map.table.help", base=literal_line(base.name)))

"""The map's deck.gl layers (pydeck) and reading a click on them.

The layers draw what :mod:`pages.ui.map_sites` computed: the municipal outlines and their
names, the sites (circles sized by places, coloured by load), pools as rings, district names
and the picked site. Every layer has an id, because the page's selection is keyed by it.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import pydeck as pdk

from .map_colours import OUTLINE, POOL_EDGE_PIXELS
from .map_geometry import bydel_labels

POINTS_LAYER = "sites"
SELECTED_LAYER = "selected-site"
BOUNDARY_LAYER = "municipalities"
LABEL_LAYER = "municipality-names"
BYDEL_LAYER = "bydel-names"
POOL_EDGE_LAYER = "pool-edges"
SITE_LABEL_LAYER = "site-names"
SELECTED_COLOUR = [0, 90, 156, 255]
FONT = "Source Sans Pro, Helvetica, Arial, sans-serif"
# the records' text fields a tooltip may show (escaped: the tooltip is HTML)
TOOLTIP_TEXT = (
    "name", "service", "bydel", "confidence", "places_text", "utilisation_text", "queue_text", "waiting_text",
    "change_text",
)  # fmt: skip


def layer_records(points: pd.DataFrame) -> list[dict[str, Any]]:
    """The points as plain records for the deck (only what the layer and tooltip use; JSON-safe)."""
    columns = [
        "site_id",
        "name",
        "service_id",
        "service",
        "bydel",
        "confidence",
        "plat",
        "plon",
        "radius",
        "fill",
        "line",
        "line_width",
        "places_text",
        "utilisation_text",
        "queue_text",
        "waiting_text",
        "change_text",
        "pool",
    ]
    # the change's texts are there when the page has a base to compare with; a dash where they are not
    points = points.assign(**{c: "–" for c in ("waiting_text", "change_text") if c not in points.columns})
    records = [dict(zip(columns, row, strict=True)) for row in points[columns].itertuples(index=False, name=None)]
    # deck.gl puts a record's fields into the tooltip's HTML as they are: a service label from an uploaded
    # scenario (or a site's name) must arrive escaped, or it is markup (an <img> fetched from outside)
    for record in records:
        for field in TOOLTIP_TEXT:
            record[field] = html.escape(str(record[field]), quote=True)
    return records


def site_from_selection(
    selection: Mapping[str, Any] | None, points: pd.DataFrame | None = None, layer_id: str = POINTS_LAYER
) -> str | None:
    """The site_id picked on the map, from ``st.pydeck_chart``'s selection state, or None.

    Accepts the whole event (``{"selection": {...}}``) or its ``selection`` part. Uses the picked
    object's ``site_id``; falls back to the picked index into `points` (the layer's data order).
    """
    if not selection:
        return None
    inner = selection.get("selection", selection)
    if not isinstance(inner, Mapping):
        return None
    objects = (inner.get("objects") or {}).get(layer_id) or []
    for obj in objects:
        if isinstance(obj, Mapping) and obj.get("site_id"):
            return str(obj["site_id"])
    indices = (inner.get("indices") or {}).get(layer_id) or []
    if points is not None:
        for index in indices:
            if isinstance(index, int) and 0 <= index < len(points):
                return str(points.iloc[index]["site_id"])
    return None


def newly_clicked(clicked: str | None, last_click: str | None) -> str | None:
    """The site to show because of a new click on the map, or None when the click is old news.

    The map keeps its selection across reruns, so the same click must not override a site chosen
    later in the list: only a click that differs from the last one handled counts.
    """
    return clicked if clicked is not None and clicked != last_click else None


def _ring_layer(layer_id: str, data: list, pixels: tuple[int, int], colour: list[int], width: float) -> pdk.Layer:
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


def tooltip(rows: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """The deck's tooltip: the site's name, then one ``label: {field}`` line per row (labels already translated)."""
    return {
        "html": "<b>{name}</b><br/>" + "<br/>".join(f"{html.escape(label)}: {{{field}}}" for label, field in rows),
        "style": {
            "fontSize": "16px",
            "backgroundColor": "#111111",
            "color": "#ffffff",
            "maxWidth": "360px",
            "whiteSpace": "normal",
        },
    }


def deck(
    points: pd.DataFrame,
    boundary: Mapping[str, Any],
    boundary_labels: Sequence[Mapping[str, Any]],
    view: tuple[float, float, float],
    basemap: bool,
    site: str | None,
    tip: Mapping[str, Any],
    names: Sequence[Mapping[str, Any]] = (),
) -> pdk.Deck:
    """The map: outlines and neighbours' names, pools' edges, the sites, district names, the picked site.

    `view` is (lat, lon, zoom), `tip` from :func:`tooltip`, `names` the sites' labels
    (``map_change.site_labels``, in the app's own font: nothing is fetched); with `basemap` the
    outlines are see-through over CARTO's light map, without it they are land against a blank sea.
    """
    records = layer_records(points)
    layers = [
        pdk.Layer(
            "GeoJsonLayer",
            id=BOUNDARY_LAYER,
            data=boundary,
            stroked=True,
            filled=True,
            get_fill_color="properties.fill_over_basemap" if basemap else "properties.fill",
            get_line_color="properties.line",
            get_line_width="properties.width",
            line_width_units="'pixels'",
            pickable=False,
        ),
        pdk.Layer(
            "TextLayer",
            id=LABEL_LAYER,
            data=[label for label in boundary_labels if not label["home"]],
            get_position=["lon", "lat"],
            get_text="label",
            get_size=17,
            get_color=[90, 90, 90, 255],
            font_family=f"'{FONT}'",
            character_set="'auto'",
            pickable=False,
        ),
        # A dark edge under each pool's coloured ring, so that even the lightest class shows.
        _ring_layer(POOL_EDGE_LAYER, [r for r in records if r["pool"]], (6, 80), OUTLINE, POOL_EDGE_PIXELS),
        pdk.Layer(
            "ScatterplotLayer",
            id=POINTS_LAYER,
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
        # District names beside their pool's ring, on its emptiest side, outlined so they read on anything.
        pdk.Layer(
            "TextLayer",
            id=BYDEL_LAYER,
            data=bydel_labels(points),
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
    if names:
        # The sites' names (and places before → after), in the page's font: deck.gl draws them into a
        # texture from the fonts the browser already has (Streamlit serves Source Sans itself), so this
        # layer fetches nothing, which the projector's offline laptop and the app's CSP need.
        layers.append(
            pdk.Layer(
                "TextLayer",
                id=SITE_LABEL_LAYER,
                data=list(names),
                get_position=["lon", "lat"],
                get_text="label",
                get_size="size",
                get_color=[20, 20, 20, 255],
                get_text_anchor="anchor",
                get_alignment_baseline="baseline",
                get_pixel_offset="offset",
                font_family=f"'{FONT}'",
                font_weight=600,
                character_set="'auto'",
                font_settings={"sdf": True},
                outline_width=4,
                outline_color=[255, 255, 255, 255],
                line_height=1.1,
                pickable=False,
            )
        )
    if site is not None:
        chosen = [r for r in records if r["site_id"] == site]
        layers.append(_ring_layer(SELECTED_LAYER, chosen, (11, 86), SELECTED_COLOUR, 5))
    lat, lon, zoom = view
    return pdk.Deck(
        layers=layers,
        initial_view_state=pdk.ViewState(latitude=lat, longitude=lon, zoom=zoom),
        map_provider="carto" if basemap else None,
        map_style="light" if basemap else None,
        tooltip=tip,
    )

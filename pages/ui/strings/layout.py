"""Texts of the projector layout: the dashboard's headline tiles (latest week) and compact banners."""

STRINGS = {
    "nb": {
        "layout.overview.latest": "**Siste uke: {week}** ({dates}). Pilene viser endringen fra uka før.",
        "layout.overview.latest_help": (
            "Verdien for {week}. Endringen er mot uka før; under: hvor verdien står mot målet eller "
            "referansenivået. Tallene for hele den valgte perioden står lenger ned."
        ),
        "layout.overview.no_previous": "Ingen verdi for uka før",
        "layout.overview.period_tiles": "Valgt periode",
    },
    "en": {
        "layout.overview.latest": "**Latest week: {week}** ({dates}). The arrows show the change from the week before.",
        "layout.overview.latest_help": (
            "The value for {week}. The change is against the week before; below it: where the value stands "
            "against the target or reference level. The figures for the whole chosen period are further down."
        ),
        "layout.overview.no_previous": "No value for the week before",
        "layout.overview.period_tiles": "Chosen period",
    },
}

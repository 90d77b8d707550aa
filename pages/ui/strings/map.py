"""Texts of the map page."""

STRINGS = {
    "nb": {
        "map.intro": (
            "Tjenestestedene i Trondheim. **Sirkelens størrelse** viser antall plasser, "
            "**fargen** viser belastningen i scenarioet. Klikk et punkt, eller velg et sted i listen."
        ),
        "map.scenario.current": "Viser scenarioet «{name}» fra scenariostudioet.",
        "map.scenario.baseline": ("Viser grunnscenarioet **{name}**. Endrer du noe i scenariostudioet, vises det her."),
        "map.running": "Simulerer scenarioet …",
        "map.colour.label": "Farge etter",
        "map.colour.utilisation": "Belegg",
        "map.colour.queue": "Kø",
        "map.basemap": "Bakgrunnskart (krever internett)",
        "map.basemap.help": (
            "Bakgrunnskartet hentes fra CARTO over internett. Uten nett viser kommunegrensene hvor stedene ligger."
        ),
        "map.site.label": "Sted",
        "map.site.placeholder": "Klikk et punkt på kartet, eller velg et sted her",
        "map.alt": "Kart over Trondheim med tjenestestedene som sirkler, farget etter {what}.",
        "map.legend.title.utilisation": "Belegg: andel av plassene i bruk (snitt over året)",
        "map.legend.title.queue": "Kø: pasienter som venter på tjenesten (snitt over året)",
        "map.legend.nodata": "ingen resultat",
        "map.legend.size": "Sirkelens areal viser antall plasser.",
        "map.unplaced": (
            "Ingen steder i kartdataene for {services}: tjenesten er med i simuleringen, men vises ikke på kartet."
        ),
        "map.unplaced.all": (
            "Kartdataene (sample_data/locations.csv) har ingen steder for tjenestene i dette scenariet "
            "({services}): kartet viser bare kommunegrensene."
        ),
        "map.legend.pool": "Tjenester i hjemmet (klientplasser, ikke senger) vises som en ring midt i hver bydel.",
        "map.legend.spread": (
            "Steder med flere tjenester, eller som ligger tett (St. Olavs og Øya helsehus), "
            "vises som punkter i en liten ring rundt stedet."
        ),
        "map.legend.pooled": (
            "Modellen regner hver tjeneste som én felles kø: alle steder med samme tjeneste "
            "viser tjenestens tall. Plassene fordeles på stedene etter stedslisten."
        ),
        "map.credit": (
            "Kommunegrenser © Kartverket (CC BY 4.0). Steder og plasser: sample_data/locations.csv (EST = anslag)."
        ),
        "map.credit.carto": "Bakgrunnskart © CARTO, kartdata © OpenStreetMap-bidragsytere.",
        "map.tooltip.service": "Tjeneste",
        "map.tooltip.places": "Plasser",
        "map.tooltip.utilisation": "Belegg",
        "map.tooltip.queue": "Kø (snitt)",
        "map.tooltip.bydel": "Bydel",
        "map.tooltip.confidence": "Sikkerhet",
        "map.details.title": "{name}",
        "map.details.bydel": "Bydel: {bydel}",
        "map.details.places": "Plasser her",
        "map.details.utilisation": "Belegg (hele tjenesten)",
        "map.details.queue": "Kø, snitt (hele tjenesten)",
        "map.details.wait": "Ventetid, snitt (dager)",
        "map.details.blocked": "Ferdigbehandlet, venter videre (snitt)",
        "map.details.ci": "95 % KI {interval}",
        "map.details.confidence": "Sikkerhet: {confidence}",
        "map.details.source": "Kilder for stedet",
        "map.table.title": "Alle steder",
        "map.table.site": "Sted",
        "map.table.service": "Tjeneste",
        "map.table.bydel": "Bydel",
        "map.table.places": "Plasser",
        "map.table.utilisation": "Belegg %",
        "map.table.utilisation_ci": "Belegg 95 % KI",
        "map.table.queue": "Kø (snitt)",
        "map.table.queue_ci": "Kø 95 % KI",
        "map.table.wait": "Ventetid (dager)",
        "map.table.confidence": "Sikkerhet",
        "map.table.help": (
            "Tallene gjelder hele tjenesten (alle stedene), med 95 % konfidensintervall over replikasjonene."
        ),
    },
    "en": {
        "map.intro": (
            "Service sites across Trondheim. **Circle size** shows the number of places, "
            "**colour** the load in the scenario. Click a point, or pick a site from the list."
        ),
        "map.scenario.current": "Showing the scenario “{name}” from the scenario studio.",
        "map.scenario.baseline": (
            "Showing the baseline **{name}**. What you change in the scenario studio shows here."
        ),
        "map.running": "Simulating the scenario …",
        "map.colour.label": "Colour by",
        "map.colour.utilisation": "Utilisation",
        "map.colour.queue": "Queue",
        "map.basemap": "Basemap (needs internet)",
        "map.basemap.help": (
            "The basemap comes from CARTO over the internet. Offline, the municipal boundaries show where sites are."
        ),
        "map.site.label": "Site",
        "map.site.placeholder": "Click a point on the map, or pick a site here",
        "map.alt": "Map of Trondheim with the service sites as circles, coloured by {what}.",
        "map.legend.title.utilisation": "Utilisation: share of places in use (mean over the year)",
        "map.legend.title.queue": "Queue: patients waiting for the service (mean over the year)",
        "map.legend.nodata": "no result",
        "map.legend.size": "Circle area shows the number of places.",
        "map.unplaced": "No sites in the map data for {services}: simulated, but not shown on the map.",
        "map.unplaced.all": (
            "The map data (sample_data/locations.csv) has no sites for the services of this scenario "
            "({services}): the map shows the municipal boundaries only."
        ),
        "map.legend.pool": (
            "Care at home (client places, not beds) shows as a ring in the middle of each bydel (borough)."
        ),
        "map.legend.spread": (
            "Sites with several services, or close together (St. Olavs and Øya helsehus), "
            "show as points on a small ring around the site."
        ),
        "map.legend.pooled": (
            "The model treats each service as one shared queue: every site of a service shows "
            "the service's figures. Places are shared out over the sites as in the site list."
        ),
        "map.credit": (
            "Municipal boundaries © Kartverket (CC BY 4.0). "
            "Sites and places: sample_data/locations.csv (EST = estimate)."
        ),
        "map.credit.carto": "Basemap © CARTO, map data © OpenStreetMap contributors.",
        "map.tooltip.service": "Service",
        "map.tooltip.places": "Places",
        "map.tooltip.utilisation": "Utilisation",
        "map.tooltip.queue": "Queue (mean)",
        "map.tooltip.bydel": "Bydel",
        "map.tooltip.confidence": "Confidence",
        "map.details.title": "{name}",
        "map.details.bydel": "Bydel (borough): {bydel}",
        "map.details.places": "Places here",
        "map.details.utilisation": "Utilisation (whole service)",
        "map.details.queue": "Queue, mean (whole service)",
        "map.details.wait": "Wait, mean (days)",
        "map.details.blocked": "Done, waiting to move on (mean)",
        "map.details.ci": "95 % CI {interval}",
        "map.details.confidence": "Confidence: {confidence}",
        "map.details.source": "Sources for this site",
        "map.table.title": "All sites",
        "map.table.site": "Site",
        "map.table.service": "Service",
        "map.table.bydel": "Bydel",
        "map.table.places": "Places",
        "map.table.utilisation": "Utilisation %",
        "map.table.utilisation_ci": "Utilisation 95 % CI",
        "map.table.queue": "Queue (mean)",
        "map.table.queue_ci": "Queue 95 % CI",
        "map.table.wait": "Wait (days)",
        "map.table.confidence": "Confidence",
        "map.table.help": (
            "Figures are for the whole service (all its sites), with a 95 % confidence interval over replications."
        ),
    },
}

"""Texts of the map page."""

STRINGS = {
    "nb": {
        "map.intro": (
            "Tjenestestedene i Trondheim. **Sirkelens størrelse** viser antall plasser, **fargen** hva "
            "scenarioet endret (eller belegg og kø). Klikk et punkt, eller velg et sted i listen."
        ),
        "map.scenario.current": "Viser scenarioet «{name}» fra scenariostudioet.",
        "map.scenario.baseline": ("Viser grunnscenarioet **{name}**. Endrer du noe i scenariostudioet, vises det her."),
        "map.running": "Simulerer scenarioet …",
        "map.colour.change": "Endring",
        "map.change.better": "Bedre",
        "map.change.worse": "Verre",
        "map.change.unclear": "Ingen klar endring",
        "map.change.same": "Uendret",
        "map.legend.title.change": "Endring i ventende pasienter (i kø eller utskrivningsklare)",
        "map.legend.change.better": "Klart færre venter",
        "map.legend.change.worse": "Klart flere venter",
        "map.legend.change.unclear": "Ingen klar endring",
        "map.legend.change.help": (
            "Før → etter: «{base}» → scenarioet, replikasjon for replikasjon. Fargen viser om 95 %-intervallet "
            "for endringen ligger under 0 (bedre) eller over 0 (verre); grå: intervallet inneholder 0."
        ),
        "map.legend.change.none": (
            "Kartet viser «{base}» selv, så ingenting er endret. Endre noe i scenariostudioet, så vises endringen her."
        ),
        "map.tooltip.waiting": "Venter, snitt (før → etter)",
        "map.tooltip.change": "Endring (95 % KI)",
        "map.places_word": "plasser",
        "map.details.change": "Venter (i kø eller utskrivningsklare, snitt): {waiting}. Endring: {change}.",
        "map.table.sites": "Steder",
        "map.table.waiting": "Venter (snitt)",
        "map.table.change": "Endring i ventende (95 % KI)",
        "map.table.verdict": "Vurdering",
        "map.table.help.change": (
            "Én rad per tjeneste: modellen regner hver tjeneste som én felles kø. Før → etter: «{base}» → "
            "scenarioet. Venter = pasienter i kø og utskrivningsklare som venter på neste tjeneste (snitt over "
            "året); endringen er parvis over replikasjonene, med 95 % konfidensintervall."
        ),
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
        "map.table.title": "Alle tjenester",
        "map.table.service": "Tjeneste",
        "map.table.places": "Plasser",
        "map.table.utilisation": "Belegg",
        "map.table.help": (
            "Én rad per tjeneste: modellen regner hver tjeneste som én felles kø, så tallene gjelder alle stedene. "
            "Venter = pasienter i kø og utskrivningsklare som venter på neste tjeneste (snitt over året)."
        ),
    },
    "en": {
        "map.intro": (
            "Service sites across Trondheim. **Circle size** shows the number of places, **colour** what the "
            "scenario changed (or utilisation and queue). Click a point, or pick a site from the list."
        ),
        "map.scenario.current": "Showing the scenario “{name}” from the scenario studio.",
        "map.scenario.baseline": (
            "Showing the baseline **{name}**. What you change in the scenario studio shows here."
        ),
        "map.running": "Simulating the scenario …",
        "map.colour.change": "Change",
        "map.change.better": "Better",
        "map.change.worse": "Worse",
        "map.change.unclear": "No clear change",
        "map.change.same": "Unchanged",
        "map.legend.title.change": "Change in patients waiting (in a queue or ready to leave)",
        "map.legend.change.better": "Clearly fewer waiting",
        "map.legend.change.worse": "Clearly more waiting",
        "map.legend.change.unclear": "No clear change",
        "map.legend.change.help": (
            "Before → after: “{base}” → the scenario, replication by replication. The colour shows whether the "
            "change's 95 % interval lies below 0 (better) or above 0 (worse); grey: the interval holds 0."
        ),
        "map.legend.change.none": (
            "The map shows “{base}” itself, so nothing has changed. Change something in the scenario studio "
            "and the change shows here."
        ),
        "map.tooltip.waiting": "Waiting, mean (before → after)",
        "map.tooltip.change": "Change (95 % CI)",
        "map.places_word": "places",
        "map.details.change": "Waiting (in a queue or ready to leave, mean): {waiting}. Change: {change}.",
        "map.table.sites": "Sites",
        "map.table.waiting": "Waiting (mean)",
        "map.table.change": "Change in waiting (95 % CI)",
        "map.table.verdict": "Verdict",
        "map.table.help.change": (
            "One row per service: the model treats each service as one shared queue. Before → after: “{base}” → "
            "the scenario. Waiting = patients in the queue and ready-to-leave patients waiting for the next "
            "service (mean over the year); the change is paired over replications, with a 95 % confidence interval."
        ),
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
        "map.table.title": "All services",
        "map.table.service": "Service",
        "map.table.places": "Places",
        "map.table.utilisation": "Utilisation",
        "map.table.help": (
            "One row per service: the model treats each service as one shared queue, so its figures hold for every "
            "site. Waiting = patients in the queue and ready-to-leave patients waiting for the next service (mean)."
        ),
    },
}

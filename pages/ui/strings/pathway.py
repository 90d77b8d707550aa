"""The pathway diagram (the studio's first view)."""

STRINGS = {
    "nb": {
        "pathway.tab": "Pasientflyt",
        "pathway.legend": "Belegg av plassene (scenario)",
        "pathway.band.low": "under 85 %",
        "pathway.band.mid": "85–95 %",
        "pathway.band.high": "95–100 %",
        "pathway.band.over": "over 100 % (korridor)",
        "pathway.band.none": "ingen plasser",
        "pathway.queue": "{value} i kø",
        "pathway.blocked": "{value} utskr.klare",
        "pathway.per_day": "{value}/døgn",
        "pathway.in": "inn",
        "pathway.out": "ut",
        "pathway.caption": (
            "Boksene: belegg / plasser, kø og utskrivningsklare (snitt, pasienter), {base} → scenario. "
            "Pilene: pasienter innlagt per døgn, scenarioets bredde i farge, dagens i grått med tynn kant; "
            "«inn» kommer hjemmefra, «ut» går hjem eller dør. Klikk en boks for å velge tjenesten."
        ),
        "pathway.alt": "Pasientflyten mellom tjenestene: bokser for tjenestene og piler for pasientene per døgn.",
        "pathway.tip.service": "Tjeneste",
        "pathway.tip.occupancy": "Belegg (snitt)",
        "pathway.tip.places": "Plasser",
        "pathway.tip.utilisation": "Belegg i % av plassene",
        "pathway.tip.queue": "Kø (snitt)",
        "pathway.tip.blocked": "Utskrivningsklare (snitt)",
        "pathway.tip.flow": "Pasienter per døgn",
        "pathway.tip.from": "Fra",
        "pathway.tip.to": "Til",
        "pathway.home": "hjemme / ut",
        "pathway.outside": "hjemmefra",
        "pathway.chosen": "Valgt: **{service}**. Plasser endrer du i sidepanelet.",
        "pathway.show_time": "Vis over tid",
    },
    "en": {
        "pathway.tab": "Patient flow",
        "pathway.legend": "Occupancy of the places (scenario)",
        "pathway.band.low": "under 85%",
        "pathway.band.mid": "85–95%",
        "pathway.band.high": "95–100%",
        "pathway.band.over": "over 100% (corridor)",
        "pathway.band.none": "no places",
        "pathway.queue": "{value} queueing",
        "pathway.blocked": "{value} ready to leave",
        "pathway.per_day": "{value}/day",
        "pathway.in": "in",
        "pathway.out": "out",
        "pathway.caption": (
            "Boxes: occupancy / places, queue and patients ready to leave (mean, patients), {base} → scenario. "
            "Arrows: patients admitted per day, the scenario's width in colour, today's in grey with a thin edge; "
            "“in” comes from home, “out” goes home or dies. Click a box to choose the service."
        ),
        "pathway.alt": "The patient flow between the services: a box per service and arrows for patients per day.",
        "pathway.tip.service": "Service",
        "pathway.tip.occupancy": "Occupancy (mean)",
        "pathway.tip.places": "Places",
        "pathway.tip.utilisation": "Occupancy, % of places",
        "pathway.tip.queue": "Queue (mean)",
        "pathway.tip.blocked": "Ready to leave (mean)",
        "pathway.tip.flow": "Patients a day",
        "pathway.tip.from": "From",
        "pathway.tip.to": "To",
        "pathway.home": "home / out",
        "pathway.outside": "from home",
        "pathway.chosen": "Chosen: **{service}**. Change its places in the sidebar.",
        "pathway.show_time": "Show over time",
    },
}

"""Texts of the compare page."""

STRINGS = {
    "nb": {
        "nav.compare": "Sammenlign scenarioer",
        "compare.intro": (
            "Velg opptil fire lagrede scenarioer. De sammenlignes side om side med «{base}», som alltid er med."
        ),
        "compare.empty": (
            "Biblioteket er tomt. Lag et scenario i **Scenariostudio**, åpne **Scenariobibliotek** i sidepanelet "
            "og trykk **Lagre** – da dukker det opp her."
        ),
        "compare.pick": "Scenarioer å sammenligne",
        "compare.pick_help": "Velg minst ett, helst 2–4.",
        "compare.pick_more": "Velg scenarioer over for å sammenligne dem med «{base}».",
        "compare.running": "Simulerer …",
        "compare.open_failed": "«{name}» kan ikke åpnes: {message}",
        "compare.damaged": "Skadet, og derfor ikke med: {names}. Innholdet er ikke et gyldig scenario.",
        "compare.kpis": "Nøkkeltall",
        "compare.kpi": "Nøkkeltall",
        "compare.ci": "Endring fra «{base}» med samme pasienter (parvis differanse, 95 % KI).",
        "compare.changes": "Endring fra «{base}»",
        "compare.ci_values": "Gjennomsnitt over replikasjonene (95 % KI).",
        "compare.moved": "Hvor køen flyttet seg",
        "compare.moved_caption": "Pasientdøgn per år i kø eller som overliggere, per tjeneste, for hvert scenario.",
        "compare.costs": "Hvem betaler (per år)",
        "compare.unpaired": (
            "\\* Ikke de samme pasientene som i «{base}» (annet frø, andre replikasjoner, horisont, innkjøring "
            "eller startdato): endringen er en differanse av gjennomsnitt med Welchs intervall, bredere enn et "
            "parvis intervall."
        ),
        "compare.who": "Hvem og hvorfor",
        "compare.by": "{author} · lagret {created}",
        "compare.no_author": "ukjent",
        "compare.no_reason": "Ingen begrunnelse.",
        "compare.base_reason": "Dagens situasjon, utgangspunktet for alle scenarioene.",
        "compare.report": "Workshoprapport",
        "compare.report_all": "Ta med alle lagrede scenarioer (høyst {n}), ikke bare de valgte",
        "compare.report_make": "Lag rapport",
        "compare.report_running": "Lager rapporten …",
        "compare.report_title": "HARMONI workshop: scenarioer og begrunnelser",
        "compare.report_html": "Last ned rapport (HTML, virker uten nett)",
        "compare.report_csv": "Nøkkeltall (CSV)",
        "compare.report_xlsx": "Nøkkeltall (Excel)",
    },
    "en": {
        "nav.compare": "Compare scenarios",
        "compare.intro": (
            "Pick up to four saved scenarios. They are compared side by side with “{base}”, which is always in."
        ),
        "compare.empty": (
            "The library is empty. Build a scenario in the **Scenario studio**, open **Scenario library** in the "
            "sidebar and press **Save** – it will show up here."
        ),
        "compare.pick": "Scenarios to compare",
        "compare.pick_help": "Pick at least one, ideally 2–4.",
        "compare.pick_more": "Pick scenarios above to compare them with “{base}”.",
        "compare.running": "Simulating …",
        "compare.open_failed": "“{name}” cannot be opened: {message}",
        "compare.damaged": "Damaged, and so left out: {names}. Their content is not a valid scenario.",
        "compare.kpis": "Key figures",
        "compare.kpi": "Key figure",
        "compare.ci": "Change from “{base}” with the same patients (paired difference, 95 % CI).",
        "compare.changes": "Change from “{base}”",
        "compare.ci_values": "Mean over the replications (95 % CI).",
        "compare.moved": "Where the queue moved",
        "compare.moved_caption": "Patient-days a year waiting or ready to leave, per service, for each scenario.",
        "compare.costs": "Who pays (a year)",
        "compare.unpaired": (
            "\\* Not the same patients as in “{base}” (another seed, other replications, horizon, warm-up or start "
            "date): the change is a difference of means with Welch's interval, wider than a paired interval."
        ),
        "compare.who": "Who and why",
        "compare.by": "{author} · saved {created}",
        "compare.no_author": "unknown",
        "compare.no_reason": "No reason given.",
        "compare.base_reason": "Today's situation, the starting point of every scenario.",
        "compare.report": "Workshop report",
        "compare.report_all": "Include every saved scenario (at most {n}), not only those chosen",
        "compare.report_make": "Make the report",
        "compare.report_running": "Making the report …",
        "compare.report_title": "HARMONI workshop: scenarios and reasons",
        "compare.report_html": "Download the report (HTML, works offline)",
        "compare.report_csv": "Key figures (CSV)",
        "compare.report_xlsx": "Key figures (Excel)",
    },
}

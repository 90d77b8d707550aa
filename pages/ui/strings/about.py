"""Texts of the about page."""

STRINGS = {
    "nb": {
        "about.intro": (
            "HARMONI workshop studio hjelper St. Olavs hospital og Trondheim kommune å planlegge tjenester "
            "for skrøpelige eldre sammen. Spørsmålet bak hver side: **hva skjer med køene når kapasiteten "
            "et sted i systemet endres?**"
        ),
        "about.is.title": "Hva modellen er",
        "about.is.body": (
            "En **simuleringsmodell for pasientflyt** (diskret hendelsessimulering). Pasienter kommer inn, "
            "får en plass på sykehuset, i kommunal akutt døgnenhet (KAD), på korttidsopphold, rehabilitering, "
            "langtidsplass i sykehjem eller i hjemmetjenesten, og går videre når oppholdet er over. Når neste "
            "tjeneste er full, venter de – og køen flytter seg mellom organisasjonene. Modellen teller senger i "
            "bruk, køer, ventetid og overliggedøgn, og hva overliggedøgnene koster kommunen."
        ),
        "about.isnot.title": "Hva modellen ikke er",
        "about.isnot.body": (
            "- **Ingen prognose for enkeltpasienter**, og ingen fasit: den viser hvordan køer reagerer på "
            "endringer, gitt forutsetningene under.\n"
            "- **Ikke et bemanningsverktøy**: den lager ingen turnus og regner ikke timer eller besøk.\n"
            "- **Ikke validert mot pasientdata**: tallene er satt fra offentlige kilder og anslag (EST). "
            "Historikken i samhandlingsdashbordet er syntetisk.\n"
            "- **Ingen korridorsenger**: er sykehuset fullt, venter pasienten i køen (i akuttmottaket).\n"
            "- **Ikke et regnskap:** kostnadene er overliggedøgn (døgn × døgnpris) og anslåtte (EST) kostnader per "
            "plass og årsverk for en kapasitetsendring."
        ),
        "about.assumptions.title": "Forutsetninger, med enkle ord",
        "about.assumption.blocking": (
            "**Blokkering etter behandling.** Er en pasient ferdig på sykehuset, men neste tjeneste er full, "
            "blir pasienten liggende i sykehussengen som *utskrivningsklar*. Disse døgnene er *overliggedøgn*, "
            "og kommunen betaler døgnpris for dem ({rate} kr per døgn i grunnscenarioet). Korttidsopphold holder "
            "også plassen mens pasienten venter på langtidsplass."
        ),
        "about.assumption.weekdays": (
            "**Inntak på hverdager.** Korttidsopphold, rehabilitering og langtidsplasser tar inn pasienter "
            "mandag–fredag. Køen vokser over helgen og tas inn fra mandag, så langt det er ledige plasser."
        ),
        "about.assumption.fifo": (
            "**Først til mølla.** Hver kø betjenes i den rekkefølgen pasientene kom; det er ingen prioritering "
            "etter hastegrad."
        ),
        "about.assumption.individuals": (
            "**Ingen individuelle kjennetegn.** Pasientene har ingen alder, diagnose eller funksjonsnivå. "
            "Liggetiden trekkes fra samme fordeling for alle i samme tjeneste, og veien videre trekkes med faste "
            "sannsynligheter."
        ),
        "about.assumption.client_places": (
            "**Hjemmetjenester som klientplasser.** Bemanningen (årsverk × klienter per årsverk) avgjør hvor mange "
            "som kan få hjemmetjenester samtidig. Timer, besøk og reisetid er ikke modellert."
        ),
        "about.assumption.start": (
            "**Ett år fra dagens belegg.** Modellen starter med senger og køer slik de er i dag (ikke tomt) og "
            "simulerer ett år. Grunnscenarioet er derfor ingen likevekt: en kø ved start kan krympe eller vokse "
            "i løpet av året."
        ),
        "about.assumption.est": (
            "**Anslag er merket EST.** Der ingen offentlig kilde finnes, er tallet et anslag eller regnet ut ved "
            "å balansere strømmene. Kilden for hvert tall står i tabellen under."
        ),
        "about.assumption.crn": (
            "**Felles tilfeldige tall.** Alle scenarioer kjøres med de samme pasientene (samme frø), så "
            "forskjellen mellom to scenarioer skyldes endringen, ikke tilfeldigheter."
        ),
        "about.assumption.ci": (
            "**Konfidensintervaller.** Hvert tall er et snitt over flere kjøringer (replikasjoner) med 95 % "
            "konfidensintervall. Et bredt intervall betyr at året kan bli svært forskjellig – systemet går nær "
            "et vippepunkt."
        ),
        "about.sources.title": "Kilder i grunnscenarioet",
        "about.sources.intro": (
            "Hver tjeneste og hver innkomststrøm i **{name}** sier selv hvor tallene kommer fra (feltet `source` "
            "i `sample_data/scenarios/trondheim_baseline.yaml`). Kildetekstene er på engelsk."
        ),
        "about.sources.col.id": "id",
        "about.sources.col.name": "Navn",
        "about.sources.col.organisation": "Organisasjon",
        "about.sources.col.source": "Kilde",
        "about.org.hospital": "Sykehus",
        "about.org.municipality": "Kommune",
        "about.sources.arrivals_to": "Innkomst til: {service}",
        "about.sources.none": "ingen kilde oppgitt",
        "about.calibration.title": "Kalibrering",
        "about.calibration.intro": (
            "Hvordan tallene ble valgt og hva grunnscenarioet gir, står i `sample_data/CALIBRATION.md` "
            "(på engelsk). Hele dokumentet:"
        ),
        "about.calibration.expander": "Vis kalibreringen (CALIBRATION.md, på engelsk)",
        "about.version.title": "Versjon",
        "about.version.body": (
            "Modellen `harmoni_model` versjon **{version}** · scenarioformat `schema_version: 1` (se `docs/MODEL.md`)."
        ),
        "about.licence": (
            "Koden er MIT-lisensiert. Kommunegrenser © Kartverket (CC BY 4.0). "
            "Steder: `sample_data/locations.csv`, med kilde for hver rad."
        ),
        "about.cite.title": "Slik siterer du",
        "about.cite.intro": "Forslag til sitering (oppgi versjonen og scenarioet du brukte):",
        "about.cite.text": (
            "HARMONI workshop studio, versjon {version} [programvare]. Pasientflytmodell og verkstedsapp for "
            "St. Olavs hospital og Trondheim kommune. Scenario: «{scenario}». Hentet {date}."
        ),
    },
    "en": {
        "about.intro": (
            "HARMONI workshop studio helps St. Olavs hospital and Trondheim municipality plan services for frail "
            "older people together. The question behind every page: **what happens with queues when capacity "
            "somewhere in the system changes?**"
        ),
        "about.is.title": "What the model is",
        "about.is.body": (
            "A **patient-flow simulation** (discrete-event simulation). Patients arrive, take a place in hospital, "
            "in the municipal acute unit (KAD), in a short-term stay, rehabilitation, a long-term nursing-home "
            "place or home care, and move on when their stay ends. When the next service is full they wait – and "
            "the queue moves between organisations. The model counts beds in use, queues, waits and delayed "
            "discharge days (overliggedøgn), and what those days cost the municipality."
        ),
        "about.isnot.title": "What the model is not",
        "about.isnot.body": (
            "- **Not a forecast for individual patients**, and not an answer key: it shows how queues respond to "
            "changes, given the assumptions below.\n"
            "- **Not a staffing tool**: it makes no rosters and does not count hours or visits.\n"
            "- **Not validated against patient data**: its numbers come from public sources and estimates (EST). "
            "The history on the shared dashboard is synthetic.\n"
            "- **No corridor beds**: when the hospital is full, the patient waits in the queue (in the emergency "
            "department).\n"
            "- **Not a budget:** the costs are delayed discharges (days × daily rate) and estimated (EST) costs per "
            "place and full-time equivalent for a change in capacity."
        ),
        "about.assumptions.title": "Assumptions, in plain words",
        "about.assumption.blocking": (
            "**Blocking after service.** When a patient is done in hospital but the next service is full, the "
            "patient stays in the hospital bed as *discharge-ready* (utskrivningsklar). Those days are "
            "*overliggedøgn*, and the municipality pays a daily rate for them (NOK {rate} a day in the baseline). "
            "Short-term stays also keep their place while the patient waits for a long-term place."
        ),
        "about.assumption.weekdays": (
            "**Weekday intake.** Short-term stays, rehabilitation and long-term places admit Monday to Friday. "
            "The queue grows over the weekend and is admitted from Monday as places free up."
        ),
        "about.assumption.fifo": (
            "**First come, first served.** Every queue is served in the order patients joined it; there is no "
            "triage by urgency."
        ),
        "about.assumption.individuals": (
            "**No individual patient characteristics.** Patients have no age, diagnosis or level of function. "
            "Everyone in a service draws the length of stay from the same distribution, and the next step with "
            "fixed probabilities."
        ),
        "about.assumption.client_places": (
            "**Home care as client places.** Staffing (full-time equivalents × clients per FTE) decides how many "
            "people can receive home care at once. Hours, visits and travel are not modelled."
        ),
        "about.assumption.start": (
            "**One year from today's occupancy.** The model starts with beds and queues as they are today (not "
            "empty) and simulates one year. So the baseline is not an equilibrium: a queue at the start may "
            "shrink or grow during the year."
        ),
        "about.assumption.est": (
            "**Estimates are marked EST.** Where no public source exists, the number is an estimate or derived "
            "by balancing the flows. Each number's source is in the table below."
        ),
        "about.assumption.crn": (
            "**Common random numbers.** Every scenario runs with the same patients (the same seed), so the "
            "difference between two scenarios comes from the change, not from chance."
        ),
        "about.assumption.ci": (
            "**Confidence intervals.** Every figure is a mean over several runs (replications) with a 95 % "
            "confidence interval. A wide interval means the year can turn out very differently – the system runs "
            "close to a tipping point."
        ),
        "about.sources.title": "Sources of the baseline",
        "about.sources.intro": (
            "Every service and arrival stream in **{name}** says where its numbers come from (the `source` field "
            "in `sample_data/scenarios/trondheim_baseline.yaml`). The source notes are quoted as written; some "
            "name Norwegian documents by their Norwegian titles."
        ),
        "about.sources.col.id": "id",
        "about.sources.col.name": "Name",
        "about.sources.col.organisation": "Organisation",
        "about.sources.col.source": "Source",
        "about.org.hospital": "Hospital",
        "about.org.municipality": "Municipality",
        "about.sources.arrivals_to": "Arrivals to: {service}",
        "about.sources.none": "no source given",
        "about.calibration.title": "Calibration",
        "about.calibration.intro": (
            "How the numbers were chosen and what the baseline gives is in `sample_data/CALIBRATION.md`. "
            "The whole document:"
        ),
        "about.calibration.expander": "Show the calibration (CALIBRATION.md)",
        "about.version.title": "Version",
        "about.version.body": (
            "Model `harmoni_model` version **{version}** · scenario format `schema_version: 1` (see `docs/MODEL.md`)."
        ),
        "about.licence": (
            "The code is MIT licensed. Municipal boundaries © Kartverket (CC BY 4.0). "
            "Sites: `sample_data/locations.csv`, with a source for every row."
        ),
        "about.cite.title": "How to cite",
        "about.cite.intro": "Suggested citation (give the version and the scenario you used):",
        "about.cite.text": (
            "HARMONI workshop studio, version {version} [software]. A patient-flow model and workshop app for "
            'St. Olavs hospital and Trondheim municipality. Scenario: "{scenario}". Retrieved {date}.'
        ),
    },
}

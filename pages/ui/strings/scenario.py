"""Texts of the scenario studio."""

STRINGS = {
    "nb": {
        "scenario.start": "Start fra",
        "scenario.intro": (
            "Endre kapasitet, bemanning og inntak. Resultatene oppdateres straks og sammenlignes med "
            "«{base}» med samme pasienter (felles tilfeldige tall), {n} replikasjoner."
        ),
        "scenario.capacity": "{service}: plasser",
        "scenario.capacity_slider": "{service}: plasser, dagens ±25 %",
        "scenario.staffing": "{service}: årsverk",
        "scenario.weekend": "{service}: inntak også lørdag og søndag",
        "scenario.demand": "Etterspørsel (endring i %)",
        "scenario.demand_help": "Endrer alle innstrømmer, f.eks. +28 % for 80+ i 2030 (anslag).",
        "scenario.reset": "Tilbake til utgangspunktet",
        "scenario.running": "Simulerer …",
        "scenario.invalid": "Endringen gir et ugyldig scenario:",
        "scenario.kpis": "Nøkkeltall for scenariet",
        "scenario.vs": "Endring fra «{base}» (95 % KI)",
        "scenario.delta": "{delta} ({low} til {high})",
        "scenario.unclear": "ingen klar forskjell",
        "scenario.view": "Visning",
        "scenario.tab.time": "Gjennom året",
        "scenario.tab.moved": "Hvor flyttet køen?",
        "scenario.tab.pays": "Hvem betaler?",
        "scenario.service": "Tjeneste",
        "scenario.measure": "Måltall",
        "scenario.measure.occupancy": "Belegg",
        "scenario.measure.queue": "I kø",
        "scenario.measure.blocked": "Utskrivningsklare som venter",
        "scenario.axis.date": "Dato",
        "scenario.axis.patients": "Pasienter (snitt per dag)",
        "scenario.axis.days": "Pasientdøgn per år",
        "scenario.band": "Linjen er snittet over replikasjonene, båndet 10–90 % av dem.",
        "scenario.places_line": "Stiplet: de ordinære plassene hver dag (etter kalenderen).",
        "scenario.run.base": "Utgangspunkt",
        "scenario.run.variant": "Scenario",
        "scenario.kind.wait": "Venter på plass",
        "scenario.kind.blocked": "Ferdigbehandlet, venter i seng",
        "scenario.moved_caption": (
            "Pasientdøgn i kø (hjemme, i akuttmottak eller i en seng et annet sted) og døgn der ferdigbehandlede "
            "pasienter venter i sengen, per tjeneste."
        ),
        "scenario.change.more": "{n} flere plasser på {service}",
        "scenario.change.fewer": "{n} færre plasser på {service}",
        "scenario.change.more_one": "1 plass til på {service}",
        "scenario.change.fewer_one": "1 plass færre på {service}",
        "scenario.change.fte": "{fte} årsverk i {service}",
        "scenario.change.weekend_on": "inntak i helgene på {service}",
        "scenario.change.weekend_off": "ikke inntak i helgene på {service}",
        "scenario.change.demand": "etterspørsel {pct} %",
        "scenario.link.unknown": "Lenken har en ukjent verdi «{param}={value}»: den er hoppet over.",
        "scenario.link.not_a_number": "Lenken har «{param}={value}», som ikke er et tall: den er hoppet over.",
        "scenario.link.clamped": "Lenken har «{param}={value}», utenfor det tillatte: nærmeste lovlige verdi er brukt.",
        "scenario.link.not_yes_no": "Lenken har «{param}={value}»; bruk 1 eller 0: den er hoppet over.",
        "scenario.controls": "Kontroller",
        "scenario.files": "Filer: last ned eller last opp et scenario",
        "scenario.quick": (
            "Mange simulerer akkurat nå: dette er et første svar fra {n} av {full} replikasjoner, med bredere "
            "intervaller."
        ),
        "scenario.quick.full": "Alle replikasjoner",
        "scenario.upload": "Last opp et scenario (YAML eller JSON)",
        "scenario.download": "Last ned dette scenariet (YAML)",
        "scenario.upload.too_big": "Filen er for stor (grense {limit} kB).",
        "scenario.upload.not_text": "Filen er ikke en tekstfil i UTF-8.",
        "scenario.upload.over_budget": (
            "Scenariet er for stort til å simuleres her (også etter at replikasjoner, horisont og innkjøring er "
            "kortet ned); bruk kommandolinjen:"
        ),
        "scenario.budget.loop": (
            "{field}: pasientene som kommer til «{service}», kommer aldri ut av denne sløyfen (de sendes tilbake "
            "med sannsynlighet 1); her tillates høyst {limit} besøk per pasient."
        ),
        "scenario.budget.visits": (
            "{field}: pasientene kommer tilbake til «{service}» om lag {figure} ganger i snitt; her tillates høyst "
            "{limit} besøk per pasient."
        ),
        "scenario.budget.arrivals": (
            "{field}: om lag {figure} pasienter kommer i én replikasjon (høyst {limit}); kort ned horisonten eller "
            "senk innstrømmen."
        ),
        "scenario.budget.events": (
            "{field}: om lag {figure} hendelser per replikasjon, mest fra {driver} (høyst {limit})."
        ),
        "scenario.budget.total_events": (
            "{field}: {runs} replikasjoner gir om lag {figure} hendelser i alt (høyst {limit})."
        ),
        "scenario.budget.memory": (
            "{field}: om lag {patients} pasienter samtidig trenger om lag {figure} MB per replikasjon (høyst "
            "{limit} MB)."
        ),
        "scenario.budget.driver.rate_per_day": "denne innstrømmen over innkjøring og horisont",
        "scenario.budget.driver.initial_occupancy": "disse pasientene ved start og deres videre opphold",
        "scenario.budget.driver.initial_queue": "disse ventende ved start og deres videre opphold",
        "scenario.budget.driver.initial_state": "pasientene ved start og deres videre opphold",
        "scenario.budget.driver.horizon_days": "lengden på kjøringen",
        "scenario.upload.trimmed": "Det opplastede scenariet ba om {field} = {asked}; her brukes {used}.",
        "scenario.sentence.none": "Ingen endringer ennå: juster en kapasitet for å se hva som skjer med køene.",
        "scenario.sentence.frame": "{changes}: {effects}.",
        "scenario.sentence.down": "{label} går ned fra {before} til {after} {unit}",
        "scenario.sentence.up": "{label} øker fra {before} til {after} {unit}",
        "scenario.sentence.same": "{label} endres ikke tydelig",
        "scenario.mydata": "Start fra egne data: et uttrekk av opphold",
        "scenario.mydata.intro": (
            "Et uttrekk av opphold (CSV, ett opphold per rad; formatet står i `sample_data/FORMATS.md`) blir et "
            "scenario: innstrømmer, liggetider, ruter, forsinkelser, kapasiteter og tilstanden den dagen uttrekket "
            "slutter. Alle spakene, biblioteket og sammenligningen virker på det."
        ),
        "scenario.mydata.local": (
            "Ingenting forlater maskinen: filene leses i denne appens serverprosess på denne maskinen og lagres ikke."
        ),
        "scenario.mydata.server": (
            "Filene sendes til serveren som kjører appen, leses der i minnet og lagres ikke. Ekte pasientdata: kjør "
            "appen på maskinen i analyserommet, så forlater ingenting den."
        ),
        "scenario.mydata.kept": (
            "Det tilpassede scenariet (tall, ikke pasientrader) lagres bare om du laster det ned eller legger det i "
            "biblioteket."
        ),
        "scenario.mydata.sample": (
            "Prøv med `sample_data/stays_synthetic.csv` og `capacity_synthetic.csv` (SYNTETISKE)."
        ),
        "scenario.mydata.stays": "Opphold (CSV)",
        "scenario.mydata.units": "units.csv (valgfri: enhet → tjeneste)",
        "scenario.mydata.capacity": "capacity.csv (valgfri: plasser over tid)",
        "scenario.mydata.until": "Uttrekket slutter",
        "scenario.mydata.until_help": (
            "Dagen uttrekket ble tatt (kl. 00.00): ingenting etter den er kjent, og scenariet starter fra "
            "tilstanden denne dagen. Forslaget er dagen etter den siste datoen i filen."
        ),
        "scenario.mydata.from": "Tilpass fra (valgfri)",
        "scenario.mydata.from_help": "Første dag i perioden som tilpasses. Tomt: den første uken med fullt inntak.",
        "scenario.mydata.fit": "Tilpass modellen",
        "scenario.mydata.fitting": "Leser {rows} opphold og tilpasser modellen (noen sekunder) …",
        "scenario.mydata.name": "Tilpasset: {file}",
        "scenario.mydata.need_until": "Skriv inn dagen uttrekket slutter.",
        "scenario.mydata.too_big": (
            "{file} er for stor for appen (grense {limit} MB). Større uttrekk: `python -m harmoni_model fit`."
        ),
        "scenario.mydata.problems": "Uttrekket {file} kan ikke brukes ({count}); startpunktet er uendret.",
        "scenario.mydata.count.one": "1 problem",
        "scenario.mydata.count.many": "{n} problemer",
        "scenario.mydata.more": "… og {n} til.",
        "scenario.mydata.line": "linje {line}",
        "scenario.mydata.column": "kolonne «{column}»",
        "scenario.mydata.failed": "Modellen kunne ikke tilpasses; startpunktet er uendret: {message}",
        "scenario.mydata.invalid": "Det tilpassede scenariet er ikke gyldig; startpunktet er uendret.",
        "scenario.mydata.done": "Startpunktet er nå «{name}».",
        "scenario.mydata.period": (
            "{rows} opphold, tilpasset over {first}–{last}; scenariet starter fra tilstanden {start}."
        ),
        "scenario.mydata.show_notes": "Hva tilpasningen gjorde",
        "scenario.mydata.notes_title": "Hva tilpasningen gjorde",
        "scenario.mydata.notes": (
            "Ett punkt per tjeneste og innstrømning, og tilstanden ved start. I scenariefilen sier `source` det "
            "samme ved hvert tall."
        ),
        "scenario.mydata.download": "Last ned det tilpassede scenariet (YAML)",
    },
    "en": {
        "scenario.start": "Start from",
        "scenario.intro": (
            "Change capacity, staffing and intake. Results refresh at once and are compared with "
            "“{base}” with the same patients (common random numbers), {n} replications."
        ),
        "scenario.capacity": "{service}: places",
        "scenario.capacity_slider": "{service}: places, today's ±25 %",
        "scenario.staffing": "{service}: full-time equivalents",
        "scenario.weekend": "{service}: intake on Saturdays and Sundays too",
        "scenario.demand": "Demand (change in %)",
        "scenario.demand_help": "Changes every inflow, e.g. +28 % for the 80+ in 2030 (estimate).",
        "scenario.reset": "Back to the starting point",
        "scenario.running": "Simulating …",
        "scenario.invalid": "This change makes an invalid scenario:",
        "scenario.kpis": "Key figures of the scenario",
        "scenario.vs": "Change from “{base}” (95 % CI)",
        "scenario.delta": "{delta} ({low} to {high})",
        "scenario.unclear": "no clear difference",
        "scenario.view": "View",
        "scenario.tab.time": "Through the year",
        "scenario.tab.moved": "Where did the queue move?",
        "scenario.tab.pays": "Who pays?",
        "scenario.service": "Service",
        "scenario.measure": "Measure",
        "scenario.measure.occupancy": "Occupancy",
        "scenario.measure.queue": "Queueing",
        "scenario.measure.blocked": "Discharge-ready patients waiting",
        "scenario.axis.date": "Date",
        "scenario.axis.patients": "Patients (mean per day)",
        "scenario.axis.days": "Patient-days a year",
        "scenario.band": "The line is the mean over the replications, the band 10-90 % of them.",
        "scenario.places_line": "Dashed: the regular places each day (as the calendar has them).",
        "scenario.run.base": "Starting point",
        "scenario.run.variant": "Scenario",
        "scenario.kind.wait": "Waiting for a place",
        "scenario.kind.blocked": "Ready to leave, waiting in the bed",
        "scenario.moved_caption": (
            "Patient-days in a queue (at home, in the emergency department or in a bed elsewhere) and days on "
            "which discharge-ready patients wait in their bed, per service."
        ),
        "scenario.change.more": "{n} more places at {service}",
        "scenario.change.fewer": "{n} fewer places at {service}",
        "scenario.change.more_one": "1 more place at {service}",
        "scenario.change.fewer_one": "1 fewer place at {service}",
        "scenario.change.fte": "{fte} full-time equivalents in {service}",
        "scenario.change.weekend_on": "weekend intake at {service}",
        "scenario.change.weekend_off": "no weekend intake at {service}",
        "scenario.change.demand": "demand {pct} %",
        "scenario.link.unknown": "The link has an unknown value “{param}={value}”: it was skipped.",
        "scenario.link.not_a_number": "The link has “{param}={value}”, which is not a number: it was skipped.",
        "scenario.link.clamped": "The link has “{param}={value}”, out of range: the nearest allowed value is used.",
        "scenario.link.not_yes_no": "The link has “{param}={value}”; use 1 or 0: it was skipped.",
        "scenario.controls": "Controls",
        "scenario.files": "Files: download or upload a scenario",
        "scenario.quick": (
            "Many are simulating right now: this is a first answer from {n} of {full} replications, with wider "
            "intervals."
        ),
        "scenario.quick.full": "All replications",
        "scenario.upload": "Upload a scenario (YAML or JSON)",
        "scenario.download": "Download this scenario (YAML)",
        "scenario.upload.too_big": "The file is too large (limit {limit} kB).",
        "scenario.upload.not_text": "The file is not UTF-8 text.",
        "scenario.upload.over_budget": (
            "The scenario is too big to simulate here (even with replications, horizon and warm-up cut down); "
            "use the command line:"
        ),
        "scenario.budget.loop": (
            "{field}: patients who reach ‘{service}’ never leave this loop (they are sent back with probability 1); "
            "at most {limit} visits per patient are allowed here."
        ),
        "scenario.budget.visits": (
            "{field}: patients return to ‘{service}’ about {figure} times on average; at most {limit} visits per "
            "patient are allowed here."
        ),
        "scenario.budget.arrivals": (
            "{field}: about {figure} patients arrive in one replication (at most {limit}); shorten the horizon or "
            "lower the rates."
        ),
        "scenario.budget.events": (
            "{field}: about {figure} events per replication, most from {driver} (at most {limit})."
        ),
        "scenario.budget.total_events": (
            "{field}: {runs} replications make about {figure} events in all (at most {limit})."
        ),
        "scenario.budget.memory": (
            "{field}: about {patients} patients at once need about {figure} MB per replication (at most {limit} MB)."
        ),
        "scenario.budget.driver.rate_per_day": "these arrivals over warm-up and horizon",
        "scenario.budget.driver.initial_occupancy": "these initial patients and their onward stays",
        "scenario.budget.driver.initial_queue": "these initial waiting patients and their onward stays",
        "scenario.budget.driver.initial_state": "the patients at the start and their onward stays",
        "scenario.budget.driver.horizon_days": "the length of the run",
        "scenario.upload.trimmed": "The uploaded scenario asked for {field} = {asked}; {used} is used here.",
        "scenario.sentence.none": "No changes yet: adjust a capacity to see what happens to the queues.",
        "scenario.sentence.frame": "{changes}: {effects}.",
        "scenario.sentence.down": "{label} falls from {before} to {after} {unit}",
        "scenario.sentence.up": "{label} rises from {before} to {after} {unit}",
        "scenario.sentence.same": "{label} does not change clearly",
        "scenario.mydata": "Start from my data: a stays extract",
        "scenario.mydata.intro": (
            "An extract of stays (CSV, one stay a row; the format is in `sample_data/FORMATS.md`) becomes a "
            "scenario: arrivals, lengths of stay, routes, delays, capacities and the state on the day the extract "
            "ends. Every lever, the library and the comparison work on it."
        ),
        "scenario.mydata.local": (
            "Nothing leaves the machine: the files are read in this app's server process on this machine and are "
            "not stored."
        ),
        "scenario.mydata.server": (
            "The files are sent to the server that runs this app, read there in memory and not stored. Real "
            "patient data: run the app on the analysis room's machine, and nothing leaves it."
        ),
        "scenario.mydata.kept": (
            "The fitted scenario (figures, not patient rows) is stored only if you download it or put it in the "
            "library."
        ),
        "scenario.mydata.sample": "Try `sample_data/stays_synthetic.csv` and `capacity_synthetic.csv` (SYNTHETIC).",
        "scenario.mydata.stays": "Stays (CSV)",
        "scenario.mydata.units": "units.csv (optional: unit → service)",
        "scenario.mydata.capacity": "capacity.csv (optional: places over time)",
        "scenario.mydata.until": "The extract ends",
        "scenario.mydata.until_help": (
            "The day the extract was taken (at 00:00): nothing after it is known, and the scenario starts from the "
            "state on this day. The suggestion is the day after the latest date in the file."
        ),
        "scenario.mydata.from": "Fit from (optional)",
        "scenario.mydata.from_help": (
            "The first day of the period that is fitted. Empty: the first week of full intake."
        ),
        "scenario.mydata.fit": "Fit the model",
        "scenario.mydata.fitting": "Reading {rows} stays and fitting the model (a few seconds) …",
        "scenario.mydata.name": "Fitted: {file}",
        "scenario.mydata.need_until": "Enter the day the extract ends.",
        "scenario.mydata.too_big": (
            "{file} is too large for the app (limit {limit} MB). Larger extracts: `python -m harmoni_model fit`."
        ),
        "scenario.mydata.problems": "The extract {file} cannot be used ({count}); the starting point is unchanged.",
        "scenario.mydata.count.one": "1 problem",
        "scenario.mydata.count.many": "{n} problems",
        "scenario.mydata.more": "… and {n} more.",
        "scenario.mydata.line": "line {line}",
        "scenario.mydata.column": "column ‘{column}’",
        "scenario.mydata.failed": "The model could not be fitted; the starting point is unchanged: {message}",
        "scenario.mydata.invalid": "The fitted scenario is not valid; the starting point is unchanged.",
        "scenario.mydata.done": "The starting point is now “{name}”.",
        "scenario.mydata.period": (
            "{rows} stays, fitted over {first} to {last}; the scenario starts from the state on {start}."
        ),
        "scenario.mydata.show_notes": "What the fit did",
        "scenario.mydata.notes_title": "What the fit did",
        "scenario.mydata.notes": (
            "One item per service and arrival stream, and the state at the start. In the scenario file, `source` "
            "says the same at each figure."
        ),
        "scenario.mydata.download": "Download the fitted scenario (YAML)",
    },
}

"""Texts of the overview page (samhandlingsdashbord). Indicator labels: harmoni_model.data.indicators.INDICATORS."""

STRINGS = {
    "nb": {
        "overview.synthetic": (
            "**SYNTETISKE DATA:** laget av HARMONI-modellen, ikke målt. Til øving, ikke til konklusjoner."
        ),
        "overview.synthetic_label": "SYNTETISK",
        "overview.data.stays": (
            "Data: {name}{label}, {weeks} uker: {span}. Beregnet fra {stays} opphold med modellens KPI-definisjoner."
        ),
        "overview.data.weekly": "Data: ukestallene i «{name}», {weeks} uker: {span}.",
        "overview.data.kept": "Siden viser fortsatt de forrige dataene.",
        "overview.no_capacity": (
            "Uttrekket har ingen capacity.csv, så beleggsprosentene er utelatt (de trenger antall plasser). "
            "Last opp capacity.csv for å få dem med."
        ),
        "overview.upload.title": "Bruk egne data (CSV)",
        "overview.upload.help": (
            "Last opp et **oppholdsuttrekk** (`stays.csv`: én rad per opphold, kolonnene "
            "`patient_id,service,referred,admitted,ready,left,next`, pseudonymisert) eller **ukestall** "
            "(`week,indicator,value,source`). Siden ser på overskriftsraden hvilket det er. Fra et "
            "oppholdsuttrekk regnes ukestallene ut med modellens egne KPI-definisjoner; `units.csv` "
            "(avdeling → tjeneste) og `capacity.csv` (plasser over tid) kan lastes opp i tillegg. Formatene "
            "står i `sample_data/FORMATS.md`. Alt regnes ut på denne maskinen: filene sendes ikke videre og "
            "lagres ikke."
        ),
        "overview.upload.label": "Oppholdsuttrekk eller ukestall (CSV, UTF-8)",
        "overview.upload.units": "units.csv (valgfri)",
        "overview.upload.capacity": "capacity.csv (valgfri)",
        "overview.upload.until": "Uttrekkets sluttdato",
        "overview.upload.until_help": (
            "Datoen uttrekket ble tatt (kl. 00.00): ingenting etter den er kjent, og opphold uten `left` varer "
            "til da. Forslaget er dagen etter den siste datoen i filen."
        ),
        "overview.upload.template": "Last ned eksempeluttrekket (SYNTETISK) som mal",
        "overview.upload.invalid": (
            "**Filen «{name}» kan ikke brukes**, så siden viser fortsatt de forrige dataene. Rett dette i filen og "
            "last den opp på nytt (beskrivelsen av hver feil er på engelsk):"
        ),
        "overview.upload.line": "linje {line}",
        "overview.upload.column": "kolonne «{column}»",
        "overview.upload.more": "… og {n} problemer til",
        "overview.period.label": "Periode",
        "overview.period.last13": "Siste 13 uker",
        "overview.period.last52": "Siste 52 uker",
        "overview.period.all": "Hele perioden",
        "overview.period.custom": "Velg datoer",
        "overview.period.dates": "Fra og med – til og med",
        "overview.period.explain": (
            "Tallene er ukesnitt for {span}. Pilene viser endringen fra de samme ukene året før: {prev_span}."
        ),
        "overview.org.label": "Organisasjon",
        "overview.org.both": "Begge",
        "overview.org.hospital": "Sykehus",
        "overview.org.municipality": "Kommune",
        "overview.group.hospital": "Sykehus",
        "overview.group.municipality": "Kommune",
        "overview.no_indicators": "Dataene har ingen indikatorer for dette valget.",
        "overview.tile.no_last_year": "Ingen data for de samme ukene året før.",
        "overview.tile.help": (
            "Gjennomsnitt av {weeks} ukeverdier i valgt periode. Endringen er mot de samme ukene året før."
        ),
        "overview.tile.lower_better": "Lavere er bedre. Ikke noe fastsatt mål.",
        "overview.tile.higher_better": "Høyere er bedre. Ikke noe fastsatt mål.",
        "overview.target.kind_max": "Mål",
        "overview.target.kind_reference": "Referanse",
        "overview.target.max": "Mål: høyst {level}",
        "overview.target.reference": "Referanse: {level}",
        "overview.target.met": "nådd ({amount} under)",
        "overview.target.not_met": "ikke nådd ({amount} over)",
        "overview.target.above": "{amount} over",
        "overview.target.below": "{amount} under",
        "overview.target.equal": "på samme nivå",
        "overview.source": "Kilde",
        "overview.trends": "Utvikling over tid",
        "overview.trends.pick": "Indikatorer å vise",
        "overview.trends.none": "Velg minst én indikator.",
        "overview.view.label": "Vis som",
        "overview.view.chart": "Diagram",
        "overview.view.table": "Tabell",
        "overview.chart.current": "Perioden",
        "overview.chart.last_year": "Året før",
        "overview.chart.target": "Mål/referanse",
        "overview.chart.week": "Uke",
        "overview.chart.series": "Serie",
        "overview.chart.legend_help": (
            "Blå heltrukket linje: perioden du har valgt. Grå stiplet linje: de samme ukene året før, lagt oppå. "
            "Oransje linje: mål eller referanse (vises når den ligger nær tallene)."
        ),
        "overview.chart.alt": "Linjediagram: {label}, ukeverdier for {span}, med de samme ukene året før.",
        "overview.small.label": "Skjul små tall (<5)",
        "overview.small.help": (
            "Viser tall under 5 (pasienter, liggedøgn, personer, og andeler og ventetider som bygger på færre "
            "enn 5) som «<5», i fliser, diagrammer, tabeller og nedlastingen. Slått **på** som standard for "
            "opplastede data, siden tall som vises eller lastes ned kan forlate analyserommet; **av** for de "
            "syntetiske eksempeldataene."
        ),
        "overview.small.hidden": "{n} ukeverdier under 5 er skjult («<5»).",
        "overview.small.previous": "Året før: <5",
        "overview.download": "Last ned ukestallene (CSV)",
        "overview.download.help": "Ukestallene i valgt periode, i formatet week,indicator,value,source{small}.",
        "overview.download.small": "; tall under 5 som «<5»",
        "overview.backtest.title": "Gjenskaper modellen det som skjedde?",
        "overview.backtest.intro": (
            "Modellen tilpasses oppholdene **før** en dato (ankomster, liggetider, flyt og forsinkelser), "
            "starter fra tilstanden den dagen og simulerer ukene **etter** den {reps} ganger. Så sammenlignes "
            "ukestallene med det som faktisk skjedde: hvor mange uker som ligger innenfor modellens 10–90 %-bånd "
            "(dekning), og gjennomsnittlig absolutt prosentavvik (MAPE) for modellens snitt. «Riktig modell» viser "
            "hvilken dekning en modell som er helt riktig ville fått."
        ),
        "overview.backtest.fit_until": "Tilpass på ukene før",
        "overview.backtest.fit_until_help": (
            "Modellen ser bare det som var kjent denne dagen; ukene fra og med den til uttrekkets slutt ({end}) "
            "er testperioden. Forslaget er ett år før slutten, på en mandag."
        ),
        "overview.backtest.run": "Kjør tilbaketesten",
        "overview.backtest.spinner": (
            "Tilpasser modellen til oppholdene før {fit_until} og simulerer {weeks} uker {reps} ganger … "
            "Det tar omtrent 15 sekunder på eksempeldataene, lenger på store uttrekk."
        ),
        "overview.backtest.failed": "Tilbaketesten kunne ikke kjøres: {message}",
        "overview.backtest.failed_other": (
            "Tilbaketesten feilet ({kind}). Sjekk uttrekket og datoen, eller prøv igjen senere."
        ),
        "overview.backtest.none": "Tilbaketesten ga ingen ukestall å sammenligne.",
        "overview.backtest.needs_file": (
            "Last opp filen på nytt for å kjøre tilbaketesten på den (siden viser de forrige dataene)."
        ),
        "overview.backtest.summary": (
            "Tilpasset på oppholdene før {fit_until}, simulert {weeks} uker: {span}, {reps} kjøringer."
        ),
        "overview.backtest.indicator": "Indikator",
        "overview.backtest.unit": "Enhet",
        "overview.backtest.coverage": "Dekning (%)",
        "overview.backtest.coverage_help": "Andelen av de observerte ukene som ligger innenfor modellens 10–90 %-bånd.",
        "overview.backtest.mape_help": "Gjennomsnittlig absolutt prosentavvik: modellens snitt mot det observerte.",
        "overview.backtest.legend": (
            "Svart linje: det som skjedde (observert). Blå stiplet linje: modellens snitt. Lyseblått felt: "
            "modellens 10–90 %-bånd (80 % av kjøringene ligger der)."
        ),
        "overview.backtest.mape": "MAPE (%)",
        "overview.backtest.reference": "Riktig modell (%)",
        "overview.backtest.reference_help": (
            "Dekningen en modell som er helt riktig ville fått (10–90 % av utfallene): én kjøring tatt som det "
            "observerte mot båndet til de andre. Ukene henger sammen, så selv en riktig modell kan få godt under "
            "80 %. En dekning innenfor dette spennet er det en kan vente."
        ),
        "overview.backtest.caption": "{coverage} % av ukene innenfor modellens 10–90 %-bånd · MAPE {mape} %",
        "overview.backtest.observed": "Observert",
        "overview.backtest.mean": "Modellens snitt",
        "overview.backtest.band": "Modellens 10–90 %-bånd",
        "overview.backtest.alt": (
            "Diagram: {label}, observerte ukeverdier over modellens 10–90 %-bånd og snitt, {span}."
        ),
        "overview.backtest.mape_note": (
            "MAPE er avviket i prosent av det observerte; for tall nær null (korridordøgn, ventelister) blir "
            "det stort selv når avviket er lite i antall. Se da heller på dekningen og diagrammet."
        ),
        "overview.about.title": "Om dataene, målene og beregningene",
        "overview.targets.title": "Mål og referanser",
        "overview.targets.unmeasured": "Ikke målt i ukestallene ennå (ingen indikator).",
        "overview.targets.no_target": (
            "Overliggedøgn og utskrivningsklare pasienter har ikke noe offentlig mål her: lavere er bedre. "
            "Beleggsprosent har ingen fast retning og vurderes mot referansene. **EST** betyr et anslag vi har "
            "avledet, ikke et tall som står i kilden."
        ),
        "overview.sources.title": "Kilder i datafilen",
        "overview.sources.rows": "Rader",
        "overview.about.method": (
            "Hver flis viser gjennomsnittet av ukeverdiene i valgt periode. «Samme uker året før» er de samme "
            "ukene 52 uker tidligere (mandag mot mandag); endringen vises bare når minst halvparten av de ukene "
            "har data. Grønt betyr bedring og rødt forverring der retningen er kjent; for beleggsprosent er "
            "endringen grå."
        ),
    },
    "en": {
        "overview.synthetic": (
            "**SYNTHETIC DATA:** generated by the HARMONI model, not measured. For practice, not for conclusions."
        ),
        "overview.synthetic_label": "SYNTHETIC",
        "overview.data.stays": (
            "Data: {name}{label}, {weeks} weeks: {span}. Computed from {stays} stays with the model's KPI definitions."
        ),
        "overview.data.weekly": "Data: the weekly figures in “{name}”, {weeks} weeks: {span}.",
        "overview.data.kept": "The page still shows the previous data.",
        "overview.no_capacity": (
            "The extract has no capacity.csv, so the occupancy indicators are left out (they need the number "
            "of places). Upload capacity.csv to include them."
        ),
        "overview.upload.title": "Use your own data (CSV)",
        "overview.upload.help": (
            "Upload a **stays extract** (`stays.csv`: one row per stay, the columns "
            "`patient_id,service,referred,admitted,ready,left,next`, pseudonymised) or **weekly figures** "
            "(`week,indicator,value,source`). The page tells them apart by the header. From a stays extract the "
            "weekly figures are computed with the model's own KPI definitions; `units.csv` (unit → service) and "
            "`capacity.csv` (places over time) can be added. The formats are in `sample_data/FORMATS.md`. "
            "Everything is computed on this machine: the files are not sent anywhere and not stored."
        ),
        "overview.upload.label": "Stays extract or weekly figures (CSV, UTF-8)",
        "overview.upload.units": "units.csv (optional)",
        "overview.upload.capacity": "capacity.csv (optional)",
        "overview.upload.until": "The extract's end date",
        "overview.upload.until_help": (
            "The day the extract was taken (00:00): nothing after it is known, and stays without `left` run "
            "until then. Suggested: the day after the latest date in the file."
        ),
        "overview.upload.template": "Download the sample extract (SYNTHETIC) as a template",
        "overview.upload.invalid": (
            "**The file “{name}” cannot be used**, so the page still shows the previous data. Fix these problems "
            "in the file and upload it again:"
        ),
        "overview.upload.line": "line {line}",
        "overview.upload.column": "column “{column}”",
        "overview.upload.more": "… and {n} more problems",
        "overview.period.label": "Period",
        "overview.period.last13": "Last 13 weeks",
        "overview.period.last52": "Last 52 weeks",
        "overview.period.all": "Whole period",
        "overview.period.custom": "Choose dates",
        "overview.period.dates": "From – to (inclusive)",
        "overview.period.explain": (
            "Figures are weekly means for {span}. The arrows show the change from the same weeks a year earlier: "
            "{prev_span}."
        ),
        "overview.org.label": "Organisation",
        "overview.org.both": "Both",
        "overview.org.hospital": "Hospital",
        "overview.org.municipality": "Municipality",
        "overview.group.hospital": "Hospital",
        "overview.group.municipality": "Municipality",
        "overview.no_indicators": "The data have no indicators for this choice.",
        "overview.tile.no_last_year": "No data for the same weeks a year earlier.",
        "overview.tile.help": (
            "Mean of {weeks} weekly values in the chosen period. The change is against the same weeks a year earlier."
        ),
        "overview.tile.lower_better": "Lower is better. No target set.",
        "overview.tile.higher_better": "Higher is better. No target set.",
        "overview.target.kind_max": "Target",
        "overview.target.kind_reference": "Reference",
        "overview.target.max": "Target: at most {level}",
        "overview.target.reference": "Reference: {level}",
        "overview.target.met": "met ({amount} below)",
        "overview.target.not_met": "not met ({amount} above)",
        "overview.target.above": "{amount} above",
        "overview.target.below": "{amount} below",
        "overview.target.equal": "level with it",
        "overview.source": "Source",
        "overview.trends": "Trends",
        "overview.trends.pick": "Indicators to show",
        "overview.trends.none": "Choose at least one indicator.",
        "overview.view.label": "Show as",
        "overview.view.chart": "Chart",
        "overview.view.table": "Table",
        "overview.chart.current": "Period",
        "overview.chart.last_year": "Year before",
        "overview.chart.target": "Target/reference",
        "overview.chart.week": "Week",
        "overview.chart.series": "Series",
        "overview.chart.legend_help": (
            "Solid blue line: the period you chose. Dashed grey line: the same weeks a year earlier, laid over it. "
            "Orange line: target or reference (shown when it lies near the figures)."
        ),
        "overview.chart.alt": ("Line chart: {label}, weekly values for {span}, with the same weeks a year earlier."),
        "overview.small.label": "Hide small counts (<5)",
        "overview.small.help": (
            "Shows figures under 5 (patients, bed-days, persons, and shares and waits resting on fewer than 5) "
            "as “<5”, in tiles, charts, tables and the download. **On** by default for uploaded data, since "
            "figures shown or downloaded can leave the analysis room; **off** for the synthetic sample."
        ),
        "overview.small.hidden": "{n} weekly values under 5 are hidden (“<5”).",
        "overview.small.previous": "Year before: <5",
        "overview.download": "Download the weekly figures (CSV)",
        "overview.download.help": "The weekly figures of the chosen period, as week,indicator,value,source{small}.",
        "overview.download.small": "; figures under 5 as “<5”",
        "overview.backtest.title": "Does the model reproduce what happened?",
        "overview.backtest.intro": (
            "The model is fitted to the stays **before** a date (arrivals, lengths of stay, flows and delays), "
            "starts from the state on that day and simulates the weeks **after** it {reps} times. The weekly "
            "figures are then compared with what happened: how many weeks lie inside the model's 10–90 % band "
            "(coverage), and the mean absolute percentage error (MAPE) of the model's mean. “Right model” shows "
            "the coverage a model that is exactly right would get."
        ),
        "overview.backtest.fit_until": "Fit on the weeks before",
        "overview.backtest.fit_until_help": (
            "The model sees only what was known on this day; the weeks from it to the extract's end ({end}) are "
            "the test period. Suggested: one year before the end, on a Monday."
        ),
        "overview.backtest.run": "Run the back-test",
        "overview.backtest.spinner": (
            "Fitting the model to the stays before {fit_until} and simulating {weeks} weeks {reps} times … "
            "About 15 seconds on the sample, longer on large extracts."
        ),
        "overview.backtest.failed": "The back-test could not run: {message}",
        "overview.backtest.failed_other": (
            "The back-test failed ({kind}). Check the extract and the date, or try again later."
        ),
        "overview.backtest.none": "The back-test gave no weekly figures to compare.",
        "overview.backtest.needs_file": (
            "Upload the file again to run the back-test on it (the page shows the previous data)."
        ),
        "overview.backtest.summary": (
            "Fitted on the stays before {fit_until}, simulated {weeks} weeks: {span}, {reps} runs."
        ),
        "overview.backtest.indicator": "Indicator",
        "overview.backtest.unit": "Unit",
        "overview.backtest.coverage": "Coverage (%)",
        "overview.backtest.coverage_help": "The share of the observed weeks that lie inside the model's 10–90% band.",
        "overview.backtest.mape_help": "Mean absolute percentage error of the model's mean against what was observed.",
        "overview.backtest.legend": (
            "Black line: what happened (observed). Dashed blue line: the model's mean. Light blue area: the "
            "model's 10–90% band (80% of the runs lie in it)."
        ),
        "overview.backtest.mape": "MAPE (%)",
        "overview.backtest.reference": "Right model (%)",
        "overview.backtest.reference_help": (
            "The coverage a model that is exactly right would get (10–90% of outcomes): one run taken as the "
            "observed against the band of the others. Weeks hang together, so even a right model can score well "
            "under 80%. A coverage inside this range is what to expect."
        ),
        "overview.backtest.caption": "{coverage}% of weeks inside the model's 10–90% band · MAPE {mape}%",
        "overview.backtest.observed": "Observed",
        "overview.backtest.mean": "Model mean",
        "overview.backtest.band": "Model 10–90% band",
        "overview.backtest.alt": (
            "Chart: {label}, observed weekly values over the model's 10–90% band and mean, {span}."
        ),
        "overview.backtest.mape_note": (
            "MAPE is the error as a percentage of what was observed; for figures near zero (corridor days, "
            "waiting lists) it is large even when the error is small in numbers. Look at the coverage and the "
            "chart instead."
        ),
        "overview.about.title": "About the data, the targets and the calculations",
        "overview.targets.title": "Targets and references",
        "overview.targets.unmeasured": "Not yet measured in the weekly figures (no indicator).",
        "overview.targets.no_target": (
            "Delayed-discharge bed-days (overliggedøgn) and discharge-ready patients have no public target here: "
            "lower is better. Occupancy has no fixed direction and is judged against the references. **EST** "
            "marks an estimate we derived, not a figure stated in the source."
        ),
        "overview.sources.title": "Sources in the data file",
        "overview.sources.rows": "Rows",
        "overview.about.method": (
            "Each tile shows the mean of the weekly values in the chosen period. “Same weeks last year” are the "
            "same weeks 52 weeks earlier (Monday to Monday); the change is shown only when at least half of those "
            "weeks have data. Green means better and red worse where the direction is known; for occupancy the "
            "change is grey."
        ),
    },
}

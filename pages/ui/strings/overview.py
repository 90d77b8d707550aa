"""Texts of the overview page (samhandlingsdashbord). Indicator labels: harmoni_model.data.history.INDICATORS."""

STRINGS = {
    "nb": {
        "overview.synthetic": (
            "**Syntetiske data.** Tallene er laget av HARMONI-modellen (og en tilfeldig serie for reinnleggelser). "
            "De er ikke målinger fra St. Olavs hospital eller Trondheim kommune. Bruk dem til å øve, "
            "ikke til å trekke konklusjoner."
        ),
        "overview.data.sample": "Data: eksempelfilen kpi_history.csv, {weeks} uker: {span}.",
        "overview.data.uploaded": "Viser den opplastede filen «{name}», {weeks} uker: {span}.",
        "overview.upload.title": "Bruk egne data (CSV)",
        "overview.upload.help": (
            "Last opp ukentlige tall i samme format som eksempelfilen: kolonnene `week,indicator,value,source`, "
            "én rad per uke og indikator, uka oppgitt som mandagen (ÅÅÅÅ-MM-DD) og punktum som desimaltegn. "
            "Formatet er beskrevet i `sample_data/FORMATS.md`. Bare aggregerte ukestall, ingen "
            "personopplysninger. Filen lagres ikke."
        ),
        "overview.upload.label": "KPI-historikk (CSV, UTF-8)",
        "overview.upload.template": "Last ned eksempelfilen som mal",
        "overview.upload.invalid": (
            "**Filen «{name}» kan ikke brukes**, så siden viser fortsatt eksempeldataene. Rett dette i filen og "
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
        "overview.about.title": "Om dataene, målene og beregningene",
        "overview.targets.title": "Mål og referanser",
        "overview.targets.unmeasured": "Ikke målt i KPI-historikken ennå (ingen indikator).",
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
            "**Synthetic data.** The numbers were generated by the HARMONI model (and a random series for "
            "readmissions). They are not measurements from St. Olavs hospital or Trondheim kommune. Use them "
            "for practice, not for conclusions."
        ),
        "overview.data.sample": "Data: the sample file kpi_history.csv, {weeks} weeks: {span}.",
        "overview.data.uploaded": "Showing the uploaded file “{name}”, {weeks} weeks: {span}.",
        "overview.upload.title": "Use your own data (CSV)",
        "overview.upload.help": (
            "Upload weekly figures in the format of the sample file: the columns `week,indicator,value,source`, "
            "one row per week and indicator, the week given as its Monday (YYYY-MM-DD), a point as decimal "
            "separator. The format is described in `sample_data/FORMATS.md`. Aggregated weekly counts only, no "
            "personal data. The file is not stored."
        ),
        "overview.upload.label": "KPI history (CSV, UTF-8)",
        "overview.upload.template": "Download the sample file as a template",
        "overview.upload.invalid": (
            "**The file “{name}” cannot be used**, so the page still shows the sample data. Fix these problems "
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
        "overview.about.title": "About the data, the targets and the calculations",
        "overview.targets.title": "Targets and references",
        "overview.targets.unmeasured": "Not yet measured in the KPI history (no indicator).",
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

"""The workshop report's words, in bokmål and English (figure and cost labels come from the model's tables)."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "nb": {
        "generated": "Laget",
        "version": "HARMONI-modell versjon",
        "baseline": "Utgangspunkt",
        "scenarios": "Scenarioer",
        "author": "Laget av",
        "reason": "Begrunnelse",
        "no_reason": "(ingen begrunnelse oppgitt)",
        "no_author": "(ukjent)",
        "changes": "Endringer fra utgangspunktet",
        "no_changes": "ingen (samme tjenester, plasser og pasientstrømmer som utgangspunktet)",
        "run": "{reps} replikasjoner à {days} dager, frø {seed}",
        "kpi": "Nøkkeltall",
        "mean_ci": "Snitt (95 % KI)",
        "difference": "Forskjell fra utgangspunktet",
        "ci95": "(95 % KI)",
        "paired": (
            "Parvis forskjell (samme frø, replikasjoner, horisont, innkjøring og startdato: samme pasienter i hver "
            "replikasjon)."
        ),
        "unpaired": (
            "Uparet forskjell (Welch): frø, replikasjoner, horisont, innkjøring eller startdato avviker fra "
            "utgangspunktet, så intervallet er bredere enn et parvis intervall ville vært."
        ),
        "costs": "Hvem betaler, per år",
        "who_pays": "Hvem betaler (mill. kr per år)",
        "cost_note": (
            "Kommunen betaler for sine plasser og årsverk og for overliggedøgn (døgnpris {rate} kr); sykehuset "
            "betaler for sine senger og får betalingen for overliggedøgn som inntekt, så for hele systemet går den "
            "opp i opp. Overliggedøgn er regnet om til ett år fra de målte dagene. Kostnad per plass og årsverk er "
            "anslag (EST) fra scenariofilen. Utgangspunktet: netto per år; scenarioene: endring fra utgangspunktet "
            "(95 % KI; negativt tall: besparelse)."
        ),
        "line": "Post",
        "level": "nivå",
        "unpriced": "Uten kostnadstall (ikke regnet med): {ids}",
        "charts": "Figurer",
        "queue_moved": "Hvor køen flyttet seg: ventende og utskrivningsklare pasientdøgn per år per tjeneste",
        "og_chart": "Overliggedøgn per år per scenario med 95 % konfidensintervall",
        "waiting": "Venter på plass",
        "blocked": "Utskrivningsklar, venter på neste tjeneste",
        "patient_days": "Pasientdøgn per år",
        "scenario": "Scenario",
        "hospital": "Sykehus",
        "municipality": "Kommune",
        "overliggedogn": "Overliggedøgn per år",
        "interpretation": (
            "Tallene er gjennomsnitt over replikasjoner av en stokastisk modell med 95 % konfidensintervall. "
            "En forskjell der intervallet inneholder 0 kan skyldes tilfeldigheter."
        ),
    },
    "en": {
        "generated": "Generated",
        "version": "HARMONI model version",
        "baseline": "Baseline",
        "scenarios": "Scenarios",
        "author": "Author",
        "reason": "Reason",
        "no_reason": "(no reason given)",
        "no_author": "(unknown)",
        "changes": "Changes from the baseline",
        "no_changes": "none (the same services, places and patient flows as the baseline)",
        "run": "{reps} replications of {days} days, seed {seed}",
        "kpi": "Key figure",
        "mean_ci": "Mean (95 % CI)",
        "difference": "Difference from baseline",
        "ci95": "(95 % CI)",
        "paired": (
            "Paired difference (same seed, replications, horizon, warm-up and start date: the same patients in each "
            "replication)."
        ),
        "unpaired": (
            "Unpaired difference (Welch): the seed, replications, horizon, warm-up or start date differ from the "
            "baseline, so the interval is wider than a paired interval would be."
        ),
        "costs": "Who pays, per year",
        "who_pays": "Who pays (MNOK a year)",
        "cost_note": (
            "The municipality pays for its places and staff and for overliggedøgn (delayed-discharge bed-days, at "
            "NOK {rate} a day); the hospital pays for its beds and receives the overliggedøgn payment as income, "
            "so for the whole system it cancels out. Overliggedøgn are scaled to one year from the measured days. "
            "Costs per place and FTE are estimates (EST) from the scenario file. Baseline: net a year; scenarios: "
            "change from the baseline (95 % CI; negative: a saving)."
        ),
        "line": "Item",
        "level": "level",
        "unpriced": "No cost figure (left out): {ids}",
        "charts": "Charts",
        "queue_moved": "Where the queue moved: waiting and blocked patient-days a year per service",
        "og_chart": "Overliggedøgn a year per scenario with 95 % confidence interval",
        "waiting": "Waiting for a place",
        "blocked": "Ready to leave, waiting for the next service",
        "patient_days": "Patient-days a year",
        "scenario": "Scenario",
        "hospital": "Hospital",
        "municipality": "Municipality",
        "overliggedogn": "Overliggedøgn (delayed-discharge bed-days) a year",
        "interpretation": (
            "Figures are means over replications of a stochastic model with 95 % confidence intervals. "
            "A difference whose interval contains 0 may be due to chance."
        ),
    },
}

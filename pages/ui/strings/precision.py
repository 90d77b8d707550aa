"""Texts of the studio's precision badge, its "more precision" button and the presenter layout."""

STRINGS = {
    "nb": {
        "precision.running": "Foreløpig svar ({n} kjøringer)",
        "precision.running.tail": "regner videre for å avklare nøkkeltallene …",
        "precision.resolved": "Sikkert svar: alle nøkkeltall avklart (n = {n})",
        "precision.unclear": "Uavklart etter n = {n}",
        "precision.unclear.tail": "endringen i {labels} er for liten til å skille fra tilfeldig variasjon.",
        "precision.preliminary": "Foreløpig svar (n = {n})",
        "precision.preliminary.tail": "{reason} Trykk «Mer presisjon» for et sikrere svar.",
        "precision.reason.time": "Tidsbudsjettet på {seconds} s er brukt opp.",
        "precision.reason.load": (
            "Serveren regner samtidig for {others} andre, så tidsbudsjettet er kortere ({seconds} s)."
        ),
        "precision.reason.target": "Målet på {target} kjøringer er nådd.",
        "precision.reason.busy": "Serveren er for travel til å regne mer nå.",
        "precision.reason.budget": "Flere kjøringer av dette scenariet går over serverens grense.",
        "precision.today": "Dagens situasjon ({n} kjøringer). Endre et tall for å se hva som skjer.",
        "precision.more": "Mer presisjon",
        "precision.more_help": (
            "Kjører flere replikasjoner (dobbelt så mange og dobbelt så lang tid). Hver replikasjon er de samme "
            "pasientene i begge scenarier, så bare de nye kjøres."
        ),
        "precision.rule": (
            "Et nøkkeltall er avklart når 95 %-intervallet for endringen ikke inneholder null (før {min_n} "
            "kjøringer må 99 %-intervallet gjøre det), eller når hele intervallet etter minst {min_n} kjøringer "
            "ligger innenfor ±{pct} % av dagens verdi (da er endringen for liten til å bety noe). Et sikkert svar "
            "bygger på minst {min_firm} kjøringer."
        ),
        "precision.small": "ingen endring over ±{pct} %",
        "precision.n": "n = {n}",
        "precision.waiting": "Regner …",
        "precision.more_controls": "Flere kontroller",
        "precision.and": " og ",
    },
    "en": {
        "precision.running": "Preliminary answer ({n} runs)",
        "precision.running.tail": "adding runs to settle the key figures …",
        "precision.resolved": "Firm answer: every key figure settled (n = {n})",
        "precision.unclear": "Unclear after n = {n}",
        "precision.unclear.tail": "the change in {labels} is too small to tell from chance.",
        "precision.preliminary": "Preliminary answer (n = {n})",
        "precision.preliminary.tail": "{reason} Press “More precision” for a firmer answer.",
        "precision.reason.time": "The time budget of {seconds} s is spent.",
        "precision.reason.load": (
            "The server is also simulating for {others} others, so the time budget is shorter ({seconds} s)."
        ),
        "precision.reason.target": "The target of {target} runs is reached.",
        "precision.reason.busy": "The server is too busy to run more now.",
        "precision.reason.budget": "More runs of this scenario would exceed the server's limit.",
        "precision.today": "Today ({n} runs). Change a figure to see what happens.",
        "precision.more": "More precision",
        "precision.more_help": (
            "Runs more replications (twice as many, for twice as long). Each replication is the same patients in "
            "both scenarios, so only the new ones run."
        ),
        "precision.rule": (
            "A key figure is settled when the 95 % interval of its change excludes zero (before {min_n} runs the "
            "99 % interval must), or when after at least {min_n} runs the whole interval lies within ±{pct} % of "
            "today's value (the change is then too small to matter). A firm answer rests on at least {min_firm} "
            "runs."
        ),
        "precision.small": "no change beyond ±{pct} %",
        "precision.n": "n = {n}",
        "precision.waiting": "Simulating …",
        "precision.more_controls": "More controls",
        "precision.and": " and ",
    },
}

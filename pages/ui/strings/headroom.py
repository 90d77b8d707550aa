"""Texts of the studio's headroom and occupancy-in-words views."""

STRINGS = {
    "nb": {
        "headroom.tab": "Hvor mye tåler vi?",
        "headroom.intro": (
            "Hvor mye mer etterspørsel – eller hvor mange færre plasser – før et mål brytes? Regnet for "
            "scenarioet på skjermen, med de samme pasientene i hvert punkt."
        ),
        "headroom.scope": "Gjelder",
        "headroom.system": "Hele systemet",
        "headroom.kpi": "Nøkkeltall",
        "headroom.bound": "Grense: høyst ({unit})",
        "headroom.lever": "Hva endres?",
        "headroom.lever.demand": "Mer etterspørsel",
        "headroom.lever.capacity": "Færre plasser ved …",
        "headroom.lever_service": "Tjeneste som mister plasser",
        "headroom.goal": "Forslaget er kommunens mål: {goal} ({source}).",
        "headroom.compute": "Beregn",
        "headroom.progress": "Simulerer punkt {done} av høyst {at_most} …",
        "headroom.done": "Ferdig: {n} punkter, {reps} replikasjoner hvert.",
        "headroom.press": "Velg nøkkeltall og grense, og trykk **Beregn** (det tar noen sekunder).",
        "headroom.breaks.demand": (
            "**{kpi}** holder seg under {bound} til etterspørselen har økt med **{growth}**; ved {breaks} brytes "
            "grensen. Sikkert innenfor til {sure_meets}, sikkert over fra {sure_breaks} (95 % KI)."
        ),
        "headroom.breaks.capacity": (
            "**{kpi}** holder seg under {bound} ned til **{meets} plasser** ved {service} (**{fewer} færre** enn "
            "i dag); med {breaks} brytes grensen. Sikkert innenfor ned til {sure_meets}, sikkert over fra "
            "{sure_breaks} (95 % KI)."
        ),
        "headroom.holds.demand": (
            "**{kpi}** holder seg under {bound} i hele området som er søkt, til etterspørselen har økt med {growth}."
        ),
        "headroom.holds.capacity": (
            "**{kpi}** holder seg under {bound} i hele området som er søkt, ned til {meets} plasser ved {service}."
        ),
        "headroom.broken_today": ("**{kpi}** er allerede over {bound} i dag ({today}): det er ikke noe å gå på."),
        "headroom.unsure": "ikke sikkert engang i dag",
        "headroom.not_reached": "ikke nådd i området",
        "headroom.axis.demand": "Etterspørsel (% av i dag)",
        "headroom.axis.capacity": "Plasser ved {service}",
        "headroom.legend.bound": "Grense",
        "headroom.legend.today": "I dag",
        "headroom.legend.breaks": "Brytes",
        "headroom.caption": (
            "Linjen er gjennomsnittet over replikasjonene, båndet 95 % konfidensintervall. Punktene er der "
            "halveringssøket har simulert."
        ),
        "headroom.occupancy_tab": "Fullt – i ord",
        "headroom.occ.intro": (
            "Hvor ofte er det fullt? Per tjeneste: i dag → i scenarioet. Tallene i parentes er 95 % "
            "konfidensintervall over {n} replikasjoner."
        ),
        "headroom.occ.service": "Tjeneste",
        "headroom.occ.time": "Finner det fullt",
        "headroom.occ.found": "Fant ingen ledig plass",
        "headroom.occ.days": "Dager med fullt belegg",
        "headroom.occ.arrow": "{base} → {variant}",
        "headroom.occ.time_text": "{word}: {share} av tiden",
        "headroom.occ.word.0": "nesten aldri",
        "headroom.occ.word.1": "sjelden",
        "headroom.occ.word.2": "av og til",
        "headroom.occ.word.3": "ofte",
        "headroom.occ.word.4": "som regel",
        "headroom.occ.word.5": "nesten alltid",
        "headroom.occ.found.never": "nesten aldri",
        "headroom.occ.found.few": "færre enn 1 av {n} pasienter",
        "headroom.occ.found.one_in": "1 av {n} pasienter",
        "headroom.occ.found.tenths": "{k} av 10 pasienter",
        "headroom.occ.found.all": "nesten alle pasientene",
        "headroom.occ.found_text": "{words}: {share}",
        "headroom.occ.days.never": "nesten aldri",
        "headroom.occ.days.every": "hver dag",
        "headroom.occ.days.week": "omtrent {k} dager i uka",
        "headroom.occ.days.week_one": "omtrent én dag i uka",
        "headroom.occ.days.month": "omtrent {k} dager i måneden",
        "headroom.occ.days.month_one": "omtrent én dag i måneden",
        "headroom.occ.days.year": "noen få dager i året",
        "headroom.occ.days.year_one": "omtrent én dag i året",
        "headroom.occ.days_text": "{words}: {days} per år",
        "headroom.occ.caption": (
            "«Finner det fullt»: andelen av tiden alle vanlige plasser er i bruk. «Fant ingen ledig plass»: "
            "andelen av pasientene som ba om plass mens det var fullt. «Dager med fullt belegg»: dager i året "
            "med minst ett øyeblikk uten ledig plass."
        ),
    },
    "en": {
        "headroom.tab": "How much can we take?",
        "headroom.intro": (
            "How much more demand – or how many fewer places – before a target breaks? For the scenario on "
            "screen, with the same patients at every point."
        ),
        "headroom.scope": "For",
        "headroom.system": "The whole system",
        "headroom.kpi": "Key figure",
        "headroom.bound": "Bound: at most ({unit})",
        "headroom.lever": "What changes?",
        "headroom.lever.demand": "More demand",
        "headroom.lever.capacity": "Fewer places at …",
        "headroom.lever_service": "Service that loses places",
        "headroom.goal": "The suggestion is the municipality's target: {goal} ({source}).",
        "headroom.compute": "Compute",
        "headroom.progress": "Simulating point {done} of at most {at_most} …",
        "headroom.done": "Done: {n} points, {reps} replications each.",
        "headroom.press": "Choose a key figure and a bound, and press **Compute** (it takes a few seconds).",
        "headroom.breaks.demand": (
            "**{kpi}** stays under {bound} until demand has grown by **{growth}**; at {breaks} the bound "
            "breaks. Surely within up to {sure_meets}, surely over from {sure_breaks} (95 % CI)."
        ),
        "headroom.breaks.capacity": (
            "**{kpi}** stays under {bound} down to **{meets} places** at {service} (**{fewer} fewer** than "
            "today); with {breaks} the bound breaks. Surely within down to {sure_meets}, surely over from "
            "{sure_breaks} (95 % CI)."
        ),
        "headroom.holds.demand": (
            "**{kpi}** stays under {bound} over the whole range searched, up to demand grown by {growth}."
        ),
        "headroom.holds.capacity": (
            "**{kpi}** stays under {bound} over the whole range searched, down to {meets} places at {service}."
        ),
        "headroom.broken_today": "**{kpi}** is already over {bound} today ({today}): there is no headroom.",
        "headroom.unsure": "not sure even today",
        "headroom.not_reached": "not reached in the range",
        "headroom.axis.demand": "Demand (% of today)",
        "headroom.axis.capacity": "Places at {service}",
        "headroom.legend.bound": "Bound",
        "headroom.legend.today": "Today",
        "headroom.legend.breaks": "Breaks",
        "headroom.caption": (
            "The line is the mean over the replications, the band its 95 % confidence interval. The dots are "
            "where the bisection simulated."
        ),
        "headroom.occupancy_tab": "Full – in words",
        "headroom.occ.intro": (
            "How often is it full? Per service: today → in the scenario. Figures in brackets are 95 % "
            "confidence intervals over {n} replications."
        ),
        "headroom.occ.service": "Service",
        "headroom.occ.time": "Finds it full",
        "headroom.occ.found": "Found no free place",
        "headroom.occ.days": "Days at capacity",
        "headroom.occ.arrow": "{base} → {variant}",
        "headroom.occ.time_text": "{word}: {share} of the time",
        "headroom.occ.word.0": "almost never",
        "headroom.occ.word.1": "rarely",
        "headroom.occ.word.2": "sometimes",
        "headroom.occ.word.3": "often",
        "headroom.occ.word.4": "most of the time",
        "headroom.occ.word.5": "almost always",
        "headroom.occ.found.never": "almost never",
        "headroom.occ.found.few": "fewer than 1 in {n} patients",
        "headroom.occ.found.one_in": "1 in {n} patients",
        "headroom.occ.found.tenths": "{k} in 10 patients",
        "headroom.occ.found.all": "almost every patient",
        "headroom.occ.found_text": "{words}: {share}",
        "headroom.occ.days.never": "almost never",
        "headroom.occ.days.every": "every day",
        "headroom.occ.days.week": "about {k} days a week",
        "headroom.occ.days.week_one": "about one day a week",
        "headroom.occ.days.month": "about {k} days a month",
        "headroom.occ.days.month_one": "about one day a month",
        "headroom.occ.days.year": "a few days a year",
        "headroom.occ.days.year_one": "about one day a year",
        "headroom.occ.days_text": "{words}: {days} a year",
        "headroom.occ.caption": (
            "“Finds it full”: the share of the time every regular place is taken. “Found no free place”: the "
            "share of patients who asked for a place while it was full. “Days at capacity”: days a year with at "
            "least one moment without a free place."
        ),
    },
}

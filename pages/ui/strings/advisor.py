"""Texts of the capacity advisor."""

STRINGS = {
    "nb": {
        "nav.advisor": "Kapasitetsråd",
        "advisor.intro": (
            "Velg mål og hvilke spaker som kan endres. Rådgiveren simulerer og finner den billigste kombinasjonen "
            "som når alle målene med 95 % sikkerhet. Kostnad per år = endringen i spakene + kommunens betaling for "
            "overliggedøgn. Ingenting kjøres før du trykker på knappen."
        ),
        "advisor.start": "Start fra",
        "advisor.start.current": "Scenariet som er åpent i studioet: {name}",
        "advisor.start.help": "Rådgiveren endrer spakene fra dette scenariet.",
        "advisor.today_running": "Simulerer dagens situasjon …",
        "advisor.form": "Mål og spaker",
        "advisor.targets": "Mål",
        "advisor.targets_help": "Kryss av for målene som skal nås. Øvre grense for 95 %-intervallet.",
        "advisor.at_most": "Høyst ({unit})",
        "advisor.today": "I dag: {value}",
        "advisor.levers": "Spaker",
        "advisor.levers_help": (
            "Kryss av for det som kan endres, og velg fra–til. Hver ekstra spak gjør søket lengre."
        ),
        "advisor.range.capacity": "Plasser fra–til",
        "advisor.range.staffing.fte": "Årsverk fra–til",
        "advisor.lever.capacity": "{service}: plasser",
        "advisor.lever.staffing.fte": "{service}: årsverk",
        "advisor.unit.capacity": "plasser på {service}",
        "advisor.unit.staffing.fte": "årsverk i {service}",
        "advisor.no_levers_in_scenario": (
            "Scenariet har ingen kostnad per plass eller per årsverk (cost_per_place_nok, cost_per_fte_nok): "
            "uten dem kan rådgiveren ikke sammenligne endringer."
        ),
        "advisor.cost.capacity": "≈ {cost} mill. kr per plass per år (anslag)",
        "advisor.cost.staffing.fte": "≈ {cost} mill. kr per årsverk per år (anslag)",
        "advisor.cost.none": "ingen kostnad i scenariet",
        "advisor.budget": "Budsjett for endringen (mill. kr per år, 0 = ingen grense)",
        "advisor.budget_help": "Grensen gjelder spakenes kostnad, ikke betalingen for overliggedøgn.",
        "advisor.run": "Finn billigste løsning",
        "advisor.pick": "Velg mål og spaker og trykk «Finn billigste løsning».",
        "advisor.problems": "Søket kan ikke starte:",
        "advisor.problem.no_targets": "Kryss av for minst ett mål.",
        "advisor.problem.no_levers": "Kryss av for minst én spak.",
        "advisor.problem.budget": "Budsjett",
        "advisor.busy": "Et annet søk kjører på serveren akkurat nå. Ditt starter så snart det er ferdig.",
        "advisor.busy_timeout": "Serveren er opptatt med et annet søk. Prøv igjen om et par minutter.",
        "advisor.allow_cuts": "Tillat kutt",
        "advisor.allow_cuts_help": (
            "Uten avkrysning begynner hver spak på dagens verdi: rådgiveren foreslår aldri å legge ned plasser "
            "eller årsverk. Med avkrysning kan den gå om lag 15 % under dagens verdi."
        ),
        "advisor.stop": "Stopp",
        "advisor.stopping": "Stopper søket …",
        "advisor.stopped.today": "dagens verdier",
        "advisor.progress.start": "Starter søket …",
        "advisor.progress.phase": "Steg {i} av {n}: {phase}",
        "advisor.progress.candidates": "{done} av om lag {expected} kombinasjoner",
        "advisor.progress.left": "om lag {seconds} s igjen",
        "advisor.progress.measuring": "måler farten …",
        "advisor.progress.reused": "{n} kjøringer gjenbrukt",
        "advisor.phase.pilot": "pilot",
        "advisor.phase.approximation": "kø-modell",
        "advisor.phase.frontier": "front",
        "advisor.phase.polish": "finpuss",
        "advisor.phase.confirmation": "bekreftelse",
        "advisor.stopped_early": "Søket ble stoppet før det hadde noe å vise. Trykk på knappen for å søke igjen.",
        "advisor.stopped": "Søket ble stoppet.",
        "advisor.stopped.after": "Det hadde prøvd {done} av om lag {expected} kombinasjoner på {seconds} sekunder.",
        "advisor.stopped.best": "Billigste som nådde målene så langt: {changes}.",
        "advisor.stopped.closest": "Nærmest så langt: {changes}.",
        "advisor.stopped.confirmed": "Bekreftet på alle {n} kjøringene.",
        "advisor.stopped.unconfirmed": "Ikke bekreftet: bare {n} kjøringer, så dette er ikke et forslag ennå.",
        "advisor.resume": "Søk videre",
        "advisor.resume_help": "Fortsetter der søket stoppet: kjøringer som er ferdige, brukes om igjen.",
        "advisor.col.so_far": "Beste så langt (95 % KI)",
        "advisor.how.reused": (
            "{n} kjøringer var gjort fra før (dagens fra studioet, eller et tidligere søk) og ble brukt om igjen."
        ),
        "advisor.step.unconfirmed": (
            "Bekreftelse: {values} nådde ikke målene på alle kjøringene; den nest billigste prøves."
        ),
        "advisor.step.confirmed": "Bekreftelse: {values} når målene på alle {n} kjøringene.",
        "advisor.step.polish_confirmed": (
            "Bekreftelse: en nabo én enhet unna er billigere og når målene på alle kjøringene: {values}."
        ),
        "advisor.failed": "Søket stoppet: {message}",
        "advisor.result": "Resultat",
        "advisor.suggestion": "Forslag: {changes}.",
        "advisor.no_change": "Dagens kapasitet når allerede målene, og mindre blir ikke billigere: ingen endring.",
        "advisor.and": "og",
        "advisor.infeasible": "Ingen kombinasjon innenfor rammene når alle målene.",
        "advisor.infeasible.unreachable": (
            "Selv med alle spakene på maksimum nås ikke målene: utvid rammene eller gjør målene mindre strenge."
        ),
        "advisor.infeasible.budget": "Det som når målene, koster mer enn budsjettet.",
        "advisor.closest": "Nærmest: {changes}.",
        "advisor.closest_today": "Nærmest: dagens verdier.",
        "advisor.over_budget": "Endringen koster {cost} mill. kr per år; budsjettet er {budget}.",
        "advisor.misses": "{target}: {value} (øvre 95 % {upper}), grensen er {bound}",
        "advisor.tile_note": (
            "Rådgiveren velger det billigste forslaget som når målene, regnet som spakenes kostnad + kommunens "
            "betaling for overliggedøgn: her {total} per år mot i dag."
        ),
        "advisor.table.targets": "Målene",
        "advisor.col.target": "Mål",
        "advisor.col.bound": "Grense",
        "advisor.col.today": "I dag (95 % KI)",
        "advisor.col.suggestion": "Forslag (95 % KI)",
        "advisor.col.closest": "Nærmest (95 % KI)",
        "advisor.col.met": "Nådd?",
        "advisor.met.yes": "✓ ja",
        "advisor.met.no": "✗ nei",
        "advisor.table_note": (
            "Et mål er nådd når hele 95 %-intervallet ligger under grensen. I dag og forslaget er simulert med de "
            "samme tilfeldige tallene ({n} replikasjoner)."
        ),
        "advisor.why": "Hvorfor ikke mindre?",
        "advisor.col.lever": "Spak",
        "advisor.col.suggested": "Forslag",
        "advisor.col.one_less": "Én mindre",
        "advisor.col.then": "Da …",
        "advisor.why.misses": "bommer på: {targets}",
        "advisor.why.costs": "når målene, men koster {cost} mill. kr mer per år (overliggedøgn)",
        "advisor.why.budget": "over budsjettet",
        "advisor.why.pruned": "for få plasser for strømmen: køen ville vokst uten stans",
        "advisor.why.meets": "når målene i {n} replikasjoner, men er ikke billigere",
        "advisor.why_none": "Ingen av spakene i forslaget kan gå lenger ned innenfor rammene du valgte.",
        "advisor.curve": "Kostnad mot mål",
        "advisor.curve_caption": (
            "Hvert punkt er en kombinasjon rådgiveren simulerte. Linjen er de beste avveiningene (ingen annen "
            "er både billigere og bedre på «{target}»). Den stiplede linjen er målet."
        ),
        "advisor.curve_outside": (
            "{n} kombinasjoner ligger utenfor utsnittet (dyre hjørner eller langt fra målet): rull for å zoome ut, "
            "dra for å flytte, dobbeltklikk for å starte på nytt."
        ),
        "advisor.axis.cost": "Spakenes kostnad + kommunens betaling for overliggedøgn (mill. kr per år)",
        "advisor.legend.meets": "Når alle målene (bekreftet)",
        "advisor.legend.misses": "Bommer",
        "advisor.legend.unconfirmed": "Nådde målene i de første replikasjonene (ikke bekreftet)",
        "advisor.legend.budget": "Over budsjettet",
        "advisor.mark.best": "Forslag",
        "advisor.mark.closest": "Nærmest",
        "advisor.mark.today": "I dag",
        "advisor.mark.bound": "Mål ≤ {bound}",
        "advisor.tip.cost": "Spaker + overliggedøgn (mill. kr/år)",
        "advisor.tip.kpi": "Snitt",
        "advisor.tip.replications": "Replikasjoner",
        "advisor.open": "Åpne i scenariostudioet",
        "advisor.open_help": "Lagrer forslaget i scenariobiblioteket og åpner det i studioet.",
        "advisor.save.name": "Forslag fra kapasitetsråd: {changes}",
        "advisor.save.author": "Kapasitetsråd",
        "advisor.save.reason": (
            "Når målene: {targets}. Per år mot i dag: kommunen betaler {municipality}, sykehuset betaler "
            "{hospital}, hele systemet {system}."
        ),
        "advisor.save_failed": "Kunne ikke lagre: {message}",
        "advisor.how": "Slik søkte rådgiveren",
        "advisor.how.counts": (
            "{evaluations} kombinasjoner simulert, {simulations} simuleringer i alt, {pruned} utelatt uten "
            "simulering, {seconds} sekunder."
        ),
        "advisor.how.steps": "Stegene i søket:",
        "advisor.step.today_meets": "Pilot: i dag {values} når målene.",
        "advisor.step.today_misses": "Pilot: i dag {values} når ikke målene.",
        "advisor.step.top_meets": "Pilot: alle spakene på maksimum {values} når målene.",
        "advisor.step.top_misses": (
            "Pilot: alle spakene på maksimum {values} når ikke målene, så ingen kombinasjon innenfor rammene gjør det."
        ),
        "advisor.step.prune": (
            "Kø-modell: {lever} under {bound} tar ikke unna {rate} pasienter i døgnet som blir i {stay} døgn "
            "(tilbudt last {load}); {pruned} verdier utelatt."
        ),
        "advisor.step.start": "Kø-modell: Erlang C foreslår å begynne {lever} på {value}.",
        "advisor.step.frontier": "Front: {n} punkter der den siste spaken er så lav som målene tillater.",
        "advisor.step.reconfirm": (
            "{n} punkter på fronten nådde ikke målene på alle replikasjonene: søkt på nytt, og hvert punkt som når "
            "målene, er bekreftet på alle."
        ),
        "advisor.step.budget": "Ingen punkter på fronten som når målene, er innenfor budsjettet.",
        "advisor.step.polish": (
            "Finpuss: fra det billigste punktet på fronten er naboene prøvd på de første kjøringene til ingen var "
            "billigere: {values}."
        ),
        "advisor.how.method": (
            "Først simuleres i dag og alle spaker på maksimum. En kø-modell (Erlang C) foreslår hvor søket "
            "begynner og utelater for små verdier. Deretter halveres intervallet for den siste spaken for hver "
            "kombinasjon av de andre, og til slutt prøves naboene til den billigste til ingen er billigere. "
            "Dette første søket ser på 3 kjøringer per kombinasjon, og flere bare der det er jevnt. Forslaget "
            "bekreftes så på like mange kjøringer som studioet viser i dag med; holder det ikke, prøves den nest "
            "billigste. Alle kombinasjonene kjøres med de samme tilfeldige tallene, og ingen kjøring gjøres to ganger."
        ),
    },
    "en": {
        "nav.advisor": "Capacity advisor",
        "advisor.intro": (
            "Choose targets and the levers that may change. The advisor simulates and finds the cheapest "
            "combination that meets every target with 95 % confidence. Cost a year = the change in the levers + "
            "the municipality's payments for delayed discharges (overliggedøgn). Nothing runs until you press "
            "the button."
        ),
        "advisor.start": "Start from",
        "advisor.start.current": "The scenario open in the studio: {name}",
        "advisor.start.help": "The advisor changes the levers from this scenario.",
        "advisor.today_running": "Simulating today's situation …",
        "advisor.form": "Targets and levers",
        "advisor.targets": "Targets",
        "advisor.targets_help": "Tick the targets to meet. Upper bound for the 95 % interval.",
        "advisor.at_most": "At most ({unit})",
        "advisor.today": "Today: {value}",
        "advisor.levers": "Levers",
        "advisor.levers_help": "Tick what may change and choose from–to. Every extra lever makes the search longer.",
        "advisor.range.capacity": "Places from–to",
        "advisor.range.staffing.fte": "FTE from–to",
        "advisor.lever.capacity": "{service}: places",
        "advisor.lever.staffing.fte": "{service}: FTE",
        "advisor.unit.capacity": "places at {service}",
        "advisor.unit.staffing.fte": "FTE in {service}",
        "advisor.no_levers_in_scenario": (
            "The scenario has no cost per place or per FTE (cost_per_place_nok, cost_per_fte_nok): without them "
            "the advisor cannot compare changes."
        ),
        "advisor.cost.capacity": "≈ NOK {cost} million per place a year (estimate)",
        "advisor.cost.staffing.fte": "≈ NOK {cost} million per FTE a year (estimate)",
        "advisor.cost.none": "no cost in the scenario",
        "advisor.budget": "Budget for the change (MNOK a year, 0 = no limit)",
        "advisor.budget_help": "The limit is on the levers' cost, not on the overliggedøgn payments.",
        "advisor.run": "Find the cheapest change",
        "advisor.pick": "Choose targets and levers and press “Find the cheapest change”.",
        "advisor.problems": "The search cannot start:",
        "advisor.problem.no_targets": "Tick at least one target.",
        "advisor.problem.no_levers": "Tick at least one lever.",
        "advisor.problem.budget": "Budget",
        "advisor.busy": "Another search is running on the server right now. Yours starts as soon as it is done.",
        "advisor.busy_timeout": "The server is busy with another search. Please try again in a couple of minutes.",
        "advisor.allow_cuts": "Allow cuts",
        "advisor.allow_cuts_help": (
            "Unticked, every lever starts at today's value: the advisor never suggests closing places or cutting "
            "FTE. Ticked, it may go about 15 % below today's value."
        ),
        "advisor.stop": "Stop",
        "advisor.stopping": "Stopping the search …",
        "advisor.stopped.today": "today's values",
        "advisor.progress.start": "Starting the search …",
        "advisor.progress.phase": "Step {i} of {n}: {phase}",
        "advisor.progress.candidates": "{done} of about {expected} combinations",
        "advisor.progress.left": "about {seconds} s left",
        "advisor.progress.measuring": "measuring the speed …",
        "advisor.progress.reused": "{n} runs reused",
        "advisor.phase.pilot": "pilot",
        "advisor.phase.approximation": "queueing model",
        "advisor.phase.frontier": "frontier",
        "advisor.phase.polish": "polish",
        "advisor.phase.confirmation": "confirmation",
        "advisor.stopped_early": (
            "The search was stopped before it had anything to show. Press the button to search again."
        ),
        "advisor.stopped": "The search was stopped.",
        "advisor.stopped.after": "It had tried {done} of about {expected} combinations in {seconds} seconds.",
        "advisor.stopped.best": "Cheapest that met the targets so far: {changes}.",
        "advisor.stopped.closest": "Closest so far: {changes}.",
        "advisor.stopped.confirmed": "Confirmed on all {n} runs.",
        "advisor.stopped.unconfirmed": "Not confirmed: only {n} runs, so this is not a suggestion yet.",
        "advisor.resume": "Search on",
        "advisor.resume_help": "Goes on where the search stopped: finished runs are reused.",
        "advisor.col.so_far": "Best so far (95 % CI)",
        "advisor.how.reused": (
            "{n} runs had been made before (today's in the studio, or an earlier search) and were reused."
        ),
        "advisor.step.unconfirmed": (
            "Confirmation: {values} missed the targets on all runs; the next cheapest is tried."
        ),
        "advisor.step.confirmed": "Confirmation: {values} meets the targets on all {n} runs.",
        "advisor.step.polish_confirmed": (
            "Confirmation: a neighbour one unit away is cheaper and meets the targets on all runs: {values}."
        ),
        "advisor.failed": "The search stopped: {message}",
        "advisor.result": "Result",
        "advisor.suggestion": "Suggestion: {changes}.",
        "advisor.no_change": "Today's capacity already meets the targets, and less is not cheaper: no change.",
        "advisor.and": "and",
        "advisor.infeasible": "No combination within the ranges meets every target.",
        "advisor.infeasible.unreachable": (
            "Even with every lever at its maximum the targets are missed: widen the ranges or relax the targets."
        ),
        "advisor.infeasible.budget": "What meets the targets costs more than the budget.",
        "advisor.closest": "Closest: {changes}.",
        "advisor.closest_today": "Closest: today's values.",
        "advisor.over_budget": "The change costs NOK {cost} million a year; the budget is {budget}.",
        "advisor.misses": "{target}: {value} (upper 95 % {upper}), the bound is {bound}",
        "advisor.tile_note": (
            "The advisor picks the cheapest suggestion that meets the targets, counting the levers' cost + the "
            "municipality's overliggedøgn payments: here {total} a year against today."
        ),
        "advisor.table.targets": "The targets",
        "advisor.col.target": "Target",
        "advisor.col.bound": "Bound",
        "advisor.col.today": "Today (95 % CI)",
        "advisor.col.suggestion": "Suggestion (95 % CI)",
        "advisor.col.closest": "Closest (95 % CI)",
        "advisor.col.met": "Met?",
        "advisor.met.yes": "✓ yes",
        "advisor.met.no": "✗ no",
        "advisor.table_note": (
            "A target is met when the whole 95 % interval lies under the bound. Today and the suggestion are "
            "simulated with the same random numbers ({n} replications)."
        ),
        "advisor.why": "Why not less?",
        "advisor.col.lever": "Lever",
        "advisor.col.suggested": "Suggestion",
        "advisor.col.one_less": "One less",
        "advisor.col.then": "Then …",
        "advisor.why.misses": "misses: {targets}",
        "advisor.why.costs": "meets the targets but costs NOK {cost} million more a year (overliggedøgn)",
        "advisor.why.budget": "over budget",
        "advisor.why.pruned": "too few places for the flow: the queue would grow without end",
        "advisor.why.meets": "meets the targets in {n} replications but is not cheaper",
        "advisor.why_none": "No lever of the suggestion can go lower within the ranges you chose.",
        "advisor.curve": "Cost against target",
        "advisor.curve_caption": (
            "Each point is a combination the advisor simulated. The line is the best trade-offs (no other is both "
            "cheaper and better on “{target}”). The dashed line is the target."
        ),
        "advisor.curve_outside": (
            "{n} combinations lie outside the view (expensive corners or far from the target): scroll to zoom out, "
            "drag to move, double-click to start again."
        ),
        "advisor.axis.cost": "Levers' cost + municipality's overliggedøgn payments (MNOK a year)",
        "advisor.legend.meets": "Meets every target (confirmed)",
        "advisor.legend.misses": "Misses",
        "advisor.legend.unconfirmed": "Met the targets in the first replications (not confirmed)",
        "advisor.legend.budget": "Over budget",
        "advisor.mark.best": "Suggestion",
        "advisor.mark.closest": "Closest",
        "advisor.mark.today": "Today",
        "advisor.mark.bound": "Target ≤ {bound}",
        "advisor.tip.cost": "Levers + overliggedøgn (MNOK a year)",
        "advisor.tip.kpi": "Mean",
        "advisor.tip.replications": "Replications",
        "advisor.open": "Open in the scenario studio",
        "advisor.open_help": "Saves the suggestion in the scenario library and opens it in the studio.",
        "advisor.save.name": "Capacity advisor's suggestion: {changes}",
        "advisor.save.author": "Capacity advisor",
        "advisor.save.reason": (
            "Meets: {targets}. A year against today: the municipality pays {municipality}, the hospital pays "
            "{hospital}, the whole system {system}."
        ),
        "advisor.save_failed": "Could not save: {message}",
        "advisor.how": "How the advisor searched",
        "advisor.how.counts": (
            "{evaluations} combinations simulated, {simulations} simulations in all, {pruned} left out without "
            "simulating, {seconds} seconds."
        ),
        "advisor.how.steps": "The steps of the search:",
        "advisor.step.today_meets": "Pilot: today {values} meets the targets.",
        "advisor.step.today_misses": "Pilot: today {values} misses the targets.",
        "advisor.step.top_meets": "Pilot: every lever at its maximum {values} meets the targets.",
        "advisor.step.top_misses": (
            "Pilot: every lever at its maximum {values} misses the targets, so no combination within the ranges does."
        ),
        "advisor.step.prune": (
            "Queueing model: {lever} below {bound} cannot keep up with {rate} patients a day staying {stay} days "
            "(offered load {load}); {pruned} values left out."
        ),
        "advisor.step.start": "Queueing model: Erlang C suggests starting {lever} at {value}.",
        "advisor.step.frontier": "Frontier: {n} points where the last lever is as low as the targets allow.",
        "advisor.step.reconfirm": (
            "{n} frontier points missed the targets on all replications: searched again, and every point that meets "
            "them is confirmed on all."
        ),
        "advisor.step.budget": "No point on the frontier that meets the targets is within the budget.",
        "advisor.step.polish": (
            "Polish: from the cheapest frontier point, neighbours were tried on their first runs until none was "
            "cheaper: {values}."
        ),
        "advisor.how.method": (
            "First today and every lever at its maximum are simulated. A queueing model (Erlang C) suggests where "
            "to start and rules out values that are too small. Then, for each combination of the other levers, the "
            "last lever's range is halved until its smallest sufficient value is found; finally the neighbours of "
            "the cheapest are tried until none is cheaper. This first pass looks at 3 runs per combination, and "
            "more only where it is close. The suggestion is then confirmed on as many runs as the studio shows today "
            "with; if it does not hold, the next cheapest is tried. Every combination runs on the same random "
            "numbers, and no run is made twice."
        ),
    },
}

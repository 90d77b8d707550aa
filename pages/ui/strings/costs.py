"""Texts of the "who pays" tables and tiles (studio, compare page, advisor); line labels are in results.costs."""

STRINGS = {
    "nb": {
        "costs.col.item": "Post (per år)",
        "costs.col.base": "Utgangspunkt",
        "costs.col.scenario": "Scenario",
        "costs.col.change": "Endring (95 % KI)",
        "costs.col.change_of": "Endring: {name} (95 % KI)",
        "costs.tile": "{party} (mill. kr per år)",
        "costs.note": (
            "Kommunen betaler for sine plasser og årsverk og for overliggedøgn; sykehuset betaler for sine senger "
            "og får betalingen for overliggedøgn som inntekt, så for hele systemet går den opp i opp. Kostnad per "
            "plass og årsverk er anslag (EST) fra scenariofilen; overliggedøgn betales med døgnprisen {rate} kr. "
            "Plasser og årsverk regnes som snittet over året (stengte perioder i kalenderen betales ikke); "
            "korridorplasser koster ikke ekstra. Alle beløp per år."
        ),
        "costs.unpriced": "Uten kostnadstall i scenariet (ikke regnet med): {services}.",
        "costs.unpaired": (
            "Ikke de samme pasientene som i «{base}» (annet frø, andre replikasjoner, horisont, innkjøring eller "
            "startdato): intervallet er Welchs, bredere enn et parvis intervall."
        ),
        "costs.od_days": "Overliggedøgn per år: {base} i utgangspunktet, {variant} i scenariet, endring {change}.",
    },
    "en": {
        "costs.col.item": "Item (a year)",
        "costs.col.base": "Starting point",
        "costs.col.scenario": "Scenario",
        "costs.col.change": "Change (95 % CI)",
        "costs.col.change_of": "Change: {name} (95 % CI)",
        "costs.tile": "{party} (MNOK a year)",
        "costs.note": (
            "The municipality pays for its places and staff and for overliggedøgn (delayed-discharge bed-days); the "
            "hospital pays for its beds and receives the overliggedøgn payment as income, so for the whole system "
            "it cancels out. Costs per place and FTE are estimates (EST) from the scenario file; overliggedøgn are "
            "paid at the daily rate of NOK {rate}. Places and staff count as their mean over the year (periods a "
            "calendar closes are not paid for); corridor places cost nothing extra. All amounts a year."
        ),
        "costs.unpriced": "No cost figure in the scenario (left out): {services}.",
        "costs.unpaired": (
            "Not the same patients as in “{base}” (another seed, other replications, horizon, warm-up or start "
            "date): the interval is Welch's, wider than a paired interval."
        ),
        "costs.od_days": (
            "Delayed-discharge bed-days a year: {base} at the starting point, {variant} in the scenario, change "
            "{change}."
        ),
    },
}

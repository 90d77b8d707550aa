"""Texts of a scenario across the workshop: opened from the library, carried by a link, compared with its base."""

STRINGS = {
    "nb": {
        "scenario.start.opened": "«{name}» (bibliotek #{id})",
        "scenario.opened": (
            "Åpnet fra biblioteket: «{name}» (#{id}), endringene på «{base}». Nøkkeltallene viser hva de endrer "
            "fra «{base}»."
        ),
        "scenario.opened.no_base": (
            "«{name}» ble lagret uten utgangspunktet sitt (før biblioteket tok vare på det, eller importert som fil). "
            "Det åpnes som sitt eget utgangspunkt, uten endringer å vise."
        ),
        "scenario.opened.off_controls": (
            "«{name}» har endringer som kontrollene her ikke kan vise. Det åpnes som sitt eget utgangspunkt."
        ),
        "scenario.link.not_in_library": (
            "Lenken åpner scenario «{value}» fra biblioteket, men det finnes ikke (slettet?): grunnlaget vises "
            "i stedet."
        ),
        "scenario.link.uploaded": (
            "Lenken ble laget fra en opplastet fil, og en lenke kan ikke ta med seg en fil: grunnlaget vises, med "
            "lenkens verdier der de passer. Be om filen, eller om at scenariet lagres i biblioteket."
        ),
        "scenario.link.not_shareable": (
            "Adressen til denne siden kan ikke gjenskape scenariet: det starter fra en opplastet fil. Lagre det i "
            "biblioteket for å dele det med en lenke."
        ),
        "compare.base": "Sammenlign med",
        "compare.base_help": (
            "Et scenario sammenlignes med utgangspunktet det ble laget fra, med de samme pasientene. Scenarioer med "
            "ulike utgangspunkt sammenlignes hver for seg: velg utgangspunkt her."
        ),
        "compare.base_option": "{name} ({n} scenarioer: {ids})",
        "compare.no_base": "Lagret uten utgangspunktet sitt, og derfor sammenlignet med «{base}»: {names}.",
    },
    "en": {
        "scenario.start.opened": "“{name}” (library #{id})",
        "scenario.opened": (
            "Opened from the library: “{name}” (#{id}), its changes on “{base}”. The key figures show what they "
            "change from “{base}”."
        ),
        "scenario.opened.no_base": (
            "“{name}” was saved without its starting point (before the library kept it, or imported as a file). It "
            "opens as its own starting point, with no changes to show."
        ),
        "scenario.opened.off_controls": (
            "“{name}” has changes the controls here cannot show. It opens as its own starting point."
        ),
        "scenario.link.not_in_library": (
            "The link opens scenario “{value}” from the library, which does not exist (deleted?): the baseline is "
            "shown instead."
        ),
        "scenario.link.uploaded": (
            "The link was made from an uploaded file, and a link cannot carry a file: the baseline is shown, with the "
            "link's values where they fit. Ask for the file, or for the scenario to be saved to the library."
        ),
        "scenario.link.not_shareable": (
            "This page's address cannot reproduce this scenario: it starts from an uploaded file. Save it to the "
            "library to share it by link."
        ),
        "compare.base": "Compare with",
        "compare.base_help": (
            "A scenario is compared with the starting point it was made from, with the same patients. Scenarios with "
            "different starting points are compared separately: pick the starting point here."
        ),
        "compare.base_option": "{name} ({n} scenarios: {ids})",
        "compare.no_base": "Saved without their starting point, so compared with “{base}”: {names}.",
    },
}

"""Texts of the frame: title, language, navigation."""

STRINGS = {
    "nb": {
        "app.title": "HARMONI workshop studio",
        "app.tagline": "Felles planlegging for St. Olavs hospital og Trondheim kommune",
        "lang.label": "Språk",
        "nav.overview": "Samhandlingsdashbord",
        "nav.scenario": "Scenariostudio",
        "nav.map": "Kart",
        "nav.about": "Om modellen",
        "section.data": "Data",
        "section.plan": "Planlegging",
        "section.info": "Informasjon",
    },
    "en": {
        "app.title": "HARMONI workshop studio",
        "app.tagline": "Planning together for St. Olavs hospital and Trondheim municipality",
        "lang.label": "Language",
        "nav.overview": "Shared dashboard",
        "nav.scenario": "Scenario studio",
        "nav.map": "Map",
        "nav.about": "About the model",
        "section.data": "Data",
        "section.plan": "Planning",
        "section.info": "Information",
    },
}

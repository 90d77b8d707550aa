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
        "presenter.label": "Presentasjonsmodus",
        "presenter.help": "Skjuler kontrollene og gjør tall og diagrammer store for projektoren.",
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
        "presenter.label": "Presenter mode",
        "presenter.help": "Hides the controls and makes figures and charts large for the projector.",
    },
}

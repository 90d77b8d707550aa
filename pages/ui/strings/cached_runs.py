"""Texts of a run that failed or was refused (pages/ui/cached_runs.py), shown by every page that simulates."""

STRINGS = {
    "nb": {
        "run.busy": (
            "Serveren er opptatt med andres kjøringer (omtrent {seconds} s arbeid foran deg). Prøv igjen om et minutt."
        ),
        "run.timeout": (
            "Kjøringen tok lengre tid enn {seconds} s og ble stoppet. "
            "Prøv et mindre scenario (kortere horisont eller færre ankomster)."
        ),
        "run.cancelled": "Kjøringen ble avbrutt.",
        "run.closed": "Serveren starter på nytt. Last siden inn igjen om litt.",
        "run.worker": "En beregningsprosess stoppet under kjøringen. Prøv igjen.",
        "run.failed": "Scenarioet kunne ikke simuleres: {message}",
    },
    "en": {
        "run.busy": "The server is busy with other runs (about {seconds} s of work ahead). Try again in a minute.",
        "run.timeout": (
            "The run took longer than {seconds} s and was stopped. "
            "Try a smaller scenario (a shorter horizon or fewer arrivals)."
        ),
        "run.cancelled": "The run was cancelled.",
        "run.closed": "The server is restarting. Reload the page in a moment.",
        "run.worker": "A simulation process stopped during the run. Try again.",
        "run.failed": "The scenario could not be simulated: {message}",
    },
}

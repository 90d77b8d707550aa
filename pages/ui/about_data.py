"""Pure helpers for the about page: the sources table of a scenario, and CALIBRATION.md for embedding."""

from __future__ import annotations

import re
from collections.abc import Mapping

import pandas as pd

from harmoni_model import Scenario

SOURCE_COLUMNS = ("id", "name", "organisation", "source")


def sources_table(scenario: Scenario, lang: str, words: Mapping[str, str]) -> pd.DataFrame:
    """One row per service, then one per arrival stream: id, name, organisation, source.

    `words` gives the texts in the reader's language: ``hospital``, ``municipality``,
    ``arrivals_to`` (with ``{service}``) and ``no_source``.
    """
    rows = []
    for service in scenario.services:
        rows.append(
            (service.id, service.label(lang), words[service.organisation], service.source or words["no_source"])
        )
    for arrival in scenario.arrivals:
        target = scenario.service(arrival.to)
        rows.append(
            (
                arrival.id,
                words["arrivals_to"].format(service=target.label(lang)),
                words[target.organisation],
                arrival.source or words["no_source"],
            )
        )
    return pd.DataFrame(rows, columns=list(SOURCE_COLUMNS))


def embedded_markdown(text: str, levels: int = 2) -> str:
    """Markdown to show inside a page: headings moved `levels` down (``#`` -> ``###``), the first title dropped."""
    lines = text.splitlines()
    if lines and re.match(r"^#\s", lines[0]):
        lines = lines[1:]
    out = []
    in_code = False
    for line in lines:
        if line.lstrip().startswith("```"):
            in_code = not in_code
        if not in_code and re.match(r"^#{1,6}\s", line):
            line = "#" * levels + line
        out.append(line)
    return "\n".join(out).strip() + "\n"

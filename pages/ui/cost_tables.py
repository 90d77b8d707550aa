"""Who pays, as the studio, the compare page and the advisor show it: tiles by organisation and the cost table.

The numbers come from ``harmoni_model.results.costs`` (one module for every
surface, the report included), the line labels too; only the column headings and
notes are the app's texts.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import pandas as pd

from harmoni_model.results.costs import LINES, PARTIES, CostChange, YearlyCosts, line_label, party_label
from harmoni_model.results.estimates import Estimate
from harmoni_model.results.formatting import NBSP, fmt_mnok_estimate, fmt_number
from pages.ui.tiles import tile
from pages.ui.user_text import literal_line

Translate = Callable[..., str]


def cost_frame(change: CostChange, t: Translate, lang: str) -> pd.DataFrame:
    """One row per line (who pays what): the starting point, the scenario and the change with its interval."""
    rows = [
        {
            t("costs.col.item"): line.label(lang),
            t("costs.col.base"): fmt_mnok_estimate(line.baseline, 1, lang),
            t("costs.col.scenario"): fmt_mnok_estimate(line.scenario, 1, lang),
            t("costs.col.change"): fmt_mnok_estimate(line.change, 1, lang, difference=True),
        }
        for line in change.lines()
    ]
    return pd.DataFrame(rows)


def compare_cost_frame(
    baseline: YearlyCosts, changes: Sequence[tuple[str, CostChange]], base_label: str, t: Translate, lang: str
) -> pd.DataFrame:
    """One row per line: the baseline's level, then each scenario's change from it with its interval."""
    table: dict[str, list[str]] = {
        t("costs.col.item"): [line_label(p, i, lang) for p, i in LINES],
        base_label: [fmt_mnok_estimate(baseline.line(p, i), 1, lang) for p, i in LINES],
    }
    for label, change in changes:
        column = t("costs.col.change_of", name=label)  # a level beside changes: the heading says which is which
        table[column] = [fmt_mnok_estimate(change.change.line(p, i), 1, lang, difference=True) for p, i in LINES]
    return pd.DataFrame(table)


def mnok_number(e: Estimate, lang: str, difference: bool = False) -> str:
    """Millions of kroner without the unit (a tile's label says "mill. kr"): ``−70,5 (−73,4 til −67,5)``.

    The unit in every tile's value ("2 193,0 mill. kr") made three tiles side by side too wide for a
    1280 screen: they were cut ("2 193,0 mil…").
    """
    text = fmt_mnok_estimate(e, 1, lang, difference=difference)
    return text.replace(f"{NBSP}mill.{NBSP}kr", "").replace(f"{NBSP}MNOK", "")


def cost_tiles(cols: Sequence, change: CostChange, t: Translate, lang: str, presenter: bool = False) -> None:
    """A tile per party: its net a year in the scenario, and the change (grey: who pays is no good or bad)."""
    for col, party in zip(cols, PARTIES, strict=True):
        d = change.change[party].net
        level = change.scenario[party].net
        tile(
            col, t("costs.tile", party=party_label(party, lang)), mnok_number(Estimate(level.mean, 0, 0, 1), lang),
            mnok_number(d, lang, difference=True), presenter=presenter,
        )  # fmt: skip


def cost_notes(change: CostChange, rate: float, labels: Mapping[str, str], base_label: str, t: Translate,
               lang: str) -> list[str]:  # fmt: skip
    """What the table rests on: rates and estimates, services left out, and an unpaired comparison."""
    notes = [t("costs.note", rate=fmt_number(rate, 0, lang))]
    if change.unpriced:
        notes.append(t("costs.unpriced", services=literal_line(", ".join(labels.get(s, s) for s in change.unpriced))))
    if not change.paired:
        notes.append(t("costs.unpaired", base=literal_line(base_label)))
    return notes

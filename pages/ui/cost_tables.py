"""Who pays, as the studio, the compare page and the advisor show it: tiles by organisation and the cost table.

The numbers come from ``harmoni_model.results.costs`` (one module for every
surface, the report included), the line labels too; only the column headings and
notes are the app's texts.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import pandas as pd

from harmoni_model.results.costs import LINES, PARTIES, CostChange, YearlyCosts, line_label, party_label
from harmoni_model.results.formatting import fmt_mnok, fmt_mnok_estimate, fmt_number
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


def cost_tiles(cols: Sequence, change: CostChange, t: Translate, lang: str, presenter: bool = False) -> None:
    """A tile per party: its net a year in the scenario, and the change (grey: who pays is no good or bad)."""
    for col, party in zip(cols, PARTIES, strict=True):
        d = change.change[party].net
        tile(
            col, t("costs.tile", party=party_label(party, lang)), fmt_mnok(change.scenario[party].net.mean, 1, lang),
            fmt_mnok_estimate(d, 1, lang, difference=True), presenter=presenter,
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

"""The report's tidy table: the baseline's headline figures and who pays, per scenario; as CSV and Excel.

One row per scenario (the baseline first) and figure, then per scenario and cost
line. Every number is in the model's units, per year for totals over the measured
period (the ``unit`` column says which), so runs of different horizons compare;
levels are clipped to the range the quantity can take (a count never below zero).
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from harmoni_model.results.comparison import compare
from harmoni_model.results.costs import LINES, cost_change, yearly_costs
from harmoni_model.results.estimates import Estimate
from harmoni_model.results.formatting import clip
from harmoni_model.results.headline import Figure, headline_figures
from harmoni_model.results.tidy import Results
from harmoni_model.results.yearly import per_year
from harmoni_model.scenario.format import Scenario

if TYPE_CHECKING:
    import pandas as pd

TABLE_COLUMNS = [
    "scenario", "author", "reason", "scope", "kpi", "unit", "mean", "ci_low", "ci_high",
    "diff_mean", "diff_low", "diff_high", "comparison", "left_out",
]  # fmt: skip
COST_UNIT = "NOK/year"
# A spreadsheet reads a cell starting with one of these as a formula (or, with tab and carriage return,
# shifts it so the next character does): OWASP's CSV-injection rule, for CSV and Excel alike.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NAN = Estimate(math.nan, math.nan, math.nan, 0)


@dataclass(frozen=True)
class ReportItem:
    """One scenario of the workshop report: who made it, why, and its results."""

    name: str
    author: str
    reason: str
    results: Results


def unit(fig: Figure) -> str:
    """The figure's unit in the table: ``days``, ``share``, ``bed-days/year``..."""
    return f"{fig.info.unit}/year" if fig.info.total else fig.info.unit


def in_table(fig: Figure, e: Estimate, scenario: Scenario, difference: bool = False) -> Estimate:
    """A figure's estimate in the table's units: per year for a total, a level clipped to its range."""
    out = per_year(e, scenario) if fig.info.total else e
    return out if difference else clip(out, fig.info.floor, fig.info.ceiling)


def kpi_table(items: Sequence[ReportItem], baseline: Results) -> pd.DataFrame:
    """The tidy table of the report: headline figures of the baseline's scenario, then who pays.

    Columns: scenario, author, reason, scope (a service id, "system", or for a
    cost line "municipality" / "hospital" / "system"), kpi (a KPI, or
    ``cost_capacity`` / ``cost_overliggedogn`` / ``cost_net``), unit, mean,
    ci_low, ci_high, diff_mean, diff_low, diff_high (the difference from the
    baseline; NaN for the baseline itself), comparison ("baseline", "paired" or
    "unpaired") and left_out (services without a cost figure, on cost lines).
    """
    import pandas as pd

    figures = headline_figures(baseline.scenario)
    rows = []

    def add(item: ReportItem | None, scope: str, kpi: str, unit_: str, e: Estimate, d: Estimate, how: str,
            left_out: str = "") -> None:  # fmt: skip
        name, author, reason = (item.name, item.author, item.reason) if item else (baseline.scenario.name, "", "")
        rows.append((name, author, reason, scope, kpi, unit_, e.mean, e.low, e.high, d.mean, d.low, d.high, how,
                     left_out))  # fmt: skip

    base_est = baseline.estimates()
    for fig in figures:
        if fig.scope in base_est:
            add(None, fig.scope, fig.kpi, unit(fig), in_table(fig, base_est[fig.scope][fig.kpi], baseline.scenario),
                NAN, "baseline")  # fmt: skip
    for item in items:
        est, comparison = item.results.estimates(), compare(item.results, baseline)
        how = "paired" if comparison.paired else "unpaired"
        for fig in figures:
            if fig.scope not in est:
                continue
            d = comparison.at(fig.scope, fig.kpi)
            add(item, fig.scope, fig.kpi, unit(fig), in_table(fig, est[fig.scope][fig.kpi], item.results.scenario),
                NAN if d is None else in_table(fig, d, baseline.scenario, difference=True), how)  # fmt: skip
    base_costs = yearly_costs(baseline)
    for party, line in LINES:
        add(None, party, f"cost_{line}", COST_UNIT, base_costs.line(party, line), NAN, "baseline",
            ", ".join(base_costs.unpriced))  # fmt: skip
    for item in items:
        c = cost_change(item.results, baseline)
        for x in c.lines():
            add(item, x.party, f"cost_{x.item}", COST_UNIT, x.scenario, x.change,
                "paired" if c.paired else "unpaired", ", ".join(c.unpriced))  # fmt: skip
    return pd.DataFrame(rows, columns=TABLE_COLUMNS)


def neutralised(value: object) -> object:
    """A cell's value safe in a spreadsheet: text that would start a formula gets a leading apostrophe.

    Only strings change (``"=HYPERLINK(...)"`` becomes ``"'=HYPERLINK(...)"``); numbers, negative ones
    included, stay numbers.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_for_spreadsheets(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of `df` with every text cell and column heading :func:`neutralised` (the numbers as they are)."""
    out = df.copy()
    out.columns = [neutralised(c) for c in out.columns]
    for col in out.columns:
        if out[col].dtype == object or str(out[col].dtype) in ("string", "str"):
            out[col] = out[col].map(neutralised)
    return out


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """CSV as UTF-8 with a byte-order mark, so Excel shows Norwegian letters right; no cell starts a formula.

    Lines end in CRLF (RFC 4180): the csv writer then quotes any cell holding a carriage return, which
    with bare LF line ends it leaves unquoted, so a name with a CR in it would split its row.
    """
    return safe_for_spreadsheets(df).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def to_excel_bytes(df: pd.DataFrame, sheet_name: str = "KPI") -> bytes:
    """The table as an .xlsx workbook (openpyxl); no cell is a formula.

    Text is :func:`neutralised`, and every text cell is written as text (``data_type "s"``): openpyxl
    would otherwise store a string starting with "=" as a formula.
    """
    import pandas as pd

    df = safe_for_spreadsheets(df)
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        df.to_excel(writer, index=False, sheet_name=sheet_name)
        sheet = writer.sheets[sheet_name]
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
        for i, col in enumerate(df.columns, start=1):
            width = max(len(str(col)), *(len(str(v)) for v in df[col].head(200))) if len(df) else len(str(col))
            sheet.column_dimensions[sheet.cell(row=1, column=i).column_letter].width = min(60, width + 2)
    return buf.getvalue()

"""The report's tidy table: the baseline's headline figures and who pays, per scenario; as CSV and Excel.

One row per scenario (the baseline first) and figure, then per scenario and cost
line. Every number is in the model's units, per year for totals over the measured
period (the ``unit`` column says which), so runs of different horizons compare;
levels are clipped to the range the quantity can take (a count never below zero).
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from harmoni_model.language import in_language
from harmoni_model.results.comparison import compare
from harmoni_model.results.costs import HOSPITAL, LINES, MUNICIPALITY, cost_change, line_label, yearly_costs
from harmoni_model.results.estimates import Estimate
from harmoni_model.results.formatting import clip
from harmoni_model.results.headline import Figure, headline_figures
from harmoni_model.results.tidy import Results
from harmoni_model.results.yearly import per_year
from harmoni_model.scenario.format import SYSTEM, Scenario

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


#: The readable export's columns in bokmål and English, in the order of TABLE_COLUMNS' figures.
EXPORT_COLUMNS: dict[str, tuple[str, str]] = {
    "scenario": ("Scenario", "Scenario"),
    "author": ("Laget av", "Author"),
    "reason": ("Begrunnelse", "Reason"),
    "scope": ("Gjelder", "Applies to"),
    "kpi": ("Nøkkeltall", "Key figure"),
    "unit": ("Enhet", "Unit"),
    "mean": ("Snitt", "Mean"),
    "ci_low": ("95 % KI fra", "95 % CI from"),
    "ci_high": ("95 % KI til", "95 % CI to"),
    "diff_mean": ("Forskjell fra utgangspunktet", "Difference from baseline"),
    "diff_low": ("Forskjell, 95 % KI fra", "Difference, 95 % CI from"),
    "diff_high": ("Forskjell, 95 % KI til", "Difference, 95 % CI to"),
    "comparison": ("Sammenligning", "Comparison"),
    "left_out": ("Uten kostnadstall (ikke regnet med)", "No cost figure (left out)"),
}
COMPARISONS = {"baseline": ("utgangspunkt", "baseline"), "paired": ("parvis", "paired"),
               "unpaired": ("uparet (Welch)", "unpaired (Welch)")}  # fmt: skip
MONEY_UNIT = ("mill. kr per år", "MNOK a year")
NUMBER_COLUMNS = ("mean", "ci_low", "ci_high", "diff_mean", "diff_low", "diff_high")
#: Decimals kept in the readable export (beyond what a page shows, so that a sum in a spreadsheet is right).
EXTRA_DECIMALS = 2


def export_table(table: pd.DataFrame, baseline: Scenario, lang: str = "nb") -> pd.DataFrame:
    """The tidy table (:func:`kpi_table`) as a reader files it: headers, figures and units in words, no ids.

    Numbers are in the units the pages show (shares in per cent, money in million kroner, totals
    per year); ``attrs["decimals"]`` holds each row's decimals for a spreadsheet's number format.
    """
    figures = {(f.scope, f.kpi): f for f in headline_figures(baseline)}
    labels = {s.id: s.label(lang) for s in baseline.services}
    scopes = {
        SYSTEM: in_language("Hele systemet", "Whole system", lang),
        MUNICIPALITY: baseline.organisation_label(MUNICIPALITY, lang),
        HOSPITAL: baseline.organisation_label(HOSPITAL, lang),
    }
    out = table.copy()
    names, units, scales, decimals = [], [], [], []
    for scope, kpi in zip(table["scope"], table["kpi"], strict=True):
        if (scope, kpi) in figures:
            fig = figures[scope, kpi]
            names.append(fig.label(lang))
            units.append(fig.info.unit_label(lang))
            scales.append(fig.info.scale)
            decimals.append(fig.info.decimals)
        else:  # a cost line: cost_<item> of a party
            names.append(line_label(scope, kpi.removeprefix("cost_"), lang))
            units.append(in_language(*MONEY_UNIT, lang))
            scales.append(1e-6)
            decimals.append(1)
    out["scope"] = [labels.get(s) or scopes.get(s, s) for s in table["scope"]]
    out["kpi"], out["unit"] = names, units
    for col in NUMBER_COLUMNS:
        out[col] = [
            round(v * f, d + EXTRA_DECIMALS) for v, f, d in zip(table[col].astype(float), scales, decimals, strict=True)
        ]
    out["comparison"] = [in_language(*COMPARISONS[c], lang) for c in table["comparison"]]
    out["left_out"] = [", ".join(labels.get(i.strip(), i.strip()) for i in v.split(",")) if v else "" for v in
                       table["left_out"]]  # fmt: skip
    out.columns = [in_language(*EXPORT_COLUMNS[c], lang) for c in table.columns]
    out.attrs["decimals"] = decimals
    return out


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


def to_csv_bytes(df: pd.DataFrame, lang: str = "nb") -> bytes:
    """CSV as UTF-8 with a byte-order mark (Excel shows Norwegian letters right); no cell starts a formula.

    In bokmål the cells are separated by ``;`` and decimals by a comma, as Norwegian Excel reads a
    CSV opened with a double click; in English by ``,`` and a point. Lines end in CRLF (RFC 4180):
    the csv writer then quotes any cell holding a carriage return, which with bare LF line ends it
    leaves unquoted, so a name with a CR in it would split its row.
    """
    sep, decimal = (";", ",") if lang == "nb" else (",", ".")
    safe = safe_for_spreadsheets(df)
    return safe.to_csv(index=False, sep=sep, decimal=decimal, lineterminator="\r\n").encode("utf-8-sig")


def _number_format(decimals: int) -> str:
    """An Excel number format with thousands grouped: the reader's Excel shows its own separators."""
    return "#,##0" if decimals <= 0 else "#,##0." + "0" * decimals


def to_excel_bytes(df: pd.DataFrame, lang: str = "nb", changes: Mapping[str, Sequence[str]] | None = None) -> bytes:
    """The table as a formatted .xlsx workbook (openpyxl); no cell is a formula.

    Headings bold and frozen, numbers formatted with the decimals of each row (``attrs["decimals"]``
    from :func:`export_table`), columns sized to their text. `changes` (scenario -> lines, as
    :func:`harmoni_model.scenario.differences.scenario_differences` gives them) adds a second sheet.
    Text is :func:`neutralised`, and every text cell is written as text (``data_type "s"``): openpyxl
    would otherwise store a string starting with "=" as a formula.
    """
    import pandas as pd
    from openpyxl.styles import Alignment, Font, PatternFill

    decimals = df.attrs.get("decimals")
    sheet_name = in_language("Nøkkeltall", "Key figures", lang)
    df = safe_for_spreadsheets(df)
    numeric = [i for i, col in enumerate(df.columns, start=1) if pd.api.types.is_numeric_dtype(df[col])]
    frames = {sheet_name: df}
    if changes is not None:
        rows = [(neutralised(name), neutralised(line)) for name, lines in changes.items() for line in lines or ("–",)]
        heads = ["Scenario", in_language("Endring fra utgangspunktet", "Change from the baseline", lang)]
        frames[in_language("Endringer", "Changes", lang)] = pd.DataFrame(rows, columns=heads)
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        for name, frame in frames.items():
            frame.to_excel(writer, index=False, sheet_name=name)
            sheet = writer.sheets[name]
            sheet.freeze_panes = "A2"
            for row in sheet.iter_rows():
                for cell in row:
                    if isinstance(cell.value, str):
                        cell.data_type = "s"
            for cell in sheet[1]:
                cell.font = Font(bold=True)
                cell.fill = PatternFill("solid", fgColor="EEF3F8")
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            for i, col in enumerate(frame.columns, start=1):
                shown = [len(str(v)) for v in frame[col].head(200)]
                width = max([min(len(str(col)), 24), *shown]) if shown else len(str(col))
                sheet.column_dimensions[sheet.cell(row=1, column=i).column_letter].width = min(60, width + 2)
        if decimals is not None:
            sheet = writer.sheets[sheet_name]
            for r, d in enumerate(decimals, start=2):
                for c in numeric:
                    sheet.cell(row=r, column=c).number_format = _number_format(d)
    return buf.getvalue()

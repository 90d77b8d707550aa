"""Weekly KPI history shared by St. Olavs and Trondheim kommune (the *samhandlingsdashbord*).

One table, :data:`INDICATORS`, says what each shared indicator is (labels in
bokmål and English, unit, which organisation owns it, and which direction is
good). A history file is long CSV with exactly four columns::

    week,indicator,value,source
    2023-01-02,overliggedogn,41.25,Helseplattformen extract 2025-03-01

``week`` is the Monday (ISO week start) of the week, ``YYYY-MM-DD``.
:func:`validate_history` reads such a file (path, text, bytes, an uploaded file
or a DataFrame) and either returns a tidy DataFrame or raises
:class:`HistoryError` listing every problem in plain words, with the line
number in the file (header = line 1) and the column. It never raises anything
else, whatever bytes it is given. :func:`weekly_indicators` turns one model run
into the same indicators, so model output and real extracts can be compared.

No Streamlit here; pandas is the only dependency beyond the standard library.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from harmoni_model.scenario.format import Scenario
    from harmoni_model.simulation.engine import ReplicationResult

COLUMNS: tuple[str, ...] = ("week", "indicator", "value", "source")
MAX_FILE_BYTES = 20_000_000
MAX_PROBLEMS = 25  # listed in full; the rest are counted
FIRST_YEAR, LAST_YEAR = 1990, 2100

HOSPITAL = "hospital"
MUNICIPALITY = "municipality"


@dataclass(frozen=True)
class Indicator:
    """One shared indicator of the overview page."""

    id: str
    label_nb: str
    label_en: str
    unit: str  # "%", "patients", "bed-days", "persons", "clients"
    unit_nb: str
    organisation: str  # "hospital" or "municipality": who owns the number
    higher_is_better: bool | None  # None: no direction, judge against a target band
    decimals: int  # for display

    def label(self, lang: str = "nb") -> str:
        return self.label_nb if lang == "nb" else self.label_en

    @property
    def is_percentage(self) -> bool:
        return self.unit == "%"

    @property
    def max_pct(self) -> float:
        """Occupancy can exceed 100 % (St. Olavs has run above it); other shares cannot."""
        return 200.0 if self.id.endswith("occupancy_pct") else 100.0


_TABLE: tuple[Indicator, ...] = (
    Indicator(
        "utskrivningsklare_per_day",
        "Utskrivningsklare pasienter i sykehusseng (snitt per dag)",
        "Discharge-ready patients in hospital beds (mean per day)",
        "patients",
        "pasienter",
        HOSPITAL,
        False,
        1,
    ),
    Indicator(
        "overliggedogn",
        "Overliggedøgn (per uke)",
        "Delayed-discharge bed-days (per week)",
        "bed-days",
        "liggedøgn",
        HOSPITAL,
        False,
        0,
    ),
    Indicator(
        "hospital_occupancy_pct",
        "Beleggsprosent sykehus",
        "Hospital bed occupancy",
        "%",
        "%",
        HOSPITAL,
        None,
        1,
    ),
    Indicator(
        "kad_occupancy_pct",
        "Beleggsprosent KAD",
        "Municipal acute beds (KAD) occupancy",
        "%",
        "%",
        MUNICIPALITY,
        None,
        1,
    ),
    Indicator(
        "short_term_occupancy_pct",
        "Beleggsprosent korttidsplasser",
        "Short-term beds occupancy",
        "%",
        "%",
        MUNICIPALITY,
        None,
        1,
    ),
    Indicator(
        "nursing_home_occupancy_pct",
        "Beleggsprosent langtidsplasser sykehjem",
        "Long-term nursing-home places occupancy",
        "%",
        "%",
        MUNICIPALITY,
        None,
        1,
    ),
    Indicator(
        "nursing_home_waiting_list",
        "Venter på langtidsplass (snitt)",
        "Waiting for a long-term place (mean)",
        "persons",
        "personer",
        MUNICIPALITY,
        False,
        1,
    ),
    Indicator(
        "home_care_clients",
        "Mottakere av hjemmetjenester (snitt)",
        "Home-care clients (mean)",
        "clients",
        "brukere",
        MUNICIPALITY,
        None,
        0,
    ),
    Indicator(
        "readmissions_30d_pct",
        "Reinnleggelser innen 30 dager",
        "30-day readmissions",
        "%",
        "%",
        HOSPITAL,
        False,
        1,
    ),
)

#: The shared indicators by id, in display order.
INDICATORS: dict[str, Indicator] = {ind.id: ind for ind in _TABLE}


def indicators_frame() -> pd.DataFrame:
    """The indicator table as a DataFrame (one row per indicator, display order)."""
    return pd.DataFrame([ind.__dict__ for ind in _TABLE])


# --- validation -------------------------------------------------------------


@dataclass(frozen=True)
class HistoryProblem:
    """One problem in a history file: where (line, column) and what, in plain words."""

    line: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = []
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        return (", ".join(where) + ": " + self.message) if where else self.message


class HistoryError(ValueError):
    """A KPI history that cannot be used, with one :class:`HistoryProblem` per fault."""

    def __init__(self, problems: Sequence[HistoryProblem]):
        self.problems = list(problems)
        shown = [str(p) for p in self.problems[:MAX_PROBLEMS]]
        if len(self.problems) > MAX_PROBLEMS:
            shown.append(f"... and {len(self.problems) - MAX_PROBLEMS} more problems")
        super().__init__("\n".join(shown))


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_HEADER = ",".join(COLUMNS)


def _fail(line: int | None, column: str | None, message: str) -> HistoryError:
    return HistoryError([HistoryProblem(line, column, message)])


def _decode(raw: bytes) -> str:
    if len(raw) > MAX_FILE_BYTES:
        raise _fail(None, None, f"the file is too large ({len(raw)} bytes, limit {MAX_FILE_BYTES})")
    if raw.startswith(b"PK\x03\x04"):
        raise _fail(None, None, "this looks like an Excel workbook (.xlsx), not a CSV file: save it as 'CSV UTF-8'")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise _fail(
            line, None, "the file is not UTF-8 text (binary data, or saved in another encoding): save it as 'CSV UTF-8'"
        ) from None


def _read_source(source: Any) -> str | pd.DataFrame:
    """The text (or DataFrame) behind a path, text, bytes or file-like object."""
    if isinstance(source, pd.DataFrame):
        return source
    if isinstance(source, (bytes, bytearray, memoryview)):
        return _decode(bytes(source))
    if hasattr(source, "getvalue"):  # Streamlit's UploadedFile, io.BytesIO, io.StringIO
        data = source.getvalue()
        return data if isinstance(data, str) else _decode(bytes(data))
    if hasattr(source, "read"):
        data = source.read()
        return data if isinstance(data, str) else _decode(bytes(data))
    if isinstance(source, str) and ("\n" in source or "," in source or not source.strip()):
        return source.removeprefix("\ufeff")
    if isinstance(source, (str, Path)):
        path = Path(source)
        try:
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:
                raise _fail(None, None, f"{path}: the file is too large ({size} bytes, limit {MAX_FILE_BYTES})")
            raw = path.read_bytes()
        except FileNotFoundError:
            raise _fail(None, None, f"{path}: no such file") from None
        except IsADirectoryError:
            raise _fail(None, None, f"{path}: is a directory, not a CSV file") from None
        except PermissionError:
            raise _fail(None, None, f"{path}: cannot read the file (permission denied)") from None
        except (OSError, ValueError) as exc:
            raise _fail(None, None, f"{path}: cannot read the file ({exc.__class__.__name__})") from None
        return _decode(raw)
    raise _fail(None, None, f"cannot read a KPI history from {type(source).__name__}")


def _records(text: str) -> list[tuple[int, list[str]]]:
    """CSV records with the line number each starts on; blank lines left out."""
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise _fail(line, None, "contains a NUL character: this is not a text CSV file")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    out = []
    start = 1
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                out.append((start, row))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise _fail(
            reader.line_num or start, None, f"cannot read the CSV ({exc}); check the quotes around this line"
        ) from None
    return out


def _column_problems(header: list[str], line: int) -> list[HistoryProblem]:
    names = [h.strip().lower() for h in header]
    problems = []
    if len(names) == 1 and ";" in names[0]:
        return [
            HistoryProblem(
                line,
                None,
                f"the header uses ';' as separator (Norwegian Excel); the file must be comma-separated "
                f"with the header {_HEADER} (in Excel: save as 'CSV UTF-8 (kommadelt)')",
            )
        ]
    seen: set[str] = set()
    for name in names:
        if name in seen:
            problems.append(HistoryProblem(line, name, "the column appears twice in the header"))
        seen.add(name)
    for name in names:
        if name not in COLUMNS:
            shown = name or "(empty)"
            problems.append(
                HistoryProblem(line, shown, f"unknown column; the file must have exactly the columns {_HEADER}")
            )
    for col in COLUMNS:
        if col not in seen:
            problems.append(HistoryProblem(line, col, f"missing column; the header must be {_HEADER}"))
    return problems


def _suggest(name: str) -> str:
    lowered = name.strip().lower()
    by_label = {ind.label_nb.lower(): ind.id for ind in _TABLE} | {ind.label_en.lower(): ind.id for ind in _TABLE}
    candidates = list(INDICATORS) + list(by_label)
    best = difflib.get_close_matches(lowered, candidates, n=1, cutoff=0.6)
    if best:
        return f"did you mean '{by_label.get(best[0], best[0])}'?"
    return "known indicators: " + ", ".join(INDICATORS)


def _check_week(text: str, line: int) -> tuple[dt.date | None, HistoryProblem | None]:
    if not text:
        return None, HistoryProblem(line, "week", "the week is empty (give the Monday of the week as YYYY-MM-DD)")
    try:
        if not _DATE.fullmatch(text):
            raise ValueError
        day = dt.date.fromisoformat(text)
    except ValueError:
        return None, HistoryProblem(
            line, "week", f"{text[:40]!r} is not a date; write the Monday of the week as YYYY-MM-DD, e.g. 2025-01-06"
        )
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        return None, HistoryProblem(line, "week", f"{text} is outside the years {FIRST_YEAR}–{LAST_YEAR}")
    if day.weekday() != 0:
        monday = day - dt.timedelta(days=day.weekday())
        return None, HistoryProblem(
            line,
            "week",
            f"{text} is a {_WEEKDAYS_EN[day.weekday()]}, not a Monday; "
            f"use the Monday that starts the ISO week ({monday.isoformat()})",
        )
    return day, None


def _check_value(text: str, line: int, indicator: Indicator | None) -> tuple[float | None, HistoryProblem | None]:
    if not text:
        return None, HistoryProblem(line, "value", "the value is empty (leave the row out when there is no value)")
    if not _NUMBER.fullmatch(text):
        hint = ""
        if _NUMBER.fullmatch(text.replace(",", ".", 1)):
            hint = f" (use a point as the decimal separator: {text.replace(',', '.', 1)})"
        elif text.endswith("%") and _NUMBER.fullmatch(text[:-1].strip()):
            hint = f" (leave out the % sign: {text[:-1].strip()})"
        return None, HistoryProblem(line, "value", f"{text[:40]!r} is not a number{hint}")
    value = float(text)
    if not math.isfinite(value):
        return None, HistoryProblem(line, "value", f"{text[:40]!r} is too large")
    if value < 0:
        return None, HistoryProblem(line, "value", f"must not be negative (got {text})")
    if indicator is not None and indicator.is_percentage and value > indicator.max_pct:
        why = "an occupancy (overfull wards count)" if indicator.max_pct > 100 else "a percentage"
        return None, HistoryProblem(
            line, "value", f"{indicator.id} is {why} and cannot be above {indicator.max_pct:g} (got {text})"
        )
    return value, None


def _cell(value: Any) -> str:
    """A DataFrame cell as the text it would have in a CSV file."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return ""
    if isinstance(value, np.datetime64):
        value = pd.Timestamp(value)
    if isinstance(value, dt.datetime):  # pandas Timestamps included
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        return repr(float(value)) if isinstance(value, float) else str(value)
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    return str(value)


def _frame_records(df: pd.DataFrame) -> tuple[list[str], list[tuple[int, list[str]]]]:
    header = [str(c) for c in df.columns]
    rows = [(i + 2, [_cell(v) for v in row]) for i, row in enumerate(df.itertuples(index=False, name=None))]
    return header, rows


def validate_history(source: Any) -> pd.DataFrame:
    """Read and check a KPI history; return it tidy or raise :class:`HistoryError`.

    `source` is a path (``str`` without comma or newline, or ``Path``), CSV text,
    bytes, a file-like object (e.g. Streamlit's ``UploadedFile``) or a DataFrame
    with the four columns. The result has the columns ``week`` (datetime64,
    the Monday), ``indicator`` (an id of :data:`INDICATORS`), ``value`` (float)
    and ``source`` (text), in the order of the file.
    """
    try:
        return _validate(source)
    except HistoryError:
        raise
    except RecursionError:
        raise _fail(None, None, "the input is nested too deeply to be a KPI history") from None
    except Exception as exc:  # a bug must still reach the user as a plain message
        raise _fail(None, None, f"cannot read the KPI history ({exc.__class__.__name__}: {str(exc)[:200]})") from None


def _validate(source: Any) -> pd.DataFrame:
    data = _read_source(source)
    if isinstance(data, pd.DataFrame):
        if data.columns.empty and data.empty:
            raise _fail(1, None, f"the table is empty (expected the columns {_HEADER})")
        header, rows = _frame_records(data)
        header_line = 1
    else:
        records = _records(data)
        if not records:
            raise _fail(
                1, None, f"the file is empty (expected the header {_HEADER} and one row per week and indicator)"
            )
        (header_line, header), rows = records[0], records[1:]

    problems = _column_problems(header, header_line)
    if problems:
        raise HistoryError(problems)
    if not rows:
        raise _fail(header_line + 1, None, "the file has a header but no rows of data")

    position = {h.strip().lower(): i for i, h in enumerate(header)}
    seen: dict[tuple[dt.date, str], int] = {}
    out_week: list[dt.date] = []
    out_ind: list[str] = []
    out_val: list[float] = []
    out_src: list[str] = []
    for line, row in rows:
        if len(row) != len(header):
            problems.append(
                HistoryProblem(
                    line,
                    None,
                    f"has {len(row)} fields but the header has {len(header)} "
                    "(a comma inside a value? put that value in double quotes)",
                )
            )
            continue
        cells = {col: row[position[col]].strip() for col in COLUMNS}
        row_problems: list[HistoryProblem] = []

        week, problem = _check_week(cells["week"], line)
        if problem:
            row_problems.append(problem)

        ind_id = cells["indicator"]
        indicator = INDICATORS.get(ind_id)
        if indicator is None:
            shown = ind_id[:60] or "(empty)"
            row_problems.append(HistoryProblem(line, "indicator", f"unknown indicator '{shown}'; {_suggest(ind_id)}"))

        value, problem = _check_value(cells["value"], line, indicator)
        if problem:
            row_problems.append(problem)

        if not cells["source"]:
            row_problems.append(HistoryProblem(line, "source", "the source is empty (say where the number comes from)"))

        if week is not None and indicator is not None:
            key = (week, indicator.id)
            if key in seen:
                row_problems.append(
                    HistoryProblem(
                        line,
                        "week",
                        f"duplicate: week {week.isoformat()} and indicator '{indicator.id}' "
                        f"already appear on line {seen[key]}",
                    )
                )
            else:
                seen[key] = line

        if row_problems:
            problems.extend(row_problems)
            continue
        assert week is not None and indicator is not None and value is not None
        out_week.append(week)
        out_ind.append(indicator.id)
        out_val.append(value)
        out_src.append(cells["source"])

    if problems:
        raise HistoryError(problems)
    return pd.DataFrame(
        {
            "week": pd.to_datetime(pd.Series([d.isoformat() for d in out_week], dtype="object"), format="%Y-%m-%d"),
            "indicator": pd.Series(out_ind, dtype="object"),
            "value": pd.Series(out_val, dtype="float64"),
            "source": pd.Series(out_src, dtype="object"),
        }
    )


# --- indicators from a model run --------------------------------------------

#: Which model services feed which indicator (besides the hospital services,
#: which are every service with organisation "hospital").
DEFAULT_SERVICE_ROLES: dict[str, str] = {
    "kad": "kad",
    "short_term": "short_term",
    "nursing_home": "long_term",
    "home_care": "home_care",
}


def weekly_indicators(
    scenario: Scenario,
    result: ReplicationResult,
    roles: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """The model-based indicators of one run, per week, in the history format (without ``source``).

    Weeks are consecutive blocks of 7 measured days from the first measured day
    (a Monday when the run starts on one); an incomplete last week is dropped.
    ``roles`` maps "kad", "short_term", "nursing_home" and "home_care" to
    service ids (default :data:`DEFAULT_SERVICE_ROLES`); an indicator whose
    service is not in the scenario is left out, and so are the hospital
    indicators when no service belongs to the hospital.
    ``readmissions_30d_pct`` is never produced: the model does not follow
    patients after they leave.
    """
    roles = {**DEFAULT_SERVICE_ROLES, **(roles or {})}
    daily = result.daily
    n_days = len(next(iter(daily.values()))["occupancy"]) if daily else 0
    n_weeks = n_days // 7
    if n_weeks == 0:
        return pd.DataFrame({"week": pd.Series(dtype="datetime64[ns]"), "indicator": [], "value": []})
    days = n_weeks * 7
    week_of_day = [d // 7 for d in range(days)]
    caps = {s.id: s.effective_capacity for s in scenario.services}

    def series(sid: str, field: str) -> pd.Series:
        return pd.Series(daily[sid][field][:days], dtype="float64")

    def pct(occupancy: pd.Series, capacity: int) -> pd.Series:
        return occupancy * 100.0 / capacity if capacity > 0 else pd.Series(math.nan, index=occupancy.index)

    columns: dict[str, pd.Series] = {}
    hospital = [s.id for s in scenario.services if s.organisation == HOSPITAL and s.id in daily]
    if hospital:
        blocked = sum((series(sid, "blocked") for sid in hospital), pd.Series(0.0, index=range(days)))
        occupancy = sum((series(sid, "occupancy") for sid in hospital), pd.Series(0.0, index=range(days)))
        by_week = blocked.groupby(week_of_day)
        columns["utskrivningsklare_per_day"] = by_week.mean()
        columns["overliggedogn"] = by_week.sum()
        columns["hospital_occupancy_pct"] = pct(
            occupancy.groupby(week_of_day).mean(), sum(caps[sid] for sid in hospital)
        )
    for ind_id, role in (
        ("kad_occupancy_pct", "kad"),
        ("short_term_occupancy_pct", "short_term"),
        ("nursing_home_occupancy_pct", "nursing_home"),
    ):
        sid = roles[role]
        if sid in daily:
            columns[ind_id] = pct(series(sid, "occupancy").groupby(week_of_day).mean(), caps[sid])
    if roles["nursing_home"] in daily:
        columns["nursing_home_waiting_list"] = series(roles["nursing_home"], "queue").groupby(week_of_day).mean()
    if roles["home_care"] in daily:
        columns["home_care_clients"] = series(roles["home_care"], "occupancy").groupby(week_of_day).mean()

    mondays = pd.to_datetime(
        [(result.start_date + dt.timedelta(days=7 * w)).isoformat() for w in range(n_weeks)], format="%Y-%m-%d"
    )
    rows = []
    for ind_id in INDICATORS:  # display order
        if ind_id in columns:
            values = columns[ind_id].to_numpy()
            rows.append(pd.DataFrame({"week": mondays, "indicator": ind_id, "value": values}))
    return pd.concat(rows, ignore_index=True)

"""The weekly KPI history file: its format and its validator.

A history file is long CSV with exactly four columns::

    week,indicator,value,source
    2023-01-02,overliggedogn,41.25,Helseplattformen extract 2025-03-01

``week`` is the Monday (ISO week start) of the week, ``YYYY-MM-DD``; ``indicator``
one of :data:`harmoni_model.data.indicators.INDICATORS`.
:func:`validate_history` reads such a file (path, text, bytes, an uploaded file
or a DataFrame) and either returns a tidy DataFrame or raises
:class:`HistoryError` listing every problem in plain words, with the line
number in the file (header = line 1) and the column. It never raises anything
else, whatever bytes it is given.

No Streamlit here; pandas is the only dependency beyond the standard library.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import math
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from harmoni_model.data.cells import cell_text
from harmoni_model.data.indicators import INDICATORS, Indicator
from harmoni_model.problems import InputError, Problem

COLUMNS: tuple[str, ...] = ("week", "indicator", "value", "source")
MAX_FILE_BYTES = 20_000_000
MAX_PROBLEMS = 25  # listed in full; the rest are counted
FIRST_YEAR, LAST_YEAR = 1990, 2100


class HistoryError(InputError):
    """A KPI history that cannot be used, with one :class:`Problem` (its line and column) per fault."""

    def __init__(self, problems: Sequence[Problem]):
        """Every problem kept; the message lists the first MAX_PROBLEMS and counts the rest."""
        problems = list(problems)
        shown = [str(p) for p in problems[:MAX_PROBLEMS]]
        if len(problems) > MAX_PROBLEMS:
            shown.append(f"... and {len(problems) - MAX_PROBLEMS} more problems")
        super().__init__(problems, "\n".join(shown))


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_HEADER = ",".join(COLUMNS)


def _fail(line: int | None, column: str | None, message: str) -> HistoryError:
    return HistoryError([Problem.at(line, column, message)])


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


def _column_problems(header: list[str], line: int) -> list[Problem]:
    names = [h.strip().lower() for h in header]
    problems = []
    if len(names) == 1 and ";" in names[0]:
        return [
            Problem.at(
                line,
                None,
                f"the header uses ';' as separator (Norwegian Excel); the file must be comma-separated "
                f"with the header {_HEADER} (in Excel: save as 'CSV UTF-8 (kommadelt)')",
            )
        ]
    seen: set[str] = set()
    for name in names:
        if name in seen:
            problems.append(Problem.at(line, name, "the column appears twice in the header"))
        seen.add(name)
    for name in names:
        if name not in COLUMNS:
            shown = name or "(empty)"
            problems.append(
                Problem.at(line, shown, f"unknown column; the file must have exactly the columns {_HEADER}")
            )
    for col in COLUMNS:
        if col not in seen:
            problems.append(Problem.at(line, col, f"missing column; the header must be {_HEADER}"))
    return problems


def _suggest(name: str) -> str:
    lowered = name.strip().lower()
    by_label = {ind.label_nb.lower(): ind.id for ind in INDICATORS.values()} | {
        ind.label_en.lower(): ind.id for ind in INDICATORS.values()
    }
    candidates = list(INDICATORS) + list(by_label)
    best = difflib.get_close_matches(lowered, candidates, n=1, cutoff=0.6)
    if best:
        return f"did you mean '{by_label.get(best[0], best[0])}'?"
    return "known indicators: " + ", ".join(INDICATORS)


def _check_week(text: str, line: int) -> tuple[dt.date | None, Problem | None]:
    if not text:
        return None, Problem.at(line, "week", "the week is empty (give the Monday of the week as YYYY-MM-DD)")
    try:
        if not _DATE.fullmatch(text):
            raise ValueError
        day = dt.date.fromisoformat(text)
    except ValueError:
        return None, Problem.at(
            line, "week", f"{text[:40]!r} is not a date; write the Monday of the week as YYYY-MM-DD, e.g. 2025-01-06"
        )
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        return None, Problem.at(line, "week", f"{text} is outside the years {FIRST_YEAR}–{LAST_YEAR}")
    if day.weekday() != 0:
        monday = day - dt.timedelta(days=day.weekday())
        return None, Problem.at(
            line,
            "week",
            f"{text} is a {_WEEKDAYS_EN[day.weekday()]}, not a Monday; "
            f"use the Monday that starts the ISO week ({monday.isoformat()})",
        )
    return day, None


def _check_value(text: str, line: int, indicator: Indicator | None) -> tuple[float | None, Problem | None]:
    if not text:
        return None, Problem.at(line, "value", "the value is empty (leave the row out when there is no value)")
    if not _NUMBER.fullmatch(text):
        hint = ""
        if _NUMBER.fullmatch(text.replace(",", ".", 1)):
            hint = f" (use a point as the decimal separator: {text.replace(',', '.', 1)})"
        elif text.endswith("%") and _NUMBER.fullmatch(text[:-1].strip()):
            hint = f" (leave out the % sign: {text[:-1].strip()})"
        return None, Problem.at(line, "value", f"{text[:40]!r} is not a number{hint}")
    value = float(text)
    if not math.isfinite(value):
        return None, Problem.at(line, "value", f"{text[:40]!r} is too large")
    if value < 0:
        return None, Problem.at(line, "value", f"must not be negative (got {text})")
    if indicator is not None and indicator.is_percentage and value > indicator.max_pct:
        why = "an occupancy (overfull wards count)" if indicator.max_pct > 100 else "a percentage"
        return None, Problem.at(
            line, "value", f"{indicator.id} is {why} and cannot be above {indicator.max_pct:g} (got {text})"
        )
    return value, None


def _frame_records(df: pd.DataFrame) -> tuple[list[str], list[tuple[int, list[str]]]]:
    header = [str(c) for c in df.columns]
    rows = [(i + 2, [cell_text(v) for v in row]) for i, row in enumerate(df.itertuples(index=False, name=None))]
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
                Problem.at(
                    line,
                    None,
                    f"has {len(row)} fields but the header has {len(header)} "
                    "(a comma inside a value? put that value in double quotes)",
                )
            )
            continue
        cells = {col: row[position[col]].strip() for col in COLUMNS}
        row_problems: list[Problem] = []

        week, problem = _check_week(cells["week"], line)
        if problem:
            row_problems.append(problem)

        ind_id = cells["indicator"]
        indicator = INDICATORS.get(ind_id)
        if indicator is None:
            shown = ind_id[:60] or "(empty)"
            row_problems.append(Problem.at(line, "indicator", f"unknown indicator '{shown}'; {_suggest(ind_id)}"))

        value, problem = _check_value(cells["value"], line, indicator)
        if problem:
            row_problems.append(problem)

        if not cells["source"]:
            row_problems.append(Problem.at(line, "source", "the source is empty (say where the number comes from)"))

        if week is not None and indicator is not None:
            key = (week, indicator.id)
            if key in seen:
                row_problems.append(
                    Problem.at(
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

"""The stays format: a pseudonymised patient-level extract, its reader and its validator.

A stays file is CSV with one row per stay, a patient's time holding a place in one service
(sample_data/FORMATS.md, "Stays extract")::

    patient_id,service,referred,admitted,ready,left,next
    a91f3c,medisin,,2025-01-03T14:20,2025-01-09,2025-01-11T10:00,short_term
    a91f3c,short_term,2025-01-09,2025-01-11T10:00,2025-01-30,,

:func:`read_extract` reads it (a path, text, bytes, an uploaded file or a DataFrame), with an
optional ``units.csv`` (unit -> service) and ``capacity.csv`` (service, from, capacity), and returns an
:class:`Extract` whose times are float days since the Monday on or before the earliest date in the
file. A bad file raises :class:`StaysError` with one :class:`Problem` (line, column, plain words) per
fault, the rest of the file still checked; nothing else is raised, whatever bytes it is given.

The checks are vectorised (pandas' C reader, numpy on the raw bytes and on the date characters), so a
million rows read and validate in a few seconds (``benchmarks/bench_stays.py``).
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import io
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from harmoni_model.data.cells import cell_text
from harmoni_model.problems import InputError, Problem
from harmoni_model.scenario.format import HOSPITAL_KINDS, SERVICE_KINDS, Scenario

STAY_COLUMNS: tuple[str, ...] = ("patient_id", "service", "referred", "admitted", "ready", "left", "next")
TIME_COLUMNS: tuple[str, ...] = ("referred", "admitted", "ready", "left")
UNIT_COLUMNS: tuple[str, ...] = ("unit", "service")
UNIT_OPTIONAL: tuple[str, ...] = ("organisation", "kind", "name")
CAPACITY_COLUMNS: tuple[str, ...] = ("service", "from", "capacity")
EXIT = "exit"
ORGANISATIONS: tuple[str, ...] = ("hospital", "municipality")
MAX_FILE_BYTES = 300_000_000
MAX_SIDE_FILE_BYTES = 5_000_000  # units.csv and capacity.csv: a few hundred rows each
MAX_PROBLEMS = 25  # listed in full; the rest are counted
MAX_KEPT = 100_000  # problems kept in StaysError.problems (a million broken rows must not take the app down)
FIRST_YEAR = 1900  # (a long-term resident or home-care client may have been admitted decades ago)
MAX_CAPACITY = 1_000_000
TIME_FORMS = "YYYY-MM-DD, YYYY-MM-DDTHH:MM or YYYY-MM-DDTHH:MM:SS"

#: "auto": pyarrow's CSV reader for a file without quotes when pyarrow is installed, else pandas' C reader;
#: "c": always the C reader (the benchmark's --reader c).
READER = "auto"
_SERVICE_ID = re.compile(r"[a-z0-9_]{1,64}")
_DAY = 86_400
_EPOCH = dt.date(1970, 1, 1)


@dataclass(frozen=True)
class ServiceInfo:
    """A service an extract can name: its scenario id, organisation, kind and name."""

    id: str  # a scenario service id (^[a-z0-9_]+$)
    organisation: str  # "hospital" | "municipality"
    kind: str | None  # one of harmoni_model.scenario.format.SERVICE_KINDS, or None
    name: str | None = None


# eq=False: a DataFrame has no truth value, so the generated __eq__ and __hash__ would raise.
@dataclass(frozen=True, eq=False)
class Extract:
    """A validated stays extract: one row per stay, times in days since `origin` 00:00."""

    stays: pd.DataFrame  # patient_id, service, referred, admitted, ready, left, next, line (see the contract)
    origin: dt.date  # day 0: the Monday on or before the earliest date in the extract
    until: float  # days since origin of the extract's end (the `until` date at 00:00)
    services: dict[str, ServiceInfo]  # every service that appears (service or next), first-appearance order
    capacity: pd.DataFrame | None  # service, start (days since origin), capacity, line; None = not given
    source: str  # the stays file's name

    def day(self, date: dt.date) -> float:
        """Days since origin of `date` at 00:00."""
        return float((date - self.origin).days)

    def date(self, days: float) -> dt.date:
        """The date of a time in days since origin (the day it falls in)."""
        return self.origin + dt.timedelta(days=math.floor(days))


class StaysError(InputError):
    """A stays extract (or its units.csv / capacity.csv) that cannot be used: one :class:`Problem` per fault."""

    def __init__(self, problems: Sequence[Problem], total: int | None = None):
        """The problems (the first MAX_KEPT of `total`); the message lists the first MAX_PROBLEMS, counts the rest."""
        problems = list(problems)
        self.total = max(total or 0, len(problems))  # every problem found, kept or not
        shown = [str(p) for p in problems[:MAX_PROBLEMS]]
        if self.total > MAX_PROBLEMS:
            shown.append(f"... and {self.total - MAX_PROBLEMS} more problems")
        super().__init__(problems, "\n".join(shown))


class _Stop(Exception):
    """A file-level fault: the file cannot be read further (carries its problems)."""

    def __init__(self, problems: list[Problem], total: int | None = None):
        self.problems = problems
        self.total = total or len(problems)


# --- from a source to bytes or a DataFrame ------------------------------------------------------------


def _name_of(source: Any, default: str) -> str:
    if isinstance(source, Path):
        return source.name
    if isinstance(source, str) and "\n" not in source and "," not in source and source.strip():
        return Path(source).name
    name = getattr(source, "name", None)
    return Path(name).name if isinstance(name, str) and name else default


def _raw(source: Any, where: str, limit: int) -> bytes | pd.DataFrame:
    """The bytes (or DataFrame) behind a path, text, bytes or file-like object."""

    def stop(message: str) -> _Stop:
        return _Stop([Problem(where, message)])

    if isinstance(source, pd.DataFrame):
        return source
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source)
    if hasattr(source, "getvalue") or hasattr(source, "read"):  # UploadedFile, BytesIO, StringIO, open files
        data = source.getvalue() if hasattr(source, "getvalue") else source.read()
        if isinstance(data, str):
            try:
                return data.encode("utf-8")
            except UnicodeEncodeError:
                raise stop("the text contains characters that are not valid Unicode") from None
        return bytes(data)
    if isinstance(source, str) and ("\n" in source or "," in source or not source.strip()):
        try:
            return source.encode("utf-8")
        except UnicodeEncodeError:
            raise stop("the text contains characters that are not valid Unicode") from None
    if isinstance(source, (str, Path)):
        path = Path(source)
        try:
            size = path.stat().st_size
            if size > limit:
                raise stop(f"{path.name}: the file is too large ({size} bytes, limit {limit})")
            return path.read_bytes()
        except FileNotFoundError:
            raise stop(f"{path}: no such file") from None
        except IsADirectoryError:
            raise stop(f"{path}: is a directory, not a CSV file") from None
        except PermissionError:
            raise stop(f"{path}: cannot read the file (permission denied)") from None
        except (OSError, ValueError) as exc:
            raise stop(f"{path}: cannot read the file ({exc.__class__.__name__})") from None
    raise stop(f"cannot read a CSV file from {type(source).__name__}")


def _check_bytes(raw: bytes, where: str, limit: int) -> bytes:
    """UTF-8 CSV bytes with one kind of line end, or _Stop with the file-level fault."""

    def stop(line: int | None, message: str) -> _Stop:
        return _Stop([Problem(where, message, line)])

    if len(raw) > limit:
        raise stop(None, f"the file is too large ({len(raw)} bytes, limit {limit})")
    if raw.startswith(b"PK\x03\x04"):
        raise stop(None, "this looks like an Excel workbook (.xlsx), not a CSV file: save it as 'CSV UTF-8'")
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise stop(None, "this looks like an old Excel workbook (.xls), not a CSV file: save it as 'CSV UTF-8'")
    raw = raw.removeprefix(b"\xef\xbb\xbf")
    if not raw.isascii():  # isascii is a fast scan; only other files pay for the full decode
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise stop(
                raw[: exc.start].count(b"\n") + 1,
                "the file is not UTF-8 text (binary data, or saved in another encoding): save it as 'CSV UTF-8'",
            ) from None
    nul = raw.find(b"\x00")
    if nul >= 0:
        raise stop(raw[:nul].count(b"\n") + 1, "contains a NUL character: this is not a text CSV file")
    if b"\r" in raw:  # Windows (and old Mac) line ends: the record scan below splits on \n only
        raw = raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    return raw


# --- records: where each one starts, its line, its number of fields (numpy on the bytes) -----------------


@dataclass
class _Records:
    starts: np.ndarray  # byte offset of each record
    ends: np.ndarray  # byte offset after it (before its \n)
    lines: np.ndarray  # the line it starts on (1-based)
    fields: np.ndarray  # its number of fields


def _records(raw: bytes, where: str) -> _Records:
    """Split CSV bytes into records, honouring double quotes (a \\n or , inside quotes is data)."""
    arr = np.frombuffer(raw, dtype=np.uint8)
    newlines = np.flatnonzero(arr == 10)
    commas = np.flatnonzero(arr == 44)
    ends, seps = newlines, commas
    if b'"' in raw:
        quotes = np.flatnonzero(arr == 34)
        _check_quotes(arr, quotes, newlines, where)
        # A separator or a line end counts when an even number of quotes come before it (escaped "" pairs add two).
        ends = newlines[np.searchsorted(quotes, newlines) % 2 == 0]
        seps = commas[np.searchsorted(quotes, commas) % 2 == 0]
    if len(raw) and raw[-1:] != b"\n":
        ends = np.append(ends, len(raw))
    starts = np.concatenate(([0], ends[:-1] + 1)).astype(np.int64) if len(ends) else np.zeros(0, np.int64)
    fields = np.searchsorted(seps, ends) - np.searchsorted(seps, starts) + 1
    lines = np.searchsorted(newlines, starts) + 1
    return _Records(starts, ends, lines.astype(np.int64), fields.astype(np.int64))


def _check_quotes(arr: np.ndarray, quotes: np.ndarray, newlines: np.ndarray, where: str) -> None:
    """Quotes must open a field and close it (strict CSV); else the records cannot be told apart."""

    def line_of(pos: int) -> int:
        return int(np.searchsorted(newlines, pos)) + 1

    # Quotes alternate: one opens a quoted value (at the start of a field, or as the second of a "" pair inside
    # one) and the next closes it (at the end of the field, or as the first of a "" pair).
    opening, closing = quotes[0::2], quotes[1::2]
    before = np.where(opening > 0, arr[np.maximum(opening - 1, 0)], 10)
    ok_open = (before == 44) | (before == 10) | (before == 34)
    after = np.where(closing + 1 < len(arr), arr[np.minimum(closing + 1, len(arr) - 1)], 10)
    ok_close = (after == 44) | (after == 10) | (after == 34)
    bad = np.concatenate((opening[~ok_open], closing[~ok_close]))
    if len(bad):
        raise _Stop(
            [
                Problem(
                    where,
                    "cannot read the CSV: a double quote inside a value that is not itself in quotes "
                    '(put the whole value in double quotes and write a quote inside it as "")',
                    line_of(int(bad.min())),
                )
            ]
        )
    if len(quotes) % 2:
        message = "a double quote is never closed: a quoted value must end with a double quote"
        raise _Stop([Problem(where, message, line_of(int(quotes[-1])))])


# --- a table: header checks, bad records, and the wanted columns as stripped strings ----------------------


@dataclass
class _Table:
    columns: dict[str, pd.Series]  # wanted column -> stripped text ("" = empty), one entry per row
    lines: np.ndarray  # each row's line (header = line 1)
    header_line: int
    bad: list[Problem] = field(default_factory=list)  # records with the wrong number of fields (left out)
    bad_total: int = 0  # how many there are (only the first MAX_KEPT get a Problem)


def _header_problems(
    names: list[str], line: int, where: str, required: tuple[str, ...], optional: tuple[str, ...]
) -> list[Problem]:
    wanted = ",".join(required)
    if len(names) == 1 and ";" in names[0]:
        return [
            Problem(
                where,
                f"the header uses ';' as separator (Norwegian Excel); the file must be comma-separated "
                f"with the columns {wanted} (in Excel: save as 'CSV UTF-8 (kommadelt)')",
                line,
            )
        ]
    problems = []
    seen: set[str] = set()
    for name in names:
        if name in seen and name in required + optional:
            problems.append(Problem(where, "the column appears twice in the header", line, name))
        seen.add(name)
    for col in required:
        if col not in seen:
            problems.append(Problem(where, f"missing column; the header must have the columns {wanted}", line, col))
    return problems


def _read_table(
    source: Any, where: str, required: tuple[str, ...], optional: tuple[str, ...] = (), limit: int = MAX_SIDE_FILE_BYTES
) -> _Table:
    """The wanted columns of a CSV source (stripped text), or _Stop with file-level problems and bad records."""
    data = _raw(source, where, limit)
    if isinstance(data, pd.DataFrame):
        return _frame_table(data, where, required, optional)
    raw = _check_bytes(data, where, limit)
    rec = _records(raw, where)
    length = rec.ends - rec.starts
    nonempty = np.flatnonzero(length > 0)
    first = next((int(i) for i in nonempty if raw[rec.starts[i] : rec.ends[i]].strip()), None)
    if first is None:
        raise _Stop([Problem(where, f"the file is empty (expected a header with the columns {','.join(required)})", 1)])
    header_line = int(rec.lines[first])
    try:
        header = next(csv.reader([raw[rec.starts[first] : rec.ends[first]].decode("utf-8")]))
    except (csv.Error, StopIteration):
        raise _Stop([Problem(where, "cannot read the header", header_line)]) from None
    names = [h.strip().lower() for h in header]
    problems = _header_problems(names, header_line, where, required, optional)
    if problems:
        raise _Stop(problems)
    width = len(names)

    rows = np.arange(first + 1, len(rec.starts))
    fields = rec.fields[rows]
    odd = rows[(fields != width) & (length[rows] > 0)]
    bad_lines: list[Problem] = []
    bad_total = 0
    for i in odd.tolist():  # a line of spaces is blank; anything else has the wrong number of fields
        if not raw[rec.starts[i] : rec.ends[i]].strip():
            continue
        bad_total += 1
        if len(bad_lines) >= MAX_KEPT:
            continue
        bad_lines.append(
            Problem(
                where,
                f"has {rec.fields[i]} fields but the header has {width} "
                "(a comma inside a value? put that value in double quotes)",
                int(rec.lines[i]),
            )
        )
    keep = rows[(fields == width) & (length[rows] > 0)]
    lines = rec.lines[keep]
    if len(keep) == 0:
        if not bad_lines:
            raise _Stop([Problem(where, "the file has a header but no rows of data", header_line + 1)])
        raise _Stop(bad_lines, bad_total)

    # The kept records, in runs of neighbours (a single slice when every record is good).
    breaks = np.flatnonzero(np.diff(keep) != 1) + 1
    runs = np.split(keep, breaks) if len(breaks) else [keep]
    body = b"\n".join(raw[rec.starts[r[0]] : rec.ends[r[-1]]] for r in runs)
    # Values are stripped; a file without any whitespace (the usual ISO extract) skips that pass.
    spaced = not raw.isascii() or any(ws in raw for ws in (b" ", b"\t", b"\x0b", b"\x0c"))
    del data, raw  # the body is a copy: free the file's bytes before pandas reads it
    position = {name: i for i, name in reversed(list(enumerate(names)))}  # first of a repeated extra column
    wanted = [c for c in required + optional if c in position]
    frame = _read_body(body, width, [position[c] for c in wanted], where)
    if len(frame) != len(keep):
        raise _Stop([Problem(where, "cannot read the CSV: its records could not be told apart (check the quotes)")])
    columns = {c: frame[position[c]].astype(str) for c in wanted}
    if spaced:
        columns = {c: values.str.strip() for c, values in columns.items()}
    return _Table(columns, lines, header_line, bad_lines, bad_total)


def _read_body(body: bytes, width: int, usecols: list[int], where: str) -> pd.DataFrame:
    """The records (all with `width` fields) as text columns, by pandas' C reader or, faster, pyarrow's."""
    # (Not for a very wide file: pyarrow reads every column, pandas' C reader converts only `usecols`.)
    plain = b'"' not in body and width <= 64
    if READER != "c" and plain and importlib.util.find_spec("pyarrow") is not None:
        # Without quotes the records are plain (one a line, split at every comma), so both readers see the
        # same table; pyarrow's multi-threaded reader takes a quarter of the time on a million rows.
        try:
            names = list(range(width))
            buffer = io.BytesIO(body)
            frame = pd.read_csv(buffer, header=None, names=names, dtype=str, keep_default_na=False, engine="pyarrow")
            return frame[usecols]
        except Exception:  # e.g. a line longer than pyarrow's block: the C reader takes it
            pass
    try:
        return pd.read_csv(
            io.BytesIO(body),
            header=None,
            names=list(range(width)),
            usecols=usecols,
            dtype=str,
            na_filter=False,
            keep_default_na=False,
            skip_blank_lines=False,
            engine="c",
            encoding="utf-8",
        )
    except (ValueError, pd.errors.ParserError, UnicodeDecodeError, MemoryError) as exc:
        raise _Stop([Problem(where, f"cannot read the CSV ({exc.__class__.__name__}: {str(exc)[:200]})")]) from None


def _frame_table(df: pd.DataFrame, where: str, required: tuple[str, ...], optional: tuple[str, ...]) -> _Table:
    if df.columns.empty and df.empty:
        raise _Stop([Problem(where, f"the table is empty (expected the columns {','.join(required)})", 1)])
    names = [str(c).strip().lower() for c in df.columns]
    problems = _header_problems(names, 1, where, required, optional)
    if problems:
        raise _Stop(problems)
    if df.empty:
        raise _Stop([Problem(where, "the table has columns but no rows of data", 2)])
    position = {name: i for i, name in reversed(list(enumerate(names)))}
    columns = {}
    for col in required + optional:
        if col not in position:
            continue
        series = df.iloc[:, position[col]].reset_index(drop=True)
        if pd.api.types.infer_dtype(series, skipna=True) in ("string", "empty"):
            text = series.fillna("").astype(str)
        else:
            text = pd.Series([cell_text(v) for v in series], dtype=str)
        columns[col] = text.str.strip()
    return _Table(columns, np.arange(2, len(df) + 2, dtype=np.int64), 1)


# --- times: vectorised ISO parsing to whole seconds since 1970 -------------------------------------------


# The three forms, by length: which of the first 19 characters must be digits, and which must be a given sign.
_FORM_BY_LENGTH = np.zeros(21, dtype=np.int64)
_FORM_BY_LENGTH[[10, 16, 19]] = [1, 2, 3]
_DIGITS = np.zeros((4, 19), dtype=bool)
_SIGNS = np.zeros((4, 19), dtype=np.uint8)  # 0: no fixed sign there
for _form, _length in ((1, 10), (2, 16), (3, 19)):
    _DIGITS[_form, [i for i in (0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18) if i < _length]] = True
    _SIGNS[_form, [4, 7]] = ord("-")
    _SIGNS[_form, [i for i in (13, 16) if i < _length]] = ord(":")
_MONTH_DAYS = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])


_CHUNK = 1 << 17  # rows a block: the temporaries stay small (and in the allocator's reach, not fresh pages)


def _parse_times(text: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Seconds since 1970-01-01 00:00 (int64), whether each value parsed, whether it is empty."""
    if len(text) <= _CHUNK:
        return _parse_block(text)
    parts = [_parse_block(text.iloc[i : i + _CHUNK]) for i in range(0, len(text), _CHUNK)]
    return tuple(np.concatenate(p) for p in zip(*parts, strict=True))  # type: ignore[return-value]


def _parse_block(text: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n = len(text)
    # Each value as 20 code points (a longer one is cut, and fails on its length), then as bytes (any
    # code point above 255 becomes 255, which is no digit or sign): one row of characters per value.
    points = text.to_numpy(dtype="U20").view(np.uint32).reshape(n, 20)
    length = (points != 0).sum(axis=1)
    chars = np.minimum(points[:, :19], 255).astype(np.uint8)
    del points
    form = _FORM_BY_LENGTH[length]
    is_digit = (chars >= 48) & (chars <= 57)
    ok = form > 0
    ok &= ~(_DIGITS[form] & ~is_digit).any(axis=1)
    signs = _SIGNS[form]
    ok &= ~((signs != 0) & (chars != signs)).any(axis=1)
    ok &= (form < 2) | (chars[:, 10] == ord("T")) | (chars[:, 10] == ord(" "))
    del is_digit, signs

    def number(*positions: int) -> np.ndarray:
        value = np.zeros(n, dtype=np.int64)
        for i in positions:
            value = value * 10 + chars[:, i] - 48
        return value

    year, month, day = number(0, 1, 2, 3), number(5, 6), number(8, 9)
    hour = np.where(form >= 2, number(11, 12), 0)
    minute = np.where(form >= 2, number(14, 15), 0)
    second = np.where(form == 3, number(17, 18), 0)
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    month_days = _MONTH_DAYS[np.clip(month, 0, 12)] + (leap & (month == 2))
    ok &= (month >= 1) & (month <= 12) & (day >= 1) & (day <= month_days)
    ok &= (hour <= 23) & (minute <= 59) & (second <= 59)

    # Days from the civil date (H. Hinnant's algorithm), exact in integers.
    y = year - (month <= 2)
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (month + np.where(month > 2, -3, 9)) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    days = era * 146_097 + doe - 719_468
    seconds = days * _DAY + hour * 3600 + minute * 60 + second
    return np.where(ok, seconds, 0), ok, length == 0


def _time_hint(value: str) -> str:
    norwegian = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})(.*)", value)
    if norwegian:
        day, month, year, rest = norwegian.groups()
        return f" (write the year first: {year}-{int(month):02d}-{int(day):02d}{rest.replace(' ', 'T', 1)[:9]})"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:?\d{2})?", value):
        return " (no time zone and no fractions of a second)"
    return ""


def _seconds_of(date: dt.date) -> int:
    return (date - _EPOCH).days * _DAY


# --- units.csv and capacity.csv ---------------------------------------------------------------------------


def services_of(scenario: Scenario) -> dict[str, ServiceInfo]:
    """The services of a scenario, as an extract knows them (names in bokmål)."""
    return {
        s.id: ServiceInfo(s.id, s.organisation, s.kind, s.name.nb if s.name is not None else None)
        for s in scenario.services
    }


@dataclass
class _Units:
    units: dict[str, str]  # unit -> service id (the good rows)
    services: dict[str, ServiceInfo]  # the services the rows describe
    lines: dict[str, int]  # unit -> its line
    broken: set[str]  # units of faulty rows: the stays file's rows naming them are not reported again
    unreadable: bool  # the whole file failed: no unknown-service message at all in the stays file
    problems: list[Problem]


def _read_units(source: Any) -> _Units:
    where = _name_of(source, "units.csv")
    try:
        table = _read_table(source, where, UNIT_COLUMNS, UNIT_OPTIONAL)
    except _Stop as stop:
        return _Units({}, {}, {}, set(), True, stop.problems)
    problems = list(table.bad)
    cols = {c: table.columns[c].tolist() if c in table.columns else [""] * len(table.lines) for c in UNIT_COLUMNS}
    cols |= {c: table.columns[c].tolist() if c in table.columns else [""] * len(table.lines) for c in UNIT_OPTIONAL}
    out = _Units({}, {}, {}, set(), False, problems)
    info_line: dict[str, int] = {}
    for i, line in enumerate(table.lines.tolist()):
        unit, service, organisation, kind, name = (cols[c][i] for c in UNIT_COLUMNS + UNIT_OPTIONAL)
        row: list[Problem] = []
        if not unit:
            row.append(Problem(where, "the unit is empty (the name the stays file uses)", line, "unit"))
        elif unit in out.lines:
            again = f"the unit '{unit[:60]}' already appears on line {out.lines[unit]}"
            row.append(Problem(where, again, line, "unit"))
        if not service:
            row.append(Problem(where, "the service is empty (give the scenario's service id)", line, "service"))
        elif not _SERVICE_ID.fullmatch(service):
            row.append(
                Problem(
                    where,
                    f"'{service[:60]}' is not a service id (lower-case letters, digits and _, at most 64 characters)",
                    line,
                    "service",
                )
            )
        if organisation and organisation not in ORGANISATIONS:
            unknown = f"unknown organisation '{organisation[:60]}' (hospital or municipality)"
            row.append(Problem(where, unknown, line, "organisation"))
        if kind and kind not in SERVICE_KINDS:
            row.append(
                Problem(where, f"unknown kind '{kind[:60]}'; the kinds are {', '.join(SERVICE_KINDS)}", line, "kind")
            )
        elif kind and organisation in ORGANISATIONS and (kind in HOSPITAL_KINDS) != (organisation == "hospital"):
            owner = "hospital" if kind in HOSPITAL_KINDS else "municipal"
            row.append(
                Problem(where, f"'{kind}' is a {owner} kind, but organisation is '{organisation}'", line, "kind")
            )
        if service == EXIT and (organisation or kind):
            # A unit may stand for `exit` (a destination code: home, death), used in `next` only.
            row.append(Problem(where, f"{EXIT} is not a service: leave organisation and kind empty", line, "service"))
        if not row and (organisation or kind):
            # The organisation follows from the kind: hospital_ward is the hospital's, the others the municipality's.
            org = organisation or ("hospital" if kind in HOSPITAL_KINDS else "municipality")
            info = ServiceInfo(service, org, kind or None, name or None)
            earlier = out.services.get(service)
            if earlier is not None and (earlier.organisation, earlier.kind) != (info.organisation, info.kind):
                row.append(
                    Problem(
                        where,
                        f"service '{service}' is described differently on line {info_line[service]} "
                        f"({earlier.organisation}, {earlier.kind or 'no kind'})",
                        line,
                        "kind" if kind else "organisation",
                    )
                )
            elif earlier is None or (earlier.name is None and info.name is not None):
                out.services[service] = info
                info_line.setdefault(service, line)
        if unit:
            out.lines.setdefault(unit, line)
        if row:
            problems.extend(row)
            out.broken.add(unit)
        else:
            out.units[unit] = service
    return out


def _with_units(known: dict[str, ServiceInfo], units: _Units, where: str) -> dict[str, ServiceInfo]:
    """The known services with units.csv's on top; a unit's service nobody describes is a problem."""
    merged = dict(known)
    for service, info in units.services.items():
        earlier = merged.get(service)
        name = info.name if info.name is not None or earlier is None else earlier.name
        merged[service] = ServiceInfo(service, info.organisation, info.kind, name)
    for unit, service in list(units.units.items()):
        if service not in merged and service != EXIT:
            units.problems.append(
                Problem(
                    where,
                    f"service '{service}' is not in the reference scenario: give its organisation "
                    "(hospital or municipality) and kind",
                    units.lines[unit],
                    "organisation",
                )
            )
            del units.units[unit]
            units.broken.add(unit)
    return merged


def read_units(source: Any) -> tuple[dict[str, str], dict[str, ServiceInfo]]:
    """Read a ``units.csv`` (unit, service[, organisation, kind, name]): unit -> service id, and the services described.

    A row's organisation may be left out when its kind is given (``hospital_ward`` is the hospital's, the
    other kinds the municipality's). Raises :class:`StaysError`.
    """
    try:
        units = _read_units(source)
    except Exception as exc:
        raise StaysError([Problem("units.csv", f"cannot read the file ({exc.__class__.__name__})")]) from None
    if units.problems:
        raise StaysError(units.problems)
    return units.units, units.services


def _read_capacity(
    source: Any, origin: dt.date, services: Mapping[str, ServiceInfo], units: Mapping[str, str]
) -> tuple[pd.DataFrame | None, list[Problem]]:
    where = _name_of(source, "capacity.csv")
    try:
        table = _read_table(source, where, CAPACITY_COLUMNS)
    except _Stop as stop:
        return None, stop.problems
    problems = list(table.bad)
    service_col = table.columns["service"].tolist()
    from_col = table.columns["from"].tolist()
    capacity_col = table.columns["capacity"].tolist()
    seconds, ok, empty = _parse_times(table.columns["from"])
    origin_s = _seconds_of(origin)
    first = _seconds_of(dt.date(FIRST_YEAR, 1, 1))
    out: list[tuple[str, float, int, int]] = []
    seen: dict[tuple[str, int], int] = {}
    for i, line in enumerate(table.lines.tolist()):
        row: list[Problem] = []
        value = service_col[i]
        service = units.get(value, value if value in services else None)
        service = None if service == EXIT else service
        if not value:
            row.append(Problem(where, "the service is empty", line, "service"))
        elif service is None:
            row.append(
                Problem(
                    where,
                    f"unknown service '{value[:60]}': add it to units.csv with its organisation and kind",
                    line,
                    "service",
                )
            )
        start = None
        if empty[i]:
            row.append(Problem(where, "from is empty (the date the capacity starts, YYYY-MM-DD)", line, "from"))
        elif not ok[i] or len(from_col[i]) != 10:
            row.append(
                Problem(where, f"{from_col[i][:40]!r} is not a date; write YYYY-MM-DD, e.g. 2025-01-01", line, "from")
            )
        elif seconds[i] < first:
            row.append(Problem(where, f"from {from_col[i]} is before {FIRST_YEAR}: check the year", line, "from"))
        else:
            start = int(seconds[i])
        text = capacity_col[i]
        places = None
        if not text:
            row.append(Problem(where, "the capacity is empty (the number of regular places)", line, "capacity"))
        elif not re.fullmatch(r"\+?\d{1,9}", text):
            hint = " (a whole number of places)" if re.fullmatch(r"\+?\d+[.,]\d*", text) else ""
            row.append(Problem(where, f"{text[:40]!r} is not a whole number >= 0{hint}", line, "capacity"))
        elif int(text) > MAX_CAPACITY:
            row.append(Problem(where, f"capacity {text} is more than {MAX_CAPACITY} places", line, "capacity"))
        else:
            places = int(text)
        if service is not None and start is not None:
            key = (service, start)
            if key in seen:
                row.append(
                    Problem(
                        where,
                        f"duplicate: service '{service}' from {from_col[i]} already appears on line {seen[key]}",
                        line,
                        "from",
                    )
                )
            else:
                seen[key] = line
        if row:
            problems.extend(row)
        elif service is not None and start is not None and places is not None:
            out.append((service, (start - origin_s) / _DAY, places, line))
    frame = pd.DataFrame(
        {
            "service": pd.Series([r[0] for r in out], dtype=str),
            "start": pd.Series([r[1] for r in out], dtype="float64"),
            "capacity": pd.Series([r[2] for r in out], dtype="int64"),
            "line": pd.Series([r[3] for r in out], dtype="int64"),
        }
    )
    return frame.sort_values(["service", "start"], kind="stable").reset_index(drop=True), problems


def read_capacity(
    source: Any, origin: dt.date, services: Mapping[str, ServiceInfo], *, units: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """Read a ``capacity.csv`` (service, from, capacity): the regular places of a service from a date on.

    Returns the columns service, start (days since `origin`), capacity (int) and line, sorted by service and
    start. A service is one of `services` (or a unit `units` maps to one). Raises :class:`StaysError`.
    """
    try:
        frame, problems = _read_capacity(source, origin, services, units or {})
    except Exception as exc:
        raise StaysError([Problem("capacity.csv", f"cannot read the file ({exc.__class__.__name__})")]) from None
    if problems or frame is None:
        raise StaysError(problems)
    return frame


# --- the stays file ----------------------------------------------------------------------------------------


class _Found:
    """The stays file's problems, kept as rows per rule and worded only for the first MAX_KEPT by line."""

    def __init__(self, lines: np.ndarray):
        self.lines = lines
        self.rules: list[tuple[np.ndarray, str | None, Callable[[int], str]]] = []
        self.records: list[Problem] = []  # found on whole records (the wrong number of fields)
        self.uncounted = 0  # records beyond those

    def add(self, mask: np.ndarray, column: str | None, message: Callable[[int], str]) -> None:
        """One problem per row in `mask`; `message(i)` words it for row i."""
        rows = np.flatnonzero(mask)
        if len(rows):
            self.rules.append((rows, column, message))

    def extend(self, problems: list[Problem], total: int) -> None:
        """Problems found on whole records; `total` counts those not given too."""
        self.records += problems
        self.uncounted += total - len(problems)

    def problems(self) -> tuple[list[Problem], int]:
        """The first MAX_KEPT problems by line, then column, then as found; and how many there are in all."""
        lines = [np.array([p.line or 0 for p in self.records], dtype=np.int64)]
        positions = [np.full(len(self.records), -1)]
        rules = [np.full(len(self.records), -1)]
        rows = [np.arange(len(self.records))]
        for number, (found, column, _) in enumerate(self.rules):
            lines.append(self.lines[found])
            positions.append(np.full(len(found), STAY_COLUMNS.index(column) if column in STAY_COLUMNS else -1))
            rules.append(np.full(len(found), number))
            rows.append(found)
        line, position, rule, row = (np.concatenate(parts) for parts in (lines, positions, rules, rows))
        order = np.lexsort((rule, position, line))[:MAX_KEPT]
        out = []
        for i in order.tolist():
            r, k = int(rule[i]), int(row[i])
            if r < 0:
                out.append(self.records[k])
            else:
                _, column, message = self.rules[r]
                out.append(Problem.at(int(line[i]), column, message(k)))
        return out, len(line) + self.uncounted


class _Texts(dict):
    """A column's values as a Python list, made on first use (only problems need them)."""

    def __init__(self, columns: dict[str, pd.Series]):
        super().__init__()
        self.columns = columns

    def __missing__(self, key: str) -> list[str]:
        self[key] = self.columns[key].tolist()
        return self[key]


def _order(keys: list[np.ndarray]) -> np.ndarray:
    """The stable order of rows by integer keys, the first most significant (ties keep the row order)."""
    lows = [k.min() if len(k) else 0 for k in keys]
    spans = [int(k.max() - low) + 1 if len(k) else 1 for k, low in zip(keys, lows, strict=True)]
    if math.prod(spans) < 2**62:  # one packed int64 key sorts several times faster than np.lexsort
        packed = np.zeros(len(keys[0]), dtype=np.int64)
        for k, low, span in zip(keys, lows, spans, strict=True):
            packed = packed * span + (k - low)
        return np.argsort(packed, kind="stable")
    return np.lexsort((np.arange(len(keys[0])), *reversed(keys)))


def _duplicates(mask: np.ndarray, *keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows in `mask` whose `keys` repeat an earlier row's; and for each, that first row."""
    n = len(mask)
    idx = np.flatnonzero(mask)
    order = _order([k[idx] for k in keys])
    s_idx = idx[order]
    same = np.ones(max(len(s_idx) - 1, 0), dtype=bool)
    for k in keys:
        same &= np.diff(k[s_idx]) == 0
    repeated = np.zeros(n, dtype=bool)
    repeated[s_idx[1:][same]] = True
    run_start = np.concatenate(([0], np.flatnonzero(~same) + 1))
    lengths = np.diff(np.concatenate((run_start, [len(s_idx)])))
    first = np.zeros(n, dtype=np.int64)
    first[s_idx] = s_idx[np.repeat(run_start, lengths)] if len(s_idx) else s_idx
    return repeated, first


def read_extract(
    stays: Any,
    until: dt.date,
    *,
    units: Any = None,
    capacity: Any = None,
    services: Mapping[str, ServiceInfo] | None = None,
    name: str | None = None,
) -> Extract:
    """Read and check a stays extract; return the :class:`Extract` or raise :class:`StaysError`.

    `stays`, `units` and `capacity` are each a path (``str`` without comma or newline, or ``Path``), CSV text,
    bytes, a file-like object (e.g. Streamlit's ``UploadedFile``) or a DataFrame of strings. `until` is the
    extract's end (that date at 00:00: nothing after it is known). `services` are the known services (e.g.
    :func:`services_of` a reference scenario); ``units.csv`` adds to them and overrides them. A row's
    ``service`` (and ``next``) is a unit of ``units.csv`` or a service id. Every problem in the three files is
    reported (line, column): the stays file's first, then units.csv's, then capacity.csv's. Nothing but
    :class:`StaysError` is raised for bad input.
    """
    if isinstance(until, dt.datetime) or not isinstance(until, dt.date):
        raise TypeError(f"until must be a datetime.date, not {type(until).__name__}")
    try:
        return _read_extract(stays, until, units, capacity, dict(services or {}), name)
    except StaysError:
        raise
    except _Stop as stop:
        raise StaysError(stop.problems, stop.total) from None
    except RecursionError:
        raise StaysError([Problem.at(None, None, "the input is nested too deeply to be a stays extract")]) from None
    except Exception as exc:  # a bug must still reach the user as a plain message
        raise StaysError(
            [Problem.at(None, None, f"cannot read the stays extract ({exc.__class__.__name__}: {str(exc)[:200]})")]
        ) from None


def _read_extract(
    stays: Any,
    until: dt.date,
    units_source: Any,
    capacity_source: Any,
    known: dict[str, ServiceInfo],
    name: str | None,
) -> Extract:
    units = _Units({}, {}, {}, set(), False, [])
    if units_source is not None:
        units = _read_units(units_source)
        known = _with_units(known, units, _name_of(units_source, "units.csv"))

    try:
        table = _read_table(stays, "", STAY_COLUMNS, limit=MAX_FILE_BYTES)
    except _Stop as stop:
        later = units.problems
        if capacity_source is not None:
            later = later + _read_capacity(capacity_source, _EPOCH, known, units.units)[1]
        raise StaysError(stop.problems + later, stop.total + len(later)) from None

    found = _Found(table.lines)
    found.extend(table.bad, table.bad_total)
    col = table.columns
    text = _Texts(col)
    lines = table.lines
    empty = {c: (col[c] == "").to_numpy() for c in STAY_COLUMNS}
    used = ~np.logical_and.reduce([empty[c] for c in STAY_COLUMNS])  # a row of empty fields is a blank line

    # Rules 2 and 3: patient_id, service, next. Unit names are mapped; a faulty units.csv row is reported there.
    found.add(
        used & empty["patient_id"], "patient_id", lambda i: "the patient_id is empty (give the patient's pseudonym)"
    )
    lookup = {s: s for s in known} | units.units

    def excused(value: str) -> bool:
        return value in units.broken or units.unreadable

    service_code, service_values = pd.factorize(col["service"])
    mapped = [lookup.get(v) for v in service_values]
    service_id = np.array([None if s == EXIT else s for s in mapped] + [None], dtype=object)[service_code]
    unknown = np.array([v not in lookup and not excused(v) and v != "" for v in service_values] + [False])
    to_exit = np.array([s == EXIT for s in mapped] + [False])
    found.add(
        used & empty["service"], "service", lambda i: "the service is empty (a service id, or a unit of units.csv)"
    )
    found.add(
        used & unknown[service_code],
        "service",
        lambda i: f"unknown service '{text['service'][i][:60]}': add it to units.csv with its organisation and kind",
    )
    found.add(
        used & to_exit[service_code],
        "service",
        lambda i: f"'{text['service'][i][:60]}' is {EXIT} (in units.csv or as written): a stay needs a service",
    )
    next_code, next_values = pd.factorize(col["next"])
    next_id = np.array([EXIT if v == EXIT else lookup.get(v) for v in next_values] + [None], dtype=object)[next_code]
    unknown = np.array([v not in lookup and v != EXIT and not excused(v) and v != "" for v in next_values] + [False])
    found.add(
        used & unknown[next_code],
        "next",
        lambda i: (
            f"unknown service '{text['next'][i][:60]}' in next: write a service id, a unit of units.csv "
            f"or {EXIT} (a new service needs a row in units.csv with its organisation and kind)"
        ),
    )

    # Rule 4: the four times. A faulty time counts as missing below, so it brings no follow-on messages.
    sec: dict[str, np.ndarray] = {}
    has: dict[str, np.ndarray] = {}
    first_s = _seconds_of(dt.date(FIRST_YEAR, 1, 1))
    until_s = _seconds_of(until)
    for c in TIME_COLUMNS:
        seconds, ok, _ = _parse_times(col[c])
        found.add(
            used & ~ok & ~empty[c],
            c,
            lambda i, c=c: (
                f"{text[c][i][:40]!r} is not a date; write {c} as {TIME_FORMS} "
                f"(e.g. 2024-03-01T14:30){_time_hint(text[c][i])}"
            ),
        )
        early = used & ok & (seconds < first_s)
        late = used & ok & (seconds > until_s)
        found.add(early, c, lambda i, c=c: f"{c} {text[c][i]} is before {FIRST_YEAR}: check the year")
        found.add(
            late,
            c,
            lambda i, c=c: (
                f"{c} {text[c][i]} is after the extract's end {until.isoformat()} "
                "(nothing after it is known: check the date, or the extract's end date)"
            ),
        )
        sec[c], has[c] = seconds, used & ok & ~early & ~late

    def at(c: str) -> Callable[[int], str]:
        return lambda i: text[c][i]

    ref, adm, rdy, lft = (at(c) for c in TIME_COLUMNS)
    # Rule 5: a row is a stay (admitted) or a waiting row (referred).
    found.add(
        used & empty["admitted"] & empty["referred"],
        "admitted",
        lambda i: (
            "neither admitted nor referred is given (a stay needs admitted; a patient who waited and "
            "never got a place needs referred)"
        ),
    )
    # Rule 6: the order of the times.
    found.add(
        has["admitted"] & has["referred"] & (sec["admitted"] < sec["referred"]),
        "admitted",
        lambda i: f"admitted {adm(i)} is before referred {ref(i)}",
    )
    found.add(
        has["ready"] & has["admitted"] & (sec["ready"] < sec["admitted"]),
        "ready",
        lambda i: f"ready {rdy(i)} is before admitted {adm(i)}",
    )
    found.add(
        has["ready"] & empty["admitted"] & ~empty["referred"],
        "ready",
        lambda i: "ready is given but admitted is empty (a patient who never got a place has no ready)",
    )
    left_early = has["left"] & has["admitted"] & (sec["left"] < sec["admitted"])
    found.add(left_early, "left", lambda i: f"left {lft(i)} is before admitted {adm(i)}")
    found.add(
        has["left"] & has["ready"] & (sec["left"] < sec["ready"]) & ~left_early,
        "left",
        lambda i: f"left {lft(i)} is before ready {rdy(i)}",
    )
    found.add(
        has["left"] & empty["admitted"] & has["referred"] & (sec["left"] < sec["referred"]),
        "left",
        lambda i: f"left {lft(i)} is before referred {ref(i)}",
    )
    # Rule 7: next is given exactly when left is.
    found.add(
        used & ~empty["next"] & empty["left"],
        "next",
        lambda i: (
            f"next is '{text['next'][i][:60]}' but left is empty (leave next empty while the patient is "
            "still there, or give left)"
        ),
    )
    found.add(
        used & ~empty["left"] & empty["next"],
        "next",
        lambda i: f"left is {lft(i)} but next is empty (write the service the patient went to, or {EXIT})",
    )

    # Rule 9: duplicates (one patient, service and admitted; or for a waiting row, referred).
    patient = pd.factorize(col["patient_id"])[0]
    service = pd.factorize(service_id)[0]
    with_patient = used & ~empty["patient_id"] & (service >= 0)  # a row without a service is reported already
    stay = with_patient & has["admitted"] & (empty["left"] | has["left"]) & ~left_early
    repeated, first = _duplicates(stay, patient, service, sec["admitted"])
    found.add(
        repeated,
        "admitted",
        lambda i: (
            f"duplicate: patient '{text['patient_id'][i][:60]}' admitted to '{text['service'][i][:60]}' at "
            f"{adm(i)} already appears on line {lines[first[i]]}"
        ),
    )
    waiting = with_patient & empty["admitted"] & has["referred"]
    wait_repeated, wait_first = _duplicates(waiting, patient, service, sec["referred"])
    found.add(
        wait_repeated,
        "referred",
        lambda i: (
            f"duplicate: patient '{text['patient_id'][i][:60]}' waiting for '{text['service'][i][:60]}' "
            f"from {ref(i)} already appears on line {lines[wait_first[i]]}"
        ),
    )
    # Rule 8: a patient in two places at once.
    _overlaps(found, stay & ~repeated, patient, sec["admitted"], np.where(has["left"], sec["left"], until_s), text)

    times = np.concatenate([sec[c][has[c]] for c in TIME_COLUMNS])
    origin = _EPOCH
    if len(times):
        first_day = _EPOCH + dt.timedelta(days=int(times.min() // _DAY))
        origin = first_day - dt.timedelta(days=first_day.weekday())
    capacity_frame, capacity_problems = None, []
    if capacity_source is not None:
        capacity_frame, capacity_problems = _read_capacity(capacity_source, origin, known, units.units)

    problems, total = found.problems()
    problems += units.problems + capacity_problems
    total += len(units.problems) + len(capacity_problems)
    if not problems and not used.any():
        problems, total = [Problem.at(table.header_line + 1, None, "the file has a header but no rows of data")], 1
    if problems:
        raise StaysError(problems[:MAX_KEPT], total)

    keep = np.flatnonzero(used)
    origin_s = _seconds_of(origin)
    out: dict[str, Any] = {
        "patient_id": col["patient_id"].iloc[keep].reset_index(drop=True).astype(str),
        "service": pd.Series(service_id[keep], dtype=str),
    }
    for c in TIME_COLUMNS:
        out[c] = np.where(has[c][keep], (sec[c][keep] - origin_s) / _DAY, np.nan)
    # A stay with left and no ready was left when ready.
    left_when_ready = ~has["ready"][keep] & has["left"][keep] & has["admitted"][keep]
    out["ready"] = np.where(left_when_ready, out["left"], out["ready"])
    out["next"] = pd.Series(next_id[keep], dtype=object)
    out["line"] = lines[keep].astype(np.int64)
    frame = pd.DataFrame(out)
    appear = pd.unique(np.column_stack((service_id[keep], next_id[keep])).ravel())
    return Extract(
        stays=frame,
        origin=origin,
        until=float((until - origin).days),
        services={s: known[s] for s in appear if s is not None and s != EXIT},
        capacity=capacity_frame,
        source=name or _name_of(stays, "stays.csv"),
    )


def _overlaps(
    found: _Found, mask: np.ndarray, patient: np.ndarray, start: np.ndarray, end: np.ndarray, text: _Texts
) -> None:
    """Rule 8: sort by patient and admitted; a stay starting before the running max of the earlier ends overlaps."""
    idx = np.flatnonzero(mask)
    if len(idx) < 2:
        return
    order = _order([patient[idx], start[idx]])
    s_idx = idx[order]
    p, a, e = patient[s_idx], start[s_idx], end[s_idx]
    new_patient = np.concatenate(([True], p[1:] != p[:-1]))
    # A running max that restarts with each patient: lift each patient's ends above all earlier patients'.
    group = np.cumsum(new_patient) - 1
    span = int(e.max() - e.min()) + 1
    lifted = (e - e.min()) + group * span
    run_max = np.maximum.accumulate(lifted) - group * span + e.min()
    # The row holding the running max: the latest whose end equals it (it has not been passed since).
    holder = np.maximum.accumulate(np.where(e == run_max, np.arange(len(s_idx)), -1))
    clash = np.zeros(len(s_idx), dtype=bool)
    clash[1:] = ~new_patient[1:] & (a[1:] < run_max[:-1])
    other = np.zeros(len(mask), dtype=np.int64)
    other[s_idx[1:]] = s_idx[holder[:-1]]
    bad = np.zeros(len(mask), dtype=bool)
    bad[s_idx[clash]] = True
    lines = found.lines

    def message(i: int) -> str:
        j = int(other[i])
        runs_to = text["left"][j] or "the end of the extract (left is empty)"
        return (
            f"patient '{text['patient_id'][i][:60]}' is in two places at once: admitted {text['admitted'][i]} while "
            f"the stay on line {lines[j]} in '{text['service'][j][:60]}' runs to {runs_to}"
        )

    found.add(bad, "admitted", message)

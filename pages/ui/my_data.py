"""Start from my data: a stays extract fitted to a scenario in the studio (the cached fit and pure helpers).

The studio's upload area takes a stays extract (sample_data/FORMATS.md, "Stays extract"), optional
``units.csv`` and ``capacity.csv``, the extract's end and optionally the fit period's first day, and
fits a scenario to it as ``python -m harmoni_model fit`` does: the stays reader with the Trondheim
baseline's services as the known ones, then the fit with the baseline as its reference. The studio
then starts from the fitted scenario as it starts from an uploaded one.

The files are read from the upload's bytes in this server process and never written anywhere;
the fit is cached in memory by the files' content (a rerun does not refit). Only :func:`cached_fit`
uses Streamlit; everything else here is pure.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import streamlit as st

from harmoni_model.extracts.stays import MAX_PROBLEMS, StaysError, read_extract, services_of
from harmoni_model.problems import Problem
from harmoni_model.scenario.errors import ScenarioError

from .problem_text import message_text

MAX_STAYS_MB = 5  # the server's maxUploadSize (.streamlit/config.toml); a larger extract: the command line
MAX_SIDE_MB = 5  # units.csv and capacity.csv (the stays reader's own limit for them)
MAX_NAME = 120  # characters of a file name kept in the fitted scenario's name
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
_DATE = re.compile(rb"(?<![0-9])[0-9]{4}-[0-9]{2}-[0-9]{2}(?![0-9])")


@dataclass(frozen=True)
class FitOutcome:
    """What fitting an extract gave: a scenario's plain data and the fit's notes, or why it could not."""

    data: dict[str, Any] | None = None  # the fitted scenario (valid for validate_data), None when it failed
    notes: tuple[str, ...] = ()  # one line per fitted quantity (Fitted.notes)
    period: tuple[dt.date, dt.date] | None = None  # the fit period [first day, end)
    problems: tuple[Problem, ...] = ()  # bad input: the first MAX_PROBLEMS problems (line and column)
    total: int = 0  # every problem found (the ones not listed are counted)
    invalid: tuple[str, ...] = ()  # the fitted scenario is not valid (the format's problems, one a line)
    message: str | None = None  # the fit could not be made (a ValueError's plain message)
    rows: int = field(default=0, compare=False)  # the extract's stays


def latest_date(data: bytes) -> dt.date | None:
    """The latest valid ``YYYY-MM-DD`` date anywhere in the file's bytes (None when there is none)."""
    for text in sorted(set(_DATE.findall(data)), reverse=True):  # ISO dates sort as text
        try:
            return dt.date.fromisoformat(text.decode("ascii"))
        except ValueError:  # 2025-13-01: the reader reports it; the default is the latest real date
            continue
    return None


def default_until(data: bytes) -> dt.date | None:
    """The extract's end when the user gives none: the day after the latest date in the file."""
    latest = latest_date(data)
    return None if latest is None or latest >= dt.date.max else latest + dt.timedelta(days=1)


def content_key(*files: bytes | None) -> str:
    """One hash of the files' contents (a missing file counts as missing, not as empty)."""
    digest = hashlib.sha256()
    for data in files:
        digest.update(b"-" if data is None else b"+" + hashlib.sha256(data).digest())
    return digest.hexdigest()


def stay_rows(data: bytes) -> int:
    """About how many stays a file holds: its lines after the header (for the spinner's text)."""
    lines = data.count(b"\n") + (0 if not data or data.endswith(b"\n") else 1)
    return max(lines - 1, 0)


def fit_extract(
    stays: bytes,
    until: dt.date,
    reference: Any,
    *,
    fit_from: dt.date | None = None,
    units: bytes | None = None,
    capacity: bytes | None = None,
    names: tuple[str, str, str] = ("stays.csv", "units.csv", "capacity.csv"),
) -> FitOutcome:
    """Read `stays` (with `units` and `capacity`) and fit a scenario to it, as the CLI's ``fit`` does.

    `reference` (a Scenario) gives the known services and what an extract cannot show. Bad input is an
    outcome with problems or a message, never an exception: the page shows it and keeps its start.
    """
    from harmoni_model.extracts.fit import fit_scenario
    from harmoni_model.scenario.format import validate_data

    stays_name, units_name, capacity_name = names
    try:
        extract = read_extract(
            stays, until, units=_named(units, units_name), capacity=_named(capacity, capacity_name),
            services=services_of(reference), name=stays_name,
        )  # fmt: skip
    except StaysError as exc:
        return FitOutcome(problems=tuple(exc.problems[:MAX_PROBLEMS]), total=exc.total)
    try:
        fitted = fit_scenario(extract, fit_from=fit_from, reference=reference)
        validate_data(fitted.data)  # (a fitted value out of the format's range)
    except ScenarioError as exc:
        return FitOutcome(invalid=tuple(str(p) for p in exc.problems))
    except ValueError as exc:
        return FitOutcome(message=str(exc))
    except Exception as exc:  # a fault in the fit must still reach the user as a plain message
        return FitOutcome(message=f"the fit failed ({exc.__class__.__name__}: {str(exc)[:200]})")
    return FitOutcome(fitted.data, tuple(fitted.notes), fitted.period, rows=len(extract.stays))


class _NamedBytes:
    """Bytes with the name the stays reader puts in its messages (``units.csv``, ``capacity.csv``)."""

    def __init__(self, data: bytes, name: str):
        self.name = name
        self._data = data

    def getvalue(self) -> bytes:
        return self._data


def _named(data: bytes | None, name: str) -> _NamedBytes | None:
    return None if data is None else _NamedBytes(data, name)


@st.cache_data(max_entries=8, show_spinner=False)
def cached_fit(
    key: str,
    until: dt.date,
    fit_from: dt.date | None,
    names: tuple[str, str, str],
    _files: tuple[bytes, bytes | None, bytes | None],
    _reference: Any,
) -> FitOutcome:
    """:func:`fit_extract`, cached by `key` (:func:`content_key` of `_files`) and the dates and names.

    The files' bytes are not hashed again by Streamlit (`key` is their hash); `_reference` is the prepared
    baseline, the same for every call. A failure is an outcome too, so a bad file is not read twice.
    """
    stays, units, capacity = _files
    return fit_extract(stays, until, _reference, fit_from=fit_from, units=units, capacity=capacity, names=names)


def problem_lines(problems: tuple[Problem, ...], where: Any, lang: str) -> list[str]:
    """Each problem as plain text, its place first (`where` words it in the page's language), its message in `lang`.

    `where(file, line, column)` gives the place, e.g. ``line 3, column 'left'`` for the stays file (`file`
    None: the message names it once above the list) or ``units.csv, line 2`` for a side file.
    """
    return [f"{where(p.path or None, p.line, p.column)}: {message_text(p.message, lang)}" for p in problems]


def note_items(note: str) -> tuple[str, list[str]]:
    """A fit note split for reading: ``("ward", ["length of stay: ...", "routes from ..."])``.

    A note is ``<what>: <part>; <part>; ...`` (Fitted.notes); a note without a colon is all head.
    """
    head, _, rest = note.partition(": ")
    parts = [p.strip() for p in rest.split("; ") if p.strip()]
    return head, parts


def fitted_name(template: str, file_name: str) -> str:
    """The fitted scenario's name, e.g. ``Tilpasset: stays.csv`` (the file name on one line, shortened)."""
    name = " ".join(file_name.split())[:MAX_NAME] or "stays.csv"
    return template.format(file=name)


def download_name(file_name: str) -> str:
    """The fitted scenario's file name: ``fitted_<stem>.yaml`` with a safe stem."""
    stem = re.sub(r"[^A-Za-z0-9_-]+", "_", file_name.rsplit(".", 1)[0]).strip("_")[:60]
    return f"fitted_{stem or 'stays'}.yaml"


def runs_locally(url: str | None) -> bool:
    """Whether the browser reaches the app on this machine (localhost): then nothing leaves the machine."""
    if not url:
        return False
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return False
    return host in LOCAL_HOSTS

"""The scenario library: named, saved scenarios in one SQLite file (stdlib ``sqlite3``).

Where: the path given to :class:`Library`, else the ``HARMONI_DB`` environment
variable, else ``harmoni_library.db`` in the working directory.

Durability choices
------------------
* ``journal_mode=WAL``: readers never block the writer and a crash (even
  SIGKILL in the middle of a write) leaves the file consistent; the next open
  replays or discards the write-ahead log.
* ``synchronous=FULL``: every commit is fsynced before :meth:`Library.save`
  returns, so a saved scenario also survives a power cut or an OS crash, not
  only a killed process (``NORMAL`` in WAL mode may lose the last commits on
  power loss). Saves happen at human pace in a workshop, so the extra fsync
  per commit costs nothing that matters.
* ``busy_timeout`` of 10 s: concurrent writers (several browser sessions,
  threads or processes) wait for each other instead of failing at once.
* Every write is one ``BEGIN IMMEDIATE`` transaction (the write lock is taken
  up front, so two writers never deadlock upgrading a read lock), and every
  call opens and closes its own connection, so a :class:`Library` can be
  shared by threads.
* The schema version is ``PRAGMA user_version``; forward migrations run on
  open, all in one transaction (a crash mid-migration leaves the old version).
  Version 1 had no ``deleted_at``; version 2 adds it (soft delete); version 3
  records what a scenario was made from (``base_content``, ``base_hash``,
  ``changes``: NULL for entries saved before, and for whole files imported).
* Migrations run once per process and file: constructing a :class:`Library`
  again (every page run in the app does) costs nothing.

Scenarios are stored as the JSON of :func:`dumps_scenario` and re-validated
on :meth:`Library.open`, so a library never hands out an invalid scenario.
A scenario saved with :meth:`Library.save_changes` also keeps its base scenario
(its full content, not a file name: a prepared file may change, an uploaded one
is gone) and the changes made on it, so the studio can open it as those changes
on that base (:meth:`Library.saved`).
"""

from __future__ import annotations

import builtins
import datetime as dt
import json
import os
import sqlite3
import threading
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from harmoni_model.scenario.changes import Changes, apply_changes
from harmoni_model.scenario.errors import ScenarioError
from harmoni_model.scenario.files import dumps_scenario, loads_scenario
from harmoni_model.scenario.format import Scenario, validate_data

DEFAULT_DB = "harmoni_library.db"
ENV_VAR = "HARMONI_DB"
BUSY_TIMEOUT_MS = 10_000
MAX_NAME = 200
MAX_AUTHOR = 100
MAX_REASON = 5_000

_MIGRATIONS: dict[int, tuple[str, ...]] = {
    # version n -> statements that bring version n-1 to n
    1: (
        """CREATE TABLE scenarios (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            author TEXT NOT NULL DEFAULT '',
            reason TEXT NOT NULL DEFAULT '',
            created TEXT NOT NULL,
            updated TEXT NOT NULL,
            content TEXT NOT NULL,
            content_hash TEXT NOT NULL
        )""",
    ),
    2: ("ALTER TABLE scenarios ADD COLUMN deleted_at TEXT",),
    3: (
        "ALTER TABLE scenarios ADD COLUMN base_content TEXT",  # the JSON of the scenario it was made from
        "ALTER TABLE scenarios ADD COLUMN base_hash TEXT",  # that scenario's content hash (to group by base)
        "ALTER TABLE scenarios ADD COLUMN changes TEXT",  # the JSON of Changes.to_dict()
    ),
}
SCHEMA_VERSION = max(_MIGRATIONS)
_COLUMNS = "id, name, author, reason, created, updated, content_hash"
_MIGRATED: set[str] = set()  # library files migrated by this process (resolved paths)
_MIGRATING = threading.Lock()


class LibraryError(Exception):
    """A library operation that cannot be done, with a plain-language message."""


class ScenarioNotFound(LibraryError, KeyError):
    """No (undeleted) scenario with this id; also a :class:`KeyError`."""

    def __str__(self) -> str:  # KeyError would show the message quoted
        return str(self.args[0]) if self.args else ""


@dataclass(frozen=True)
class Entry:
    """One saved scenario's metadata (the scenario itself comes from :meth:`Library.open`)."""

    id: int
    name: str
    author: str
    reason: str
    created: str
    updated: str
    content_hash: str
    deleted: bool
    base_hash: str | None = None  # content hash of the scenario it was made from (None: not recorded)


@dataclass(frozen=True)
class Saved:
    """A saved scenario with what it was made from: `changes` on `base` give `scenario` (both None if not recorded)."""

    entry: Entry
    scenario: Scenario
    base: Scenario | None
    changes: Changes | None


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def _clean(value: object, what: str, limit: int, *, multiline: bool = False, required: bool = False) -> str:
    if not isinstance(value, str):
        raise LibraryError(f"the {what} must be text")
    text = value.replace("\r\n", "\n").strip()
    if required and not text:
        raise LibraryError(f"the {what} must not be empty")
    if len(text) > limit:
        raise LibraryError(f"the {what} is too long (at most {limit} characters, got {len(text)})")
    allowed = {"\n", "\t"} if multiline else set()
    for ch in text:
        if ch not in allowed and unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp"):
            kind = "control characters" if multiline else "line breaks or control characters"
            raise LibraryError(f"the {what} must not contain {kind} (found {ch!r})")
    return text


def _comment(text: str) -> list[str]:
    # str.splitlines splits on every character YAML could treat as a line break
    return [f"#   {line}".rstrip() for line in text.splitlines()] or ["#"]


class Library:
    """A scenario library in one SQLite file; safe to share between threads."""

    def __init__(self, path: str | os.PathLike[str] | None = None):
        if path is None:
            path = os.environ.get(ENV_VAR) or DEFAULT_DB
        self.path = Path(path)
        key = str(self.path.resolve())
        with _MIGRATING:
            # a file deleted since (or never there) is made again, so it is migrated again
            if key not in _MIGRATED or not self.path.exists():
                self._migrate()
                _MIGRATED.add(key)

    # --- connections ---------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        try:
            con = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        except sqlite3.Error as exc:
            raise LibraryError(f"cannot open the scenario library {self.path}: {exc}") from None
        try:
            con.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            con.execute("PRAGMA synchronous = FULL")
        except sqlite3.Error as exc:
            con.close()
            raise LibraryError(f"cannot open the scenario library {self.path}: {exc}") from None
        return con

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        con = self._connect()
        try:
            yield con
        except sqlite3.Error as exc:
            raise LibraryError(f"the scenario library {self.path} cannot be read: {exc}") from None
        finally:
            con.close()

    @contextmanager
    def _write(self, failure: str = "cannot be changed", wal: bool = False) -> Iterator[sqlite3.Connection]:
        """One write transaction: committed when the block ends, rolled back on any error.

        `wal` first switches the file to write-ahead logging (outside the transaction, as SQLite requires).
        """
        con = self._connect()
        try:
            if wal:
                mode = con.execute("PRAGMA journal_mode = WAL").fetchone()[0]
                if str(mode).lower() != "wal":
                    raise LibraryError(f"the scenario library {self.path} cannot use write-ahead logging ({mode})")
            con.execute("BEGIN IMMEDIATE")
            try:
                yield con
            except BaseException:
                con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")
        except sqlite3.Error as exc:
            raise LibraryError(f"the scenario library {self.path} {failure}: {exc}") from None
        finally:
            con.close()

    def _migrate(self) -> None:
        with self._write(failure="cannot be opened", wal=True) as con:
            version = con.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise LibraryError(
                    f"the scenario library {self.path} was made by a newer version of HARMONI "
                    f"(schema {version}; this version knows up to {SCHEMA_VERSION})"
                )
            for step in range(version + 1, SCHEMA_VERSION + 1):
                for statement in _MIGRATIONS[step]:
                    con.execute(statement)
            if version < SCHEMA_VERSION:
                con.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    # --- reading -------------------------------------------------------------

    def list(self, include_deleted: bool = False) -> builtins.list[Entry]:
        """Saved scenarios, oldest first (deleted ones only if asked)."""
        where = "" if include_deleted else " WHERE deleted_at IS NULL"
        with self._read() as con:
            rows = con.execute(
                f"SELECT {_COLUMNS}, deleted_at IS NOT NULL, base_hash FROM scenarios{where} ORDER BY id"
            ).fetchall()
        return [Entry(*row[:7], deleted=bool(row[7]), base_hash=row[8]) for row in rows]

    def entry(self, id: int) -> Entry:
        """The metadata of one saved (undeleted) scenario."""
        for entry in self._rows(id):
            return entry
        raise self._missing(id)

    def _rows(self, id: int) -> builtins.list[Entry]:
        with self._read() as con:
            rows = con.execute(
                f"SELECT {_COLUMNS}, 0, base_hash FROM scenarios WHERE id = ? AND deleted_at IS NULL",
                (self._id(id),),
            ).fetchall()
        return [Entry(*row[:7], deleted=False, base_hash=row[8]) for row in rows]

    def open(self, id: int) -> Scenario:
        """The saved scenario, validated again (raises :class:`ScenarioNotFound`)."""
        with self._read() as con:
            row = con.execute(
                "SELECT content FROM scenarios WHERE id = ? AND deleted_at IS NULL", (self._id(id),)
            ).fetchone()
        if row is None:
            raise self._missing(id)
        return validate_data(self._json(id, row[0]))

    def saved(self, id: int) -> Saved:
        """The saved scenario with its base and changes, each validated again (raises :class:`ScenarioNotFound`)."""
        with self._read() as con:
            row = con.execute(
                f"SELECT {_COLUMNS}, 0, base_hash, content, base_content, changes"
                " FROM scenarios WHERE id = ? AND deleted_at IS NULL",
                (self._id(id),),
            ).fetchone()
        if row is None:
            raise self._missing(id)
        entry = Entry(*row[:7], deleted=False, base_hash=row[8])
        scenario = validate_data(self._json(id, row[9]))
        if row[10] is None or row[11] is None:
            return Saved(entry, scenario, None, None)
        try:
            base, changes = validate_data(self._json(id, row[10])), Changes.from_dict(self._json(id, row[11]))
        except (ScenarioError, ValueError) as exc:
            raise LibraryError(f"scenario {id} in the library has a damaged base or changes: {exc}") from None
        return Saved(entry, scenario, base, changes)

    def export(self, id: int) -> str:
        """The scenario as YAML, with the library's name/author/reason in a leading comment."""
        entry = self.entry(id)
        scenario = self.open(id)
        lines = [
            "# Exported from the HARMONI scenario library",
            f"# id: {entry.id}",
            f"# name: {entry.name}",
            f"# author: {entry.author}".rstrip(),
            "# reason:",
            *_comment(entry.reason),
            f"# created: {entry.created}",
            f"# updated: {entry.updated}",
        ]
        return "\n".join(lines) + "\n" + dumps_scenario(scenario, "yaml")

    # --- writing -------------------------------------------------------------

    def save(self, scenario: Scenario, name: str, author: str = "", reason: str = "") -> int:
        """Save a whole scenario under a name (nothing recorded about what it was made from); returns its new id."""
        return self._insert(scenario, name, author, reason, None, None)

    def save_changes(self, base: Scenario, changes: Changes, name: str, author: str = "", reason: str = "") -> int:
        """Save `changes` on `base` under a name: the scenario they give (named `name`), its base and the changes.

        Raises ScenarioError when the changes do not give a valid scenario. Returns the new id.
        """
        if not isinstance(base, Scenario):
            raise TypeError(f"expected a Scenario, got {type(base).__name__}")
        if not isinstance(changes, Changes):
            raise TypeError(f"expected Changes, got {type(changes).__name__}")
        name = _clean(name, "name", MAX_NAME, required=True)
        try:
            scenario = apply_changes(base, changes, name=name)
        except KeyError as exc:  # a service the base does not have
            raise LibraryError(f"the changes do not fit the base scenario: {exc.args[0]}") from None
        return self._insert(scenario, name, author, reason, base, changes)

    def _insert(
        self, scenario: Scenario, name: str, author: str, reason: str, base: Scenario | None, changes: Changes | None
    ) -> int:
        if not isinstance(scenario, Scenario):
            raise TypeError(f"expected a Scenario, got {type(scenario).__name__}")
        name = _clean(name, "name", MAX_NAME, required=True)
        author = _clean(author, "author", MAX_AUTHOR)
        reason = _clean(reason, "reason", MAX_REASON, multiline=True)
        content = dumps_scenario(scenario, "json")
        base_content = None if base is None else dumps_scenario(base, "json")
        base_hash = None if base is None else base.content_hash()
        changes_json = None if changes is None else json.dumps(changes.to_dict(), sort_keys=True)
        now = _now()
        with self._write() as con:
            cur = con.execute(
                "INSERT INTO scenarios (name, author, reason, created, updated, content, content_hash,"
                " base_content, base_hash, changes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (name, author, reason, now, now, content, scenario.content_hash(), base_content, base_hash,
                 changes_json),
            )  # fmt: skip
            new_id = cur.lastrowid
        assert new_id is not None
        return new_id

    def duplicate(self, id: int, name: str | None = None) -> int:
        """A copy of a saved scenario (same author and reason); returns the copy's id."""
        if name is not None:
            name = _clean(name, "name", MAX_NAME, required=True)
        now = _now()
        with self._write() as con:
            row = con.execute(
                "SELECT name, author, reason, content, content_hash, base_content, base_hash, changes"
                " FROM scenarios WHERE id = ? AND deleted_at IS NULL",
                (self._id(id),),
            ).fetchone()
            if row is None:
                raise self._missing(id)
            if name is None:
                suffix = " (copy)"
                name = row[0][: MAX_NAME - len(suffix)] + suffix
            cur = con.execute(
                "INSERT INTO scenarios (name, author, reason, created, updated, content, content_hash,"
                " base_content, base_hash, changes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (name, row[1], row[2], now, now, *row[3:]),
            )
            new_id = cur.lastrowid
        assert new_id is not None
        return new_id

    def rename(self, id: int, name: str) -> None:
        """Give a saved scenario a new name."""
        name = _clean(name, "name", MAX_NAME, required=True)
        self._update(id, "UPDATE scenarios SET name = ?, updated = ? WHERE id = ? AND deleted_at IS NULL", name)

    def delete(self, id: int) -> None:
        """Move a scenario to the bin (undo with :meth:`restore`, empty with :meth:`purge`)."""
        now = _now()
        self._update(id, "UPDATE scenarios SET deleted_at = ?, updated = ? WHERE id = ? AND deleted_at IS NULL", now)

    def restore(self, id: int) -> None:
        """Bring a deleted scenario back (a no-op for one that is not deleted)."""
        with self._write() as con:
            cur = con.execute(
                "UPDATE scenarios SET deleted_at = NULL, updated = ? WHERE id = ? AND deleted_at IS NOT NULL",
                (_now(), self._id(id)),
            )
            if cur.rowcount == 0 and con.execute("SELECT 1 FROM scenarios WHERE id = ?", (id,)).fetchone() is None:
                raise self._missing(id)

    def purge(self) -> int:
        """Remove the deleted scenarios for good; returns how many."""
        with self._write() as con:
            return con.execute("DELETE FROM scenarios WHERE deleted_at IS NOT NULL").rowcount

    def import_text(
        self,
        text: str,
        author: str = "",
        reason: str = "",
        *,
        name: str | None = None,
        filename: str = "scenario",
        base_dir: str | os.PathLike[str] | None = None,
    ) -> int:
        """Validate scenario YAML/JSON text and save it (under its own name unless `name` is given).

        A :class:`~harmoni_model.scenario.files.ScenarioError` from validation propagates unchanged.
        """
        scenario = loads_scenario(text, filename, base_dir=base_dir)
        return self.save(scenario, scenario.name if name is None else name, author, reason)

    # --- helpers -------------------------------------------------------------

    def _update(self, id: int, sql: str, *values: str) -> None:
        with self._write() as con:
            if con.execute(sql, (*values, _now(), self._id(id))).rowcount == 0:
                raise self._missing(id)

    @staticmethod
    def _json(id: int, text: str) -> object:
        try:
            return json.loads(text)
        except ValueError:
            raise LibraryError(f"scenario {id} in the library is damaged (not valid JSON)") from None

    @staticmethod
    def _id(id: object) -> int:
        if isinstance(id, bool) or not isinstance(id, int):
            raise LibraryError(f"a scenario id must be a whole number (got {id!r})")
        return id

    def _missing(self, id: int) -> ScenarioNotFound:
        return ScenarioNotFound(f"no scenario with id {id} in the library {self.path}")

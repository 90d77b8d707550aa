"""The scenario library: named, saved scenarios in one SQLite file (stdlib ``sqlite3``).

Where: the path given to :class:`Library`, else the ``HARMONI_DB`` environment
variable, else ``harmoni_library.db`` in the working directory.

Rooms and owners (schema 4)
---------------------------
A hosted demo is shared by strangers, so the library is split into **rooms**
(a short code, ``[a-z0-9-]``, 3 to 32 characters; the default room ``""`` holds
every entry saved before rooms and the laptop's and the CLI's). Every method
takes the `room`; an entry of another room does not exist for it.
An entry has an **owner**: a hash of the key of the visitor who saved it (never
the key itself; NULL for entries saved before, or by trusted code without a
key). Renaming, deleting and restoring need the owner's key or the
**facilitator key** the :class:`Library` was made with (compared in constant
time); an entry without an owner only the facilitator may change. The model
only takes keys as arguments: where they come from is the app's business.
Every rename keeps the old name (:meth:`Library.history`), and deleting stays a
soft delete (:meth:`Library.restore`).

Limits (:class:`Limits`, defaults below) bound what visitors can store: entries
per room, per visitor, saves per minute per visitor, per room and in all rooms
together, and entries in the whole file. Saves made without an owner key (the laptop, the CLI, the
tests) are trusted: only the per-room and whole-file caps apply to them.

Durability and locking
----------------------
* ``journal_mode=WAL``: readers never block the writer and a writer never
  blocks readers; a crash (even SIGKILL mid-write) leaves the file consistent.
* ``synchronous=FULL``: every commit is fsynced before a save returns.
* ``busy_timeout`` of 10 s: concurrent writers wait for each other.
* Every write is one ``BEGIN IMMEDIATE`` transaction (the limits are counted
  inside it, so two saves cannot both slip under a cap); every call opens and
  closes its own connection, so a :class:`Library` can be shared by threads.
* **Reads never take the write lock.** Opening a library reads
  ``PRAGMA user_version`` (and the journal mode) without a transaction, and
  only a file older than :data:`SCHEMA_VERSION` (or not yet in WAL mode) is
  migrated, in one ``BEGIN IMMEDIATE`` transaction (a crash mid-migration
  leaves the old version). Version 1 had no ``deleted_at``; 2 adds it; 3
  records what a scenario was made from (``base_content``, ``base_hash``,
  ``changes``); 4 adds ``room``, ``owner``, ``base_name`` and the ``renames``
  table. Each process checks a file once.

Scenarios are stored as the JSON of :func:`dumps_scenario`. Listing never
validates the whole library: each listed page's rows are checked (cached by
content), and a row that is not JSON or not a valid scenario is listed with
``damaged=True``; opening it raises :class:`LibraryError`, never a crash.
"""

from __future__ import annotations

import builtins
import datetime as dt
import hashlib
import hmac
import json
import os
import re
import sqlite3
import threading
import unicodedata
from collections.abc import Iterator, Sequence
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
MAX_PAGE = 200  # entries in one list() call
DEFAULT_ROOM = ""  # entries saved before rooms, and the laptop's and the CLI's
ROOM_PATTERN = re.compile(r"[a-z0-9-]{3,32}")
# What a visitor can store (see Limits). A room of 1 000 entries is a big workshop (a table saves a
# few dozen), 50 per visitor is more than anyone saves by hand, 10 a minute is a save every 6 s.
MAX_PER_ROOM = 1_000
MAX_PER_VISITOR = 50
MAX_VISITOR_PER_MINUTE = 10
MAX_ROOM_PER_MINUTE = 60
MAX_TOTAL = 50_000  # every room together: new rooms cost nothing to make, the disk does
MAX_TOTAL_PER_MINUTE = 300  # visitors' saves in every room together (room codes are free to invent)

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
    4: (
        "ALTER TABLE scenarios ADD COLUMN room TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE scenarios ADD COLUMN owner TEXT",  # owner_hash(visitor key); NULL: only the facilitator
        "ALTER TABLE scenarios ADD COLUMN base_name TEXT",  # the base's name, so grouping by base parses nothing
        """UPDATE scenarios SET base_name = CAST(json_extract(base_content, '$.name') AS TEXT)
           WHERE base_content IS NOT NULL AND json_valid(base_content)
             AND json_type(base_content) = 'object'""",
        """CREATE TABLE renames (
            id INTEGER PRIMARY KEY,
            entry_id INTEGER NOT NULL,
            old_name TEXT NOT NULL,
            new_name TEXT NOT NULL,
            at TEXT NOT NULL
        )""",
        "CREATE INDEX renames_entry ON renames (entry_id, id)",
        "CREATE INDEX scenarios_room ON scenarios (room, id)",  # list and count a room
        "CREATE INDEX scenarios_room_created ON scenarios (room, created)",  # saves per minute in a room
        "CREATE INDEX scenarios_owner ON scenarios (owner, created)",  # a visitor's entries and saves per minute
        "CREATE INDEX scenarios_room_base ON scenarios (room, base_hash, id)",  # the compare page's groups
        "CREATE INDEX scenarios_created ON scenarios (created)",  # saves per minute in every room together
    ),
}
SCHEMA_VERSION = max(_MIGRATIONS)
_COLUMNS = "id, name, author, reason, created, updated, content_hash, deleted_at IS NOT NULL, base_hash, room, owner"
_MIGRATED: set[str] = set()  # library files checked by this process (resolved paths)
_MIGRATING = threading.Lock()
_VALID: dict[str, bool] = {}  # sha256 of a row's content -> whether it is a valid scenario (bounded)
_VALID_MAX = 4096


class LibraryError(Exception):
    """A library operation that cannot be done, with a plain-language message."""


class ScenarioNotFound(LibraryError, KeyError):
    """No (undeleted) scenario with this id in this room; also a :class:`KeyError`."""

    def __str__(self) -> str:  # KeyError would show the message quoted
        return str(self.args[0]) if self.args else ""


@dataclass(frozen=True)
class Limits:
    """What visitors may store: caps on entries and saves per minute (see the module's constants)."""

    per_room: int = MAX_PER_ROOM  # entries in a room (the bin included: it takes the same disk)
    per_visitor: int = MAX_PER_VISITOR  # entries one visitor key owns (the bin included)
    visitor_per_minute: int = MAX_VISITOR_PER_MINUTE
    room_per_minute: int = MAX_ROOM_PER_MINUTE
    total: int = MAX_TOTAL  # entries in the file, every room together
    total_per_minute: int = MAX_TOTAL_PER_MINUTE  # visitors' saves a minute, every room together


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
    room: str = DEFAULT_ROOM
    owner: str | None = None  # owner_hash of the key that saved it (None: only the facilitator may change it)
    damaged: bool = False  # its content is not JSON or not a valid scenario: it cannot be opened
    earlier_names: tuple[str, ...] = ()  # names before each rename, oldest first (filled by list())


@dataclass(frozen=True)
class Rename:
    """One rename of an entry: its name before and after, and when (UTC, ISO)."""

    old_name: str
    new_name: str
    at: str


@dataclass(frozen=True)
class BaseGroup:
    """The entries of a room made from one base (`base_hash` None: saved without a base)."""

    base_hash: str | None
    base_name: str | None
    count: int
    first_id: int
    ids: tuple[int, ...] = ()  # the group's first few ids (at most 5), oldest first


@dataclass(frozen=True)
class Saved:
    """A saved scenario with what it was made from: `changes` on `base` give `scenario` (both None if not recorded)."""

    entry: Entry
    scenario: Scenario
    base: Scenario | None
    changes: Changes | None


def owner_hash(key: str) -> str:
    """What the library stores for a visitor key: a hash, so a copy of the file gives no one a key."""
    return hashlib.sha256(b"harmoni-library-owner\0" + key.encode()).hexdigest()


def check_room(room: object) -> str:
    """`room` if it is a room code (3-32 of ``a-z 0-9 -``) or the default room ``""``; else LibraryError."""
    if room == DEFAULT_ROOM or (isinstance(room, str) and ROOM_PATTERN.fullmatch(room)):
        return room  # type: ignore[return-value]
    raise LibraryError(f"a room code is 3 to 32 characters a-z, 0-9 or '-' (got {str(room)[:40]!r})")


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def _minute_ago() -> str:
    return (dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)).isoformat(timespec="microseconds")


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


def _is_valid(content: str) -> bool:
    """Whether a stored row's content is a valid scenario (cached by its text: a page is listed again and again)."""
    digest = hashlib.sha256(content.encode("utf-8", "surrogatepass")).hexdigest()
    known = _VALID.get(digest)
    if known is None:
        try:
            validate_data(json.loads(content))
            known = True
        except Exception:  # whatever a damaged row makes the validator raise, listing must not crash
            known = False
        if len(_VALID) >= _VALID_MAX:
            _VALID.clear()
        _VALID[digest] = known
    return known


class Library:
    """A scenario library in one SQLite file; safe to share between threads.

    `facilitator_key` (None or empty: there is no facilitator) may rename, delete and restore any entry;
    `limits` bound what visitors (saves with an owner key) can store.
    """

    def __init__(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        facilitator_key: str | None = None,
        limits: Limits | None = None,
    ):
        if path is None:
            path = os.environ.get(ENV_VAR) or DEFAULT_DB
        self.path = Path(path)
        self._facilitator = facilitator_key or None
        self.limits = limits or Limits()
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
    def _read(self, failure: str = "cannot be read") -> Iterator[sqlite3.Connection]:
        """A connection for reading: no transaction is begun, so no lock beyond WAL's shared read."""
        con = self._connect()
        try:
            yield con
        except sqlite3.Error as exc:
            raise LibraryError(f"the scenario library {self.path} {failure}: {exc}") from None
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
        # A plain read first: an up-to-date file (every open but the first) takes no lock at all, so opening
        # the library never waits for a writer (it used to take BEGIN IMMEDIATE in every new process).
        with self._read(failure="cannot be opened") as con:
            version = con.execute("PRAGMA user_version").fetchone()[0]
            mode = str(con.execute("PRAGMA journal_mode").fetchone()[0]).lower()
        self._check_version(version)
        if version == SCHEMA_VERSION and mode == "wal":
            return
        with self._write(failure="cannot be opened", wal=True) as con:
            version = con.execute("PRAGMA user_version").fetchone()[0]  # another process may have migrated it
            self._check_version(version)
            for step in range(version + 1, SCHEMA_VERSION + 1):
                for statement in _MIGRATIONS[step]:
                    con.execute(statement)
            if version < SCHEMA_VERSION:
                con.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _check_version(self, version: int) -> None:
        if version > SCHEMA_VERSION:
            raise LibraryError(
                f"the scenario library {self.path} was made by a newer version of HARMONI "
                f"(schema {version}; this version knows up to {SCHEMA_VERSION})"
            )

    # --- keys ----------------------------------------------------------------

    def is_facilitator(self, key: str | None) -> bool:
        """Whether `key` is this library's facilitator key (constant-time; never true without one)."""
        if not self._facilitator or not key or not isinstance(key, str):
            return False
        return hmac.compare_digest(key.encode(), self._facilitator.encode())

    def can_change(self, entry: Entry, key: str | None) -> bool:
        """Whether `key` may rename, delete or restore `entry`: its owner's key or the facilitator's."""
        return self._allowed(entry.owner, key)

    def _allowed(self, owner: str | None, key: str | None) -> bool:
        if self.is_facilitator(key):
            return True
        if owner is None or not key or not isinstance(key, str):
            return False
        return hmac.compare_digest(owner_hash(key).encode(), owner.encode())

    # --- reading -------------------------------------------------------------

    def list(
        self,
        room: str = DEFAULT_ROOM,
        offset: int = 0,
        limit: int | None = None,
        include_deleted: bool = False,
        *,
        name_contains: str = "",
        bases: Sequence[str | None] | None = None,
        newest_first: bool = False,
        deleted_only: bool = False,
    ) -> builtins.list[Entry]:
        """One page of a room's saved scenarios, oldest first (deleted ones only if asked).

        `limit` None lists up to :data:`MAX_PAGE`. `name_contains` filters by name (case-insensitive);
        `bases` keeps the entries made from those base hashes (None in it: saved without a base);
        `deleted_only` lists the bin. Only the returned rows are checked: a damaged one has ``damaged=True``.
        """
        where, args = self._where(room, include_deleted or deleted_only, name_contains, bases)
        if deleted_only:
            where += " AND deleted_at IS NOT NULL"
        limit = MAX_PAGE if limit is None else max(0, min(int(limit), MAX_PAGE))
        order = "DESC" if newest_first else "ASC"
        with self._read() as con:
            rows = con.execute(
                f"SELECT {_COLUMNS}, content FROM scenarios WHERE {where} ORDER BY id {order} LIMIT ? OFFSET ?",
                (*args, limit, max(0, int(offset))),
            ).fetchall()
            earlier: dict[int, builtins.list[str]] = {}
            if rows:
                marks = ", ".join("?" * len(rows))
                for entry_id, old in con.execute(
                    f"SELECT entry_id, old_name FROM renames WHERE entry_id IN ({marks}) ORDER BY id",
                    [row[0] for row in rows],
                ):
                    earlier.setdefault(entry_id, []).append(old)
        return [
            self._entry(row, damaged=not _is_valid(row[11]), earlier=tuple(earlier.get(row[0], ()))) for row in rows
        ]

    def count(
        self,
        room: str = DEFAULT_ROOM,
        include_deleted: bool = False,
        *,
        name_contains: str = "",
        bases: Sequence[str | None] | None = None,
    ) -> int:
        """How many entries :meth:`list` would page through with the same filters."""
        where, args = self._where(room, include_deleted, name_contains, bases)
        with self._read() as con:
            return int(con.execute(f"SELECT count(*) FROM scenarios WHERE {where}", args).fetchone()[0])

    def bases(self, room: str = DEFAULT_ROOM) -> builtins.list[BaseGroup]:
        """The room's (undeleted) entries grouped by the base they were made from, the oldest group first."""
        room = check_room(room)
        with self._read() as con:
            rows = con.execute(
                "SELECT base_hash, max(base_name), count(*), min(id), group_concat(id) FROM scenarios"
                " WHERE room = ? AND deleted_at IS NULL GROUP BY base_hash ORDER BY min(id)",
                (room,),
            ).fetchall()
        return [
            BaseGroup(h, None if n is None else str(n), int(c), int(i), tuple(sorted(map(int, ids.split(","))))[:5])
            for h, n, c, i, ids in rows
        ]

    def entry(self, id: int, room: str = DEFAULT_ROOM) -> Entry:
        """The metadata of one saved (undeleted) scenario of the room."""
        room = check_room(room)
        with self._read() as con:
            row = con.execute(
                f"SELECT {_COLUMNS}, content FROM scenarios WHERE id = ? AND room = ? AND deleted_at IS NULL",
                (self._id(id), room),
            ).fetchone()
        if row is None:
            raise self._missing(id)
        earlier = tuple(r.old_name for r in self.history(id, room))
        return self._entry(row, damaged=not _is_valid(row[11]), earlier=earlier)

    def history(self, id: int, room: str = DEFAULT_ROOM) -> builtins.list[Rename]:
        """Every rename of an entry (deleted or not) of the room, oldest first."""
        room = check_room(room)
        with self._read() as con:
            found = con.execute("SELECT 1 FROM scenarios WHERE id = ? AND room = ?", (self._id(id), room)).fetchone()
            if found is None:
                raise self._missing(id)
            rows = con.execute(
                "SELECT old_name, new_name, at FROM renames WHERE entry_id = ? ORDER BY id", (id,)
            ).fetchall()
        return [Rename(*row) for row in rows]

    def open(self, id: int, room: str = DEFAULT_ROOM) -> Scenario:
        """The saved scenario, validated again (raises :class:`ScenarioNotFound`, or LibraryError when damaged)."""
        room = check_room(room)
        with self._read() as con:
            row = con.execute(
                "SELECT content FROM scenarios WHERE id = ? AND room = ? AND deleted_at IS NULL", (self._id(id), room)
            ).fetchone()
        if row is None:
            raise self._missing(id)
        return self._scenario(id, row[0])

    def saved(self, id: int, room: str = DEFAULT_ROOM) -> Saved:
        """The saved scenario with its base and changes, each validated again (raises :class:`ScenarioNotFound`)."""
        room = check_room(room)
        with self._read() as con:
            row = con.execute(
                f"SELECT {_COLUMNS}, content, base_content, changes"
                " FROM scenarios WHERE id = ? AND room = ? AND deleted_at IS NULL",
                (self._id(id), room),
            ).fetchone()
        if row is None:
            raise self._missing(id)
        scenario = self._scenario(id, row[11])
        entry = self._entry(row, damaged=False, earlier=())
        if row[12] is None or row[13] is None:
            return Saved(entry, scenario, None, None)
        try:
            base, changes = validate_data(self._json(id, row[12])), Changes.from_dict(self._json(id, row[13]))
        except (ScenarioError, ValueError, TypeError) as exc:
            raise LibraryError(f"scenario {id} in the library has a damaged base or changes: {exc}") from None
        return Saved(entry, scenario, base, changes)

    def changes(self, id: int, room: str = DEFAULT_ROOM) -> tuple[str, Changes] | None:
        """(base hash, changes) recorded with a saved scenario, or None when it has none (or they are damaged).

        Cheap: neither the scenario nor its base is parsed (the compare page describes each pick with it).
        """
        room = check_room(room)
        with self._read() as con:
            row = con.execute(
                "SELECT base_hash, changes FROM scenarios WHERE id = ? AND room = ? AND deleted_at IS NULL",
                (self._id(id), room),
            ).fetchone()
        if row is None:
            raise self._missing(id)
        if row[0] is None or row[1] is None:
            return None
        try:
            return row[0], Changes.from_dict(self._json(id, row[1]))
        except (LibraryError, ValueError, TypeError):  # damaged: opening it says so; a description is not needed
            return None

    def export(self, id: int, room: str = DEFAULT_ROOM) -> str:
        """The scenario as YAML, with the library's name/author/reason in a leading comment."""
        entry = self.entry(id, room)
        scenario = self.open(id, room)
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

    def save(
        self,
        scenario: Scenario,
        name: str,
        author: str = "",
        reason: str = "",
        *,
        room: str = DEFAULT_ROOM,
        owner_key: str | None = None,
    ) -> int:
        """Save a whole scenario under a name (nothing recorded about what it was made from); returns its new id.

        `owner_key` is the visitor's key (it owns the entry, and the visitor limits apply); None: trusted code.
        """
        return self._insert(scenario, name, author, reason, None, None, room, owner_key)

    def save_changes(
        self,
        base: Scenario,
        changes: Changes,
        name: str,
        author: str = "",
        reason: str = "",
        *,
        room: str = DEFAULT_ROOM,
        owner_key: str | None = None,
    ) -> int:
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
        return self._insert(scenario, name, author, reason, base, changes, room, owner_key)

    def _insert(
        self,
        scenario: Scenario,
        name: str,
        author: str,
        reason: str,
        base: Scenario | None,
        changes: Changes | None,
        room: str,
        owner_key: str | None,
    ) -> int:
        if not isinstance(scenario, Scenario):
            raise TypeError(f"expected a Scenario, got {type(scenario).__name__}")
        room = check_room(room)
        name = _clean(name, "name", MAX_NAME, required=True)
        author = _clean(author, "author", MAX_AUTHOR)
        reason = _clean(reason, "reason", MAX_REASON, multiline=True)
        row = (
            name, author, reason, dumps_scenario(scenario, "json"), scenario.content_hash(),
            None if base is None else dumps_scenario(base, "json"), None if base is None else base.content_hash(),
            None if changes is None else json.dumps(changes.to_dict(), sort_keys=True),
            None if base is None else base.name,
        )  # fmt: skip
        with self._write() as con:
            return self._add(con, room, self._owner(owner_key), row)

    def _add(self, con: sqlite3.Connection, room: str, owner: str | None, row: tuple) -> int:
        """Insert one row (name .. base_name) after checking the limits, inside the caller's write transaction."""
        self._check_limits(con, room, owner)
        now = _now()
        cur = con.execute(
            "INSERT INTO scenarios (name, author, reason, content, content_hash, base_content, base_hash, changes,"
            " base_name, created, updated, room, owner) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (*row, now, now, room, owner),
        )
        assert cur.lastrowid is not None
        return cur.lastrowid

    def _check_limits(self, con: sqlite3.Connection, room: str, owner: str | None) -> None:
        """Raise LibraryError when one more entry would pass a limit (counted under the write lock)."""
        lim = self.limits

        def count(sql: str, *args: object) -> int:
            return int(con.execute(f"SELECT count(*) FROM scenarios WHERE {sql}", args).fetchone()[0])

        if count("1") >= lim.total:
            raise LibraryError(f"the library is full (at most {lim.total} scenarios in all rooms together)")
        if count("room = ?", room) >= lim.per_room:
            raise LibraryError(
                f"this room is full (at most {lim.per_room} scenarios, the bin included): "
                "ask the facilitator to empty the bin, or use another room"
            )
        if owner is None:  # trusted code (the laptop, the CLI): no visitor limits
            return
        if count("owner = ?", owner) >= lim.per_visitor:
            raise LibraryError(f"you have saved the most scenarios one visitor may ({lim.per_visitor})")
        ago = _minute_ago()
        if count("owner = ? AND created > ?", owner, ago) >= lim.visitor_per_minute:
            raise LibraryError(
                f"too many saves: at most {lim.visitor_per_minute} a minute per visitor; wait a minute and try again"
            )
        if count("room = ? AND created > ?", room, ago) >= lim.room_per_minute:
            raise LibraryError(
                f"too many saves in this room: at most {lim.room_per_minute} a minute; wait a minute and try again"
            )
        if count("created > ? AND owner IS NOT NULL", ago) >= lim.total_per_minute:
            raise LibraryError(
                f"too many saves in the library: at most {lim.total_per_minute} a minute in all rooms together;"
                " wait a minute and try again"
            )

    def duplicate(
        self, id: int, name: str | None = None, *, room: str = DEFAULT_ROOM, owner_key: str | None = None
    ) -> int:
        """A copy of a saved scenario (same author and reason), owned by `owner_key`; returns the copy's id."""
        room = check_room(room)
        if name is not None:
            name = _clean(name, "name", MAX_NAME, required=True)
        with self._write() as con:
            row = con.execute(
                "SELECT name, author, reason, content, content_hash, base_content, base_hash, changes, base_name"
                " FROM scenarios WHERE id = ? AND room = ? AND deleted_at IS NULL",
                (self._id(id), room),
            ).fetchone()
            if row is None:
                raise self._missing(id)
            if name is None:
                suffix = " (copy)"
                name = row[0][: MAX_NAME - len(suffix)] + suffix
            return self._add(con, room, self._owner(owner_key), (name, *row[1:]))

    def rename(self, id: int, name: str, *, room: str = DEFAULT_ROOM, owner_key: str | None = None) -> None:
        """Give a saved scenario a new name (the old one is kept in :meth:`history`)."""
        name = _clean(name, "name", MAX_NAME, required=True)
        with self._write() as con:
            old = self._changeable(con, id, room, owner_key, "rename", deleted=False)[0]
            now = _now()
            con.execute("UPDATE scenarios SET name = ?, updated = ? WHERE id = ?", (name, now, id))
            if old != name:
                con.execute(
                    "INSERT INTO renames (entry_id, old_name, new_name, at) VALUES (?, ?, ?, ?)", (id, old, name, now)
                )

    def delete(self, id: int, *, room: str = DEFAULT_ROOM, owner_key: str | None = None) -> None:
        """Move a scenario to the bin (undo with :meth:`restore`, empty with :meth:`purge`)."""
        with self._write() as con:
            self._changeable(con, id, room, owner_key, "delete", deleted=False)
            now = _now()
            con.execute("UPDATE scenarios SET deleted_at = ?, updated = ? WHERE id = ?", (now, now, id))

    def restore(self, id: int, *, room: str = DEFAULT_ROOM, owner_key: str | None = None) -> None:
        """Bring a deleted scenario back (a no-op for one that is not deleted)."""
        with self._write() as con:
            deleted = self._changeable(con, id, room, owner_key, "restore", deleted=None)[1]
            if deleted:
                con.execute("UPDATE scenarios SET deleted_at = NULL, updated = ? WHERE id = ?", (_now(), id))

    def purge(self, room: str | None = None) -> int:
        """Remove the deleted scenarios (of one room, or of every room) for good; returns how many.

        Trusted code only (the CLI, a facilitator's action): no key is checked here.
        """
        where, args = ("deleted_at IS NOT NULL", ()) if room is None else ("deleted_at IS NOT NULL AND room = ?",
                                                                           (check_room(room),))  # fmt: skip
        with self._write() as con:
            con.execute(f"DELETE FROM renames WHERE entry_id IN (SELECT id FROM scenarios WHERE {where})", args)
            return con.execute(f"DELETE FROM scenarios WHERE {where}", args).rowcount

    def import_text(
        self,
        text: str,
        author: str = "",
        reason: str = "",
        *,
        name: str | None = None,
        filename: str = "scenario",
        base_dir: str | os.PathLike[str] | None = None,
        room: str = DEFAULT_ROOM,
        owner_key: str | None = None,
    ) -> int:
        """Validate scenario YAML/JSON text and save it (under its own name unless `name` is given).

        A :class:`~harmoni_model.scenario.files.ScenarioError` from validation propagates unchanged.
        """
        scenario = loads_scenario(text, filename, base_dir=base_dir)
        return self.save(
            scenario, scenario.name if name is None else name, author, reason, room=room, owner_key=owner_key
        )

    # --- helpers -------------------------------------------------------------

    def _changeable(
        self, con: sqlite3.Connection, id: int, room: str, key: str | None, verb: str, deleted: bool | None
    ) -> tuple[str, bool]:
        """The entry's (name, deleted) if `key` may change it; else ScenarioNotFound or a LibraryError saying who may.

        `deleted` False: only an entry not in the bin; None: either.
        """
        room = check_room(room)
        row = con.execute(
            "SELECT name, deleted_at IS NOT NULL, owner FROM scenarios WHERE id = ? AND room = ?", (self._id(id), room)
        ).fetchone()
        if row is None or (deleted is False and row[1]):
            raise self._missing(id)
        if not self._allowed(row[2], key):
            raise LibraryError(f"only the person who saved it or the facilitator can {verb} scenario {id} (“{row[0]}”)")
        return row[0], bool(row[1])

    @staticmethod
    def _owner(key: str | None) -> str | None:
        if key is None:
            return None
        if not isinstance(key, str) or len(key) < 16:  # a visitor key is a long random token
            raise LibraryError("a visitor key must be text of at least 16 characters")
        return owner_hash(key)

    @staticmethod
    def _entry(row: tuple, *, damaged: bool, earlier: tuple[str, ...]) -> Entry:
        return Entry(*row[:7], deleted=bool(row[7]), base_hash=row[8], room=row[9], owner=row[10],
                     damaged=damaged, earlier_names=earlier)  # fmt: skip

    @staticmethod
    def _where(
        room: str, include_deleted: bool, name_contains: str, bases: Sequence[str | None] | None
    ) -> tuple[str, builtins.list[object]]:
        parts, args = ["room = ?"], [check_room(room)]
        if not include_deleted:
            parts.append("deleted_at IS NULL")
        if name_contains.strip():
            parts.append("instr(lower(name), lower(?)) > 0")
            args.append(name_contains.strip()[:MAX_NAME])
        if bases is not None:
            hashes = [h for h in bases if h is not None]
            either = [f"base_hash IN ({', '.join('?' * len(hashes))})"] if hashes else []
            if None in bases:
                either.append("base_hash IS NULL")
            parts.append(f"({' OR '.join(either) or '0'})")
            args.extend(hashes)
        return " AND ".join(parts), args

    def _scenario(self, id: int, text: str) -> Scenario:
        try:
            return validate_data(self._json(id, text))
        except LibraryError:
            raise
        except Exception:  # a damaged row: a plain message, never a traceback
            raise LibraryError(
                f"scenario {id} in the library is damaged (not a valid scenario): it cannot be opened"
            ) from None

    @staticmethod
    def _json(id: int, text: str) -> object:
        try:
            return json.loads(text)
        except (ValueError, TypeError):
            raise LibraryError(f"scenario {id} in the library is damaged (not JSON): it cannot be opened") from None

    @staticmethod
    def _id(id: object) -> int:
        if isinstance(id, bool) or not isinstance(id, int):
            raise LibraryError(f"a scenario id must be a whole number (got {id!r})")
        return id

    def _missing(self, id: int) -> ScenarioNotFound:
        return ScenarioNotFound(f"no scenario with id {id} in this room of the library {self.path}")

"""Rooms and owners in the scenario library (schema 4), on real SQLite files and real processes.

Rooms do not see each other; only an entry's owner or the facilitator may change it; a rename keeps the
old name; visitors are bounded by limits; a room is listed a page at a time; a damaged row is listed as
damaged and opens as a plain error; a v3 file migrates keeping every entry; and a reader never waits for
a writer.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from plain_scenarios import ROOT, make_scenario

from harmoni_model import validate_data
from harmoni_model.scenario.changes import Changes
from harmoni_model.workshop import library as library_module
from harmoni_model.workshop.library import (
    MAX_PER_ROOM,
    MAX_PER_VISITOR,
    MAX_ROOM_PER_MINUTE,
    MAX_VISITOR_PER_MINUTE,
    SCHEMA_VERSION,
    Library,
    LibraryError,
    Limits,
    ScenarioNotFound,
    check_room,
    owner_hash,
)

FAC = "the-facilitator-key-0123456789"
ALICE, BOB = "alice-visitor-key-0123456789", "bob-visitor-key-0123456789ab"


@pytest.fixture
def lib(tmp_path: Path) -> Library:
    return Library(tmp_path / "rooms.db", facilitator_key=FAC)


def scenario(name: str = "Test scenario", **changes):
    return validate_data(make_scenario(name=name, **changes))


def _sql(path: Path, sql: str, *args: object) -> None:
    con = sqlite3.connect(path)
    con.execute(sql, args)
    con.commit()
    con.close()


# --- rooms -----------------------------------------------------------------------------------


def test_two_rooms_do_not_see_each_others_entries(lib):
    a = lib.save(scenario("A"), "In abc", room="abc", owner_key=ALICE)
    x = lib.save_changes(scenario("X"), Changes(demand_factor=1.1), "In xyz", room="xyz", owner_key=BOB)
    old = lib.save(scenario("Old"), "Laptop")  # the default room
    assert [e.id for e in lib.list("abc")] == [a] and lib.count("abc") == 1
    assert [e.id for e in lib.list("xyz")] == [x] and [e.id for e in lib.list()] == [old]
    assert [g.first_id for g in lib.bases("xyz")] == [x] and [g.first_id for g in lib.bases("abc")] == [a]
    assert lib.open(a, "abc").name == "A"
    for call in (lib.open, lib.saved, lib.entry, lib.export, lib.history):
        with pytest.raises(ScenarioNotFound):
            call(a, "xyz")  # the id exists, but not in this room
        with pytest.raises(ScenarioNotFound):
            call(x, "")
    with pytest.raises(ScenarioNotFound):
        lib.duplicate(a, room="xyz", owner_key=BOB)
    with pytest.raises(ScenarioNotFound):
        lib.delete(a, room="xyz", owner_key=FAC)  # not even the facilitator reaches into another room by id
    copy = lib.duplicate(a, room="abc", owner_key=BOB)
    assert lib.entry(copy, "abc").owner == owner_hash(BOB)  # the copy is the copier's


@pytest.mark.parametrize("bad", ["ab", "A-B-C", "a" * 33, "room code", "røm", "../x", 7, None])
def test_a_room_code_is_checked(lib, bad):
    with pytest.raises(LibraryError, match="room code"):
        lib.list(bad)
    with pytest.raises(LibraryError, match="room code"):
        lib.save(scenario(), "x", room=bad)
    assert check_room("ws-2026") == "ws-2026" and check_room("") == ""


# --- owners and the facilitator ------------------------------------------------------------


def test_only_the_owner_or_the_facilitator_changes_an_entry(lib):
    sid = lib.save(scenario(), "Alice's", room="ws1", owner_key=ALICE)
    for action in (
        lambda key: lib.rename(sid, "Bob's now", room="ws1", owner_key=key),
        lambda key: lib.delete(sid, room="ws1", owner_key=key),
        lambda key: lib.restore(sid, room="ws1", owner_key=key),
    ):
        for key in (BOB, None, "", FAC + "x", owner_hash(ALICE)):  # the stored hash is not a key
            with pytest.raises(LibraryError, match="only the person who saved it or the facilitator can"):
                action(key)
    assert lib.entry(sid, "ws1").name == "Alice's"
    lib.rename(sid, "Alice's plan", room="ws1", owner_key=ALICE)
    lib.delete(sid, room="ws1", owner_key=ALICE)
    lib.restore(sid, room="ws1", owner_key=ALICE)
    lib.rename(sid, "Facilitator's pick", room="ws1", owner_key=FAC)
    lib.delete(sid, room="ws1", owner_key=FAC)
    with pytest.raises(LibraryError, match="only the person who saved it or the facilitator can restore"):
        lib.restore(sid, room="ws1", owner_key=BOB)
    lib.restore(sid, room="ws1", owner_key=FAC)
    entry = lib.entry(sid, "ws1")
    assert lib.can_change(entry, ALICE) and lib.can_change(entry, FAC) and not lib.can_change(entry, BOB)


def test_an_entry_without_an_owner_only_the_facilitator_changes(lib, tmp_path):
    sid = lib.save(scenario(), "Before rooms")  # as every entry saved before schema 4
    with pytest.raises(LibraryError, match="only the person who saved it"):
        lib.delete(sid, owner_key=ALICE)
    lib.delete(sid, owner_key=FAC)
    no_facilitator = Library(lib.path, facilitator_key="")
    for key in ("", None, FAC):  # without a facilitator key configured, no key is the facilitator's
        assert not no_facilitator.is_facilitator(key)
        with pytest.raises(LibraryError, match="only the person"):
            no_facilitator.restore(sid, owner_key=key)


def test_the_file_holds_a_hash_of_the_key_never_the_key(lib):
    lib.save(scenario(), "Mine", room="ws1", owner_key=ALICE)
    con = sqlite3.connect(lib.path)
    [(owner,)] = con.execute("SELECT owner FROM scenarios").fetchall()
    con.close()
    assert owner == owner_hash(ALICE) != ALICE
    raw = b"".join(p.read_bytes() for p in lib.path.parent.glob("rooms.db*"))
    assert ALICE.encode() not in raw
    with pytest.raises(LibraryError, match="at least 16"):
        lib.save(scenario(), "short key", owner_key="abc")


def test_a_rename_keeps_the_old_names(lib):
    sid = lib.save(scenario(), "First", room="ws1", owner_key=ALICE)
    lib.rename(sid, "Second", room="ws1", owner_key=ALICE)
    lib.rename(sid, "Second", room="ws1", owner_key=ALICE)  # the same name: nothing to keep
    lib.rename(sid, "Third", room="ws1", owner_key=FAC)
    assert [(h.old_name, h.new_name) for h in lib.history(sid, "ws1")] == [("First", "Second"), ("Second", "Third")]
    assert lib.history(sid, "ws1")[0].at.endswith("+00:00")
    [entry] = lib.list("ws1")
    assert entry.name == "Third" and entry.earlier_names == ("First", "Second")
    assert lib.entry(sid, "ws1").earlier_names == ("First", "Second")
    lib.delete(sid, room="ws1", owner_key=FAC)
    assert len(lib.history(sid, "ws1")) == 2  # the bin keeps it too
    assert lib.purge("ws1") == 1
    con = sqlite3.connect(lib.path)
    assert con.execute("SELECT count(*) FROM renames").fetchone()[0] == 0  # purged with its entry
    con.close()


# --- limits ------------------------------------------------------------------------------------


def test_the_limits_are_documented_constants():
    assert Limits() == Limits(MAX_PER_ROOM, MAX_PER_VISITOR, MAX_VISITOR_PER_MINUTE, MAX_ROOM_PER_MINUTE)
    assert (MAX_PER_ROOM, MAX_PER_VISITOR, MAX_VISITOR_PER_MINUTE, MAX_ROOM_PER_MINUTE) == (1000, 50, 10, 60)


def test_a_room_is_full_at_its_limit(tmp_path):
    lib = Library(tmp_path / "l.db", limits=Limits(per_room=3, room_per_minute=100, visitor_per_minute=100))
    s = scenario()
    for i in range(3):
        lib.save(s, f"n{i}", room="ws1", owner_key=f"{ALICE}{i}")
    lib.delete(1, room="ws1", owner_key=f"{ALICE}0")  # the bin counts: it takes the same disk
    with pytest.raises(LibraryError, match=r"this room is full \(at most 3 scenarios"):
        lib.save(s, "one more", room="ws1", owner_key=BOB)
    with pytest.raises(LibraryError, match="this room is full"):
        lib.duplicate(2, room="ws1", owner_key=BOB)
    with pytest.raises(LibraryError, match="this room is full"):
        lib.save(s, "trusted code too", room="ws1")
    lib.save(s, "another room has room", room="ws2", owner_key=BOB)
    lib.purge("ws1")
    lib.save(s, "after the bin is emptied", room="ws1", owner_key=BOB)
    assert lib.count("ws1") == 3


def test_a_visitor_has_a_limit_of_entries(tmp_path):
    lib = Library(tmp_path / "l.db", limits=Limits(per_visitor=2, visitor_per_minute=100))
    s = scenario()
    lib.save(s, "1", room="ws1", owner_key=ALICE)
    lib.save(s, "2", room="ws2", owner_key=ALICE)  # in every room together
    with pytest.raises(LibraryError, match=r"the most scenarios one visitor may \(2\)"):
        lib.save(s, "3", room="ws1", owner_key=ALICE)
    lib.save(s, "Bob's", room="ws1", owner_key=BOB)


def test_saves_per_minute_per_visitor_and_per_room(tmp_path):
    lib = Library(tmp_path / "l.db", limits=Limits(visitor_per_minute=2, room_per_minute=3))
    s = scenario()
    lib.save(s, "1", room="ws1", owner_key=ALICE)
    lib.save(s, "2", room="ws1", owner_key=ALICE)
    with pytest.raises(LibraryError, match="at most 2 a minute per visitor"):
        lib.save(s, "3", room="ws1", owner_key=ALICE)
    lib.save(s, "Bob 1", room="ws1", owner_key=BOB)
    with pytest.raises(LibraryError, match="too many saves in this room: at most 3 a minute"):
        lib.save(s, "Carol 1", room="ws1", owner_key="carol-visitor-key-0123")
    lib.save(s, "elsewhere", room="ws2", owner_key="carol-visitor-key-0123")
    # a minute later the window has passed (the saves are moved back in time, not waited for)
    _sql(lib.path, "UPDATE scenarios SET created = '2020-01-01T00:00:00.000000+00:00'")
    lib.save(s, "3", room="ws1", owner_key=ALICE)
    assert lib.count("ws1") == 4


def test_saves_per_minute_in_all_rooms_together(tmp_path):
    lib = Library(tmp_path / "l.db", limits=Limits(total_per_minute=3))
    s = scenario()
    for i in range(3):  # a new room and a new visitor each time: room codes and sessions cost nothing
        lib.save(s, f"{i}", room=f"room-{i}", owner_key=f"{ALICE}{i}")
    with pytest.raises(LibraryError, match="at most 3 a minute in all rooms together"):
        lib.save(s, "one more", room="room-9", owner_key=BOB)
    lib.save(s, "the laptop is trusted", room="room-9")


def test_a_default_limit_holds(tmp_path):
    lib = Library(tmp_path / "l.db")
    s = scenario()
    for i in range(MAX_VISITOR_PER_MINUTE):
        lib.save(s, f"n{i}", room="ws1", owner_key=ALICE)
    with pytest.raises(LibraryError, match=f"at most {MAX_VISITOR_PER_MINUTE} a minute"):
        lib.save(s, "one too many", room="ws1", owner_key=ALICE)


# --- paging ----------------------------------------------------------------------------------


def test_a_room_is_listed_a_page_at_a_time(lib):
    con = sqlite3.connect(lib.path)  # 45 entries in one transaction (one save each would fsync 45 times)
    sid = lib.save(scenario(), "seed", room="big")
    row = con.execute("SELECT content, content_hash, created FROM scenarios WHERE id = ?", (sid,)).fetchone()
    con.executemany(
        "INSERT INTO scenarios (name, created, updated, content, content_hash, room) VALUES (?, ?, ?, ?, ?, 'big')",
        [(f"{'Plan' if i % 2 else 'Idea'} {i}", row[2], row[2], row[0], row[1]) for i in range(1, 45)],
    )
    con.commit()
    con.close()
    lib.save(scenario(), "other room", room="small")
    assert lib.count("big") == 45 and lib.count("small") == 1
    pages = [lib.list("big", offset, 20) for offset in (0, 20, 40)]
    assert [len(p) for p in pages] == [20, 20, 5]
    ids = [e.id for p in pages for e in p]
    assert ids == sorted(ids) and len(set(ids)) == 45
    assert [e.id for e in lib.list("big", 0, 3, newest_first=True)] == ids[::-1][:3]
    assert lib.count("big", name_contains="plan") == 22  # case-insensitive
    assert all("Plan" in e.name for e in lib.list("big", 0, 50, name_contains="PLAN"))
    assert len(lib.list("big", 0, 10_000)) == 45  # a page is at most MAX_PAGE
    assert lib.list("big", 100, 20) == []


# --- damaged rows ------------------------------------------------------------------------------


def test_a_damaged_row_is_listed_as_damaged_and_opens_as_a_plain_error(lib):
    good = lib.save(scenario(), "Good", room="ws1")
    not_json = lib.save(scenario(), "Not JSON", room="ws1")
    invalid = lib.save(scenario(), "Invalid", room="ws1")
    wrong_shape = lib.save(scenario(), "A list", room="ws1")
    _sql(lib.path, "UPDATE scenarios SET content = ? WHERE id = ?", "{not json", not_json)
    bad = make_scenario(name="Invalid")
    bad["services"][0]["capacity"] = -5
    _sql(lib.path, "UPDATE scenarios SET content = ? WHERE id = ?", json.dumps(bad), invalid)
    _sql(lib.path, "UPDATE scenarios SET content = ? WHERE id = ?", "[1, 2]", wrong_shape)
    listed = {e.id: e.damaged for e in lib.list("ws1")}
    assert listed == {good: False, not_json: True, invalid: True, wrong_shape: True}
    assert lib.entry(invalid, "ws1").damaged
    for sid in (not_json, invalid, wrong_shape):
        for call in (lib.open, lib.saved, lib.export):
            with pytest.raises(LibraryError, match=f"scenario {sid} in the library is damaged"):
                call(sid, "ws1")
    assert lib.open(good, "ws1") == scenario()
    lib.delete(invalid, room="ws1", owner_key=FAC)  # a damaged entry can still be binned


# --- migration ---------------------------------------------------------------------------------

V3_SCHEMA = """
CREATE TABLE scenarios (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, author TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL DEFAULT '', created TEXT NOT NULL, updated TEXT NOT NULL,
    content TEXT NOT NULL, content_hash TEXT NOT NULL);
ALTER TABLE scenarios ADD COLUMN deleted_at TEXT;
ALTER TABLE scenarios ADD COLUMN base_content TEXT;
ALTER TABLE scenarios ADD COLUMN base_hash TEXT;
ALTER TABLE scenarios ADD COLUMN changes TEXT;
PRAGMA user_version = 3;
PRAGMA journal_mode = WAL;
"""


def test_a_v3_file_migrates_to_v4_keeping_every_entry(tmp_path):
    path = tmp_path / "v3.db"
    base = scenario("The base")
    content, base_content = json.dumps(scenario("Made").to_dict()), json.dumps(base.to_dict())
    con = sqlite3.connect(path)
    con.executescript(V3_SCHEMA)
    stamp = "2026-01-01T00:00:00.000000+00:00"
    rows = [
        (1, "whole", content, None, None, None, None),
        (2, "on a base", content, base_content, base.content_hash(), "{}", None),
        (3, "binned", content, None, None, None, stamp),
        (4, "broken", "{oops", "[not an object]", "h", "{}", None),
    ]
    con.executemany(
        "INSERT INTO scenarios (id, name, author, reason, created, updated, content, content_hash, base_content,"
        f" base_hash, changes, deleted_at) VALUES (?, ?, 't', 'r', '{stamp}', '{stamp}', ?, 'h', ?, ?, ?, ?)",
        rows,
    )
    con.commit()
    con.close()

    lib = Library(path, facilitator_key=FAC)
    entries = lib.list(include_deleted=True)
    assert [(e.id, e.name, e.room, e.owner, e.deleted) for e in entries] == [
        (1, "whole", "", None, False), (2, "on a base", "", None, False),
        (3, "binned", "", None, True), (4, "broken", "", None, False),
    ]  # fmt: skip
    assert [e.damaged for e in entries] == [False, False, False, True]
    assert lib.saved(2).base == base
    assert {g.base_hash: g.base_name for g in lib.bases()} == {None: None, base.content_hash(): "The base", "h": None}
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 4
    con.close()
    lib.restore(3, owner_key=FAC)  # old entries: the facilitator's to change
    with pytest.raises(LibraryError, match="only the person"):
        lib.delete(1, owner_key=ALICE)


def test_a_failed_migration_leaves_the_old_version(tmp_path, monkeypatch):
    path = tmp_path / "v3.db"
    con = sqlite3.connect(path)
    con.executescript(V3_SCHEMA)
    con.close()
    broken = {**library_module._MIGRATIONS, 4: (*library_module._MIGRATIONS[4], "THIS IS NOT SQL")}
    monkeypatch.setattr(library_module, "_MIGRATIONS", broken)
    with pytest.raises(LibraryError, match="cannot be opened"):
        Library(path)
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA user_version").fetchone()[0] == 3
    assert "room" not in [r[1] for r in con.execute("PRAGMA table_info(scenarios)")]
    con.close()


# --- a reader never waits for a writer -----------------------------------------------------------

HOLDER = """
import sqlite3, sys, time
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("BEGIN IMMEDIATE")
con.execute("UPDATE scenarios SET name = 'being written' WHERE id = 1")
print("locked", flush=True)
time.sleep(15)
con.execute("ROLLBACK")
"""


def test_a_reader_does_not_wait_for_a_writer_holding_the_lock(tmp_path, monkeypatch):
    path = tmp_path / "busy.db"
    lib = Library(path, facilitator_key=FAC)
    sid = lib.save(scenario(), "Readable", room="ws1")
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked", holder.stderr
        # as a new process would: this file not yet checked by it (the old code took BEGIN IMMEDIATE here)
        monkeypatch.setattr(library_module, "_MIGRATED", set())
        began = time.monotonic()
        fresh = Library(path, facilitator_key=FAC)
        assert [e.name for e in fresh.list("ws1")] == ["Readable"]  # the uncommitted rename is not seen
        assert fresh.count("ws1") == 1 and fresh.open(sid, "ws1") == scenario()
        assert fresh.saved(sid, "ws1").entry.name == "Readable" and fresh.bases("ws1")
        elapsed = time.monotonic() - began
        assert holder.poll() is None  # the writer still holds the lock
    finally:
        holder.kill()
        holder.communicate(timeout=10)
    assert elapsed < 1.5, f"reading took {elapsed:.1f} s while a writer held the lock"


def test_the_cli_empties_a_rooms_bin_for_the_facilitator_only(tmp_path):
    from cli_runs import assert_clean_failure, run_cli

    path = tmp_path / "purge.db"
    lib = Library(path, facilitator_key=FAC)
    small = scenario()
    keep = lib.save(small, "kept", room="trd-1")
    gone = lib.save(small, "binned", room="trd-1")
    other = lib.save(small, "other room's bin", room="trd-2")
    lib.delete(gone, room="trd-1", owner_key=FAC)
    lib.delete(other, room="trd-2", owner_key=FAC)
    refused = run_cli("library", "--db", path, "--room", "trd-1", "purge", env={"HARMONI_FACILITATOR_KEY": ""})
    assert "only the facilitator" in assert_clean_failure(refused)[0]
    done = run_cli("library", "--db", path, "--room", "trd-1", "purge", env={"HARMONI_FACILITATOR_KEY": FAC})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "1"
    assert [e.id for e in lib.list("trd-1", include_deleted=True)] == [keep]
    assert [e.id for e in lib.list("trd-2", include_deleted=True)] == [other]  # another room's bin is untouched

"""The scenario library on a real SQLite file: round trips, threads, a killed writer, migration, CLI."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import yaml
from cli_runs import assert_clean_failure, run_cli
from plain_scenarios import ROOT, make_scenario

from harmoni_model import ScenarioError, loads_scenario, validate_data
from harmoni_model.workshop.library import SCHEMA_VERSION, Library, LibraryError, ScenarioNotFound

FAC = "facilitator-key-for-tests"
EXAMPLE = "sample_data/scenarios/example_small.yaml"  # relative to ROOT, the subprocess's cwd


@pytest.fixture
def lib(tmp_path: Path) -> Library:
    return Library(tmp_path / "lib.db", facilitator_key=FAC)


def scenario(name: str = "Test scenario", **changes):
    return validate_data(make_scenario(name=name, **changes))


# --- round trips -------------------------------------------------------------


def test_save_list_open_round_trip(lib):
    s = scenario()
    sid = lib.save(s, "  Baseline  ", author=" Table 3 ", reason="More beds\nin short-term care")
    assert lib.open(sid) == s
    [entry] = lib.list()
    assert (entry.id, entry.name, entry.author) == (sid, "Baseline", "Table 3")
    assert entry.reason == "More beds\nin short-term care"
    assert entry.content_hash == s.content_hash()
    assert not entry.deleted
    assert entry.created == entry.updated and entry.created.endswith("+00:00")


def test_duplicate_rename_delete_restore_purge(lib):
    s1, s2 = scenario("one"), scenario("two", replications=3)
    a, b = lib.save(s1, "A"), lib.save(s2, "B", author="t2")
    c = lib.duplicate(b)
    d = lib.duplicate(a, name="A again")
    assert len({a, b, c, d}) == 4
    assert lib.open(c) == s2 and lib.open(d) == s1
    assert [e.name for e in lib.list()] == ["A", "B", "B (copy)", "A again"]
    assert lib.entry(c).author == "t2"

    lib.rename(a, "Renamed", owner_key=FAC)
    assert lib.entry(a).name == "Renamed"
    assert lib.open(a) == s1

    lib.delete(b, owner_key=FAC)
    assert [e.id for e in lib.list()] == [a, c, d]
    assert [e.id for e in lib.list(include_deleted=True) if e.deleted] == [b]
    with pytest.raises(ScenarioNotFound, match=f"no scenario with id {b}"):
        lib.open(b)
    with pytest.raises(KeyError):
        lib.rename(b, "x", owner_key=FAC)

    lib.restore(b, owner_key=FAC)
    assert lib.open(b) == s2
    lib.delete(b, owner_key=FAC)
    lib.delete(c, owner_key=FAC)
    assert lib.purge() == 2
    assert [e.id for e in lib.list(include_deleted=True)] == [a, d]
    with pytest.raises(ScenarioNotFound):
        lib.restore(b, owner_key=FAC)
    # ids are never reused for a new save after a purge of the highest one
    assert lib.save(s1, "new") not in (a, d)


def test_missing_id_is_a_plain_library_error(lib):
    for call in (lib.open, lib.export, lib.delete, lib.duplicate, lambda i: lib.rename(i, "x")):
        with pytest.raises(LibraryError) as info:
            call(42)
        assert isinstance(info.value, KeyError)
        assert str(info.value).startswith("no scenario with id 42")  # not quoted like a bare KeyError


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"name": "   "}, "name must not be empty"),
        ({"name": "x" * 201}, "name is too long"),
        ({"name": "a\nb"}, "name must not contain line breaks"),
        ({"name": "n", "author": "y" * 101}, "author is too long"),
        ({"name": "n", "reason": "z" * 5001}, "reason is too long"),
        ({"name": "n", "reason": "nul\x00"}, "reason must not contain control characters"),
        ({"name": "n", "reason": "a\u2028b"}, "reason must not contain control characters"),
    ],
)
def test_metadata_limits(lib, kwargs, message):
    with pytest.raises(LibraryError, match=message):
        lib.save(scenario(), **kwargs)
    assert lib.list() == []


def test_export_and_import_text(lib):
    s = scenario()
    sid = lib.save(s, "Baseline", author="Table 3", reason="line one\nsneaky: true")
    text = lib.export(sid)
    assert text.startswith("# Exported from the HARMONI scenario library\n")
    assert "# author: Table 3\n" in text
    assert "sneaky" not in yaml.safe_load(text)  # the reason stays in the comment
    assert loads_scenario(text) == s
    new = lib.import_text(text, author="Table 5", reason="again")
    assert lib.open(new) == s
    assert lib.entry(new).name == s.name and lib.entry(new).author == "Table 5"
    with pytest.raises(ScenarioError, match=r"services\[0\]\.capacity"):
        lib.import_text(text.replace("capacity: 10", "capacity: -1"))
    assert len(lib.list()) == 2


def test_path_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("HARMONI_DB", str(tmp_path / "env.db"))
    assert Library().path == tmp_path / "env.db"
    monkeypatch.delenv("HARMONI_DB")
    monkeypatch.chdir(tmp_path)
    assert Library().path == Path("harmoni_library.db")
    assert (tmp_path / "harmoni_library.db").exists()


def test_settings_wal_and_schema_version(lib):
    con = sqlite3.connect(lib.path)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 4
    con.close()


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "future.db"
    con = sqlite3.connect(path)
    con.execute("PRAGMA user_version = 99")
    con.close()
    with pytest.raises(LibraryError, match="newer version"):
        Library(path)


def test_not_a_database_is_a_library_error(tmp_path):
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(LibraryError, match="cannot open"):
        Library(path)


# --- migration ---------------------------------------------------------------


def test_v1_database_migrates_and_keeps_rows(tmp_path):
    path = tmp_path / "old.db"
    content = json.dumps(make_scenario(name="Old one"))
    con = sqlite3.connect(path)
    con.executescript(
        """
        CREATE TABLE scenarios (
            id INTEGER PRIMARY KEY, name TEXT NOT NULL, author TEXT NOT NULL DEFAULT '',
            reason TEXT NOT NULL DEFAULT '', created TEXT NOT NULL, updated TEXT NOT NULL,
            content TEXT NOT NULL, content_hash TEXT NOT NULL);
        PRAGMA user_version = 1;
        """
    )
    for i in (1, 2):
        con.execute(
            "INSERT INTO scenarios VALUES (?, ?, 't', 'r', '2025-01-01T00:00:00+00:00', "
            "'2025-01-01T00:00:00+00:00', ?, 'h')",
            (i, f"old {i}", content),
        )
    con.commit()
    con.close()

    lib = Library(path, facilitator_key=FAC)
    assert [(e.id, e.name, e.deleted) for e in lib.list()] == [(1, "old 1", False), (2, "old 2", False)]
    assert lib.open(2).name == "Old one"
    lib.delete(1, owner_key=FAC)  # the v2 column works
    assert [e.id for e in lib.list()] == [2]
    assert lib.saved(2).base is None and lib.list()[0].base_hash is None  # v3: no base recorded before
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    con.close()
    Library(path)  # opening again is a no-op
    assert len(lib.list(include_deleted=True)) == 2


# --- concurrency and crashes -------------------------------------------------


def test_two_threads_saving_lose_nothing(lib):
    s = scenario()
    ids: list[list[int]] = [[], []]
    errors: list[BaseException] = []

    def work(k: int) -> None:
        try:
            for i in range(100):
                ids[k].append(lib.save(s, f"thread {k} #{i}"))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(k,)) for k in (0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    entries = lib.list()
    assert len(entries) == 200
    assert len({e.id for e in entries}) == 200
    assert sorted(ids[0] + ids[1]) == [e.id for e in entries]


CHILD = """
import sys
from harmoni_model import validate_data
from harmoni_model.workshop.library import Library
sys.path.insert(0, "tests")
from plain_scenarios import make_scenario
lib = Library(sys.argv[1])
s = validate_data(make_scenario())
for i in range(100_000):
    print(lib.save(s, f"loop {i}", reason="x" * 2000), flush=True)
"""


def test_killed_writer_leaves_every_committed_scenario(lib):
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(lib.path)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    printed: list[int] = []
    deadline = time.monotonic() + 15
    try:
        assert child.stdout is not None
        while len(printed) < 30 and time.monotonic() < deadline:
            line = child.stdout.readline()
            if not line:
                break
            printed.append(int(line))
    finally:
        os.kill(child.pid, signal.SIGKILL)
        out, err = child.communicate(timeout=10)
    assert child.returncode == -signal.SIGKILL, err
    printed += [int(line) for line in out.split()]  # ids committed before the kill but not read yet
    assert len(printed) >= 30, err

    con = sqlite3.connect(lib.path)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    stored = {e.id for e in Library(lib.path).list()}
    assert set(printed) <= stored
    assert len(stored) - len(printed) <= 1  # at most the one whose id was not yet printed
    assert Library(lib.path).open(printed[-1]) == scenario()


# --- command line ------------------------------------------------------------


def run_lib(db: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    return run_cli("library", "--db", db, *args, timeout=60)


def test_cli_round_trip(tmp_path):
    db = tmp_path / "cli.db"
    imported = run_lib(db, "import", EXAMPLE, "--author", "Table 3", "--reason", "fewer beds")
    assert imported.returncode == 0, imported.stderr
    sid = int(imported.stdout)

    listed = run_lib(db, "list")
    assert listed.returncode == 0, listed.stderr
    [row] = [json.loads(line) for line in listed.stdout.splitlines()]
    assert row["id"] == sid and row["name"] == "Small example network"
    assert (row["author"], row["reason"]) == ("Table 3", "fewer beds")
    assert set(row) == {"id", "name", "author", "reason", "created", "damaged"} and row["damaged"] is False

    original = loads_scenario((ROOT / EXAMPLE).read_text(encoding="utf-8"))
    shown = run_lib(db, "show", sid)
    assert shown.returncode == 0, shown.stderr
    obj = json.loads(shown.stdout)
    assert obj["id"] == sid and obj["author"] == "Table 3"
    assert validate_data(obj["scenario"]) == original

    exported = run_lib(db, "export", sid)
    assert exported.returncode == 0, exported.stderr
    assert exported.stdout.startswith("#")
    assert loads_scenario(exported.stdout) == original


def test_cli_broken_file_and_unknown_id_exit_2(tmp_path):
    db = tmp_path / "cli.db"
    data = yaml.safe_load((ROOT / EXAMPLE).read_text(encoding="utf-8"))
    data["services"][1]["capacity"] = -3
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(data), encoding="utf-8")
    lines = assert_clean_failure(run_lib(db, "import", bad))
    assert any(line.startswith("services[1].capacity:") for line in lines), lines

    assert_clean_failure(run_lib(db, "import", tmp_path / "missing.yaml"))
    [line] = assert_clean_failure(run_lib(db, "show", "7"))
    assert "no scenario with id 7" in line
    assert len(assert_clean_failure(run_lib(db, "export", "7"))) == 1
    assert len(assert_clean_failure(run_lib(db, "show", "seven"))) == 1
    assert run_lib(db, "list").stdout == ""  # nothing was saved


# --- what a scenario was made from (schema 3) ------------------------------------------------


def test_changes_on_a_base_round_trip(lib):
    from harmoni_model.scenario.changes import Changes, apply_changes

    base = scenario("Base")
    changes = Changes(capacity={"hospital": 12}, demand_factor=1.1)
    sid = lib.save_changes(base, changes, "Twelve beds", author="Table 1")
    saved = lib.saved(sid)
    assert (saved.base, saved.changes) == (base, changes)
    assert saved.scenario == apply_changes(base, changes, name="Twelve beds")  # named as it is saved
    assert saved.entry.base_hash == base.content_hash() == lib.list()[0].base_hash
    assert lib.open(sid) == saved.scenario  # the CLI and the compare page read it as before
    copy = lib.saved(lib.duplicate(sid))
    assert (copy.base, copy.changes) == (base, changes)
    whole = lib.saved(lib.save(base, "Whole file"))
    assert (whole.base, whole.changes, whole.entry.base_hash) == (None, None, None)


def test_changes_that_do_not_fit_the_base_are_refused(lib):
    from harmoni_model.scenario.changes import Changes

    with pytest.raises(LibraryError, match="do not fit"):
        lib.save_changes(scenario(), Changes(capacity={"nowhere": 3}), "x")
    with pytest.raises(ScenarioError):
        lib.save_changes(scenario(), Changes(capacity={"hospital": -1}), "x")
    assert lib.list() == []


def test_a_damaged_base_is_a_library_error(lib):
    from harmoni_model.scenario.changes import Changes

    sid = lib.save_changes(scenario(), Changes(), "x")
    con = sqlite3.connect(lib.path)
    con.execute("UPDATE scenarios SET changes = ? WHERE id = ?", ('{"capacity": {"hospital": "lots"}}', sid))
    con.commit()
    con.close()
    with pytest.raises(LibraryError, match="damaged base or changes"):
        lib.saved(sid)


def test_changes_as_data_round_trip_and_refuse_other_shapes():
    from harmoni_model.scenario.changes import Changes

    c = Changes(capacity={"a": 3}, fte={"b": 1.5}, weekend_intake={"c": False}, demand_factor=0.9)
    assert Changes.from_dict(json.loads(json.dumps(c.to_dict()))) == c
    assert Changes.from_dict({}) == Changes()
    for bad in ({"capacity": {"a": 1.5}}, {"capacity": {"a": True}}, {"weekend_intake": {"a": 1}},
                {"demand_factor": 0}, {"demand_factor": "1"}, {"extra": 1}, [], {"fte": [1]}):  # fmt: skip
        with pytest.raises(ValueError):
            Changes.from_dict(bad)


def test_migrations_run_once_per_process_and_file(tmp_path, monkeypatch):
    calls: list[Path] = []
    real = Library._migrate
    monkeypatch.setattr(Library, "_migrate", lambda self: (calls.append(self.path), real(self))[1])
    path = tmp_path / "once.db"
    for _ in range(3):
        Library(path).list()
    assert calls == [path]
    Library(tmp_path / "other.db")
    assert len(calls) == 2
    path.unlink()  # gone: the next Library makes it again, migrated
    assert Library(path).list() == []
    assert len(calls) == 3


def test_cli_rooms_and_the_facilitator(tmp_path):
    db = tmp_path / "cli.db"
    sid = run_lib(db, "--room", "ws-1", "import", EXAMPLE).stdout.strip()
    assert run_lib(db, "list").stdout == ""  # another room
    assert json.loads(run_lib(db, "--room", "ws-1", "list").stdout)["id"] == int(sid)
    [line] = assert_clean_failure(run_lib(db, "--room", "ws-1", "rename", sid, "New"))
    assert "only the person who saved it or the facilitator can rename" in line
    env = {"HARMONI_FACILITATOR_KEY": "f" * 24}  # configured on this machine, as on the app's server
    for wrong in ({}, env):  # no key configured, or a key that is not the configured one
        [line] = assert_clean_failure(run_cli("library", "--db", db, "--room", "ws-1", "--facilitator-key", "k" * 20,
                                              "rename", sid, "New", timeout=60, env=wrong))  # fmt: skip
        assert "only the person" in line
    ok = run_cli("library", "--db", db, "--room", "ws-1", "rename", sid, "New", timeout=60, env=env)
    assert ok.returncode == 0, ok.stderr
    [old] = [json.loads(x) for x in run_lib(db, "--room", "ws-1", "history", sid).stdout.splitlines()]
    assert (old["old_name"], old["new_name"]) == ("Small example network", "New")
    laptop = run_lib(db, "import", EXAMPLE).stdout.strip()  # the default room: the CLI user is its facilitator
    assert run_lib(db, "delete", laptop).returncode == 0 and run_lib(db, "list").stdout == ""
    assert run_lib(db, "restore", laptop).returncode == 0 and run_lib(db, "list").stdout
    assert len(assert_clean_failure(run_lib(db, "--room", "Bad Room", "list"))) == 1

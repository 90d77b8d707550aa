"""Command line: ``python -m harmoni_model validate|run|library ...`` (contract in DESIGN.md).

Exit status 0 on success, 2 on invalid input with one line per problem on stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from .loading import ScenarioError, load_scenario

EXIT_INVALID = 2


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number (got {text!r})") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be >= 1 (got {value})")
    return value


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors (no usage dump), exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_INVALID, f"{message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m harmoni_model", description="HARMONI patient-flow model")
    sub = parser.add_subparsers(dest="command", required=True)
    val = sub.add_parser("validate", help="check a scenario file and report every problem")
    val.add_argument("scenario")
    run = sub.add_parser("run", help="simulate a scenario and print its KPIs as JSON")
    run.add_argument("scenario")
    run.add_argument("--replications", type=int, help="number of replications (default: the scenario's)")
    run.add_argument("--seed", type=int, help="base random seed (default: the scenario's)")
    run.add_argument("--horizon-days", type=int, help="measured period in days")
    run.add_argument("--warmup-days", type=int, help="warm-up period in days")
    run.add_argument("--workers", type=_positive_int, help="worker processes (default: CPU count)")
    lib = sub.add_parser("library", help="the saved-scenario library (SQLite)")
    lib.add_argument("--db", help="library file (default: $HARMONI_DB, else harmoni_library.db)")
    action = lib.add_subparsers(dest="action", required=True)
    action.add_parser("list", help="saved scenarios as JSON lines")
    show = action.add_parser("show", help="one saved scenario (metadata and scenario) as JSON")
    show.add_argument("id", type=_positive_int)
    export = action.add_parser("export", help="one saved scenario as YAML")
    export.add_argument("id", type=_positive_int)
    imp = action.add_parser("import", help="validate a scenario file and save it; prints the new id")
    imp.add_argument("file")
    imp.add_argument("--author", default="", help="the table or person proposing it")
    imp.add_argument("--reason", default="", help="why it is worth a look")
    return parser


def _fail(lines: Sequence[str]) -> int:
    for line in lines:
        print(line, file=sys.stderr)
    return EXIT_INVALID


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = _parser().parse_args(argv)
    if args.command == "library":
        return _library(args)
    try:
        scenario = load_scenario(args.scenario)
        if args.command == "validate":
            print(f"OK: {scenario.name} ({len(scenario.services)} services, {len(scenario.arrivals)} arrival streams)")
            return 0
        overrides = {
            key: value
            for key, value in (
                ("replications", args.replications),
                ("seed", args.seed),
                ("horizon_days", args.horizon_days),
                ("warmup_days", args.warmup_days),
            )
            if value is not None
        }
        if overrides:
            try:
                scenario = scenario.variant(**overrides)
            except ScenarioError as exc:
                return _fail([f"--{p.path.replace('_', '-')}: {p.message}" for p in exc.problems])
    except ScenarioError as exc:
        return _fail([str(p) for p in exc.problems])

    from .engine import SimulationError
    from .runner import run_replications
    from .workers import WorkerError

    try:
        results = run_replications(scenario, workers=args.workers)
    except SimulationError as exc:
        return _fail([f"the simulation cannot finish: {exc}"])
    except WorkerError as exc:
        print(f"a worker process failed: {str(exc).strip().splitlines()[-1]}", file=sys.stderr)
        return 1
    try:
        print(json.dumps(results.to_json(), allow_nan=False), flush=True)
    except BrokenPipeError:  # e.g. `... | head`: the reader has gone, which is fine
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def _library(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .library import Library, LibraryError
    from .loading import read_text_file

    try:
        lib = Library(args.db)
        if args.action == "list":
            for e in lib.list():
                keys = {"id": e.id, "name": e.name, "author": e.author, "reason": e.reason, "created": e.created}
                print(json.dumps(keys))
        elif args.action == "show":
            e = lib.entry(args.id)
            out = {
                "id": e.id,
                "name": e.name,
                "author": e.author,
                "reason": e.reason,
                "created": e.created,
                "updated": e.updated,
                "content_hash": e.content_hash,
                "scenario": lib.open(args.id).to_dict(),
            }
            print(json.dumps(out, indent=2))
        elif args.action == "export":
            sys.stdout.write(lib.export(args.id))
        else:
            path = Path(args.file)
            text = read_text_file(path)
            print(lib.import_text(text, args.author, args.reason, filename=str(path), base_dir=path.parent))
    except ScenarioError as exc:
        return _fail([str(p) for p in exc.problems])
    except LibraryError as exc:
        return _fail([str(exc)])
    return 0

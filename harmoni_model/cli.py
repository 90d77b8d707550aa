"""Command line: ``python -m harmoni_model validate|run ...`` (contract in DESIGN.md).

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
    return parser


def _fail(lines: Sequence[str]) -> int:
    for line in lines:
        print(line, file=sys.stderr)
    return EXIT_INVALID


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = _parser().parse_args(argv)
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

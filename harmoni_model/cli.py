"""Command line: ``python -m harmoni_model validate|run|library|advise|experiment|headroom ...`` (docs/MODEL.md).

Exit status 0 on success, 2 on invalid input with one line per problem on stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, NoReturn, TypeVar

from harmoni_model.scenario.budget import CLI_BUDGET, Budget, check_work, estimate_work
from harmoni_model.scenario.errors import ScenarioError
from harmoni_model.scenario.files import load_scenario

if TYPE_CHECKING:
    from harmoni_model.running.executors import Executor
    from harmoni_model.scenario.format import Scenario

EXIT_INVALID = 2
T = TypeVar("T")


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number (got {text!r})") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be >= 1 (got {value})")
    return value


def _budget_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--budget-events",
        type=_positive_int,
        metavar="N",
        help=f"refuse, before simulating, a scenario estimated at more than N events per replication; every "
        f"other work bound (events over all replications, memory, visits per patient, arrivals) scales with it "
        f"(default {CLI_BUDGET.max_events_per_replication:,.0f})",
    )


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors (no usage dump), exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_INVALID, f"{message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m harmoni_model", description="HARMONI patient-flow model")
    sub = parser.add_subparsers(dest="command", required=True)
    val = sub.add_parser("validate", help="check a scenario file and report every problem")
    val.add_argument("scenario")
    _budget_arg(val)
    run = sub.add_parser("run", help="simulate a scenario and print its KPIs as JSON")
    run.add_argument("scenario")
    run.add_argument("--replications", type=int, help="number of replications (default: the scenario's)")
    run.add_argument("--seed", type=int, help="base random seed (default: the scenario's)")
    run.add_argument("--horizon-days", type=int, help="measured period in days")
    run.add_argument("--warmup-days", type=int, help="warm-up period in days")
    run.add_argument("--workers", type=_positive_int, help="worker processes (default: CPU count)")
    run.add_argument(
        "--occupancy-distribution",
        action="store_true",
        help="add each service's share of time at each occupancy (0, 1, 2, ...) to the JSON",
    )
    run.add_argument(
        "--events", metavar="PATH.csv", help="write the first replication's patient event log (stays) as CSV"
    )
    _budget_arg(run)
    lib = sub.add_parser(
        "library",
        help="the saved-scenario library (SQLite)",
        description=(
            'The saved-scenario library. Entries live in rooms (--room; the default room "" holds the laptop\'s'
            " and every entry saved before rooms). On the laptop, the CLI user is the facilitator of the default"
            " room: rename, delete and restore work there without a key. In any other room they need the"
            " facilitator key configured in $HARMONI_FACILITATOR_KEY (as on the app's server; --facilitator-key"
            " must equal it). Entries imported here have no owner: in the app only the facilitator may change them."
        ),
    )
    lib.add_argument("--db", help="library file (default: $HARMONI_DB, else harmoni_library.db)")
    lib.add_argument("--room", default="", help='the room (3-32 of a-z, 0-9, -; default: "", the default room)')
    lib.add_argument(
        "--facilitator-key",
        help="the facilitator key, for rename/delete/restore in a room: must equal $HARMONI_FACILITATOR_KEY"
        " (default: that variable; not needed in the default room when it is not set)",
    )
    action = lib.add_subparsers(dest="action", required=True)
    action.add_parser("list", help="the room's saved scenarios as JSON lines")
    show = action.add_parser("show", help="one saved scenario (metadata and scenario) as JSON")
    show.add_argument("id", type=_positive_int)
    export = action.add_parser("export", help="one saved scenario as YAML")
    export.add_argument("id", type=_positive_int)
    imp = action.add_parser("import", help="validate a scenario file and save it; prints the new id")
    imp.add_argument("file")
    imp.add_argument("--author", default="", help="the table or person proposing it")
    imp.add_argument("--reason", default="", help="why it is worth a look")
    ren = action.add_parser("rename", help="give a saved scenario a new name (the old one is kept)")
    ren.add_argument("id", type=_positive_int)
    ren.add_argument("name")
    for verb, text in (("delete", "move a saved scenario to the bin"), ("restore", "bring one back from the bin"),
                       ("history", "a saved scenario's earlier names as JSON lines")):  # fmt: skip
        action.add_parser(verb, help=text).add_argument("id", type=_positive_int)
    action.add_parser("purge", help="empty the room's bin for good (the facilitator only); prints how many")
    adv = sub.add_parser("advise", help="the cheapest lever values that meet the targets; prints JSON")
    adv.add_argument("scenario")
    adv.add_argument("targets", help="targets and levers file (YAML or JSON)")
    adv.add_argument("--seed", type=int, help="base random seed (default: the scenario's)")
    adv.add_argument("--workers", type=_positive_int, help="local worker processes (default: CPU count)")
    adv.add_argument("--scheduler", help="address of a Dask scheduler to run on instead (tcp://host:8786)")
    _budget_arg(adv)
    exp = sub.add_parser("experiment", help="run every point of a design file; write a tidy table of KPIs")
    exp.add_argument("design", help="design file (YAML or JSON): scenario, replications, levers")
    exp.add_argument("--out", required=True, help="table to write: parquet, or CSV if it ends in .csv")
    exp.add_argument("--workers", type=_positive_int, help="local worker processes (default: CPU count)")
    exp.add_argument("--scheduler", help="address of a Dask scheduler to run on instead (tcp://host:8786)")
    _budget_arg(exp)
    _headroom_args(
        sub.add_parser("headroom", help="how much more demand (or fewer places) before a KPI breaks a bound")
    )
    fit = sub.add_parser("fit", help="fit a scenario to a stays extract; writes the scenario (YAML)")
    _extract_args(fit)
    fit.add_argument("--start", help="the day the scenario starts from the extract's state (default: --until)")
    fit.add_argument("--from", dest="fit_from", help="the first day of the fit period (default: the extract's "
                     "first full week)")  # fmt: skip
    fit.add_argument("--out", required=True, help="the scenario file to write (YAML)")
    back = sub.add_parser("backtest", help="fit on the weeks before a day, simulate the weeks after; prints JSON")
    back.add_argument("stays", help="the stays extract (CSV, sample_data/FORMATS.md)")
    back.add_argument("--fit-until", required=True, help="the day the fit period ends and the test begins")
    back.add_argument("--test-until", required=True, help="the day the test period ends (the extract's end)")
    back.add_argument("--from", dest="fit_from", help="the first day of the fit period")
    back.add_argument("--units", help="units.csv: unit,service[,organisation,kind,name]")
    back.add_argument("--capacity", help="capacity.csv: service,from,capacity")
    back.add_argument("--reference", help=REFERENCE_HELP)
    back.add_argument("--replications", type=_positive_int, default=100, help="replications (default 100)")
    back.add_argument("--workers", type=_positive_int, help="local worker processes (default: CPU count)")
    back.add_argument("--details", help="write the weekly bands (week, indicator, observed, low, high, mean) as CSV")
    return parser


def _headroom_args(hr: argparse.ArgumentParser) -> None:
    hr.add_argument("scenario")
    hr.add_argument(
        "--kpi", required=True, help="SERVICE:KPI, or KPI for a system KPI (e.g. short_term:mean_wait_days)"
    )
    hr.add_argument(
        "--max",
        required=True,
        type=float,
        metavar="BOUND",
        help="the bound the KPI must stay at or under (a total per year; a share as a fraction)",
    )
    hr.add_argument("--lever", default="demand", help="demand (default) or capacity:SERVICE")
    hr.add_argument(
        "--limit", type=float, help="the far end of the search: a demand factor (default 2) or places (default 0)"
    )
    hr.add_argument("--replications", type=_positive_int, help="replications per point (default: the scenario's)")
    hr.add_argument("--workers", type=_positive_int, help="worker processes (default: CPU count)")
    _budget_arg(hr)


REFERENCE_HELP = (
    "a scenario whose services the extract's ids match: their organisation, kind and names, and what an "
    "extract cannot show (when full, priority, costs); default: the bundled Trondheim baseline; 'none' for no "
    "reference"
)


def _extract_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("stays", help="the stays extract (CSV, sample_data/FORMATS.md)")
    parser.add_argument("--until", required=True, help="the extract's end: the day it was taken (00:00)")
    parser.add_argument("--units", help="units.csv: unit,service[,organisation,kind,name]")
    parser.add_argument("--capacity", help="capacity.csv: service,from,capacity")
    parser.add_argument("--reference", help=REFERENCE_HELP)


def _fail(lines: Sequence[str]) -> int:
    for line in lines:
        print(line, file=sys.stderr)
    return EXIT_INVALID


class _Exit(Exception):
    """The command is over, with this exit status (not an error in itself)."""

    def __init__(self, status: int) -> None:
        self.status = status


def _simulating(work: Callable[[], T]) -> T:
    """Run model work; an invalid value, a run that cannot finish or a dead worker ends the command."""
    from harmoni_model.running.pool import WorkerError
    from harmoni_model.simulation.engine import SimulationError

    try:
        return work()
    except ScenarioError as exc:  # e.g. a lever value the scenario cannot take
        raise _Exit(_fail([str(p) for p in exc.problems])) from None
    except SimulationError as exc:
        raise _Exit(_fail([f"the simulation cannot finish: {exc}"])) from None
    except WorkerError as exc:
        print(f"a worker process failed: {str(exc).strip().splitlines()[-1]}", file=sys.stderr)
        raise _Exit(1) from None


def _budget(args: argparse.Namespace) -> Budget:
    """The command line's work budget, scaled by ``--budget-events`` when given."""
    events = getattr(args, "budget_events", None)
    return CLI_BUDGET if events is None else CLI_BUDGET.with_events(events)


def _within_budget(scenario: Scenario, args: argparse.Namespace, runs: int | None = None) -> None:
    """End the command (exit 2, one line per problem) if the scenario's estimated work is over the budget.

    The first line of defence against a run that would not finish; the engine's event cap is the last.
    `runs`: replications in all (an experiment's points times its replications), default the scenario's.
    """
    problems = check_work(scenario, _budget(args), runs=runs)
    if problems:
        hint = " (--budget-events N changes the limits)"
        raise _Exit(_fail([f"{p}{hint}" for p in problems]))


def _executor(args: argparse.Namespace) -> Executor:
    from harmoni_model.running.executors import make_executor

    try:
        return make_executor(args.scheduler, args.workers)
    except (OSError, RuntimeError, ValueError) as exc:  # no Dask, or no scheduler at that address
        raise _Exit(_fail([f"--scheduler: cannot use {args.scheduler!r}: {exc}"])) from None


def _print_json(obj: object) -> None:
    try:
        print(json.dumps(obj, allow_nan=False), flush=True)
    except BrokenPipeError:  # e.g. `... | head`: the reader has gone, which is fine
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        return _command(args)
    except _Exit as done:
        return done.status


def _command(args: argparse.Namespace) -> int:
    if args.command in ("fit", "backtest"):
        return _fit(args)
    if args.command == "library":
        return _library(args)
    if args.command == "experiment":
        return _experiment(args)
    if args.command == "advise":
        return _advise(args)
    if args.command == "headroom":
        return _headroom(args)
    try:
        scenario = load_scenario(args.scenario)
        if args.command == "validate":
            _within_budget(scenario, args)
            work = estimate_work(scenario)
            print(
                f"OK: {scenario.name} ({len(scenario.services)} services, {len(scenario.arrivals)} arrival streams; "
                f"about {work.events_per_replication:,.0f} events and at most {work.cpu_seconds:.2g} CPU-seconds "
                "per replication)"
            )
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
    _within_budget(scenario, args)
    if args.events is not None:
        problem = _cannot_write(args.events)
        if problem:
            return _fail([f"--events: {problem}"])

    from harmoni_model.running.replications import run_replications

    events = args.events is not None
    results = _simulating(lambda: run_replications(scenario, workers=args.workers, events=events))
    if events:
        try:
            results.events().to_csv(args.events, index=False, encoding="utf-8", lineterminator="\n")
        except OSError as exc:
            return _fail([f"--events: cannot write {args.events} ({exc.strerror or exc})"])
    _print_json(results.to_json(occupancy_distribution=args.occupancy_distribution))
    return 0


def _date_arg(option: str, text: str | None):
    import datetime as dt

    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise _Exit(_fail([f"{option}: '{text}' is not a date; write it as YYYY-MM-DD"])) from None


def _reference(name: str | None) -> Scenario | None:
    from pathlib import Path

    if name is not None and name.lower() == "none":
        return None
    path = Path(name) if name else Path(__file__).resolve().parents[1] / "sample_data/scenarios/trondheim_baseline.yaml"
    if name is None and not path.exists():
        return None
    try:
        return load_scenario(path)
    except ScenarioError as exc:
        raise _Exit(_fail([f"--reference {path}: {p}" for p in exc.problems])) from None


def _fit(args: argparse.Namespace) -> int:
    """``fit`` and ``backtest``: read the extract (every problem a line), then fit or back-test."""
    from harmoni_model.extracts.stays import StaysError, read_extract, services_of

    backtest = args.command == "backtest"
    until = _date_arg("--test-until" if backtest else "--until", args.test_until if backtest else args.until)
    reference = _reference(args.reference)
    known = services_of(reference) if reference is not None else None
    try:
        extract = read_extract(args.stays, until, units=args.units, capacity=args.capacity, services=known)
    except StaysError as exc:
        return _fail([f"{args.stays}: {p}" if p.line is not None else str(p) for p in exc.problems])
    except OSError as exc:
        return _fail([f"{args.stays}: cannot read it ({exc.strerror or exc})"])
    fit_from = _date_arg("--from", args.fit_from)
    if backtest:
        from harmoni_model.extracts.backtest import backtest as run_backtest

        fit_until = _date_arg("--fit-until", args.fit_until)
        try:
            result = _simulating(
                lambda: run_backtest(
                    extract, fit_until, until, fit_from=fit_from, reference=reference,
                    replications=args.replications, workers=args.workers,
                )
            )  # fmt: skip
        except ValueError as exc:
            return _fail([str(exc)])
        if args.details:
            result.weekly.to_csv(args.details, index=False, encoding="utf-8", lineterminator="\n")
        _print_json(result.to_json())
        for indicator, scores in result.scores.items():  # the yardstick, on stderr (stdout is the JSON)
            ref = result.reference.get(indicator)
            if ref:
                print(
                    f"{indicator}: coverage {scores['coverage']:.0%}; a model known exactly would cover "
                    f"{ref['median']:.0%} (10-90 %: {ref['p10']:.0%}-{ref['p90']:.0%}), 80 % or more in "
                    f"{ref['share_at_least_80']:.0%} of its histories",
                    file=sys.stderr,
                )
        return 0
    from harmoni_model.extracts.fit import fit_scenario
    from harmoni_model.scenario.files import dumps_scenario
    from harmoni_model.scenario.format import validate_data

    problem = _cannot_write(args.out)
    if problem:
        return _fail([f"--out: {problem}"])
    try:
        fitted = fit_scenario(extract, start=_date_arg("--start", args.start), fit_from=fit_from, reference=reference)
        scenario = validate_data(fitted.data)
    except ValueError as exc:  # (ScenarioError is one: a fitted value out of the format's range)
        problems = exc.problems if isinstance(exc, ScenarioError) else [exc]
        return _fail([f"the fitted scenario is not valid: {p}" for p in problems])
    from pathlib import Path

    try:
        Path(args.out).write_text(dumps_scenario(scenario), encoding="utf-8")
    except OSError as exc:
        return _fail([f"--out: cannot write {args.out} ({exc.strerror or exc})"])
    for line in fitted.notes:
        print(line, file=sys.stderr)
    print(f"wrote {args.out}: {scenario.name} ({len(scenario.services)} services, {len(scenario.arrivals)} arrival "
          f"streams, fitted {fitted.period[0]} to {fitted.period[1]}, starting {scenario.start_date})")  # fmt: skip
    return 0


def _cannot_write(name: str) -> str | None:
    """Why a file cannot be written at `name` (checked before a long run), or None when it can."""
    from pathlib import Path

    path = Path(name)
    folder = path.resolve().parent
    if path.is_dir():
        return f"{name} is a folder; give a file name, e.g. {path / 'events.csv'}"
    if not folder.exists():
        return f"no folder {str(path.parent)!r} to write {path.name} in"
    if not folder.is_dir():
        return f"{str(path.parent)!r} is not a folder"
    existed = path.exists()
    try:  # the only sure test (permissions, read-only disks): open it, and leave no new file behind
        with path.open("a", encoding="utf-8"):
            pass
        if not existed:
            path.unlink()
    except OSError as exc:
        return f"cannot write {name} ({exc.strerror or exc})"
    return None


def _library(args: argparse.Namespace) -> int:
    import os
    import secrets
    from pathlib import Path

    from harmoni_model.scenario.files import read_text_file
    from harmoni_model.workshop.library import MAX_PAGE, Library, LibraryError

    # the facilitator key is the one configured on this machine (as the app's server has it); --facilitator-key
    # must equal it. In the default room without one, the laptop's user is the facilitator: a key for this run.
    configured = os.environ.get("HARMONI_FACILITATOR_KEY") or None
    key = args.facilitator_key or configured
    if args.room == "" and configured is None:
        configured = key = secrets.token_urlsafe(32)
    try:
        lib = Library(args.db, facilitator_key=configured)
        room = args.room
        if args.action == "list":
            offset = 0
            while page := lib.list(room, offset, MAX_PAGE):
                for e in page:
                    keys = {"id": e.id, "name": e.name, "author": e.author, "reason": e.reason, "created": e.created,
                            "damaged": e.damaged}  # fmt: skip
                    print(json.dumps(keys))
                offset += len(page)
        elif args.action == "show":
            e = lib.entry(args.id, room)
            out = {
                "id": e.id,
                "name": e.name,
                "author": e.author,
                "reason": e.reason,
                "created": e.created,
                "updated": e.updated,
                "content_hash": e.content_hash,
                "earlier_names": list(e.earlier_names),
                "scenario": lib.open(args.id, room).to_dict(),
            }
            print(json.dumps(out, indent=2))
        elif args.action == "export":
            sys.stdout.write(lib.export(args.id, room))
        elif args.action == "rename":
            lib.rename(args.id, args.name, room=room, owner_key=key)
        elif args.action == "delete":
            lib.delete(args.id, room=room, owner_key=key)
        elif args.action == "restore":
            lib.restore(args.id, room=room, owner_key=key)
        elif args.action == "purge":
            if not lib.is_facilitator(key):
                return _fail(["purge: only the facilitator can empty a room's bin (set $HARMONI_FACILITATOR_KEY)"])
            print(lib.purge(room))
        elif args.action == "history":
            for h in lib.history(args.id, room):
                print(json.dumps({"old_name": h.old_name, "new_name": h.new_name, "at": h.at}))
        else:
            path = Path(args.file)
            text = read_text_file(path)
            print(lib.import_text(text, args.author, args.reason, filename=str(path), base_dir=path.parent, room=room))
    except ScenarioError as exc:
        return _fail([str(p) for p in exc.problems])
    except LibraryError as exc:
        return _fail([str(exc)])
    return 0


def _experiment(args: argparse.Namespace) -> int:
    from pathlib import Path

    from harmoni_model.planning.experiments import base_scenario, load_experiment, point_count, run_experiment

    try:
        design, scenario = load_experiment(args.design)
    except ScenarioError as exc:
        return _fail([str(p) for p in exc.problems])
    points = point_count(design)
    _within_budget(base_scenario(design, scenario), args, runs=points * (design.replications or scenario.replications))
    if not Path(args.out).resolve().parent.is_dir():
        return _fail([f"--out: no folder {str(Path(args.out).parent)!r} to write {args.out} in"])
    executor = _executor(args)
    name = repr(executor)
    try:
        table = _simulating(lambda: run_experiment(design, scenario, executor))
    finally:
        executor.close()
    try:
        if args.out.lower().endswith(".csv"):
            table.to_csv(args.out, index=False)
        else:
            table.to_parquet(args.out, index=False)
    except OSError as exc:
        return _fail([f"--out: cannot write {args.out} ({exc.strerror or exc})"])
    replications = design.replications or scenario.replications
    summary = {
        "points": points,
        "replications": replications,
        "runs": points * replications,
        "out": args.out,
        "executor": name,
    }
    print(json.dumps(summary), flush=True)
    return 0


def _advise(args: argparse.Namespace) -> int:
    from harmoni_model.planning.advisor import advise
    from harmoni_model.planning.levers import load_spec

    try:
        scenario = load_scenario(args.scenario)
        if args.seed is not None:
            try:
                scenario = scenario.variant(seed=args.seed)
            except ScenarioError as exc:
                return _fail([f"--seed: {p.message}" for p in exc.problems])
    except ScenarioError as exc:
        return _fail([str(p) for p in exc.problems])
    _within_budget(scenario, args)  # each of the advisor's evaluations is a run of this size
    try:
        spec = load_spec(args.targets, scenario)
    except ScenarioError as exc:
        return _fail([f"{args.targets}: {p}" for p in exc.problems])
    executor = _executor(args)
    try:
        advice = _simulating(lambda: advise(scenario, spec, executor))
    finally:
        executor.close()
    _print_json(advice.to_json())
    return 0


def _headroom(args: argparse.Namespace) -> int:
    from harmoni_model.planning.headroom import MAX_POINTS, HeadroomLever, find_headroom, parse_kpi, question_problems

    try:
        scenario = load_scenario(args.scenario)
    except ScenarioError as exc:
        return _fail([str(p) for p in exc.problems])
    problems = []
    try:
        scope, kpi = parse_kpi(args.kpi)
    except ValueError as exc:
        problems.append(f"--kpi: {exc}")
    try:
        lever = HeadroomLever.parse(args.lever)
    except ValueError as exc:
        problems.append(f"--lever: {exc}")
    if problems:
        return _fail(problems)
    if args.replications is not None and args.replications > 1000:
        return _fail([f"--replications: at most 1000 (got {args.replications})"])
    problems = question_problems(scenario, scope, kpi, args.max, lever, args.limit)
    if problems:
        return _fail([str(p) for p in problems])
    n = args.replications or scenario.replications
    far = lever.default_limit(scenario) if args.limit is None else args.limit
    # the far end is the heaviest point (most demand, or the longest queues): every point is at most its work
    _within_budget(_simulating(lambda: lever.apply(scenario, far)), args, runs=n * MAX_POINTS)
    result = _simulating(
        lambda: find_headroom(scenario, scope, kpi, args.max, lever, limit=args.limit, replications=n,
                              workers=args.workers)
    )  # fmt: skip
    _print_json(result.to_json())
    return 0

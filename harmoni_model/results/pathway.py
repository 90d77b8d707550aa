"""The pathway at a glance: the services as boxes and the patient flows between them, as pure data.

A layered layout of the routing graph (columns by pathway depth from the arrival streams, rows
within a column, the hospital's services in a band above the municipality's), each box with the
model's own KPIs, and each flow in patients admitted per day. Drawing is the app's
(``pages/ui/pathway_chart.py``); everything here is plain numbers, so it is tested without a browser.

The numbers are the model's: a box's occupancy, queue and blocked patients are
``Results.estimates()``'s ``mean_occupancy``, ``mean_queue`` and ``mean_blocked``, its places the
scenario's usable places (``Service.effective_capacity``). A flow into a service is *counted*: the
admissions there by origin (``Results.by_origin()``: an arrival stream, or the service that sent or
diverted the patient), per day of the measured period. Only the flows out of the system are
expected values (a service's admissions per day times its route probability to ``exit``): the
engine does not count discharges by destination.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from harmoni_model.results.estimates import Estimate
from harmoni_model.results.tidy import Results
from harmoni_model.scenario.format import Scenario
from harmoni_model.scenario.rules import EXIT
from harmoni_model.simulation.engine import START_ORIGIN

ORGANISATIONS: tuple[str, ...] = ("hospital", "municipality")  # the bands, top to bottom

# Layout units: a grid cell is 1 x 1; a box takes part of it, the rest is room for the arrows.
BOX_WIDTH = 0.76
BOX_HEIGHT = 0.78
BAND_GAP = 0.45  # between the hospital's band and the municipality's (their labels sit there)
MARGIN = 0.3  # around the grid: the entry and exit arrows of the outer boxes, self-loops above the top row
CELL_ASPECT = 1.4  # the grid aims at this many columns per row (a chart is wider than tall)

FlowKind = Literal["entry", "transfer", "exit"]


@dataclass(frozen=True)
class Cell:
    """Where a service sits: its column (pathway depth), its band (organisation) and its row in that band."""

    column: int
    organisation: str
    row: int


@dataclass(frozen=True)
class Layout:
    """The grid of a scenario's services, in layout units (x to the right, y downwards from the top)."""

    cells: Mapping[str, Cell]
    columns: int
    rows: Mapping[str, int]  # rows of each organisation's band (0 for an organisation without services)
    boxes: Mapping[str, tuple[float, float, float, float]]  # service id -> (x0, y0, x1, y1)
    bands: Mapping[str, tuple[float, float]]  # organisation -> (y0, y1) of its band (only those with services)
    width: float
    height: float


@dataclass(frozen=True)
class Figures:
    """One service's figures in one run: the model's estimates and the scenario's places."""

    places: int
    occupancy: Estimate
    queue: Estimate
    blocked: Estimate
    utilisation: Estimate
    admissions_per_day: float


@dataclass(frozen=True)
class Flow:
    """Patients per day from `source` to `target` in the baseline and in the scenario.

    An ``entry`` comes from an arrival stream (`source` is its id) into service `target`; an
    ``exit`` leaves service `source` for ``exit``; a ``transfer`` goes from one service to
    another (or to itself: a new stay in the same place).
    """

    source: str
    target: str
    kind: FlowKind
    base: float
    scenario: float


@dataclass(frozen=True)
class Box:
    """A service's box: where it is drawn and its figures in the baseline and in the scenario."""

    service: str
    organisation: str
    cell: Cell
    x0: float
    y0: float
    x1: float
    y1: float
    base: Figures
    scenario: Figures


@dataclass(frozen=True)
class Pathway:
    """The whole diagram's data: boxes, flows, and the layout's size and organisation bands."""

    boxes: tuple[Box, ...]
    flows: tuple[Flow, ...]
    layout: Layout


# --- layout ------------------------------------------------------------------------------------


def successors(scenario: Scenario) -> dict[str, list[str]]:
    """Each service's next services (routes with p > 0, then the divert target), in the scenario's order."""
    out: dict[str, list[str]] = {}
    for s in scenario.services:
        nxt = [r.to for r in s.next if r.p > 0 and r.to != EXIT]
        if s.divert_to is not None:
            nxt.append(s.divert_to)
        out[s.id] = list(dict.fromkeys(nxt))
    return out


def depths(scenario: Scenario) -> dict[str, int]:
    """Each service's column: the longest path to it from an arrival stream's service, loops cut.

    A depth-first search from the services the arrival streams feed (in the streams' order, then
    the other services in the scenario's order) finds the edges that close a loop (readmissions,
    a self-loop); without them the graph is acyclic and a service sits one column after the
    furthest of its senders. Deterministic: only the scenario's order decides.
    """
    nxt = successors(scenario)
    roots = list(dict.fromkeys([a.to for a in scenario.arrivals] + list(scenario.service_ids)))
    state: dict[str, int] = {}  # 1 on the search's path, 2 done
    forward: dict[str, list[str]] = {sid: [] for sid in scenario.service_ids}
    order: list[str] = []  # finishing order (reversed: a topological order of the forward edges)
    for root in roots:
        if root in state:
            continue
        state[root] = 1
        stack = [(root, iter(nxt[root]))]
        while stack:  # iterative: a scenario may have 200 services in a chain
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[node] = 2
                order.append(node)
                stack.pop()
            elif state.get(child) == 1:
                continue  # an edge back onto the path closes a loop: cut for the layout
            else:
                forward[node].append(child)
                if child not in state:
                    state[child] = 1
                    stack.append((child, iter(nxt[child])))
    depth = dict.fromkeys(scenario.service_ids, 0)
    for node in reversed(order):
        for child in forward[node]:
            depth[child] = max(depth[child], depth[node] + 1)
    return depth


def layout(scenario: Scenario) -> Layout:
    """The grid: columns by depth, a band per organisation, rows ordered to keep senders and receivers level.

    A column with more services than fit (about ``sqrt(n / CELL_ASPECT)`` rows, so the grid stays
    wider than tall) wraps into several columns, so forty services without routes make a
    readable block rather than one tall column.
    """
    depth = depths(scenario)
    organisation = {s.id: s.organisation for s in scenario.services}
    index = {sid: k for k, sid in enumerate(scenario.service_ids)}
    most = max(2, math.ceil(math.sqrt(len(index) / CELL_ASPECT)))
    senders: dict[str, list[str]] = {sid: [] for sid in index}
    for sid, nxt in successors(scenario).items():
        for to in nxt:
            if to != sid:
                senders[to].append(sid)
    position: dict[str, float] = {}  # a placed service's row in its band, for the next columns

    def _level_with_senders(sid: str, org: str) -> tuple[float, int]:
        """Sort key: the mean row of the service's senders already placed in its band (none: last)."""
        placed = [position[s] for s in senders[sid] if s in position and organisation[s] == org]
        return (math.fsum(placed) / len(placed) if placed else math.inf, index[sid])

    cells: dict[str, Cell] = {}
    column = 0
    for level in range(max(depth.values()) + 1):
        groups = {
            org: [sid for sid in index if depth[sid] == level and organisation[sid] == org] for org in ORGANISATIONS
        }
        width = max(1, *(math.ceil(len(g) / most) for g in groups.values()))
        if not any(groups.values()):
            continue
        for org, group in groups.items():
            ordered = sorted(group, key=lambda sid, org=org: _level_with_senders(sid, org))
            for k, sid in enumerate(ordered):
                cells[sid] = Cell(column + k // most, org, k % most)
                position[sid] = float(k % most)
        column += width
    rows = {org: 1 + max((c.row for c in cells.values() if c.organisation == org), default=-1) for org in ORGANISATIONS}
    bands: dict[str, tuple[float, float]] = {}
    top = MARGIN
    for org in ORGANISATIONS:
        if rows[org]:
            bands[org] = (top, top + rows[org])
            top += rows[org] + BAND_GAP
    height = top - BAND_GAP + MARGIN
    boxes = {}
    for sid, cell in cells.items():
        x = MARGIN + cell.column + (1 - BOX_WIDTH) / 2
        y = bands[cell.organisation][0] + cell.row + (1 - BOX_HEIGHT) / 2
        boxes[sid] = (x, y, x + BOX_WIDTH, y + BOX_HEIGHT)
    return Layout(cells, column, rows, boxes, bands, column + 2 * MARGIN, height)


# --- figures and flows -------------------------------------------------------------------------


def service_figures(results: Results) -> dict[str, Figures]:
    """Each service's figures: the model's estimates (``Results.estimates()``) and its usable places."""
    est = results.estimates()
    days = results.scenario.horizon_days
    return {
        s.id: Figures(
            places=s.effective_capacity,
            occupancy=est[s.id]["mean_occupancy"],
            queue=est[s.id]["mean_queue"],
            blocked=est[s.id]["mean_blocked"],
            utilisation=est[s.id]["utilisation"],
            admissions_per_day=est[s.id]["admissions"].mean / days,
        )
        for s in results.scenario.services
    }


def flows_per_day(results: Results) -> dict[tuple[str, str, FlowKind], float]:
    """(source, target, kind) -> patients per day over the measured period, mean over replications.

    Entries and transfers are the admissions counted by origin; the patients waiting at the
    start (origin ``"(start)"``) are no flow and are left out. Exits are each service's
    admissions per day times its route probability to ``exit``.
    """
    scenario = results.scenario
    days = scenario.horizon_days
    arrivals = {a.id for a in scenario.arrivals}
    out: dict[tuple[str, str, FlowKind], float] = {}
    for sid, origins in results.by_origin().items():
        for origin, kpis in origins.items():
            if origin == START_ORIGIN:
                continue
            kind: FlowKind = "entry" if origin in arrivals else "transfer"
            out[(origin, sid, kind)] = kpis["admissions"].mean / days
    est = results.estimates()
    for s in scenario.services:
        p_exit = math.fsum(r.p for r in s.next if r.to == EXIT)
        if p_exit > 0:
            out[(s.id, EXIT, "exit")] = est[s.id]["admissions"].mean / days * p_exit
    return out


def _possible(scenario: Scenario) -> list[tuple[str, str, FlowKind]]:
    """Every flow the scenario allows, in its order: arrivals, each service's routes and diversion, exits."""
    out: list[tuple[str, str, FlowKind]] = [(a.id, a.to, "entry") for a in scenario.arrivals]
    nxt = successors(scenario)
    for s in scenario.services:
        out += [(s.id, to, "transfer") for to in nxt[s.id]]
        out += [(s.id, s.id, "transfer")] if any(r.to == s.id and r.p > 0 for r in s.next) else []
        out += [(s.id, EXIT, "exit")] if any(r.to == EXIT and r.p > 0 for r in s.next) else []
    return list(dict.fromkeys(out))


def pathway(base: Results, scenario: Results) -> Pathway:
    """The diagram's data for `scenario` against `base` (a variant of it: the same services).

    The layout is the baseline's, so a change of capacity never moves a box. Every flow the
    baseline's routing allows is listed (a route nobody took has 0 patients a day), and any
    other flow the runs counted after it (a scenario whose routing changed).
    """
    grid = layout(base.scenario)
    before, after = service_figures(base), service_figures(scenario)
    counted_before, counted_after = flows_per_day(base), flows_per_day(scenario)
    keys = list(dict.fromkeys([*_possible(base.scenario), *counted_before, *counted_after]))
    flows = tuple(
        Flow(src, dst, kind, counted_before.get((src, dst, kind), 0.0), counted_after.get((src, dst, kind), 0.0))
        for src, dst, kind in keys
        if kind != "transfer" or (src in grid.cells and dst in grid.cells)
    )
    org = {s.id: s.organisation for s in base.scenario.services}
    boxes = tuple(
        Box(sid, org[sid], grid.cells[sid], *grid.boxes[sid], before[sid], after.get(sid, before[sid]))
        for sid in base.scenario.service_ids
    )
    return Pathway(boxes, flows, grid)


def overlaps(boxes: Sequence[tuple[float, float, float, float]]) -> list[tuple[int, int]]:
    """Pairs of boxes (by index) whose rectangles overlap (touching edges do not count)."""
    return [
        (i, j)
        for i, a in enumerate(boxes)
        for j, b in enumerate(boxes[i + 1 :], start=i + 1)
        if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
    ]

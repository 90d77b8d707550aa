"""A scenario fitted to a stays extract: arrivals, stays, routes, delays, blocking, capacities, the state.

Every fitted number says where it came from (the service's or stream's ``source``: the file, the
rows selected, how many, which period), so a researcher can trace it back to the extract. What an
extract cannot show (when a full service turns patients away or sends them elsewhere, costs,
priority rules, names) comes from a reference scenario when its service ids match, marked so.

The fit period is ``[fit_from, until)``: stays admitted in it give the lengths of stay (those
still going at `until` are right-censored), the routes, the delays and the blocking; patients
arriving in it give the arrival rates and their weekday and monthly profiles.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from harmoni_model.extracts.distributions import fit_durations
from harmoni_model.extracts.initial import describe, state_at

if TYPE_CHECKING:
    from harmoni_model.extracts.stays import Extract
    from harmoni_model.scenario.format import Scenario

EXIT = "exit"
MIN_STAYS = 5  # fewer completed stays than this: the length of stay cannot be fitted
MIN_DELAYS = 10  # fewer observed transfers than this on a route: no delay is fitted for it
ZERO_DELAY_DAYS = 1 / 1440  # a minute: a transfer quicker than this had no processing delay
DELAYED_SHARE = 0.5  # a route has a processing delay when at least this share of its transfers took time
CLOSED_DAY_SHARE = 0.02  # a weekday with under 2 % of a mean day's admissions is not an admission day
MIN_ADMISSIONS_FOR_DAYS = 100
DEFAULT_HORIZON_DAYS = 365
MAX_DAYS = 36_500  # the scenario format's longest duration
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class Fitted:
    """A fitted scenario (plain data, valid for ``validate_data``) and what the fit says about itself."""

    data: dict[str, Any]
    notes: list[str] = field(default_factory=list)  # one line per fitted quantity, for the CLI and the app
    period: tuple[dt.date, dt.date] = (dt.date(1990, 1, 1), dt.date(1990, 1, 1))
    # How many observations each fitted number rests on (for the back-test's parameter uncertainty):
    # "arrivals:<id>" -> patients; "stay:<service>" -> completed stays; "routes:<service>" -> {to: stays};
    # "delay:<service>:<to>" -> transfers that took time.
    counts: dict[str, Any] = field(default_factory=dict)


def default_fit_from(extract: Extract) -> dt.date:
    """The first Monday from which the extract has its full flow of admissions.

    Patients present when an extract begins were admitted earlier and appear with their old
    admission dates: weeks before the extract's real start hold only those survivors. The fit
    period starts at the first week with at least 80 % of the admissions of the median of the
    extract's last eight weeks.
    """
    admitted = extract.stays["admitted"].dropna().to_numpy()
    if admitted.size == 0:
        return extract.date(0.0)
    weeks = np.floor(admitted / 7.0).astype(np.int64)
    first, last = int(weeks.min()), math.floor(extract.until / 7.0) - 1
    if last < first:
        return extract.date(float(first * 7))
    counts = np.bincount(weeks - first, minlength=last - first + 1)[: last - first + 1]
    median = float(np.median(counts[-8:]))  # a usual week: the last eight (inside the extract's own period)
    full = np.flatnonzero(counts >= 0.8 * median)
    return extract.date(float((first + (int(full[0]) if full.size else 0)) * 7))


def fit_scenario(
    extract: Extract,
    *,
    start: dt.date | None = None,
    fit_from: dt.date | None = None,
    reference: Scenario | None = None,
    name: str | None = None,
    horizon_days: int = DEFAULT_HORIZON_DAYS,
    replications: int | None = None,
    seed: int | None = None,
) -> Fitted:
    """Fit a scenario to `extract` over ``[fit_from, until)`` that starts from its state on `start`.

    `start` (default: the extract's end) must be within the extract; `fit_from` defaults to
    :func:`default_fit_from`. Raises ValueError with a plain message when the period is empty.
    """
    until_date = extract.date(extract.until)
    start = start or until_date
    fit_from = fit_from or default_fit_from(extract)
    t0, t1 = extract.day(fit_from), extract.until
    if t1 - t0 < 7:
        raise ValueError(f"the fit period {fit_from} to {until_date} is shorter than a week")
    if extract.day(start) > extract.until:
        raise ValueError(f"the start {start} is after the extract's end {until_date}")
    stays = extract.stays
    period = f"{fit_from.isoformat()} to {(until_date - dt.timedelta(days=1)).isoformat()}"
    src = extract.source
    notes: list[str] = []
    ref = {s.id: s for s in reference.services} if reference is not None else {}

    window = stays[(stays["admitted"] >= t0) & (stays["admitted"] < t1)]
    chains = _chains(stays)

    services = []
    common_route: dict[str, str] = {}
    counts: dict[str, Any] = {}
    for sid, info in extract.services.items():
        rows = window[window["service"] == sid]
        service: dict[str, Any] = {"id": sid, "organisation": info.organisation}
        if info.kind:
            service["kind"] = info.kind
        base = ref.get(sid)
        if info.name or base is not None:
            service["name"] = base.name.model_dump() if base is not None and base.name else info.name
        sources = []

        los, los_note = _length_of_stay(stays[stays["service"] == sid], t0, t1)
        if los is None:
            if base is None:
                raise ValueError(f"service '{sid}': {los_note}; add stays or a reference scenario with it")
            service["length_of_stay"] = base.length_of_stay.model_dump(mode="json", exclude_none=True)
            sources.append(f"length of stay from the reference scenario ({los_note})")
        else:
            service["length_of_stay"] = los
            sources.append(f"length of stay: {los_note}, stays in {src} going on or begun {period}")
            counts[f"stay:{sid}"] = int(rows["ready"].notna().sum())
        done = rows[rows["next"].notna()]
        counts[f"routes:{sid}"] = {str(k): int(v) for k, v in done["next"].value_counts().items()}

        routes, route_note, blocking = _routes(stays, rows, chains, counts)
        if routes:
            service["next"] = routes
            non_exit = [r for r in routes if r["to"] != EXIT]
            if non_exit:
                common_route[sid] = max(non_exit, key=lambda r: r["p"])["to"]
        sources.append(route_note)
        if blocking is not None:
            service["blocking"] = blocking

        capacity, cap_note, calendar = _capacity(extract, sid, t0, t1, start)
        service["capacity"] = capacity
        if calendar:
            service["capacity_calendar"] = calendar
        sources.append(cap_note)

        days, days_note = _admission_days(rows)
        if days is not None:
            service["admission_days"] = days
            sources.append(days_note)

        renege, renege_note = _renege(stays, sid, t0, t1)
        if renege is not None:
            service["renege"] = renege
            sources.append(renege_note)
        elif base is not None and base.renege is not None:
            service["renege"] = base.renege.model_dump(mode="json", exclude_none=True)

        if base is not None:  # what an extract cannot show
            copied = []
            if base.when_full != "queue":
                service["when_full"] = base.model_dump(mode="json")["when_full"]
                copied.append("when_full")
            for key in ("priority", "priority_after_days", "cost_per_place_nok", "overflow"):
                value = getattr(base, key)
                if value is not None:
                    service[key] = base.model_dump(mode="json")[key]
                    copied.append(key)
            if base.staffing is not None and base.staffing.cost_per_fte_nok is not None:
                copied.append("cost per FTE (as cost per place)")
                per_place = base.staffing.cost_per_fte_nok / base.staffing.patients_per_fte
                service.setdefault("cost_per_place_nok", round(per_place))
            if copied:
                sources.append(f"{', '.join(copied)} from the reference scenario '{reference.name}'")  # type: ignore[union-attr]
        service["source"] = "Fitted: " + "; ".join(s for s in sources if s) + "."
        notes.append(f"{sid}: " + "; ".join(s for s in sources if s))
        services.append(service)

    arrivals, arrival_notes = _arrivals(extract, chains, t0, t1, start, reference, counts)
    notes.extend(arrival_notes)

    state, state_counts = state_at(extract, start, common_route)
    state["source"] = f"the state of {src} on {start.isoformat()} at 00:00: {describe(state_counts)}"
    notes.append(f"initial state: {state['source']}")
    known = {s["id"] for s in services}
    # a route may lead to a service with no stays of its own in the window: it needs a place to go
    for s in services:
        s["next"] = [r for r in s.get("next", [{"to": EXIT, "p": 1.0}]) if r["to"] == EXIT or r["to"] in known]
        normalise_routes(s["next"])
    # a priority rule copied from the reference may name origins that send nobody here in the extract
    senders: dict[str, set[str]] = {}
    for s in services:
        for r in s["next"]:
            senders.setdefault(r["to"], set()).add(s["id"])
    for a in arrivals:
        senders.setdefault(a["to"], set()).add(a["id"])
    for s in services:
        if "priority" in s:
            kept = [origin for origin in s["priority"] if origin in senders.get(s["id"], set())]
            if kept:
                s["priority"] = kept
            else:
                del s["priority"]
                s.pop("priority_after_days", None)

    data: dict[str, Any] = {
        "schema_version": 1,
        "name": name or f"Fitted to {src}",
        "description": (
            f"Fitted to the stays extract {src} over {period} ({len(window)} stays admitted in the period), "
            f"starting from its state on {start.isoformat()}. Each service and arrival stream says in `source` "
            "which rows each number came from."
        ),
        "start_date": start.isoformat(),
        "horizon_days": horizon_days,
        "warmup_days": 0,
        "replications": replications or (reference.replications if reference is not None else 10),
        "seed": seed if seed is not None else (reference.seed if reference is not None else 1),
        "services": services,
        "arrivals": arrivals,
        "initial_state": state,
    }
    if reference is not None:
        data["overliggedogn_rate_nok"] = reference.overliggedogn_rate_nok
        if reference.organisations is not None:
            data["organisations"] = reference.organisations.model_dump()
        headline = [
            h.model_dump(mode="json", exclude_none=True) for h in reference.headline if h.scope in known | {"system"}
        ]
        if headline:
            data["headline"] = headline
    return Fitted(data, notes, (fit_from, until_date), counts)


# --- the pieces ---------------------------------------------------------------------------


def _chains(stays: pd.DataFrame) -> np.ndarray:
    """For each row (by position), the position of the same patient's row that followed it, or -1.

    The following row is in the service this row went on to, or (for a stay still open at the
    end) the patient's wait that began while in it.
    """
    began = stays["referred"].fillna(stays["admitted"]).to_numpy()
    order = np.lexsort((began, stays["patient_id"].to_numpy()))
    patients = stays["patient_id"].to_numpy()[order]
    services = stays["service"].to_numpy()[order]
    nexts = stays["next"].to_numpy()[order]
    # a stay still open at the end whose patient has a later row: blocked, on that row's list
    open_stay = (stays["left"].isna() & stays["admitted"].notna()).to_numpy()[order]
    following = np.full(len(stays), -1, dtype=np.int64)
    if len(order) > 1:
        same = patients[1:] == patients[:-1]
        went = (nexts[:-1] == services[1:]) | (open_stay[:-1] & pd.isna(nexts[:-1]))
        hit = np.flatnonzero(same & went)
        following[order[hit]] = order[hit + 1]
    return following


def _length_of_stay(rows: pd.DataFrame, t0: float, t1: float) -> tuple[dict | None, str]:
    """admitted -> ready of the stays seen in ``[t0, t1)``.

    A stay still going at `t1` is right-censored; a stay admitted before `t0` and still going then is
    left-truncated (it is seen only because it lasted past `t0`: likelihood f(x)/S(t0 - admitted)),
    so the patients already present at the period's start count without making stays look longer.
    """
    admitted = rows["admitted"].to_numpy()
    ready = rows["ready"].to_numpy()
    end = np.where(np.isnan(ready), np.inf, ready)
    seen = ~np.isnan(admitted) & (admitted < t1) & (end > t0)
    admitted, ready = admitted[seen], ready[seen]
    censored = np.isnan(ready) | (ready >= t1)
    durations = np.where(censored, t1 - admitted, ready - admitted)
    entry = np.maximum(t0 - admitted, 0.0)
    completed = int((~censored).sum())
    if completed < MIN_STAYS:
        return None, f"only {completed} completed stays"
    result = fit_durations(durations, censored, entry)
    return result.distribution, result.note


def _routes(
    stays: pd.DataFrame, rows: pd.DataFrame, chains: np.ndarray, counts: dict[str, Any] | None = None
) -> tuple[list[dict], str, bool | None]:
    """Routing from `next`; each route's processing delay and whether the place is kept while waiting."""
    done = rows[rows["next"].notna()]
    if done.empty:
        return [], "no completed stays: every patient leaves (exit)", None
    counts = done["next"].value_counts()
    total = int(counts.sum())
    routes = []
    kept, went_home = 0, 0
    delay_notes = []
    for target, n in counts.items():
        route: dict[str, Any] = {"to": str(target), "p": n / total}
        if target != EXIT:
            moved = done[done["next"] == target]
            following = chains[moved.index.to_numpy()] if len(moved) else np.array([], dtype=np.int64)
            ok = following >= 0
            if ok.any():
                delay, note, kept_r, home_r = _delay(moved[ok], stays.iloc[following[ok]])
                kept += kept_r
                went_home += home_r
                if delay is not None:
                    route["delay"] = delay
                    if counts is not None:
                        counts[f"delay:{rows['service'].iloc[0]}:{target}"] = len(moved)
                delay_notes.append(f"to {target}: {note}")
        routes.append(route)
    normalise_routes(routes)
    blocking = None if kept + went_home == 0 else kept >= went_home
    shares = ", ".join(f"{r['to']} {r['p']:.3f}" for r in routes)
    note = (
        f"routes from {total} completed stays ({shares})"
        + (f"; delays {', '.join(delay_notes)}" if delay_notes else "")
        + (f"; keeps the place while the next service is full ({kept} of {kept + went_home})" if blocking else "")
        + (f"; leaves the place while waiting ({went_home} of {kept + went_home})" if blocking is False else "")
    )
    return routes, note, blocking


def _delay(moved: pd.DataFrame, nxt: pd.DataFrame) -> tuple[dict | None, str, int, int]:
    """The processing delay of one route: from `ready` to when the patient asked the next service.

    The next row's `referred` (it waited) or else its `admitted` (it got the place at once) is when
    the patient asked (`nxt`: the row that followed each of `moved`). Also counts, among those who
    had to wait, who kept the place (left it when admitted) and who went home to wait.
    """
    asked = nxt["referred"].fillna(nxt["admitted"]).to_numpy()
    ready = moved["ready"].to_numpy()
    delays = asked - ready
    valid = ~np.isnan(delays) & (delays >= -1e-9)
    delays = np.clip(delays[valid], 0.0, None)
    next_referred = nxt["referred"].to_numpy()[valid]
    next_admitted = nxt["admitted"].to_numpy()[valid]
    # waited for the place: on the list and not admitted the moment the patient asked
    waited = ~np.isnan(next_referred) & (np.isnan(next_admitted) | (next_admitted > next_referred + ZERO_DELAY_DAYS))
    left = moved["left"].to_numpy()[valid]
    kept = int((waited & ((np.isnan(next_admitted) & np.isnan(left)) | (left >= next_admitted - 1e-9))).sum())
    home = int(waited.sum()) - kept
    if delays.size < MIN_DELAYS:
        return None, f"{delays.size} transfers, too few for a delay", kept, home
    positive = delays > ZERO_DELAY_DAYS
    if positive.mean() < DELAYED_SHARE:
        return None, f"none ({int(positive.sum())} of {delays.size} transfers took time)", kept, home
    fit = fit_durations(delays[positive])
    return fit.distribution, f"{fit.note} from {int(positive.sum())} transfers", kept, home


def normalise_routes(routes: list[dict]) -> None:
    """Round the probabilities to 6 decimals so they still sum to exactly 1 (the largest takes the rest)."""
    if not routes:
        return
    total = math.fsum(r["p"] for r in routes)
    for r in routes:
        r["p"] = round(r["p"] / total, 6)
    largest = max(routes, key=lambda r: r["p"])
    largest["p"] = round(1.0 - math.fsum(r["p"] for r in routes if r is not largest), 6)


def _capacity(extract: Extract, sid: str, t0: float, t1: float, start: dt.date) -> tuple[int, str, list[dict]]:
    """Places: from capacity.csv, else the most patients seen at once in the fit period.

    From capacity.csv: when it plans changes after `start`, its value on `start` and those changes
    as dated periods; else the year before `start` read as a yearly pattern: its most common
    capacity, and every run of days at another one as a period that repeats each year (a summer or
    Christmas closure seen last year is expected again).
    """
    table = extract.capacity
    rows = table[table["service"] == sid] if table is not None else None
    if rows is None or rows.empty:
        occupied = _max_occupancy(extract.stays, sid, t0, t1)
        note = f"capacity {occupied}: the most patients seen at once {_dates(extract, t0, t1)} (no capacity.csv)"
        return max(occupied, 1), note, []
    s = extract.day(start)
    starts = rows["start"].to_numpy(dtype="float64")
    caps = rows["capacity"].to_numpy(dtype="int64")
    lines = rows["line"].to_numpy()

    def on(day: float) -> int:
        k = int(np.searchsorted(starts, day, side="right")) - 1
        return int(caps[max(k, 0)])

    first_line, last_line = int(lines.min()), int(lines.max())
    if last_line <= 0:
        where = "the capacity table"  # (a model run's, not a file)
    elif first_line == last_line:
        where = f"capacity.csv line {first_line}"
    else:
        where = f"capacity.csv lines {first_line}-{last_line}"
    if (starts > s).any():  # planned changes after the start: take them as they are
        base = on(s)
        points = [(float(b), int(c)) for b, c in zip(starts[starts > s], caps[starts > s], strict=True)]
        calendar = []
        for k, (begin, cap) in enumerate(points):
            end = points[k + 1][0] - 1 if k + 1 < len(points) else s + 36_000
            if cap != base:
                calendar.append({"from": extract.date(begin).isoformat(), "to": extract.date(end).isoformat(),
                                 "capacity": cap})  # fmt: skip
        return base, f"capacity {base} on {start} and the changes planned after it, from {where}", calendar[:100]
    first = max(s - 365, float(starts[0]))
    days = np.arange(math.floor(first), math.floor(s))
    if days.size == 0:
        return on(s), f"capacity from {where}", []
    year = np.array([on(d) for d in days])
    values, counts = np.unique(year, return_counts=True)
    base = int(values[np.argmax(counts)])
    runs: list[list] = []  # [first day, last day, capacity]
    for d, cap in zip(days.tolist(), year.tolist(), strict=True):
        if cap == base:
            continue
        if runs and runs[-1][1] == d - 1 and runs[-1][2] == cap:
            runs[-1][1] = d
        else:
            runs.append([d, d, cap])
    wraps = len(runs) >= 2 and runs[0][0] == days[0] and runs[-1][1] == days[-1] and runs[0][2] == runs[-1][2]
    if wraps and days.size >= 365:  # a period across the year's turn (e.g. Christmas): one yearly period
        first_run = runs.pop(0)
        runs[-1][1] = first_run[1] + 365
    calendar = [
        {"from": extract.date(a).isoformat(), "to": extract.date(b).isoformat(), "capacity": int(c), "repeat": "yearly"}
        for a, b, c in runs
        if b - a < 365
    ]
    note = f"capacity {base} (the most common in the year before {start}) from {where}"
    if calendar:
        note += f", with {len(calendar)} period(s) at other capacities repeated yearly"
    return base, note, calendar[:100]


def _dates(extract: Extract, t0: float, t1: float) -> str:
    return f"{extract.date(t0).isoformat()} to {extract.date(t1 - 1e-9).isoformat()}"


def _max_occupancy(stays: pd.DataFrame, sid: str, t0: float, t1: float) -> int:
    rows = stays[(stays["service"] == sid) & stays["admitted"].notna()]
    start = rows["admitted"].to_numpy()
    end = rows["left"].fillna(np.inf).to_numpy()
    keep = (end > t0) & (start < t1)
    times = np.concatenate([np.maximum(start[keep], t0), end[keep]])
    steps = np.concatenate([np.ones(int(keep.sum())), -np.ones(int(keep.sum()))])
    order = np.lexsort((steps, times))  # departures before admissions at the same instant
    level = np.cumsum(steps[order])
    return int(level.max()) if level.size else 0


def _admission_days(rows: pd.DataFrame) -> tuple[list[str] | None, str]:
    """Weekdays with (almost) no admissions are not admission days (origin is a Monday: day % 7 = weekday)."""
    admitted = rows["admitted"].to_numpy()
    if admitted.size < MIN_ADMISSIONS_FOR_DAYS:
        return None, ""
    by_day = np.bincount(np.floor(admitted).astype(np.int64) % 7, minlength=7)
    open_days = [WEEKDAYS[d] for d in range(7) if by_day[d] >= CLOSED_DAY_SHARE * by_day.mean()]
    if len(open_days) == 7 or not open_days:
        return None, ""
    return open_days, f"admissions on {', '.join(open_days)} only ({admitted.size} admissions)"


def _renege(stays: pd.DataFrame, sid: str, t0: float, t1: float) -> tuple[dict | None, str]:
    """Patience on the list: waits that ended off the list (admitted empty, left set) against the others."""
    waits = stays[(stays["service"] == sid) & stays["referred"].notna()]
    waits = waits[(waits["referred"] >= t0) & (waits["referred"] < t1)]
    gone = waits["admitted"].isna() & waits["left"].notna() & (waits["next"] == EXIT)  # (to elsewhere: censored)
    if int(gone.sum()) < MIN_STAYS:
        return None, ""
    end = np.where(gone, waits["left"], waits["admitted"].fillna(t1))
    durations = end - waits["referred"].to_numpy()
    fit = fit_durations(durations, ~gone.to_numpy())
    told = f"{int(gone.sum())} of {len(waits)} waits ended off it"
    if fit.distribution.get("mean", 0.0) > MAX_DAYS:  # so few leave that the patience is beyond the format's range
        return None, f"leaving the list: too rare to model ({told}; a fitted mean patience of over 100 years)"
    return fit.distribution, f"leaving the list: {fit.note} ({told})"


def _arrivals(
    extract: Extract,
    chains: np.ndarray,
    t0: float,
    t1: float,
    start: dt.date,
    reference: Scenario | None,
    counts: dict[str, Any],
) -> tuple[list[dict], list[str]]:
    """External arrivals: a patient's rows that no earlier row of theirs led to, by service."""
    stays = extract.stays
    led_to = np.zeros(len(stays), dtype=bool)
    following = chains
    led_to[following[following >= 0]] = True
    asked = stays["referred"].fillna(stays["admitted"]).to_numpy()
    external = ~led_to & (asked >= t0) & (asked < t1)
    ref_ids: dict[str, str] = {}
    if reference is not None:
        for a in reference.arrivals:
            ref_ids.setdefault(a.to, a.id)
    arrivals, notes = [], []
    days = t1 - t0
    first_day = math.floor(t0)
    n_days = math.ceil(t1) - first_day
    day_index = np.arange(first_day, first_day + n_days)
    dates = pd.to_datetime(extract.origin) + pd.to_timedelta(day_index, unit="D")
    for sid in extract.services:
        times = asked[external & (stays["service"].to_numpy() == sid)]
        if times.size == 0:
            continue
        per_day = np.bincount(np.floor(times).astype(np.int64) - first_day, minlength=n_days)[:n_days]
        weekday = [per_day[day_index % 7 == d].mean() for d in range(7)]
        months = dates.month.to_numpy()
        growth, growth_se, growth_note = _growth(per_day, days)
        trend = (1.0 + growth) ** ((day_index + 0.5 - (t0 + days / 2)) / 365.0)
        monthly = []
        for m in range(1, 13):
            mask = months == m
            monthly.append(float(per_day[mask].sum() / trend[mask].sum()) if mask.any() else float("nan"))
        rate_mid = times.size / days
        s = extract.day(start)
        rate = rate_mid * (1.0 + growth) ** ((s - (t0 + days / 2)) / 365.0)
        arrival: dict[str, Any] = {
            "id": ref_ids.get(sid, f"{sid}_arrivals"),
            "to": sid,
            "rate_per_day": round(rate, 6),
        }
        wmean = float(np.mean(weekday))
        if wmean > 0:
            arrival["weekday_profile"] = [round(w / wmean, 4) for w in weekday]
        have = [m for m in monthly if not math.isnan(m)]
        if len(have) == 12 and np.mean(have) > 0:  # every month seen at least once
            mmean = float(np.mean(have))
            arrival["monthly_profile"] = [round(m / mmean, 4) for m in monthly]
        if growth:
            arrival["growth_per_year"] = round(growth, 4)
        arrival["source"] = (
            f"Fitted: {times.size} patients who came to {sid} from outside the services (a first row, or one no "
            f"earlier row led to; their referred, else admitted) {_dates(extract, t0, t1)} in {extract.source}; "
            f"{times.size / days:.3f} a day in the period{growth_note}; weekday profile from the days of the week"
            + ("; monthly profile from the calendar months" if "monthly_profile" in arrival else
               "; no monthly profile (not every month in the period)")
        )  # fmt: skip
        arrivals.append(arrival)
        counts[f"arrivals:{arrival['id']}"] = int(times.size)
        counts[f"growth_se:{arrival['id']}"] = growth_se
        notes.append(f"arrivals {arrival['id']}: {arrival['source'][len('Fitted: ') :]}")
    return arrivals, notes


def _growth(per_day: np.ndarray, days: float) -> tuple[float, float, str]:
    """Yearly growth, its standard error and a note: the first against the last 365 days, from two years on.

    The estimate is used whether or not it is larger than its noise: a real trend of a few per cent
    a year is smaller than one standard error in a few thousand patients, and leaving it out would
    bias every projection; the back-test draws it from its sampling distribution.
    """
    if per_day.size < 730:
        return 0.0, 0.0, ""
    first, last = per_day[:365].sum(), per_day[-365:].sum()
    if first <= 0 or last <= 0:
        return 0.0, 0.0, ""
    years = (per_day.size - 365) / 365.0
    growth = (last / first) ** (1.0 / years) - 1.0
    se = math.sqrt(1.0 / first + 1.0 / last) / years  # of log(1 + growth), from Poisson counts
    return growth, se, f"; growth {growth * 100:+.1f} % a year (± {se * 100:.1f}, first against last 365 days)"

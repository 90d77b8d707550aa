"""What a scenario changed against another (its baseline), as lines a reader can file: pure, in bokmål or English.

The workshop report lists each scenario's changes from this module, so a room can see what
was decided without opening the YAML. Everything that shapes the patients' flow is compared:
places and their calendars, overflow (corridor) places, staffing and its calendar, admission
days, priority, lengths of stay, the routes (share and processing delay), patients coming in
from outside, patience on the waiting list, what a full service does, and the run's settings.
Services are named by their label, never by id; numbers are written by ``results.formatting``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

from harmoni_model.language import in_language
from harmoni_model.results.formatting import fmt_number, fmt_signed
from harmoni_model.scenario.format import EXIT, WEEKDAYS, Scenario, Service, distribution_mean

ARROW = " → "
#: Weekday abbreviations (nb, en), in WEEKDAYS' order.
DAY_NAMES = {
    "mon": ("man", "Mon"), "tue": ("tir", "Tue"), "wed": ("ons", "Wed"), "thu": ("tor", "Thu"),
    "fri": ("fre", "Fri"), "sat": ("lør", "Sat"), "sun": ("søn", "Sun"),
}  # fmt: skip
_TOLERANCE = 1e-9


def _w(nb: str, en: str, lang: str) -> str:
    return in_language(nb, en, lang)


def _same(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=_TOLERANCE)


def _change(before: float, after: float, decimals: int, lang: str, percent: bool = False) -> str:
    """``179 → 199 (+20)``; with `percent` the relative change instead: ``22,0 → 19,8 (−10 %)``."""
    text = f"{fmt_number(before, decimals, lang)}{ARROW}{fmt_number(after, decimals, lang)}"
    if percent and before:
        share = fmt_signed(100 * (after - before) / before, 0, lang)
        return f"{text} ({share}\u00a0%)"
    return f"{text} ({fmt_signed(after - before, decimals, lang)})"


def _decimals(*values: float) -> int:
    """One decimal, or two when one would hide a value (a delay of 0,25 days)."""
    return 1 if all(_same(round(v, 1), v) for v in values) else 2


def _date(day: dt.date, lang: str) -> str:
    return f"{day.day}.{day.month}.{day.year}" if lang == "nb" else day.isoformat()


def _dates(p, lang: str) -> str:
    yearly = _w(" hvert år", " every year", lang) if p.repeat == "yearly" else ""
    return f"{_date(p.start, lang)}–{_date(p.end, lang)}{yearly}"


def _calendar(before: Sequence | None, after: Sequence | None, field: str, decimals: int, unit: tuple[str, str],
              lang: str) -> list[str]:  # fmt: skip
    """A calendar's changes period by period: ``6.7.2026–2.8.2026 hvert år: 165 → 154 plasser (−11)``.

    Periods are matched by their dates; one only in `before` is "removed", one only in `after` "new".
    """
    word = in_language(*unit, lang)
    old = {(p.start, p.end, p.repeat): p for p in before or ()}
    new = {(p.start, p.end, p.repeat): p for p in after or ()}
    out = []
    for key in dict.fromkeys([*old, *new]):
        a, b = old.get(key), new.get(key)
        if a and b:
            if not _same(getattr(a, field), getattr(b, field)):
                x, y = getattr(a, field), getattr(b, field)
                shown = f"{fmt_number(x, decimals, lang)}{ARROW}{fmt_number(y, decimals, lang)}"
                out.append(f"{_dates(a, lang)}: {shown} {word} ({fmt_signed(y - x, decimals, lang)})")
        elif a:
            value = fmt_number(getattr(a, field), decimals, lang)
            out.append(f"{_dates(a, lang)}: {value} {word} " + _w("(periode fjernet)", "(period removed)", lang))
        else:
            value = fmt_number(getattr(b, field), decimals, lang)
            out.append(f"{_dates(b, lang)}: {value} {word} " + _w("(ny periode)", "(new period)", lang))
    return out


def _days(days: Sequence[str], lang: str) -> str:
    if tuple(days) == WEEKDAYS:
        return _w("alle dager", "every day", lang)
    if tuple(days) == WEEKDAYS[:5]:
        return _w("mandag–fredag", "Monday to Friday", lang)
    return ", ".join(in_language(*DAY_NAMES[d], lang) for d in days)


def _origin(scenario: Scenario, origin: str, lang: str) -> str:
    """A priority origin in words: a service's label, or for an arrival stream the service it comes in to."""
    if origin in scenario.service_ids:
        return scenario.service(origin).label(lang)
    for a in scenario.arrivals:
        if a.id == origin:
            return _w(f"nye pasienter til {scenario.service(a.to).label(lang)}",
                      f"new patients to {scenario.service(a.to).label(lang)}", lang)  # fmt: skip
    return origin


def _priority(scenario: Scenario, s: Service, lang: str) -> str:
    if not s.priority:
        return _w("først til mølla", "first come, first served", lang)
    who = ", ".join(_origin(scenario, o, lang) for o in s.priority)
    return _w(f"{who} først", f"{who} first", lang)


def _target(scenario: Scenario, to: str, lang: str) -> str:
    return _w("ut av tjenestene (hjem)", "out of the services (home)", lang) if to == EXIT else (
        scenario.service(to).label(lang))  # fmt: skip


def _when_full(s: Service, scenario: Scenario, lang: str) -> str:
    if s.divert_to:
        return _w(f"sendes til {scenario.service(s.divert_to).label(lang)}",
                  f"sent to {scenario.service(s.divert_to).label(lang)}", lang)  # fmt: skip
    return _w("venter i kø", "wait in a queue", lang) if s.when_full == "queue" else _w("avvises", "turned away", lang)


def _service_lines(base: Scenario, other: Scenario, b: Service, s: Service, lang: str) -> list[str]:
    """The changes of one service both scenarios have, each line starting with its label."""
    name = s.label(lang)
    out: list[str] = []

    def add(nb: str, en: str) -> None:
        out.append(f"{name}: {_w(nb, en, lang)}")

    if b.capacity != s.capacity:
        c = _change(b.capacity, s.capacity, 0, lang)
        add(f"plasser {c}", f"places {c}")
    for line in _calendar(b.capacity_calendar, s.capacity_calendar, "capacity", 0, ("plasser", "places"), lang):
        add(f"i perioden {line}", f"in the period {line}")
    if b.overflow_places != s.overflow_places:
        c = _change(b.overflow_places, s.overflow_places, 0, lang)
        add(f"korridorplasser (ekstraplasser) {c}", f"corridor (overflow) places {c}")
    if b.staffing != s.staffing:
        bs, ss = b.staffing, s.staffing
        if bs is None or ss is None:
            fte_b = _w("ingen bemanning", "no staffing", lang) if bs is None else fmt_number(bs.fte, 1, lang)
            fte_s = _w("ingen bemanning", "no staffing", lang) if ss is None else fmt_number(ss.fte, 1, lang)
            add(f"årsverk {fte_b}{ARROW}{fte_s}", f"FTE {fte_b}{ARROW}{fte_s}")
        else:
            if not _same(bs.fte, ss.fte):
                c = _change(bs.fte, ss.fte, 1, lang)
                add(f"årsverk {c}", f"FTE {c}")
            if not _same(bs.patients_per_fte, ss.patients_per_fte):
                c = _change(bs.patients_per_fte, ss.patients_per_fte, 1, lang)
                add(f"pasienter per årsverk {c}", f"patients per FTE {c}")
            if bs.cost_per_fte_nok != ss.cost_per_fte_nok:
                c = _money(bs.cost_per_fte_nok, ss.cost_per_fte_nok, lang)
                add(f"kostnad per årsverk {c}", f"cost per FTE {c}")
    for line in _calendar(b.staffing_calendar, s.staffing_calendar, "fte", 1, ("årsverk", "FTE"), lang):
        add(f"i perioden {line}", f"in the period {line}")
    if b.admission_days != s.admission_days:
        before, after = _days(b.admission_days, lang), _days(s.admission_days, lang)
        add(f"tar inn pasienter {before}{ARROW}{after}", f"admits {before}{ARROW}{after}")
    if b.priority != s.priority or b.priority_after_days != s.priority_after_days:
        before, after = _priority(base, b, lang), _priority(other, s, lang)
        if before != after:
            add(f"rekkefølge ved ledig plass: {before}{ARROW}{after}",
                f"order when a place frees: {before}{ARROW}{after}")  # fmt: skip
        if b.priority_after_days != s.priority_after_days:
            dash = "–"
            pb = dash if b.priority_after_days is None else fmt_number(b.priority_after_days, 0, lang)
            ps = dash if s.priority_after_days is None else fmt_number(s.priority_after_days, 0, lang)
            add(f"går foran etter ventet døgn {pb}{ARROW}{ps}", f"moves to the top after waiting days {pb}{ARROW}{ps}")
    if b.length_of_stay != s.length_of_stay:
        mb, ms = distribution_mean(b.length_of_stay), distribution_mean(s.length_of_stay)
        if _same(mb, ms):
            add("liggetidens fordeling endret (samme snitt)", "length of stay's distribution changed (same mean)")
        else:
            c = _change(mb, ms, 1, lang, percent=True)
            add(f"liggetid snitt (døgn) {c}", f"length of stay, mean (days) {c}")
    if b.renege != s.renege:
        rb = _w("venter til plass", "waits for a place", lang) if b.renege is None else fmt_number(
            distribution_mean(b.renege), 0, lang)  # fmt: skip
        rs = _w("venter til plass", "waits for a place", lang) if s.renege is None else fmt_number(
            distribution_mean(s.renege), 0, lang)  # fmt: skip
        add(f"tålmodighet på ventelisten, snitt døgn {rb}{ARROW}{rs}",
            f"patience on the waiting list, mean days {rb}{ARROW}{rs}")  # fmt: skip
    if b.when_full != s.when_full:
        before, after = _when_full(b, base, lang), _when_full(s, other, lang)
        add(f"når fullt: {before}{ARROW}{after}", f"when full: {before}{ARROW}{after}")
    if b.blocking != s.blocking:
        yes, no = _w("ja", "yes", lang), _w("nei", "no", lang)
        before, after = (yes if b.blocking else no), (yes if s.blocking else no)
        add(f"beholder plassen til neste tjeneste har plass: {before}{ARROW}{after}",
            f"keeps the place until the next service has room: {before}{ARROW}{after}")  # fmt: skip
    if b.cost_per_place_nok != s.cost_per_place_nok:
        c = _money(b.cost_per_place_nok, s.cost_per_place_nok, lang)
        add(f"kostnad per plass og år {c}", f"cost per place a year {c}")
    out += _route_lines(base, other, b, s, lang)
    return out


def _money(before: float | None, after: float | None, lang: str) -> str:
    def one(x: float | None) -> str:
        if x is None:
            return _w("ikke oppgitt", "not given", lang)
        return f"{fmt_number(x / 1e6, 2, lang)}\u00a0" + _w("mill. kr", "MNOK", lang)

    return f"{one(before)}{ARROW}{one(after)}"


def _route_lines(base: Scenario, other: Scenario, b: Service, s: Service, lang: str) -> list[str]:
    """Changes of the routes out of a service: the share going each way and the processing delay."""
    out = []
    before = {r.to: r for r in b.next}
    after = {r.to: r for r in s.next}
    for to in dict.fromkeys([*before, *after]):
        where = f"{s.label(lang)}{ARROW}{_target(other if to in after else base, to, lang)}"
        rb, rs = before.get(to), after.get(to)
        pb, ps = (rb.p if rb else 0.0), (rs.p if rs else 0.0)
        if not _same(pb, ps):
            c = f"{fmt_number(100 * pb, 0, lang)}{ARROW}{fmt_number(100 * ps, 0, lang)}\u00a0%"
            out.append(f"{where}: " + _w(f"andel {c}", f"share {c}", lang))
        db = distribution_mean(rb.delay) if rb and rb.delay else 0.0
        ds = distribution_mean(rs.delay) if rs and rs.delay else 0.0
        if rb and rs and rb.delay != rs.delay:
            if _same(db, ds):
                out.append(f"{where}: " + _w("saksbehandlingstidens fordeling endret (samme snitt)",
                                             "processing delay's distribution changed (same mean)", lang))  # fmt: skip
            else:
                c = _change(db, ds, _decimals(db, ds), lang)
                out.append(f"{where}: " + _w(f"saksbehandlingstid fra utskrivningsklar, snitt døgn {c}",
                                             f"processing delay once ready to leave, mean days {c}", lang))  # fmt: skip
        if rb and rs and rb.blocking != rs.blocking:
            out.append(f"{where}: " + _w("venter på plassen endret", "waits in the place changed", lang))
    return out


def _arrival_lines(base: Scenario, other: Scenario, lang: str) -> list[str]:
    """Patients coming in from outside: one line for a common factor on every stream, else one per service."""
    rate_b: dict[str, float] = {}
    rate_s: dict[str, float] = {}
    for a in base.arrivals:
        rate_b[a.to] = rate_b.get(a.to, 0.0) + a.rate_per_day
    for a in other.arrivals:
        rate_s[a.to] = rate_s.get(a.to, 0.0) + a.rate_per_day
    changed = [to for to in dict.fromkeys([*rate_b, *rate_s]) if not _same(rate_b.get(to, 0.0), rate_s.get(to, 0.0))]
    out = []
    same_streams = [(a.id, a.to) for a in base.arrivals] == [(a.id, a.to) for a in other.arrivals]
    ratios = [a.rate_per_day / b.rate_per_day for a, b in zip(other.arrivals, base.arrivals, strict=False)
              if b.rate_per_day > 0] if same_streams else []  # fmt: skip
    common = bool(ratios) and max(ratios) - min(ratios) < 1e-9 and len(rate_b) > 1
    if changed and common and all(a.rate_per_day > 0 or b.rate_per_day == 0
                                  for a, b in zip(other.arrivals, base.arrivals, strict=True)):  # fmt: skip
        factor = ratios[0]
        share = fmt_signed(100 * (factor - 1), 0, lang)
        out.append(_w(f"Etterspørsel: alle nye pasienter utenfra {share}\u00a0% (×{fmt_number(factor, 2, lang)})",
                      f"Demand: all new patients from outside {share}\u00a0% (×{fmt_number(factor, 2, lang)})",
                      lang))  # fmt: skip
    else:
        for to in changed:
            scenario = other if to in other.service_ids else base
            label = scenario.service(to).label(lang)
            c = _change(rate_b.get(to, 0.0), rate_s.get(to, 0.0), 2, lang)
            out.append(_w(f"Nye pasienter utenfra til {label} per døgn {c}",
                          f"New patients from outside to {label} a day {c}", lang))  # fmt: skip
    growth_b = {a.id: a.growth_per_year for a in base.arrivals}
    for a in other.arrivals:
        if a.id in growth_b and not _same(growth_b[a.id], a.growth_per_year):
            label = other.service(a.to).label(lang)
            c = f"{fmt_signed(100 * growth_b[a.id], 1, lang)}{ARROW}{fmt_signed(100 * a.growth_per_year, 1, lang)}"
            out.append(_w(f"Vekst i nye pasienter til {label}, % per år {c}",
                          f"Growth in new patients to {label}, % a year {c}", lang))  # fmt: skip
    return out


def _run_lines(base: Scenario, other: Scenario, lang: str) -> list[str]:
    out = []
    if base.horizon_days != other.horizon_days:
        c = _change(base.horizon_days, other.horizon_days, 0, lang)
        out.append(_w(f"Simulert periode (døgn) {c}", f"Simulated period (days) {c}", lang))
    if base.warmup_days != other.warmup_days:
        c = _change(base.warmup_days, other.warmup_days, 0, lang)
        out.append(_w(f"Innkjøring (døgn) {c}", f"Warm-up (days) {c}", lang))
    if base.start_date != other.start_date:
        c = f"{_date(base.start_date, lang)}{ARROW}{_date(other.start_date, lang)}"
        out.append(_w(f"Startdato {c}", f"Start date {c}", lang))
    if base.seed != other.seed:
        out.append(_w(f"Frø {base.seed}{ARROW}{other.seed}", f"Seed {base.seed}{ARROW}{other.seed}", lang))
    if not _same(base.overliggedogn_rate_nok, other.overliggedogn_rate_nok):
        c = _change(base.overliggedogn_rate_nok, other.overliggedogn_rate_nok, 0, lang)
        out.append(_w(f"Døgnpris for overliggedøgn (kr) {c}", f"Daily rate for delayed discharge (NOK) {c}", lang))
    return out


def scenario_differences(base: Scenario, other: Scenario, lang: str = "nb") -> list[str]:
    """What `other` changed against `base`, one readable line a change (empty when nothing that matters differs).

    The name, description, sources, headline figures and replications are not changes of the
    system and are left out; the starting state is compared only as "changed".
    """
    out: list[str] = []
    ids_b, ids_s = set(base.service_ids), set(other.service_ids)
    for s in other.services:
        if s.id not in ids_b:
            places = fmt_number(s.capacity, 0, lang)
            out.append(_w(f"Ny tjeneste: {s.label(lang)} ({places} plasser)",
                          f"New service: {s.label(lang)} ({places} places)", lang))  # fmt: skip
    for b in base.services:
        if b.id not in ids_s:
            out.append(_w(f"Tjeneste fjernet: {b.label(lang)}", f"Service removed: {b.label(lang)}", lang))
    for s in other.services:
        if s.id in ids_b:
            out += _service_lines(base, other, base.service(s.id), s, lang)
    out += _arrival_lines(base, other, lang)
    state_b = (base.initial_state, [(s.initial_occupancy, s.initial_queue) for s in base.services])
    state_s = (other.initial_state, [(s.initial_occupancy, s.initial_queue) for s in other.services])
    if state_b != state_s and ids_b == ids_s:
        out.append(_w("Pasientene ved start er endret", "The patients at the start are changed", lang))
    out += _run_lines(base, other, lang)
    return out

"""The scenario format: frozen pydantic models for a validated, immutable scenario.

The format is documented in docs/MODEL.md. Structural rules (types, ranges,
lengths) live on the models; rules that look across the whole scenario (unknown
targets, duplicate ids, diversion cycles) live in :mod:`harmoni_model.scenario.rules`
so that they can also run on a file whose other parts are broken.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
import math
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from harmoni_model.language import in_language
from harmoni_model.problems import Problem
from harmoni_model.scenario.calendars import staffed
from harmoni_model.scenario.errors import MAX_PROBLEMS, ScenarioError, problems_from
from harmoni_model.scenario.rules import cross_check
from harmoni_model.simulation.kpis import SERVICE_KPIS, SYSTEM_KPIS

WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
EXIT = "exit"
SYSTEM = "system"  # the scope of system-wide KPIs (a service may not take this id)
ROUTING_TOLERANCE = 1e-6
# Helsedirektoratet, døgnpris for utskrivningsklare pasienter 2024 (the latest
# published rate; the 2025 and 2026 rates are only estimates, see sample_data/CALIBRATION.md).
DEFAULT_OVERLIGGEDOGN_RATE_NOK = 5745.0


def _not_bool(value: Any) -> Any:
    # YAML reads `yes` as true, and pydantic would take true for 1: refuse it.
    if isinstance(value, bool):
        raise PydanticCustomError("bool_number", "must be a number, not {value}", {"value": str(value).lower()})
    return value


def _plain_text(value: str) -> str:
    # Control characters do not survive a YAML or JSON round trip and are never intended.
    for ch in value:
        if (ord(ch) < 32 and ch not in "\t\n\r") or 0x7F <= ord(ch) <= 0x9F:
            raise PydanticCustomError(
                "control_character", "must not contain control characters (found U+{code})", {"code": f"{ord(ch):04X}"}
            )
    return value


NoBool = BeforeValidator(_not_bool)
Text = Annotated[str, AfterValidator(_plain_text)]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
#: What kind of service it is, after the service types of the municipal patient register (KPR)
#: and the hospital's wards: read by the weekly indicators and the map, never by the simulation.
ServiceKind = Literal[
    "hospital_ward",  # a hospital ward (sykehusavdeling)
    "municipal_acute",  # municipal acute 24-hour unit (KAD / ØHD, kommunalt akutt døgnopphold)
    "short_term_stay",  # time-limited stay for assessment or treatment (korttidsopphold)
    "rehabilitation",  # time-limited stay for rehabilitation (rehabiliteringsopphold)
    "long_term_place",  # long-term place in a nursing home (langtidsopphold)
    "home_based_care",  # care in the patient's home (helsetjenester i hjemmet): no fixed sites
]
SERVICE_KINDS: tuple[str, ...] = ServiceKind.__args__  # type: ignore[attr-defined]
HOSPITAL_KINDS = frozenset({"hospital_ward"})  # the others are the municipality's
ServiceId = Annotated[str, Field(pattern=r"^[a-z0-9_]+$", max_length=64)]
PositiveFloat = Annotated[float, NoBool, Field(gt=0, allow_inf_nan=False)]
NonNegativeFloat = Annotated[float, NoBool, Field(ge=0, allow_inf_nan=False)]
Days = Annotated[float, NoBool, Field(ge=0, le=36_500, allow_inf_nan=False)]  # a duration: at most 100 years
PositiveDays = Annotated[float, NoBool, Field(gt=0, le=36_500, allow_inf_nan=False)]
Cv = Annotated[float, NoBool, Field(ge=0.01, le=10, allow_inf_nan=False)]
# Ranges that keep fte x patients_per_fte (the places staffed) far from overflowing a float.
Fte = Annotated[float, NoBool, Field(ge=0, le=1_000_000, allow_inf_nan=False)]
PatientsPerFte = Annotated[float, NoBool, Field(gt=0, le=1_000, allow_inf_nan=False)]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LocalizedText(_Frozen):
    """A text in bokmål and English."""

    nb: Text
    en: Text

    def get(self, lang: str) -> str:
        """The text in `lang` (English for ``en``, else bokmål)."""
        return in_language(self.nb, self.en, lang)


# --- lengths of stay -------------------------------------------------------


class Exponential(_Frozen):
    """Exponential stays with the given mean (days)."""

    distribution: Literal["exponential"]
    mean: PositiveDays


class LogNormal(_Frozen):
    """Lognormal stays with the given mean (days) and coefficient of variation."""

    distribution: Literal["lognormal"]
    mean: PositiveDays
    cv: Cv


class Gamma(_Frozen):
    """Gamma stays with the given mean (days) and coefficient of variation."""

    distribution: Literal["gamma"]
    mean: PositiveDays
    cv: Cv


class Weibull(_Frozen):
    """Weibull stays with the given mean (days) and coefficient of variation (the shape follows from the cv)."""

    distribution: Literal["weibull"]
    mean: PositiveDays
    cv: Cv


class Triangular(_Frozen):
    """Triangular stays between `min` and `max` days, most often `mode`."""

    distribution: Literal["triangular"]
    min: Days
    mode: Days
    max: PositiveDays

    @model_validator(mode="after")
    def _ordered(self) -> Triangular:
        if not (self.min <= self.mode <= self.max) or self.min >= self.max:
            raise PydanticCustomError("triangular_order", "needs min <= mode <= max and min < max")
        return self


class Fixed(_Frozen):
    """Every stay lasts exactly `value` days."""

    distribution: Literal["fixed"]
    value: PositiveDays


class Empirical(_Frozen):
    """Observed stays: `values` (each equally likely) or a piecewise-linear `cdf`."""

    distribution: Literal["empirical"]
    values: Annotated[tuple[Days, ...], Field(max_length=100_000)] | None = None
    cdf: Annotated[tuple[tuple[Days, NonNegativeFloat], ...], Field(max_length=10_000)] | None = None

    @model_validator(mode="after")
    def _one_form(self) -> Empirical:
        if (self.values is None) == (self.cdf is None):
            raise PydanticCustomError("empirical_form", "give either values or cdf, not both or neither")
        if self.values is not None:
            if not self.values:
                raise PydanticCustomError("empirical_empty", "values must not be empty")
            if max(self.values) <= 0:
                raise PydanticCustomError("empirical_positive", "values must have a positive mean")
        if self.cdf is not None:
            xs = [p[0] for p in self.cdf]
            fs = [p[1] for p in self.cdf]
            if len(self.cdf) < 2:
                raise PydanticCustomError("cdf_short", "cdf needs at least two points")
            if any(b < a for a, b in itertools.pairwise(xs)) or any(b < a for a, b in itertools.pairwise(fs)):
                raise PydanticCustomError("cdf_order", "cdf points must be non-decreasing in x and F")
            if abs(fs[0]) > 1e-9 or abs(fs[-1] - 1) > 1e-9:
                raise PydanticCustomError("cdf_ends", "cdf must start at F = 0 and end at F = 1")
            if xs[-1] <= 0:
                raise PydanticCustomError("empirical_positive", "cdf must have a positive mean")
        return self


LengthOfStay = Annotated[
    Exponential | LogNormal | Gamma | Weibull | Triangular | Fixed | Empirical,
    Field(discriminator="distribution"),
]


def distribution_mean(dist: Exponential | LogNormal | Gamma | Weibull | Triangular | Fixed | Empirical) -> float:
    """The mean (days) of a length-of-stay or delay distribution."""
    if isinstance(dist, (Exponential, LogNormal, Gamma, Weibull)):
        return float(dist.mean)
    if isinstance(dist, Fixed):
        return float(dist.value)
    if isinstance(dist, Triangular):
        return (dist.min + dist.mode + dist.max) / 3.0
    if dist.values is not None:  # empirical values
        return math.fsum(dist.values) / len(dist.values)
    assert dist.cdf is not None
    xs, fs = [p[0] for p in dist.cdf], [p[1] for p in dist.cdf]  # piecewise-linear CDF: mean of the pieces
    return math.fsum((fs[i + 1] - fs[i]) * (xs[i] + xs[i + 1]) / 2 for i in range(len(xs) - 1))


# --- services and arrivals -------------------------------------------------


class Staffing(_Frozen):
    """Staff of a service: places staffed = floor(fte x patients_per_fte); a yearly cost per FTE."""

    fte: Fte
    patients_per_fte: PatientsPerFte
    cost_per_fte_nok: NonNegativeFloat | None = None  # a year, for the cost of a change


class Divert(_Frozen):
    """``when_full: {divert: <service id>}``: a patient who finds the service full goes there instead."""

    divert: ServiceId


class Route(_Frozen):
    """A route out of a service: where to (`to`, a service id or ``exit``) with probability `p`.

    `delay`: the discharge processing time on this route (notification, assessment, *vedtak*,
    transport). The patient keeps the current place for it even when the next service has room.
    """

    to: ServiceId
    p: Annotated[float, NoBool, Field(ge=0, le=1, allow_inf_nan=False)]
    blocking: bool | None = None  # overrides the service's `blocking` for this route
    delay: LengthOfStay | None = None


def _check_route_sum(routes: tuple[Route, ...]) -> tuple[Route, ...]:
    total = math.fsum(r.p for r in routes)
    if abs(total - 1.0) > ROUTING_TOLERANCE:
        raise PydanticCustomError(
            "routing_sum", "routing probabilities must sum to 1 (they sum to {total})", {"total": round(total, 9)}
        )
    return routes


Places = Annotated[int, NoBool, Field(ge=0, le=1_000_000)]
MAX_YEARLY_DAYS = 365  # a yearly period must end before its next repetition starts


class _Period(_Frozen):
    """A dated period, ``from`` to ``to`` (both days included), once or every year."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    start: Annotated[dt.date, Field(alias="from", ge=dt.date(1900, 1, 1), le=dt.date(2200, 12, 31))]
    end: Annotated[dt.date, Field(alias="to", ge=dt.date(1900, 1, 1), le=dt.date(2200, 12, 31))]
    repeat: Literal["yearly"] | None = None

    @model_validator(mode="after")
    def _ordered(self) -> _Period:
        if self.end < self.start:
            raise PydanticCustomError(
                "period_order", "'to' ({end}) is before 'from' ({start})",
                {"end": self.end.isoformat(), "start": self.start.isoformat()},
            )  # fmt: skip
        if self.repeat == "yearly" and (self.end - self.start).days >= MAX_YEARLY_DAYS:
            raise PydanticCustomError(
                "period_too_long",
                "a yearly period can last at most {most} days, 'from' and 'to' included (this one lasts {days})",
                {"most": MAX_YEARLY_DAYS, "days": (self.end - self.start).days + 1},
            )
        return self


class CapacityPeriod(_Period):
    """A period with another number of places (``capacity_calendar``)."""

    capacity: Places


class StaffingPeriod(_Period):
    """A period with another number of full-time equivalents (``staffing_calendar``)."""

    fte: Fte


class Overflow(_Frozen):
    """Extra places used only when every regular place is taken (corridor beds, *korridorpasienter*)."""

    places: Places


class Service(_Frozen):
    """A ward, unit or service with places that patients occupy."""

    id: ServiceId
    name: LocalizedText | None = None
    organisation: Literal["hospital", "municipality"]
    kind: ServiceKind | None = None  # none: the weekly indicators and the map treat it as a plain service
    capacity: Annotated[int, NoBool, Field(ge=0, le=1_000_000)]
    staffing: Staffing | None = None
    length_of_stay: LengthOfStay
    when_full: Literal["queue", "lost"] | Divert = "queue"
    blocking: bool = False
    admission_days: tuple[Weekday, ...] = WEEKDAYS
    initial_occupancy: Annotated[int, NoBool, Field(ge=0, le=1_000_000)] = 0
    initial_queue: Annotated[int, NoBool, Field(ge=0, le=1_000_000)] = 0
    next: tuple[Route, ...] = (Route(to=EXIT, p=1.0),)
    cost_per_place_nok: NonNegativeFloat | None = None  # a year, for the cost of a change
    # Dated changes of `capacity` and of the staffing FTE (harmoni_model.scenario.calendars).
    capacity_calendar: Annotated[tuple[CapacityPeriod, ...], Field(max_length=100)] | None = None
    staffing_calendar: Annotated[tuple[StaffingPeriod, ...], Field(max_length=100)] | None = None
    overflow: Overflow | None = None
    # Admission order when a place frees: these origins first (arrival ids or upstream services).
    priority: Annotated[tuple[ServiceId, ...], Field(max_length=50)] | None = None
    priority_after_days: PositiveDays | None = None  # a patient who has waited this long moves to the top
    renege: LengthOfStay | None = None  # patience: a waiting patient leaves the list when it runs out
    source: Text | None = None

    @field_validator("capacity_calendar", "staffing_calendar", "priority", mode="before")
    @classmethod
    def _empty_is_none(cls, v: Any) -> Any:
        # An empty list means the same as none: one form, so both give the same content hash.
        return None if isinstance(v, (list, tuple)) and not v else v

    @field_validator("name", mode="before")
    @classmethod
    def _plain_name(cls, v: Any) -> Any:
        return {"nb": v, "en": v} if isinstance(v, str) else v

    @field_validator("id")
    @classmethod
    def _not_exit(cls, v: str) -> str:
        if v == EXIT:
            raise PydanticCustomError("reserved_id", "'exit' is reserved for leaving the system")
        if v == SYSTEM:
            raise PydanticCustomError("reserved_id", "'system' is reserved for the whole system's figures")
        return v

    @field_validator("admission_days")
    @classmethod
    def _days(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        if not v:
            raise PydanticCustomError("no_days", "needs at least one admission day")
        if len(set(v)) != len(v):
            raise PydanticCustomError("duplicate_days", "a weekday is listed twice")
        return tuple(d for d in WEEKDAYS if d in v)

    @field_validator("next")
    @classmethod
    def _routing(cls, v: tuple[Route, ...]) -> tuple[Route, ...]:
        if not v:
            raise PydanticCustomError("no_routes", "needs at least one route (use {to: exit, p: 1})")
        return _check_route_sum(v)

    @field_validator("kind")
    @classmethod
    def _kind_fits_organisation(cls, v: str | None, info: ValidationInfo) -> str | None:
        organisation = info.data.get("organisation")  # declared before `kind`: validated first
        if v is not None and organisation is not None and (v in HOSPITAL_KINDS) != (organisation == "hospital"):
            owner = "hospital" if v in HOSPITAL_KINDS else "municipality"
            raise PydanticCustomError(
                "kind_organisation", "'{kind}' is a {owner} service, but organisation is '{organisation}'",
                {"kind": v, "owner": owner, "organisation": organisation},
            )  # fmt: skip
        return v

    @property
    def at_home(self) -> bool:
        """Care given in patients' homes: the service has no fixed sites (the map draws it as a pool)."""
        return self.kind == "home_based_care"

    @property
    def effective_capacity(self) -> int:
        """Places that can be used: capacity, limited by staffing when given."""
        if self.staffing is None:
            return self.capacity
        return min(self.capacity, staffed(self.staffing.fte, self.staffing.patients_per_fte))

    @property
    def overflow_places(self) -> int:
        """Overflow (corridor) places: 0 when the service has none."""
        return self.overflow.places if self.overflow else 0

    @property
    def divert_to(self) -> str | None:
        """The service a full service sends patients to, or None."""
        return self.when_full.divert if isinstance(self.when_full, Divert) else None

    def label(self, lang: str = "nb") -> str:
        """The service's name in `lang`, or its id when it has none."""
        return self.name.get(lang) if self.name else self.id


def _profile(length: int):
    def check(v: tuple[float, ...] | None) -> tuple[float, ...] | None:
        if v is None:
            return v
        if len(v) != length:
            raise PydanticCustomError(
                "profile_length", "needs exactly {n} values (got {got})", {"n": length, "got": len(v)}
            )
        if sum(v) <= 0:
            raise PydanticCustomError("profile_zero", "needs at least one positive value")
        return v

    return check


class Arrival(_Frozen):
    """An external Poisson stream of patients into one service."""

    id: ServiceId
    to: ServiceId
    rate_per_day: Annotated[float, NoBool, Field(ge=0, le=100_000, allow_inf_nan=False)]
    weekday_profile: tuple[NonNegativeFloat, ...] | None = None
    monthly_profile: tuple[NonNegativeFloat, ...] | None = None
    growth_per_year: Annotated[float, NoBool, Field(gt=-1, le=10, allow_inf_nan=False)] = 0.0
    source: Text | None = None

    _weekday = field_validator("weekday_profile")(_profile(7))
    _monthly = field_validator("monthly_profile")(_profile(12))


class HeadlineFigure(_Frozen):
    """A key figure the studio's tiles, the compare page and the report show: a KPI of a service or the system."""

    scope: ServiceId  # a service id, or "system"
    kpi: str
    label: LocalizedText | None = None  # default: the KPI's name and the service's

    @model_validator(mode="after")
    def _known_kpi(self) -> HeadlineFigure:
        known = SYSTEM_KPIS if self.scope == SYSTEM else SERVICE_KPIS
        if self.kpi not in known:
            raise PydanticCustomError(
                "unknown_kpi", "unknown KPI '{kpi}' for {where} (one of: {known})",
                {"kpi": self.kpi, "where": "the system" if self.scope == SYSTEM else "a service",
                 "known": ", ".join(known)},
            )  # fmt: skip
        return self


class Organisations(_Frozen):
    """The names of the two organisations the scenario is about (the pages' headings and labels)."""

    hospital: LocalizedText = LocalizedText(nb="Sykehuset", en="The hospital")
    municipality: LocalizedText = LocalizedText(nb="Kommunen", en="The municipality")


# --- the state at the start ----------------------------------------------


# Time already passed at the start: up to 200 years, as an extract may hold (dates from 1900 on, and a
# model's own event log the long tail of a lognormal stay).
Elapsed = Annotated[float, NoBool, Field(ge=0, le=73_000, allow_inf_nan=False)]


class ReadyPatient(_Frozen):
    """A patient at the start whose stay has ended and who still holds the place (*utskrivningsklar*)."""

    to: ServiceId  # the service the patient is going to
    elapsed: Elapsed  # days since admission
    since_ready: Elapsed  # days since the stay ended
    queued: Elapsed | None = None  # days on `to`'s waiting list; none: still in the route's processing delay

    @model_validator(mode="after")
    def _ordered(self) -> ReadyPatient:
        if self.since_ready > self.elapsed:
            raise PydanticCustomError("ready_order", "since_ready ({r}) is longer than elapsed ({e})",
                                      {"r": f"{self.since_ready:g}", "e": f"{self.elapsed:g}"})  # fmt: skip
        if self.queued is not None and self.queued > self.since_ready:
            raise PydanticCustomError("queued_order", "queued ({q}) is longer than since_ready ({r})",
                                      {"q": f"{self.queued:g}", "r": f"{self.since_ready:g}"})  # fmt: skip
        return self


class WaitingPatient(_Frozen):
    """A patient at the start on a service's waiting list who does not hold a place (waits at home)."""

    waited: Elapsed  # days on the list
    origin: ServiceId | None = None  # an arrival id or the service the patient came from (priority classes)


class ServiceState(_Frozen):
    """Who is in one service at the start: stays going on, stays ended (still in the place), waiting."""

    id: ServiceId
    in_stay: Annotated[tuple[Elapsed, ...], Field(max_length=1_000_000)] = ()  # days since admission, one a patient
    ready: Annotated[tuple[ReadyPatient, ...], Field(max_length=1_000_000)] = ()
    waiting: Annotated[tuple[WaitingPatient, ...], Field(max_length=1_000_000)] = ()

    @property
    def in_place(self) -> int:
        """Patients holding a place at the start."""
        return len(self.in_stay) + len(self.ready)


class InitialState(_Frozen):
    """The system's state on ``start_date`` patient by patient (e.g. from an extract), instead of counts.

    Each patient's elapsed time is known, so residual stays are drawn given it
    (:func:`harmoni_model.simulation.streams.conditional_residual`).
    """

    source: Text | None = None
    services: Annotated[tuple[ServiceState, ...], Field(max_length=200)] = ()

    def of(self, service_id: str) -> ServiceState | None:
        """The state of one service, or None when it starts empty."""
        return next((s for s in self.services if s.id == service_id), None)


class Scenario(_Frozen):
    """A validated scenario. Never mutated: use :meth:`variant` for a changed copy."""

    schema_version: Literal[1]
    name: Annotated[Text, Field(min_length=1, max_length=200)]
    description: Text = ""
    start_date: Annotated[dt.date, Field(ge=dt.date(1900, 1, 1), le=dt.date(2200, 12, 31))] = dt.date(2025, 1, 1)
    horizon_days: Annotated[int, NoBool, Field(ge=1, le=36500)]
    warmup_days: Annotated[int, NoBool, Field(ge=0, le=36500)] = 0
    replications: Annotated[int, NoBool, Field(ge=1, le=1000)] = 5
    seed: Annotated[int, NoBool, Field(ge=0, le=2**63 - 1)] = 42
    overliggedogn_rate_nok: Annotated[float, NoBool, Field(ge=0, le=1_000_000, allow_inf_nan=False)] = (
        DEFAULT_OVERLIGGEDOGN_RATE_NOK
    )
    services: Annotated[tuple[Service, ...], Field(min_length=1, max_length=200)]
    arrivals: Annotated[tuple[Arrival, ...], Field(max_length=500)] = ()
    headline: Annotated[tuple[HeadlineFigure, ...], Field(max_length=8)] = ()  # none: derived from the structure
    organisations: Organisations | None = None  # their names; "the hospital" / "the municipality" if not given
    # Patient by patient, instead of the services' initial_occupancy / initial_queue (which must then be 0).
    initial_state: InitialState | None = None

    @model_validator(mode="after")
    def _cross_references(self) -> Scenario:
        problems = cross_check(self.model_dump(mode="json", by_alias=True))
        if problems:
            raise PydanticCustomError(
                "cross_reference",
                "{text}",
                {"text": "; ".join(str(p) for p in problems), "problems": [(p.path, p.message) for p in problems]},
            )
        return self

    def organisation_label(self, organisation: str, lang: str = "nb") -> str:
        """The name of "hospital" or "municipality" in this scenario, in `lang`."""
        return getattr(self.organisations or Organisations(), organisation).get(lang)

    def service(self, service_id: str) -> Service:
        """The service with this id (KeyError if there is none)."""
        for s in self.services:
            if s.id == service_id:
                return s
        raise KeyError(service_id)

    def initial_counts(self, service_id: str) -> tuple[int, int]:
        """(patients in a place, patients waiting at home) at the start: from ``initial_state`` or the counts."""
        if self.initial_state is not None:
            state = self.initial_state.of(service_id)
            return (state.in_place, len(state.waiting)) if state else (0, 0)
        service = self.service(service_id)
        return service.initial_occupancy, service.initial_queue

    @property
    def service_ids(self) -> tuple[str, ...]:
        """The services' ids, in the scenario's order."""
        return tuple(s.id for s in self.services)

    def to_dict(self) -> dict[str, Any]:
        """Plain data (JSON types) that loads back into an equal scenario."""
        return self.model_dump(mode="json", exclude_none=True, by_alias=True)

    def content_hash(self) -> str:
        """A stable hash of the scenario's content (for caches and records)."""
        blob = json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(blob.encode()).hexdigest()[:16]

    def variant(self, **changes: Any) -> Scenario:
        """A validated copy with top-level fields replaced (raises ScenarioError)."""
        data = self.to_dict()
        data.update(changes)
        return validate_data(data)

    def with_service(self, service_id: str, **changes: Any) -> Scenario:
        """A validated copy where one service's fields are replaced.

        Raises ScenarioError for invalid values. Nested values are given as plain data, e.g. ``staffing={"fte": 10,
        "patients_per_fte": 1}``.
        """
        data = self.to_dict()
        for s in data["services"]:
            if s["id"] == service_id:
                s.update(changes)
                break
        else:
            raise KeyError(service_id)
        return validate_data(data)


def validate_data(data: Any) -> Scenario:
    """Validate parsed data; raise :class:`ScenarioError` listing every problem."""
    if data is None:
        raise ScenarioError([Problem("", "the scenario is empty")])
    if not isinstance(data, dict):
        kind = {list: "a list", str: "a text", int: "a number", float: "a number", bool: "true/false"}.get(
            type(data), "a single value"
        )
        raise ScenarioError(
            [Problem("", f"a scenario must be a mapping of fields (schema_version, name, services ...), not {kind}")]
        )
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        problems = problems_from(exc)
        if not any(e["type"] == "cross_reference" for e in exc.errors()):
            # the model stopped at field errors before looking across services: look on the raw data
            problems.extend(cross_check(data))
    unique = list(dict.fromkeys(problems))
    if len(unique) > MAX_PROBLEMS:
        unique = [*unique[:MAX_PROBLEMS], Problem("", f"... and {len(unique) - MAX_PROBLEMS} more problems")]
    raise ScenarioError(unique or [Problem("", "the scenario is not valid")])

"""The fit's notes in the page's language: what fitting a stays extract did, in bokmål on a bokmål page.

The model (``harmoni_model.extracts.fit``) writes one English note per service, arrival stream and the
initial state (``Fitted.notes``): ``<what>: <part>; <part>; ...``, which the studio splits for reading
(``pages.ui.my_data.note_items``). Each part is translated here by the first of :data:`PARTS` that matches
it whole, with the machinery of :mod:`pages.ui.problem_text` (a :class:`Template` is a regular expression
with named groups and a bokmål format string); a part made of smaller forms (the length-of-stay fit, the
delays of each route, a list of weekdays) has its pieces translated by smaller tables the same way.

What the model formatted (``0.019``, ``3 050``, ``+6.6``) gets a decimal comma, grouped digits with a
no-break space and a real minus sign; dates, file names, service and field ids and the quoted name of the
reference scenario are carried over as written, as are the model's own words (``lognormal``, ``gamma``,
``weibull``, ``exponential``, ``AIC``, ``KS``, ``CDF``, ``Kaplan-Meier``) and the stays file's column names
(``referred``, ``admitted``). A part no template knows is shown in English and said to be English, as a
problem message is ("(på engelsk) ...").

Plain text in, plain text out: the caller escapes it for markdown (``literal_line``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .problem_text import NBSP, Convert, T, Template, _english, _number, _table, _words

MINUS = "\u2212"
_DATE = r"\d{4}-\d{2}-\d{2}"
_ID = r"[a-z0-9_]+"  # a service id (the format allows a-z, 0-9 and _), or exit
_DEC = r"[+-]?\d+(?:\.\d+)?"
_COUNT = r"\d{1,3}(?: \d{3})*"  # the fit's counts, grouped with spaces ("3 050")
_FAMILY = r"exponential|lognormal|gamma|weibull"
_WEEKDAY = r"mon|tue|wed|thu|fri|sat|sun"
_COPIED = r"when_full|priority_after_days|priority|cost_per_place_nok|overflow|cost per FTE \(as cost per place\)"


class UnknownNote(ValueError):
    """A piece of a note that no template knows (the whole part is then shown in English, marked)."""


def _num(text: str) -> str:
    """A number the model formatted, in bokmål: ``0,019``, ``3\u00a0050``, ``−42,3``."""
    text = _number(text)
    return MINUS + text[1:] if text.startswith("-") else text


def _by(table: Sequence[Template]) -> Convert:
    """A group that is itself a form of `table`: its bokmål, or :class:`UnknownNote`."""

    def convert(text: str) -> str:
        translated = _table(text, table)
        if translated is None:
            raise UnknownNote(text)
        return translated

    return convert


def _each(convert: Convert, separator: str, joiner: str = ", ") -> Convert:
    """A group that is a list (split where `separator` matches): each item converted, joined by `joiner`."""
    return lambda text: joiner.join(convert(item) for item in re.split(separator, text))


def _optional(convert: Convert) -> Convert:
    """An optional group: empty when it is not there, else converted."""
    return lambda text: convert(text) if text else ""


# --- the length of stay's fit (harmoni_model/extracts/distributions.py fit_durations's note) -------------

COUNTS: tuple[Template, ...] = (
    T(rf"n (?P<n>{_COUNT})", "n {n}", n=_num),
    T(rf"(?P<p>{_DEC}) % censored", "{p}" + NBSP + "% sensurert", p=_num),
    T(rf"(?P<p>{_DEC}) % already in a stay at the start", "{p}" + NBSP + "% allerede i et opphold ved starten", p=_num),
    T(rf"fitted on a random (?P<n>{_COUNT})", "tilpasset på et tilfeldig utvalg på {n}", n=_num),
    T(
        r"exponential only: fewer than two distinct ended stays",
        "bare exponential: færre enn to ulike lengder blant de avsluttede oppholdene",
    ),
)
_COUNTS = _each(_by(COUNTS), r", ")

FITS: tuple[Template, ...] = (
    T(
        rf"(?P<family>{_FAMILY}) by AIC \((?P<counts>[^()]*)\), KS (?P<ks>{_DEC})",
        "{family} valgt etter AIC ({counts}), KS {ks}",
        counts=_COUNTS,
        ks=_num,
    ),
    T(
        rf"(?P<family>{_FAMILY}) by AIC \((?P<counts>[^()]*)\), KS (?P<ks>{_DEC}): above the limit (?P<limit>{_DEC}) "
        rf"but kept, because the Kaplan-Meier curve reaches only F = (?P<reach>{_DEC}) "
        r"\(too many stays still going for an empirical CDF\)",
        "{family} valgt etter AIC ({counts}), KS {ks}: over grensen {limit}, men beholdt fordi Kaplan-Meier-kurven "
        "bare når F = {reach} (for mange opphold pågår fortsatt til en empirisk CDF)",
        counts=_COUNTS,
        ks=_num,
        limit=_num,
        reach=_num,
    ),
    T(
        r"empirical CDF \((?P<points>\d+) points, mean (?P<mean>[\d.e+\-]+)\) from Kaplan-Meier "
        rf"\((?P<counts>[^()]*)\), KS (?P<ks>{_DEC}): no family fits \(best (?P<family>{_FAMILY}) by AIC, "
        rf"KS (?P<best>{_DEC}) > (?P<limit>{_DEC})\)",
        "empirisk CDF ({points} punkter, gjennomsnitt {mean}) fra Kaplan-Meier ({counts}), KS {ks}: ingen "
        "fordelingsfamilie passer (best var {family} valgt etter AIC, KS {best} > {limit})",
        mean=_num,
        counts=_COUNTS,
        ks=_num,
        best=_num,
        limit=_num,
    ),
)
_FIT = _by(FITS)

# --- the pieces of a service's note (harmoni_model/extracts/fit.py) ------------------------------------

SHARES: tuple[Template, ...] = (T(rf"(?P<to>{_ID}) (?P<p>{_DEC})", "{to} {p}", p=_num),)

DELAY_NOTES: tuple[Template, ...] = (
    T(r"(?P<n>\d+) transfers, too few for a delay", "{n} overføringer, for få til å tilpasse en forsinkelse"),
    T(r"none \((?P<k>\d+) of (?P<n>\d+) transfers took time\)", "ingen ({k} av {n} overføringer tok tid)"),
    T(r"(?P<fit>.+) from (?P<k>\d+) transfers", "{fit} fra {k} overføringer", fit=_FIT),
)
DELAYS: tuple[Template, ...] = (T(rf"to (?P<to>{_ID}): (?P<note>.+)", "til {to}: {note}", note=_by(DELAY_NOTES)),)

WHERE: tuple[Template, ...] = (
    T(r"the capacity table", "kapasitetstabellen"),
    T(r"capacity\.csv line (?P<line>\d+)", "capacity.csv linje {line}"),
    T(r"capacity\.csv lines (?P<first>\d+)-(?P<last>\d+)", "capacity.csv linje {first}–{last}"),
)
_WHERE = _by(WHERE)

WEEKDAYS = dict(zip(("mon", "tue", "wed", "thu", "fri", "sat", "sun"),
                    ("man", "tir", "ons", "tor", "fre", "lør", "søn"), strict=True))  # fmt: skip
_COPIED_NB = {"cost per FTE (as cost per place)": "kostnad per årsverk (som kostnad per plass)"}

_WAITS = r"(?P<gone>\d+) of (?P<waits>\d+) waits ended off it"
_WAITS_NB = "{gone} av {waits} på ventelisten gikk av den uten plass"
_CAME = (
    rf"(?P<n>\d+) patients who came to (?P<to>{_ID}) from outside the services "
    r"\(a first row, or one no earlier row led to"
)
_CAME_NB = (
    "{n} pasienter som kom til {to} utenfra tjenestene (en første rad, eller en rad ingen tidligere rad førte til"
)
_WHEN = rf"their referred, else admitted\) (?P<first>{_DATE}) to (?P<last>{_DATE}) in (?P<file>.+)"
_WHEN_NB = "deres referred, ellers admitted) {first} til {last} i {file}"
_TOO_RARE = "a fitted mean patience of over 100 years"
_TOO_RARE_NB = "en tilpasset gjennomsnittlig tålmodighet på over 100 år"
_HINTS: tuple[Template, ...] = (
    T(
        r" \((?P<n>\d+) ready with no next service in the extract: the most common route assumed\)",
        " ({n} utskrivningsklare uten neste tjeneste i uttrekket: den vanligste ruten er antatt)",
    ),
    T(
        r" \((?P<n>\d+) ready with no next service and no route to assume: counted as in a stay\)",
        " ({n} utskrivningsklare uten neste tjeneste og uten noen rute å anta: regnet som i et opphold)",
    ),
)

# Every part of a note (as note_items splits it), most specific first (the first whole match wins). A part
# the model wrote with "; " inside brackets reaches the page in two pieces: both have a template.
PARTS: tuple[Template, ...] = (
    # --- a service: its length of stay ---------------------------------------------------------------------
    T(
        r"length of stay from the reference scenario \(only (?P<n>\d+) completed stays\)",
        "liggetid fra referansescenariet (bare {n} avsluttede opphold)",
    ),
    T(
        rf"length of stay: (?P<fit>.+), stays in (?P<file>.+) going on or begun (?P<first>{_DATE}) to "
        rf"(?P<last>{_DATE})",
        "liggetid: {fit}, opphold i {file} som pågikk eller begynte {first} til {last}",
        fit=_FIT,
    ),
    # --- its routes, their delays, blocking ------------------------------------------------------------------
    T(
        r"no completed stays: every patient leaves \(exit\)",
        "ingen avsluttede opphold: alle pasienter går ut av tjenestene (exit)",
    ),
    T(
        r"routes from (?P<n>\d+) completed stays \((?P<shares>[^()]+)\)",
        "ruter fra {n} avsluttede opphold ({shares})",
        shares=_each(_by(SHARES), r", "),
    ),
    T(
        rf"delays (?P<routes>to {_ID}: .+)",
        "forsinkelser {routes}",
        routes=_each(_by(DELAYS), rf", (?=to {_ID}: )"),
    ),
    T(
        r"keeps the place while the next service is full \((?P<kept>\d+) of (?P<n>\d+)\)",
        "beholder plassen mens neste tjeneste er full ({kept} av {n})",
    ),
    T(
        r"leaves the place while waiting \((?P<home>\d+) of (?P<n>\d+)\)",
        "forlater plassen og venter hjemme ({home} av {n})",
    ),
    # --- its capacity ----------------------------------------------------------------------------------------
    T(
        rf"capacity (?P<n>\d+): the most patients seen at once (?P<first>{_DATE}) to (?P<last>{_DATE}) "
        r"\(no capacity\.csv\)",
        "kapasitet {n}: flest pasienter samtidig {first} til {last} (ingen capacity.csv)",
    ),
    T(
        rf"capacity (?P<n>\d+) on (?P<start>{_DATE}) and the changes planned after it, from (?P<where>.+)",
        "kapasitet {n} på {start} og endringene som er planlagt etter den, fra {where}",
        where=_WHERE,
    ),
    T(r"capacity from (?P<where>.+)", "kapasitet fra {where}", where=_WHERE),
    T(
        rf"capacity (?P<n>\d+) \(the most common in the year before (?P<start>{_DATE})\) from (?P<where>.+), "
        r"with (?P<k>\d+) period\(s\) at other capacities repeated yearly",
        "kapasitet {n} (den vanligste i året før {start}) fra {where}, med {k} periode(r) med annen kapasitet, "
        "gjentatt hvert år",
        where=_WHERE,
    ),
    T(
        rf"capacity (?P<n>\d+) \(the most common in the year before (?P<start>{_DATE})\) from (?P<where>.+)",
        "kapasitet {n} (den vanligste i året før {start}) fra {where}",
        where=_WHERE,
    ),
    # --- its admission days, leaving the list, what the reference scenario gave ------------------------------
    T(
        rf"admissions on (?P<days>(?:{_WEEKDAY})(?:, (?:{_WEEKDAY}))*) only \((?P<n>\d+) admissions\)",
        "inntak bare {days} ({n} inntak)",
        days=_each(_words(WEEKDAYS), r", "),
    ),
    T(
        rf"leaving the list: too rare to model \({_WAITS}; {_TOO_RARE}\)",
        f"frafall fra ventelisten: for sjeldent til å modellere ({_WAITS_NB}; {_TOO_RARE_NB})",
    ),
    T(
        rf"leaving the list: too rare to model \({_WAITS}",
        f"frafall fra ventelisten: for sjeldent til å modellere ({_WAITS_NB}",
    ),
    T(rf"{_TOO_RARE}\)", f"{_TOO_RARE_NB})"),
    T(
        rf"leaving the list: (?P<fit>.+) \({_WAITS}\)",
        f"frafall fra ventelisten: {{fit}} ({_WAITS_NB})",
        fit=_FIT,
    ),
    T(
        rf"(?P<copied>(?:{_COPIED})(?:, (?:{_COPIED}))*) from the reference scenario '(?P<name>.*)'",
        "{copied} fra referansescenariet '{name}'",
        copied=_each(_words(_COPIED_NB), r", "),
    ),
    # --- an arrival stream -----------------------------------------------------------------------------------
    T(rf"{_CAME}; {_WHEN}", f"{_CAME_NB}; {_WHEN_NB}"),
    T(_CAME, _CAME_NB),
    T(_WHEN, _WHEN_NB),
    T(rf"(?P<rate>{_DEC}) a day in the period", "{rate} per dag i perioden", rate=_num),
    T(
        rf"growth (?P<growth>{_DEC}) % a year \(± (?P<se>{_DEC}), first against last 365 days\)",
        "vekst {growth}" + NBSP + "% per år (± {se}, første mot siste 365 dager)",
        growth=_num,
        se=_num,
    ),
    T(r"weekday profile from the days of the week", "ukedagsprofil fra ukedagene"),
    T(r"monthly profile from the calendar months", "månedsprofil fra kalendermånedene"),
    T(
        r"no monthly profile \(not every month in the period\)",
        "ingen månedsprofil (ikke alle måneder er med i perioden)",
    ),
    # --- the initial state (harmoni_model/extracts/initial.py describe) -------------------------------------
    T(
        rf"the state of (?P<file>.+) on (?P<day>{_DATE}) at (?P<time>\d\d:\d\d): (?P<stay>\d+) in a stay, "
        r"(?P<ready>\d+) ready and still in the place, (?P<waiting>\d+) waiting"
        r"(?P<guessed> \(\d+ ready with no next service in the extract: [^()]*\))?"
        r"(?P<none> \(\d+ ready with no next service and no route to assume: [^()]*\))?",
        "tilstanden i {file} {day} kl. {time}: {stay} i et opphold, {ready} utskrivningsklare som fortsatt har "
        "plassen, {waiting} venter{guessed}{none}",
        guessed=_optional(_by(_HINTS)),
        none=_optional(_by(_HINTS)),
    ),
)

HEADS: tuple[Template, ...] = (
    T(rf"arrivals (?P<id>{_ID})", "innstrømning {id}"),
    T(r"initial state", "tilstanden ved start"),
)


def note_part_text(part: str, lang: str) -> str:
    """One part of a fit note in `lang`: English as it is; bokmål by :data:`PARTS`, or marked as English."""
    if lang == "en":
        return part
    try:
        translated = _table(part, PARTS)
    except UnknownNote:  # a piece inside it (a fit's counts, a route's delay) no template knows
        translated = None
    return translated if translated is not None else _english(part)


def note_head_text(head: str, lang: str) -> str:
    """What a note is about in `lang`: ``innstrømning <id>``, ``tilstanden ved start``; a service id as it is."""
    if lang == "en":
        return head
    return _table(head, HEADS) or head

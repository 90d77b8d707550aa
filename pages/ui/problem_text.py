"""The model's problem messages in the page's language: the one home of their bokmål.

The model (``harmoni_model``) writes every problem of a file a user gave it in English, one plain
line, for the command line and its tests. A bokmål page shows the same problem in bokmål: its place
("linje 3, kolonne «value»"; a field path such as ``services[0].capacity`` is the file's own key and
stays as it is) and its message, translated by the first of :data:`TEMPLATES` that matches it whole
(a regular expression with named groups, and a bokmål format string with the same names). What the
message quotes from the user's file (``(got -3)``, ``'capasity'``, service ids) is carried over as
written; a number the model formatted itself (a sum, an estimate of work) gets a decimal comma and
grouped digits. A message no template knows is shown in English and said to be English
("(på engelsk) ..."), never silently.

Plain text in, plain text out: a caller escapes it for markdown (``literal``) as before.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from harmoni_model.problems import Problem

from .i18n import STRINGS

NBSP = "\u00a0"  # between groups of digits, as harmoni_model.results.formatting writes bokmål
Convert = Callable[[str], str]


@dataclass(frozen=True)
class Template:
    """One English message form (`pattern`, matched whole) and its bokmål (`nb`, ``{group}`` fields)."""

    pattern: re.Pattern[str]
    nb: str
    convert: Mapping[str, Convert] = field(default_factory=dict)  # how a group's text goes into `nb`

    def render(self, match: re.Match[str]) -> str:
        values = {}
        for name, text in match.groupdict().items():
            text = text or ""
            values[name] = self.convert[name](text) if name in self.convert else text
        return self.nb.format(**values)


def _number(text: str) -> str:
    """A number the model formatted (``1.8``, ``1,234,567``, ``1 000 000``, ``2.4e+12``) written in bokmål."""
    if text == "infinitely many":
        return "uendelig mange"
    if re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?", text):
        text = text.replace(",", NBSP)
    elif re.fullmatch(r"\d{1,3}( \d{3})+", text):
        text = text.replace(" ", NBSP)
    return re.sub(r"(?<=\d)\.(?=\d)", ",", text)


def _words(table: Mapping[str, str]) -> Convert:
    """A group that holds one of the model's own words: its bokmål (anything else as written)."""
    return lambda text: table.get(text, text)


def _or(text: str) -> str:
    """``'queue' or 'lost'`` (pydantic's list of allowed values): ``'queue' eller 'lost'``."""
    return re.sub(r"(?<=') or (?=')", " eller ", text)


def _nested(text: str) -> str:
    """A message inside a message (a YAML parser's reason): translated, or said to be English."""
    return _translate(text) or _english(text)


_WEEKDAYS = _words(
    dict(zip(("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
             ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"), strict=True))
)  # fmt: skip
_TIME_HINT = _words(
    {" (no time zone and no fractions of a second)": " (ingen tidssone og ingen brøkdeler av et sekund)"}
)


def _time_hint(text: str) -> str:
    year_first = re.fullmatch(r" \(write the year first: (.*)\)", text)
    return f" (skriv året først: {year_first.group(1)})" if year_first else _TIME_HINT(text)


def T(pattern: str, nb: str, **convert: Convert) -> Template:
    """A template: `pattern` (matched whole), its bokmål `nb`, and how some groups are converted."""
    return Template(re.compile(pattern, re.S), nb, convert)


_Q = r"[^']*"  # the inside of a quoted value
_DATE = r"\d{4}-\d{2}-\d{2}"
_NUM = r"[\d.,e+\- ]+|infinitely many"

# The model's messages, most specific first (the first whole match wins). A "(got X)" after any of
# them, and a place before it ("x.yaml: ...", "services[0]: ..."), are handled around the table.
TEMPLATES: tuple[Template, ...] = (
    # --- scenario/errors.py: pydantic's errors in plain words -------------------------------------------
    T(r"required field is missing", "obligatorisk felt mangler"),
    T(r"unknown field \(check the spelling\)", "ukjent felt (sjekk stavemåten)"),
    T(r"must be a whole number", "må være et heltall"),
    T(r"must be a number", "må være et tall"),
    T(r"must be a finite number", "må være et endelig tall"),
    T(r"must be true or false", "må være true eller false"),
    T(r"must be text", "må være tekst"),
    T(r"must be a list", "må være en liste"),
    T(r"must be a mapping of fields", "må være en samling felt (navn: verdi)"),
    T(r"must be a date \(YYYY-MM-DD\)", "må være en dato (ÅÅÅÅ-MM-DD)"),
    T(r"must be a date \(YYYY-MM-DD\), without a time of day", "må være en dato (ÅÅÅÅ-MM-DD), uten klokkeslett"),
    T(r"needs a 'distribution' field", "mangler feltet 'distribution'"),
    T(r"must be (?P<op>>=|>|<=|<) (?P<bound>\S+)", "må være {op} {bound}", bound=_number),
    T(
        r"must be 'yearly', or left out for a period that happens once",
        "må være 'yearly', eller utelates for en periode som skjer én gang",
    ),
    T(r"must be one of (?P<expected>'.*')", "må være en av {expected}", expected=_or),
    T(r"must use only a-z, 0-9 and _", "kan bare inneholde a-z, 0-9 og _"),
    T(
        r"unknown distribution (?P<tag>.+); use one of exponential, lognormal, gamma, triangular, fixed, empirical",
        "ukjent fordeling {tag}; bruk en av exponential, lognormal, gamma, triangular, fixed, empirical",
    ),
    T(r"needs at least (?P<n>\d+) item\(s\)", "må ha minst {n} element"),
    T(r"has too many items \(at most (?P<n>\d+)\)", "har for mange elementer (høyst {n})"),
    T(r"is too long \(at most (?P<n>\d+) characters\)", "er for lang (høyst {n} tegn)"),
    T(r"must be queue, lost or \{divert: <service id>\}", "må være queue, lost eller {{divert: <tjeneste-id>}}"),
    T(r"is a number of more than (?P<n>\d+) digits", "er et tall med mer enn {n} sifre"),
    # --- scenario/format.py: the format's own checks ----------------------------------------------------
    T(r"must be a number, not (?P<value>.+)", "må være et tall, ikke {value}"),
    T(
        r"must not contain control characters \(found U\+(?P<code>[0-9A-F]+)\)",
        "kan ikke inneholde kontrolltegn (fant U+{code})",
    ),
    T(r"needs min <= mode <= max and min < max", "krever min <= mode <= max og min < max"),
    T(r"give either values or cdf, not both or neither", "oppgi enten values eller cdf (én av dem, ikke begge)"),
    T(r"values must not be empty", "values kan ikke være tom"),
    T(r"(?P<what>values|cdf) must have a positive mean", "{what} må ha et positivt gjennomsnitt"),
    T(r"cdf needs at least two points", "cdf trenger minst to punkter"),
    T(r"cdf points must be non-decreasing in x and F", "punktene i cdf kan ikke synke, verken i x eller i F"),
    T(r"cdf must start at F = 0 and end at F = 1", "cdf må starte i F = 0 og slutte i F = 1"),
    T(
        r"routing probabilities must sum to 1 \(they sum to (?P<total>[^)]+)\)",
        "sannsynlighetene for videre flyt må til sammen bli 1 (de blir {total})",
        total=_number,
    ),
    T(r"'to' \((?P<end>[^)]*)\) is before 'from' \((?P<start>[^)]*)\)", "'to' ({end}) er før 'from' ({start})"),
    T(
        r"a yearly period can last at most (?P<most>\d+) days, 'from' and 'to' included "
        r"\(this one lasts (?P<days>\d+)\)",
        "en årlig periode kan vare høyst {most} dager, 'from' og 'to' medregnet (denne varer {days})",
    ),
    T(r"'exit' is reserved for leaving the system", "'exit' er reservert for å forlate systemet"),
    T(r"'system' is reserved for the whole system's figures", "'system' er reservert for tallene for hele systemet"),
    T(r"needs at least one admission day", "må ha minst én inntaksdag"),
    T(r"a weekday is listed twice", "en ukedag står to ganger"),
    T(r"needs at least one route \(use \{to: exit, p: 1\}\)", "må ha minst én rute (bruk {{to: exit, p: 1}})"),
    T(
        rf"'(?P<kind>{_Q})' is a (?P<owner>hospital|municipal) (?P<what>service|kind), "
        rf"but organisation is '(?P<organisation>{_Q})'",
        "'{kind}' er {owner}{what}, men organisation er '{organisation}'",
        owner=_words({"hospital": "en sykehus", "municipal": "en kommunal "}),
        what=_words({"service": "tjeneste", "kind": "type"}),
    ),
    T(r"needs exactly (?P<n>\d+) values", "må ha nøyaktig {n} verdier"),
    T(r"needs at least one positive value", "må ha minst én positiv verdi"),
    T(
        rf"unknown KPI '(?P<kpi>{_Q})' for (?P<where>the system|a service) \(one of: (?P<known>[^)]*)\)",
        "ukjent KPI '{kpi}' for {where} (en av: {known})",
        where=_words({"the system": "systemet", "a service": "en tjeneste"}),
    ),
    T(
        r"(?P<a>since_ready|queued) \((?P<x>[^)]*)\) is longer than (?P<b>elapsed|since_ready) \((?P<y>[^)]*)\)",
        "{a} ({x}) er lengre enn {b} ({y})",
    ),
    T(r"the scenario is empty", "scenarioet er tomt"),
    T(
        r"a scenario must be a mapping of fields \(schema_version, name, services \.\.\.\), not (?P<kind>.+)",
        "et scenario må være en samling felt (schema_version, name, services ...), ikke {kind}",
        kind=_words(
            {
                "a list": "en liste",
                "a text": "en tekst",
                "a number": "et tall",
                "true/false": "true/false",
                "a single value": "én enkelt verdi",
            }
        ),
    ),
    T(r"\.\.\. and (?P<n>\d+) more problems", "... og {n} problemer til"),
    # --- scenario/rules.py: checks across the scenario --------------------------------------------------
    T(
        r"is larger than the capacity \((?P<occ>\S+) > (?P<cap>[^)]+)\)",
        "er større enn kapasiteten ({occ} > {cap})",
    ),
    T(rf"duplicate id '(?P<id>{_Q})' \(also (?P<other>[^)]*)\)", "id-en '{id}' er brukt to ganger (også i {other})"),
    T(rf"unknown service '(?P<id>{_Q})'", "ukjent tjeneste '{id}'"),
    T(rf"unknown service '(?P<id>{_Q})' \(or 'system'\)", "ukjent tjeneste '{id}' (eller 'system')"),
    T(r"has no meaning on a route to exit", "har ingen betydning på en rute til exit"),
    T(
        r"has no meaning on a route to exit \(nobody to wait for\)",
        "har ingen betydning på en rute til exit (det er ingen å vente på)",
    ),
    T(r"cannot divert to 'exit' \(use when_full: lost\)", "kan ikke avlede til 'exit' (bruk when_full: lost)"),
    T(r"a service cannot divert to itself", "en tjeneste kan ikke avlede til seg selv"),
    T(r"the same figure as (?P<other>\S+)", "samme tall som {other}"),
    T(
        r"must be 0 \(or left out\) when the scenario gives initial_state",
        "må være 0 (eller utelates) når scenarioet har initial_state",
    ),
    T(rf"'(?P<id>{_Q})' is listed twice \(also (?P<other>[^)]*)\)", "'{id}' står to ganger (også i {other})"),
    T(
        rf"unknown origin '(?P<origin>{_Q})' \(an arrival id or a service id\)",
        "ukjent opphav '{origin}' (en ankomst-id eller en tjeneste-id)",
    ),
    T(
        rf"overlaps (?P<other>\S+) \((?P<start>{_DATE}) to (?P<end>{_DATE})(?P<yearly>, every year)?\) "
        rf"on (?P<day>{_DATE}): periods must not share a day",
        "overlapper {other} ({start} til {end}{yearly}) på {day}: periodene kan ikke ha noen dag felles",
        yearly=_words({", every year": ", hvert år"}),
    ),
    T(
        r"needs 'staffing' on the service \(its FTE outside these periods, and patients_per_fte\)",
        "krever 'staffing' på tjenesten (årsverkene utenom disse periodene, og patients_per_fte)",
    ),
    T(
        rf"needs when_full: queue \(with when_full: divert to '(?P<target>{_Q})', nobody waits\)",
        "krever when_full: queue (med avledning til '{target}' venter ingen)",
    ),
    T(
        r"needs when_full: queue \(with when_full: (?P<rule>[^,]+), nobody waits\)",
        "krever when_full: queue (med when_full: {rule} venter ingen)",
    ),
    T(
        r"needs a 'priority' list \(it moves a patient who has waited this long to its first class\)",
        "krever en 'priority'-liste (en pasient som har ventet så lenge, flyttes til første klasse)",
    ),
    T(rf"'(?P<origin>{_Q})' is listed twice", "'{origin}' står to ganger"),
    T(
        rf"'(?P<origin>{_Q})' is both an arrival id and a service id: rename one",
        "'{origin}' er både en ankomst-id og en tjeneste-id: gi en av dem et nytt navn",
    ),
    T(
        rf"'(?P<origin>{_Q})' sends no patients to '(?P<sid>{_Q})' \(list an arrival stream into '(?P=sid)', "
        r"or a service that routes or diverts to it\)",
        "'{origin}' sender ingen pasienter til '{sid}' (før opp en ankomststrøm til '{sid}', "
        "eller en tjeneste som sender eller avleder pasienter dit)",
    ),
    T(
        r"about (?P<total>[\d,]+) patients would arrive in one replication \(limit (?P<limit>[\d,]+)\); "
        r"shorten the horizon or lower the rates",
        "om lag {total} pasienter ville komme i én replikasjon (grensen er {limit}); "
        "kort ned horisonten eller senk ankomstratene",
        total=_number,
        limit=_number,
    ),
    T(r"diversion cycle (?P<loop>.+)", "avledningene går i ring: {loop}"),
    # --- scenario/files.py: reading the text, extends: --------------------------------------------------
    T(r"the file is empty", "filen er tom"),
    T(r"the key (?P<key>.+) is given twice", "nøkkelen {key} står to ganger"),
    T(
        r"not valid YAML/JSON at line (?P<line>\d+), column (?P<column>\d+): (?P<reason>.*)",
        "ikke gyldig YAML/JSON på linje {line}, kolonne {column}: {reason}",
        reason=_nested,
    ),
    T(r"nested too deeply to be a scenario", "nøstet for dypt til å være et scenario"),
    T(
        r"(?P<what>aliases|anchors) \((?P<name>[*&]\S*)\) are not allowed in a scenario: write the value out",
        "{what} ({name}) er ikke tillatt i et scenario: skriv verdien ut",
        what=_words({"aliases": "aliaser", "anchors": "ankere"}),
    ),
    T(
        r"tags such as (?P<tag>.+) are not allowed in a scenario: write the value plainly",
        "tagger som {tag} er ikke tillatt i et scenario: skriv verdien rett ut",
    ),
    T(
        r"merge keys \(<<\) are not allowed in a scenario: write the fields out",
        "flettenøkler (<<) er ikke tillatt i et scenario: skriv feltene ut",
    ),
    T(
        r"only a scenario file in a folder can extend another file",
        "bare en scenariofil i en mappe kan utvide en annen fil",
    ),
    T(
        r"must be the file name of the scenario this one changes",
        "må være filnavnet til scenarioet denne filen endrer",
    ),
    T(r"more than (?P<n>\d+) levels of extends", "mer enn {n} nivåer med extends"),
    T(
        r"'(?P<file>.*)' must be in the same folder \(or below it\)",
        "'{file}' må ligge i samme mappe (eller under den)",
    ),
    T(r"'(?P<file>.*)' extends itself \(through (?P<chain>.*)\)", "'{file}' utvider seg selv (gjennom {chain})"),
    T(r"'(?P<file>.*)' is not a scenario", "'{file}' er ikke et scenario"),
    T(
        r"must be a mapping: \{services: \{<id>: \{field: value\}\}, arrivals: \{\.\.\.\}\}",
        "må være en samling: {{services: {{<id>: {{felt: verdi}}}}, arrivals: {{...}}}}",
    ),
    T(r"unknown section \(use services or arrivals\)", "ukjent del (bruk services eller arrivals)"),
    T(r"must map ids to the fields that change", "må knytte id-er til feltene som endres"),
    T(
        r"no (?P<what>service|arrival) with this id in the scenario it extends",
        "ingen {what} med denne id-en i scenarioet den utvider",
        what=_words({"service": "tjeneste", "arrival": "ankomst"}),
    ),
    T(r"must be a mapping of the fields that change", "må være en samling av feltene som endres"),
    # --- reading a file (scenario, KPI history, stays extract) ------------------------------------------
    T(r"no such file", "filen finnes ikke"),
    T(
        r"is a directory, not a (?P<what>scenario file|CSV file)",
        "er en mappe, ikke en {what}",
        what=_words({"scenario file": "scenariofil", "CSV file": "CSV-fil"}),
    ),
    T(r"file is too large \(limit (?P<limit>\d+) bytes\)", "filen er for stor (grensen er {limit} byte)"),
    T(
        r"the file is too large \((?P<size>\d+) bytes, limit (?P<limit>\d+)\)",
        "filen er for stor ({size} byte, grensen er {limit})",
    ),
    T(r"not a UTF-8 text file", "ikke en UTF-8-tekstfil"),
    T(
        r"this looks like an (?P<old>old )?Excel workbook \((?P<ext>\.xlsx?)\), not a CSV file: save it as 'CSV UTF-8'",
        "dette ser ut som en {old}Excel-arbeidsbok ({ext}), ikke en CSV-fil: lagre den som 'CSV UTF-8'",
        old=_words({"old ": "gammel "}),
    ),
    T(
        r"the file is not UTF-8 text \(binary data, or saved in another encoding\): save it as 'CSV UTF-8'",
        "filen er ikke UTF-8-tekst (binærdata, eller lagret med en annen tegnkoding): lagre den som 'CSV UTF-8'",
    ),
    T(r"the text contains characters that are not valid Unicode", "teksten inneholder tegn som ikke er gyldig Unicode"),
    T(
        r"contains a NUL character: this is not a text CSV file",
        "inneholder et NUL-tegn: dette er ikke en CSV-fil med tekst",
    ),
    T(
        r"cannot read the CSV \((?P<why>.*)\); check the quotes around this line",
        "kan ikke lese CSV-filen ({why}); sjekk anførselstegnene rundt denne linjen",
        why=_nested,
    ),
    T(
        r"cannot read the CSV: a double quote inside a value that is not itself in quotes "
        r'\(put the whole value in double quotes and write a quote inside it as ""\)',
        "kan ikke lese CSV-filen: et dobbelt anførselstegn inne i en verdi som ikke selv står i anførselstegn "
        '(sett hele verdien i doble anførselstegn, og skriv et anførselstegn inne i den som "")',
    ),
    T(
        r"a double quote is never closed: a quoted value must end with a double quote",
        "et dobbelt anførselstegn lukkes aldri: en verdi i anførselstegn må slutte med et dobbelt anførselstegn",
    ),
    T(
        r"the header uses ';' as separator \(Norwegian Excel\); the file must be comma-separated "
        r"with the (?:header|columns) (?P<header>\S+) \(in Excel: save as 'CSV UTF-8 \(kommadelt\)'\)",
        "overskriftslinjen bruker ';' som skilletegn (norsk Excel); filen må være kommadelt, med kolonnene "
        "{header} (i Excel: lagre som 'CSV UTF-8 (kommadelt)')",
    ),
    T(r"the column appears twice in the header", "kolonnen står to ganger i overskriftslinjen"),
    T(
        r"unknown column; the file must have exactly the columns (?P<header>\S+)",
        "ukjent kolonne; filen må ha nøyaktig kolonnene {header}",
    ),
    T(
        r"missing column; the header must (?:be|have the columns) (?P<header>\S+)",
        "kolonnen mangler; overskriftslinjen må ha kolonnene {header}",
    ),
    T(
        r"the file is empty \(expected (?:the header|a header with the columns) (?P<header>\S+)"
        r"(?P<rows> and one row per week and indicator)?\)",
        "filen er tom (forventet en overskriftslinje med kolonnene {header}{rows})",
        rows=_words({" and one row per week and indicator": " og én rad per uke og indikator"}),
    ),
    T(r"the table is empty \(expected the columns (?P<header>\S+)\)", "tabellen er tom (forventet kolonnene {header})"),
    T(r"the file has a header but no rows of data", "filen har en overskriftslinje, men ingen rader med data"),
    T(r"the table has columns but no rows of data", "tabellen har kolonner, men ingen rader med data"),
    T(
        r"has (?P<n>\d+) fields but the header has (?P<m>\d+) "
        r"\(a comma inside a value\? put that value in double quotes\)",
        "har {n} felt, men overskriftslinjen har {m} (et komma inne i en verdi? sett verdien i doble anførselstegn)",
    ),
    # --- data/history.py: the weekly KPI file -----------------------------------------------------------
    T(
        r"the week is empty \(give the Monday of the week as YYYY-MM-DD\)",
        "uken er tom (oppgi mandagen i uken som ÅÅÅÅ-MM-DD)",
    ),
    T(
        r"(?P<text>.+) is not a date; write the Monday of the week as YYYY-MM-DD, e\.g\. 2025-01-06",
        "{text} er ikke en dato; skriv mandagen i uken som ÅÅÅÅ-MM-DD, f.eks. 2025-01-06",
    ),
    T(r"(?P<text>\S+) is outside the years (?P<first>\d+)–(?P<last>\d+)", "{text} er utenfor årene {first}–{last}"),
    T(
        r"(?P<text>\S+) is a (?P<day>\w+), not a Monday; use the Monday that starts the ISO week "
        rf"\((?P<monday>{_DATE})\)",
        "{text} er en {day}, ikke en mandag; bruk mandagen som starter ISO-uken ({monday})",
        day=_WEEKDAYS,
    ),
    T(
        r"the value is empty \(leave the row out when there is no value\)",
        "verdien er tom (utelat raden når det ikke finnes noen verdi)",
    ),
    T(
        r"(?P<text>.+) is not a number \(use a point as the decimal separator: (?P<fixed>.+)\)",
        "{text} er ikke et tall (bruk punktum som desimaltegn: {fixed})",
    ),
    T(
        r"(?P<text>.+) is not a number \(leave out the % sign: (?P<fixed>.+)\)",
        "{text} er ikke et tall (utelat %-tegnet: {fixed})",
    ),
    T(r"(?P<text>.+) is not a number", "{text} er ikke et tall"),
    T(r"(?P<text>.+) is too large", "{text} er for stort"),
    T(r"must not be negative", "kan ikke være negativ"),
    T(
        r"(?P<id>\w+) is (?P<what>an occupancy \(overfull wards count\)|a percentage) "
        r"and cannot be above (?P<most>[\d.]+)",
        "{id} er {what} og kan ikke være over {most}",
        what=_words(
            {
                "an occupancy (overfull wards count)": "et belegg (overfylte avdelinger teller med)",
                "a percentage": "en prosentandel",
            }
        ),
        most=_number,
    ),
    T(
        rf"unknown indicator '(?P<name>{_Q})'; did you mean '(?P<best>{_Q})'\?",
        "ukjent indikator '{name}'; mente du '{best}'?",
    ),
    T(
        rf"unknown indicator '(?P<name>{_Q})'; known indicators: (?P<known>.*)",
        "ukjent indikator '{name}'; kjente indikatorer: {known}",
    ),
    T(r"the source is empty \(say where the number comes from\)", "kilden er tom (si hvor tallet kommer fra)"),
    T(
        rf"duplicate: week (?P<week>\S+) and indicator '(?P<id>{_Q})' already appear on line (?P<line>\d+)",
        "dobbelt: uke {week} og indikator '{id}' står allerede på linje {line}",
    ),
    # --- extracts/stays.py: the stays extract, units.csv and capacity.csv -------------------------------
    T(r"the unit is empty \(the name the stays file uses\)", "enheten er tom (navnet oppholdsfilen bruker)"),
    T(
        rf"the unit '(?P<unit>{_Q})' already appears on line (?P<line>\d+)",
        "enheten '{unit}' står allerede på linje {line}",
    ),
    T(r"the service is empty \(give the scenario's service id\)", "tjenesten er tom (oppgi scenarioets tjeneste-id)"),
    T(r"the service is empty", "tjenesten er tom"),
    T(
        r"the service is empty \(a service id, or a unit of units\.csv\)",
        "tjenesten er tom (en tjeneste-id, eller en enhet i units.csv)",
    ),
    T(
        rf"'(?P<id>{_Q})' is not a service id \(lower-case letters, digits and _, at most (?P<n>\d+) characters\)",
        "'{id}' er ikke en tjeneste-id (små bokstaver, sifre og _, høyst {n} tegn)",
    ),
    T(
        rf"unknown organisation '(?P<organisation>{_Q})' \(hospital or municipality\)",
        "ukjent organisasjon '{organisation}' (hospital eller municipality)",
    ),
    T(rf"unknown kind '(?P<kind>{_Q})'; the kinds are (?P<kinds>.*)", "ukjent type '{kind}'; typene er {kinds}"),
    T(
        r"exit is not a service: leave organisation and kind empty",
        "exit er ikke en tjeneste: la organisation og kind stå tomme",
    ),
    T(
        rf"service '(?P<id>{_Q})' is described differently on line (?P<line>\d+) "
        r"\((?P<organisation>[^,]*), (?P<kind>[^)]*)\)",
        "tjenesten '{id}' er beskrevet annerledes på linje {line} ({organisation}, {kind})",
        kind=_words({"no kind": "ingen type"}),
    ),
    T(
        rf"service '(?P<id>{_Q})' is not in the reference scenario: give its organisation "
        r"\(hospital or municipality\) and kind",
        "tjenesten '{id}' finnes ikke i referansescenarioet: oppgi organisation (hospital eller municipality) og kind",
    ),
    T(
        rf"unknown service '(?P<id>{_Q})': add it to units\.csv with its organisation and kind",
        "ukjent tjeneste '{id}': legg den til i units.csv med organisation og kind",
    ),
    T(
        r"from is empty \(the date the capacity starts, YYYY-MM-DD\)",
        "from er tom (datoen kapasiteten gjelder fra, ÅÅÅÅ-MM-DD)",
    ),
    T(
        r"(?P<text>.+) is not a date; write YYYY-MM-DD, e\.g\. 2025-01-01",
        "{text} er ikke en dato; skriv ÅÅÅÅ-MM-DD, f.eks. 2025-01-01",
    ),
    T(
        r"(?P<column>from|referred|admitted|ready|left) (?P<text>\S+) is before (?P<year>\d{4}): check the year",
        "{column} {text} er før {year}: sjekk årstallet",
    ),
    T(
        r"the capacity is empty \(the number of regular places\)",
        "kapasiteten er tom (antallet ordinære plasser)",
    ),
    T(
        r"(?P<text>.+) is not a whole number >= 0(?P<hint> \(a whole number of places\))?",
        "{text} er ikke et heltall >= 0{hint}",
        hint=_words({" (a whole number of places)": " (et helt antall plasser)"}),
    ),
    T(r"capacity (?P<text>\S+) is more than (?P<n>\d+) places", "kapasiteten {text} er mer enn {n} plasser"),
    T(
        rf"duplicate: service '(?P<id>{_Q})' from (?P<text>\S+) already appears on line (?P<line>\d+)",
        "dobbelt: tjenesten '{id}' fra {text} står allerede på linje {line}",
    ),
    T(r"the patient_id is empty \(give the patient's pseudonym\)", "patient_id er tom (oppgi pasientens pseudonym)"),
    T(
        rf"'(?P<id>{_Q})' is exit \(in units\.csv or as written\): a stay needs a service",
        "'{id}' er exit (i units.csv eller slik det står): et opphold trenger en tjeneste",
    ),
    T(
        rf"unknown service '(?P<id>{_Q})' in next: write a service id, a unit of units\.csv or exit "
        r"\(a new service needs a row in units\.csv with its organisation and kind\)",
        "ukjent tjeneste '{id}' i next: skriv en tjeneste-id, en enhet i units.csv eller exit "
        "(en ny tjeneste trenger en rad i units.csv med organisation og kind)",
    ),
    T(
        r"(?P<text>.+) is not a date; write (?P<column>\w+) as "
        r"YYYY-MM-DD, YYYY-MM-DDTHH:MM or YYYY-MM-DDTHH:MM:SS \(e\.g\. 2024-03-01T14:30\)(?P<hint>.*)",
        "{text} er ikke en dato; skriv {column} som ÅÅÅÅ-MM-DD, ÅÅÅÅ-MM-DDTtt:mm eller ÅÅÅÅ-MM-DDTtt:mm:ss "
        "(f.eks. 2024-03-01T14:30){hint}",
        hint=_time_hint,
    ),
    T(
        r"(?P<column>\w+) (?P<text>\S+) is after the extract's end (?P<end>\S+) "
        r"\(nothing after it is known: check the date, or the extract's end date\)",
        "{column} {text} er etter uttrekkets slutt {end} (ingenting etter den er kjent: sjekk datoen, "
        "eller uttrekkets sluttdato)",
    ),
    T(
        r"neither admitted nor referred is given \(a stay needs admitted; a patient who waited and "
        r"never got a place needs referred\)",
        "verken admitted eller referred er oppgitt (et opphold trenger admitted; en pasient som ventet og "
        "aldri fikk plass, trenger referred)",
    ),
    T(
        r"(?P<a>admitted|ready|left) (?P<x>\S+) is before (?P<b>referred|admitted|ready) (?P<y>\S+)",
        "{a} {x} er før {b} {y}",
    ),
    T(
        r"ready is given but admitted is empty \(a patient who never got a place has no ready\)",
        "ready er oppgitt, men admitted er tom (en pasient som aldri fikk plass, har ingen ready)",
    ),
    T(
        rf"next is '(?P<next>{_Q})' but left is empty \(leave next empty while the patient is still there, "
        r"or give left\)",
        "next er '{next}', men left er tom (la next stå tom mens pasienten fortsatt er der, eller oppgi left)",
    ),
    T(
        r"left is (?P<text>\S+) but next is empty \(write the service the patient went to, or exit\)",
        "left er {text}, men next er tom (skriv tjenesten pasienten dro til, eller exit)",
    ),
    T(
        rf"duplicate: patient '(?P<patient>{_Q})' admitted to '(?P<id>{_Q})' at (?P<text>\S+) "
        r"already appears on line (?P<line>\d+)",
        "dobbelt: pasienten '{patient}' innlagt i '{id}' {text} står allerede på linje {line}",
    ),
    T(
        rf"duplicate: patient '(?P<patient>{_Q})' waiting for '(?P<id>{_Q})' from (?P<text>\S+) "
        r"already appears on line (?P<line>\d+)",
        "dobbelt: pasienten '{patient}' som venter på '{id}' fra {text}, står allerede på linje {line}",
    ),
    T(
        rf"patient '(?P<patient>{_Q})' is in two places at once: admitted (?P<text>\S+) while the stay on line "
        rf"(?P<line>\d+) in '(?P<id>{_Q})' runs to (?P<end>.+)",
        "pasienten '{patient}' er to steder samtidig: innlagt {text} mens oppholdet på linje {line} i '{id}' "
        "varer til {end}",
        end=_words({"the end of the extract (left is empty)": "slutten av uttrekket (left er tom)"}),
    ),
    # --- extracts/fit.py: a scenario fitted to the extract ----------------------------------------------
    T(
        rf"the fit period (?P<start>{_DATE}) to (?P<end>{_DATE}) is shorter than a week",
        "tilpasningsperioden {start} til {end} er kortere enn en uke",
    ),
    T(
        rf"the start (?P<start>{_DATE}) is after the extract's end (?P<end>{_DATE})",
        "starten {start} er etter uttrekkets slutt {end}",
    ),
    T(
        rf"service '(?P<id>{_Q})': only (?P<n>\d+) completed stays; add stays or a reference scenario with it",
        "tjenesten '{id}': bare {n} avsluttede opphold; legg til flere opphold eller et referansescenario med den",
    ),
    # --- scenario/budget.py: the work a scenario is -----------------------------------------------------
    T(
        rf"a patient diverted from '(?P<service>{_Q})' is routed back to it with probability 1, round and round "
        rf"for as long as it is full; at most (?P<limit>{_NUM}) visits per patient are allowed",
        "en pasient som avledes fra '{service}', sendes tilbake dit med sannsynlighet 1, rundt og rundt så lenge "
        "den er full; høyst {limit} besøk per pasient er tillatt",
        limit=_number,
    ),
    T(
        rf"patients who reach '(?P<service>{_Q})' never leave its routing loop \(they return with probability 1\); "
        rf"at most (?P<limit>{_NUM}) visits per patient are allowed",
        "pasienter som kommer til '{service}', kommer aldri ut av sløyfen (de kommer tilbake med sannsynlighet 1); "
        "høyst {limit} besøk per pasient er tillatt",
        limit=_number,
    ),
    T(
        rf"patients return to '(?P<service>{_Q})' about (?P<figure>{_NUM}) times on average; "
        rf"at most (?P<limit>{_NUM}) visits per patient are allowed",
        "pasientene kommer tilbake til '{service}' om lag {figure} ganger i snitt; høyst {limit} besøk per pasient "
        "er tillatt",
        figure=_number,
        limit=_number,
    ),
    T(
        rf"about (?P<figure>{_NUM}) patients would arrive in one replication \(warm-up and horizon_days; "
        rf"at most (?P<limit>{_NUM})\): shorten horizon_days or lower the rates",
        "om lag {figure} pasienter ville komme i én replikasjon (innkjøring og horizon_days; høyst {limit}): "
        "kort ned horizon_days eller senk ankomstratene",
        figure=_number,
        limit=_number,
    ),
    T(
        rf"about (?P<figure>{_NUM}) events per replication, most of them from (?P<what>.+) "
        rf"\(at most (?P<limit>{_NUM})\)",
        "om lag {figure} hendelser per replikasjon, de fleste fra {what} (høyst {limit})",
        figure=_number,
        limit=_number,
        what=_words(
            {
                "these arrivals over warm-up and horizon_days": "disse ankomstene gjennom innkjøring og horizon_days",
                "these initial patients and their onward visits": "disse pasientene ved start og besøkene deres videre",
                "these waiting patients and their onward visits": "disse ventende pasientene og besøkene deres videre",
                "the patients at the start and their onward visits": "pasientene ved start og besøkene deres videre",
                "the length of the run": "lengden på kjøringen",
            }
        ),
    ),
    T(
        rf"(?P<runs>\d+) replications of about (?P<each>{_NUM}) events each are about (?P<figure>{_NUM}) events "
        rf"\(at most (?P<limit>{_NUM})\)",
        "{runs} replikasjoner med om lag {each} hendelser hver er om lag {figure} hendelser (høyst {limit})",
        each=_number,
        figure=_number,
        limit=_number,
    ),
    T(
        rf"about (?P<patients>{_NUM}) patients at once need about (?P<figure>{_NUM}) MB per replication "
        rf"\(at most (?P<limit>{_NUM}) MB\)",
        "om lag {patients} pasienter samtidig trenger om lag {figure} MB per replikasjon (høyst {limit} MB)",
        patients=_number,
        figure=_number,
        limit=_number,
    ),
    # --- simulation/engine.py: a replication that cannot finish -----------------------------------------
    T(
        rf"more than (?P<most>[\d,]+) events in one replication at day (?P<day>[\d.]+): check routes that lead "
        rf"back to '(?P<service>{_Q})' with very short stays",
        "mer enn {most} hendelser i én replikasjon på dag {day}: sjekk ruter som fører tilbake til '{service}' "
        "med svært korte opphold",
        most=_number,
        day=_number,
    ),
    # --- planning/levers.py: the advisor's targets and levers -------------------------------------------
    T(r"max \((?P<max>[^)]*)\) is below min \((?P<min>[^)]*)\)", "max ({max}) er under min ({min})"),
    T(
        r"places are whole numbers: min and step must be whole for a capacity lever",
        "plasser er hele tall: min og step må være hele tall for en kapasitetsspak",
    ),
    T(
        r"more than (?P<n>\d+) values between min and max: use a larger step",
        "mer enn {n} verdier mellom min og max: bruk et større step",
    ),
    T(
        rf"unknown KPI '(?P<kpi>{_Q})' for '(?P<service>{_Q})' \(known: (?P<known>[^)]*)\)",
        "ukjent KPI '{kpi}' for '{service}' (kjente: {known})",
    ),
    T(r"a lever is given twice: (?P<which>.+)", "en spak er oppgitt to ganger: {which}"),
    T(rf"no service '(?P<service>{_Q})' \(known: (?P<known>[^)]*)\)", "ingen tjeneste '{service}' (kjente: {known})"),
    T(rf"'(?P<service>{_Q})' has no staffing to change", "'{service}' har ingen bemanning å endre"),
    T(
        r"needed: the scenario has no cost for this service either",
        "må oppgis: scenarioet har heller ingen kostnad for denne tjenesten",
    ),
    T(
        r"a targets file must be a mapping with targets, levers and budget_nok",
        "en målfil må være en samling med targets, levers og budget_nok",
    ),
    # --- a YAML parser's reasons (inside "not valid YAML/JSON at line ..., column ...: <reason>") -------
    T(r"expected (?P<what>.+), but found (?P<found>.+)", "forventet {what}, men fant {found}", what=_or),
    T(r"expected (?P<what>.+), but got (?P<found>.+)", "forventet {what}, men fikk {found}", what=_or),
    T(r"mapping values are not allowed here", "et kolon (navn: verdi) er ikke tillatt her"),
    T(r"could not find expected (?P<what>.+)", "fant ikke forventet {what}"),
    T(r"found character (?P<what>.+) that cannot start any token", "fant tegnet {what}, som ikke kan starte noe her"),
    T(r"found unexpected end of stream", "fant uventet slutt på filen"),
    T(
        r"(?:found )?unacceptable character #x(?P<code>[0-9a-fA-F]+): special characters are not allowed",
        "ugyldig tegn #x{code}: spesialtegn er ikke tillatt",
    ),
    T(r"found unknown escape character (?P<what>.+)", "fant et ukjent escape-tegn {what}"),
    # --- a CSV parser's reasons (inside "cannot read the CSV (<reason>)") -------------------------------
    T(r"unexpected end of data", "uventet slutt på dataene"),
    T(r"'(?P<what>.)' expected after '\"'", "'{what}' ventet etter '\"'"),
)

_GOT = " (got "
_LINE = re.compile(r"line (?P<line>\d+)(?=, |$)")
_COLUMN = re.compile(r"column '(?P<column>[^']*)'(?=, |$)")
_FILE_OR_PATH = re.compile(r"\S+|.*\.(?:ya?ml|json|csv)|.*['\"\[].*")  # a field path, a file name
MAX_SPLITS = 8  # places tried before a message (each split is a new match of the table)


def _english(message: str) -> str:
    return STRINGS["nb"]["problems.english"].format(message=message)


def _where(line: int | str | None, column: str | None, path: str) -> str:
    """A problem's place in bokmål: ``linje 3, kolonne «x»``, then the field path or file name as it is."""
    words = STRINGS["nb"]
    parts = [] if line is None else [words["problems.line"].format(line=line)]
    parts += [] if column is None else [words["problems.column"].format(column=column)]
    return ", ".join([*parts, path] if path else parts)


def _place(where: str) -> str | None:
    """The place before a message's text (``line 3, column 'x'``, a file name, a field path), or None."""
    line = _LINE.match(where)
    rest = where[line.end() :].removeprefix(", ") if line else where
    column = _COLUMN.match(rest)
    rest = rest[column.end() :].removeprefix(", ") if column else rest
    if rest and not _FILE_OR_PATH.fullmatch(rest):
        return None
    return _where(line and line["line"], column and column["column"], rest) or None


def _table(message: str, table: Sequence[Template] = TEMPLATES) -> str | None:
    """The bokmål of the first template of `table` that matches `message` whole."""
    for template in table:
        match = template.pattern.fullmatch(message)
        if match:
            return template.render(match)
    return None


def _with_value(message: str) -> str | None:
    """A message of the table, or one with the user's value after it (``<message> (got X)``, X as written)."""
    text = _table(message)
    start = message.find(_GOT) if text is None and message.endswith(")") else -1
    for _ in range(MAX_SPLITS):
        if text is not None or start < 0:
            break
        head = _table(message[:start])
        if head is not None:
            text = f"{head} (fikk {message[start + len(_GOT) : -1]})"
        start = message.find(_GOT, start + 1)
    return text


def _translate(message: str) -> str | None:
    """The bokmål of `message` (perhaps after its place: a file name, a field path, a line), or None."""
    text = _with_value(message)
    start = message.find(": ") if text is None else -1
    for _ in range(MAX_SPLITS):
        if text is not None or start < 0:
            break
        place = _place(message[:start])
        rest = _with_value(message[start + 2 :]) if place is not None else None
        if rest is not None:
            text = f"{place}: {rest}"
        start = message.find(": ", start + 1)
    return text


def message_text(message: str, lang: str) -> str:
    """One of the model's messages in `lang`: English as it is; bokmål by the table, or marked as English."""
    if lang == "en":
        return message
    translated = _translate(message)
    return translated if translated is not None else _english(message)


def problem_text(problem: Problem | str, lang: str) -> str:
    """A problem (or a message) in `lang`: English exactly as ``str(problem)``; in bokmål its place and message."""
    if lang == "en":
        return str(problem)
    if isinstance(problem, str):
        return message_text(problem, lang)
    where, text = _where(problem.line, problem.column, problem.path), message_text(problem.message, lang)
    return f"{where}: {text}" if where else text

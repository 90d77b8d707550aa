"""The fit's notes in bokmål (pages/ui/note_text.py): every part of every note of real fits, by hand and by property.

The notes are those of real fits, split as the studio splits them (``note_items``): the sample extract with its
capacity file (as "Mine data" fits it, once for the module), a tiny extract made here for the rarer forms (a
service with no transfers, one with weekend admissions only, a wait at home, too few transfers for a delay, a
capacity with a yearly period and one with planned changes, an empirical CDF, a fit kept with a poor KS), and
a model run's own event log (its capacities come from the run's table, not a file). Every part has a template
(none falls back to "(på engelsk)"), one part of each form is checked against bokmål written out by hand, English
is the model's text unchanged, and every number and quoted name of an English part reaches its bokmål.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from plain_scenarios import make_scenario, make_service

from harmoni_model import load_scenario, simulate, validate_data
from harmoni_model.extracts.distributions import fit_durations
from harmoni_model.extracts.fit import fit_scenario
from harmoni_model.extracts.from_model import extract_from_run
from pages.ui.i18n import STRINGS
from pages.ui.my_data import fit_extract, note_items
from pages.ui.note_text import HEADS, PARTS, note_head_text, note_part_text

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_data"
BASELINE = load_scenario(SAMPLE / "scenarios" / "trondheim_baseline.yaml")
MARKER = STRINGS["nb"]["problems.english"].format(message="")
NBSP, MINUS = "\u00a0", "\u2212"

# --- the extracts ----------------------------------------------------------------------------------------

ORIGIN = dt.datetime(2025, 1, 6)  # a Monday
UNTIL = dt.date(2025, 7, 7)  # 26 weeks later


def _ts(day: float) -> str:
    return (ORIGIN + dt.timedelta(days=float(day))).isoformat(timespec="seconds")


def tiny_stays() -> bytes:
    """A few hundred stays, each group made for one of the rarer note forms."""
    rng = np.random.default_rng(3)
    rows: list[tuple[str, ...]] = []
    end = (UNTIL - ORIGIN.date()).days

    patients = [0]

    def add(service: str, referred: str, admitted: str, ready: str, left: str, nxt: str, *, same: bool = False) -> None:
        """One stay: of a new patient, or (`same`) of the one before, who came from the previous row."""
        patients[0] += 0 if same else 1
        rows.append((f"p{patients[0]:05d}", service, referred, admitted, ready, left, nxt))

    for k in range(130):  # hospital_medical: a third to home care (at once; some wait at home), a few to rehab
        a = k * (end - 12) / 130 + 0.3
        r = a + float(rng.gamma(4.0, 1.0))
        if k % 3 == 0:
            add("hospital_medical", "", _ts(a), _ts(r), _ts(r), "home_care")
            if k % 9 == 0:  # asked at once, got the place two days later, waiting at home
                add("home_care", _ts(r), _ts(r + 2), _ts(r + 3 + k % 5), _ts(r + 3 + k % 5), "exit", same=True)
            else:
                add("home_care", "", _ts(r), _ts(r + 1 + k % 7), _ts(r + 1 + k % 7), "exit", same=True)
        elif k % 20 == 1:  # five transfers: too few for a delay
            add("hospital_medical", "", _ts(a), _ts(r), _ts(r), "rehab")
            add("rehab", "", _ts(r), _ts(r + 2), _ts(r + 2), "exit", same=True)
        else:
            add("hospital_medical", "", _ts(a), _ts(r), _ts(r), "exit")
    add("hospital_medical", "", _ts(end - 3), _ts(end - 1), "", "")  # ready at the end, no next: a route assumed
    for k in range(8):  # left the home-care list without a place
        add("home_care", _ts(5 + k * 15), "", "", _ts(8 + k * 15), "exit")
    for week in range(end // 7):  # rehab admits on Saturdays and Sundays; stays of 2 or 20 days: no family fits
        for day in (5, 6):
            for j in range(2):
                a = week * 7 + day + 0.4 + j * 0.2
                r = a + (2.0 if (week + j) % 2 else 20.0)
                add("rehab", "", _ts(a), *((_ts(r), _ts(r), "exit") if r < end else ("", "", "")))
    for k in range(80):  # hospital_ortho: 1 or 10 days, a quarter still going: kept although its KS is poor
        a = 2 + k * 1.5
        if k % 4 == 3:
            add("hospital_ortho", "", _ts(100 + k * 0.1), "", "", "")
        else:
            add("hospital_ortho", "", _ts(a), _ts(a + (1 if k % 2 else 10)), _ts(a + (1 if k % 2 else 10)), "exit")
    for k in range(3):  # long_term: no completed stay in the period, one ready with nowhere to go
        add("long_term", "", _ts(-400 - k), _ts(end - 2) if k == 0 else "", "", "")
    for k in range(6):  # kad: six stays of two days
        add("kad", "", _ts(10 + k * 20), _ts(12 + k * 20), _ts(12 + k * 20), "exit")
    lines = ["patient_id,service,referred,admitted,ready,left,next", *(",".join(r) for r in rows)]
    return ("\n".join(lines) + "\n").encode()


TINY_CAPACITY = b"""service,from,capacity
home_care,2024-01-01,100
home_care,2025-03-01,80
home_care,2025-04-01,100
rehab,2024-01-01,20
rehab,2025-09-01,25
kad,2025-07-07,10
"""


def _parts(notes) -> list[tuple[str, list[str]]]:
    return [note_items(n) for n in notes]


@pytest.fixture(scope="module")
def sample_notes() -> list[tuple[str, list[str]]]:
    """The sample extract fitted as the studio's "Mine data" fits it."""
    outcome = fit_extract(
        (SAMPLE / "stays_synthetic.csv").read_bytes(), dt.date(2026, 1, 1), BASELINE,
        capacity=(SAMPLE / "capacity_synthetic.csv").read_bytes(),
        names=("stays_synthetic.csv", "units.csv", "capacity.csv"),
    )  # fmt: skip
    assert outcome.data is not None, outcome
    return _parts(outcome.notes)


@pytest.fixture(scope="module")
def tiny_notes() -> list[tuple[str, list[str]]]:
    outcome = fit_extract(
        tiny_stays(), UNTIL, BASELINE, fit_from=ORIGIN.date(), capacity=TINY_CAPACITY,
        names=("tiny.csv", "units.csv", "capacity.csv"),
    )  # fmt: skip
    assert outcome.data is not None, outcome
    return _parts(outcome.notes)


@pytest.fixture(scope="module")
def run_notes() -> list[tuple[str, list[str]]]:
    """A four-week model run's event log, fitted (the extract's name and capacities are the run's)."""
    scenario = validate_data(make_scenario(
        name="Run", start_date="2025-01-06", horizon_days=28, warmup_days=0, seed=1,
        services=[make_service("ward", organisation="hospital", kind="hospital_ward", capacity=10)],
        arrivals=[{"id": "acute", "to": "ward", "rate_per_day": 3.0}],
    ))  # fmt: skip
    result = simulate(scenario, 0, events=True)
    return _parts(fit_scenario(extract_from_run(result, scenario)).notes)


def _sampled_fit_part() -> str:
    """A length of stay fitted on a random subsample (over 200 000 stays in a real extract), as fit.py writes it."""
    note = fit_durations(np.random.default_rng(0).gamma(2.0, 2.0, size=500), max_points=100).note
    return f"length of stay: {note}, stays in big.csv going on or begun 2025-01-06 to 2025-07-06"


# fit.py drops the note of a patience too long to model (the service keeps the reference's), and the
# studio splits it at its "; ": the form has templates in case the note is kept; here it is written by hand.
TOO_RARE = "leaving the list: too rare to model (8 of 905 waits ended off it; a fitted mean patience of over 100 years)"


@pytest.fixture(scope="module")
def all_parts(sample_notes, tiny_notes, run_notes) -> list[str]:
    parts = [p for notes in (sample_notes, tiny_notes, run_notes) for _, ps in notes for p in ps]
    # an arrival stream's first part whole, as the fitted scenario's `source` has it (the page shows its pieces)
    whole = ["; ".join(ps[:2]) for notes in (sample_notes, tiny_notes) for h, ps in notes if h.startswith("arrivals ")]
    return [*parts, *whole, _sampled_fit_part(), TOO_RARE, *note_items(f"x: {TOO_RARE}")[1]]


# --- every part, every form --------------------------------------------------------------------------------


def test_every_part_of_every_note_has_a_template(all_parts, sample_notes, tiny_notes, run_notes):
    untranslated = [p for p in all_parts if note_part_text(p, "nb").startswith(MARKER)]
    assert not untranslated
    heads = [h for notes in (sample_notes, tiny_notes, run_notes) for h, _ in notes]
    ids = {s.id for s in BASELINE.services} | {"ward"}
    assert {note_head_text(h, "nb") for h in heads if h not in ids} >= {
        "tilstanden ved start",
        "innstrømning emergency_medical",
    }
    assert all(note_head_text(h, "nb") == h for h in heads if h in ids)  # a service's id: the page shows its name


def test_every_form_is_a_real_note(all_parts):
    """Each template matches a part of a real fit (or the hand-written too-rare note): none is made up."""
    unused = [t.pattern.pattern for t in PARTS if not any(t.pattern.fullmatch(p) for p in all_parts)]
    assert not unused


def test_english_is_the_models_text(all_parts, sample_notes):
    assert all(note_part_text(p, "en") == p for p in all_parts)
    assert all(note_head_text(h, "en") == h for h, _ in sample_notes)


def test_a_part_no_template_knows_is_said_to_be_english():
    assert note_part_text("a new kind of note", "nb") == MARKER + "a new kind of note"
    unknown_family = "length of stay: cauchy by AIC (n 50), KS 0.010, stays in a.csv going on or begun 2025-01-06 to "
    assert note_part_text(unknown_family + "2025-07-06", "nb").startswith(MARKER)  # a piece inside it unknown
    assert note_part_text("delays to ward: soon", "nb").startswith(MARKER)
    assert note_head_text("ward", "nb") == "ward" and len(HEADS) == 2


# One part of each form, and its bokmål written out by hand (the English is a real part of the fits above).
EXPECTED: list[tuple[str, str]] = [
    (
        "length of stay: lognormal by AIC (n 3 050, 44 % censored, 44 % already in a stay at the start), KS 0.019, "
        "stays in stays_synthetic.csv going on or begun 2023-01-02 to 2025-12-31",
        "liggetid: lognormal valgt etter AIC (n 3\xa0050, 44\xa0% sensurert, 44\xa0% allerede i et opphold ved "
        "starten), KS 0,019, opphold i stays_synthetic.csv som pågikk eller begynte 2023-01-02 til 2025-12-31",
    ),
    (
        "length of stay: empirical CDF (4 points, mean 10.57) from Kaplan-Meier (n 109, 7 % censored), KS 0.000: no "
        "family fits (best lognormal by AIC, KS 0.354 > 0.156), stays in tiny.csv going on or begun 2025-01-06 to "
        "2025-07-06",
        "liggetid: empirisk CDF (4 punkter, gjennomsnitt 10,57) fra Kaplan-Meier (n 109, 7\xa0% sensurert), KS 0,000: "
        "ingen fordelingsfamilie passer (best var lognormal valgt etter AIC, KS 0,354 > 0,156), opphold i tiny.csv "
        "som pågikk eller begynte 2025-01-06 til 2025-07-06",
    ),
    (
        "length of stay: lognormal by AIC (n 80, 25 % censored), KS 0.291: above the limit 0.182 but kept, because "
        "the Kaplan-Meier curve reaches only F = 0.75 (too many stays still going for an empirical CDF), stays in "
        "tiny.csv going on or begun 2025-01-06 to 2025-07-06",
        "liggetid: lognormal valgt etter AIC (n 80, 25\xa0% sensurert), KS 0,291: over grensen 0,182, men beholdt "
        "fordi Kaplan-Meier-kurven bare når F = 0,75 (for mange opphold pågår fortsatt til en empirisk CDF), "
        "opphold i tiny.csv som pågikk eller begynte 2025-01-06 til 2025-07-06",
    ),
    (
        "length of stay: exponential by AIC (n 6, exponential only: fewer than two distinct ended stays), KS 0.632, "
        "stays in tiny.csv going on or begun 2025-01-06 to 2025-07-06",
        "liggetid: exponential valgt etter AIC (n 6, bare exponential: færre enn to ulike lengder blant de "
        "avsluttede oppholdene), KS 0,632, opphold i tiny.csv som pågikk eller begynte 2025-01-06 til 2025-07-06",
    ),
    (
        "length of stay from the reference scenario (only 1 completed stays)",
        "liggetid fra referansescenariet (bare 1 avsluttede opphold)",
    ),
    ("routes from 706 completed stays (exit 1.000)", "ruter fra 706 avsluttede opphold (exit 1,000)"),
    (
        "no completed stays: every patient leaves (exit)",
        "ingen avsluttede opphold: alle pasienter går ut av tjenestene (exit)",
    ),
    (
        "delays to home_care: gamma by AIC (n 2 964), KS 0.012 from 2964 transfers, to short_term: gamma by AIC "
        "(n 2 744), KS 0.017 from 2744 transfers, to rehab: gamma by AIC (n 423), KS 0.026 from 423 transfers",
        "forsinkelser til home_care: gamma valgt etter AIC (n 2\xa0964), KS 0,012 fra 2964 overføringer, til "
        "short_term: gamma valgt etter AIC (n 2\xa0744), KS 0,017 fra 2744 overføringer, til rehab: gamma valgt "
        "etter AIC (n 423), KS 0,026 fra 423 overføringer",
    ),
    (
        "delays to home_care: none (0 of 44 transfers took time), to rehab: 5 transfers, too few for a delay",
        "forsinkelser til home_care: ingen (0 av 44 overføringer tok tid), til rehab: 5 overføringer, for få til å "
        "tilpasse en forsinkelse",
    ),
    (
        "keeps the place while the next service is full (1013 of 1013)",
        "beholder plassen mens neste tjeneste er full (1013 av 1013)",
    ),
    ("leaves the place while waiting (15 of 15)", "forlater plassen og venter hjemme (15 av 15)"),
    (
        "capacity 1350 (the most common in the year before 2026-01-01) from capacity.csv line 25",
        "kapasitet 1350 (den vanligste i året før 2026-01-01) fra capacity.csv linje 25",
    ),
    (
        "capacity 100 (the most common in the year before 2025-07-07) from capacity.csv lines 2-4, with 1 period(s) "
        "at other capacities repeated yearly",
        "kapasitet 100 (den vanligste i året før 2025-07-07) fra capacity.csv linje 2–4, med 1 periode(r) med annen "
        "kapasitet, gjentatt hvert år",
    ),
    (
        "capacity 10 (the most common in the year before 2025-02-03) from the capacity table",
        "kapasitet 10 (den vanligste i året før 2025-02-03) fra kapasitetstabellen",
    ),
    (
        "capacity 20 on 2025-07-07 and the changes planned after it, from capacity.csv lines 5-6",
        "kapasitet 20 på 2025-07-07 og endringene som er planlagt etter den, fra capacity.csv linje 5–6",
    ),
    ("capacity from capacity.csv line 7", "kapasitet fra capacity.csv linje 7"),
    (
        "capacity 7: the most patients seen at once 2025-01-06 to 2025-07-06 (no capacity.csv)",
        "kapasitet 7: flest pasienter samtidig 2025-01-06 til 2025-07-06 (ingen capacity.csv)",
    ),
    (
        "admissions on mon, tue, wed, thu, fri only (1703 admissions)",
        "inntak bare man, tir, ons, tor, fre (1703 inntak)",
    ),
    ("admissions on tue, wed, thu, sat, sun only (109 admissions)", "inntak bare tir, ons, tor, lør, søn (109 inntak)"),
    (
        "leaving the list: exponential by AIC (n 905, 99 % censored), KS 0.014 (8 of 905 waits ended off it)",
        "frafall fra ventelisten: exponential valgt etter AIC (n 905, 99\xa0% sensurert), KS 0,014 (8 av 905 på "
        "ventelisten gikk av den uten plass)",
    ),
    (
        TOO_RARE,
        "frafall fra ventelisten: for sjeldent til å modellere (8 av 905 på ventelisten gikk av den uten plass; en "
        "tilpasset gjennomsnittlig tålmodighet på over 100 år)",
    ),
    (
        "leaving the list: too rare to model (8 of 905 waits ended off it",
        "frafall fra ventelisten: for sjeldent til å modellere (8 av 905 på ventelisten gikk av den uten plass",
    ),
    ("a fitted mean patience of over 100 years)", "en tilpasset gjennomsnittlig tålmodighet på over 100 år)"),
    (
        "cost_per_place_nok, overflow from the reference scenario 'Trondheim baseline 2026'",
        "cost_per_place_nok, overflow fra referansescenariet 'Trondheim baseline 2026'",
    ),
    (
        "cost per FTE (as cost per place) from the reference scenario 'Trondheim baseline 2026'",
        "kostnad per årsverk (som kostnad per plass) fra referansescenariet 'Trondheim baseline 2026'",
    ),
    (
        "5293 patients who came to hospital_medical from outside the services (a first row, or one no earlier row "
        "led to",
        "5293 pasienter som kom til hospital_medical utenfra tjenestene (en første rad, eller en rad ingen tidligere "
        "rad førte til",
    ),
    (
        "their referred, else admitted) 2023-01-02 to 2025-12-31 in stays_synthetic.csv",
        "deres referred, ellers admitted) 2023-01-02 til 2025-12-31 i stays_synthetic.csv",
    ),
    (
        "4 patients who came to long_term from outside the services (a first row, or one no earlier row led to; "
        "their referred, else admitted) 2023-01-02 to 2025-12-31 in stays_synthetic.csv",
        "4 pasienter som kom til long_term utenfra tjenestene (en første rad, eller en rad ingen tidligere rad førte "
        "til; deres referred, ellers admitted) 2023-01-02 til 2025-12-31 i stays_synthetic.csv",
    ),
    ("4.834 a day in the period", "4,834 per dag i perioden"),
    (
        "growth +6.6 % a year (± 1.7, first against last 365 days)",
        "vekst +6,6\xa0% per år (± 1,7, første mot siste 365 dager)",
    ),
    (
        "growth -42.3 % a year (± 57.7, first against last 365 days)",
        "vekst −42,3\xa0% per år (± 57,7, første mot siste 365 dager)",
    ),
    ("weekday profile from the days of the week", "ukedagsprofil fra ukedagene"),
    ("monthly profile from the calendar months", "månedsprofil fra kalendermånedene"),
    (
        "no monthly profile (not every month in the period)",
        "ingen månedsprofil (ikke alle måneder er med i perioden)",
    ),
    (
        "the state of tiny.csv on 2025-07-07 at 00:00: 31 in a stay, 1 ready and still in the place, 0 waiting (1 "
        "ready with no next service in the extract: the most common route assumed) (1 ready with no next service "
        "and no route to assume: counted as in a stay)",
        "tilstanden i tiny.csv 2025-07-07 kl. 00:00: 31 i et opphold, 1 utskrivningsklare som fortsatt har plassen, "
        "0 venter (1 utskrivningsklare uten neste tjeneste i uttrekket: den vanligste ruten er antatt) (1 "
        "utskrivningsklare uten neste tjeneste og uten noen rute å anta: regnet som i et opphold)",
    ),
    (
        "the state of Run (model run, replication 0) on 2025-02-03 at 00:00: 10 in a stay, 0 ready and still in the "
        "place, 3 waiting",
        "tilstanden i Run (model run, replication 0) 2025-02-03 kl. 00:00: 10 i et opphold, 0 utskrivningsklare som "
        "fortsatt har plassen, 3 venter",
    ),
]


@pytest.mark.parametrize(("english", "bokmal"), EXPECTED, ids=[e[:40] for e, _ in EXPECTED])
def test_bokmal_by_hand(english, bokmal, all_parts):
    assert english in all_parts  # a part a real fit wrote (so the case cannot drift from the model)
    assert note_part_text(english, "nb") == bokmal


def test_each_form_has_a_case_by_hand():
    assert not [t.pattern.pattern for t in PARTS if not any(t.pattern.fullmatch(e) for e, _ in EXPECTED)]


def test_the_split_pieces_and_the_whole_part_agree():
    """A part with "; " inside brackets reaches the page in two pieces: together they read as the whole part."""
    for whole in (
        TOO_RARE,
        "12 patients who came to kad from outside the services (a first row, or one no earlier row led to; their "
        "referred, else admitted) 2025-01-06 to 2025-07-06 in tiny.csv",
    ):
        pieces = note_items(f"x: {whole}")[1]
        assert len(pieces) == 2
        assert "; ".join(note_part_text(p, "nb") for p in pieces) == note_part_text(whole, "nb")


# --- every number and quoted name carried over -----------------------------------------------------------------

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}|\d\d:\d\d")
_QUOTED = re.compile(r"'[^']*'")
_EN_NUMBER = re.compile(r"(?<![\w.])[+-]?\d{1,3}(?: \d{3})+(?![\w.])|(?<![\w.,])[+-]?\d+(?:\.\d+)?(?![\w])")
_NB_NUMBER = re.compile(r"(?<![\w,])[+\u2212]?\d{1,3}(?:\u00a0\d{3})+(?![\w])|(?<![\w,])[+\u2212]?\d+(?:,\d+)?(?![\w])")
_FIXED = re.compile(r"last 365 days|over 100 years")  # the model's own words, not its figures


def _bokmal_number(text: str) -> str:
    text = text.replace(" ", NBSP).replace(".", ",")
    return MINUS + text[1:] if text.startswith("-") else text


def _carried(english: str) -> None:
    bokmal = note_part_text(english, "nb")
    assert not bokmal.startswith(MARKER), english
    for kept in _DATE.findall(english) + _QUOTED.findall(english):
        assert kept in bokmal
    plain_en, plain_nb = (_QUOTED.sub("", _DATE.sub("", text)) for text in (english, bokmal))
    numbers = [_bokmal_number(n) for n in _EN_NUMBER.findall(plain_en)]
    assert _NB_NUMBER.findall(plain_nb.replace("–", " – ")) == numbers, (english, bokmal)


def test_every_number_and_quoted_name_reaches_the_bokmal(all_parts):
    for part in all_parts:
        _carried(part)


def _renumbered(part: str, data: st.DataObject) -> str:
    """`part` with each figure the model wrote replaced by another of the same form (sign, grouping, decimals)."""
    out, last = [], 0
    fixed = [m.span() for m in _FIXED.finditer(part)] + [m.span() for m in _DATE.finditer(part)]
    for m in _EN_NUMBER.finditer(part):
        text = m.group()
        if any(a <= m.start() < b for a, b in fixed):
            continue
        sign = text[0] if text[0] in "+-" else ""
        digits = text.lstrip("+-")
        decimals = len(digits.split(".")[1]) if "." in digits else 0
        if " " in digits or re.search(r"(?:\bn|random) $", part[: m.start()]):  # a count the model groups (_count)
            new = f"{data.draw(st.integers(1000, 10**9)):,}".replace(",", " ")
        else:
            whole = data.draw(st.integers(0, 10**6))
            new = f"{whole}.{data.draw(st.integers(0, 10**decimals - 1)):0{decimals}d}" if decimals else str(whole)
        if sign:
            new = data.draw(st.sampled_from("+-")) + new
        out.append(part[last : m.start()] + new)
        last = m.end()
    return "".join(out) + part[last:]


@settings(max_examples=15, deadline=None)
@given(st.data())
def test_any_figures_reach_the_bokmal(all_parts_once, data):
    for part in all_parts_once:  # every form each time, its figures drawn anew
        _carried(_renumbered(part, data))


@pytest.fixture(scope="module")
def all_parts_once(all_parts) -> list[str]:
    # without the quoted reference names' digits and the run's "replication 0" (names, not figures)
    return sorted({p for p in all_parts if "'" not in p and "model run" not in p})

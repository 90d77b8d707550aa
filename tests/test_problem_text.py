"""The model's problem messages in bokmål (pages/ui/problem_text.py): every template against a real message.

Each case is a message a real reader produced from a bad input (tests/faults.py) and its bokmål, written out;
English is the model's text unchanged; what a message quotes from the user's file is carried over as written;
a message no template knows is shown in English and marked so.
"""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from faults import all_faults
from hypothesis import given, settings
from hypothesis import strategies as st

from harmoni_model import loads_scenario
from harmoni_model.problems import Problem
from harmoni_model.scenario.errors import ScenarioError
from pages.ui import problem_text as pt
from pages.ui.i18n import STRINGS
from pages.ui.problem_text import TEMPLATES, message_text, problem_text

MARKER = STRINGS["nb"]["problems.english"].format(message="")

EXPECTED: list[tuple[str, str]] = [
    (
        "x.yaml: not valid YAML/JSON at line 3, column 1: expected ',' or ']', but got '<stream end>'",
        "x.yaml: ikke gyldig YAML/JSON på linje 3, kolonne 1: forventet ',' eller ']', men fikk '<stream end>'",
    ),
    (
        "x.yaml: not valid YAML/JSON at line 2, column 1: expected <block end>, but found '-'",
        "x.yaml: ikke gyldig YAML/JSON på linje 2, kolonne 1: forventet <block end>, men fant '-'",
    ),
    (
        "x.yaml: not valid YAML/JSON at line 2, column 8: mapping values are not allowed here",
        "x.yaml: ikke gyldig YAML/JSON på linje 2, kolonne 8: et kolon (navn: verdi) er ikke tillatt her",
    ),
    (
        "x.yaml: not valid YAML/JSON at line 4, column 1: could not find expected ':'",
        "x.yaml: ikke gyldig YAML/JSON på linje 4, kolonne 1: fant ikke forventet ':'",
    ),
    (
        "x.yaml: not valid YAML/JSON at line 2, column 1: found character '\\t' that cannot start any token",
        "x.yaml: ikke gyldig YAML/JSON på linje 2, kolonne 1: fant tegnet '\\t', som ikke kan starte noe her",
    ),
    (
        "x.yaml: not valid YAML/JSON at line 2, column 1: found unexpected end of stream",
        "x.yaml: ikke gyldig YAML/JSON på linje 2, kolonne 1: fant uventet slutt på filen",
    ),
    (
        "x.yaml: not valid YAML/JSON at line 1, column 8: unacceptable character #x0007: special "
        "characters are not allowed",
        "x.yaml: ikke gyldig YAML/JSON på linje 1, kolonne 8: ugyldig tegn #x0007: spesialtegn er ikke tillatt",
    ),
    (
        "x.yaml: not valid YAML/JSON at line 1, column 10: found unknown escape character 'q'",
        "x.yaml: ikke gyldig YAML/JSON på linje 1, kolonne 10: fant et ukjent escape-tegn 'q'",
    ),
    (
        "x.yaml: not valid YAML/JSON at line 3, column 1: the key 'name' is given twice",
        "x.yaml: ikke gyldig YAML/JSON på linje 3, kolonne 1: nøkkelen 'name' står to ganger",
    ),
    (
        "x.yaml: not valid YAML/JSON at line 2, column 7: anchors (&a) are not allowed in a scenario: "
        "write the value out",
        "x.yaml: ikke gyldig YAML/JSON på linje 2, kolonne 7: ankere (&a) er ikke tillatt i et "
        "scenario: skriv verdien ut",
    ),
    (
        "x.yaml: not valid YAML/JSON at line 2, column 7: tags such as !!str are not allowed in a "
        "scenario: write the value plainly",
        "x.yaml: ikke gyldig YAML/JSON på linje 2, kolonne 7: tagger som !!str er ikke tillatt i et "
        "scenario: skriv verdien rett ut",
    ),
    (
        "x.yaml: not valid YAML/JSON at line 3, column 3: merge keys (<<) are not allowed in a "
        "scenario: write the fields out",
        "x.yaml: ikke gyldig YAML/JSON på linje 3, kolonne 3: flettenøkler (<<) er ikke tillatt i et "
        "scenario: skriv feltene ut",
    ),
    (
        "x.yaml: nested too deeply to be a scenario",
        "x.yaml: nøstet for dypt til å være et scenario",
    ),
    (
        "x.yaml: the file is empty",
        "x.yaml: filen er tom",
    ),
    (
        "the scenario is empty",
        "scenarioet er tomt",
    ),
    (
        "a scenario must be a mapping of fields (schema_version, name, services ...), not a list",
        "et scenario må være en samling felt (schema_version, name, services ...), ikke en liste",
    ),
    (
        "services: needs at least 1 item(s)",
        "services: må ha minst 1 element",
    ),
    (
        "capasity: unknown field (check the spelling)",
        "capasity: ukjent felt (sjekk stavemåten)",
    ),
    (
        "horizon_days: required field is missing",
        "horizon_days: obligatorisk felt mangler",
    ),
    (
        "seed: is a number of more than 308 digits",
        "seed: er et tall med mer enn 308 sifre",
    ),
    (
        "services[0].capacity: must be >= 0 (got -3)",
        "services[0].capacity: må være >= 0 (fikk -3)",
    ),
    (
        "services[0].initial_occupancy: is larger than the capacity (34 > -3)",
        "services[0].initial_occupancy: er større enn kapasiteten (34 > -3)",
    ),
    (
        "services[0].capacity: must be a whole number (got 'abc')",
        "services[0].capacity: må være et heltall (fikk 'abc')",
    ),
    (
        "services[0].capacity: must be a number, not true",
        "services[0].capacity: må være et tall, ikke true",
    ),
    (
        "services[0].capacity: must be a finite number (got nan)",
        "services[0].capacity: må være et endelig tall (fikk nan)",
    ),
    (
        "services[0].length_of_stay.mean: must be a number (got 'abc')",
        "services[0].length_of_stay.mean: må være et tall (fikk 'abc')",
    ),
    (
        "services[0].blocking: must be true or false (got 'maybe')",
        "services[0].blocking: må være true eller false (fikk 'maybe')",
    ),
    (
        "services[0].when_full: must be queue, lost or {divert: <service id>}",
        "services[0].when_full: må være queue, lost eller {divert: <tjeneste-id>}",
    ),
    (
        "services[0].when_full.divert: a service cannot divert to itself",
        "services[0].when_full.divert: en tjeneste kan ikke avlede til seg selv",
    ),
    (
        "services[0].when_full.divert: cannot divert to 'exit' (use when_full: lost)",
        "services[0].when_full.divert: kan ikke avlede til 'exit' (bruk when_full: lost)",
    ),
    (
        "services[0].when_full.divert: unknown service 'nowhere'",
        "services[0].when_full.divert: ukjent tjeneste 'nowhere'",
    ),
    (
        "services[0].organisation: must be one of 'hospital' or 'municipality' (got 'foo')",
        "services[0].organisation: må være en av 'hospital' eller 'municipality' (fikk 'foo')",
    ),
    (
        "services[0].kind: 'hospital_ward' is a hospital service, but organisation is 'municipality'",
        "services[0].kind: 'hospital_ward' er en sykehustjeneste, men organisation er 'municipality'",
    ),
    (
        "services[0].id: must use only a-z, 0-9 and _ (got 'Bad Id')",
        "services[0].id: kan bare inneholde a-z, 0-9 og _ (fikk 'Bad Id')",
    ),
    (
        "services[0].id: 'exit' is reserved for leaving the system",
        "services[0].id: 'exit' er reservert for å forlate systemet",
    ),
    (
        "services[0].id: 'system' is reserved for the whole system's figures",
        "services[0].id: 'system' er reservert for tallene for hele systemet",
    ),
    (
        "services[0].id: is too long (at most 64 characters)",
        "services[0].id: er for lang (høyst 64 tegn)",
    ),
    (
        "services[0].length_of_stay: unknown distribution 'weird'; use one of exponential, lognormal, "
        "gamma, triangular, fixed, empirical",
        "services[0].length_of_stay: ukjent fordeling 'weird'; bruk en av exponential, lognormal, "
        "gamma, triangular, fixed, empirical",
    ),
    (
        "services[0].length_of_stay: needs a 'distribution' field",
        "services[0].length_of_stay: mangler feltet 'distribution'",
    ),
    (
        "services[0].length_of_stay: needs min <= mode <= max and min < max",
        "services[0].length_of_stay: krever min <= mode <= max og min < max",
    ),
    (
        "services[0].length_of_stay: give either values or cdf, not both or neither",
        "services[0].length_of_stay: oppgi enten values eller cdf (én av dem, ikke begge)",
    ),
    (
        "services[0].length_of_stay: values must not be empty",
        "services[0].length_of_stay: values kan ikke være tom",
    ),
    (
        "services[0].length_of_stay: values must have a positive mean",
        "services[0].length_of_stay: values må ha et positivt gjennomsnitt",
    ),
    (
        "services[0].length_of_stay: cdf needs at least two points",
        "services[0].length_of_stay: cdf trenger minst to punkter",
    ),
    (
        "services[0].length_of_stay: cdf points must be non-decreasing in x and F",
        "services[0].length_of_stay: punktene i cdf kan ikke synke, verken i x eller i F",
    ),
    (
        "services[0].length_of_stay: cdf must start at F = 0 and end at F = 1",
        "services[0].length_of_stay: cdf må starte i F = 0 og slutte i F = 1",
    ),
    (
        "services[0].admission_days: needs at least one admission day",
        "services[0].admission_days: må ha minst én inntaksdag",
    ),
    (
        "services[0].admission_days: a weekday is listed twice",
        "services[0].admission_days: en ukedag står to ganger",
    ),
    (
        "services[0].admission_days: must be a list (got 5)",
        "services[0].admission_days: må være en liste (fikk 5)",
    ),
    (
        "services[0].next: routing probabilities must sum to 1 (they sum to 1.8)",
        "services[0].next: sannsynlighetene for videre flyt må til sammen bli 1 (de blir 1,8)",
    ),
    (
        "services[0].next: needs at least one route (use {to: exit, p: 1})",
        "services[0].next: må ha minst én rute (bruk {to: exit, p: 1})",
    ),
    (
        "services[0].next[0].blocking: has no meaning on a route to exit",
        "services[0].next[0].blocking: har ingen betydning på en rute til exit",
    ),
    (
        "services[0].next[0].delay: has no meaning on a route to exit (nobody to wait for)",
        "services[0].next[0].delay: har ingen betydning på en rute til exit (det er ingen å vente på)",
    ),
    (
        "name: must not contain control characters (found U+0007)",
        "name: kan ikke inneholde kontrolltegn (fant U+0007)",
    ),
    (
        "services[0]: must be a mapping of fields (got 5)",
        "services[0]: må være en samling felt (navn: verdi) (fikk 5)",
    ),
    (
        "services[3].id: duplicate id 'short_term' (also services[1])",
        "services[3].id: id-en 'short_term' er brukt to ganger (også i services[1])",
    ),
    (
        "headline[1]: the same figure as headline[0]",
        "headline[1]: samme tall som headline[0]",
    ),
    (
        "start_date: must be a date (YYYY-MM-DD) (got '2026-02-30')",
        "start_date: må være en dato (ÅÅÅÅ-MM-DD) (fikk '2026-02-30')",
    ),
    (
        "start_date: must be a date (YYYY-MM-DD), without a time of day",
        "start_date: må være en dato (ÅÅÅÅ-MM-DD), uten klokkeslett",
    ),
    (
        "arrivals[0].weekday_profile: needs exactly 7 values (got 2)",
        "arrivals[0].weekday_profile: må ha nøyaktig 7 verdier (fikk 2)",
    ),
    (
        "arrivals[0].weekday_profile: needs at least one positive value",
        "arrivals[0].weekday_profile: må ha minst én positiv verdi",
    ),
    (
        "arrivals: about 143,718,042 patients would arrive in one replication (limit 10,000,000); "
        "shorten the horizon or lower the rates",
        "arrivals: om lag 143\xa0718\xa0042 pasienter ville komme i én replikasjon (grensen er "
        "10\xa0000\xa0000); kort ned horisonten eller senk ankomstratene",
    ),
    (
        "services[0].capacity_calendar[1]: overlaps capacity_calendar[0] (2026-07-01 to 2026-07-10, "
        "every year) on 2026-07-05: periods must not share a day",
        "services[0].capacity_calendar[1]: overlapper capacity_calendar[0] (2026-07-01 til 2026-07-10, "
        "hvert år) på 2026-07-05: periodene kan ikke ha noen dag felles",
    ),
    (
        "services[0].capacity_calendar[0]: 'to' (2026-07-01) is before 'from' (2026-07-10)",
        "services[0].capacity_calendar[0]: 'to' (2026-07-01) er før 'from' (2026-07-10)",
    ),
    (
        "services[0].capacity_calendar[0].repeat: must be 'yearly', or left out for a period that "
        "happens once (got 'weekly')",
        "services[0].capacity_calendar[0].repeat: må være 'yearly', eller utelates for en periode som "
        "skjer én gang (fikk 'weekly')",
    ),
    (
        "services[0].capacity_calendar[0]: a yearly period can last at most 365 days, 'from' and 'to' "
        "included (this one lasts 366)",
        "services[0].capacity_calendar[0]: en årlig periode kan vare høyst 365 dager, 'from' og 'to' "
        "medregnet (denne varer 366)",
    ),
    (
        "services[0].capacity_calendar: has too many items (at most 100)",
        "services[0].capacity_calendar: har for mange elementer (høyst 100)",
    ),
    (
        "services[0].staffing_calendar: needs 'staffing' on the service (its FTE outside these periods, "
        "and patients_per_fte)",
        "services[0].staffing_calendar: krever 'staffing' på tjenesten (årsverkene utenom disse "
        "periodene, og patients_per_fte)",
    ),
    (
        "headline[1]: unknown KPI 'bogus' for the system (one of: overliggedogn, "
        "overliggedogn_cost_nok, corridor_days)",
        "headline[1]: ukjent KPI 'bogus' for systemet (en av: overliggedogn, overliggedogn_cost_nok, corridor_days)",
    ),
    (
        "headline[0].scope: unknown service 'nowhere' (or 'system')",
        "headline[0].scope: ukjent tjeneste 'nowhere' (eller 'system')",
    ),
    (
        "services[0].priority[0]: 'short_term' is both an arrival id and a service id: rename one",
        "services[0].priority[0]: 'short_term' er både en ankomst-id og en tjeneste-id: gi en av dem et nytt navn",
    ),
    (
        "services[1].priority[1]: 'hospital' is listed twice",
        "services[1].priority[1]: 'hospital' står to ganger",
    ),
    (
        "services[1].priority[2]: 'nobody' sends no patients to 'short_term' (list an arrival stream "
        "into 'short_term', or a service that routes or diverts to it)",
        "services[1].priority[2]: 'nobody' sender ingen pasienter til 'short_term' (før opp en "
        "ankomststrøm til 'short_term', eller en tjeneste som sender eller avleder pasienter dit)",
    ),
    (
        "services[2].priority_after_days: needs a 'priority' list (it moves a patient who has waited "
        "this long to its first class)",
        "services[2].priority_after_days: krever en 'priority'-liste (en pasient som har ventet så "
        "lenge, flyttes til første klasse)",
    ),
    (
        "services[0].renege: needs when_full: queue (with when_full: lost, nobody waits)",
        "services[0].renege: krever when_full: queue (med when_full: lost venter ingen)",
    ),
    (
        "services[0].priority: needs when_full: queue (with when_full: divert to 'short_term', nobody waits)",
        "services[0].priority: krever when_full: queue (med avledning til 'short_term' venter ingen)",
    ),
    (
        "services[1].when_full.divert: diversion cycle short_term -> nursing_home -> short_term",
        "services[1].when_full.divert: avledningene går i ring: short_term -> nursing_home -> short_term",
    ),
    (
        "description: must be text",
        "description: må være tekst",
    ),
    (
        "initial_state.services[0].ready[0]: since_ready (2) is longer than elapsed (1)",
        "initial_state.services[0].ready[0]: since_ready (2) er lengre enn elapsed (1)",
    ),
    (
        "services[0].initial_occupancy: must be 0 (or left out) when the scenario gives initial_state",
        "services[0].initial_occupancy: må være 0 (eller utelates) når scenarioet har initial_state",
    ),
    (
        "initial_state.services[0].waiting[0].origin: unknown origin 'nobody' (an arrival id or a service id)",
        "initial_state.services[0].waiting[0].origin: ukjent opphav 'nobody' (en ankomst-id eller en tjeneste-id)",
    ),
    (
        "initial_state.services[1].id: 'hospital' is listed twice (also initial_state.services[0])",
        "initial_state.services[1].id: 'hospital' står to ganger (også i initial_state.services[0])",
    ),
    (
        "... and 41 more problems",
        "... og 41 problemer til",
    ),
    (
        "extends: only a scenario file in a folder can extend another file",
        "extends: bare en scenariofil i en mappe kan utvide en annen fil",
    ),
    (
        "extends: must be the file name of the scenario this one changes",
        "extends: må være filnavnet til scenarioet denne filen endrer",
    ),
    (
        "extends: '../b.yaml' must be in the same folder (or below it)",
        "extends: '../b.yaml' må ligge i samme mappe (eller under den)",
    ),
    (
        "extends: 'a.yaml' extends itself (through {tmp}/e3/a.yaml -> {tmp}/e3/b.yaml)",
        "extends: 'a.yaml' utvider seg selv (gjennom {tmp}/e3/a.yaml -> {tmp}/e3/b.yaml)",
    ),
    (
        "extends: 'b.yaml' is not a scenario",
        "extends: 'b.yaml' er ikke et scenario",
    ),
    (
        "extends: more than 5 levels of extends",
        "extends: mer enn 5 nivåer med extends",
    ),
    (
        "changes: must be a mapping: {services: {<id>: {field: value}}, arrivals: {...}}",
        "changes: må være en samling: {services: {<id>: {felt: verdi}}, arrivals: {...}}",
    ),
    (
        "changes.bogus: unknown section (use services or arrivals)",
        "changes.bogus: ukjent del (bruk services eller arrivals)",
    ),
    (
        "changes.arrivals: must map ids to the fields that change",
        "changes.arrivals: må knytte id-er til feltene som endres",
    ),
    (
        "changes.services.nowhere: no service with this id in the scenario it extends",
        "changes.services.nowhere: ingen tjeneste med denne id-en i scenarioet den utvider",
    ),
    (
        "changes.services.hospital: must be a mapping of the fields that change",
        "changes.services.hospital: må være en samling av feltene som endres",
    ),
    (
        "{tmp}/missing.yaml: no such file",
        "{tmp}/missing.yaml: filen finnes ikke",
    ),
    (
        "{tmp}: is a directory, not a scenario file",
        "{tmp}: er en mappe, ikke en scenariofil",
    ),
    (
        "{tmp}/e8/a.yaml: file is too large (limit 2000000 bytes)",
        "{tmp}/e8/a.yaml: filen er for stor (grensen er 2000000 byte)",
    ),
    (
        "{tmp}/e9/a.yaml: not a UTF-8 text file",
        "{tmp}/e9/a.yaml: ikke en UTF-8-tekstfil",
    ),
    (
        "services[0].next[0].p: patients return to 'hospital' about 1 times on average; at most 1 "
        "visits per patient are allowed",
        "services[0].next[0].p: pasientene kommer tilbake til 'hospital' om lag 1 ganger i snitt; høyst "
        "1 besøk per pasient er tillatt",
    ),
    (
        "arrivals[0].rate_per_day: about 2 762 patients would arrive in one replication (warm-up and "
        "horizon_days; at most 10): shorten horizon_days or lower the rates",
        "arrivals[0].rate_per_day: om lag 2\xa0762 pasienter ville komme i én replikasjon (innkjøring "
        "og horizon_days; høyst 10): kort ned horizon_days eller senk ankomstratene",
    ),
    (
        "arrivals[0].rate_per_day: about 12 109 events per replication, most of them from these "
        "arrivals over warm-up and horizon_days (at most 10)",
        "arrivals[0].rate_per_day: om lag 12\xa0109 hendelser per replikasjon, de fleste fra disse "
        "ankomstene gjennom innkjøring og horizon_days (høyst 10)",
    ),
    (
        "horizon_days: about 608 patients at once need about 21 MB per replication (at most 0 MB)",
        "horizon_days: om lag 608 pasienter samtidig trenger om lag 21 MB per replikasjon (høyst 0 MB)",
    ),
    (
        "replications: 20 replications of about 12 109 events each are about 242 189 events (at most 10)",
        "replications: 20 replikasjoner med om lag 12\xa0109 hendelser hver er om lag 242\xa0189 hendelser (høyst 10)",
    ),
    (
        "services[0].next[1].p: patients who reach 'hospital' never leave its routing loop (they return "
        "with probability 1); at most 50 visits per patient are allowed",
        "services[0].next[1].p: pasienter som kommer til 'hospital', kommer aldri ut av sløyfen (de "
        "kommer tilbake med sannsynlighet 1); høyst 50 besøk per pasient er tillatt",
    ),
    (
        "services[1].when_full.divert: a patient diverted from 'short_term' is routed back to it with "
        "probability 1, round and round for as long as it is full; at most 50 visits per patient are "
        "allowed",
        "services[1].when_full.divert: en pasient som avledes fra 'short_term', sendes tilbake dit med "
        "sannsynlighet 1, rundt og rundt så lenge den er full; høyst 50 besøk per pasient er tillatt",
    ),
    (
        "more than 1,000 events in one replication at day 40.7: check routes that lead back to "
        "'nursing_home' with very short stays",
        "mer enn 1\xa0000 hendelser i én replikasjon på dag 40,7: sjekk ruter som fører tilbake til "
        "'nursing_home' med svært korte opphold",
    ),
    (
        "line 1: the header uses ';' as separator (Norwegian Excel); the file must be comma-separated "
        "with the header week,indicator,value,source (in Excel: save as 'CSV UTF-8 (kommadelt)')",
        "linje 1: overskriftslinjen bruker ';' som skilletegn (norsk Excel); filen må være kommadelt, "
        "med kolonnene week,indicator,value,source (i Excel: lagre som 'CSV UTF-8 (kommadelt)')",
    ),
    (
        "line 1, column 'week': the column appears twice in the header",
        "linje 1, kolonne «week»: kolonnen står to ganger i overskriftslinjen",
    ),
    (
        "line 1, column 'extra': unknown column; the file must have exactly the columns week,indicator,value,source",
        "linje 1, kolonne «extra»: ukjent kolonne; filen må ha nøyaktig kolonnene week,indicator,value,source",
    ),
    (
        "line 1, column 'source': missing column; the header must be week,indicator,value,source",
        "linje 1, kolonne «source»: kolonnen mangler; overskriftslinjen må ha kolonnene week,indicator,value,source",
    ),
    (
        "line 1: the file is empty (expected the header week,indicator,value,source and one row per "
        "week and indicator)",
        "linje 1: filen er tom (forventet en overskriftslinje med kolonnene week,indicator,value,source "
        "og én rad per uke og indikator)",
    ),
    (
        "line 1: the table is empty (expected the columns week,indicator,value,source)",
        "linje 1: tabellen er tom (forventet kolonnene week,indicator,value,source)",
    ),
    (
        "line 2: the file has a header but no rows of data",
        "linje 2: filen har en overskriftslinje, men ingen rader med data",
    ),
    (
        "this looks like an Excel workbook (.xlsx), not a CSV file: save it as 'CSV UTF-8'",
        "dette ser ut som en Excel-arbeidsbok (.xlsx), ikke en CSV-fil: lagre den som 'CSV UTF-8'",
    ),
    (
        "line 2: the file is not UTF-8 text (binary data, or saved in another encoding): save it as 'CSV UTF-8'",
        "linje 2: filen er ikke UTF-8-tekst (binærdata, eller lagret med en annen tegnkoding): lagre "
        "den som 'CSV UTF-8'",
    ),
    (
        "line 2: contains a NUL character: this is not a text CSV file",
        "linje 2: inneholder et NUL-tegn: dette er ikke en CSV-fil med tekst",
    ),
    (
        "the file is too large (20000001 bytes, limit 20000000)",
        "filen er for stor (20000001 byte, grensen er 20000000)",
    ),
    (
        "line 2: cannot read the CSV (unexpected end of data); check the quotes around this line",
        "linje 2: kan ikke lese CSV-filen (uventet slutt på dataene); sjekk anførselstegnene rundt denne linjen",
    ),
    (
        "line 2: cannot read the CSV (',' expected after '\"'); check the quotes around this line",
        "linje 2: kan ikke lese CSV-filen (',' ventet etter '\"'); sjekk anførselstegnene rundt denne linjen",
    ),
    (
        "line 2, column 'week': the week is empty (give the Monday of the week as YYYY-MM-DD)",
        "linje 2, kolonne «week»: uken er tom (oppgi mandagen i uken som ÅÅÅÅ-MM-DD)",
    ),
    (
        "line 3, column 'week': 'abc' is not a date; write the Monday of the week as YYYY-MM-DD, e.g. 2025-01-06",
        "linje 3, kolonne «week»: 'abc' er ikke en dato; skriv mandagen i uken som ÅÅÅÅ-MM-DD, f.eks. 2025-01-06",
    ),
    (
        "line 4, column 'week': 2025-01-07 is a Tuesday, not a Monday; use the Monday that starts the "
        "ISO week (2025-01-06)",
        "linje 4, kolonne «week»: 2025-01-07 er en tirsdag, ikke en mandag; bruk mandagen som starter "
        "ISO-uken (2025-01-06)",
    ),
    (
        "line 5, column 'week': 1900-01-01 is outside the years 1990–2100",
        "linje 5, kolonne «week»: 1900-01-01 er utenfor årene 1990–2100",
    ),
    (
        "line 6, column 'value': the value is empty (leave the row out when there is no value)",
        "linje 6, kolonne «value»: verdien er tom (utelat raden når det ikke finnes noen verdi)",
    ),
    (
        "line 7, column 'value': '1,5' is not a number (use a point as the decimal separator: 1.5)",
        "linje 7, kolonne «value»: '1,5' er ikke et tall (bruk punktum som desimaltegn: 1.5)",
    ),
    (
        "line 8, column 'value': '5%' is not a number (leave out the % sign: 5)",
        "linje 8, kolonne «value»: '5%' er ikke et tall (utelat %-tegnet: 5)",
    ),
    (
        "line 9, column 'value': must not be negative (got -2)",
        "linje 9, kolonne «value»: kan ikke være negativ (fikk -2)",
    ),
    (
        "line 10, column 'value': hospital_occupancy_pct is an occupancy (overfull wards count) and "
        "cannot be above 200 (got 1000)",
        "linje 10, kolonne «value»: hospital_occupancy_pct er et belegg (overfylte avdelinger teller "
        "med) og kan ikke være over 200 (fikk 1000)",
    ),
    (
        "line 11, column 'indicator': unknown indicator 'bogus'; known indicators: "
        "utskrivningsklare_per_day, overliggedogn, corridor_days, hospital_occupancy_pct, "
        "kad_occupancy_pct, short_term_occupancy_pct, nursing_home_occupancy_pct, "
        "short_term_waiting_list, short_term_wait_days, nursing_home_waiting_list, "
        "nursing_home_wait_days, home_care_clients, readmissions_30d_pct",
        "linje 11, kolonne «indicator»: ukjent indikator 'bogus'; kjente indikatorer: "
        "utskrivningsklare_per_day, overliggedogn, corridor_days, hospital_occupancy_pct, "
        "kad_occupancy_pct, short_term_occupancy_pct, nursing_home_occupancy_pct, "
        "short_term_waiting_list, short_term_wait_days, nursing_home_waiting_list, "
        "nursing_home_wait_days, home_care_clients, readmissions_30d_pct",
    ),
    (
        "line 12, column 'indicator': unknown indicator 'utskrivningsklare_per_da'; did you mean "
        "'utskrivningsklare_per_day'?",
        "linje 12, kolonne «indicator»: ukjent indikator 'utskrivningsklare_per_da'; mente du "
        "'utskrivningsklare_per_day'?",
    ),
    (
        "line 13, column 'source': the source is empty (say where the number comes from)",
        "linje 13, kolonne «source»: kilden er tom (si hvor tallet kommer fra)",
    ),
    (
        "line 15, column 'week': duplicate: week 2025-03-03 and indicator 'utskrivningsklare_per_day' "
        "already appear on line 14",
        "linje 15, kolonne «week»: dobbelt: uke 2025-03-03 og indikator 'utskrivningsklare_per_day' "
        "står allerede på linje 14",
    ),
    (
        "line 16: has 3 fields but the header has 4 (a comma inside a value? put that value in double quotes)",
        "linje 16: har 3 felt, men overskriftslinjen har 4 (et komma inne i en verdi? sett verdien i "
        "doble anførselstegn)",
    ),
    (
        "line 17, column 'value': '1e999' is too large",
        "linje 17, kolonne «value»: '1e999' er for stort",
    ),
    (
        "line 18, column 'value': 'x' is not a number",
        "linje 18, kolonne «value»: 'x' er ikke et tall",
    ),
    (
        "line 2: the table has columns but no rows of data",
        "linje 2: tabellen har kolonner, men ingen rader med data",
    ),
    (
        "the text contains characters that are not valid Unicode",
        "teksten inneholder tegn som ikke er gyldig Unicode",
    ),
    (
        "line 2: a double quote is never closed: a quoted value must end with a double quote",
        "linje 2: et dobbelt anførselstegn lukkes aldri: en verdi i anførselstegn må slutte med et "
        "dobbelt anførselstegn",
    ),
    (
        "line 2: cannot read the CSV: a double quote inside a value that is not itself in quotes (put "
        'the whole value in double quotes and write a quote inside it as "")',
        "linje 2: kan ikke lese CSV-filen: et dobbelt anførselstegn inne i en verdi som ikke selv står "
        "i anførselstegn (sett hele verdien i doble anførselstegn, og skriv et anførselstegn inne i den "
        'som "")',
    ),
    (
        "line 2, column 'patient_id': the patient_id is empty (give the patient's pseudonym)",
        "linje 2, kolonne «patient_id»: patient_id er tom (oppgi pasientens pseudonym)",
    ),
    (
        "line 3, column 'service': the service is empty (a service id, or a unit of units.csv)",
        "linje 3, kolonne «service»: tjenesten er tom (en tjeneste-id, eller en enhet i units.csv)",
    ),
    (
        "line 4, column 'service': unknown service 'nowhere': add it to units.csv with its organisation and kind",
        "linje 4, kolonne «service»: ukjent tjeneste 'nowhere': legg den til i units.csv med organisation og kind",
    ),
    (
        "line 5, column 'admitted': '01.02.2025 10:00' is not a date; write admitted as YYYY-MM-DD, "
        "YYYY-MM-DDTHH:MM or YYYY-MM-DDTHH:MM:SS (e.g. 2024-03-01T14:30) (write the year first: "
        "2025-02-01T10:00)",
        "linje 5, kolonne «admitted»: '01.02.2025 10:00' er ikke en dato; skriv admitted som "
        "ÅÅÅÅ-MM-DD, ÅÅÅÅ-MM-DDTtt:mm eller ÅÅÅÅ-MM-DDTtt:mm:ss (f.eks. 2024-03-01T14:30) (skriv året "
        "først: 2025-02-01T10:00)",
    ),
    (
        "line 7, column 'admitted': admitted 1899-12-31 is before 1900: check the year",
        "linje 7, kolonne «admitted»: admitted 1899-12-31 er før 1900: sjekk årstallet",
    ),
    (
        "line 8, column 'admitted': admitted 2027-01-01 is after the extract's end 2026-01-01 (nothing "
        "after it is known: check the date, or the extract's end date)",
        "linje 8, kolonne «admitted»: admitted 2027-01-01 er etter uttrekkets slutt 2026-01-01 "
        "(ingenting etter den er kjent: sjekk datoen, eller uttrekkets sluttdato)",
    ),
    (
        "line 9, column 'admitted': neither admitted nor referred is given (a stay needs admitted; a "
        "patient who waited and never got a place needs referred)",
        "linje 9, kolonne «admitted»: verken admitted eller referred er oppgitt (et opphold trenger "
        "admitted; en pasient som ventet og aldri fikk plass, trenger referred)",
    ),
    (
        "line 10, column 'admitted': admitted 2025-01-01 is before referred 2025-02-01",
        "linje 10, kolonne «admitted»: admitted 2025-01-01 er før referred 2025-02-01",
    ),
    (
        "line 12, column 'ready': ready is given but admitted is empty (a patient who never got a place has no ready)",
        "linje 12, kolonne «ready»: ready er oppgitt, men admitted er tom (en pasient som aldri fikk "
        "plass, har ingen ready)",
    ),
    (
        "line 14, column 'next': next is 'exit' but left is empty (leave next empty while the patient "
        "is still there, or give left)",
        "linje 14, kolonne «next»: next er 'exit', men left er tom (la next stå tom mens pasienten "
        "fortsatt er der, eller oppgi left)",
    ),
    (
        "line 15, column 'next': left is 2025-01-03 but next is empty (write the service the patient went to, or exit)",
        "linje 15, kolonne «next»: left er 2025-01-03, men next er tom (skriv tjenesten pasienten dro til, eller exit)",
    ),
    (
        "line 16, column 'next': unknown service 'nowhere' in next: write a service id, a unit of "
        "units.csv or exit (a new service needs a row in units.csv with its organisation and kind)",
        "linje 16, kolonne «next»: ukjent tjeneste 'nowhere' i next: skriv en tjeneste-id, en enhet i "
        "units.csv eller exit (en ny tjeneste trenger en rad i units.csv med organisation og kind)",
    ),
    (
        "line 18, column 'admitted': duplicate: patient 'p16' admitted to 'short_term' at 2025-01-01 "
        "already appears on line 17",
        "linje 18, kolonne «admitted»: dobbelt: pasienten 'p16' innlagt i 'short_term' 2025-01-01 står "
        "allerede på linje 17",
    ),
    (
        "line 20, column 'admitted': patient 'p17' is in two places at once: admitted 2025-01-05 while "
        "the stay on line 19 in 'short_term' runs to 2025-01-10",
        "linje 20, kolonne «admitted»: pasienten 'p17' er to steder samtidig: innlagt 2025-01-05 mens "
        "oppholdet på linje 19 i 'short_term' varer til 2025-01-10",
    ),
    (
        "line 22, column 'referred': duplicate: patient 'p18' waiting for 'short_term' from 2025-01-01 "
        "already appears on line 21",
        "linje 22, kolonne «referred»: dobbelt: pasienten 'p18' som venter på 'short_term' fra "
        "2025-01-01, står allerede på linje 21",
    ),
    (
        "line 3, column 'service': 'out' is exit (in units.csv or as written): a stay needs a service",
        "linje 3, kolonne «service»: 'out' er exit (i units.csv eller slik det står): et opphold trenger en tjeneste",
    ),
    (
        "line 2, column 'unit', units.csv: the unit is empty (the name the stays file uses)",
        "linje 2, kolonne «unit», units.csv: enheten er tom (navnet oppholdsfilen bruker)",
    ),
    (
        "line 4, column 'unit', units.csv: the unit 'ward' already appears on line 3",
        "linje 4, kolonne «unit», units.csv: enheten 'ward' står allerede på linje 3",
    ),
    (
        "line 5, column 'service', units.csv: the service is empty (give the scenario's service id)",
        "linje 5, kolonne «service», units.csv: tjenesten er tom (oppgi scenarioets tjeneste-id)",
    ),
    (
        "line 6, column 'service', units.csv: 'Bad Id' is not a service id (lower-case letters, digits "
        "and _, at most 64 characters)",
        "linje 6, kolonne «service», units.csv: 'Bad Id' er ikke en tjeneste-id (små bokstaver, sifre "
        "og _, høyst 64 tegn)",
    ),
    (
        "line 7, column 'organisation', units.csv: unknown organisation 'foo' (hospital or municipality)",
        "linje 7, kolonne «organisation», units.csv: ukjent organisasjon 'foo' (hospital eller municipality)",
    ),
    (
        "line 8, column 'kind', units.csv: unknown kind 'bogus'; the kinds are hospital_ward, "
        "municipal_acute, short_term_stay, rehabilitation, long_term_place, home_based_care",
        "linje 8, kolonne «kind», units.csv: ukjent type 'bogus'; typene er hospital_ward, "
        "municipal_acute, short_term_stay, rehabilitation, long_term_place, home_based_care",
    ),
    (
        "line 10, column 'service', units.csv: exit is not a service: leave organisation and kind empty",
        "linje 10, kolonne «service», units.csv: exit er ikke en tjeneste: la organisation og kind stå tomme",
    ),
    (
        "line 13, column 'organisation', units.csv: service 'new5' is described differently on line 12 "
        "(hospital, no kind)",
        "linje 13, kolonne «organisation», units.csv: tjenesten 'new5' er beskrevet annerledes på linje "
        "12 (hospital, ingen type)",
    ),
    (
        "line 11, column 'organisation', units.csv: service 'new4' is not in the reference scenario: "
        "give its organisation (hospital or municipality) and kind",
        "linje 11, kolonne «organisation», units.csv: tjenesten 'new4' finnes ikke i "
        "referansescenarioet: oppgi organisation (hospital eller municipality) og kind",
    ),
    (
        "line 2, column 'service', capacity.csv: the service is empty",
        "linje 2, kolonne «service», capacity.csv: tjenesten er tom",
    ),
    (
        "line 4, column 'from', capacity.csv: from is empty (the date the capacity starts, YYYY-MM-DD)",
        "linje 4, kolonne «from», capacity.csv: from er tom (datoen kapasiteten gjelder fra, ÅÅÅÅ-MM-DD)",
    ),
    (
        "line 5, column 'from', capacity.csv: 'abc' is not a date; write YYYY-MM-DD, e.g. 2025-01-01",
        "linje 5, kolonne «from», capacity.csv: 'abc' er ikke en dato; skriv ÅÅÅÅ-MM-DD, f.eks. 2025-01-01",
    ),
    (
        "line 7, column 'capacity', capacity.csv: the capacity is empty (the number of regular places)",
        "linje 7, kolonne «capacity», capacity.csv: kapasiteten er tom (antallet ordinære plasser)",
    ),
    (
        "line 8, column 'capacity', capacity.csv: '2.5' is not a whole number >= 0 (a whole number of places)",
        "linje 8, kolonne «capacity», capacity.csv: '2.5' er ikke et heltall >= 0 (et helt antall plasser)",
    ),
    (
        "line 9, column 'capacity', capacity.csv: capacity 99999999 is more than 1000000 places",
        "linje 9, kolonne «capacity», capacity.csv: kapasiteten 99999999 er mer enn 1000000 plasser",
    ),
    (
        "line 11, column 'from', capacity.csv: duplicate: service 'short_term' from 2025-04-01 already "
        "appears on line 10",
        "linje 11, kolonne «from», capacity.csv: dobbelt: tjenesten 'short_term' fra 2025-04-01 står "
        "allerede på linje 10",
    ),
    (
        "the fit period 2025-12-29 to 2026-01-01 is shorter than a week",
        "tilpasningsperioden 2025-12-29 til 2026-01-01 er kortere enn en uke",
    ),
    (
        "the start 2026-03-01 is after the extract's end 2026-01-01",
        "starten 2026-03-01 er etter uttrekkets slutt 2026-01-01",
    ),
    (
        "service 'new': only 1 completed stays; add stays or a reference scenario with it",
        "tjenesten 'new': bare 1 avsluttede opphold; legg til flere opphold eller et referansescenario med den",
    ),
    (
        "a targets file must be a mapping with targets, levers and budget_nok",
        "en målfil må være en samling med targets, levers og budget_nok",
    ),
    (
        "targets[0]: unknown KPI 'bogus' for 'short_term' (known: mean_occupancy, utilisation, "
        "mean_queue, mean_wait_days, p90_wait_days, share_waited, share_lost, share_diverted, "
        "mean_blocked, blocked_days, admissions, process_delay_days, capacity_blocked_days, "
        "mean_overflow, overflow_days, share_overflow, share_reneged, p_full, days_full, "
        "share_found_full)",
        "targets[0]: ukjent KPI 'bogus' for 'short_term' (kjente: mean_occupancy, utilisation, "
        "mean_queue, mean_wait_days, p90_wait_days, share_waited, share_lost, share_diverted, "
        "mean_blocked, blocked_days, admissions, process_delay_days, capacity_blocked_days, "
        "mean_overflow, overflow_days, share_overflow, share_reneged, p_full, days_full, "
        "share_found_full)",
    ),
    (
        "levers[0]: max (5) is below min (10)",
        "levers[0]: max (5) er under min (10)",
    ),
    (
        "levers[1]: places are whole numbers: min and step must be whole for a capacity lever",
        "levers[1]: plasser er hele tall: min og step må være hele tall for en kapasitetsspak",
    ),
    (
        "levers[2]: more than 100000 values between min and max: use a larger step",
        "levers[2]: mer enn 100000 verdier mellom min og max: bruk et større step",
    ),
    (
        "a lever is given twice: short_term:capacity",
        "en spak er oppgitt to ganger: short_term:capacity",
    ),
    (
        "targets[0].service: no service 'nowhere' (known: hospital, short_term, nursing_home)",
        "targets[0].service: ingen tjeneste 'nowhere' (kjente: hospital, short_term, nursing_home)",
    ),
    (
        "levers[1].field: 'nursing_home' has no staffing to change",
        "levers[1].field: 'nursing_home' har ingen bemanning å endre",
    ),
    (
        "levers[0].cost_per_unit_nok: needed: the scenario has no cost for this service either",
        "levers[0].cost_per_unit_nok: må oppgis: scenarioet har heller ingen kostnad for denne tjenesten",
    ),
]


@pytest.fixture(scope="module")
def reported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, dict[str, Problem | str]]]:
    """Every fault's problems (each by its English text), by fault; the folder the file faults use."""
    tmp = tmp_path_factory.mktemp("faults")
    return tmp, {name: {str(p): p for p in fault()} for name, fault in all_faults(tmp).items()}


def _by_text(reported: dict[str, dict[str, Problem | str]]) -> dict[str, Problem | str]:
    return {text: p for problems in reported.values() for text, p in problems.items()}


@pytest.mark.parametrize(("english", "nb"), EXPECTED, ids=[e[:60] for e, _ in EXPECTED])
def test_a_real_message_reads_in_bokmal_and_stays_english_in_english(reported, english, nb):
    tmp, faults = reported
    english, nb = english.replace("{tmp}", str(tmp)), nb.replace("{tmp}", str(tmp))
    problems = _by_text(faults)
    assert english in problems, "the reader no longer writes this message"
    problem = problems[english]
    assert problem_text(problem, "nb") == nb
    assert problem_text(problem, "en") == english == str(problem)


def test_every_template_has_a_case_of_its_own(reported, monkeypatch):
    tmp, faults = reported
    problems = _by_text(faults)
    used: set[str] = set()
    render = pt.Template.render

    def recording(self: pt.Template, match: re.Match[str]) -> str:
        used.add(self.pattern.pattern)
        return render(self, match)

    monkeypatch.setattr(pt.Template, "render", recording)
    for english, _ in EXPECTED:
        problem_text(problems[english.replace("{tmp}", str(tmp))], "nb")
    assert [t.pattern.pattern for t in TEMPLATES if t.pattern.pattern not in used] == []


def test_every_template_fills_the_groups_it_matches():
    for template in TEMPLATES:
        groups = set(template.pattern.groupindex)
        fields = {name for _, name, _, _ in string.Formatter().parse(template.nb) if name is not None}
        assert fields == groups, template.pattern.pattern
        assert set(template.convert) <= groups, template.pattern.pattern
    assert len({t.pattern.pattern for t in TEMPLATES}) == len(TEMPLATES), "a template is listed twice"


def test_no_fault_a_user_can_make_falls_back_to_english(reported):
    _, faults = reported
    groups = {name.split(":")[0] for name in faults}
    assert {"scenario", "history", "stays", "targets"} <= groups
    assert len(faults) >= 25
    english = {
        f"{name}: {text}": problem_text(p, "nb")
        for name, problems in faults.items()
        for text, p in problems.items()
        if MARKER in problem_text(p, "nb")
    }
    assert english == {}


def test_english_is_the_models_text_unchanged(reported):
    _, faults = reported
    for problem in _by_text(faults).values():
        assert problem_text(problem, "en") == str(problem)
        assert message_text(problem if isinstance(problem, str) else problem.message, "en") == (
            problem if isinstance(problem, str) else problem.message
        )


def test_a_quoted_value_with_markdown_stays_as_written():
    value = "**x** [a](http://e.org) `c` <b>"
    with pytest.raises(ScenarioError) as exc:
        loads_scenario(f"schema_version: 1\nname: x\nhorizon_days: 10\nservices: []\n'{value}': 3\n", "[x]*.yaml")
    texts = [problem_text(p, "nb") for p in exc.value.problems]
    assert f"'{value}': ukjent felt (sjekk stavemåten)" in texts
    with pytest.raises(ScenarioError) as exc:
        loads_scenario("schema_version: 1\nname: [broken\n", "[x]*.yaml")
    assert problem_text(exc.value.problems[0], "nb").startswith("[x]*.yaml: ikke gyldig YAML/JSON på linje 3")
    message = f"unknown service '{value}'"
    assert message_text(message, "nb") == f"ukjent tjeneste '{value}'"


def test_a_message_no_template_knows_is_shown_in_english_and_says_so():
    assert message_text("the moon is made of cheese", "nb") == "(på engelsk) the moon is made of cheese"
    assert message_text("the moon is made of cheese", "en") == "the moon is made of cheese"
    assert problem_text(Problem("services[0].capacity", "is odd"), "nb") == "services[0].capacity: (på engelsk) is odd"
    assert problem_text(Problem.at(3, "value", "is odd"), "nb") == "linje 3, kolonne «value»: (på engelsk) is odd"
    assert problem_text(Problem.at(3, "value", "is odd"), "en") == "line 3, column 'value': is odd"
    # a known message inside an unknown one is not half translated
    assert message_text("oh no: must be a number", "nb") == "(på engelsk) oh no: must be a number"
    # the place of a message given as text (a run's error, a fit's invalid scenario)
    assert problem_text("services[2].capacity: must be >= 0 (got -3)", "nb") == (
        "services[2].capacity: må være >= 0 (fikk -3)"
    )
    # a parser's reason no template knows: the frame in bokmål, the reason marked
    assert message_text("x.yaml: not valid YAML/JSON at line 1, column 2: strange thing", "nb") == (
        "x.yaml: ikke gyldig YAML/JSON på linje 1, kolonne 2: (på engelsk) strange thing"
    )


def _values(text: str) -> tuple[list[str], list[str]]:
    """The quoted values (not an apostrophe: "the extract's end") and the digits of a message."""
    return re.findall(r"(?<!\w)'[^'\n]*'(?!\w)", text), re.findall(r"\d+", text)


def _keeps_values(english: str) -> None:
    nb = message_text(english, "nb")
    quoted, digits = _values(english)
    for value in quoted:
        assert value in nb, (english, nb, value)
    rest = nb
    for run in digits:  # every number, in order (a decimal comma or grouped digits keep its digits)
        assert run in rest, (english, nb, run)
        rest = rest[rest.index(run) + len(run) :]


_TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_characters="'\n"), max_size=12)


@st.composite
def _messages(draw: st.DrawFn) -> str:
    """A message of one of the templates, its groups filled with text that quotes nothing."""
    template = draw(st.sampled_from(TEMPLATES))
    pattern = template.pattern.pattern
    return draw(st.from_regex(template.pattern, fullmatch=True).filter(lambda m: m.count("'") == pattern.count("'")))


@settings(max_examples=400, deadline=None)
@given(_messages())
def test_any_message_of_a_template_keeps_every_quoted_value_and_number(english):
    _keeps_values(english)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80), st.sampled_from(["", "line 3: ", "services[0].capacity: ", "x.yaml: "]))
def test_any_text_keeps_every_quoted_value_and_number(text, place):
    _keeps_values(place + text)
    _keeps_values(place + "unknown service '" + text.replace("'", "") + "'")

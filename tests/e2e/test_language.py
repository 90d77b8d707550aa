"""No English on a bokmål page and no bokmål on an English one, in a real browser.

Every page in both languages is opened, then the views a user opens (each option of the segmented
controls, every expander, the multiselect's list); the test reads what the page showed meanwhile
(visible text, the charts' SVG text, the tables' cells, placeholders, and any text that appeared and went,
such as a spinner's) and looks for words of the other language and for the other language's number
format. It guards the strings other parts add later as much as those of today, so its allow-list is short
and each entry says why it is there.

The server is this module's own, and its first visit is a deep link: Streamlit's English "Page not found"
dialog (pages/ui/deep_links.py) would show on exactly that visit.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import app_server
from e2e_helpers import screenshot, settle, wait_for_app

PAGES = ["overview", "scenario", "map", "compare", "advisor", "about"]

# Common English words that never occur in bokmål text (whole words; case-insensitive unless capitalised
# here: "Jan" is English, "jan." bokmål). Words both languages share ("for", "to", "data", "per", "start",
# "scenario") cannot be told apart and are not listed.
ENGLISH = {
    "the", "and", "of", "with", "from", "this", "that", "which", "not", "are", "is", "was", "will", "would",
    "or", "if", "when", "what", "how", "who", "pays", "on", "into", "than", "then", "your", "you",
    "select", "choose", "options", "results", "browse", "files", "drag", "drop", "upload", "limit", "search",
    "download", "page", "found", "running", "loading", "please", "seconds", "minutes", "hours",
    "patients", "places", "days", "weeks", "week", "queue", "beds", "waiting", "municipality", "cost", "costs",
    "year", "change", "changes", "today", "none", "show", "hide", "more", "less",
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    "January", "February", "March", "June", "July", "October", "December",
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
}  # fmt: skip
# Common bokmål words that never occur in English text (the same rules).
BOKMAL = {
    "og", "ikke", "sykehus", "sykehuset", "kommunen", "plasser", "pasienter", "dager", "døgn", "uke", "uker",
    "med", "av", "til", "fra", "som", "er", "på", "har", "eller", "ved", "etter", "hvem", "hvor", "betaler",
    "endring", "endringer", "kø", "køen", "ventetid", "belegg", "snitt", "år", "mill", "kr", "kl", "velg",
    "opp", "ned", "januar", "februar", "mars", "mai", "juni", "juli", "oktober", "desember",
    "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag",
}  # fmt: skip
# Names and ids, the same in both languages, taken out before the words are read.
ALLOWED = [
    "St. Olavs hospital",  # the hospital's name (its "hospital" is English on a bokmål page)
    "Trondheim kommune",  # the municipality's name, as its own documents write it in English too
    "helse- og velferdssenter",  # Trondheim's name for a health and welfare centre: part of site names
    "helsehus",  # Trondheim's name for its health houses: the services' English labels keep it
    "Norsk (bokmål)",  # the language switch names each language in that language, on both pages
    "HARMONI",  # the project's name
    "CC BY 4.0",  # a licence's name (the map's credits)
]
# The service sites' names (sample_data/locations.csv: "Nypantunet (Byneset og Nypantunet HVS)"), proper
# names in both languages; the longest first, so a name inside another goes with it.
with open(Path(__file__).resolve().parents[2] / "sample_data" / "locations.csv", encoding="utf-8") as _f:
    ALLOWED += sorted({row["name"] for row in csv.DictReader(_f)}, key=len, reverse=True)
# A number in the other language's format: "1,234" / "620.00" on a bokmål page (dates such as
# "02.01.2023" have two dots and are not matched); "1 234" (no-break space) / "3,5" on an English page.
NUMBER_EN = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d.,])|(?<![\d.,])\d+\.\d+(?![\d.,])")
NUMBER_NB = re.compile(r"\d\u00a0\d{3}(?!\d)|(?<![\d.,])\d+,\d{1,2}(?![\d.,])")

# Not text of the page: icons (a Material icon is its name in a ligature font), styles and scripts, code
# (file formats, column names, commands: the same in both languages), and the announcements Streamlit's
# select boxes make to screen readers ("5 options available."), which Streamlit 1.67 writes in English only
# and offers no way to set (pages/ui/builtin_texts.py).
OUT = ", ".join([
    "[data-testid='stIconMaterial']", "[data-testid^='stIcon']", "style", "script", "noscript", "code", "pre",
    "[role='log']", "[aria-live]:not(#root *)",
    # a quotation, marked and labelled as one on the page: the baseline's source notes and CALIBRATION.md
    # as written (pages/views/about.py; the page says they are in English / name Norwegian documents)
    "[class*='st-key-quoted-']",
])  # fmt: skip
# Records every text that appears while the page is open (a spinner's elapsed time lasts a moment).
RECORD = """
window.__seen = [];
const OUT = "__OUT__";
const skip = el => !el || el.closest(OUT);
const observer = new MutationObserver(changes => {
  for (const c of changes) {
    for (const added of c.type === "characterData" ? [c.target] : [...c.addedNodes]) {
      const walker = document.createTreeWalker(added, NodeFilter.SHOW_TEXT);
      for (let n = added.nodeType === Node.TEXT_NODE ? added : walker.nextNode(); n; n = walker.nextNode()) {
        const el = n.parentElement;
        if (el && !skip(el) && el.checkVisibility({visibilityProperty: true}) && n.data.trim())
          window.__seen.push(n.data);
      }
    }
  }
});
// from the first render on: the page's static HTML (its noscript text) is not what the app shows
document.addEventListener("DOMContentLoaded", () =>
  observer.observe(document.body, {subtree: true, childList: true, characterData: true}));
""".replace("__OUT__", OUT)
# What the page shows now: visible text (icons' ligature names are not text), the tables' cells (the
# grid draws on a canvas; its accessible table holds the same text), placeholders.
SHOWN = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const el = walker.currentNode.parentElement;
    if (!el || el.closest("__OUT__")) continue;
    if (!el.checkVisibility({visibilityProperty: true}) && !el.closest("[role='grid'], table")) continue;
    out.push(walker.currentNode.data);
  }
  for (const e of document.querySelectorAll("input[placeholder], textarea[placeholder]")) out.push(e.placeholder);
  // what number and text fields show: a printf format writes "620.00" whatever the page's language
  for (const e of document.querySelectorAll("input[type=number], input[type=text]")) {
    if (e.value && !e.closest("__OUT__")) out.push(e.value);
  }
  return out.join("\\n");
}""".replace("__OUT__", OUT)

# What the covering rules put in Streamlit's place: the skip link's text, each uploader button's (the
# covered text itself stays in the page, out of sight, so the word lists cannot see these).
COVERED = """() => ({
  skip: getComputedStyle(document.querySelector("[data-testid='stSkipToContent']"), "::after").content,
  upload: [...document.querySelectorAll("[data-testid='stFileUploaderDropzone'] button > div")]
    .map(e => getComputedStyle(e, "::after").content),
})"""


def without_names(text: str) -> str:
    """`text` with the allowed names taken out."""
    for name in ALLOWED:
        text = text.replace(name, " ")
    return text


def foreign(text: str, lang: str) -> list[str]:
    """The other language's words and number formats found in `text` (a page in `lang`)."""
    text = without_names(text)
    words = ENGLISH if lang == "nb" else BOKMAL
    lower = {w for w in words if w.islower()}
    found = [w for w in re.findall(r"\w+", text) if w in words or w.lower() in lower]
    pattern = NUMBER_EN if lang == "nb" else NUMBER_NB
    return sorted(set(found)) + sorted(set(pattern.findall(text)))


def test_the_word_lists_catch_what_they_are_for():
    """The scanner itself: each check can fail (a test that could not fail would guard nothing)."""
    assert foreign("Page not found. Running the app's main page", "nb") == [
        "Page", "Running", "found", "not", "page", "the",
    ]  # fmt: skip
    assert foreign("Select all · No results · (12.3 seconds) · Jan 2025", "nb") == [
        "Jan", "Select", "results", "seconds", "12.3",
    ]  # fmt: skip
    assert foreign("4,000 pasienter på St. Olavs hospital, 620.00 kr, 02.01.2023, jan. 2025", "nb") == [
        "4,000", "620.00",
    ]  # fmt: skip
    assert foreign("Ventetid og kø: 1\u00a0234 dager, 3,5 uker", "en") == [
        "Ventetid", "dager", "kø", "og", "uker", "1\u00a0234", "3,5",
    ]  # fmt: skip
    assert foreign("Short-term stays, helsehus: 1,234.5 places at St. Olavs hospital", "en") == []
    assert foreign("Korttidsopphold, helsehus: 1\u00a0234,5 plasser", "nb") == []


def _context(text: str, hit: str) -> str:
    """Where a hit stands in the page's text, for the failure message."""
    text = without_names(text)
    at = re.search(rf"(?<!\w){re.escape(hit)}(?!\w)", text) or re.search(re.escape(hit), text, flags=re.I)
    return text[max(0, at.start() - 50) : at.end() + 50].replace("\n", " | ") if at else hit


@pytest.fixture(scope="module")
def cold(browser) -> Iterator[tuple[str, list[str]]]:
    """This module's server, and the dialogs its first visit, a deep link, showed."""
    with app_server("language.log") as url:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        pg = context.new_page()
        pg.goto(f"{url}/scenario?lang=en")
        wait_for_app(pg, timeout=120_000)
        pg.wait_for_timeout(500)
        dialogs = pg.locator("[role='dialog']").all_inner_texts()
        context.close()
        yield url, dialogs


def test_a_page_address_opened_first_after_a_start_shows_no_dialog(cold):
    assert cold[1] == []


def _open_views(pg) -> None:
    """Each option of every segmented control, every expander, the multiselect's list: what a user opens."""
    groups = pg.locator("[data-testid='stButtonGroup']")
    for g in range(groups.count()):
        for b in range(groups.nth(g).locator("button").count()):
            button = groups.nth(g).locator("button").nth(b)  # found again: each click redraws the group
            if button.count() and button.get_attribute("data-testid") != "stBaseButton-segmented_controlActive":
                button.click()
                settle(pg)
    for _ in range(12):  # an expander may hold another; opening one draws in the browser, no rerun
        closed = pg.locator("details:not([open]) > summary")
        if closed.count() == 0:
            break
        closed.first.click()
        pg.wait_for_timeout(250)
    boxes = pg.locator("[data-testid='stMultiSelect'] input")
    for m in range(boxes.count()):
        boxes.nth(m).click()
        pg.wait_for_timeout(300)
        pg.keyboard.type("zzqx")  # a search that matches nothing: the list's "no results" text
        pg.wait_for_timeout(300)
        pg.keyboard.press("Escape")


@pytest.mark.parametrize("lang", ["nb", "en"])
@pytest.mark.parametrize("name", PAGES)
def test_a_page_shows_only_its_own_language(browser, cold, name, lang):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.add_init_script(RECORD)
    try:
        pg.goto(f"{cold[0]}/{name}?lang={lang}")
        wait_for_app(pg, timeout=120_000)
        texts = [pg.evaluate(SHOWN)]
        _open_views(pg)
        uploaders = pg.locator("[data-testid='stFileUploaderDropzone']").count()
        texts.append(pg.evaluate(SHOWN))
        texts += pg.evaluate("window.__seen")
        screenshot(pg, f"language_{name}_{lang}")
        assert pg.locator("[data-testid='stException']").count() == 0
        if lang == "nb":  # Streamlit's own words that a style rule covers (pages/ui/builtin_texts.py)
            assert pg.evaluate(COVERED) == {"skip": '"Gå til hovedinnholdet"', "upload": ['"Last opp"'] * uploaders}
        text = "\n".join(texts)
        assert foreign(text, lang) == [], [_context(text, hit) for hit in foreign(text, lang)]
    finally:
        context.close()

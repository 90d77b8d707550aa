"""Every page of the app runs in both languages without an exception."""

from __future__ import annotations

import pytest
from apptest_pages import APP, open_page
from streamlit.testing.v1 import AppTest

from pages.ui.i18n import LANGUAGES, STRINGS

PAGES = ["overview", "scenario", "map", "compare", "advisor", "about"]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_in_both_languages(page, lang):
    at = open_page(page, lang)
    assert not at.exception, at.exception
    assert at.title[0].value == STRINGS[lang][f"nav.{page}"]


def test_every_text_exists_in_both_languages():
    nb, en = set(STRINGS["nb"]), set(STRINGS["en"])
    assert nb == en, {"only in nb": sorted(nb - en), "only in en": sorted(en - nb)}
    assert all(STRINGS[lang][k].strip() for lang in LANGUAGES for k in STRINGS[lang])


def test_the_language_follows_the_url():
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "en"
    at.run()
    assert at.title[0].value == STRINGS["en"]["nav.overview"]

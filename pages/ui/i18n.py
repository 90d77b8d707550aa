"""Every text the app shows, in bokmål and English, and the current language."""

from __future__ import annotations

import importlib
import pkgutil

import streamlit as st

from . import state, strings

LANGUAGES = ("nb", "en")
DEFAULT_LANGUAGE = "nb"


def _load_table() -> dict[str, dict[str, str]]:
    """One table, kept in a module per page (pages/ui/strings/*.py) so that pages can grow apart."""
    table: dict[str, dict[str, str]] = {lang: {} for lang in LANGUAGES}
    for info in pkgutil.iter_modules(strings.__path__):
        module = importlib.import_module(f"{strings.__name__}.{info.name}")
        for lang in LANGUAGES:
            for key, text in module.STRINGS.get(lang, {}).items():
                if key in table[lang]:
                    raise KeyError(f"translation key {key!r} is defined twice ({info.name})")
                table[lang][key] = text
    return table


STRINGS = _load_table()


def current_language() -> str:
    """The language chosen in the URL (?lang=), else earlier in this session, else bokmål."""
    from_url = st.query_params.get(state.LANG_PARAM)
    if from_url in LANGUAGES:
        st.session_state[state.LANG] = from_url
    lang = st.session_state.get(state.LANG, DEFAULT_LANGUAGE)
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def t(key: str, **values: object) -> str:
    """The text for `key` in the current language, with ``{name}`` fields filled in."""
    text = STRINGS[current_language()].get(key) or STRINGS[DEFAULT_LANGUAGE].get(key) or key
    return text.format(**values) if values else text

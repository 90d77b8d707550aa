"""Streamlit's own texts, which it writes in English only, in the page's language or out of the way.

What Streamlit 1.67 lets a page set is set where the widget is made (a multiselect's ``placeholder``,
``select_all=False`` for its English "Select all", a date input's ``format``). What it does not is
covered here, and pages use these helpers for it:

- a spinner's elapsed time: the browser writes "(12.3 seconds)" itself, so a bokmål page asks for none
  (:func:`spinner_time`);
- a file uploader's "Upload" button and its "5MB per file • CSV" line: the browser writes both, with no
  option to set them. On a bokmål page the button reads "Last opp" (a style rule puts our word where
  Streamlit's was), and on both languages the size line gives way to our own caption under the
  uploader (:func:`upload_limit`), which the language switch translates;
- the "Skip to main content" link a keyboard user sees first: on a bokmål page it reads
  "Gå til hovedinnholdet".

Not coverable (and not shown on screen): the announcements Streamlit's select boxes make to screen
readers ("5 options available.") and the toolbar tooltips of tables and charts, shown on hover.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from harmoni_model.results.formatting import fmt_number
from pages.ui.i18n import STRINGS, current_language, t

# One rule set: Streamlit's text made invisible and empty of size, ours put after it. `content` text is
# read by screen readers as the element's name, so the link and the button say ours.
_COVERED = """
[data-testid="stFileUploaderDropzoneInstructions"] {{ display: none; }}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] {{ display: none; }}
[data-testid="stFileUploaderDropzone"] button > div::after {{ content: "{upload}"; }}
[data-testid="stSkipToContent"] {{ font-size: 0; }}
[data-testid="stSkipToContent"]::after {{ content: "{skip}"; font-size: 1rem; }}
"""


def cover_builtin_texts() -> None:
    """Once per run, in the frame: the style rules that put our words where Streamlit's English ones are."""
    if current_language() == "en":
        # English: Streamlit's own words stay, except the size line our caption replaces
        rules = '[data-testid="stFileUploaderDropzoneInstructions"] { display: none; }'
    else:
        rules = _COVERED.format(upload=t("builtin.upload"), skip=t("builtin.skip"))
    st.html(f"<style>{rules}</style>")


def spinner_time(lang: str) -> bool:
    """Whether a spinner shows its elapsed time (``st.spinner(show_time=...)``): in English only, as the
    browser writes it in English ("(12.3 seconds)")."""
    return lang == "en"


def upload_limit_text(max_mb: int, types: Sequence[str], lang: str) -> str:
    """``Høyst 5 MB per fil · CSV`` / ``At most 5 MB per file · CSV``: the line Streamlit writes in English."""
    kinds = ", ".join(kind.upper() for kind in types)
    return STRINGS[lang]["builtin.upload_limit"].format(mb=fmt_number(max_mb, 0, lang), types=kinds)


def upload_limit(max_mb: int | None, types: Sequence[str]) -> None:
    """The uploader's size and types as a caption, under it (``max_mb`` None: the server's limit)."""
    mb = max_mb if max_mb is not None else int(st.get_option("server.maxUploadSize"))
    st.caption(upload_limit_text(mb, types, current_language()))

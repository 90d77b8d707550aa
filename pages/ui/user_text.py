"""User text shown literally wherever Streamlit renders markdown: the one escaping helper.

Streamlit renders markdown in `st.markdown`, `st.caption`, `st.success`/`st.info`/
`st.warning`/`st.error`, `st.toast`, and in widget labels (buttons, expanders,
checkboxes, tabs), and a label may hold links and images. Any text a visitor can
choose (scenario, service and file names, authors, reasons, share-link keys and
values, messages that quote them) goes through :func:`literal` before it reaches
one of those, so no visitor can make a page show a link, an image fetched from
outside, a heading, LaTeX or a coloured directive. No Streamlit here.
"""

from __future__ import annotations

import re

# Characters that make markdown anywhere in a line (emphasis, code, links and images `[...]`, HTML and
# autolinks `<...>`, LaTeX `$...$`, strikethrough, tables, Streamlit's `{...}`): always a backslash, which
# before ASCII punctuation is always a literal character in CommonMark. Everyday punctuation is left
# alone where it cannot start anything: a widget's aria-label shows a label's backslashes, so a label
# like "Municipal acute unit (KAD), Øya helsehus" must keep none ("(" needs a "]" before it to link).
_SPECIAL = frozenset("\\`*_{}[]<>$~|^")
# What starts a block only at the start of a line: a list `- `, `+ `, `1. `, `1) `, a heading `#`, a
# quote `>` (always escaped anyway), a setext underline `===` or a rule `---`.
_LINE_START = re.compile(r"^([ \t]*)([-+=#]|\d{1,9}(?=[.)]))", re.MULTILINE)
# GFM turns bare "www.", "http://", "https://" and e-mail addresses into links *after* reading the
# escapes, and emoji and icon shortcodes are found the same way, so no backslash stops them: an
# invisible word joiner (U+2060) inside each pattern does.
JOINER = "\u2060"
_AUTOLINK = re.compile(r"(?i)(?<=http)(?=s?:)|(?<=www)(?=\.)|(?<=@)|(?<=:)(?=[A-Za-z])")


def _line_start(match: re.Match[str]) -> str:
    space, lead = match.groups()
    return f"{space}{lead}\\" if lead[0].isdigit() else f"{space}\\{lead}"  # "1\." and "1\)", or "\-"


def literal(text: object) -> str:
    """`text` (any value, shown with ``str``) escaped so that markdown shows it character for character.

    Markdown's characters get a backslash (the ones that start a list, a heading or a rule only at the
    start of a line; a colon and an ampersand only where they start something); bare web and e-mail
    addresses and shortcodes get an invisible word joiner so they stay text.
    """
    # a lone CR ends a line for markdown as LF does: one kind of line end, so the line starts are found
    raw = _AUTOLINK.sub(JOINER, str(text).replace("\r\n", "\n").replace("\r", "\n"))
    escaped = "".join("\\" + ch if ch in _SPECIAL else ch for ch in raw)
    # a colon before a word starts a directive `:red[`, an icon `:material/home:` or an emoji `:smile:`
    # (": " is plain); an ampersand before a letter or "#" an entity `&amp;` (not "Kari & Ola")
    escaped = re.sub(r":(?=\u2060?\S)|&(?=[A-Za-z#])", lambda m: "\\" + m.group(0), escaped)
    return _LINE_START.sub(_line_start, escaped)


def literal_line(text: object) -> str:
    """:func:`literal` on one line: line breaks become spaces (for a name in bold, a label, a caption)."""
    return literal(" ".join(str(text).splitlines()))

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

# The characters that start markdown anywhere in a line (CommonMark and GFM inline syntax, Streamlit's
# directives `:red[...]`, emoji and icon shortcodes, LaTeX `$...$`, HTML and entities `&...;`); a backslash
# before ASCII punctuation is always a literal character in CommonMark.
_SPECIAL = frozenset("\\`*_{}[]()#!|~<>$:&^")
# Characters that matter only at the start of a line (lists `- `, `+ `, `1. `, setext underlines `===`,
# thematic breaks `---`): escaped there only, so a label like "Short-term stays, helsehus" keeps no
# backslashes (a widget's aria-label shows them to a screen reader).
_LINE_START = re.compile(r"^([ \t]*)([-+=])", re.MULTILINE)
# GFM turns bare "www.", "http://", "https://" and e-mail addresses into links *after* the escapes are
# read, so no backslash stops them: an invisible word joiner (U+2060) inside each pattern does.
JOINER = "\u2060"
_AUTOLINK = re.compile(r"(?i)(?<=http)(?=s?:)|(?<=www)(?=\.)|(?<=@)")


def literal(text: object) -> str:
    """`text` (any value, shown with ``str``) escaped so that markdown shows it character for character.

    Markdown's characters get a backslash (those that only start a list, a heading or a rule, only at
    the start of a line); bare web and e-mail addresses get an invisible word joiner so they stay text.
    """
    raw = _AUTOLINK.sub(JOINER, str(text))
    escaped = "".join("\\" + ch if ch in _SPECIAL else ch for ch in raw)
    escaped = _LINE_START.sub(r"\1\\\2", escaped)
    # "12." or "12)" at a line's start is an ordered list: the "." (the ")" is escaped already)
    return re.sub(r"(?m)^([ \t]*\d{1,9})\.", r"\1\\.", escaped)


def literal_line(text: object) -> str:
    """:func:`literal` on one line: line breaks become spaces (for a name in bold, a label, a caption)."""
    return literal(" ".join(str(text).splitlines()))

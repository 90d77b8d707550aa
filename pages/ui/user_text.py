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

# Every ASCII punctuation character markdown (CommonMark, GFM, Streamlit's directives
# `:red[...]`, LaTeX `$...$`, HTML entities `&...;`) gives a meaning; a backslash before
# any ASCII punctuation is always a literal character in CommonMark.
_SPECIAL = frozenset("\\`*_{}[]()#+-.!|~<>$:&=^\"'@%/;?,")


def literal(text: object) -> str:
    """`text` (any value, shown with ``str``) escaped so that markdown shows it character for character."""
    return "".join("\\" + ch if ch in _SPECIAL else ch for ch in str(text))


def literal_line(text: object) -> str:
    """:func:`literal` on one line: line breaks become spaces (for a name in bold, a label, a caption)."""
    return literal(" ".join(str(text).splitlines()))

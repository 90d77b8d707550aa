"""The one escaping helper for user text in Streamlit markdown (pages/ui/user_text.py)."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from pages.ui.user_text import literal, literal_line


def test_markdown_syntax_is_escaped_by_hand_examples():
    assert literal("a_b*c $x$ [l](u)") == r"a\_b\*c \$x\$ \[l\]\(u\)"
    assert literal("![i](http://x/p.png)") == r"\!\[i\]\(http\:\/\/x\/p\.png\)"
    assert literal(":red[alarm] :material/home:") == r"\:red\[alarm\] \:material\/home\:"
    assert literal("<https://evil.example>") == r"\<https\:\/\/evil\.example\>"
    assert literal("# heading") == r"\# heading"
    assert literal("=HYPERLINK") == r"\=HYPERLINK"
    assert literal("plain text æøå") == "plain text æøå"
    assert literal(12.5) == r"12\.5"


def test_literal_line_joins_lines():
    assert literal_line("a\n# b\r\nc") == r"a \# b c"


@given(st.text())
def test_every_ascii_punctuation_character_is_escaped(text: str):
    escaped = literal(text)
    # unescaping gives the text back, and no markdown-special character is left bare
    assert re.sub(r"\\(.)", r"\1", escaped, flags=re.S) == text
    bare = re.sub(r"\\.", "", escaped, flags=re.S)
    assert not set(bare) & set("[]()!<>`*_$:#|~")

"""The one escaping helper for user text in Streamlit markdown (pages/ui/user_text.py)."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from pages.ui.user_text import JOINER, literal, literal_line

J = JOINER


def test_markdown_syntax_is_escaped_by_hand_examples():
    assert literal("a_b*c $x$ [l](u)") == r"a\_b\*c \$x\$ \[l\](u)"  # "(" links only after a bare "]"
    assert literal("![i](http://x/p.png)") == rf"!\[i\](http{J}\://x/p.png)"
    assert literal(":red[alarm] :material/home:") == rf"\:{J}red\[alarm\] \:{J}material/home:"
    assert literal("<https://evil.example>") == rf"\<http{J}s\://evil.example\>"
    assert literal("Kari & Ola &amp;") == r"Kari & Ola \&amp;"
    assert literal("# heading") == r"\# heading"
    assert literal("=HYPERLINK") == r"\=HYPERLINK"
    assert literal("plain text æøå") == "plain text æøå"
    assert literal(12.5) == r"12\.5"


def test_a_plain_label_keeps_no_backslashes():
    """A widget's aria-label shows the label's source: everyday punctuation is left alone inside a line."""
    assert literal("Short-term stays, helsehus") == "Short-term stays, helsehus"
    everyday = "Municipal acute unit (KAD), St. Olavs: 2026-05-04; 50 % + 3 = 'ok'?"
    assert literal(everyday) == everyday


def test_what_starts_a_block_is_escaped_at_the_start_of_a_line():
    text = "- a\n  + b\n===\n---\n# h\n12. x\n3) y"
    assert literal(text) == "\\- a\n  \\+ b\n\\===\n\\---\n\\# h\n12\\. x\n3\\) y"


def test_bare_web_and_mail_addresses_get_a_word_joiner():
    """GFM links bare addresses after reading the escapes: only a character inside the pattern stops it."""
    assert literal("www.evil.example") == f"www{J}.evil.example"
    assert literal("HTTPS://evil.example/a") == f"HTTP{J}S\\://evil.example/a"
    assert literal("http://evil") == f"http{J}\\://evil"
    assert literal("mail me: a@evil.example") == f"mail me: a@{J}evil.example"
    assert literal("_www.x") == f"\\_www{J}.x"  # "_" is punctuation to GFM: a link could follow it


def test_literal_line_joins_lines():
    assert literal_line("a\n# b\r\nc") == "a # b c"  # "#" makes a heading only at the start of a line
    assert literal_line("# a\nb") == r"\# a b"


@given(st.text())
def test_every_ascii_punctuation_character_is_escaped(text: str):
    escaped = literal(text)
    # unescaping gives the text back, and no markdown-special character is left bare
    same = text.replace(JOINER, "").replace("\r\n", "\n").replace("\r", "\n")  # one kind of line end
    assert re.sub(r"\\(.)", r"\1", escaped.replace(JOINER, ""), flags=re.S) == same
    bare = re.sub(r"\\.", "", escaped, flags=re.S)
    # (an escaped character still stands where it was: '\\:=' does not start its line with '=')
    placed = re.sub(r"\\.", "x", escaped, flags=re.S)
    assert not set(bare) & set("[]<>`*_$|~")
    assert not re.search(r"(?m)^[ \t]*([-+=#]|\d{1,9}[.)])", placed)  # nothing that starts a block
    assert not re.search(r"https?:|www\.|@\w", bare, flags=re.IGNORECASE)  # no bare address

"""The two languages the model's texts come in: bokmål (the default) and English."""

from __future__ import annotations


def in_language(nb: str, en: str, lang: str) -> str:
    """The English text for ``en``, else the bokmål one (bokmål is the default for any other code)."""
    return en if lang == "en" else nb

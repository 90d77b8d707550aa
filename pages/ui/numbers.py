"""Numbers as a Norwegian or English reader expects them (no Streamlit here)."""

from __future__ import annotations

import math


def fmt_number(x: float, decimals: int = 0, lang: str = "nb") -> str:
    """``1 234,5`` in bokmål, ``1,234.5`` in English; an en dash for a missing value."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    text = f"{x:,.{decimals}f}"
    if lang == "nb":
        text = text.replace(",", " ").replace(".", ",")  # thin space? a plain space reads fine on a projector
        text = text.replace("-", "−")
    return text


def fmt_signed(x: float, decimals: int = 0, lang: str = "nb") -> str:
    """A difference with its sign: ``+12`` / ``−3,5``."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    sign = "+" if x > 0 else ""
    return sign + fmt_number(x, decimals, lang)

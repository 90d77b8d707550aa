"""Numbers, intervals and money as a Norwegian or English reader expects them: the one formatter.

The app's pages, the map and the workshop report all write numbers through these
functions, so −1234.5 reads the same everywhere: ``−1 234,5`` in bokmål (a
no-break space between thousands, a real minus sign) and ``−1,234.5`` in English.

Intervals of quantities that cannot be negative (counts, times, shares) are
clipped at zero for display by :func:`clip`, the one place that does it: a
Student-t interval of a small count can reach below zero, a reader's count cannot.
"""

from __future__ import annotations

import math

from harmoni_model.results.estimates import Estimate

MINUS = "\u2212"
NBSP = "\u00a0"
DASH = "\u2013"  # between the ends of an interval, and for a missing value


def _missing(x: float | None) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def fmt_number(x: float | None, decimals: int = 0, lang: str = "nb") -> str:
    """``1 234,5`` in bokmål, ``1,234.5`` in English, with a real minus sign; an en dash when missing."""
    if _missing(x):
        return DASH
    value = round(float(x), decimals)  # type: ignore[arg-type]
    if value == 0:
        value = 0.0  # no "−0"
    text = f"{value:,.{decimals}f}"
    if lang == "nb":
        text = text.replace(",", NBSP).replace(".", ",")
    return text.replace("-", MINUS)


def fmt_signed(x: float | None, decimals: int = 0, lang: str = "nb") -> str:
    """A difference with its sign: ``+12`` / ``−3,5``; ``0`` for what rounds to zero."""
    text = fmt_number(x, decimals, lang)
    if _missing(x) or text.startswith(MINUS) or round(float(x), decimals) == 0:  # type: ignore[arg-type]
        return text
    return "+" + text


def fmt_percent(share: float | None, decimals: int = 1, lang: str = "nb", signed: bool = False) -> str:
    """A share as a percentage: ``85,3 %`` / ``85.3%`` (``signed``: ``+2,1 %``)."""
    if _missing(share):
        return DASH
    number = (fmt_signed if signed else fmt_number)(100 * share, decimals, lang)  # type: ignore[operator]
    return f"{number}{NBSP}%" if lang == "nb" else f"{number}%"


def fmt_mnok(nok: float | None, decimals: int = 1, lang: str = "nb", signed: bool = False) -> str:
    """Money in millions of kroner: ``−6,6 mill. kr`` / ``−6.6 MNOK``."""
    if _missing(nok):
        return DASH
    number = (fmt_signed if signed else fmt_number)(nok / 1e6, decimals, lang)  # type: ignore[operator]
    return f"{number}{NBSP}mill.{NBSP}kr" if lang == "nb" else f"{number}{NBSP}MNOK"


def clip(e: Estimate, low: float | None = 0.0, high: float | None = None) -> Estimate:
    """The estimate with its interval clipped to ``[low, high]`` (the range the quantity can take)."""
    lo, hi = e.low, e.high
    if low is not None and not math.isnan(lo):
        lo = max(lo, low)
    if high is not None and not math.isnan(hi):
        hi = min(hi, high)
    return Estimate(e.mean, lo, hi, e.n)


def fmt_interval(low: float, high: float, decimals: int = 0, lang: str = "nb", signed: bool = False) -> str:
    """``1 234–2 345`` (``signed``: ``−3 til +2`` / ``−3 to +2``); empty when unknown or of no width."""
    if _missing(low) or _missing(high) or low == high:
        return ""
    if signed:
        sep = " til " if lang == "nb" else " to "
        return f"{_bound(low, decimals, lang)}{sep}{_bound(high, decimals, lang)}"
    return f"{fmt_number(low, decimals, lang)}{DASH}{fmt_number(high, decimals, lang)}"


def _bound(x: float, decimals: int, lang: str) -> str:
    """An end of a signed interval: an end that is not zero keeps its sign when it rounds to zero.

    "−0,6 til −0,0" says the interval stays below zero (a clear change); "−0,6 til 0,0" would read as
    touching it.
    """
    if x != 0 and round(float(x), decimals) == 0:
        return ("+" if x > 0 else MINUS) + fmt_number(0.0, decimals, lang)
    return fmt_signed(x, decimals, lang)


def fmt_estimate(e: Estimate | None, decimals: int = 0, lang: str = "nb", scale: float = 1.0,
                 floor: float | None = 0.0) -> str:  # fmt: skip
    """A mean with its 95 % interval, ``1,4 (1,1–1,7)``, the interval clipped at `floor` (none: ``None``)."""
    if e is None or _missing(e.mean):
        return DASH
    shown = clip(Estimate(e.mean * scale, e.low * scale, e.high * scale, e.n), floor)
    interval = fmt_interval(shown.low, shown.high, decimals, lang) if e.n >= 2 else ""
    mean = fmt_number(shown.mean, decimals, lang)
    return f"{mean} ({interval})" if interval else mean


def fmt_difference(d: Estimate | None, decimals: int = 0, lang: str = "nb", scale: float = 1.0) -> str:
    """A change with its 95 % interval: ``−1 130 (−2 295 til +36)`` / ``−1,130 (−2,295 to +36)``."""
    if d is None or _missing(d.mean):
        return DASH
    mean = fmt_signed(d.mean * scale, decimals, lang)
    interval = fmt_interval(d.low * scale, d.high * scale, decimals, lang, signed=True) if d.n >= 2 else ""
    return f"{mean} ({interval})" if interval else mean


def fmt_mnok_estimate(e: Estimate | None, decimals: int = 1, lang: str = "nb", difference: bool = False) -> str:
    """Money in millions with its 95 % interval: ``20,1 mill. kr (18,0–22,2)``; a change (or an interval
    below zero) signed, ``+14,3 mill. kr (+12,9 til +15,7)``; an exact figure (no interval width) without one."""
    if e is None or _missing(e.mean):
        return DASH
    mean = fmt_mnok(e.mean, decimals, lang, signed=difference)
    signed = difference or e.low < 0
    interval = fmt_interval(e.low / 1e6, e.high / 1e6, decimals, lang, signed=signed) if e.n >= 2 else ""
    return f"{mean} ({interval})" if interval else mean

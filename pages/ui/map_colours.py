"""The map's colours: classes of utilisation or queue, the colour-blind-safe ramp, the legend, the outlines.

No Streamlit here, so every step can be unit-tested.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import Literal

from harmoni_model.results.formatting import fmt_number

ColourMode = Literal["change", "utilisation", "queue"]
COLOUR_MODES: tuple[ColourMode, ...] = ("change", "utilisation", "queue")
#: The numeric modes, coloured on the ramp; "change" is coloured by the verdict of the service's change.
RAMP_MODES: tuple[ColourMode, ...] = ("utilisation", "queue")
Verdict = Literal["better", "worse", "unclear", "same"]
VERDICTS: tuple[Verdict, ...] = ("better", "worse", "unclear", "same")
#: Okabe-Ito blue and vermillion (colour-blind safe, and apart from each other and from the grey map),
#: a pale grey for no clear change (the interval holds 0) and for no change at all.
CHANGE_COLOURS: dict[str, tuple[int, int, int]] = {
    "better": (0, 114, 178),
    "worse": (213, 94, 0),
    "unclear": (225, 225, 225),
    "same": (225, 225, 225),
}

#: Upper bin edges (a value v falls in the first bin whose edge is > v; the last bin is open).
BIN_EDGES: dict[str, tuple[float, ...]] = {
    "utilisation": (0.60, 0.80, 0.90, 0.95),  # share of the effective capacity in use
    "queue": (1.0, 5.0, 10.0, 25.0),  # patients waiting on average
}
#: A sequential, colour-blind-safe ramp (ColorBrewer YlOrBr, without its near-white end so the calmest
#: class still shows on a pale map): light yellow = calm, dark brown = full.
RAMP: tuple[tuple[int, int, int], ...] = (
    (254, 227, 145),
    (254, 196, 79),
    (254, 153, 41),
    (217, 95, 14),
    (140, 45, 4),
)
NO_DATA_COLOUR: tuple[int, int, int] = (170, 170, 170)
POINT_ALPHA = 235
OUTLINE: list[int] = [40, 40, 40, 255]
OUTLINE_PIXELS = 1.5
#: Pools (care at home: client places, no fixed site) are drawn as rings in the class colour with a faint
#: fill, so that the sites under them stay visible and the colour still reads as its class.
POOL_FILL_ALPHA = 45
POOL_RING_PIXELS = 5.0
#: A dark edge on both sides of a pool's ring (drawn beneath it), so that light classes show too.
POOL_EDGE_PIXELS = POOL_RING_PIXELS + 3


def bin_index(value: float | None, mode: ColourMode) -> int | None:
    """The colour class of a value (0 = lowest), or None when there is no value."""
    if value is None or math.isnan(value):
        return None
    for i, edge in enumerate(BIN_EDGES[mode]):
        if value < edge:
            return i
    return len(BIN_EDGES[mode])


def change_colour(verdict: str | None, alpha: int = POINT_ALPHA) -> list[int]:
    """RGBA for a service's verdict (grey when there is none: a service its base does not have)."""
    return [*CHANGE_COLOURS.get(verdict or "", NO_DATA_COLOUR), alpha]


def colour_for(value: float | None, mode: ColourMode, alpha: int = POINT_ALPHA) -> list[int]:
    """RGBA for a value on the ramp (grey when there is no value)."""
    index = bin_index(value, mode)
    rgb = NO_DATA_COLOUR if index is None else RAMP[index]
    return [*rgb, alpha]


@dataclass(frozen=True)
class LegendEntry:
    colour: tuple[int, int, int]
    label: str


def legend(mode: ColourMode, lang: str) -> list[LegendEntry]:
    """One entry per colour class, with its range in numbers (``80–90 %``, ``< 1``, ``≥ 25``)."""
    edges = BIN_EDGES[mode]
    if mode == "utilisation":
        shown = [fmt_number(100 * e, 0, lang) for e in edges]
        unit = "\u00a0%"
    else:
        shown = [fmt_number(e, 0, lang) for e in edges]
        unit = ""
    labels = [f"< {shown[0]}{unit}"]
    labels += [f"{a}–{b}{unit}" for a, b in itertools.pairwise(shown)]
    labels.append(f"≥ {shown[-1]}{unit}")
    return [LegendEntry(colour, label) for colour, label in zip(RAMP, labels, strict=True)]

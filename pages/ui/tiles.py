"""The key-figure tile every page draws: ``st.metric``, or large type for the back of the room.

One rule for colour, in every mode: a change is green or red only when it is clear
(``good`` is True or False, i.e. its 95 % interval excludes zero); otherwise it is
grey and the caller says "no clear difference".
"""

from __future__ import annotations

import html

from harmoni_model.results.formatting import MINUS

from .user_text import literal_line

GOOD, BAD, NEUTRAL = "#1a7f37", "#b42318", "#444444"
# A character is about 0.58 em wide: a value of n characters fits its column at 100 / (0.58 n) % of the width.
PRESENTER_WIDTH_EM = 100 / 0.58


def metric_delta(text: str) -> str:
    """``st.metric`` reads its arrow from an ASCII "-" at the start: swap a leading minus sign for it."""
    return "-" + text[1:] if text.startswith(MINUS) else text


def tile(
    col, label: str, value: str, delta: str = "", good: bool | None = None, presenter: bool = False, note: str = ""
) -> None:
    """A key figure in `col`: its value and, below it, its change (coloured only when `good` is known).

    `note`: a small line under it (the studio's "n = 30": how many replications the figure rests on).
    """
    if presenter:
        colour = NEUTRAL if good is None else GOOD if good else BAD
        # Large type, but never wider than the column: a long value ("2 274,5 mill. kr") gets a smaller size,
        # from the column's own width (container query units), instead of running into its neighbour.
        # Compact enough for six tiles and the controls on one 1280x720 screen; the label wraps (never "Å…").
        size = f"min(2.6rem, {PRESENTER_WIDTH_EM / max(len(value), 1):.1f}cqi)"
        small = f'<div style="font-size:0.85rem;color:{NEUTRAL}">{html.escape(note)}</div>' if note else ""
        col.html(
            f'<div style="container-type:inline-size">'
            f'<div data-testid="harmoni-tile" style="font-size:1.05rem;line-height:1.2;overflow-wrap:anywhere">'
            f"{html.escape(label)}</div>"
            f'<div style="font-size:{size};font-weight:600;line-height:1.1;white-space:nowrap">'
            f"{html.escape(value)}</div>"
            f'<div style="font-size:1.05rem;line-height:1.2;color:{colour}">{html.escape(delta) or "&nbsp;"}</div>'
            f"{small}</div>"
        )
        return
    label = literal_line(label)  # st.metric renders its label as markdown (the value is ours: a number)
    if not delta:
        col.metric(label, value)
        if note:
            col.caption(note)
        return
    # "normal" colours a rise green, "inverse" a fall; "off" is grey: unclear changes stay grey.
    colour = "off" if good is None else "normal" if (good == (not delta.startswith(MINUS))) else "inverse"
    arrow = "auto" if delta[:1] in ("+", MINUS, "-") else "off"  # words ("no clear difference") get no arrow
    col.metric(label, value, delta=metric_delta(delta), delta_color=colour, delta_arrow=arrow)
    if note:
        col.caption(note)


# The precision badge over the tiles, by its kind (studio_data.precision_badge): a coloured pill with the
# status, then why in plain text. Not st.warning: a preliminary answer is not an error on the page.
BADGE_STYLE = {
    "resolved": ("green", ":material/verified:"),
    "running": ("blue", ":material/hourglass_top:"),
    "preliminary": ("orange", ":material/speed:"),
    "unclear": ("violet", ":material/help:"),
}


def badge(slot, kind: str, head: str, tail: str = "") -> None:
    """The precision badge in `slot` (an st.empty): `head` in the coloured pill, `tail` after it."""
    colour, icon = BADGE_STYLE[kind]
    slot.markdown(f":{colour}-badge[{icon} {head}] {tail}".rstrip())

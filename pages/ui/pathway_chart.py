"""The pathway diagram: boxes for the services, arrows for the patients per day (Vega-Lite, drawn offline).

:func:`pathway_chart` draws a :class:`harmoni_model.results.pathway.Pathway` (no Streamlit);
:func:`pathway_view` is the studio's view around it: the chart, its click (which chooses the
service of the studio's other views) and the caption.
"""

from __future__ import annotations

import functools
import json
import math
import re
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd
import pyphen

from harmoni_model.results.estimates import Estimate
from harmoni_model.results.formatting import fmt_number, fmt_percent
from harmoni_model.results.pathway import Box, Figures, Flow, Pathway, pathway
from harmoni_model.results.tidy import Results

# Pressure: the model's utilisation (mean occupancy over the mean places), in bands around the
# Helsetilsynet norm of 85 % for wards with emergency intake. Pale fills: black text reads on each.
BANDS: tuple[tuple[str, float, str], ...] = (
    ("low", 0.85, "#d8eed2"),
    ("mid", 0.95, "#fbe7a1"),
    ("high", 1.0, "#f8b27a"),
    ("over", math.inf, "#ee7d72"),
)
NO_PLACES = "#dddddd"
BASE_COLOUR, SCENARIO_COLOUR = "#b9b9b9", "#2f6db3"  # today's arrows under the scenario's
OUTLINE_COLOUR = "#555555"  # today's width, outlined over a changed scenario's arrows
ENTRY_COLOUR, EXIT_COLOUR = "#3d8b4f", "#8a6a45"  # from home, and home (or death)
BAND_FILL = {"hospital": "#eef3fa", "municipality": "#f2f7ee"}
MAX_STROKE = 14.0  # px: the widest arrow (the largest flow of either run)
STUB = 0.11  # layout units: the length of an entry or exit arrow
MAX_FIGURE_LINES = 4  # occupancy and places (two lines when long), the queue, the blocked patients
LABELLED = 0.1  # a transfer carries its number when it is at least this share of the largest flow
SELECTION = "pathway_box"  # the chart's click selection (its name in the event)


LEGEND_PX = 70  # the colour legend above the plot, inside the chart's height


@dataclass(frozen=True)
class Sizes:
    """How the type fits a box: Vega expressions of the chart's own width and height, and the wrapping.

    The chart stretches to its column, so the type is an expression of Vega's ``width`` signal
    (10 to 16 px, and never taller than an eighth of a box); names are wrapped here for the
    narrowest width (`width_px`), where the type is smallest relative to the box, so they fit
    at any width.
    """

    font: str  # Vega expression of the type's size in px
    small: str  # the arrows' numbers
    limit: str  # the widest line in a box, px
    unit_x: str  # px per layout unit across, and down
    unit_y: str
    lines: int  # lines of type a box holds at the narrowest width
    chars: int  # characters per line there
    px_x: float  # px per layout unit across at the narrowest width
    px_y: float  # px per layout unit down (the chart's height is fixed)


def sizes(diagram: Pathway, width_px: float, height_px: float) -> Sizes:
    """The type's expressions, and the lines and characters a box holds at `width_px` x `height_px`."""
    grid = diagram.layout
    box = diagram.boxes[0]
    w, h = box.x1 - box.x0, box.y1 - box.y0
    unit_x, unit_y = f"(width / {grid.width:.6g})", f"(height / {grid.height:.6g})"
    font = f"max(10, min(16, {w:.6g} * {unit_x} / 8.5, {h:.6g} * {unit_y} / 8))"
    plot_h = height_px - LEGEND_PX
    px = max(10.0, min(16.0, w * width_px / grid.width / 8.5, h * plot_h / grid.height / 8))
    tallest = max(10.0, min(16.0, h * plot_h / grid.height / 8))  # the type on a wide screen
    lines = max(2, math.floor((h * plot_h / grid.height - 8) / (tallest * 1.22)))
    chars = max(6, math.floor((w * width_px / grid.width - 8) / (px * 0.5)))  # bold Source Sans: ~0.5 em a letter
    small, limit = f"max(10, {font} - 1)", f"max(20, {w:.6g} * {unit_x} - 6)"
    return Sizes(font, small, limit, unit_x, unit_y, lines, chars, width_px / grid.width, plot_h / grid.height)


_HYPHENATORS: dict[str, pyphen.Pyphen] = {}
_HYPHENATORS_LOCK = threading.Lock()


def _hyphenator(lang: str) -> pyphen.Pyphen:
    """The hyphenation patterns of a language (LibreOffice's, shipped with pyphen: nothing is fetched).

    Read once per server, under a lock: reading takes 0.1 s, and twenty sessions drawing their first
    diagram at once would each read it.
    """
    with _HYPHENATORS_LOCK:
        if lang not in _HYPHENATORS:
            _HYPHENATORS[lang] = pyphen.Pyphen(lang="nb_NO" if lang == "nb" else "en_GB", left=2, right=3)
        return _HYPHENATORS[lang]


def _breaks(word: str, lang: str, anywhere: bool = False) -> list[int]:
    """Where `word` may be broken: after a slash or a hyphen it has, and at its syllables' hyphenation points
    (`anywhere`: between any two letters, three from each end of a part; for a text that fits no other way)."""
    out = {i + 1 for i, c in enumerate(word[:-1]) if c in "/-"}
    if anywhere:
        out |= {i for i in range(3, len(word) - 2) if word[i - 3 : i].isalpha() and word[i : i + 3].isalpha()}
    start = 0
    for part in re.split(r"([/-])", word):
        core = part.strip(".,;:()")  # the patterns know letters; a comma after the word is not a syllable
        if len(core) >= 5:
            offset = start + part.index(core)
            out |= {offset + p for p in _hyphenator(lang).positions(core)}
        start += len(part)
    return sorted(out)


def _joint(word: str, p: int) -> bool:
    """A break at `p` after a compound's linking s ("Korttids-opphold", "rehabiliterings-senter")."""
    return word[p - 1] == "s" and p >= 2 and word[p - 2] not in "aeiouyæøå" and len(word) - p >= 4


SOFT = "\u00ad"  # a hyphen the wrap added (drawn as "-"; a cut line joins the word's parts again)
Layout = tuple[tuple[int, int, int, int], tuple[str, ...]]  # (hyphens, not at a joint, lines, raggedness), lines


def _best(words: tuple[str, ...], chars: int, lang: str, most: int, anywhere: bool = False) -> Layout | None:
    """The best way to set `words` in at most `most` lines of at most `chars` (None: there is none).

    Best: the fewest added hyphens, then the fewest not at a compound's joint, then the fewest lines, then
    the most even lines. A search over (word, part of it, line so far), each state solved once.
    """

    @functools.cache
    def go(k: int, rest: str | None, line: str, left: int) -> Layout | None:
        word = rest if rest is not None else (words[k] if k < len(words) else None)
        if word is None:
            return ((0, 0, 1 if line else 0, 0), (line,) if line else ())
        options: list[Layout] = []

        def close(cost: tuple[int, int], head: str, then: Layout | None) -> None:
            if then is not None:
                (h, p, n, r), lines = then
                options.append(((h + cost[0], p + cost[1], n + 1, r + (chars - len(head)) ** 2), (head, *lines)))

        joined = f"{line} {word}" if line else word
        if len(joined) <= chars:
            found = go(k + 1, None, joined, left)
            if found is not None:
                options.append(found)
        if left > 1:
            if line:  # the word starts the next line
                close((0, 0), line, go(k, word, "", left - 1))
            room = chars - (len(line) + 1 if line else 0)
            for p in _breaks(word, lang, anywhere):
                added = word[p - 1] not in "/-"
                head = word[:p] + (SOFT if added else "")
                if len(head) <= room and len(word) - p >= 3:
                    cost = (int(added), int(added and not _joint(word, p)))
                    close(cost, f"{line} {head}" if line else head, go(k, word[p:], "", left - 1))
        return min(options, key=lambda o: o[0]) if options else None

    return go(0, None, "", most)


@functools.lru_cache(maxsize=2048)
def _wrapped(text: str, chars: int, lines: int, lang: str) -> tuple[str, ...]:
    words = tuple(text[: 4 * chars * lines].split())  # (the search grows with the text: what cannot show goes)
    best = _best(words, chars, lang, lines) or _best(words, chars, lang, lines, anywhere=True)  # all of it shown
    if best is not None:
        return tuple(line.replace(SOFT, "-") for line in best[1])
    best = _best(words, chars, lang, 4 * lines)  # too long for the box: the first lines of the best layout
    if best is not None:
        out = list(best[1])
    else:  # a word with no syllable to break at: hard breaks
        out = [w[i : i + chars - 1] + SOFT for w in words for i in range(0, max(len(w) - chars, 0) + 1, chars - 1)]
    rest = "".join(line[:-1] if line.endswith(SOFT) else line if line.endswith("/") else line + " " for line in
                   out[lines - 1 :])  # fmt: skip
    cut = rest.strip()[: max(1, chars - 1)].rstrip(" -/") + "…"
    return (*(line.replace(SOFT, "-") for line in out[: lines - 1]), cut)


def wrap(text: str, chars: int, lines: int, lang: str = "nb") -> list[str]:
    """`text` in at most `lines` lines of at most `chars` characters; the last cut with an ellipsis.

    Long words break at their syllables in the page's language, after a slash without a hyphen, and
    preferably at a compound's linking s ("Korttids-opphold"), never leaving fewer than three letters on
    the next line: of the layouts that fit, the one with the fewest hyphens wins.
    """
    return list(_wrapped(text, chars, max(1, lines), lang))


def pressure(utilisation: Estimate, places: int) -> str:
    """The pressure band of a utilisation (``"none"`` for a service without places)."""
    if places <= 0 or math.isnan(utilisation.mean):
        return "none"
    return next(name for name, top, _ in BANDS if utilisation.mean < top)


def _count(x: float, lang: str) -> str:
    """A mean number of patients: whole from 10 up, one decimal below (a queue of 0.4 is not 0)."""
    return fmt_number(x, 0 if abs(x) >= 10 else 1, lang)


def _change(before: float, after: float, lang: str, changed: bool) -> str:
    """``82`` or ``82 → 85``."""
    a, b = _count(before, lang), _count(after, lang)
    return f"{a} → {b}" if changed and a != b else b


def figure_lines(box: Box, lang: str, t: Callable[..., str], changed: bool, chars: int = 1000) -> list[str]:
    """The figures in a box: occupancy / places, then the queue and the blocked patients when there are any.

    Occupancy and places take two lines when one would be longer than `chars` (``2 332 → 2 277``
    over ``/ 2 666``): the places are never cut off.
    """
    b, s = box.base, box.scenario
    occupancy = _change(b.occupancy.mean, s.occupancy.mean, lang, changed)
    before, after = fmt_number(b.places, 0, lang), fmt_number(s.places, 0, lang)
    places = f"{before} → {after}" if changed and before != after else after
    if changed and b.places != s.places:
        one = f"{_count(b.occupancy.mean, lang)}/{before} → {_count(s.occupancy.mean, lang)}/{after}"
    else:
        one = f"{occupancy} / {after}"
    lines = [one] if len(one) <= chars else [occupancy, f"/ {places}"]
    if max(b.queue.mean, s.queue.mean) >= 0.05:
        lines.append(t("pathway.queue", value=_change(b.queue.mean, s.queue.mean, lang, changed)))
    if max(b.blocked.mean, s.blocked.mean) >= 0.05:
        lines.append(t("pathway.blocked", value=_change(b.blocked.mean, s.blocked.mean, lang, changed)))
    return lines


def _box_rows(diagram: Pathway, labels: Mapping[str, str], z: Sizes, lang: str, t: Callable[..., str],
              changed: bool, chosen: str | None) -> pd.DataFrame:  # fmt: skip
    rows = []
    for box in diagram.boxes:
        figures = figure_lines(box, lang, t, changed, z.chars)
        name = wrap(labels.get(box.service, box.service), z.chars, max(1, min(3, z.lines - len(figures))), lang)
        b, s = box.base, box.scenario
        rows.append({
            "service": box.service, "x0": box.x0, "x1": box.x1, "y0": box.y0, "y1": box.y1,
            "xc": (box.x0 + box.x1) / 2, "name": "\n".join(name),
            # the figures' lines from the bottom up: slot 0 is the last line
            **{f"figure{k}": line for k, line in enumerate(reversed(figures))},
            "band": pressure(s.utilisation, s.places), "chosen": box.service == chosen,
            "tip_service": labels.get(box.service, box.service),
            "tip_occupancy": _tip(b.occupancy, s.occupancy, lang, changed),
            "tip_places": _tip_places(b, s, lang, changed),
            "tip_utilisation": _tip_share(b.utilisation, s.utilisation, lang, changed),
            "tip_queue": _tip(b.queue, s.queue, lang, changed),
            "tip_blocked": _tip(b.blocked, s.blocked, lang, changed),
        })  # fmt: skip
    return pd.DataFrame(rows).fillna("")  # a box with fewer lines has empty upper slots


def _tip(before: Estimate, after: Estimate, lang: str, changed: bool) -> str:
    return _change(before.mean, after.mean, lang, changed)


def _tip_places(before: Figures, after: Figures, lang: str, changed: bool) -> str:
    a, b = fmt_number(before.places, 0, lang), fmt_number(after.places, 0, lang)
    return f"{a} → {b}" if changed and a != b else b


def _tip_share(before: Estimate, after: Estimate, lang: str, changed: bool) -> str:
    a, b = fmt_percent(before.mean, 0, lang), fmt_percent(after.mean, 0, lang)
    return f"{a} → {b}" if changed and a != b else b


# --- arrows --------------------------------------------------------------------------------------


def _border(box: Box, towards: tuple[float, float]) -> tuple[float, float]:
    """Where the line from the box's centre towards a point leaves the box."""
    cx, cy = (box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2
    dx, dy = towards[0] - cx, towards[1] - cy
    if dx == 0 and dy == 0:
        return cx, cy
    hw, hh = (box.x1 - box.x0) / 2, (box.y1 - box.y0) / 2
    k = min(hw / abs(dx) if dx else math.inf, hh / abs(dy) if dy else math.inf)
    return cx + k * dx, cy + k * dy


def _curve(source: Box, target: Box, bow: float, steps: int) -> list[tuple[float, float]]:
    """A quadratic curve between the two boxes' borders, its middle `bow` (of its length) to the right."""
    sc = ((source.x0 + source.x1) / 2, (source.y0 + source.y1) / 2)
    tc = ((target.x0 + target.x1) / 2, (target.y0 + target.y1) / 2)
    dx, dy = tc[0] - sc[0], tc[1] - sc[1]
    control = ((sc[0] + tc[0]) / 2 - dy * bow, (sc[1] + tc[1]) / 2 + dx * bow)
    start, end = _border(source, control), _border(target, control)  # leave towards the bend
    return [
        ((1 - u) ** 2 * start[0] + 2 * (1 - u) * u * control[0] + u * u * end[0],
         (1 - u) ** 2 * start[1] + 2 * (1 - u) * u * control[1] + u * u * end[1])
        for u in (k / steps for k in range(steps + 1))
    ]  # fmt: skip


def _through(points: list[tuple[float, float]], boxes: Sequence[Box], gap: float = 0.04) -> int:
    """How many of the points lie inside one of `boxes` (grown by `gap`)."""
    return sum(any(b.x0 - gap < x < b.x1 + gap and b.y0 - gap < y < b.y1 + gap for b in boxes) for x, y in points)


def arrow_path(source: Box, target: Box, others: Sequence[Box] = (), steps: int = 16) -> list[tuple[float, float]]:
    """The points of the arrow from `source` to `target`: a curve between their borders around other boxes.

    Bowed to the right of its direction, so that A → B and B → A (a readmission) run side by
    side instead of on top of each other; a way back bows more. When the gentle curve would
    cross one of `others` (an arrow that skips a column), a stronger bend to either side is
    tried, the one through fewest boxes kept. A self-loop is an arc over the box's top.
    """
    if source.service == target.service:
        cx, rx, ry = (source.x0 + source.x1) / 2, (source.x1 - source.x0) * 0.18, 0.2
        return [(cx - rx * math.cos(a), source.y0 - ry * math.sin(a)) for a in
                (math.pi * k / steps for k in range(steps + 1))]  # fmt: skip
    first = 0.12 if target.cell.column > source.cell.column else 0.3
    best: list[tuple[float, float]] = []
    best_hits = math.inf
    for bow in (first, -first, 0.35, -0.35, 0.55, -0.55):
        points = _curve(source, target, bow, steps)
        hits = _through(points[1:-1], others)
        if hits < best_hits:
            best, best_hits = points, hits
        if hits == 0:
            break
    return best


def _arrow_frames(diagram: Pathway, labels: Mapping[str, str], z: Sizes, lang: str, t: Callable[..., str],
                  changed: bool) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:  # fmt: skip
    """Lines (one row per point), arrowheads and labels of every flow, stubs for entries and exits."""
    boxes = {b.service: b for b in diagram.boxes}
    largest = max((max(f.base, f.scenario) for f in diagram.flows), default=0.0) or 1.0

    def stroke(per_day: float) -> float:
        return 0.0 if per_day <= 0 else max(1.0, MAX_STROKE * math.sqrt(per_day / largest))  # area-like

    def others(*ends: str) -> list[Box]:
        return [b for b in diagram.boxes if b.service not in ends]

    # entry flows are drawn one arrow per service (all its streams), so sum them first
    entries: dict[str, list[Flow]] = {}
    for f in diagram.flows:
        if f.kind == "entry" and f.target in boxes:
            entries.setdefault(f.target, []).append(f)
    drawn: list[tuple[str, str, str, float, float, list[tuple[float, float]]]] = []
    for sid, group in entries.items():
        box = boxes[sid]
        y = box.y0 + 0.28 * (box.y1 - box.y0)
        base, scen = math.fsum(f.base for f in group), math.fsum(f.scenario for f in group)
        drawn.append(("entry", t("pathway.outside"), labels.get(sid, sid), base, scen,
                      [(box.x0 - STUB, y), (box.x0, y)]))  # fmt: skip
    for f in diagram.flows:
        if f.kind == "exit" and f.source in boxes:
            box = boxes[f.source]
            y = box.y0 + 0.72 * (box.y1 - box.y0)
            drawn.append(("exit", labels.get(f.source, f.source), t("pathway.home"), f.base, f.scenario,
                          [(box.x1, y), (box.x1 + STUB, y)]))  # fmt: skip
        elif f.kind == "transfer" and f.source in boxes and f.target in boxes:
            path = arrow_path(boxes[f.source], boxes[f.target], others(f.source, f.target))
            drawn.append(("transfer", labels.get(f.source, f.source), labels.get(f.target, f.target), f.base,
                          f.scenario, path))  # fmt: skip
    lines, heads, texts = [], [], []
    for k, (kind, source, target, base, scen, points) in enumerate(drawn):
        per_day = _change(base, scen, lang, changed)
        tip = {"tip_from": source, "tip_to": target, "tip_flow": t("pathway.per_day", value=per_day)}
        colour = {"entry": ENTRY_COLOUR, "exit": EXIT_COLOUR}.get(kind, SCENARIO_COLOUR)
        # the head sits just outside the box it points at (the boxes are drawn over the arrows), and the
        # line ends under the head, so a thick line never shows past its tip
        head = 4 + 1.2 * max(stroke(scen), 1.0)  # px, the triangle's side
        (xa, ya), (xb, yb) = points[-2], points[-1]
        ux, uy = (xb - xa) * z.px_x, (yb - ya) * z.px_y
        norm = math.hypot(ux, uy) or 1.0
        tip_x, tip_y = xb - ux / norm * head * 0.45 / z.px_x, yb - uy / norm * head * 0.45 / z.px_y
        if max(base, scen) > 0:
            points = [*points[:-1], (xb - ux / norm * head * 0.7 / z.px_x, yb - uy / norm * head * 0.7 / z.px_y)]
        for order, (x, y) in enumerate(points):
            before, after = points[max(0, order - 1)], points[min(len(points) - 1, order + 1)]
            lines.append({"arrow": k, "order": order, "x": x, "y": y, "base": stroke(base), "scenario": stroke(scen),
                          "colour": colour, "tx": after[0] - before[0], "ty": after[1] - before[1],
                          "outline": changed and base > 0, **tip})  # fmt: skip
        if max(base, scen) <= 0:
            continue  # a route nobody took: a hairline, no head, no number
        heads.append({"x": tip_x, "y": tip_y, "dx": xb - xa, "dy": yb - ya, "colour": colour, "size": head**2,
                      **tip})  # fmt: skip
        if kind == "transfer" and max(base, scen) < LABELLED * largest:
            continue  # a small flow: its number is in the tooltip, not on the crowded diagram
        if kind == "transfer":
            x, y = points[len(points) // 2]
            dy = 0.0
        else:  # above an entry's stub, below an exit's: the two never meet between two boxes
            x, y = (points[0][0] + points[-1][0]) / 2, points[0][1]
            dy = (max(stroke(base), stroke(scen)) / 2 + 8) / z.px_y * (-1 if kind == "entry" else 1)
        texts.append({"x": x, "y": y + dy, "text": per_day, **tip})
    return pd.DataFrame(lines), pd.DataFrame(heads), pd.DataFrame(texts)


# --- the chart -----------------------------------------------------------------------------------


def _layer(data: str, mark: dict, encoding: dict, **more: object) -> dict:
    """A layer drawing the spec's dataset `data` (each dataset is sent once, however many layers draw it)."""
    return {"data": {"name": data}, "mark": mark, "encoding": encoding, **more}


def _tooltip(fields: Mapping[str, str]) -> list[dict]:
    return [{"field": f, "type": "nominal", "title": title} for f, title in fields.items()]


def pathway_chart(
    diagram: Pathway,
    labels: Mapping[str, str],
    organisations: Mapping[str, str],
    t: Callable[..., str],
    lang: str,
    changed: bool,
    chosen: str | None = None,
    width_px: float = 720,
    height_px: float | None = None,
) -> dict:
    """The diagram as one layered Vega-Lite spec (no tiles, no fonts fetched: it draws offline), its
    ``datasets`` as data frames (``st.vega_lite_chart`` sends them as Arrow; :func:`spec_json` writes JSON).

    A plain dict, not altair objects: altair validates every channel against the schema, which
    took seconds for these fifteen layers, on every change in the studio. `width_px` is the
    width the type is sized for (the chart stretches to its column; the narrowest column, 1280 px
    with the sidebar open, is the default); `changed`: the scenario differs from the baseline
    (boxes read ``82 → 85``); `chosen`: the service drawn with a heavy border. Clicking a box
    selects it (selection :data:`SELECTION`, field ``service``).
    """
    grid = diagram.layout
    if height_px is None:
        height_px = max(320.0, min(680.0, LEGEND_PX + 150.0 * grid.height))
    z = sizes(diagram, width_px, height_px)
    x_scale = {"domain": [0, grid.width], "nice": False, "zero": False}
    y_scale = {"domain": [0, grid.height], "nice": False, "zero": False, "reverse": True}

    def x(field: str) -> dict:
        return {"field": field, "type": "quantitative", "scale": x_scale, "axis": None}

    def y(field: str) -> dict:
        return {"field": field, "type": "quantitative", "scale": y_scale, "axis": None}

    def raw(field: str) -> dict:
        return {"field": field, "type": "quantitative", "scale": None}

    def colour(field: str) -> dict:
        return {"field": field, "type": "nominal", "scale": None}  # (a legend: None here would hide the boxes')

    bands = [
        {"x0": 0.05, "x1": grid.width - 0.05, "y0": y0 - 0.08, "y1": y1 + 0.08, "label": organisations.get(org, org),
         "fill": BAND_FILL[org]}
        for org, (y0, y1) in grid.bands.items()
    ]  # fmt: skip
    # the data as frames: Streamlit sends each as Arrow once (as records, it made a frame of each again)
    datasets: dict[str, pd.DataFrame] = {"bands": pd.DataFrame(bands)}
    layers: list[dict] = [
        _layer("bands", {"type": "rect", "cornerRadius": 6},
               {"x": x("x0"), "x2": {"field": "x1"}, "y": y("y0"), "y2": {"field": "y1"}, "fill": colour("fill")}),
        _layer("bands", {"type": "text", "align": "left", "baseline": "bottom", "fontWeight": "bold", "color": "#444",
                       "dx": 4, "fontSize": {"expr": f"min(16, {z.font} + 1)"}},
               {"x": x("x0"), "y": y("y0"), "text": {"field": "label", "type": "nominal"}}),
    ]  # fmt: skip

    lines, heads, texts = _arrow_frames(diagram, labels, z, lang, t, changed)
    arrow_tip = _tooltip({"tip_from": t("pathway.tip.from"), "tip_to": t("pathway.tip.to"),
                          "tip_flow": t("pathway.tip.flow")})  # fmt: skip
    if not lines.empty:
        datasets["arrows"] = lines
        path = {"x": x("x"), "y": y("y"), "detail": {"field": "arrow", "type": "nominal"},
                "order": {"field": "order", "type": "quantitative"}}  # fmt: skip
        line = {"type": "line", "strokeCap": "round"}
        layers += [
            _layer("arrows", line, path | {"size": raw("base"), "color": {"value": BASE_COLOUR}, "tooltip": arrow_tip}),
            _layer("arrows", line | {"opacity": 0.8},
                   path | {"size": raw("scenario"), "color": colour("colour"), "tooltip": arrow_tip}),
            # a hairline for a possible route, even one nobody took
            _layer("arrows", line | {"strokeWidth": 0.8, "strokeDash": [3, 3]}, path | {"color": colour("colour")}),
        ]  # fmt: skip
        # today's width as a thin outline over the scenario's arrow: each side of the path moved out by half
        # today's stroke, on screen (the normal of the path in pixels, from the chart's own width and height)
        ax, ay = f"(datum.tx * {z.unit_x})", f"(datum.ty * {z.unit_y})"
        norm = f"max(1e-9, sqrt({ax} * {ax} + {ay} * {ay}))"
        for side in (-1, 1):
            shift = [
                {"filter": "datum.outline"},
                {"calculate": f"datum.x - {side} * {ay} / {norm} * datum.base / 2 / {z.unit_x}", "as": "ox"},
                {"calculate": f"datum.y + {side} * {ax} / {norm} * datum.base / 2 / {z.unit_y}", "as": "oy"},
            ]
            layers.append(_layer("arrows", {"type": "line", "strokeWidth": 1, "color": OUTLINE_COLOUR},
                                 path | {"x": x("ox"), "y": y("oy")}, transform=shift))  # fmt: skip
    if not heads.empty:
        datasets["heads"] = heads
        layers.append(
            _layer("heads", {"type": "point", "shape": "triangle", "filled": True, "opacity": 1},
                   {"x": x("x"), "y": y("y"), "angle": raw("angle"), "size": raw("size"), "color": colour("colour"),
                    "tooltip": arrow_tip},
                   # the direction of the path's end on screen (the chart's own scales), clockwise from up
                   transform=[{"calculate": f"atan2(datum.dx * {z.unit_x}, -datum.dy * {z.unit_y}) * 180 / PI",
                               "as": "angle"}])
        )  # fmt: skip

    boxes = _box_rows(diagram, labels, z, lang, t, changed, chosen)
    names = [t(f"pathway.band.{b}") for b, _, _ in BANDS] + [t("pathway.band.none")]
    boxes["band"] = boxes["band"].map({b: t(f"pathway.band.{b}") for b in (*(n for n, _, _ in BANDS), "none")})
    datasets["boxes"] = boxes
    box_tip = _tooltip({f"tip_{k}": t(f"pathway.tip.{k}") for k in
                        ("service", "occupancy", "places", "utilisation", "queue", "blocked")})  # fmt: skip
    legend = {"orient": "top", "labelFontSize": 14, "titleFontSize": 14, "symbolType": "square",
              "symbolStrokeWidth": 0, "labelLimit": 300, "titleLimit": 400}  # fmt: skip
    layers.append(
        _layer("boxes", {"type": "rect", "cornerRadius": 5, "stroke": "#333", "cursor": "pointer"},
               {"x": x("x0"), "x2": {"field": "x1"}, "y": y("y0"), "y2": {"field": "y1"},
                "fill": {"field": "band", "type": "nominal", "title": t("pathway.legend"), "legend": legend,
                         "scale": {"domain": names, "range": [c for _, _, c in BANDS] + [NO_PLACES]}},
                "strokeWidth": {"condition": {"test": "datum.chosen", "value": 3.5}, "value": 1.0},
                "tooltip": box_tip},
               params=[{"name": SELECTION, "select": {"type": "point", "fields": ["service"], "on": "click"}}])
    )  # fmt: skip
    # the name from the box's top, the figures' lines from its bottom (a layer per line: Vega lays a
    # block of lines downwards from its first): they meet only in a box too small for both
    text = {"type": "text", "align": "center", "lineBreak": "\n", "color": "#111", "fontSize": {"expr": z.font},
            "lineHeight": {"expr": f"1.22 * {z.font}"}, "limit": {"expr": z.limit}}  # fmt: skip
    layers.append(_layer("boxes", text | {"fontWeight": "bold", "baseline": "top", "dy": 4},
                         {"x": x("xc"), "y": y("y0"), "text": {"field": "name", "type": "nominal"},
                          "tooltip": box_tip}))  # fmt: skip
    for k in range(MAX_FIGURE_LINES):
        if f"figure{k}" in boxes:
            layers.append(_layer("boxes", text | {"baseline": "bottom",
                                                     "dy": {"expr": f"-4 - {k} * 1.22 * {z.font}"}},
                                 {"x": x("xc"), "y": y("y1"), "text": {"field": f"figure{k}", "type": "nominal"},
                                  "tooltip": box_tip}))  # fmt: skip
    if not texts.empty:
        datasets["labels"] = texts
        label = {"type": "text", "baseline": "middle", "fontWeight": "bold", "fontSize": {"expr": z.small}}
        at = {"x": x("x"), "y": y("y"), "text": {"field": "text", "type": "nominal"}}
        layers += [  # a white outline under each number, so it reads over a line
            _layer("labels", label | {"color": "white", "stroke": "white", "strokeWidth": 3}, at),
            _layer("labels", label | {"color": "#222"}, at | {"tooltip": arrow_tip}),
        ]
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",  # a name for the spec's version, never fetched
        "height": height_px,
        "datasets": datasets,
        "layer": layers,
        "config": {"view": {"stroke": None}, "legend": {"labelFontSize": 14}},
    }


def spec_json(spec: dict) -> str:
    """The spec as Vega-Lite JSON, its datasets as records (what a Vega-Lite renderer outside Streamlit takes)."""
    return json.dumps(spec, default=lambda frame: frame.to_dict(orient="records"))


# --- the studio's view ---------------------------------------------------------------------------

CHOSEN = "scenario:chart_service"  # the service of the studio's other views (their selectbox's key)
CHART_KEY, APPLIED = "pathway:chart", "pathway:applied"


def _picked(state: object) -> str | None:
    """The service of the box clicked last (None when nothing is selected)."""
    selection = getattr(state, "selection", None) or {}
    points = selection.get(SELECTION) or []
    return points[0].get("service") if points else None


def pathway_view(base: Results, results: Results, lang: str, presenter: bool, changed: bool,
                 view_key: str) -> None:  # fmt: skip
    """The studio's first view: the diagram of `results` against `base`; a click chooses the service.

    The click is read before the chart is drawn (the chart's state is in the session from the
    rerun it started), so the chosen box has its heavy border at once, and it is applied only
    when it changes: choosing another service in a later view is not overwritten by an old click.
    """
    import streamlit as st

    from pages.ui.i18n import t
    from pages.ui.user_text import literal_line

    scenario = base.scenario
    picked = _picked(st.session_state.get(CHART_KEY))
    if picked != st.session_state.get(APPLIED):
        st.session_state[APPLIED] = picked
        if picked in scenario.service_ids:
            st.session_state[CHOSEN] = picked
    chosen = st.session_state.get(CHOSEN)
    labels = {s.id: s.label(lang) for s in scenario.services}
    organisations = {org: scenario.organisation_label(org, lang) for org in ("hospital", "municipality")}
    diagram = pathway(base, results)
    chart = pathway_chart(diagram, labels, organisations, t, lang, changed, chosen, 1180 if presenter else 720)
    st.vega_lite_chart(spec=chart, width="stretch", on_select="rerun", selection_mode=SELECTION, key=CHART_KEY,
                       alt=t("pathway.alt"))  # fmt: skip
    st.caption(t("pathway.caption", base=literal_line(scenario.name)))
    if chosen in labels and picked == chosen:
        c1, c2 = st.columns([4, 1], vertical_alignment="center")
        c1.markdown(t("pathway.chosen", service=literal_line(labels[chosen])))
        c2.button(t("pathway.show_time"), key="pathway:show_time",
                  on_click=lambda: st.session_state.update({view_key: "time"}))  # fmt: skip

"""The workshop report as one self-contained HTML document: who made each scenario and why, its figures, who pays.

The HTML opens offline: inline CSS, charts as inline SVG (``charts``), no
scripts, no external URLs. Every piece of user text (scenario names, authors,
reasons, service names) is escaped. The figures are the baseline's headline
figures (``results.headline``), shown per year and in their display units; the
money is ``results.costs``, by organisation; every number is written by
``results.formatting``.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from harmoni_model.results.comparison import compare
from harmoni_model.results.costs import PARTIES, CostChange, cost_change, party_label, yearly_costs
from harmoni_model.results.formatting import DASH, fmt_difference, fmt_estimate, fmt_mnok_estimate, fmt_number
from harmoni_model.results.headline import headline_figures
from harmoni_model.results.tidy import Results
from harmoni_model.scenario.differences import scenario_differences
from harmoni_model.workshop.report.charts import overliggedogn_chart, queue_chart, svg
from harmoni_model.workshop.report.table import ReportItem
from harmoni_model.workshop.report.texts import TEXTS

_CSS = """
*{box-sizing:border-box}
body{font-family:Helvetica,Arial,sans-serif;color:#1d1d1d;max-width:980px;margin:0 auto;padding:28px 32px;
line-height:1.45;font-size:14px;background:#fff}
header{border-bottom:3px solid #1b6ca8;padding-bottom:10px;margin-bottom:18px}
h1{font-size:26px;margin:0 0 4px}
h2{font-size:19px;margin:28px 0 8px;color:#1b6ca8;border-bottom:1px solid #d6e2ee;padding-bottom:3px}
h3{font-size:16px;margin:18px 0 4px}
.meta{color:#555;font-size:13px}
.note{color:#555;font-size:12.5px;margin:4px 0 10px}
.card{border:1px solid #dde3ea;border-radius:6px;padding:10px 14px;margin:12px 0;page-break-inside:avoid}
.card p{margin:4px 0}
ul.changes{margin:4px 0 8px;padding-left:20px}
ul.changes li{margin:1px 0}
.reason{white-space:pre-wrap;background:#f6f8fa;border-left:3px solid #1b6ca8;padding:6px 10px;margin:6px 0}
table{border-collapse:collapse;width:100%;margin:6px 0 4px;font-size:13px;page-break-inside:avoid}
table.kpi{table-layout:fixed}
table.kpi col.k{width:31%}
table.kpi col.n{width:23%}
th,td{padding:5px 8px;border-bottom:1px solid #e3e6ea;vertical-align:top}
th{background:#eef3f8;text-align:left;font-weight:600}
td.num{text-align:right;font-variant-numeric:tabular-nums}
th.num{text-align:right;overflow-wrap:anywhere}
td .ci{display:block;color:#666;font-size:11.5px}
tr.total td{font-weight:600;border-top:2px solid #b9c6d3}
figure{margin:12px 0 20px;page-break-inside:avoid}
figcaption{font-weight:600;margin-bottom:6px}
figure svg{max-width:100%;height:auto}
footer{margin-top:30px;color:#777;font-size:12px;border-top:1px solid #ddd;padding-top:8px}
@page{size:A4;margin:14mm}
@media print{body{padding:0;max-width:none}}
"""


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def _cells(texts: Sequence[str], first: str) -> str:
    """A table row: a label, then right-aligned numbers."""
    return f"<tr><td>{_esc(first)}</td>" + "".join(f'<td class="num">{_esc(x)}</td>' for x in texts) + "</tr>"


def _head(labels: Sequence[str]) -> str:
    """A table's heading row; a line break in a label stays one."""
    first, *rest = (_esc(x).replace("\n", "<br>") for x in labels)
    return f"<thead><tr><th>{first}</th>" + "".join(f'<th class="num">{x}</th>' for x in rest) + "</tr></thead>"


def _figures_table(res: Results, baseline: Results, lang: str) -> tuple[str, bool]:
    """The baseline's headline figures: baseline, scenario and difference; and whether the difference is paired."""
    t = TEXTS[lang]
    comparison = compare(res, baseline)
    est, base = res.estimates(), baseline.estimates()
    rows = []
    for fig in headline_figures(baseline.scenario):
        if fig.scope not in base:
            continue
        dec = fig.info.decimals
        b = fmt_estimate(fig.shown(base[fig.scope][fig.kpi], baseline.scenario), dec, lang, floor=None)
        e = fmt_estimate(fig.shown(est[fig.scope][fig.kpi], res.scenario), dec, lang, floor=None) if (
            fig.scope in est) else DASH  # fmt: skip
        d = comparison.at(fig.scope, fig.kpi)
        diff = DASH if d is None else fmt_difference(fig.shown(d, baseline.scenario, difference=True), dec, lang)
        rows.append(_cells((b, e, diff), fig.label(lang)))
    head = _head((t["kpi"], f"{t['baseline']}\n{t['mean_ci']}", f"{t['scenario']}\n{t['mean_ci']}",
                  f"{t['difference']}\n{t['ci95']}"))  # fmt: skip
    table = (
        f'<table class="kpi"><colgroup><col class="k"><col class="n"><col class="n"><col class="n"></colgroup>'
        f"{head}<tbody>{''.join(rows)}</tbody></table>"
    )
    return table, comparison.paired


def _who_pays_table(c: CostChange, lang: str) -> str:
    """Who pays what a year: each line at the baseline, in the scenario, and the change."""
    t = TEXTS[lang]
    rows = []
    for x in c.lines():
        base, scen = fmt_mnok_estimate(x.baseline, 1, lang), fmt_mnok_estimate(x.scenario, 1, lang)
        rows.append(_cells((base, scen, fmt_mnok_estimate(x.change, 1, lang, difference=True)), x.label(lang)))
    head = _head((t["line"], t["baseline"], t["scenario"], f"{t['difference']}\n{t['ci95']}"))
    return (
        f'<table class="kpi"><colgroup><col class="k"><col class="n"><col class="n"><col class="n"></colgroup>'
        f"{head}<tbody>{''.join(rows)}</tbody></table>"
    )


def _unpriced_note(ids: Sequence[str], res: Results, lang: str, about: str = "") -> str:
    """Which services are left out of the sums for want of a cost figure ("" when none)."""
    if not ids:
        return ""
    labels = {s.id: s.label(lang) for s in res.scenario.services}
    text = TEXTS[lang]["unpriced"].format(ids=", ".join(labels.get(i, i) for i in ids))
    return f'<p class="note">{_esc(f"{about}: {text}" if about else text)}</p>'


def _changes_list(item: ReportItem, baseline: Results, lang: str) -> str:
    """What the scenario changed against the baseline, one item a change (or that it changed nothing)."""
    t = TEXTS[lang]
    lines = scenario_differences(baseline.scenario, item.results.scenario, lang)
    if not lines:
        return f"<p><strong>{_esc(t['changes'])}:</strong> {_esc(t['no_changes'])}</p>"
    items = "".join(f"<li>{_esc(line)}</li>" for line in lines)
    return f'<p><strong>{_esc(t["changes"])}:</strong></p><ul class="changes">{items}</ul>'


def _scenario_section(item: ReportItem, baseline: Results, lang: str) -> str:
    t = TEXTS[lang]
    res = item.results
    figures, paired = _figures_table(res, baseline, lang)
    costs = cost_change(res, baseline)
    run = t["run"].format(reps=res.replications, days=res.scenario.horizon_days, seed=res.scenario.seed)
    return (
        f'<section class="card"><h3>{_esc(item.name)}</h3>'
        f"<p><strong>{_esc(t['author'])}:</strong> {_esc(item.author or t['no_author'])}</p>"
        f"<p><strong>{_esc(t['reason'])}:</strong></p>"
        f'<div class="reason">{_esc(item.reason or t["no_reason"])}</div>'
        f"{_changes_list(item, baseline, lang)}"
        f'<p class="meta">{_esc(run)}</p>{figures}'
        f"<p><strong>{_esc(t['who_pays'])}</strong></p>{_who_pays_table(costs, lang)}"
        f"{_unpriced_note(costs.unpriced, res, lang)}"
        f'<p class="note">{_esc(t["paired"] if paired else t["unpaired"])}</p></section>'
    )


def _cost_section(items: Sequence[ReportItem], baseline: Results, lang: str) -> str:
    """Each organisation's net a year: the baseline's level, then each scenario's change from it."""
    t = TEXTS[lang]
    head = _head((t["scenario"], *(party_label(p, lang) for p in PARTIES)))
    base = yearly_costs(baseline)
    label = f"{baseline.scenario.name} ({t['baseline'].lower()}, {t['level']})"
    rows = [_cells([fmt_mnok_estimate(base[p].net, 1, lang) for p in PARTIES], label)]
    notes = [_unpriced_note(base.unpriced, baseline, lang)]
    for item in items:
        c = cost_change(item.results, baseline)
        rows.append(_cells([fmt_mnok_estimate(c.change[p].net, 1, lang, difference=True) for p in PARTIES], item.name))
        if c.unpriced and c.unpriced != base.unpriced:
            notes.append(_unpriced_note(c.unpriced, item.results, lang, about=item.name))
    rate = fmt_number(baseline.scenario.overliggedogn_rate_nok, 0, lang)
    return (
        f"<h2>{_esc(t['costs'])}</h2><table>{head}<tbody>{''.join(rows)}</tbody></table>"
        f'<p class="note">{_esc(t["cost_note"].format(rate=rate))}</p>{"".join(notes)}'
    )


def _figure(caption: str, drawing: str) -> str:
    return f"<figure><figcaption>{_esc(caption)}</figcaption>{drawing}</figure>"


OSLO = ZoneInfo("Europe/Oslo")
#: Month names for a bokmål date (``4. mai 2026``) and an English one (``4 May 2026``).
MONTHS = {
    "nb": ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november",
           "desember"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
}  # fmt: skip


def oslo_time(when: dt.datetime | None = None) -> dt.datetime:
    """`when` (default: now) on the clock in Oslo; a naive time is taken to be Oslo's already."""
    if when is None:
        return dt.datetime.now(OSLO)
    return when.replace(tzinfo=OSLO) if when.tzinfo is None else when.astimezone(OSLO)


def stamp(when: dt.datetime, lang: str) -> str:
    """``4. mai 2026 kl. 13.45`` / ``4 May 2026, 13:45 (Oslo time)``: when the report was made, as one writes it."""
    month = MONTHS["nb" if lang == "nb" else "en"][when.month - 1]
    if lang == "nb":
        return f"{when.day}. {month} {when.year} kl. {when:%H.%M}"
    return f"{when.day} {month} {when.year}, {when:%H:%M} (Oslo time)"


def workshop_report(
    items: Sequence[ReportItem],
    baseline: Results,
    title: str,
    lang: str = "nb",
    when: dt.datetime | None = None,
) -> str:
    """The workshop report as one self-contained HTML document (no scripts, no external references).

    `when` (default: now) is shown on Oslo's clock; each scenario lists its changes against the baseline.
    """
    from harmoni_model import __version__

    if lang not in TEXTS:
        raise ValueError(f"lang must be one of {sorted(TEXTS)}")
    t = TEXTS[lang]
    made = stamp(oslo_time(when), lang)
    base = baseline.scenario
    all_results = [(f"{base.name} ({t['baseline'].lower()})", baseline), *((i.name, i.results) for i in items)]
    # Chart names must be unique (they are the colour domain).
    seen: dict[str, int] = {}
    unique = []
    for name, res in all_results:
        seen[name] = seen.get(name, 0) + 1
        unique.append((name if seen[name] == 1 else f"{name} ({seen[name]})", res))

    run = t["run"].format(reps=baseline.replications, days=base.horizon_days, seed=base.seed)
    description = f'<div class="reason">{_esc(base.description)}</div>' if base.description else ""
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{_esc(lang)}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_esc(title)}</title><style>{_CSS}</style></head><body>",
        f"<header><h1>{_esc(title)}</h1>",
        f'<div class="meta">{_esc(t["generated"])} {_esc(made)} · {_esc(t["version"])} {_esc(__version__)}</div>',
        "</header>",
        f"<h2>{_esc(t['baseline'])}</h2>",
        f'<section class="card"><h3>{_esc(base.name)}</h3>{description}<p class="meta">{_esc(run)}</p></section>',
        f"<h2>{_esc(t['scenarios'])}</h2>",
        f'<p class="note">{_esc(t["interpretation"])}</p>',
        *(_scenario_section(item, baseline, lang) for item in items),
        _cost_section(items, baseline, lang),
        f"<h2>{_esc(t['charts'])}</h2>",
        _figure(t["og_chart"], svg(overliggedogn_chart(unique, lang), lang)),
        _figure(t["queue_moved"], svg(queue_chart(unique, lang), lang)),
        f"<footer>{_esc(title)} · {_esc(made)} · HARMONI {_esc(__version__)}</footer>",
        "</body></html>",
    ]
    return "\n".join(parts)

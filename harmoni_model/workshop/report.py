"""The workshop report: one self-contained HTML file, plus the KPI table as CSV and Excel.

The HTML opens offline: inline CSS, charts as inline SVG (Altair charts
rendered by ``vl-convert-python``), no scripts, no external URLs. Every piece of
user text (scenario names, authors, reasons, service names) is escaped.

Altair, pandas and vl-convert are imported only when a report is made.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from harmoni_model.results.estimates import Estimate, estimate, t975
from harmoni_model.results.formatting import fmt_number
from harmoni_model.results.tidy import Results
from harmoni_model.scenario.changes import capacity_cost

if TYPE_CHECKING:
    import pandas as pd

# The key KPIs of the report: (scope, kpi); scopes missing from a scenario are left out.
REPORT_KPIS: tuple[tuple[str, str], ...] = (
    ("system", "overliggedogn"),
    ("system", "overliggedogn_cost_nok"),
    ("hospital_medical", "mean_wait_days"),
    ("hospital_medical", "utilisation"),
    ("short_term", "mean_wait_days"),
    ("long_term", "mean_queue"),
    ("kad", "share_diverted"),
)
_PERCENT_KPIS = {"utilisation", "share_diverted", "share_waited", "share_lost"}
_NOK_KPIS = {"overliggedogn_cost_nok"}

TABLE_COLUMNS = [
    "scenario", "author", "reason", "scope", "kpi", "mean", "ci_low", "ci_high",
    "diff_mean", "diff_low", "diff_high", "comparison",
]  # fmt: skip

TEXTS: dict[str, dict[str, str]] = {
    "nb": {
        "generated": "Laget",
        "version": "HARMONI-modell versjon",
        "baseline": "Utgangspunkt",
        "scenarios": "Scenarioer",
        "author": "Laget av",
        "reason": "Begrunnelse",
        "no_reason": "(ingen begrunnelse oppgitt)",
        "no_author": "(ukjent)",
        "run": "{reps} replikasjoner à {days} dager, frø {seed}",
        "kpi": "Nøkkeltall",
        "where": "Hvor",
        "mean_ci": "Snitt (95 % KI)",
        "difference": "Forskjell fra utgangspunktet",
        "ci95": "(95 % KI)",
        "paired": "Parvis forskjell (samme frø og antall replikasjoner: samme pasienter i hver replikasjon).",
        "unpaired": (
            "Uparet forskjell (Welch): frø eller antall replikasjoner avviker fra utgangspunktet, "
            "så intervallet er bredere enn et parvis intervall ville vært."
        ),
        "costs": "Kostnader per år",
        "cost_note": (
            "Overliggedøgn er regnet om til ett år fra {days} målte dager. Kapasitetskostnad er årskostnaden "
            "for endrede plasser og årsverk. Netto = kapasitetskostnad + endring i betaling for overliggedøgn "
            "(negativt tall: besparelse)."
        ),
        "og_payment": "Betaling for overliggedøgn",
        "og_change": "Endring i betaling",
        "capacity_cost": "Kapasitetskostnad",
        "net": "Netto",
        "unpriced": "Uten kostnadstall (ikke med i summen): {ids}",
        "charts": "Figurer",
        "queue_moved": "Hvor køen flyttet seg: ventende og utskrivningsklare pasientdøgn per tjeneste",
        "og_chart": "Overliggedøgn per scenario med 95 % konfidensintervall",
        "waiting": "Venter på plass",
        "blocked": "Utskrivningsklar, venter på neste tjeneste",
        "patient_days": "Pasientdøgn",
        "scenario": "Scenario",
        "measure": "Hva",
        "service": "Tjeneste",
        "organisation": "Organisasjon",
        "hospital": "Sykehus",
        "municipality": "Kommune",
        "system": "Hele systemet",
        "overliggedogn": "Overliggedøgn",
        "overliggedogn_cost_nok": "Betaling for overliggedøgn",
        "mean_wait_days": "Gjennomsnittlig ventetid (dager)",
        "utilisation": "Belegg",
        "mean_queue": "Gjennomsnittlig kø (pasienter)",
        "share_diverted": "Andel sendt videre når fullt",
        "interpretation": (
            "Tallene er gjennomsnitt over replikasjoner av en stokastisk modell med 95 % konfidensintervall. "
            "En forskjell der intervallet inneholder 0 kan skyldes tilfeldigheter."
        ),
        "nok": "kr",
        "mnok": "mill. kr",
    },
    "en": {
        "generated": "Generated",
        "version": "HARMONI model version",
        "baseline": "Baseline",
        "scenarios": "Scenarios",
        "author": "Author",
        "reason": "Reason",
        "no_reason": "(no reason given)",
        "no_author": "(unknown)",
        "run": "{reps} replications of {days} days, seed {seed}",
        "kpi": "Key figure",
        "where": "Where",
        "mean_ci": "Mean (95 % CI)",
        "difference": "Difference from baseline",
        "ci95": "(95 % CI)",
        "paired": "Paired difference (same seed and number of replications: the same patients in each replication).",
        "unpaired": (
            "Unpaired difference (Welch): the seed or number of replications differs from the baseline, "
            "so the interval is wider than a paired interval would be."
        ),
        "costs": "Costs per year",
        "cost_note": (
            "Overliggedøgn (delayed-discharge bed-days) are scaled to one year from {days} measured days. "
            "Capacity cost is the yearly cost of changed places and staff. Net = capacity cost + change in "
            "overliggedøgn payment (negative: a saving)."
        ),
        "og_payment": "Overliggedøgn payment",
        "og_change": "Change in payment",
        "capacity_cost": "Capacity cost",
        "net": "Net",
        "unpriced": "No cost figure (left out of the sum): {ids}",
        "charts": "Charts",
        "queue_moved": "Where the queue moved: waiting and blocked patient-days per service",
        "og_chart": "Overliggedøgn per scenario with 95 % confidence interval",
        "waiting": "Waiting for a place",
        "blocked": "Ready to leave, waiting for the next service",
        "patient_days": "Patient-days",
        "scenario": "Scenario",
        "measure": "What",
        "service": "Service",
        "organisation": "Organisation",
        "hospital": "Hospital",
        "municipality": "Municipality",
        "system": "Whole system",
        "overliggedogn": "Overliggedøgn (delayed-discharge bed-days)",
        "overliggedogn_cost_nok": "Overliggedøgn payment",
        "mean_wait_days": "Mean wait (days)",
        "utilisation": "Utilisation",
        "mean_queue": "Mean queue (patients)",
        "share_diverted": "Share diverted when full",
        "interpretation": (
            "Figures are means over replications of a stochastic model with 95 % confidence intervals. "
            "A difference whose interval contains 0 may be due to chance."
        ),
        "nok": "NOK",
        "mnok": "MNOK",
    },
}


@dataclass(frozen=True)
class ReportItem:
    """One scenario of the workshop report: who made it, why, and its results."""

    name: str
    author: str
    reason: str
    results: Results


# --- numbers -------------------------------------------------------------------


def _values(results: Results, scope: str, kpi: str) -> list[float]:
    if scope == "system":
        return [r.system[kpi] for r in results.runs]
    return [r.services[scope][kpi] for r in results.runs]


def _welch(a: Sequence[float], b: Sequence[float]) -> Estimate:
    """Mean of a minus mean of b with a Welch 95 % interval (NaN interval if either has n < 2)."""
    xa = [x for x in a if not math.isnan(x)]
    xb = [x for x in b if not math.isnan(x)]
    if not xa or not xb:
        return Estimate(math.nan, math.nan, math.nan, 0)
    ea, eb = estimate(xa), estimate(xb)
    diff = ea.mean - eb.mean
    n = min(len(xa), len(xb))
    if len(xa) < 2 or len(xb) < 2:
        return Estimate(diff, math.nan, math.nan, n)
    va = math.fsum((x - ea.mean) ** 2 for x in xa) / (len(xa) - 1) / len(xa)
    vb = math.fsum((x - eb.mean) ** 2 for x in xb) / (len(xb) - 1) / len(xb)
    se = math.sqrt(va + vb)
    if se == 0:
        return Estimate(diff, diff, diff, n)
    df = (va + vb) ** 2 / (va**2 / (len(xa) - 1) + vb**2 / (len(xb) - 1))
    half = t975(max(1, math.floor(df))) * se
    return Estimate(diff, diff - half, diff + half, n)


def is_paired(results: Results, baseline: Results) -> bool:
    """Whether `results` and `baseline` can be compared replication by replication."""
    return results.scenario.seed == baseline.scenario.seed and results.replications == baseline.replications


def differences(results: Results, baseline: Results) -> tuple[dict[str, dict[str, Estimate]], bool]:
    """Difference from the baseline for the report KPIs, and whether it is paired."""
    if is_paired(results, baseline):
        return results.difference(baseline), True
    out: dict[str, dict[str, Estimate]] = {}
    for scope, kpi in REPORT_KPIS:
        if _has_scope(results, scope) and _has_scope(baseline, scope):
            out.setdefault(scope, {})[kpi] = _welch(_values(results, scope, kpi), _values(baseline, scope, kpi))
    return out, False


def _has_scope(results: Results, scope: str) -> bool:
    return scope == "system" or scope in results.scenario.service_ids


def kpi_table(items: Sequence[ReportItem], baseline: Results) -> pd.DataFrame:
    """Tidy table of the report KPIs: one row per scenario (the baseline first) and KPI.

    Columns: scenario, author, reason, scope, kpi, mean, ci_low, ci_high,
    diff_mean, diff_low, diff_high (difference from the baseline; NaN for the
    baseline itself) and comparison ("baseline", "paired" or "unpaired").
    """
    import pandas as pd

    nan = math.nan
    rows = []
    base_est = baseline.estimates()
    for scope, kpi in REPORT_KPIS:
        if _has_scope(baseline, scope):
            e = base_est[scope][kpi]
            rows.append((baseline.scenario.name, "", "", scope, kpi, e.mean, e.low, e.high, nan, nan, nan, "baseline"))
    for item in items:
        est = item.results.estimates()
        diff, paired = differences(item.results, baseline)
        for scope, kpi in REPORT_KPIS:
            if not _has_scope(item.results, scope):
                continue
            e = est[scope][kpi]
            d = diff.get(scope, {}).get(kpi, Estimate(nan, nan, nan, 0))
            rows.append(
                (item.name, item.author, item.reason, scope, kpi, e.mean, e.low, e.high, d.mean, d.low, d.high,
                 "paired" if paired else "unpaired")
            )  # fmt: skip
    return pd.DataFrame(rows, columns=TABLE_COLUMNS)


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """CSV as UTF-8 with a byte-order mark, so Excel shows Norwegian letters right."""
    return df.to_csv(index=False).encode("utf-8-sig")


def to_excel_bytes(df: pd.DataFrame, sheet_name: str = "KPI") -> bytes:
    """The table as an .xlsx workbook (openpyxl)."""
    import pandas as pd

    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        df.to_excel(writer, index=False, sheet_name=sheet_name)
        sheet = writer.sheets[sheet_name]
        for i, col in enumerate(df.columns, start=1):
            width = max(len(str(col)), *(len(str(v)) for v in df[col].head(200))) if len(df) else len(str(col))
            sheet.column_dimensions[sheet.cell(row=1, column=i).column_letter].width = min(60, width + 2)
    return buf.getvalue()


# --- formatting ----------------------------------------------------------------


def _fmt(x: float, kpi: str, lang: str, signed: bool = False) -> str:
    if x is None or math.isnan(x):
        return "–"
    t = TEXTS[lang]
    sign = "+" if signed and x > 0 else ""
    if kpi in _PERCENT_KPIS:
        return f"{sign}{fmt_number(100 * x, 1, lang)}\u00a0%"
    if kpi in _NOK_KPIS:
        return f"{sign}{fmt_number(x / 1e6, 2, lang)}\u00a0{t['mnok']}"
    digits = 0 if abs(x) >= 100 else 1 if abs(x) >= 10 else 2
    return f"{sign}{fmt_number(x, digits, lang)}"


def _bare(x: float, kpi: str, lang: str, signed: bool) -> str:
    """A number as in :func:`_fmt` but without its unit (the unit is on the mean above)."""
    sign = "+" if signed and x > 0 else ""
    if kpi in _PERCENT_KPIS:
        return f"{sign}{fmt_number(100 * x, 1, lang)}"
    if kpi in _NOK_KPIS:
        return f"{sign}{fmt_number(x / 1e6, 2, lang)}"
    return _fmt(x, kpi, lang, signed)


def _ci(low: float, high: float, kpi: str, lang: str, signed: bool = False) -> str:
    if math.isnan(low) or math.isnan(high):
        return ""
    sep = " til " if lang == "nb" else " to "
    return f"[{_bare(low, kpi, lang, signed)}{sep}{_bare(high, kpi, lang, signed)}]"


def _nok(x: float, lang: str, signed: bool = False) -> str:
    return _fmt(x, "overliggedogn_cost_nok", lang, signed)


def _kpi_label(scope: str, kpi: str, results: Results, lang: str) -> tuple[str, str]:
    t = TEXTS[lang]
    where = t["system"] if scope == "system" else results.scenario.service(scope).label(lang)
    return where, t.get(kpi, kpi)


# --- charts --------------------------------------------------------------------

_SVG_NS = re.compile(r'\s+xmlns(?::\w+)?="[^"]*"')


def _svg(chart) -> str:
    """An Altair chart as inline SVG (namespace declarations dropped: HTML does not need them)."""
    import vl_convert as vlc

    return _SVG_NS.sub("", vlc.vegalite_to_svg(chart.to_dict()))


def _scenario_colors(names: Sequence[str]) -> list[str]:
    palette = ["#1b6ca8", "#e07b39", "#3a9d5d", "#a8477c", "#7f6bb3", "#b5a33a", "#3aa6b5", "#c4544b"]
    return ["#9a9a9a"] + [palette[i % len(palette)] for i in range(len(names) - 1)]


def _queue_chart(all_results: Sequence[tuple[str, Results]], lang: str):
    import altair as alt
    import pandas as pd

    t = TEXTS[lang]
    rows = []
    for order, (name, res) in enumerate(all_results):
        days = float(res.scenario.horizon_days)
        est = res.estimates()
        for s in res.scenario.services:
            e = est[s.id]
            org = t.get(s.organisation, s.organisation)
            label = s.label(lang)
            rows.append((order, name, org, label, t["waiting"], e["mean_queue"].mean * days))
            rows.append((order, name, org, label, t["blocked"], e["blocked_days"].mean))
    df = pd.DataFrame(rows, columns=["order", "scenario", "organisation", "service", "measure", "value"])
    df["value"] = df["value"].fillna(0.0)
    names = [n for n, _ in all_results]
    scale = alt.Scale(domain=names, range=_scenario_colors(names))
    return (
        alt.Chart(df)
        .mark_bar()
        .encode(
            x=alt.X("value:Q", title=t["patient_days"]),
            y=alt.Y("service:N", title=None, axis=alt.Axis(labelLimit=260)),
            yOffset=alt.YOffset("scenario:N", sort=names),
            color=alt.Color(
                "scenario:N",
                scale=scale,
                sort=names,
                title=t["scenario"],
                legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=400),
            ),
            tooltip=["scenario", "service", "measure", alt.Tooltip("value:Q", format=",.0f")],
        )
        .properties(width=300, height=alt.Step(9))
        .facet(
            row=alt.Row("organisation:N", title=None, header=alt.Header(labelFontWeight="bold", labelFontSize=12)),
            column=alt.Column(
                "measure:N",
                title=None,
                sort=[t["waiting"], t["blocked"]],
                header=alt.Header(labelFontWeight="bold", labelFontSize=12),
            ),
        )
        .resolve_scale(y="independent", x="independent")
        .configure_view(stroke="#ddd")
        .configure(font="Helvetica, Arial, sans-serif")
    )


def _og_chart(all_results: Sequence[tuple[str, Results]], lang: str):
    import altair as alt
    import pandas as pd

    t = TEXTS[lang]
    rows = []
    for name, res in all_results:
        e = res.estimates()["system"]["overliggedogn"]
        low = e.mean if math.isnan(e.low) else e.low
        high = e.mean if math.isnan(e.high) else e.high
        rows.append((name, e.mean, low, high))
    df = pd.DataFrame(rows, columns=["scenario", "mean", "low", "high"])
    names = [n for n, _ in all_results]
    scale = alt.Scale(domain=names, range=_scenario_colors(names))
    y = alt.Y("scenario:N", sort=names, title=None, axis=alt.Axis(labelLimit=300))
    bars = (
        alt.Chart(df)
        .mark_bar(height=18)
        .encode(
            x=alt.X("mean:Q", title=t["overliggedogn"]),
            y=y,
            color=alt.Color("scenario:N", scale=scale, sort=names, legend=None),
        )
    )
    rules = alt.Chart(df).mark_rule(color="#222", strokeWidth=1.5).encode(x="low:Q", x2="high:Q", y=y)
    ticks_lo = alt.Chart(df).mark_tick(color="#222", thickness=1.5, size=12).encode(x="low:Q", y=y)
    ticks_hi = alt.Chart(df).mark_tick(color="#222", thickness=1.5, size=12).encode(x="high:Q", y=y)
    return (
        alt.layer(bars, rules, ticks_lo, ticks_hi)
        .properties(width=520, height=alt.Step(30))
        .configure_view(stroke="#ddd")
        .configure(font="Helvetica, Arial, sans-serif")
    )


# --- HTML ----------------------------------------------------------------------

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
.reason{white-space:pre-wrap;background:#f6f8fa;border-left:3px solid #1b6ca8;padding:6px 10px;margin:6px 0}
table{border-collapse:collapse;width:100%;margin:6px 0 4px;font-size:13px;page-break-inside:avoid}
table.kpi{table-layout:fixed}
table.kpi col.k{width:24%}
table.kpi col.w{width:22%}
table.kpi col.n{width:18%}
th,td{padding:5px 8px;border-bottom:1px solid #e3e6ea;vertical-align:top}
th{background:#eef3f8;text-align:left;font-weight:600}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
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


def _cell(value: float, low: float, high: float, kpi: str, lang: str, signed: bool = False) -> str:
    ci = _ci(low, high, kpi, lang, signed)
    ci_html = f'<span class="ci">{_esc(ci)}</span>' if ci else ""
    return f'<td class="num">{_esc(_fmt(value, kpi, lang, signed))}{ci_html}</td>'


def _scenario_section(item: ReportItem, baseline: Results, lang: str) -> str:
    t = TEXTS[lang]
    res = item.results
    est, base = res.estimates(), baseline.estimates()
    diff, paired = differences(res, baseline)
    rows = []
    for scope, kpi in REPORT_KPIS:
        if not (_has_scope(res, scope) and _has_scope(baseline, scope)):
            continue
        where, label = _kpi_label(scope, kpi, res, lang)
        b, e = base[scope][kpi], est[scope][kpi]
        d = diff.get(scope, {}).get(kpi, Estimate(math.nan, math.nan, math.nan, 0))
        rows.append(
            f"<tr><td>{_esc(label)}</td><td>{_esc(where)}</td>"
            f"{_cell(b.mean, b.low, b.high, kpi, lang)}{_cell(e.mean, e.low, e.high, kpi, lang)}"
            f"{_cell(d.mean, d.low, d.high, kpi, lang, signed=True)}</tr>"
        )
    run = t["run"].format(reps=res.replications, days=res.scenario.horizon_days, seed=res.scenario.seed)
    return (
        f'<section class="card"><h3>{_esc(item.name)}</h3>'
        f"<p><strong>{_esc(t['author'])}:</strong> {_esc(item.author or t['no_author'])}</p>"
        f"<p><strong>{_esc(t['reason'])}:</strong></p>"
        f'<div class="reason">{_esc(item.reason or t["no_reason"])}</div>'
        f'<p class="meta">{_esc(run)}</p>'
        f'<table class="kpi"><colgroup><col class="k"><col class="w"><col class="n"><col class="n"><col class="n">'
        f"</colgroup><thead><tr><th>{_esc(t['kpi'])}</th><th>{_esc(t['where'])}</th>"
        f'<th class="num">{_esc(t["baseline"])}<br>{_esc(t["mean_ci"])}</th>'
        f'<th class="num">{_esc(t["scenario"])}<br>{_esc(t["mean_ci"])}</th>'
        f'<th class="num">{_esc(t["difference"])}<br>{_esc(t["ci95"])}</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
        f'<p class="note">{_esc(t["paired"] if paired else t["unpaired"])}</p></section>'
    )


def _yearly_og_payment(res: Results) -> float:
    e = res.estimates()["system"]["overliggedogn_cost_nok"]
    return e.mean * 365.0 / float(res.scenario.horizon_days)


def _cost_section(items: Sequence[ReportItem], baseline: Results, lang: str) -> str:
    t = TEXTS[lang]
    base_pay = _yearly_og_payment(baseline)
    head = (
        f"<tr><th>{_esc(t['scenario'])}</th><th class='num'>{_esc(t['og_payment'])}</th>"
        f"<th class='num'>{_esc(t['og_change'])}</th><th class='num'>{_esc(t['capacity_cost'])}</th>"
        f"<th class='num'>{_esc(t['net'])}</th></tr>"
    )
    rows = [
        f"<tr><td>{_esc(baseline.scenario.name)} ({_esc(t['baseline'].lower())})</td>"
        f"<td class='num'>{_esc(_nok(base_pay, lang))}</td><td class='num'>–</td><td class='num'>–</td>"
        f"<td class='num'>–</td></tr>"
    ]
    notes = []
    for item in items:
        pay = _yearly_og_payment(item.results)
        change = pay - base_pay
        cap, unpriced = capacity_cost(baseline.scenario, item.results.scenario)
        net = cap + change
        rows.append(
            f"<tr><td>{_esc(item.name)}</td><td class='num'>{_esc(_nok(pay, lang))}</td>"
            f"<td class='num'>{_esc(_nok(change, lang, True))}</td><td class='num'>{_esc(_nok(cap, lang, True))}</td>"
            f"<td class='num'><strong>{_esc(_nok(net, lang, True))}</strong></td></tr>"
        )
        if unpriced:
            notes.append(f"{_esc(item.name)}: {_esc(t['unpriced'].format(ids=', '.join(sorted(set(unpriced)))))}")
    days = baseline.scenario.horizon_days
    notes_html = "".join(f'<p class="note">{n}</p>' for n in notes)
    return (
        f"<h2>{_esc(t['costs'])}</h2><table><thead>{head}</thead><tbody>{''.join(rows)}</tbody></table>"
        f'<p class="note">{_esc(t["cost_note"].format(days=days))}</p>{notes_html}'
    )


def workshop_report(
    items: Sequence[ReportItem],
    baseline: Results,
    title: str,
    lang: str = "nb",
    when: dt.datetime | None = None,
) -> str:
    """The workshop report as one self-contained HTML document (no scripts, no external references)."""
    from harmoni_model import __version__

    if lang not in TEXTS:
        raise ValueError(f"lang must be one of {sorted(TEXTS)}")
    t = TEXTS[lang]
    when = when or dt.datetime.now()
    stamp = when.strftime("%Y-%m-%d %H:%M")
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
        f'<div class="meta">{_esc(t["generated"])} {_esc(stamp)} · {_esc(t["version"])} {_esc(__version__)}</div>',
        "</header>",
        f"<h2>{_esc(t['baseline'])}</h2>",
        f'<section class="card"><h3>{_esc(base.name)}</h3>{description}<p class="meta">{_esc(run)}</p></section>',
        f"<h2>{_esc(t['scenarios'])}</h2>",
        f'<p class="note">{_esc(t["interpretation"])}</p>',
        *(_scenario_section(item, baseline, lang) for item in items),
        _cost_section(items, baseline, lang),
        f"<h2>{_esc(t['charts'])}</h2>",
        f"<figure><figcaption>{_esc(t['og_chart'])}</figcaption>{_svg(_og_chart(unique, lang))}</figure>",
        f"<figure><figcaption>{_esc(t['queue_moved'])}</figcaption>{_svg(_queue_chart(unique, lang))}</figure>",
        f"<footer>{_esc(title)} · {_esc(stamp)} · HARMONI {_esc(__version__)}</footer>",
        "</body></html>",
    ]
    return "\n".join(parts)

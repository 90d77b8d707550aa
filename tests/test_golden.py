"""Golden regression: every KPI of two fixed runs pinned to stored values.

A refactor must not shift a number unnoticed. When a change to the numbers is
meant, regenerate the file with ``python scripts/make_golden.py`` and say why in
the commit.
"""

from __future__ import annotations

import csv
import math

import pytest

from scripts.make_golden import COLUMNS, GOLDEN_FILE, golden_rows


def _stored() -> list[tuple[str, int, str, str, float]]:
    with GOLDEN_FILE.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        assert tuple(next(reader)) == COLUMNS
        return [(s, int(r), scope, kpi, float(v)) for s, r, scope, kpi, v in reader]


@pytest.fixture(scope="module")
def fresh() -> list[tuple[str, int, str, str, float]]:
    return golden_rows()


def test_golden_file_covers_both_scenarios_and_every_kpi():
    from harmoni_model import SERVICE_KPIS, SYSTEM_KPIS

    stored = _stored()
    for name in ("trondheim_baseline.yaml", "example_small.yaml"):
        kpis = {(scope, kpi) for s, _, scope, kpi, _ in stored if s == name}
        assert {k for scope, k in kpis if scope == "system"} == set(SYSTEM_KPIS)
        assert {k for scope, k in kpis if scope != "system"} == set(SERVICE_KPIS)
        assert {r for s, r, *_ in stored if s == name} == {0, 1}


def test_every_kpi_equals_the_stored_value(fresh):
    stored = _stored()
    assert [row[:4] for row in fresh] == [row[:4] for row in stored], "the set or order of KPIs changed"
    shifted = [
        (f"{s} r{r} {scope}.{kpi}", old, new)
        for (s, r, scope, kpi, old), (*_, new) in zip(stored, fresh, strict=True)
        if not (math.isnan(old) and math.isnan(new)) and not math.isclose(old, new, rel_tol=1e-9, abs_tol=1e-12)
    ]
    assert not shifted, f"{len(shifted)} KPIs moved, e.g. {shifted[:5]}"

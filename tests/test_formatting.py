"""The one number formatter: the same string for the same number on every page and in the report."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from harmoni_model.results.estimates import Estimate
from harmoni_model.results.formatting import (
    clip,
    fmt_difference,
    fmt_estimate,
    fmt_interval,
    fmt_mnok,
    fmt_mnok_estimate,
    fmt_number,
    fmt_percent,
    fmt_signed,
)

NB = "\u00a0"


@pytest.mark.parametrize(
    ("x", "decimals", "lang", "expected"),
    [
        (-1234.5, 1, "nb", f"−1{NB}234,5"),
        (-1234.5, 1, "en", "−1,234.5"),
        (1234.5, 0, "nb", f"1{NB}234"),  # Python rounds half to even: 1234
        (1_234_567, 0, "nb", f"1{NB}234{NB}567"),
        (2263.54, 0, "nb", f"2{NB}264"),
        (-0.04, 1, "nb", "0,0"),  # no minus zero
        (float("nan"), 0, "nb", "–"),
        (None, 0, "en", "–"),
    ],
)
def test_numbers(x, decimals, lang, expected):
    assert fmt_number(x, decimals, lang) == expected


def test_signed_percent_money():
    assert fmt_signed(12, 0, "nb") == "+12"
    assert fmt_signed(-3.5, 1, "nb") == "−3,5"
    assert fmt_signed(0.01, 1, "en") == "0.0"
    assert fmt_percent(0.853, 1, "nb") == f"85,3{NB}%"
    assert fmt_percent(0.853, 1, "en") == "85.3%"
    assert fmt_percent(0.021, 1, "nb", signed=True) == f"+2,1{NB}%"
    assert fmt_mnok(-6_600_000, 1, "nb") == f"−6,6{NB}mill.{NB}kr"
    assert fmt_mnok(14_300_000, 1, "en", signed=True) == f"+14.3{NB}MNOK"


def test_intervals_and_estimates():
    assert fmt_interval(0.8, 0.9, 1, "en") == "0.8–0.9"
    assert fmt_interval(math.nan, 1, 0, "en") == ""
    assert fmt_interval(0.0, 0.0, 0, "en") == ""  # no width: nothing to say
    assert fmt_interval(-3, 2, 0, "nb", signed=True) == "−3 til +2"
    # an end that is not zero keeps its sign when it rounds to zero: the interval excludes zero, and reads so
    assert fmt_interval(-0.6, -0.004, 1, "en", signed=True) == "−0.6 to −0.0"
    assert fmt_interval(0.004, 0.9, 1, "nb", signed=True) == "+0,0 til +0,9"
    assert fmt_interval(-0.6, 0.0, 1, "en", signed=True) == "−0.6 to 0.0"  # (touching zero: no sign)
    e = Estimate(1.4, -0.2, 3.0, 6)
    assert fmt_estimate(e, 1, "nb") == "1,4 (0,0–3,0)"  # a count's interval stops at 0
    assert fmt_estimate(e, 1, "nb", floor=None) == "1,4 (−0,2–3,0)"
    assert fmt_estimate(Estimate(1.4, math.nan, math.nan, 1), 1, "en") == "1.4"
    assert fmt_estimate(Estimate(0.5, 0.4, 0.6, 3), 1, "en", scale=100) == "50.0 (40.0–60.0)"
    assert fmt_difference(Estimate(-1130, -2295, 36, 6), 0, "nb") == f"−1{NB}130 (−2{NB}295 til +36)"
    assert fmt_difference(Estimate(-1130, -2295, 36, 6), 0, "en") == "−1,130 (−2,295 to +36)"


def test_money_with_its_interval():
    assert fmt_mnok_estimate(Estimate(20.1e6, 18e6, 22.2e6, 6), 1, "nb") == f"20,1{NB}mill.{NB}kr (18,0–22,2)"
    assert fmt_mnok_estimate(Estimate(14.3e6, 12.9e6, 15.7e6, 6), 1, "en", difference=True) == (
        f"+14.3{NB}MNOK (+12.9 to +15.7)"
    )
    assert fmt_mnok_estimate(Estimate(-4.4e6, -7.7e6, -1.2e6, 6), 1, "nb") == f"−4,4{NB}mill.{NB}kr (−7,7 til −1,2)"
    assert fmt_mnok_estimate(Estimate(22e6, 22e6, 22e6, 6), 1, "nb", difference=True) == f"+22,0{NB}mill.{NB}kr"
    assert fmt_mnok_estimate(None) == "–"


@given(st.floats(-1e6, 1e6), st.floats(0, 1e6))
def test_clip_keeps_the_mean_and_bounds_the_interval(mean, half):
    e = clip(Estimate(mean, mean - half, mean + half, 5), 0.0, 1e9)
    assert e.mean == mean and e.low >= 0 and e.high <= 1e9


@given(st.floats(-1e9, 1e9, allow_nan=False), st.integers(0, 3), st.sampled_from(["nb", "en"]))
def test_a_number_reads_back(x, decimals, lang):
    text = fmt_number(x, decimals, lang).replace("−", "-")
    plain = text.replace(NB, "").replace(",", ".") if lang == "nb" else text.replace(",", "")
    assert float(plain) == pytest.approx(round(x, decimals), abs=10**-decimals)

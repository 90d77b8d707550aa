"""The studio's stopping rule (harmoni_model/results/precision.py), on hand-computed examples."""

from __future__ import annotations

import math

import pytest

from harmoni_model.results.estimates import Estimate, estimate
from harmoni_model.results.precision import (
    CLEAR,
    LADDER,
    MIN_N_RESOLVED,
    MIN_N_UNCLEAR,
    OPEN,
    PRELIMINARY,
    RESOLVED,
    SMALL,
    UNCLEAR,
    budget_under_load,
    early_interval,
    figure_state,
    first_batch,
    first_replications_to_show,
    next_replications,
    precision,
)

BASE = Estimate(100.0, 95.0, 105.0, 30)  # the baseline's value: 100 (5 % of it is 5)


def test_an_interval_that_excludes_zero_is_clear():
    assert figure_state(Estimate(-10.0, -15.0, -5.0, 30), BASE) == CLEAR
    assert figure_state(Estimate(0.5, 0.1, 0.9, 30), BASE) == CLEAR


def test_before_30_replications_clear_needs_the_99_percent_interval():
    # n = 4: t(0.975, 3) = 3.182, t(0.995, 3) = 5.841: the half-width 5 becomes 9.18
    low, high = early_interval(Estimate(-10.0, -15.0, -5.0, 4))
    assert (low, high) == (pytest.approx(-19.18, abs=0.01), pytest.approx(-0.82, abs=0.01))
    assert figure_state(Estimate(-10.0, -15.0, -5.0, 4), BASE) == CLEAR
    # n = 2: t(0.975, 1) = 12.71, t(0.995, 1) = 63.66: 0.5 ± 0.4 becomes 0.5 ± 2.0, which holds zero
    assert figure_state(Estimate(0.5, 0.1, 0.9, 2), BASE) == OPEN
    # n = 8: t(0.975, 7) = 2.365, t(0.995, 7) = 3.499: 1 ± 0.9 becomes 1 ± 1.33
    assert figure_state(Estimate(1.0, 0.1, 1.9, 8), BASE) == OPEN
    assert figure_state(Estimate(1.0, 0.1, 1.9, 30), BASE) == CLEAR  # from 30 on: the 95 % interval


def test_small_needs_the_whole_interval_within_the_band():
    # a change of 4 with interval −0.9 to 8.9 on a baseline of 100: it may still be +8.9 %, not "within ±5 %"
    assert figure_state(Estimate(4.0, -0.9, 8.9, 30), BASE) == OPEN
    assert figure_state(Estimate(2.0, -0.9, 4.9, 30), BASE) == SMALL


def test_a_narrow_interval_around_zero_is_small_only_from_30_replications():
    narrow = Estimate(-1.0, -3.0, 1.0, 30)  # half-width 2 <= 5 % of 100
    assert figure_state(narrow, BASE) == SMALL
    assert figure_state(Estimate(-1.0, -3.0, 1.0, 29), BASE) == OPEN  # n < 30: not yet
    assert figure_state(Estimate(0.0, -5.0, 5.0, 30), BASE) == SMALL  # half-width exactly 5: at the bound
    assert figure_state(Estimate(0.0, -5.5, 5.5, 60), BASE) == OPEN  # 5.5 > 5: too wide to call small
    assert figure_state(Estimate(-1.0, -8.0, 6.0, 60), BASE) == OPEN


def test_the_share_is_of_the_baselines_size_whatever_its_sign():
    negative = Estimate(-200.0, -210.0, -190.0, 30)  # 5 % of |−200| = 10
    assert figure_state(Estimate(1.0, -8.0, 10.0, 30), negative) == SMALL  # reaches 10 = 5 % of 200
    assert figure_state(Estimate(1.0, -8.0, 10.0, 30), negative, share=0.04) == OPEN  # 4 %: 8 < 10


def test_a_zero_baseline_needs_the_floor():
    zero = Estimate(0.0, 0.0, 0.0, 30)
    same = estimate([0.0] * 30)  # every paired difference is 0: an interval of width 0
    assert (same.low, same.high) == (0.0, 0.0)
    assert figure_state(same, zero) == SMALL  # 0 <= max(5 % of 0, 0)
    assert figure_state(Estimate(0.01, -0.02, 0.04, 30), zero) == OPEN
    assert figure_state(Estimate(0.01, -0.02, 0.04, 30), zero, floor=0.05) == SMALL  # reaches 0.04


def test_no_interval_is_open():
    assert figure_state(Estimate(1.0, math.nan, math.nan, 1), BASE) == OPEN
    assert figure_state(Estimate(math.nan, math.nan, math.nan, 0), BASE) == OPEN


def test_paired_differences_by_hand():
    """Differences 1, 2, 3, 4 (mean 2.5, sd 1.291): the 95 % interval 2.5 ± 2.054 (t(3) 3.182) excludes zero,
    but after 4 replications "clear" needs the 99 % one, 2.5 ± 3.770 (t(3) 5.841): −1.27 to 6.27, still open."""
    d = estimate([1.0, 2.0, 3.0, 4.0])
    assert d.low == pytest.approx(2.5 - 3.182446 * math.sqrt(5 / 3) / 2)
    assert early_interval(d)[0] == pytest.approx(2.5 - 5.840909 * math.sqrt(5 / 3) / 2)
    assert figure_state(d, BASE) == OPEN
    assert figure_state(estimate([1.0, 2.0, 3.0, 4.0] * 2), BASE) == CLEAR  # n = 8: 2.5 ± 1.34 (99 %)
    d = estimate([-1.0, 1.0, -1.0, 1.0])  # mean 0, sd 1.155: 0 ± 1.838, crosses zero, n = 4
    assert figure_state(d, BASE) == OPEN


def test_the_answer_is_resolved_unclear_or_preliminary():
    assert precision([CLEAR, SMALL, CLEAR], 12).status == RESOLVED
    assert precision([CLEAR, OPEN], 12).status == PRELIMINARY
    p = precision([CLEAR, OPEN, SMALL, OPEN], MIN_N_UNCLEAR)
    assert p.status == UNCLEAR and not p.resolved and p.open_figures == (1, 3)
    assert not precision([CLEAR], 4).resolved  # a first batch is never a firm answer
    assert precision([CLEAR], 4).status == PRELIMINARY
    assert precision([CLEAR], MIN_N_RESOLVED).resolved


def test_batches_follow_the_ladder_up_to_the_target():
    assert [next_replications(n, 60) for n in (4, 8, 12, 20, 30, 45)] == [8, 12, 20, 30, 45, 60]
    assert next_replications(60, 60) == 60  # the target is reached
    assert next_replications(25, 60) == 30  # a prefix found in the cache goes on to the next rung
    assert next_replications(45, 50) == 50  # never past the target
    assert next_replications(LADDER[-1], 10_000) == LADDER[-1] * 3 // 2


def test_the_budget_is_shared_only_with_others():
    assert budget_under_load(8.0, 0) == 8.0  # one facilitator alone: the whole budget
    assert budget_under_load(8.0, 3) == 2.0
    assert budget_under_load(8.0, -1) == 8.0


def test_the_first_batch_halves_while_others_simulate():
    assert first_batch(0) == 4  # alone (a facilitator's own runs are never "others")
    assert first_batch(3) == 2
    assert next_replications(2, 60) == 4  # and then the ladder as usual


def test_an_answer_starts_from_what_is_cached():
    assert first_replications_to_show(0, 60) == 4
    assert first_replications_to_show(30, 60) == 30  # going back: the finished answer at once
    assert first_replications_to_show(120, 60) == 60


def test_the_question_of_the_day_is_resolved_by_the_ladder():
    """A hard summer (the prepared file) with 20 more short-term places: every headline figure settles by n = 60.

    The studio's own rule (studio_data.figure_states, precision) on the batches it would run.
    """
    from harmoni_model import load_scenario, run_replications
    from harmoni_model.results.comparison import compare, first_replications
    from harmoni_model.results.headline import headline_figures
    from harmoni_model.scenario.changes import Changes, apply_changes
    from pages.ui.studio_data import figure_states

    base = load_scenario("sample_data/scenarios/summer_closure.yaml")
    variant = apply_changes(base, Changes(capacity={"short_term": base.service("short_term").capacity + 20}))
    rb, rv = run_replications(base, 30, workers=2), run_replications(variant, 30, workers=2)
    figures = headline_figures(base)
    n, seen = LADDER[0], []
    while True:
        b, v = first_replications(rb, n), first_replications(rv, n)
        answer = precision(figure_states(figures, base, b.estimates(), compare(v, b)), n)
        seen.append((n, answer.status))
        if answer.resolved or n == 30:
            break
        n = next_replications(n, 30)
    assert answer.resolved, seen
    assert answer.states.count(CLEAR) >= 4, answer.states  # the queues and payments move, and clearly

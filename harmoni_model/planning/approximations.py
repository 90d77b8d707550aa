"""Queueing approximations the advisor uses to start near the answer and to prune.

Erlang C (M/M/c): exact for Poisson arrivals and exponential stays, and a
standard first guess otherwise. Stays are in days, rates per day.
"""

from __future__ import annotations

import math


def erlang_c(servers: int, offered_load: float) -> float:
    """Probability that an arrival waits in M/M/c with `servers` and offered load a = lambda x mean stay."""
    if offered_load <= 0:
        return 0.0
    if servers <= offered_load:
        return 1.0
    # Erlang B by its stable recursion, then C from B.
    b = 1.0
    for k in range(1, servers + 1):
        b = offered_load * b / (k + offered_load * b)
    rho = offered_load / servers
    return b / (1 - rho + rho * b)


def mm_c_mean_wait(servers: int, arrival_rate: float, mean_stay: float) -> float:
    """Mean wait in queue (days) for M/M/c; infinity when the service cannot keep up."""
    a = arrival_rate * mean_stay
    if servers <= a:
        return math.inf
    return erlang_c(servers, a) * mean_stay / (servers - a)


def smallest_servers(arrival_rate: float, mean_stay: float, max_wait: float, upper: int = 1_000_000) -> int | None:
    """The smallest c whose M/M/c mean wait is at most `max_wait` (None if above `upper`)."""
    a = arrival_rate * mean_stay
    c = max(1, math.floor(a) + 1)
    while c <= upper:
        if mm_c_mean_wait(c, arrival_rate, mean_stay) <= max_wait:
            return c
        c += 1
    return None


def stability_bound(arrival_rate: float, mean_stay: float) -> int:
    """The fewest places that can keep up with the flow: the first whole number above the offered load."""
    return math.floor(arrival_rate * mean_stay) + 1

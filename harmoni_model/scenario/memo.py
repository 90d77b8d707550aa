"""Values computed once per scenario object: a scenario is never mutated, so its identity is its content.

The studio asks the same questions of the same scenario many times in one answer (its key in the
replication cache, its work estimate, whether the next batch is affordable): each took a JSON dump
or a walk of the routing, and under a room's load those repeats were a third of the server's time
in the studio. A kept value holds its scenario, so the identity it is kept by cannot be reused by
another object while it is kept; the oldest values go first beyond `MAX_KEPT`.
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from harmoni_model.scenario.format import Scenario

T = TypeVar("T")
MAX_KEPT = 256  # per function: a room's scenarios of the last few minutes (an upload's are small, too)


def per_scenario(fn: Callable[[Scenario], T]) -> Callable[[Scenario], T]:
    """`fn(scenario)` computed once per scenario object (thread-safe; a value computed twice is the same)."""
    kept: OrderedDict[int, tuple[Scenario, T]] = OrderedDict()
    lock = threading.Lock()

    @functools.wraps(fn)
    def once(scenario: Scenario) -> T:
        key = id(scenario)
        with lock:
            hit = kept.get(key)
            if hit is not None and hit[0] is scenario:
                kept.move_to_end(key)
                return hit[1]
        value = fn(scenario)  # outside the lock: threads asking of other scenarios do not wait for this one
        with lock:
            kept[key] = (scenario, value)
            kept.move_to_end(key)
            while len(kept) > MAX_KEPT:
                kept.popitem(last=False)
        return value

    return once

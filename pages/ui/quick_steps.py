"""The studio's controls on the projector: which services are in play, and quick steps of places.

Pure helpers on the session state (a mapping), no Streamlit calls: the page passes
``st.session_state`` in, a test passes a dict.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping

from harmoni_model import Scenario
from harmoni_model.results.formatting import MINUS
from harmoni_model.results.headline import busiest
from pages.ui import state

LAST_CHANGED = "scenario:last_changed"  # the control key the user changed last
MAX_FOCUS = 2  # services in the presenter's left column (the rest wait in an expander): 720 px hold two
LARGE_SERVICE = 300  # places from which the quick steps are tens, not ones (nursing homes: ~1 350)


def quick_steps(places: int) -> tuple[int, ...]:
    """The quick steps beside a service's places: ±5/±10, or ±50/±100 for a large service.

    The number field's own − and + are the ±1 (±10 for a large service: its `step`), so one row of four
    buttons fits the presenter's narrow column.
    """
    base = (5, 10) if places < LARGE_SERVICE else (50, 100)
    return (*(-b for b in reversed(base)), *base)


def field_step(places: int) -> int:
    """The number field's own step: 1, or 10 for a large service (1 350 nursing-home places)."""
    return 1 if places < LARGE_SERVICE else 10


SLIDER_SHARE = 0.25  # a large service's slider: today's places ±25 %, the range a planning meeting debates


def slider_range(places: int) -> tuple[int, int] | None:
    """A large service's slider in the presenter's column: today's places ±25 %, in tens (None: a small one).

    1 350 nursing-home places give 1 010–1 690. The range is fixed by today's places (the slider keeps its
    place as the value moves); the number field above it holds any value, and the slider shows the nearest.
    """
    if places < LARGE_SERVICE:
        return None
    step = field_step(places)
    return step * round(places * (1 - SLIDER_SHARE) / step), step * round(places * (1 + SLIDER_SHARE) / step)


def slider_value(value: int, span: tuple[int, int]) -> int:
    """Where the slider stands for a value of the number field: within its range, on its grid of tens."""
    low, high = span
    return int(min(max(10 * round(value / 10), low), high))


def slide_control(session: MutableMapping, key: str, slider_key: str) -> None:
    """A slider's on_change: the number field takes the slider's value, and is remembered as changed."""
    session[key] = int(session[slider_key])
    session[LAST_CHANGED] = key


def step_label(step: int, lang: str) -> str:
    """A step's button text: "+5", "−10" (a real minus sign)."""
    return f"+{step}" if step > 0 else f"{MINUS}{-step}"


def remember_changed(session: MutableMapping, key: str) -> None:
    """A control's on_change: remember it as the one last changed (it stays in the left column)."""
    session[LAST_CHANGED] = key


def step_control(session: MutableMapping, key: str, step: int, low: int, high: int) -> None:
    """A quick step's on_click: move the control by `step` within its range, and remember it."""
    session[key] = int(min(max(session[key] + step, low), high))
    session[LAST_CHANGED] = key


def _service_of(key: object) -> str | None:
    kind, _, sid = str(key).partition(":")
    return sid if kind in state.CONTROL_KINDS and sid else None


def focus_services(
    scenario: Scenario, start_values: Mapping[str, object], session: Mapping, most: int = MAX_FOCUS
) -> tuple[str, ...]:
    """The services in play, at most `most`: the one last changed, the changed ones, then the busiest.

    The busiest (highest offered load per place) of an organisation not yet in the column comes first,
    so that both sides of the table see one of theirs. Stable as the user works: a service changed stays in.
    """
    ids = set(scenario.service_ids)
    order: list[str | None] = [_service_of(session.get(LAST_CHANGED))]
    order += [_service_of(k) for k, v in start_values.items() if k in session and session[k] != v]
    out: list[str] = []
    for sid in order:
        if sid in ids and sid not in out:
            out.append(sid)
    out = out[:most]
    sides = {scenario.service(sid).organisation for sid in out}
    for organisation in ("hospital", "municipality"):
        sid = busiest(scenario, organisation)
        if sid is not None and organisation not in sides and sid not in out:
            out.append(sid)
    for sid in scenario.service_ids:  # a scenario with one organisation still fills the column
        if sid not in out:
            out.append(sid)
    # the column lists them in the scenario's order (hospital first), not in the order of changes
    chosen = set(out[:most])
    return tuple(sid for sid in scenario.service_ids if sid in chosen)

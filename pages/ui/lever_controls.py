"""The studio's new levers: summer closure, corridor places, hospital patients first, days to transfer, stays.

Call ``lever_controls(base, lang)`` where the studio's controls are (after the demand slider); it
returns the levers as ``changed_from``'s keyword arguments. Compact on purpose: one row of pills picks
a lever and only that lever's few widgets are drawn; the others keep their values
(``persist_state="session"``) and a caption names every lever in use, so nothing changed is hidden.
"""

from __future__ import annotations

import streamlit as st

from harmoni_model import Scenario
from harmoni_model.scenario.changes import changed_from, summer_closures

from . import state
from .i18n import t
from .share_links import (
    closure_services,
    corridor_range,
    corridor_services,
    first_services,
    lever_values,
    summer_places_range,
    transfer_range,
    transfer_services,
)
from .studio_data import days_text, describe_changes
from .user_text import literal_line

KEEP = "session"  # as the studio's other controls: kept while the user visits other pages
GROUP = "levers:group"  # which lever's widgets are drawn (not a control: never in a link)
SUMMER_SERVICE, STAY_SERVICE = "levers:summer_service", "levers:stay_service"
GROUPS = ("summer", "corridor", "first", "transfer", "stay")
TRANSFER_STEP = 0.25  # days
WEEKS_SHOWN = (20, 37)  # the weeks slider's range (mid May to mid September), wider when a value is outside it


def transfer_options(low: float, high: float, *keep: object) -> list[float]:
    """The days a transfer slider offers: quarter days up to a week, then whole days, plus any value in `keep`."""
    grid = [i * TRANSFER_STEP for i in range(int(min(high, 7.0) / TRANSFER_STEP) + 1)]
    grid += [float(d) for d in range(8, int(high) + 1)]
    extra = [float(v) for v in keep if isinstance(v, int | float) and not isinstance(v, bool) and low <= v <= high]
    return sorted({v for v in grid if low <= v <= high} | set(extra))


def lever_controls(base: Scenario, lang: str) -> dict[str, dict[str, object]]:
    """The levers' widgets on `base` (inside the studio's control area); their values for ``changed_from``."""
    labels = {s.id: s.label(lang) for s in base.services}  # plain text in options; escaped in widget labels

    def name(sid: str) -> str:
        return literal_line(labels[sid])

    st.markdown(f"**{t('levers.title')}**")
    names = {g: t(f"levers.group.{g}") for g in GROUPS if _offered(base, g)}  # (not t in a lambda: run later)
    group = st.pills(
        t("levers.group"), tuple(names), format_func=names.get, key=GROUP, persist_state=KEEP,
        label_visibility="collapsed",
    )  # fmt: skip
    if group == "summer":
        sid = st.selectbox(
            t("levers.service"),
            closure_services(base),
            format_func=labels.get,
            key=SUMMER_SERVICE,
            persist_state=KEEP,
            placeholder=t("builtin.choose"),
        )
        periods = [c for c in summer_closures(base, sid) if c.places]  # all of them: the lever replaces all
        shown = (
            "; ".join(t("levers.summer.now", first=c.first_week, last=c.last_week, places=c.places) for c in periods)
            if periods
            else t("levers.summer.none_now")
        )
        key = state.control_key(state.SUMMER_WEEKS, sid)
        weeks = st.session_state.get(key) or WEEKS_SHOWN
        st.slider(
            t("levers.summer.weeks"), min_value=min(WEEKS_SHOWN[0], weeks[0]),
            max_value=max(WEEKS_SHOWN[1], weeks[1]), step=1, key=key, persist_state=KEEP,
        )  # fmt: skip
        low, high = summer_places_range(base, sid)
        st.number_input(
            t("levers.summer.places"), min_value=low, max_value=high, step=1,
            key=state.control_key(state.SUMMER_PLACES, sid), help=t("levers.summer.help"), persist_state=KEEP,
        )  # fmt: skip
        st.caption(t("levers.summer.replaces", now=shown))
    elif group == "corridor":
        for sid in corridor_services(base):
            low, high = corridor_range(base, sid)
            st.number_input(
                t("levers.corridor.places", service=name(sid)), min_value=low, max_value=high, step=1,
                key=state.control_key(state.CORRIDOR, sid), help=t("levers.corridor.help"), persist_state=KEEP,
            )  # fmt: skip
    elif group == "first":
        for sid in first_services(base):
            st.toggle(
                t("levers.first.toggle", service=name(sid)), key=state.control_key(state.HOSPITAL_FIRST, sid),
                help=t("levers.first.help"), persist_state=KEEP,
            )  # fmt: skip
    elif group == "transfer":
        for sid in transfer_services(base):
            key = state.control_key(state.TRANSFER, sid)
            low, high = transfer_range(base, sid)
            options = transfer_options(low, high, st.session_state.get(key))
            shown = {d: t("levers.days", days=days_text(d, lang)) for d in options}
            st.select_slider(
                t("levers.transfer.days", service=name(sid)), options, format_func=shown.get, key=key,
                help=t("levers.transfer.help"), persist_state=KEEP,
            )  # fmt: skip
    elif group == "stay":
        sid = st.selectbox(
            t("levers.service"),
            base.service_ids,
            format_func=labels.get,
            key=STAY_SERVICE,
            persist_state=KEEP,
            placeholder=t("builtin.choose"),
        )
        st.slider(
            t("levers.stay.pct"), min_value=-50, max_value=50, step=5, format="%+d %%",
            key=state.control_key(state.STAY, sid), help=t("levers.stay.help"), persist_state=KEEP,
        )  # fmt: skip
    values = lever_values(base, {k: v for k, v in st.session_state.items() if state.is_control_key(k)})
    in_use = describe_changes(base, changed_from(base, {}, {}, {}, 1.0, **values), t, lang)  # type: ignore[arg-type]
    st.caption(t("levers.in_use", levers=in_use) if in_use else t("levers.none_in_use"))
    return values


def _offered(base: Scenario, group: str) -> bool:
    """Whether `base` has a service for the lever (an uploaded scenario may have no hospital, say)."""
    services = {
        "summer": closure_services, "corridor": corridor_services, "first": first_services,
        "transfer": transfer_services,
    }.get(group)  # fmt: skip
    return services is None or bool(services(base))

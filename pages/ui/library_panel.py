"""The scenario library in the scenario studio's sidebar: save, list, open, copy, rename, delete, restore.

Call ``library_panel(base, lang, changes=changes)`` inside ``with st.sidebar:``: saving records the
scenario on screen as `changes` on `base`, so it opens again as those changes. Nothing is cached: every
run reads the library afresh (other tables save too). The library file is :class:`Library`'s default
(``HARMONI_DB``, else ``harmoni_library.db`` in the working directory).

Opening a scenario sets ``st.session_state[state.OPEN]`` to its library id and reruns the whole app;
the scenario page loads it from there (``Library().saved(id)``) and pops the key.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import streamlit as st

from harmoni_model import Scenario, ScenarioError
from harmoni_model.scenario.changes import Changes
from harmoni_model.workshop.library import Library, LibraryError

from . import state
from .i18n import t
from .user_text import literal, literal_line

_TZ = ZoneInfo("Europe/Oslo")


def fmt_created(stamp: str, lang: str) -> str:
    """A library timestamp (ISO, UTC) as local time: ``25.11.2026 19:57`` / ``25 Nov 2026 19:57``."""
    try:
        when = dt.datetime.fromisoformat(stamp).astimezone(_TZ)
    except ValueError:
        return stamp
    return when.strftime("%d.%m.%Y %H:%M" if lang == "nb" else "%d %b %Y %H:%M")


def _flash(kind: str, text: str) -> None:
    st.session_state[state.LIBRARY_FLASH] = (kind, text)


def _act(action, done: str, name: str) -> None:
    """Run a library action in a button callback; its outcome is shown at the top of the panel."""
    try:
        action(Library())
    except LibraryError as exc:
        _flash("error", t("library.error", message=literal(exc)))
    else:
        _flash("success", t(done, name=literal_line(name)))


def _rename(entry_id: int) -> None:
    new = st.session_state.get(f"library:rename_name:{entry_id}", "")
    if not new.strip():
        _flash("error", t("library.name_missing"))
        return
    _act(lambda lib: lib.rename(entry_id, new), "library.renamed", new.strip())


def library_panel(base: Scenario, lang: str, changes: Changes | None = None) -> None:
    """The library as an expander (a fragment: using it reruns only the panel, not the simulations).

    "Save" saves `changes` (none if not given) on `base`: the scenario on screen and what it was made from.
    """
    with st.expander(t("library.title"), icon=":material/folder_open:"):
        _panel(base, changes or Changes(), lang)


@st.fragment
def _panel(base: Scenario, changes: Changes, lang: str) -> None:
    # --- save --------------------------------------------------------------------
    with st.form("library:save", clear_on_submit=True, border=False):
        st.markdown(f"**{t('library.save')}**")
        name = st.text_input(t("library.name"), key="library:name", max_chars=200)
        author = st.text_input(t("library.author"), key="library:author", max_chars=100)
        reason = st.text_area(t("library.reason"), key="library:reason", help=t("library.reason_help"), height=90)
        submitted = st.form_submit_button(t("library.save_button"), icon=":material/save:")
    if submitted:
        if not name.strip():
            st.error(t("library.name_missing"))
        else:
            try:
                Library().save_changes(base, changes, name, author, reason)
            except (LibraryError, ScenarioError) as exc:
                st.error(t("library.error", message=literal(exc)))
            else:
                st.success(t("library.saved", name=literal_line(name.strip())))

    flash = st.session_state.pop(state.LIBRARY_FLASH, None)
    if flash:
        (st.success if flash[0] == "success" else st.error)(flash[1])

    # --- saved scenarios (read afresh on every run) --------------------------------
    try:
        entries = Library().list(include_deleted=True)
    except LibraryError as exc:
        st.error(t("library.error", message=literal(exc)))
        return
    live = [e for e in entries if not e.deleted]
    binned = [e for e in entries if e.deleted]

    st.markdown(f"**{t('library.saved_list')}**")
    if not live:
        st.caption(t("library.empty"))
    for e in reversed(live):  # newest first
        with st.container(border=True):
            st.markdown(f"**{literal(e.name)}**")
            by = e.author or t("library.no_author")
            st.caption(t("library.by", author=literal(by), created=fmt_created(e.created, lang)))
            if e.reason:
                st.markdown(literal(e.reason))
            c1, c2, c3 = st.columns(3)
            if c1.button(t("library.open"), key=f"library:open:{e.id}", help=t("library.open_help")):
                st.session_state[state.OPEN] = e.id
                _flash("success", t("library.opened", name=literal_line(e.name)))
                st.rerun()  # the whole app: the studio picks the scenario up
            c2.button(
                t("library.duplicate"), key=f"library:dup:{e.id}",
                on_click=_act, args=(lambda lib, i=e.id: lib.duplicate(i), "library.duplicated", e.name),
            )  # fmt: skip
            c3.button(
                t("library.delete"), key=f"library:del:{e.id}",
                on_click=_act, args=(lambda lib, i=e.id: lib.delete(i), "library.deleted_one", e.name),
            )  # fmt: skip
            with st.popover(t("library.rename_button"), icon=":material/edit:"):
                st.text_input(t("library.rename"), value=e.name, key=f"library:rename_name:{e.id}", max_chars=200)
                st.button(t("library.rename_button"), key=f"library:rename:{e.id}", on_click=_rename, args=(e.id,))

    # --- the bin --------------------------------------------------------------------
    if binned:
        st.markdown(f"**{t('library.bin')}**")
        for e in reversed(binned):
            c1, c2 = st.columns([3, 2], vertical_alignment="center")
            c1.markdown(f"~~{literal(e.name)}~~")
            c2.button(
                t("library.restore"), key=f"library:restore:{e.id}",
                on_click=_act, args=(lambda lib, i=e.id: lib.restore(i), "library.restored", e.name),
            )  # fmt: skip

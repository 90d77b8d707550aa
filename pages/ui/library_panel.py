"""The scenario library in the scenario studio's sidebar: save, list, open, copy, rename, delete, restore.

Call ``library_panel(base, lang, changes=changes)`` inside ``with st.sidebar:``: saving records the
scenario on screen as `changes` on `base`, so it opens again as those changes. Nothing is cached: every
run reads the library afresh (other tables save too), but only one page of the room's entries
(:data:`PAGE_SIZE`, newest first, with a name filter), so a room of a thousand entries opens as fast as
an empty one. The library file is :class:`Library`'s default (``HARMONI_DB``, else
``harmoni_library.db`` in the working directory); the room and the keys come from :mod:`.rooms`.

Rename, delete and restore are offered only for the visitor's own entries, or for every entry of the
room once the facilitator key is entered (the library checks again). A damaged entry is listed, greyed,
and cannot be opened.

Opening a scenario sets ``st.session_state[state.OPEN]`` to its library id and reruns the whole app;
the scenario page loads it from there (``Library().saved(id, room)``) and pops the key.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo

import streamlit as st

from harmoni_model import Scenario, ScenarioError
from harmoni_model.scenario.changes import Changes
from harmoni_model.workshop.library import Entry, Library, LibraryError

from . import state
from .i18n import t
from .rooms import acting_key, current_room, library, show_room_problem, visitor_key
from .user_text import literal, literal_line

_TZ = ZoneInfo("Europe/Oslo")
PAGE_SIZE = 20  # entries listed at once (the panel and the compare page)


def fmt_created(stamp: str, lang: str) -> str:
    """A library timestamp (ISO, UTC) as local time: ``25.11.2026 19:57`` / ``25 Nov 2026 19:57``."""
    try:
        when = dt.datetime.fromisoformat(stamp).astimezone(_TZ)
    except ValueError:
        return stamp
    return when.strftime("%d.%m.%Y %H:%M" if lang == "nb" else "%d %b %Y %H:%M")


def earlier_names(entry: Entry) -> str | None:
    """ "earlier names: …" for an entry that was renamed (markdown-safe), else None."""
    if not entry.earlier_names:
        return None
    return t("library.earlier_names", names=", ".join(f"«{literal_line(n)}»" for n in reversed(entry.earlier_names)))


def _flash(kind: str, text: str) -> None:
    st.session_state[state.LIBRARY_FLASH] = (kind, text)


def _act(action: Callable[[Library, str, str], object], done: str, name: str) -> None:
    """Run a library action in a button callback (with the room and the acting key); its outcome shows on top."""
    lib = library()
    try:
        action(lib, current_room(), acting_key(lib))
    except LibraryError as exc:
        _flash("error", t("library.error", message=literal(str(exc))))
    else:
        _flash("success", t(done, name=literal_line(name)))


def _rename(entry_id: int) -> None:
    new = st.session_state.get(f"library:rename_name:{entry_id}", "")
    if not new.strip():
        _flash("error", t("library.name_missing"))
        return
    _act(lambda lib, room, key: lib.rename(entry_id, new, room=room, owner_key=key), "library.renamed", new.strip())


def _turn(step: int) -> None:
    st.session_state[state.LIBRARY_PAGE] = max(0, int(st.session_state.get(state.LIBRARY_PAGE, 0)) + step)


def library_panel(base: Scenario, lang: str, changes: Changes | None = None) -> None:
    """The library as an expander (a fragment: using it reruns only the panel, not the simulations).

    "Save" saves `changes` (none if not given) on `base`: the scenario on screen and what it was made from.
    """
    with st.expander(t("library.title"), icon=":material/folder_open:"):
        _panel(base, changes or Changes(), lang)


@st.fragment
def _panel(base: Scenario, changes: Changes, lang: str) -> None:
    room = current_room()
    lib = library()
    show_room_problem()
    if room:
        st.caption(t("library.room", room=literal(room)))
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
            try:  # owned by this browser session's key, whoever is facilitating: the limits count visitors
                lib.save_changes(base, changes, name, author, reason, room=room, owner_key=visitor_key())
            except (LibraryError, ScenarioError) as exc:
                st.error(t("library.error", message=literal(str(exc))))
            else:
                st.success(t("library.saved", name=literal_line(name.strip())))

    flash = st.session_state.pop(state.LIBRARY_FLASH, None)
    if flash:
        (st.success if flash[0] == "success" else st.error)(flash[1])

    # --- the facilitator ------------------------------------------------------------
    with st.popover(t("library.facilitator"), icon=":material/key:"):
        st.text_input(
            t("library.facilitator_key"), type="password", key=state.FACILITATOR, help=t("library.facilitator_help")
        )
    entered = st.session_state.get(state.FACILITATOR)
    key = acting_key(lib)
    facilitating = lib.is_facilitator(key)
    if facilitating:
        st.caption(t("library.facilitating"))
    elif entered:
        st.error(t("library.facilitator_wrong"))

    # --- one page of saved scenarios (read afresh on every run) ------------------------
    st.markdown(f"**{t('library.saved_list')}**")
    wanted = st.text_input(t("library.filter"), key=state.LIBRARY_FILTER, max_chars=100, placeholder="…")
    try:
        total = lib.count(room, name_contains=wanted)
        pages = max(1, -(-total // PAGE_SIZE))
        page = min(max(0, int(st.session_state.get(state.LIBRARY_PAGE, 0))), pages - 1)
        st.session_state[state.LIBRARY_PAGE] = page
        live = lib.list(room, page * PAGE_SIZE, PAGE_SIZE, name_contains=wanted, newest_first=True)
        binned = lib.list(room, 0, PAGE_SIZE, deleted_only=True, newest_first=True)
    except LibraryError as exc:
        st.error(t("library.error", message=literal(str(exc))))
        return
    if not live:
        st.caption(t("library.no_match") if wanted.strip() else t("library.empty"))
    for e in live:
        mine = facilitating or lib.can_change(e, key)
        with st.container(border=True):
            if e.damaged:  # listed, greyed, never opened: its content is not a valid scenario
                st.caption(f"~~{literal_line(e.name)}~~ (#{e.id})")
                st.caption(t("library.damaged"))
            else:
                st.markdown(f"**{literal_line(e.name)}** (#{e.id})")
            by = e.author or t("library.no_author")
            st.caption(t("library.by", author=literal(by), created=fmt_created(e.created, lang)))
            earlier = earlier_names(e)
            if earlier:
                st.caption(earlier)
            if e.reason and not e.damaged:
                st.markdown(literal(e.reason))
            # Two buttons a row: three cut their labels to "Å…" in the sidebar at 1280 px.
            c1, c2 = st.columns(2)
            if not e.damaged:
                if c1.button(t("library.open"), key=f"library:open:{e.id}", help=t("library.open_help")):
                    st.session_state[state.OPEN] = e.id
                    _flash("success", t("library.opened", name=literal_line(e.name)))
                    st.rerun()  # the whole app: the studio picks the scenario up
                c2.button(
                    t("library.duplicate"), key=f"library:dup:{e.id}",
                    on_click=_act,
                    args=(lambda lib, room, key, i=e.id: lib.duplicate(i, room=room, owner_key=visitor_key()),
                          "library.duplicated", e.name),
                )  # fmt: skip
            if mine:
                st.button(
                    t("library.delete"), key=f"library:del:{e.id}",
                    on_click=_act,
                    args=(lambda lib, room, key, i=e.id: lib.delete(i, room=room, owner_key=key),
                          "library.deleted_one", e.name),
                )  # fmt: skip
                with st.popover(t("library.rename_button"), icon=":material/edit:"):
                    st.text_input(t("library.rename"), value=e.name, key=f"library:rename_name:{e.id}", max_chars=200)
                    st.button(t("library.rename_button"), key=f"library:rename:{e.id}", on_click=_rename, args=(e.id,))
    if pages > 1:
        c1, c2, c3 = st.columns([1, 2, 1], vertical_alignment="center")
        c1.button("‹", key="library:prev", on_click=_turn, args=(-1,), disabled=page == 0, help=t("library.prev"))
        c2.caption(t("library.page", page=page + 1, pages=pages, n=total))
        c3.button("›", key="library:next", on_click=_turn, args=(1,), disabled=page >= pages - 1,
                  help=t("library.next"))  # fmt: skip

    # --- the bin (its newest page): restorable by whoever may change the entry ---------
    binned = [e for e in binned if facilitating or lib.can_change(e, key)]
    if binned:
        st.markdown(f"**{t('library.bin')}**")
        for e in binned:
            c1, c2 = st.columns([3, 2], vertical_alignment="center")
            c1.markdown(f"~~{literal_line(e.name)}~~")
            c2.button(
                t("library.restore"), key=f"library:restore:{e.id}",
                on_click=_act,
                args=(lambda lib, room, key, i=e.id: lib.restore(i, room=room, owner_key=key), "library.restored",
                      e.name),
            )  # fmt: skip

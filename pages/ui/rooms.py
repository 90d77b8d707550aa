"""The workshop's room, the visitor's key and the facilitator's: where the library's keys come from in the app.

Threat model (a hosted demo open to anyone with the address):

* **The room** comes from ``?room=CODE`` (3-32 of ``a-z 0-9 -``; anything else is reported and the
  default room ``""`` is used). It is a namespace, not a secret: a workshop's visitors share it, and it
  stays in every address the app makes (the frame puts it back after a navigation drops it, the studio's
  link keeps it), so a workshop stays in its room.
* **The visitor key** is a random token made once per browser session and kept only in
  ``st.session_state`` on the server. It is *never* put in the URL: the studio's address bar is its share
  link, so a key in it would hand ownership to everyone the link is sent to. The price: a reload (a new
  session) is a new visitor, and what was saved before can then be changed only by the facilitator.
* **The facilitator key** is configured on the server (``st.secrets["harmoni"]["facilitator_key"]``, else
  the environment variable ``HARMONI_FACILITATOR_KEY``); a facilitator types it into the library panel's
  password field. It is compared in constant time by the library and is never shown or put in a link.
"""

from __future__ import annotations

import os
import secrets

import streamlit as st

from harmoni_model.workshop.library import DEFAULT_ROOM, Library, LibraryError, check_room

from . import state
from .i18n import t
from .user_text import literal

FACILITATOR_ENV = "HARMONI_FACILITATOR_KEY"


def parse_room(text: object) -> tuple[str, bool]:
    """The room a ``?room=`` value names, and whether it was a valid code (else the default room)."""
    try:
        return check_room(str(text).strip()), True
    except LibraryError:
        return DEFAULT_ROOM, False


def current_room() -> str:
    """This session's room: ``?room=`` when valid, else the one it had (put back in the address), else ``""``.

    An invalid code is remembered in ``state.ROOM_INVALID`` (until a valid one comes) for :func:`show_room_problem`.
    """
    raw = st.query_params.get(state.ROOM_PARAM)
    if raw is not None:
        room, valid = parse_room(raw)
        st.session_state[state.ROOM_INVALID] = None if valid else str(raw)[:40]
        st.session_state[state.ROOM] = room
        if not valid:
            del st.query_params[state.ROOM_PARAM]  # not carried on into the links the app makes
        return room
    room = st.session_state.get(state.ROOM, DEFAULT_ROOM)
    if room:  # a navigation dropped it from the address: the workshop stays in its room
        st.query_params[state.ROOM_PARAM] = room
    return room


def show_room_problem() -> None:
    """Explain, where the library is used, why this session is in the default room (an invalid ``?room=``)."""
    bad = st.session_state.get(state.ROOM_INVALID)
    if bad:
        st.warning(t("library.room_invalid", value=literal(bad)), icon=":material/meeting_room:")


def room_params() -> dict[str, str]:
    """The room as URL parameters for a link the app makes (none for the default room)."""
    room = st.session_state.get(state.ROOM, DEFAULT_ROOM)
    return {state.ROOM_PARAM: room} if room else {}


def visitor_key() -> str:
    """This browser session's key (made on first use; kept on the server only, never in a URL)."""
    key = st.session_state.get(state.VISITOR_KEY)
    if not isinstance(key, str) or len(key) < 32:
        key = st.session_state[state.VISITOR_KEY] = secrets.token_urlsafe(32)
    return key


def facilitator_secret() -> str | None:
    """The configured facilitator key: ``st.secrets["harmoni"]["facilitator_key"]``, else the environment."""
    try:
        value = st.secrets["harmoni"]["facilitator_key"]
    except Exception:  # no secrets file, no [harmoni] table, no key: Streamlit raises several kinds
        value = None
    value = value or os.environ.get(FACILITATOR_ENV)
    return str(value) if value else None


def library() -> Library:
    """The library (its default file) with the configured facilitator key."""
    return Library(facilitator_key=facilitator_secret())


def acting_key(lib: Library) -> str:
    """The key this session acts with: the facilitator key when the one entered is right, else the visitor's."""
    entered = st.session_state.get(state.FACILITATOR)
    return entered if isinstance(entered, str) and lib.is_facilitator(entered) else visitor_key()

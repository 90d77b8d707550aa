"""Names of the state the app's files share: session-state keys and URL parameters, one home each.

``st.session_state`` lives as long as the browser tab's session. A key listed here is
read or written by more than one file (the frame, a page, a helper); a key only one page
uses is a constant at the top of that page. No Streamlit here (pure helpers import it).
"""

from __future__ import annotations

# --- session state: the frame -------------------------------------------------------------
LANG = "lang"  # the chosen language ("nb"/"en"), see i18n.current_language
PRESENTER = "presenter"  # presenter mode (the frame's toggle); every page reads it

# --- session state: the scenario studio and the pages that use its scenario ----------------
CURRENT = "scenario:current"  # the studio's scenario as on screen (map, advisor and about read it)
CURRENT_MADE_OF = "scenario:current_made_of"  # (base, changes) that give it (the advisor saves on that base)
OPEN = "scenario:open"  # a library id for the studio to open on its next run (library panel, advisor)
START = "scenario:base"  # the studio's starting-point choice (its selectbox)
UPLOADED = "scenario:uploaded"  # the scenario uploaded in the studio
OPENED = "scenario:opened"  # the library scenario opened in the studio (share_links.Start)
LIBRARY_FLASH = "library:flash"  # the outcome of a library action, shown once at the top of the panel
LIBRARY_PAGE = "library:page"  # the library panel's page (0, 1, ...)
LIBRARY_FILTER = "library:filter"  # the library panel's name filter (its text input)

# --- session state: the room and the keys (pages/ui/rooms.py) ---------------------------------
ROOM = "room"  # this session's room code ("" the default room), from ?room=
ROOM_INVALID = "room:invalid"  # a ?room= value that was not a room code (the frame explains it)
VISITOR_KEY = "visitor:key"  # this browser session's random key: owns what it saves; never in a URL
FACILITATOR = "library:facilitator_key"  # the facilitator key as entered in the library panel (password field)

# --- the studio's controls: one widget key per control (also the URL's parameter names) -----
DEMAND = "demand"
CAPACITY, STAFFING, WEEKEND = "capacity", "staffing", "weekend"
# the levers of pages/ui/lever_controls.py: a summer closure's ISO weeks ("27-32" in a link) and places closed,
# corridor places, hospital patients first, the days to the transfer, the length of stay (change in %)
SUMMER_WEEKS, SUMMER_PLACES = "summer_weeks", "summer_places"
CORRIDOR, HOSPITAL_FIRST, TRANSFER, STAY = "corridor", "hospital_first", "transfer", "stay"
LEVER_KINDS = (SUMMER_WEEKS, SUMMER_PLACES, CORRIDOR, HOSPITAL_FIRST, TRANSFER, STAY)
CONTROL_KINDS = (CAPACITY, STAFFING, WEEKEND, *LEVER_KINDS)


def control_key(kind: str, service_id: str) -> str:
    """A studio control's widget key, e.g. ``capacity:short_term`` (also its URL parameter)."""
    return f"{kind}:{service_id}"


def is_control_key(key: object) -> bool:
    """Whether a session-state key is one of the studio's controls."""
    return key == DEMAND or str(key).split(":")[0] in CONTROL_KINDS


# --- URL parameters besides the controls -----------------------------------------------------
LANG_PARAM = "lang"  # ?lang=en
BASE_PARAM = "base"  # ?base=growth_2030.yaml: a prepared starting point
OPEN_PARAM = "open"  # ?open=12: a scenario from the library, as its changes on its base
ROOM_PARAM = "room"  # ?room=ws-2026: the workshop's room in the library (kept in every link)

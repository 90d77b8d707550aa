"""A minimal client of Streamlit's websocket protocol, for load tests (not a test).

A browser session is, to the server, one websocket on `/_stcore/stream` that
sends `BackMsg.rerun_script` (query string, page, widget states) and receives
`ForwardMsg`s (deltas with the page's elements, then `script_finished`). This
client does the same with the protobuf classes Streamlit ships, so the server
does exactly the work it does for a browser (script run, simulation, charts
serialised and sent) while the client costs almost no CPU: twenty of them fit
beside the server on two cores, which twenty Chromium tabs do not.

What it does not do: draw anything, fetch media files, answer component
messages. As in the browser, the widget ids come from the elements the server
sends, the query string follows `st.query_params` (and is sent back with the
next rerun), and widget values the client has not set keep their server state.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

FINISHED_SUCCESSFULLY = 0
FINISHED_EARLY_FOR_RERUN = 2
FRAGMENT_FINISHED = 3


@dataclass
class Rerun:
    """What one script run sent: elements by type, widgets by label, errors."""

    seconds: float = 0.0
    first_metric: float | None = None  # seconds until the first key figure (a tile) arrived: the first answer
    elements: dict[str, int] = field(default_factory=dict)  # element type -> count
    widgets: dict[str, str] = field(default_factory=dict)  # label -> widget id
    exceptions: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)  # markdown bodies, for checks
    status: int = -1

    @property
    def ok(self) -> bool:
        return self.status in (FINISHED_SUCCESSFULLY, FRAGMENT_FINISHED) and not self.exceptions


class StreamlitSession:
    """One app session over the websocket protocol (use as an async context manager)."""

    def __init__(self, base_url: str, page: str = "", query: str = "") -> None:
        host = base_url.split("://", 1)[1].rstrip("/")
        self.ws_url = f"ws://{host}/_stcore/stream"
        self.origin = f"http://{host}"
        self.page, self.query = page, query
        self.page_hash = ""
        self.widgets: dict[str, str] = {}  # label -> widget id, learnt from the elements
        self.values: dict[str, int | float | bool | str] = {}  # widget id -> value this client set
        self._ws = None

    async def __aenter__(self) -> StreamlitSession:
        self._ws = await websockets.connect(
            self.ws_url, subprotocols=["streamlit"], origin=self.origin, max_size=None, open_timeout=60
        )
        return self

    async def __aexit__(self, *exc) -> None:
        await self._ws.close()

    async def open(self, timeout: float = 300) -> Rerun:
        """Load the page, as a browser does on arrival."""
        return await self._rerun(timeout)

    async def set_number(self, label: str, value: int | float, timeout: float = 300) -> Rerun:
        """Enter a number in the input with this label and wait for the rerun it causes."""
        self.values[self.widgets[label]] = value
        return await self._rerun(timeout)

    async def _rerun(self, timeout: float) -> Rerun:
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query
        state.page_name = self.page
        state.page_script_hash = self.page_hash
        for wid, value in self.values.items():
            w = state.widget_states.widgets.add()
            w.id = wid
            if isinstance(value, bool):
                w.bool_value = value
            elif isinstance(value, int):
                w.int_value = value
            elif isinstance(value, float):
                w.double_value = value
            else:
                w.string_value = value
        t0 = time.monotonic()
        await self._ws.send(msg.SerializeToString())
        return await self._until_finished(t0, t0 + timeout)

    async def _until_finished(self, t0: float, deadline: float) -> Rerun:
        run = Rerun()
        while True:
            data = await asyncio.wait_for(self._ws.recv(), timeout=max(0.1, deadline - time.monotonic()))
            fwd = ForwardMsg()
            fwd.ParseFromString(data)
            kind = fwd.WhichOneof("type")
            if kind == "navigation" and fwd.navigation.page_script_hash:
                self.page_hash = fwd.navigation.page_script_hash
            elif kind == "page_info_changed":  # the page set st.query_params: the browser's URL follows
                self.query = fwd.page_info_changed.query_string
            elif kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                element = fwd.delta.new_element
                etype = element.WhichOneof("type")
                run.elements[etype] = run.elements.get(etype, 0) + 1
                proto = getattr(element, etype)
                if etype == "exception":
                    run.exceptions.append(f"{proto.type}: {proto.message}"[:300])
                elif etype in ("markdown", "alert"):
                    run.texts.append(proto.body)
                elif etype == "metric":
                    if run.first_metric is None:
                        run.first_metric = time.monotonic() - t0
                    run.texts.append(f"{proto.label}: {proto.body} ({proto.delta})")
                elif getattr(proto, "id", "") and getattr(proto, "label", ""):
                    run.widgets[proto.label] = proto.id
            elif kind == "script_finished":
                run.status = fwd.script_finished
                if run.status == FINISHED_EARLY_FOR_RERUN:
                    run = Rerun()  # st.rerun(): the answer is the run that follows
                    continue
                run.seconds = time.monotonic() - t0
                self.widgets.update(run.widgets)
                return run

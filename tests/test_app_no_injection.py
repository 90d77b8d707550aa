"""A hostile visitor's names show as text: every surface where Streamlit renders markdown gets them escaped.

A scenario whose name, service names, organisation names and headline labels are markdown (a link,
an image fetched from outside, HTML, a directive, LaTeX, a heading) is uploaded, changed, saved to the
library, compared and shown on the map and in the advisor. No element that Streamlit renders as
markdown may hold one of those texts bare; each must hold it escaped (``literal``), which shows it
character for character. Share-link keys and values and the library's messages are checked too.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from apptest_pages import open_page
from streamlit.testing.v1 import AppTest

from harmoni_model import dumps_scenario, load_scenario, validate_data
from harmoni_model.workshop.library import Library
from pages.ui import map_layers
from pages.ui.i18n import STRINGS
from pages.ui.user_text import literal_line

ROOT = Path(__file__).resolve().parents[1]
LINK = "[Sign in again](http://evil.example/login)"
IMAGE = "![x](http://evil.example/pixel.png)"
HTML_IMAGE = "<img src=http://evil.example/i.png>"
AUTOLINK = "<http://evil.example>"
HOSTILE = [LINK, IMAGE, HTML_IMAGE, AUTOLINK, "https://evil.example/a", "www.evil.example", ":red[alarm]", "$x^2$",
           "**bold**", "# heading"]  # fmt: skip
#: The texts a bare copy of which would be live markdown (links, images, HTML, a directive, LaTeX).
LIVE = [LINK, IMAGE, HTML_IMAGE, AUTOLINK, "http://evil", ":red[alarm]", "$x^2$", "**bold**"]


def hostile_scenario():
    """The small example with every name a visitor chooses made of markdown."""
    data = load_scenario(ROOT / "sample_data" / "scenarios" / "example_small.yaml").to_dict()
    data["name"] = f"Plan {LINK} {IMAGE}"
    data["horizon_days"], data["warmup_days"], data["replications"] = 90, 10, 2
    for i, s in enumerate(data["services"]):
        s["name"] = {"nb": f"{HOSTILE[i]} {s['id']}", "en": f"{HOSTILE[i]} {s['id']}"}
    data["organisations"] = {"hospital": {"nb": LINK, "en": LINK}, "municipality": {"nb": HTML_IMAGE, "en": IMAGE}}
    data.pop("headline", None)
    data["headline"] = [{"scope": "system", "kpi": "overliggedogn", "label": {"nb": AUTOLINK, "en": AUTOLINK}}]
    return validate_data(data)


SCENARIO = hostile_scenario()


def markdown_texts(at: AppTest) -> Iterator[tuple[str, str]]:
    """(kind, text) of every element and label on the page that Streamlit renders as markdown."""
    for kind in ("markdown", "caption", "info", "warning", "error", "success", "title", "header", "subheader",
                 "toast"):  # fmt: skip
        for element in at.get(kind):
            yield kind, element.proto.body if hasattr(element.proto, "body") else element.value
    for kind in ("metric", "checkbox", "toggle", "number_input", "text_input", "slider", "selectbox", "multiselect",
                 "radio", "button", "expander", "tab", "download_button", "popover"):  # fmt: skip
        for element in at.get(kind):
            label = getattr(element, "label", None) or getattr(element.proto, "label", "")
            yield kind, str(label)


def assert_nothing_live(at: AppTest, must_show: list[str]) -> None:
    """No markdown surface holds a live text; each of `must_show` is on the page, escaped."""
    texts = list(markdown_texts(at))
    for kind, text in texts:
        for live in LIVE:
            assert live not in text, (kind, text)
    joined = "\n".join(text for _, text in texts)
    for text in must_show:
        assert literal_line(text) in joined, text


@pytest.fixture
def studio(tmp_path, monkeypatch) -> AppTest:
    """The studio with the hostile scenario uploaded and one capacity changed (the sentence names the service)."""
    monkeypatch.setenv("HARMONI_DB", str(tmp_path / "library.db"))
    at = open_page("scenario", "en")
    data = dumps_scenario(SCENARIO).encode()
    at.file_uploader(key="scenario:upload").set_value(("evil.yaml", data, "application/x-yaml")).run()
    assert not at.exception, at.exception
    first = SCENARIO.services[0]
    at.number_input(key=f"capacity:{first.id}").set_value(first.capacity + 5).run()
    assert not at.exception, at.exception
    return at


def test_the_studio_shows_uploaded_names_as_text(studio):
    # the organisations' headings, the services' number boxes, the tiles, the sentence and the captions
    services = [s.label("en") for s in SCENARIO.services]
    assert_nothing_live(studio, [LINK, IMAGE, AUTOLINK, SCENARIO.name, *services])
    assert literal_line(services[0]) in studio.info[0].value  # the sentence: "5 more places at ..."
    assert studio.metric[0].label == literal_line(AUTOLINK)


def test_the_library_and_compare_show_a_saved_name_author_and_reason_as_text(studio):
    studio.text_input(key="library:name").input(f"Mine {LINK}")
    studio.text_input(key="library:author").input(IMAGE)
    studio.text_area(key="library:reason").input(f"{HTML_IMAGE}\n# heading")
    next(b for b in studio.button if b.label == STRINGS["en"]["library.save_button"]).click().run()
    assert not studio.exception, studio.exception
    assert literal_line(f"Mine {LINK}") in studio.success[0].value  # the library's own message
    assert_nothing_live(studio, [f"Mine {LINK}", IMAGE, HTML_IMAGE])

    studio.switch_page("pages/views/compare.py").run()
    assert not studio.exception, studio.exception
    [entry] = Library().list()
    studio.multiselect(key="compare:pick").set_value([entry.id]).run()
    assert not studio.exception, studio.exception
    assert_nothing_live(studio, [f"Mine {LINK}", IMAGE, HTML_IMAGE])


def test_a_share_links_keys_and_values_show_as_text(tmp_path, monkeypatch):
    monkeypatch.setenv("HARMONI_DB", str(tmp_path / "library.db"))
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
    at.query_params["lang"] = "en"
    at.run()
    at.query_params[f"capacity:{LINK}"] = IMAGE
    at.query_params["base"] = HTML_IMAGE
    at.switch_page("pages/views/scenario.py").run()
    assert not at.exception, at.exception
    warnings = " ".join(w.value for w in at.warning)
    assert "evil" in warnings  # the link's notes quote it
    assert_nothing_live(at, [])


def test_the_map_and_the_advisor_show_uploaded_names_as_text(studio):
    studio.switch_page("pages/views/map.py").run()
    assert not studio.exception, studio.exception
    assert_nothing_live(studio, [SCENARIO.name])
    studio.switch_page("pages/views/advisor.py").run()
    studio.selectbox(key="advisor:base").set_value("current").run()  # the studio's (hostile) scenario
    assert not studio.exception, studio.exception
    boxes = " ".join(c.label for c in studio.checkbox if c.key and "target_on" in c.key)
    assert any(literal_line(s.label("en")) in boxes for s in SCENARIO.services)  # the targets name the services
    assert_nothing_live(studio, [])


def test_the_map_tooltip_fields_are_html_escaped():
    import pandas as pd

    columns = ["site_id", "name", "service_id", "service", "bydel", "confidence", "plat", "plon", "radius", "fill",
               "line", "line_width", "places_text", "utilisation_text", "queue_text", "pool"]  # fmt: skip
    row = ["s1", HTML_IMAGE, "x", f'{HTML_IMAGE} "q"', "<b>", "<i>", 0.0, 0.0, 1.0, [0, 0, 0], [0, 0, 0], 1, "1",
           "2", "3", False]  # fmt: skip
    [record] = map_layers.layer_records(pd.DataFrame([row], columns=columns))
    assert record["site_id"] == "s1"  # the selection still finds the site
    for field in map_layers.TOOLTIP_TEXT:
        assert "<" not in str(record[field]) and '"' not in str(record[field]), field
    assert record["service"].startswith("&lt;img src=http://evil.example/i.png&gt;")

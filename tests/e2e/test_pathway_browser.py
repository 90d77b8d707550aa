"""The pathway diagram in a real browser: it draws at projector and desktop sizes, and a click chooses the service."""

from __future__ import annotations

from e2e_helpers import SHOTS, settle

from harmoni_model import load_scenario, run_replications
from harmoni_model.results.pathway import layout, pathway
from pages.ui.pathway_chart import arrow_path

CHART = "[data-testid='stVegaLiteChart']"
TOOLTIP = "#vg-tooltip-element"


def _open(browser, app_url: str, size: tuple[int, int], lang: str, query: str = ""):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    pg = context.new_page()
    pg.goto(f"{app_url}/scenario?lang={lang}{query}")
    settle(pg)
    assert pg.locator("[data-testid='stException']").count() == 0
    pg.add_style_tag(content="[data-testid='stHeader'] {display: none}")  # it would cover the chart's screenshot
    chart = pg.locator(CHART).first
    chart.scroll_into_view_if_needed()
    pg.wait_for_timeout(600)
    return context, pg, chart


def _box_point(chart, service: str) -> tuple[float, float]:
    """Where a service's box is on screen: the layout's units on the plot (below the legend, padding 5 px)."""
    grid = layout(load_scenario("sample_data/scenarios/trondheim_baseline.yaml"))
    x0, y0, x1, y1 = grid.boxes[service]
    box = chart.bounding_box()
    plot_top = box["y"] + 74  # the colour legend takes ~74 px on top
    plot_h = box["y"] + box["height"] - 5 - plot_top
    return (
        box["x"] + 5 + (x0 + x1) / 2 / grid.width * (box["width"] - 10),
        plot_top + (y0 + 0.25 * (y1 - y0)) / grid.height * plot_h,
    )


def _inside_its_column(pg, chart) -> None:
    box = chart.bounding_box()
    main = pg.locator("[data-testid='stMain']").bounding_box()
    assert box["x"] >= main["x"] and box["x"] + box["width"] <= main["x"] + main["width"] + 1
    assert box["height"] > 300


def test_the_pathway_draws_inside_its_column_on_a_wide_screen(browser, app_url):
    # the baseline: its run is the click test's too (one run of the model for both)
    context, pg, chart = _open(browser, app_url, (1920, 1080), "en")
    _inside_its_column(pg, chart)
    SHOTS.mkdir(exist_ok=True)
    chart.screenshot(path=str(SHOTS / "pathway_1920_en.png"))
    context.close()


def test_clicking_a_box_chooses_the_service_of_the_other_views(browser, app_url):
    """At projector size (1280 x 720, the sidebar open) the studio opens on the diagram, which fits its
    column, and a click on KAD's box (its tooltip names it) chooses KAD for the view over time."""
    context, pg, chart = _open(browser, app_url, (1280, 720), "nb")
    _inside_its_column(pg, chart)
    SHOTS.mkdir(exist_ok=True)
    chart.screenshot(path=str(SHOTS / "pathway_1280_nb.png"))
    x, y = _box_point(chart, "kad")
    pg.mouse.move(x, y)
    pg.wait_for_selector(TOOLTIP, state="visible", timeout=10_000)
    assert "KAD/ØHD, Øya helsehus" in pg.locator(TOOLTIP).inner_text()
    pg.mouse.click(x, y)
    settle(pg)
    pg.get_by_text("Valgt: KAD/ØHD, Øya helsehus").wait_for(timeout=30_000)
    pg.get_by_role("button", name="Vis over tid").click()
    settle(pg)
    SHOTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(SHOTS / "pathway_chosen_time.png"))
    chosen = pg.locator("[data-testid='stSelectbox']").filter(has_text="Tjeneste")
    shown = chosen.inner_text() + " " + " ".join(i.input_value() for i in chosen.locator("input").all())
    assert "KAD/ØHD, Øya helsehus" in shown, shown
    context.close()


def test_the_diagram_follows_a_change_and_an_arrow_names_its_route(browser, app_url):
    """The datasets keep their names from one answer to the next (only their rows change): the drawn
    diagram must still show the new places; and an arrow's tooltip names its route anywhere along it."""
    context, pg, chart = _open(browser, app_url, (1600, 1000), "en")
    text = "el => [...el.querySelectorAll('svg text')].map(t => t.textContent).join(' | ')"
    before = chart.evaluate(text)
    assert "179" in before and "189" not in before, before
    field = pg.get_by_label("Short-term stays, helsehus: places")
    field.fill("189")
    field.press("Enter")
    settle(pg)
    chart = pg.locator(CHART).first
    chart.scroll_into_view_if_needed()
    pg.wait_for_timeout(800)
    after = chart.evaluate(text)
    assert "179 → 189" in after, after
    # the thick arrow from the medical beds to home care, a quarter along (its number is at the middle)
    scenario = load_scenario("sample_data/scenarios/trondheim_baseline.yaml")
    results = run_replications(scenario, replications=2, workers=1)
    diagram = pathway(results, results)
    boxes = {b.service: b for b in diagram.boxes}
    others = [b for b in diagram.boxes if b.service not in ("hospital_medical", "home_care")]
    points = arrow_path(boxes["hospital_medical"], boxes["home_care"], others)
    mx, my = points[len(points) // 4]
    grid, box = diagram.layout, chart.bounding_box()
    plot_top = box["y"] + 74
    plot_h = box["y"] + box["height"] - 5 - plot_top
    pg.mouse.move(box["x"] + 5 + mx / grid.width * (box["width"] - 10), plot_top + my / grid.height * plot_h)
    pg.wait_for_selector(TOOLTIP, state="visible", timeout=10_000)
    tip = pg.locator(TOOLTIP).inner_text()
    assert "St. Olavs, medical/geriatric beds" in tip and "Home care" in tip, tip
    context.close()

"""The explorer `/` in a real browser: the national map paints, and filters restyle it in place."""
from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from tests.browser._helpers import FILLS, MUNICIPALITIES, choose, drawn_count, fills, number, wait_for_map

pytestmark = pytest.mark.browser


CIRCLES_DRAWN = """() => {
  const map = window.__drawn['ex-fill'].values().next().value._map;
  let n = 0;
  map.eachLayer(l => { if (l.options.pane === 'ex-circles' && l._radius > 0) { n += 1; } });
  return n > 100;
}"""


DRAW_ORDER = """() => {
  const renderer = window.__drawn['ex-fill'].values().next().value._renderer;
  let node = renderer._drawFirst, i = 0, lastPlain = -1, firstOutlined = Infinity, outlined = 0;
  for (; node; node = node.next, i += 1) {
    if (node.layer.options.color === '#111111') { outlined += 1; firstOutlined = Math.min(firstOutlined, i); }
    else { lastPlain = i; }
  }
  return {outlined: outlined, last_plain: lastPlain, first_outlined: firstOutlined};
}"""


def test_home_paints_every_municipality_with_legend_and_demo_banner(page):
    callbacks, console = [], []
    page.on("request", lambda r: callbacks.append(r.post_data) if "_dash-update-component" in r.url else None)
    page.on("console", lambda m: console.append(m.text) if m.type in ("warning", "error") else None)
    page.goto("/")
    wait_for_map(page)
    # the Leaflet that assets/framework.js was written for: its version check says nothing
    assert not [text for text in console if "mapa3x1" in text], console
    # the first view came with the layout (dashapp/first_view.py): no callback round trip before the map;
    # only the table twin is asked for, once the map is drawn (its request may already be on its way)
    assert [c for c in callbacks if "ex-painted" not in (c or "")] == [], callbacks

    assert drawn_count(page) == MUNICIPALITIES
    # without Dash's polyfill; the regenerator runtime its lazy loader calls is there (dashapp/app.py)
    assert page.evaluate("[typeof regeneratorRuntime.wrap, document.querySelectorAll('script[src*=polyfill]').length]") \
        == ["function", 0]
    # the state outlines (waited for above) and the money circles came after that first paint
    page.wait_for_function(CIRCLES_DRAWN)
    # the municipalities outlined for a declaration are drawn after all the others (Leaflet's canvas
    # draws its layers in list order), so no neighbour's edge covers their outline
    order = page.evaluate(DRAW_ORDER)
    assert order["outlined"] > 100 and order["last_plain"] < order["first_outlined"], order
    legend = page.locator("#ex-legend-wrap")
    expect(legend).to_be_visible()
    expect(legend.locator("h3").first).to_contain_text("Pobreza")
    counts = [number(c) for c in legend.locator(".ex-classes .ex-count").all_inner_texts()]
    assert sum(counts) == MUNICIPALITIES, counts  # every municipality sits in one class (or no data)
    # one outline pattern per crisis bit (the payload's named lines; browser_contract.CRISIS_GROUPS)
    expect(legend.locator(".ex-lines .ex-line")).to_have_count(3)
    expect(legend.locator(".ex-line-1, .ex-line-2, .ex-line-4")).to_have_count(3)
    expect(legend.locator(".ex-circles li")).to_have_count(3)
    expect(page.locator("#demo-banner")).to_be_visible()
    expect(page.locator("#demo-banner")).to_contain_text("demostración")
    # the summary strip, drawn by map.js from the same payload: figures, the partners, the synthetic note
    summary = page.locator("#ex-summary")
    expect(summary.locator("> div > strong")).to_have_count(4)
    expect(summary).to_contain_text("proyectos")
    expect(summary.locator("small").first).to_contain_text("Federal")
    expect(summary.locator(".ex-synthetic")).to_contain_text("⚠")
    expect(page.locator(".ex-map")).to_have_class(re.compile(r"\bis-loaded\b"))
    # the table twin is asked for once the map is drawn, and then it comes
    expect(page.locator("#ex-table table tbody tr")).to_have_count(25)
    # the filter controls also come after the paint, showing the address's values; their arrival
    # makes no other callback run (they echo the stores the callbacks read)
    expect(page.locator("#ex-layer")).to_contain_text("Pobreza")
    page.wait_for_load_state("networkidle")
    outputs = sorted(json.loads(c)["output"] for c in callbacks)
    assert outputs == ["..ex-table-data.data...ex-table-more.children...ex-table-more.aria-pressed..",
                       "ex-controls.children"], outputs
    assert page.errors == []


def test_changing_the_layer_restyles_without_new_geometry(page):
    page.goto("/")
    wait_for_map(page)
    before = fills(page)
    geometry = []
    page.on("request", lambda r: geometry.append(r.url) if "/layers/" in r.url else None)

    choose(page, "ex-layer", "Intensidad migratoria (CONAPO)")

    page.wait_for_function("() => location.search.includes('capa=migration_intensity_grade')")
    expect(page.locator("#ex-legend h3").first).to_contain_text("Intensidad migratoria")
    wait_for_map(page)  # every path now carries a colour of the new layer's palette
    page.wait_for_function(f"(old) => ({FILLS})().join() !== old.join()", arg=before)
    after = fills(page)
    assert len(after) == MUNICIPALITIES
    assert sum(a != b for a, b in zip(before, after)) > MUNICIPALITIES // 2
    assert geometry == [], geometry  # restyled in place: no layer file fetched again

    # A state: the address says so, the map zooms in and only the state-band files are fetched.
    national_projects = page.locator("#ex-summary strong").first.inner_text()
    with page.expect_response(lambda r: "/layers/" in r.url and r.url.endswith("/mun_state/32.pbf")) as info:
        choose(page, "ex-state", "Zacatecas")
    assert info.value.ok
    page.wait_for_function("() => new URLSearchParams(location.search).get('estado') === '32'")
    expect(page.locator("#ex-summary strong").first).not_to_have_text(national_projects)  # Zacatecas' projects
    page.wait_for_function("() => (new URLSearchParams(location.search).get('capa') || '')"
                           ".startsWith('migration_intensity_grade')")
    assert all(re.search(r"/layers/[^/]+/(mun_state/\d\d\.pbf|states_state\.pbf)$", u) for u in geometry), geometry
    # the header is plain HTML from the server: its language link follows the address written since
    expect(page.locator("#lang-switch")).to_have_attribute("href", re.compile(r"^/\?(?=.*estado=32)(?=.*lang=en)"))
    assert page.errors == []



# The pixel on screen of a drawn municipality (the map is a canvas: Leaflet finds the shape under the mouse).
POINT_OF = """(cvegeo) => {
  const layer = window.__drawn['ex-fill'].get(cvegeo), map = layer._map;
  const p = map.latLngToContainerPoint(layer.getCenter()), box = map.getContainer().getBoundingClientRect();
  return [box.left + p.x, box.top + p.y];
}"""
# Its bounds and centre in lon/lat, which the national layer computes from its pixels when asked.
BOUNDS_AND_CENTER = """(cvegeo) => {
  const layer = window.__drawn['ex-fill'].get(cvegeo), b = layer.getBounds(), c = layer.getCenter();
  return [b.getSouth(), b.getWest(), b.getNorth(), b.getEast(), c.lat, c.lng];
}"""
CRISIS_WEIGHTS = """() => Array.from(window.__drawn['ex-fill'].values())
  .filter(l => l.options.color === '#111111' && l.options.stroke !== false).map(l => l.options.weight)"""


def hover_and_pick(page, cvegeo: str, name: str) -> None:
    """Point at a drawn municipality: its tooltip shows `name`; a click opens its panel and puts it in the address."""
    south, west, north, east, lat, lon = page.evaluate(BOUNDS_AND_CENTER, cvegeo)
    assert 14 < south < lat < north < 33 and -118 < west < lon < east < -86  # in Mexico, centre inside
    assert north - south < 2 and east - west < 2  # one municipality, not the country
    x, y = page.evaluate(POINT_OF, cvegeo)
    page.mouse.move(x, y)
    expect(page.locator(".leaflet-tooltip")).to_contain_text(name)
    page.mouse.click(x, y)
    expect(page.locator("#ex-panel h2")).to_contain_text(name)
    page.wait_for_function(f"() => new URLSearchParams(location.search).get('sel') === '{cvegeo}'")


def test_canvas_map_hover_click_and_zoom_dependent_outlines(page):
    page.goto("/")
    wait_for_map(page)
    national = set(page.evaluate(CRISIS_WEIGHTS))
    assert national == {0.8}, national  # the whole country in view: thin crisis outlines

    page.goto("/?vista=22.75,-102.95,9")  # Jerez, Zacatecas, and its neighbours
    wait_for_map(page)
    page.wait_for_function("() => window.__drawn['ex-fill'].has('32020')")
    hover_and_pick(page, "32020", "Jerez")
    zoomed = set(page.evaluate(CRISIS_WEIGHTS))
    assert zoomed and min(zoomed) >= 1.6, zoomed  # zoomed in: full-width outlines
    page.evaluate("() => { window.__drawn['ex-fill'].get('32020')._map.setZoom(5, {animate: false}); }")
    page.wait_for_function(f"() => ({CRISIS_WEIGHTS})().every(w => w === 0.8)")  # zoomed out: restyled thin
    assert page.errors == []


def test_the_national_layer_answers_the_pointer_under_the_outlines(page):
    """At the national view the municipalities (assets/national_layer.js) show their tooltip and open
    their panel: the state outlines' pane, drawn above them, lets the pointer through (app.css)."""
    page.goto("/?ver=crisis")  # no circles: the pointer is over a municipality, not a circle
    wait_for_map(page)
    hover_and_pick(page, "32020", "Jerez")
    assert page.errors == []


def test_without_a_referrer_the_router_renders_the_same_page(page):
    """A browser that sends no Referer gets the empty frame, filled in by Dash's callbacks."""
    page.route("**/_dash-layout", lambda route: route.continue_(
        headers={k: v for k, v in route.request.headers.items() if k.lower() != "referer"}))
    with page.expect_request(lambda r: "_dash-update-component" in r.url):
        page.goto("/?lang=en")
    wait_for_map(page)
    expect(page.locator("h1")).to_contain_text("Where did the 3x1 money go?")
    expect(page.locator("#lang-switch")).to_contain_text("Español")
    expect(page.locator("#search-label")).to_have_text("Search municipality or locality")
    assert page.errors == []


def test_a_phone_sees_the_whole_country_at_the_default_view(page):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/?lang=en")
    wait_for_map(page)
    assert drawn_count(page) == MUNICIPALITIES
    assert page.evaluate("() => window.__drawn['ex-fill'].values().next().value._map.getZoom()") == 4
    page.goto("/?vista=22.75,-102.95,9")  # an address with a view keeps it
    page.wait_for_function("() => window.__drawn['ex-fill'] && window.__drawn['ex-fill'].size > 0")
    assert page.evaluate("() => window.__drawn['ex-fill'].values().next().value._map.getZoom()") == 9


MAP_ZOOM = "() => window.__drawn['ex-fill'].values().next().value._map.getZoom()"


def test_the_table_twin_is_drawn_and_its_buttons_pick_a_municipality(page):
    """The table comes as data and map.js draws it: names as text, a link per row, and a button that
    selects the municipality (keyboard too) and flies the map there; "show all" gives every row."""
    page.goto("/?lang=en")
    wait_for_map(page)
    rows = page.locator("#ex-table table tbody tr")
    expect(rows).to_have_count(25)
    expect(page.locator("#ex-table caption")).to_contain_text("Poverty")
    first = rows.first.locator("button.linklike")
    name, cvegeo = first.inner_text(), first.get_attribute("data-cvegeo")
    assert re.fullmatch(r"\d{5}", cvegeo) and name and first.get_attribute("title") == f"Show {name} on the map"
    expect(rows.first.locator("td").first).to_have_text("1")  # the row's named cells, each in its column
    expect(rows.first.locator("td.num")).to_have_count(5)
    expect(rows.first.locator("a")).to_have_attribute("href", f"/municipio/{cvegeo}?lang=en")
    assert page.evaluate(MAP_ZOOM) < 9
    first.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#ex-panel h2")).to_contain_text(name)
    page.wait_for_function(f"() => new URLSearchParams(location.search).get('sel') === '{cvegeo}'")
    page.wait_for_function(f"() => ({MAP_ZOOM})() === 9")  # flew to it
    page.click("#ex-table-more")
    expect(page.locator("#ex-table-more")).to_have_attribute("aria-pressed", "true")
    expect(rows).to_have_count(600)  # every municipality, capped without a state filter, and said so
    expect(page.locator("#ex-table p.ex-unit")).to_contain_text("600")
    assert page.errors == []


@pytest.mark.parametrize("failure", ["network", "corrupt"])
def test_without_its_national_file_the_page_still_gets_controls_table_and_overlays(page, failure):
    """A municipalities' file that does not arrive, or cannot be read, is reported in the console with
    its address; the rest of the page comes as after a first paint (no 8 s wait)."""
    def broken(route):
        if failure == "network":
            route.abort()
        else:
            route.fulfill(status=200, body=b"\x10\x00\x00\x00not a pixel-rings file",
                          content_type="application/octet-stream")
    page.route("**/mun_national.bin", broken)
    console = []
    page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    page.goto("/")
    expect(page.locator("#ex-table table tbody tr")).to_have_count(25, timeout=5000)
    expect(page.locator("#ex-layer")).to_contain_text("Pobreza")
    page.wait_for_function("() => document.querySelector('.ex-map').dataset.painted === '1'")
    assert any("national layer" in text and "mun_national.bin" in text for text in console), console

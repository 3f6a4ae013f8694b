"""The explorer `/` in a real browser: the national map paints, and filters restyle it in place."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser._helpers import FILL_PATHS, MUNICIPALITIES, choose, fills, number, wait_for_map

pytestmark = pytest.mark.browser


def test_home_paints_every_municipality_with_legend_and_demo_banner(page):
    page.goto("/")
    wait_for_map(page)

    assert page.locator(FILL_PATHS).count() == MUNICIPALITIES
    legend = page.locator("#ex-legend-wrap")
    expect(legend).to_be_visible()
    expect(legend.locator("h3").first).to_contain_text("Pobreza")
    counts = [number(c) for c in legend.locator(".ex-classes .ex-count").all_inner_texts()]
    assert sum(counts) == MUNICIPALITIES, counts  # every municipality sits in one class (or no data)
    expect(page.locator("#demo-banner")).to_be_visible()
    expect(page.locator("#demo-banner")).to_contain_text("demostración")
    expect(page.locator(".ex-map")).to_have_class(re.compile(r"\bis-loaded\b"))
    # the table twin is asked for once the map is drawn, and then it comes
    expect(page.locator("#ex-table table tbody tr")).to_have_count(25)
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
    page.wait_for_function(f"(old) => ({_fills_js()}).join() !== old.join()", arg=before)
    after = fills(page)
    assert len(after) == MUNICIPALITIES
    assert sum(a != b for a, b in zip(before, after)) > MUNICIPALITIES // 2
    assert geometry == [], geometry  # restyled in place: no layer file fetched again

    # A state: the address says so, the map zooms in and only the state-band files are fetched.
    with page.expect_response(lambda r: "/layers/" in r.url and r.url.endswith("/mun_state/32.pbf")) as info:
        choose(page, "ex-state", "Zacatecas")
    assert info.value.ok
    page.wait_for_function("() => new URLSearchParams(location.search).get('estado') === '32'")
    page.wait_for_function("() => (new URLSearchParams(location.search).get('capa') || '')"
                           ".startsWith('migration_intensity_grade')")
    assert all(re.search(r"/layers/[^/]+/(mun_state/\d\d\.pbf|states_state\.pbf)$", u) for u in geometry), geometry
    assert page.errors == []


def _fills_js() -> str:
    return f"Array.from(document.querySelectorAll('{FILL_PATHS}')).map(p => p.getAttribute('fill'))"

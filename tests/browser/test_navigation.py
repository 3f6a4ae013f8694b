"""Finding a hometown with the header search, and switching the language, in a real browser."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_search_jerez_opens_its_hometown_page(page):
    page.goto("/datos")  # a light page: the search box is in every page's header
    box = page.get_by_label("Buscar municipio o localidad")
    box.click()
    box.press_sequentially("jerez")

    first = page.locator("#search-results .search-item").first
    expect(first).to_contain_text("Jerez")
    expect(first).to_contain_text("Zacatecas")
    expect(first.locator("a")).to_have_attribute("href", re.compile(r"^/municipio/32020(\?|$)"))
    expect(page.locator("#search-status")).to_contain_text("sugerencias")

    box.press("Enter")  # Enter opens the best suggestion
    page.wait_for_url(re.compile(r"/municipio/32020(\?.*)?$"))
    expect(page.locator("h1").first).to_contain_text("Jerez")
    expect(page).to_have_title(re.compile("Jerez"))
    expect(box).to_have_value("")  # the box is emptied when the page changes
    expect(page.locator("#lang-switch")).to_have_attribute("href", "/municipio/32020?lang=en")  # follows the new page
    assert page.errors == []


def test_language_switch_goes_to_english_and_back(page):
    page.goto("/?capa=marginalization_grade:2020")
    nav = page.locator("nav.app-nav")
    expect(nav).to_contain_text("Mapa")
    expect(nav).to_contain_text("Brechas")

    page.locator("#lang-switch").click()
    page.wait_for_url(re.compile(r"[?&]lang=en(&|$)"))
    assert "capa=marginalization_grade" in page.url  # the view is kept
    expect(nav.get_by_role("link", name="Map", exact=True)).to_be_visible()
    expect(nav.get_by_role("link", name="Gaps", exact=True)).to_be_visible()
    expect(nav.get_by_role("link", name="Projects", exact=True)).to_be_visible()
    expect(page.locator("#search-label")).to_have_text(re.compile("Search", re.I))
    expect(page.locator("#ex-legend h3").first).to_contain_text("Marginalization")
    expect(page.locator("#demo-banner")).to_contain_text("synthetic")
    expect(page.locator("html .ex-page")).to_have_attribute("lang", "en")
    expect(page.locator("#lang-switch")).to_have_text("Español")

    page.locator("#lang-switch").click()
    page.wait_for_url(lambda url: "lang=en" not in url)
    assert "capa=marginalization_grade" in page.url
    expect(nav.get_by_role("link", name="Mapa", exact=True)).to_be_visible()
    expect(nav.get_by_role("link", name="Brechas", exact=True)).to_be_visible()
    expect(page.locator("#ex-legend h3").first).to_contain_text("Marginación")
    expect(page.locator("#lang-switch")).to_have_text("English")
    assert page.errors == []

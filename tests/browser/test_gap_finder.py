"""The combined gap finder on /brechas in a real browser: the URL round trip and the export."""
from __future__ import annotations

import urllib.request

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_finder_writes_its_criteria_to_the_url_and_exports_exactly_the_list(page, app_url):
    page.goto("/brechas?necesidad=combinada&umbral=marginacion:4")
    weight = page.get_by_label("Peso de homicidios por 100 mil hab.")
    expect(weight).to_have_value("0")
    weight.fill("2")
    weight.press("Enter")  # the inputs are debounced: Enter (or leaving the box) applies
    page.wait_for_url("**/brechas?*homicidios%3A2*")
    table = page.locator("#gaps-table")
    expect(table.locator("thead")).to_contain_text("homicidios por 100 mil hab. 2021")
    expect(table.locator("thead")).to_contain_text("Puntaje de prioridad")
    expect(page.locator(".finder-note").first).to_contain_text("2 × homicidios por 100 mil hab.")
    search = page.evaluate("location.search")
    # the address alone gives the same page: reload it and the weights are back in their boxes
    page.goto("/brechas" + search)
    expect(page.get_by_label("Peso de homicidios por 100 mil hab.")).to_have_value("2")
    expect(page.get_by_label("Mínimo de grado de marginación")).to_have_value("4")
    with page.expect_download() as info:
        page.locator("#gaps-download-button").click()
    downloaded = info.value.path().read_bytes()
    with urllib.request.urlopen(f"{app_url}/api/brechas.csv{search}") as answer:
        assert answer.read() == downloaded  # the button's file is the API's, byte for byte
    text = downloaded.decode("utf-8-sig")
    assert "grado de marginación 2010" in text.splitlines()[0] and len(text.splitlines()) > 2
    assert page.errors == []

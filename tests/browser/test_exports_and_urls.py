"""The filtered CSV download of `/proyectos`, and hostile addresses, in a real browser."""
from __future__ import annotations

import csv
import io

import pytest
from playwright.sync_api import expect

from tests.browser._helpers import number, wait_for_map

pytestmark = pytest.mark.browser


def test_projects_csv_download_holds_only_the_filtered_state(page):
    page.goto("/proyectos?estado=32")
    count = page.locator("#projects-count")
    expect(count).to_contain_text("proyectos")
    shown = number(count.inner_text().split(" proyectos")[0])
    assert shown > 0
    expect(page.locator("#projects-grid .ag-row").first).to_be_visible()  # the grid asked for its first block
    expect(page.locator("#projects-grid .ag-row").first).to_contain_text("Zacatecas")

    with page.expect_download() as info:
        page.get_by_role("button", name="Descargar CSV").click()
    download = info.value
    assert download.suggested_filename.endswith(".csv"), download.suggested_filename
    text = download.path().read_bytes().decode("utf-8-sig")

    rows = list(csv.DictReader(io.StringIO(text)))
    header = next(csv.reader(io.StringIO(text)))
    assert {"cvegeo", "is_synthetic", "state_name", "total_mxn"} <= set(header), header
    assert len(rows) == shown  # exactly the rows the page counts
    assert all(r["cvegeo"].startswith("32") and len(r["cvegeo"]) == 5 for r in rows)
    assert {r["state_name"] for r in rows} == {"Zacatecas"}
    assert {r["is_synthetic"].lower() for r in rows} <= {"true", "1"}  # the demonstration rows say so
    assert page.errors == []


HOSTILE_SEARCH = "<img src=x onerror=alert(1)>"


def _record_server_errors(page) -> list[str]:
    failures: list[str] = []
    page.on("response", lambda r: failures.append(f"{r.status} {r.url}") if r.status >= 500 else None)
    return failures


def test_hostile_addresses_render_friendly_pages_without_running_script(page):
    failures = _record_server_errors(page)

    response = page.goto("/municipio/<script>alert(1)</script>")
    assert response is not None and response.status < 500
    friendly = page.locator(".not-found")
    expect(friendly.locator("h1")).to_be_visible()
    expect(friendly).to_contain_text("<script>alert(1)</script>")  # the bad key is echoed as text
    expect(friendly.get_by_role("link", name="Ir al mapa")).to_have_attribute("href", "/")  # the way back
    assert page.locator("script:not([src])", has_text="alert(1)").count() == 0

    response = page.goto("/municipio/99999%3Cb%3Ebold%3C%2Fb%3E")
    assert response is not None and response.status < 500
    expect(page.locator(".not-found")).to_contain_text("<b>bold</b>")  # shown as text, not markup
    assert page.locator(".not-found b").count() == 0

    response = page.goto("/?capa=';DROP TABLE--&estado=<script>alert(1)</script>&vista=NaN,1,99")
    assert response is not None and response.status < 500
    wait_for_map(page)  # the default layer, the whole country
    expect(page.locator("#ex-legend h3").first).to_contain_text("Pobreza")
    expect(page.locator("#ex-state")).to_contain_text("Todo el país")  # the bad state is ignored

    box = page.get_by_label("Buscar municipio o localidad")
    box.click()
    box.press_sequentially(HOSTILE_SEARCH)
    expect(page.locator("#search-status")).to_contain_text(HOSTILE_SEARCH)  # echoed as text
    assert page.locator("#search img").count() == 0

    assert page.dialogs == []
    assert failures == []
    assert page.errors == []

"""The /brechas, /proyectos and /datos layouts and callbacks on a tiny store, in Spanish and English."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from dashapp.filters import Filters
from dashapp.queries.catalog import indicator_coverage, safe_url
from dashapp.queries.project_table import apply_filter_model, apply_sort_model, grid_rows, table_rows
from dashapp.store import CONFIG_KEY, FixedReader, Snapshot
from tests.crisis_coverage import declared_coverage

PROJECT_COLUMNS = ["project_id", "fiscal_year", "cvegeo", "state_name", "municipality_name", "locality_name",
                   "cvegeo_loc", "project_name", "project_type", "project_category", "federal_mxn", "state_mxn",
                   "municipal_mxn", "migrant_mxn", "total_mxn", "club_name", "club_us_state", "beneficiaries",
                   "is_synthetic", "source_file", "source_row", "match_method", "match_score", "split_flag",
                   "has_missing_amount"]


def _project(pid, year, cvegeo, name, total, loc=None, club="Club <b>Unidos</b>"):
    state, muni = ("Zacatecas", "Apozol") if cvegeo == "32001" else ("Oaxaca", "Abejones")
    return [pid, year, cvegeo, state, muni, "La Tiricia" if loc else None, loc, name, "agua potable",
            "infraestructura social básica", total / 4, total / 4, total / 4, total / 4, total, club, "California",
            10, 1, "demo:generated", None, "synthetic", None, None, 0]


def tiny_snapshot(with_projects: bool = True) -> Snapshot:
    munis = pd.DataFrame({"cvegeo": ["32001", "20001"], "cve_ent": ["32", "20"],
                          "state_name": ["Zacatecas", "Oaxaca"], "municipality_name": ["Apozol", "Abejones"],
                          "population_2020": [6000.0, None], "centroid_lon": [-103.1, -96.6],
                          "centroid_lat": [21.4, 17.4]})
    projects = pd.DataFrame([
        _project("p1", 2005, "32001", "Red de agua <script>alert(1)</script>", 400000.0, loc="320010090"),
        _project("p2", 2015, "32001", "Educación: becas", 100000.0),
        _project("p3", 2018, "20001", "Pavimentación", 250000.0),
    ] if with_projects else [], columns=PROJECT_COLUMNS)
    return Snapshot(tables={
        "municipalities": munis,
        "states": pd.DataFrame({"cve_ent": ["20", "32"], "state_name": ["Oaxaca", "Zacatecas"],
                                "state_abbr": ["Oax.", "Zac."]}),
        "indicator_values": pd.DataFrame({"cvegeo": ["32001", "20001", "32001"],
                                          "indicator_id": ["poverty_pct", "poverty_pct", "poverty_pct"],
                                          "year": [2010, 2010, 2020], "value": [40.0, None, 35.0],
                                          "category": [None, None, None]}),
        "indicator_catalog": pd.DataFrame({
            "indicator_id": ["poverty_pct"], "label_es": ["Población en situación de pobreza"],
            "label_en": ["Population in poverty"], "unit": ["pct"], "higher_is_worse": [1],
            "publisher": ["CONEVAL"], "note_es": ["Nota <i>es</i>"], "note_en": ["Note en"]}),
        "projects": projects,
        "crisis_coverage": declared_coverage(), "crisis_events": pd.DataFrame({"declaration_id": ["d1"], "cvegeo": ["20001"], "year": [2019],
                                       "phenomenon_group": ["geológico"]}),
        "deflators": pd.DataFrame({"year": list(range(2002, 2021)), "factor_to_base": [1.0] * 19}),
        "remittances_municipal": pd.DataFrame({"cvegeo": ["32001"], "year": [2020], "amount_usd": [1.0]}),
        "localities": pd.DataFrame({"cvegeo_loc": ["320010090"], "lon": [-103.09], "lat": [21.43]}),
        "source_accounting": pd.DataFrame({"source_id": ["coneval_poverty"], "source_file": ["coneval/x.csv"],
                                           "rows_read": [3], "rows_loaded": [2], "rows_rejected": [1],
                                           "municipalities_covered": [2]}),
        "calibration_results": pd.DataFrame({
            "period": ["2002", "2015"], "scope": ["national", "Zacatecas"], "metric": ["projects", "budget"],
            "cited_value": [942.0, 100.0], "demo_value": [940.0, None], "unit": ["projects", "MXN"],
            "comparison": ["number of demo projects", "not computed"],
            "source_url": ["https://example.org/nota", "javascript:alert(1)"]}),
        "build_info": pd.DataFrame({"key": ["built_at", "constant_pesos_base_year", "deflator_method"],
                                    "value": ["2026-01-01T00:00:00+00:00", "2018", "annual mean of the INPC"]}),
    }, version="t1")


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    from dashapp.app import Settings, create_app

    folder = tmp_path_factory.mktemp("store")
    return create_app(Settings(db_url=f"sqlite:///{folder / 'none.sqlite'}", build_dir=Path(folder)))


@pytest.fixture
def store(app):
    """Run the test inside a request of the app, with the tiny store in place."""
    def use(snapshot: Snapshot):
        app.server.config[CONFIG_KEY] = FixedReader(snapshot)
    use(tiny_snapshot())
    with app.server.test_request_context():
        yield use


def page(path: str):
    """The page module as Dash loaded it (importing it again would register the page twice)."""
    import sys

    import dash

    entry = next(e for e in dash.page_registry.values() if e["path"] == path)
    return sys.modules[entry["module"]]


def _walk(component):
    yield component
    children = getattr(component, "children", None)
    if isinstance(children, (list, tuple)):
        for child in children:
            yield from _walk(child)
    elif children is not None:
        yield from _walk(children)


def text_of(component) -> str:
    return " ".join(str(c) for c in _walk(component) if isinstance(c, (str, int, float)))


def by_id(component, wanted: str):
    return next(c for c in _walk(component) if getattr(c, "id", None) == wanted)


@pytest.mark.parametrize("lang,words", [("es", ["Brechas", "sin proyectos", "Descargar CSV"]),
                                        ("en", ["Gaps", "no projects", "Download CSV"])])
def test_gaps_page_renders_in_both_languages(store, lang, words):
    brechas = page("/brechas")
    text = text_of(brechas.layout(lang=lang, anio="2018-2020", necesidad="pobreza", foo="bar", pagina="9"))
    for word in words:
        assert word in text


def test_gaps_page_tolerates_bad_values(store):
    # every bad value falls back to its default: the page is the default page, component for component
    from plotly.utils import PlotlyJSONEncoder

    brechas = page("/brechas")
    view = brechas.layout(lang="xx", anio="1900", estado="99", necesidad="nope", pagina="-3", capa="<x>")
    assert json.dumps(view, cls=PlotlyJSONEncoder) == json.dumps(brechas.layout(), cls=PlotlyJSONEncoder)
    assert "Brechas, página 1 de 1" in text_of(view) and "<x>" not in json.dumps(view, cls=PlotlyJSONEncoder)


def test_gaps_controls_write_the_query_and_ignore_echoes(store):
    brechas = page("/brechas")
    url = brechas.controls_to_url("declaraciones", [2010, 2015], [2019, 2025], "geologico", "32", "", "migrant",
                                  "current", "?lang=en&pagina=4")
    assert url == ("?anio=2010-2015&estado=32&fenomeno=geologico&anio_decl=2019-2025&socio=migrant&pesos=current"
                   "&necesidad=declaraciones&lang=en")
    echo = brechas.controls_to_url("pobreza", [2002, 2020], [2017, 2025], "", "", "", "total", "constant",
                                   "?pagina=2&x=1")
    assert echo is brechas.no_update


def test_gaps_download_is_the_table_with_the_synthetic_column(store):
    brechas = page("/brechas")
    data = brechas.download_csv(1, "?lang=en&anio=2018-2020")
    rows = pd.read_csv(pd.io.common.StringIO(data["content"].lstrip("\ufeff")), dtype=str)
    assert data["filename"] == "mapa3x1_brechas_pobreza_2018-2020_demostracion.csv"
    assert list(rows["INEGI key"]) == ["32001", "20001"]
    assert set(rows["Demonstration (synthetic) projects"]) == {"yes"}


@pytest.mark.parametrize("lang,word", [("es", "Proyectos 3x1"), ("en", "3x1 projects")])
def test_projects_page_renders_with_grid_and_notice(store, lang, word):
    from dashapp import ids
    proyectos = page("/proyectos")
    view = proyectos.layout(lang=lang, estado="32", zzz="1")
    assert word in text_of(view)
    grid = by_id(view, ids.PROJECTS_GRID)
    assert grid.rowModelType == "infinite"
    renderers = [c for col in grid.columnDefs for c in col.get("children", [col]) if "cellRenderer" in c]
    assert renderers == []  # user text is never rendered as HTML
    assert "sintéticos" in text_of(view) or "synthetic" in text_of(view)


def test_projects_page_empty_store_points_to_loading(store):
    proyectos = page("/proyectos")
    store(tiny_snapshot(with_projects=False))
    text = text_of(proyectos.layout(lang="es"))
    assert "todavía no tiene proyectos" in text


def test_projects_grid_answers_blocks_with_filter_and_sort(store):
    proyectos = page("/proyectos")
    answer = proyectos.rows_for_grid({"startRow": 0, "endRow": 2, "sortModel": [{"colId": "total_mxn", "sort": "desc"}],
                                      "filterModel": {}}, "?anio=2002-2020")
    assert answer["rowCount"] == 3 and [r["project_id"] for r in answer["rowData"]] == ["p1", "p3"]
    answer = proyectos.rows_for_grid({"startRow": 0, "endRow": 50, "filterModel": {
        "project_name": {"filterType": "text", "type": "contains", "filter": "EDUCACION"}}}, "")
    assert [r["project_id"] for r in answer["rowData"]] == ["p2"]  # accents and case ignored


def test_projects_download_is_exactly_the_grid_rows(store):
    proyectos = page("/proyectos")
    request = {"filterModel": {"total_mxn": {"filterType": "number", "type": "greaterThan", "filter": 200000}},
               "sortModel": [{"colId": "total_mxn", "sort": "asc"}]}
    data = proyectos.export("csv", request, "?estado=32")
    csv = pd.read_csv(pd.io.common.StringIO(data["content"].lstrip("\ufeff")), dtype=str)
    assert list(csv["project_id"]) == ["p1"] and list(csv["is_synthetic"]) == ["true"]
    assert {"source_file", "source_row", "match_method"} <= set(csv.columns)
    assert data["filename"] == "mapa3x1_proyectos_estado-32_demostracion.csv"
    geo = json.loads(proyectos.export("geojson", request, "?lang=en")["content"])
    assert [f["properties"]["project_id"] for f in geo["features"]] == ["p3", "p1"]
    assert geo["features"][1]["properties"]["is_synthetic"] is True
    assert geo["features"][1]["properties"]["location"] == "locality"
    assert geo["notice"].startswith("Demonstration data")


def test_filter_and_sort_models_on_frames():
    frame = tiny_snapshot()["projects"]
    assert list(apply_filter_model(frame, {"total_mxn": {"filterType": "number", "type": "inRange", "filter": 100000,
                                                         "filterTo": 250000}})["project_id"]) == ["p2", "p3"]
    both = {"project_name": {"filterType": "text", "operator": "OR", "conditions": [
        {"type": "startsWith", "filter": "red"}, {"type": "endsWith", "filter": "ción"}]}}
    assert list(apply_filter_model(frame, both)["project_id"]) == ["p1", "p3"]
    assert list(apply_filter_model(frame, {"locality_name": {"type": "blank"}})["project_id"]) == ["p2", "p3"]
    assert list(apply_filter_model(frame, {"nope": {"type": "equals", "filter": "x"}})["project_id"]) == ["p1", "p2", "p3"]
    assert list(apply_sort_model(frame, [{"colId": "municipality_name", "sort": "asc"}])["project_id"])[0] == "p3"


def test_table_rows_follow_the_pesos_and_the_selected_municipality():
    snap = tiny_snapshot()
    snap.tables["deflators"].loc[snap["deflators"]["year"] == 2005, "factor_to_base"] = 2.0
    constant = table_rows(snap, Filters()).set_index("project_id")
    current = table_rows(snap, Filters(pesos="current")).set_index("project_id")
    assert constant.at["p1", "total_mxn"] == 800000.0 and current.at["p1", "total_mxn"] == 400000.0
    assert list(table_rows(snap, Filters(selected="20001"))["project_id"]) == ["p3"]
    assert grid_rows(snap, Filters(state="20"), {"startRow": 0, "endRow": 10})["rowCount"] == 1


def test_projects_controls_keep_the_selection_and_write_pesos(store):
    proyectos = page("/proyectos")
    url = proyectos.controls_to_url([2002, 2020], "", "", "current", "?sel=32001&lang=en")
    assert url == "?pesos=current&sel=32001&lang=en"
    assert proyectos.controls_to_url([2002, 2020], "", "", "constant", "?sel=32001") is proyectos.no_update
    view = proyectos.layout(lang="es", sel="32001")
    assert "Solo el municipio Apozol (32001)." in text_of(view)


@pytest.mark.parametrize("lang,words", [("es", ["Datos y método", "Cómo cargar una lista real", "EJERCICIO",
                                                "La ausencia de registros no significa ausencia de violencia"]),
                                        ("en", ["Data and method", "How to load a real list", "APORTACIÓN FEDERAL",
                                                "Absence of records does not mean absence of violence"])])
def test_data_page_renders_in_both_languages(store, lang, words):
    datos = page("/datos")
    view = datos.layout(lang=lang, whatever="1")
    text = text_of(view)
    for word in words:
        assert word in text
    assert "mapa3x1 build --projects" in text
    assert by_id(view, "cargar") is not None
    links = [c.href for c in _walk(view) if type(c).__name__ == "A" and getattr(c, "href", "").startswith("http")]
    assert links == ["https://example.org/nota"]  # the javascript: link is shown as text only


def test_coverage_counts_municipalities_with_a_value():
    coverage = indicator_coverage(tiny_snapshot())
    assert coverage[["year", "municipalities", "total"]].values.tolist() == [[2010, 1, 2], [2020, 1, 2]]
    assert safe_url(" https://x.org ") == "https://x.org" and safe_url("javascript:alert(1)") is None


# --- the first view rendered into the layout (dashapp/first_view.py) ------------------------------

def test_the_opened_address_comes_only_from_a_same_host_referrer():
    from dashapp.first_view import Address, address_from_referrer

    assert address_from_referrer("http://h:8050/datos?lang=en&x=1", "h:8050") == Address("/datos", "?lang=en&x=1")
    assert address_from_referrer("https://h/", "h") == Address("/", "")
    assert address_from_referrer("http://h/datos?lang=en", "h").query == {"lang": "en"}
    for foreign in (None, "", "http://evil.example/datos", "javascript:alert(1)", "http://h:9/", "ftp://h/x"):
        assert address_from_referrer(foreign, "h") is None, foreign


def _ids(component) -> dict:
    return {c.id: c for c in _walk(component) if isinstance(getattr(c, "id", None), str)}


def test_the_layout_request_gets_the_opened_page_inside_the_frame(app, store):
    from dashapp.app import shell

    with app.server.test_request_context("/_dash-layout", base_url="http://h",
                                         headers={"Referer": "http://h/datos?lang=en"}):
        frame = _ids(shell())
    assert frame["_pages_location"].pathname == "/datos" and frame["_pages_location"].search == "?lang=en"
    assert frame["url"].pathname == "/datos" and frame["url"].search == "?lang=en"
    assert "Data and method" in text_of(frame["_pages_content"])  # the page, in English, already there
    assert frame["search-label"].children == "Search municipality or locality"  # the box in the page's language
    assert "app-header" not in frame  # the header is plain HTML in the index page (dashapp/chrome.py)
    assert frame["_pages_store"].data["title"] == "Data and method · 3x1 Map"  # the tab, in English too


def test_the_tab_title_is_in_the_pages_language(app, store):
    import dash

    from dashapp.first_view import Address, render_page

    assert render_page(Address("/proyectos", ""))[1] == "Proyectos · Mapa 3x1"
    assert render_page(Address("/proyectos", "?lang=en"))[1] == "Projects · 3x1 Map"
    assert render_page(Address("/brechas", "?lang=en"))[1] == "Gaps · 3x1 Map"
    assert render_page(Address("/", "?lang=en"))[1] == "3x1 Map"
    assert render_page(Address("/no/such/page", "?lang=en"))[1] == "3x1 Map"
    tables = dict(tiny_snapshot().tables)
    tables["municipalities"] = tables["municipalities"].assign(area_km2=[100.0, 200.0])
    store(Snapshot(tables=tables, version="v1"))
    title = next(e for e in dash.page_registry.values() if e.get("path_template") == "/municipio/<cvegeo>")["title"]
    assert title(cvegeo="32001", lang="en") == "Apozol, Zacatecas · 3x1 Map"  # as first_view calls it
    assert title(cvegeo="32001") == title(cvegeo="32001", lang="xx") == "Apozol, Zacatecas · Mapa 3x1"


def test_the_index_page_carries_the_header_banner_and_footer_in_the_pages_language(app, store):
    client = app.server.test_client()
    html_es = client.get("/datos").get_data(as_text=True)
    assert '<html lang="es">' in html_es
    assert '<a href="/datos?lang=en" id="lang-switch"' in html_es and ">English</a>" in html_es
    assert 'id="demo-banner"' in html_es and "demostración" in html_es  # the tiny store's projects are synthetic
    header, rest = html_es.split('<div id="react-entry-point">')
    assert 'id="app-header"' in header and 'id="app-footer"' in rest.split("<script")[0]

    html_en = client.get("/brechas?lang=en&anio=2018-2020").get_data(as_text=True)
    assert '<html lang="en">' in html_en and ">Gaps</a>" in html_en and "Demonstration data" in html_en
    assert 'href="/brechas?anio=2018-2020" id="lang-switch"' in html_en  # the view is kept, in Spanish

    store(tiny_snapshot(with_projects=False))
    hostile = client.get('/municipio/x"><script>alert(1)</script>?lang=en&q=<b>').get_data(as_text=True)
    header = hostile.split('<div id="react-entry-point">')[0]
    assert "<script>alert(1)" not in header and "<b>" not in header  # the address is escaped, never markup
    assert 'id="demo-banner"' not in header  # no synthetic projects, no banner


def test_without_a_store_the_banner_says_so(tmp_path):
    from dashapp.app import Settings, create_app

    client = create_app(Settings(db_url=f"sqlite:///{tmp_path / 'none.sqlite'}", build_dir=tmp_path)).server.test_client()
    page_html = client.get("/?lang=en").get_data(as_text=True)
    assert 'class="demo-banner error"' in page_html and "mapa3x1 build" in page_html
    assert 'rel="preload"' not in page_html  # no layer to preload without a store


def test_without_a_usable_referrer_the_frame_is_left_to_the_router(app, store):
    from dashapp.app import shell

    for headers in ({}, {"Referer": "http://elsewhere/datos"}):
        with app.server.test_request_context("/_dash-layout", base_url="http://h", headers=headers):
            frame = _ids(shell())
        assert getattr(frame["_pages_location"], "pathname", None) is None
        assert getattr(frame["_pages_content"], "children", None) is None


def test_a_page_that_fails_in_the_first_view_is_left_to_the_router(app, store, monkeypatch):
    from dashapp import first_view

    def broken(address):
        raise RuntimeError("boom")

    monkeypatch.setattr(first_view, "render_page", broken)
    frame = _ids(first_view.page_frame(first_view.Address("/datos", "")))
    assert getattr(frame["_pages_content"], "children", None) is None


def test_an_unknown_address_renders_the_not_found_page(app, store):
    from dashapp.first_view import Address, render_page

    layout, _ = render_page(Address("/no/such/page", "?lang=en"))
    text = text_of(layout)  # in the language asked for, with the way back to the map in that language
    assert "Page not found" in text and "This address does not exist" in text and "no existe" not in text
    assert any(getattr(c, "href", None) == "/?lang=en" for c in _walk(layout))


def test_each_address_is_rendered_once_per_store(app, store, monkeypatch):
    from dashapp import first_view
    from dashapp.first_view import Address, render_page

    rendered = []
    real = first_view._render
    monkeypatch.setattr(first_view, "_render", lambda address: rendered.append(address) or real(address))
    first = render_page(Address("/datos", "?lang=en"))
    again = render_page(Address("/datos", "?lang=en"))
    assert rendered == [Address("/datos", "?lang=en")]  # the second answer was remembered
    assert again[1] == first[1] and text_of(again[0]) == text_of(first[0])
    render_page(Address("/datos", ""))
    store(tiny_snapshot())  # a rebuilt store: rendered again
    render_page(Address("/datos", "?lang=en"))
    assert rendered == [Address("/datos", "?lang=en"), Address("/datos", ""), Address("/datos", "?lang=en")]


def test_the_combined_finder_renders_its_criteria_and_formula(store):
    brechas = page("/brechas")
    view = brechas.layout(necesidad="combinada", criterios="pobreza:2,marginacion:1", umbral="pobreza:30",
                          lang="en")
    text = text_of(view)
    assert "Score = (2 × poverty (%) + 1 × marginalization grade) / 3" in text
    assert "Thresholds: poverty (%) ≥ 30." in text and "Priority score (0 to 1)" in text
    weight = by_id(view, {"type": "finder-weight", "slug": "pobreza"})
    assert weight.value == 2.0 and by_id(view, {"type": "finder-min", "slug": "pobreza"}).value == 30.0
    bad = text_of(brechas.layout(necesidad="combinada", criterios="pobreza:abc", umbral="riqueza:1"))
    assert "Parámetros no válidos, ignorados: criterios, umbral." in bad  # the page says what it dropped
    assert "Puntaje = (1 × pobreza (%) + 1 × grado de marginación) / 2" in bad  # and uses the defaults


def test_finder_controls_write_the_query_and_ignore_echoes(store):
    brechas = page("/brechas")
    ids_ = [{"type": "finder-weight", "slug": s} for s in ("pobreza", "homicidios")]
    mins = [{"type": "finder-min", "slug": s} for s in ("pobreza", "homicidios")]
    search = brechas.finder_to_url([1, 3], [None, "10"], ["declaraciones"], ids_, mins, "?necesidad=combinada&lang=en")
    assert search == ("?necesidad=combinada&lang=en&criterios=pobreza%3A1%2Chomicidios%3A3&umbral=homicidios%3A10"
                      "&crisis=declaraciones")
    from dash import no_update
    assert brechas.finder_to_url([1, 3], [None, 10], ["declaraciones"], ids_, mins, search) is no_update


def test_the_data_page_lists_every_api_route_with_an_example(app, store):
    datos = page("/datos")
    examples = [example for _key, example in datos.API_EXAMPLES]
    routes = {r.rule for r in app.server.url_map.iter_rules() if r.rule.startswith("/api/") and "<path:" not in r.rule}
    for route in routes:
        prefix = route.split("<")[0]
        assert any(e.split("?")[0].startswith(prefix) for e in examples), f"{route} has no example on /datos"
    text = text_of(datos.layout(lang="en"))
    assert "Open-data API" in text and "C = 1 − 2A" in text

"""The read-only API and the hometown page over a tiny store built in tmp_path (no big build needed).

The store holds four municipalities (Jerez 32020 among them), synthetic and real projects (one with
a formula-like name and club), two declarations and a few quarters of remittances.
"""
from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import json

import dash
import pandas as pd
import pytest

from dashapp.app import Settings, create_app
from store.database import default_url, replacing_store, write_tables
from store.schema import metadata
from tests.crisis_coverage import declared_coverage

PROJECT_COLUMNS = [c.name for c in metadata.tables["projects"].columns]
EVIL_NAME = '=HYPERLINK("http://evil.example","clic")'
MUNIS = [  # cvegeo, name, state, population, lon, lat
    ("32020", "Jerez", "Zacatecas", 60000, -103.0, 22.7),
    ("32010", "Fresnillo", "Zacatecas", 240000, -102.9, 23.2),
    ("20397", "Heroica Ciudad de Tlaxiaco", "Oaxaca", 40000, -97.7, 17.3),
    ("14039", "Guadalajara", "Jalisco", 1400000, -103.35, 20.67),
]
POVERTY_2020 = {"32020": 45.5, "32010": 30.0, "20397": 54.4, "14039": 20.0}
GRADE_2020 = {"32020": (1, "Muy bajo"), "32010": (2, "Bajo"), "20397": (3, "Medio"), "14039": (1, "Muy bajo")}


def _project(pid, year, cvegeo, synthetic, total, loc=None, loc_name=None, name="Pavimentación", club="Club Jerez",
             source=("demo:generated", None, "synthetic", None)) -> dict:
    muni = next(m for m in MUNIS if m[0] == cvegeo)
    quarter = total / 4
    return {"project_id": pid, "fiscal_year": year, "cvegeo": cvegeo, "state_name": muni[2],
            "municipality_name": muni[1], "locality_name": loc_name, "cvegeo_loc": loc, "project_name": name,
            "project_type": "calles, banquetas y parques", "project_category": "infraestructura social básica",
            "federal_mxn": quarter, "state_mxn": quarter, "municipal_mxn": quarter, "migrant_mxn": quarter,
            "total_mxn": total, "club_name": club, "club_us_state": "California", "beneficiaries": 100,
            "is_synthetic": synthetic, "source_file": source[0], "source_row": source[1], "match_method": source[2],
            "match_score": source[3], "split_flag": None, "has_missing_amount": False}


def tiny_tables() -> dict[str, pd.DataFrame]:
    munis = pd.DataFrame(MUNIS, columns=["cvegeo", "municipality_name", "state_name", "population_2020",
                                         "centroid_lon", "centroid_lat"])
    munis = munis.assign(cve_ent=munis["cvegeo"].str[:2], cve_mun=munis["cvegeo"].str[2:], geometry_source="test",
                         area_km2=100.0)
    catalog = pd.DataFrame([
        ("poverty_pct", "Población en situación de pobreza", "Population in poverty", "pct", True),
        ("marginalization_grade", "Grado de marginación", "Marginalization grade", "grade", True),
        ("homicide_rate_100k", "Tasa de homicidios", "Homicide rate", "per_100k", True),
    ], columns=["indicator_id", "label_es", "label_en", "unit", "higher_is_worse"]).assign(
        publisher="test", note_es=None, note_en=None)
    values = [(c, "poverty_pct", 2020, v, None) for c, v in POVERTY_2020.items()]
    values += [(c, "poverty_pct", 2010, v + 10, None) for c, v in POVERTY_2020.items()]
    values += [(c, "marginalization_grade", 2020, float(g), label) for c, (g, label) in GRADE_2020.items()]
    values += [("32020", "homicide_rate_100k", 2021, 53.4, None)]
    indicator_values = pd.DataFrame(values, columns=["cvegeo", "indicator_id", "year", "value", "category"]).assign(
        source_file="test.csv", source_row=range(2, len(values) + 2))
    projects = pd.DataFrame([
        _project("demo-1", 2015, "32020", True, 400_000.0, "320200025", "Ermita de los Correa", name=EVIL_NAME,
                 club="@SUM(A1)"),
        _project("demo-2", 2018, "32020", True, 800_000.0, name="-2+3 cancha"),
        _project("real-1", 2010, "14039", False, 1_000_000.0, source=("lista_2010.xlsx", 7, "exact", 100.0)),
        _project("real-2", 2005, "32010", False, 200_000.0, source=("lista_2005.xlsx", 3, "fuzzy", 91.0)),
    ], columns=PROJECT_COLUMNS)
    crisis = pd.DataFrame([
        (1, "sismos-2017", "32020", dt.date(2017, 9, 7), 2017, "sismo", "geológico", "desastre", "Sismo M8.2",
         dt.date(2017, 9, 20), "https://www.dof.gob.mx/nota_detalle.php?codigo=1", "Jerez"),
        (2, "dd-2019-001", "32020", None, 2019, "lluvia severa", "hidrometeorológico", "emergencia", None,
         None, "javascript:alert(1)", "Jerez"),
    ], columns=["event_id", "declaration_id", "cvegeo", "event_date", "year", "phenomenon", "phenomenon_group",
                "declaration_kind", "description", "dof_date", "dof_url", "name_as_published"]).assign(
        match_method="key", match_score=100.0, source_file="decl.csv", source_row=[2, 3])
    remittances = pd.DataFrame({"cvegeo": "32020", "period_start": [dt.date(2024, m, 1) for m in (1, 4, 7, 10)],
                                "year": 2024, "quarter": [1, 2, 3, 4], "amount_usd": [30e6, 31e6, 32e6, 33e6],
                                "source_file": "banxico.csv", "source_row": [2, 3, 4, 5]})
    return {
        "states": pd.DataFrame({"cve_ent": ["32", "20", "14"], "state_name": ["Zacatecas", "Oaxaca", "Jalisco"],
                                "state_abbr": ["Zac.", "Oax.", "Jal."]}),
        "municipalities": munis,
        "place_names": pd.DataFrame({"cvegeo": munis["cvegeo"], "name": munis["municipality_name"],
                                     "name_normalized": ["jerez", "fresnillo", "heroica ciudad de tlaxiaco",
                                                         "guadalajara"], "name_source": "canonical"}),
        "localities": pd.DataFrame({"cvegeo_loc": ["320200001", "320200025"], "cvegeo": "32020",
                                    "locality_name": ["Jerez de García Salinas", "Ermita de los Correa"],
                                    "locality_name_normalized": ["jerez de garcia salinas", "ermita de los correa"],
                                    "ambito": ["URBANO", "RURAL"], "lon": [-102.99, -103.0159],
                                    "lat": [22.65, 22.9049], "population": [46132, 919],
                                    "source_file": "loc.csv", "source_row": [2, 3]}),
        "indicator_catalog": catalog,
        "indicator_values": indicator_values,
        "projects": projects,
        "crisis_coverage": declared_coverage(), "crisis_events": crisis,
        "remittances_municipal": remittances,
        "deflators": pd.DataFrame({"year": [2005, 2010, 2015, 2018], "inpc_annual_mean": [60.0, 75.0, 87.0, 100.0],
                                   "months": 12, "base_year": 2018, "factor_to_base": [1.6, 1.3, 1.15, 1.0]}),
        "build_info": pd.DataFrame({"key": ["built_at", "constant_pesos_base_year"],
                                    "value": ["2026-01-01T00:00:00+00:00", "2018"]}),
    }


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    build_dir = tmp_path_factory.mktemp("tiny_store")
    url = default_url(build_dir)
    with replacing_store(url) as conn:
        write_tables(conn, tiny_tables())
    return create_app(Settings(db_url=url, build_dir=build_dir))


@pytest.fixture(scope="module")
def client(app):
    return app.server.test_client()


def _csv(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


# --- /api/municipios/<CVEGEO> -------------------------------------------------------------------

def test_profile_names_jerez_zacatecas_with_indicators_and_a_synthetic_notice(client):
    response = client.get("/api/municipios/32020?lang=en")
    assert response.status_code == 200 and response.mimetype == "application/json"
    body = response.get_json()
    assert (body["municipality_name"], body["state_name"], body["population_2020"]) == ("Jerez", "Zacatecas", 60000)
    poverty = body["indicators"]["poverty_pct"]
    assert poverty["unit"] == "pct" and poverty["values"]["2020"]["value"] == 45.5
    assert poverty["values"]["2010"]["value"] == 55.5
    assert body["indicators"]["marginalization_grade"]["values"]["2020"]["category"] == "Muy bajo"
    assert body["projects"]["count"] == 2 and body["projects"]["synthetic_count"] == 2
    assert body["is_synthetic_projects"] is True and "synthetic" in body["notice"]
    assert "synthetic" in response.headers["X-Mapa3x1-Notice"]
    assert body["declarations"]["count"] == 2
    assert body["remittances_usd"]["by_year"] == {"2024": 126e6}


def test_profile_weights_state_and_national_by_population(client):
    headline = {row["indicator_id"]: row for row in client.get("/api/municipios/32020").get_json()["headline"]}
    poverty = headline["poverty_pct"]
    assert poverty["comparison"] == "population_weighted_mean"
    assert poverty["state"]["value"] == pytest.approx((45.5 * 60000 + 30.0 * 240000) / 300000)
    total = sum(m[3] for m in MUNIS)
    national = sum(POVERTY_2020[m[0]] * m[3] for m in MUNIS) / total
    assert poverty["national"]["value"] == pytest.approx(national)
    grade = headline["marginalization_grade"]
    assert grade["comparison"] == "most_common_grade"
    assert (grade["national"]["category"], grade["national"]["share_pct"]) == ("Muy bajo", 50.0)


def test_profile_of_a_municipality_with_real_projects_only_has_no_notice(client):
    body = client.get("/api/municipios/14039").get_json()
    assert body["is_synthetic_projects"] is False and "notice" not in body
    assert body["projects"]["count"] == 1


@pytest.mark.parametrize("key", ["3202", "320201", "abcde", "32O20", "٣٢٠٢٠", "%3Cscript%3E"])
def test_malformed_key_is_400(client, key):
    response = client.get(f"/api/municipios/{key}")
    assert response.status_code == 400 and response.get_json()["parameter"] == "cvegeo"


def test_unknown_key_is_404(client):
    response = client.get("/api/municipios/99999")
    assert response.status_code == 404 and response.mimetype == "application/json"
    assert client.get("/api/no-such-thing").status_code == 404


# --- /api/proyectos.csv and .geojson ------------------------------------------------------------

def test_projects_csv_has_the_contract_columns_and_one_header_line(client):
    response = client.get("/api/proyectos.csv?pesos=current")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == 'attachment; filename="mapa3x1_proyectos_demostracion.csv"'
    text = response.get_data(as_text=True)
    assert text.splitlines()[0].split(",") == PROJECT_COLUMNS
    rows = _csv(response)
    assert [r["project_id"] for r in rows] == ["real-2", "real-1", "demo-1", "demo-2"]
    real = next(r for r in rows if r["project_id"] == "real-1")
    assert (real["is_synthetic"], real["source_file"], real["source_row"], real["match_method"], real["match_score"]) \
        == ("false", "lista_2010.xlsx", "7", "exact", "100.0")
    assert float(real["total_mxn"]) == 1_000_000.0
    assert response.headers["X-Mapa3x1-Notice"].startswith("Datos de demostracion: 2 de 4 filas")
    assert response.headers["X-Mapa3x1-Pesos"] == "current"


def test_projects_csv_follows_the_pages_filters(client):
    rows = _csv(client.get("/api/proyectos.csv?estado=32&anio=2010-2018&pesos=current"))
    assert [r["project_id"] for r in rows] == ["demo-1", "demo-2"]
    constant = _csv(client.get("/api/proyectos.csv?estado=32&anio=2015"))
    assert [r["project_id"] for r in constant] == ["demo-1"]
    assert float(constant[0]["total_mxn"]) == pytest.approx(400_000 * 1.15)
    only = client.get("/api/proyectos.csv?sel=14039")
    assert [r["project_id"] for r in _csv(only)] == ["real-1"]
    assert "X-Mapa3x1-Notice" not in only.headers
    assert "municipio-14039" in only.headers["Content-Disposition"]
    empty = client.get("/api/proyectos.csv?estado=20")
    assert empty.status_code == 200 and empty.get_data(as_text=True).splitlines() == [",".join(PROJECT_COLUMNS)]


def test_projects_csv_neutralises_formulas_but_not_numbers(client):
    rows = {r["project_id"]: r for r in _csv(client.get("/api/proyectos.csv"))}
    assert rows["demo-1"]["project_name"] == "'" + EVIL_NAME
    assert rows["demo-1"]["club_name"] == "'@SUM(A1)"
    assert rows["demo-2"]["project_name"] == "'-2+3 cancha"
    assert not any(v.startswith(("=", "+", "-", "@")) for r in rows.values() for v in r.values())


def test_projects_geojson_points_at_the_locality_else_the_centroid(client):
    response = client.get("/api/proyectos.geojson?pesos=current")
    assert response.status_code == 200 and response.mimetype == "application/geo+json"
    assert response.headers["Content-Disposition"].endswith('.geojson"')
    body = json.loads(response.get_data(as_text=True))
    assert body["type"] == "FeatureCollection" and body["count"] == 4 and "2 de 4" in body["notice"]
    features = {f["properties"]["project_id"]: f for f in body["features"]}
    assert features["demo-1"]["geometry"]["coordinates"] == [-103.0159, 22.9049]
    assert features["demo-1"]["properties"]["location"] == "locality"
    assert features["demo-2"]["geometry"]["coordinates"] == [-103.0, 22.7]
    assert features["demo-2"]["properties"]["location"] == "municipality_centroid"
    props = features["real-2"]["properties"]
    assert props["is_synthetic"] is False and props["match_method"] == "fuzzy" and props["source_row"] == 3
    assert set(PROJECT_COLUMNS) <= set(props)
    english = json.loads(client.get("/api/proyectos.geojson?lang=en&sel=32020").get_data(as_text=True))
    assert english["notice"].startswith("Demonstration data: 2 of 2 rows")


@pytest.mark.parametrize("query, parameter", [
    ("anio=1999", "anio"), ("anio=2010-2005", "anio"), ("estado=99", "estado"), ("tipo=casas", "tipo"),
    ("pesos=dolares", "pesos"), ("sel=3202", "sel"),
])
def test_bad_parameters_are_400_naming_the_parameter(client, query, parameter):
    for path in ("/api/proyectos.csv", "/api/proyectos.geojson", "/api/municipios/32020"):
        response = client.get(f"{path}?{query}")
        assert response.status_code == 400, path
        assert response.get_json()["parameter"] == parameter


HOSTILE = [
    "/api/municipios/<script>alert(1)</script>", "/api/municipios/32020'%20OR%201=1--",
    "/api/municipios/" + "9" * 5000, "/api/municipios/%00", "/api/municipios/%F0%9F%92%A9",
    "/api/proyectos.csv?estado=32'%20OR%20'1'='1", "/api/proyectos.csv?anio=" + "2" * 10000,
    "/api/proyectos.csv?tipo=%3Cscript%3E", "/api/proyectos.geojson?sel=%D9%A3%D9%A2%D9%A0%D9%A2%D9%A0",
    "/api/proyectos.csv?estado=%D9%A3%D9%A2", "/api/proyectos.csv?anio=%EF%BC%92%EF%BC%90%EF%BC%91%EF%BC%90",
    "/api/proyectos.csv?lang=%00&pesos=current", "/api/brechas.csv?necesidad=%3Cscript%3E",
    "/api/brechas.csv?necesidad=pobreza&anio=2010-2018;DROP", "/api/../../etc/passwd", "/api/proyectos.csv/extra",
]


@pytest.mark.parametrize("url", HOSTILE)
def test_hostile_urls_never_give_a_server_error(client, url):
    response = client.get(url)
    assert response.status_code < 500
    assert "<script>" not in response.get_data(as_text=True) or response.mimetype == "application/json"


@pytest.mark.parametrize("url", ["/api/proyectos.csv", "/api/proyectos.geojson", "/api/municipios/32020"])
def test_responses_are_gzipped_when_asked(client, url):
    response = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert response.headers.get("Content-Encoding") == "gzip"
    assert gzip.decompress(response.get_data())


def test_gaps_csv_is_the_table_of_the_page(client, app):
    gaps = pytest.importorskip("dashapp.queries.gaps", reason="dashapp/queries/gaps.py (the gaps page) not there yet")
    response = client.get("/api/brechas.csv?necesidad=marginacion&lang=en")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert 'filename="mapa3x1_brechas_marginacion_demostracion.csv"' in response.headers["Content-Disposition"]
    with app.server.app_context():
        from dashapp.filters import Filters
        from dashapp.store import current_snapshot

        table = gaps.gaps_table(current_snapshot(), Filters(), "marginacion", "en")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0] == list(table.columns) and len(rows) == len(table) + 1
    assert client.get("/api/brechas.csv?necesidad=riqueza").status_code == 400


def test_gaps_csv_for_a_year_no_source_covers_says_no_data_not_zero(client):
    """The issue's case: declarations in 2018, which no crisis source covers."""
    response = client.get("/api/brechas.csv?necesidad=declaraciones&anio_decl=2018&lang=en")
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    need = next(c for c in rows[0] if c.startswith("Disaster or emergency declarations"))
    assert "No data: no declaration source covers 2018" in need
    assert rows and {r["Status"] for r in rows} == {"no data"}
    assert {r[need] for r in rows} == {""} and {r["Rank"] for r in rows} == {""}


def test_analysis_endpoints_answer_json_and_csv_and_400_for_bad_parameters(client):
    found = client.get("/api/analisis/focalizacion.json?capa=poverty_pct:2020&pesos=current")
    body = json.loads(found.get_data())
    assert found.status_code == 200 and body["indicator"] == "poverty_pct" and -1 <= body["index"] <= 1
    assert body["curve"][0] == [0.0, 0.0] and body["curve"][-1] == [1.0, 1.0] and body["is_synthetic_projects"]
    after = client.get("/api/analisis/despues.csv?ventana=1&pesos=current")
    rows = list(csv.DictReader(io.StringIO(after.get_data(as_text=True).lstrip("\ufeff"))))
    assert after.status_code == 200 and "ventana1_pesos_current" in after.headers["Content-Disposition"]
    assert {r["declaration_id"] for r in rows} == {"sismos-2017", "dd-2019-001"}
    assert client.get("/api/analisis/diaspora.csv").status_code == 200
    for url, param in (("/api/analisis/focalizacion.json?capa=population:2020", "capa"),
                       ("/api/analisis/focalizacion.json?capa=poverty_pct:1990", "capa"),
                       ("/api/analisis/focalizacion.json?pesos=nuevos", "pesos"),
                       ("/api/analisis/despues.csv?ventana=4", "ventana"),
                       ("/api/analisis/despues.csv?anio_decl=1990-1991", "anio_decl"),
                       ("/api/analisis/diaspora.csv?peso=1", "peso")):
        answer = client.get(url)
        assert answer.status_code == 400 and answer.get_json()["parameter"] == param, url


# --- the hometown page, called as a function ---------------------------------------------------

def _page_layout():
    page = next(p for p in dash.page_registry.values() if p.get("path_template") == "/municipio/<cvegeo>")
    return page["layout"]


def _texts(component) -> list[str]:
    """Every string child in a Dash component tree."""
    if isinstance(component, str):
        return [component]
    if isinstance(component, (list, tuple)):
        return [t for c in component for t in _texts(c)]
    children = getattr(component, "children", None)
    return _texts(children) if children is not None else []


def _hrefs(component) -> list[str]:
    found = [component.href] if getattr(component, "href", None) else []
    children = getattr(component, "children", None)
    for child in children if isinstance(children, (list, tuple)) else [children]:
        if child is not None and not isinstance(child, str):
            found += _hrefs(child)
    return found


def test_page_names_jerez_zacatecas_with_projects_declarations_and_share_link(app):
    with app.server.test_request_context("/"):
        page = _page_layout()(cvegeo="32020", loc="320200025")
    texts = " ".join(_texts(page))
    assert "Jerez, Zacatecas" in texts and "Ermita de los Correa" in texts
    assert "sintético" in texts and EVIL_NAME in texts  # user text stays text
    assert "Sismo" in texts and "Emergencia" not in texts  # declarations listed, kinds in Spanish
    hrefs = _hrefs(page)
    assert "https://www.dof.gob.mx/nota_detalle.php?codigo=1" in hrefs
    assert not any(h.startswith("javascript:") for h in hrefs)
    assert "/api/proyectos.csv?sel=32020" in hrefs


def test_page_says_which_years_the_declaration_sources_cover(app):
    with app.server.test_request_context("/"):
        jerez = " ".join(_texts(_page_layout()(cvegeo="32020")))
        quiet = " ".join(_texts(_page_layout()(cvegeo="32010", lang="en")))
    assert "Sin datos para 2002–2016, 2018" in jerez and "2017: solo los sismos del 7 y 19 de septiembre" in jerez
    assert "No declaration recorded for this municipality in the years the sources cover (2017, 2019–2025)" in quiet
    assert "No data for 2002–2016, 2018" in quiet


def test_page_in_english_and_with_junk_parameters(app):
    from plotly.utils import PlotlyJSONEncoder

    with app.server.test_request_context("/"):
        page = _page_layout()(cvegeo="32020", lang="en", anio="abc", pesos=["x", "y"], loc="<b>", foo="bar")
        plain = _page_layout()(cvegeo="32020", lang="en")
    texts = " ".join(_texts(page))
    assert "Key indicators" in texts and "synthetic" in texts and "Earthquake" in texts
    # the junk is ignored: the page is the plain English page, component for component, and echoes none of it
    assert json.dumps(page, cls=PlotlyJSONEncoder) == json.dumps(plain, cls=PlotlyJSONEncoder)
    assert "<b>" not in json.dumps(page, cls=PlotlyJSONEncoder)


@pytest.mark.parametrize("key", ["99999", "jerez", "<script>", "", None, "3" * 500])
def test_unknown_or_malformed_key_gives_a_friendly_page(app, key):
    with app.server.test_request_context("/"):
        page = _page_layout()(cvegeo=key)
    texts = " ".join(_texts(page))
    assert "No encontramos ese municipio" in texts
    if key == "jerez":
        assert "Jerez" in texts and "/municipio/32020" in _hrefs(page)


def test_an_empty_projects_table_gives_friendly_states(tmp_path):
    tables = tiny_tables()
    tables["projects"] = tables["projects"].iloc[0:0]
    url = default_url(tmp_path)
    with replacing_store(url) as conn:
        write_tables(conn, tables)
    app = create_app(Settings(db_url=url, build_dir=tmp_path))
    client = app.server.test_client()
    body = client.get("/api/municipios/32020").get_json()
    assert body["projects"]["count"] == 0 and body["is_synthetic_projects"] is False and "notice" not in body
    response = client.get("/api/proyectos.csv")
    assert response.status_code == 200 and "X-Mapa3x1-Notice" not in response.headers
    assert response.get_data(as_text=True).splitlines() == [",".join(PROJECT_COLUMNS)]
    assert json.loads(client.get("/api/proyectos.geojson").get_data(as_text=True))["features"] == []
    with app.server.test_request_context("/"):
        texts = " ".join(_texts(_page_layout()(cvegeo="32020")))
    assert "todavía no tiene una lista de proyectos" in texts and "Jerez, Zacatecas" in texts

"""The explorer `/`: restyle payloads in feature order, classes, crisis bitmasks, money, URL state, callbacks."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from dash._utils import to_json

from dashapp.browser_contract import CONTROLS, TABLE_COLUMNS
from dashapp.filters import Filters
from dashapp.pages._explorer_map import MEXICO, filters_from, filters_of, overlays_of, page_query, \
    parse_overlays, parse_view
from dashapp.pages._explorer_view import class_labels, format_value, money_text, table, year_options
from dashapp.queries import explorer as q
from dashapp.queries import explorer_money as m
from dashapp.queries.projects import money_by_municipality
from dashapp.store import CONFIG_KEY, FixedReader, Snapshot
from tests.crisis_coverage import declared_coverage

MONEY = ["federal_mxn", "state_mxn", "municipal_mxn", "migrant_mxn", "total_mxn"]


def _project(pid, year, cvegeo, total, category="infraestructura social básica", loc=None):
    return {"project_id": pid, "fiscal_year": year, "cvegeo": cvegeo, "project_category": category,
            "cvegeo_loc": loc, "federal_mxn": total / 4, "state_mxn": total / 4, "municipal_mxn": total / 4,
            "migrant_mxn": total / 4, "total_mxn": total, "is_synthetic": 1}


def snapshot(projects: list[dict] | None = None) -> Snapshot:
    """Three municipalities, deliberately unsorted: 32002 Jerez <b>, 20001 Abejones, 32001 Apozol."""
    munis = pd.DataFrame({"cvegeo": ["32002", "20001", "32001"], "cve_ent": ["32", "20", "32"],
                          "state_name": ["Zacatecas", "Oaxaca", "Zacatecas"],
                          "municipality_name": ["Jerez <b>", "Abejones", "Apozol"],
                          "population_2020": [50000.0, None, 1000.0], "centroid_lon": [-103.0, -96.6, -103.1],
                          "centroid_lat": [22.6, 17.4, 21.4], "area_km2": [100.0, 50.0, 30.0]})
    values = pd.DataFrame({
        "cvegeo": ["32001", "32002", "20001", "32001", "32002", "20001"],
        "indicator_id": ["poverty_pct"] * 3 + ["marginalization_grade"] * 3,
        "year": [2020] * 6, "value": [15.0, 85.0, np.nan, 5.0, 2.0, 4.0],
        "category": [None, None, None, "Muy alto", "Bajo", "Alto"]})
    rows = projects if projects is not None else [
        _project("p1", 2005, "32001", 400_000.0, loc="320010001"), _project("p2", 2015, "32001", 100_000.0),
        _project("p3", 2018, "20001", 900_000.0, category="proyectos educativos"),
    ]
    frame = pd.DataFrame(rows, columns=["project_id", "fiscal_year", "cvegeo", "project_category", "cvegeo_loc",
                                        *MONEY, "is_synthetic"])
    return Snapshot(tables={
        "municipalities": munis,
        "states": pd.DataFrame({"cve_ent": ["20", "32"], "state_name": ["Oaxaca", "Zacatecas"],
                                "state_abbr": ["Oax.", "Zac."]}),
        "indicator_values": values,
        "projects": frame,
        "crisis_coverage": declared_coverage(), "crisis_events": pd.DataFrame({
            "declaration_id": ["d1", "d1", "d2", "d3"], "cvegeo": ["32001", "20001", "32001", "32002"],
            "year": [2017, 2017, 2019, 2024],
            "phenomenon_group": ["geológico", "geológico", "hidrometeorológico", "incendio"]}),
        "deflators": pd.DataFrame({"year": list(range(2002, 2021)), "factor_to_base": [2.0] * 19}),
        "localities": pd.DataFrame({"cvegeo_loc": ["320010001"], "cvegeo": ["32001"],
                                    "locality_name": ["La <script>Tiricia</script>"], "lon": [-103.09],
                                    "lat": [21.43]}),
        "build_info": pd.DataFrame({"key": ["constant_pesos_base_year"], "value": ["2018"]}),
    }, version="v1")


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    from dashapp.app import Settings, create_app

    folder = tmp_path_factory.mktemp("store")
    return create_app(Settings(db_url=f"sqlite:///{folder / 'none.sqlite'}", build_dir=folder))


@pytest.fixture(scope="module")
def page(app):
    """The explorer module as Dash loaded it (the app must exist before a page registers)."""
    import sys

    import dash

    entry = next(e for e in dash.page_registry.values() if e["path"] == "/")
    return sys.modules[entry["module"]]


class MissingReader:
    """The reader of an app whose store was never built."""

    def snapshot(self) -> Snapshot:
        raise FileNotFoundError("no store")


@pytest.fixture
def use(app):
    """Run the test inside a request of the app; `use(reader)` hands the app what it reads."""
    def hand_in(reader):
        app.server.config[CONFIG_KEY] = reader
    with app.server.test_request_context():
        yield hand_in


@pytest.fixture
def store(page, use):
    snap = snapshot()
    use(FixedReader(snap))
    return snap


# an EX_FILTERS store: the controls' values by the keys of browser_contract.CONTROLS
VALUES = {"layer": "poverty_pct", "layerYear": 2020, "years": [2002, 2020], "state": "", "category": "",
          "phenomenon": "", "crisisYears": [2017, 2025], "partner": "total", "mode": "total", "pesos": "constant"}


# --- queries ------------------------------------------------------------------------------------

def test_feature_order_is_the_sorted_cvegeo():
    assert list(q.keys(snapshot())) == ["20001", "32001", "32002"]


def test_parse_layer_takes_the_years_the_store_has():
    base = snapshot()
    extra = pd.DataFrame({"cvegeo": ["32001"] * 3, "year": [2010, 2013, 2014], "value": [1.0, 2.0, 3.0],
                          "indicator_id": ["poverty_pct", "remittances_usd_per_person", "remittances_usd_per_person"],
                          "category": None})
    snap = Snapshot(tables={**base.tables, "indicator_values": pd.concat([base["indicator_values"], extra])},
                    version="v2")
    poverty, grade = q.LAYERS["poverty_pct"], q.LAYERS["marginalization_grade"]
    assert snap.indicator_years["poverty_pct"] == (2010, 2020) and q.layer_years(snap, grade) == (2020,)
    assert q.parse_layer(snap, None) == q.parse_layer(snap, "nonsense:2020") == (poverty, 2020)
    assert q.parse_layer(snap, "poverty_pct:2010") == (poverty, 2010)
    assert q.parse_layer(snap, "poverty_pct:2015") == (poverty, 2020)  # an edition this store lacks: the latest
    assert q.parse_layer(snap, "marginalization_grade:1999") == (grade, 2020)
    assert q.parse_layer(snap, "remittances_usd_per_person:2013")[1] == 2013
    assert q.parse_layer(snap, "remittances_usd_per_person:2020")[1] == 2014
    assert q.parse_layer(snap, "homicide_rate_100k:2021") == (q.LAYERS["homicide_rate_100k"], None)  # none here
    assert [o["value"] for o in year_options(poverty, q.layer_years(snap, poverty), "es")] == [2020, 2010]
    assert year_options(q.LAYERS["homicide_rate_100k"], (2021,), "en")[0]["value"] == 2021
    assert year_options(q.LAYERS["homicide_rate_100k"], (), "en") == []


def test_classify_uses_the_breaks_and_the_grades():
    pct = q.LAYERS["poverty_pct"]  # breaks 20, 40, 60, 80
    assert list(q.classify(np.array([0, 19.9, 20, 79.9, 80, 100, np.nan]), pct)) == [0, 0, 1, 3, 4, 4, -1]
    migration = q.LAYERS["migration_intensity_grade"]  # grades 0 (Nulo) .. 5
    assert list(q.classify(np.array([0, 5, np.nan]), migration)) == [0, 5, -1]


def test_need_style_is_one_character_per_municipality_in_feature_order():
    style = q.need_style(snapshot(), q.LAYERS["poverty_pct"], 2020)
    assert style["k"] == "x04"  # 20001 no data, 32001 15 % -> class 0, 32002 85 % -> class 4
    assert style["v"] == [None, 15.0, 85.0]
    assert style["counts"] == [1, 0, 0, 0, 1, 1]  # five classes, then no data
    grade = q.need_style(snapshot(), q.LAYERS["marginalization_grade"], 2020)
    assert grade["k"] == "341" and grade["v"] is None  # grade labels come from the legend


def test_crisis_codes_combine_groups_within_the_chosen_years():
    snap = snapshot()
    assert q.crisis_codes(snap, Filters()) == "134"  # 32001: geológico 2017 + hidrometeorológico 2019
    assert q.crisis_codes(snap, Filters(crisis_years=(2017, 2017))) == "110"
    assert q.crisis_codes(snap, Filters(phenomenon="incendio")) == "004"
    assert q.crisis_codes(snap, Filters(state="32")) == "034"


@pytest.mark.parametrize("pesos", ["constant", "current"])
def test_money_arrays_match_the_shared_money_by_municipality(pesos):
    snap = snapshot()
    filters = Filters(pesos=pesos, years=(2004, 2020))
    arrays = m.money_arrays(snap, filters)
    shared = money_by_municipality(snap, filters).set_index("cvegeo").reindex(q.keys(snap)).fillna(0)
    assert list(arrays["projects"]) == list(shared["projects"].astype(int))
    assert np.allclose(arrays["total"], shared["total_mxn"]) and np.allclose(arrays["migrant"], shared["migrant_mxn"])
    assert arrays["total"][1] == (1_000_000.0 if pesos == "constant" else 500_000.0)


def test_circles_scale_by_the_square_root_and_per_person_needs_population():
    r, top = m.radii(np.array([400.0, 100.0, 0.0, np.nan]))
    assert top == 400 and r == [q.MAX_RADIUS, q.MAX_RADIUS / 2, 0, 0]
    per_person = m.money_style(snapshot(), Filters(money_mode="per_capita", pesos="current"))
    assert per_person["m"] == [0, 500.0, 0]  # 20001 has no population: no circle, not zero-divided
    assert m.money_style(snapshot(), Filters(pesos="current"))["m"] == [900_000, 500_000, 0]


def test_summary_counts_and_the_high_marginality_share():
    numbers = m.summary(snapshot(), Filters(pesos="current"))
    assert numbers["projects"] == 3 and numbers["municipalities"] == 2
    assert numbers["total"] == pytest.approx(1_400_000) and numbers["migrant"] == pytest.approx(350_000)
    assert numbers["high_marginality_pct"] == pytest.approx(100 * 1_400_000 / 1_400_000)  # grades 5 and 4
    only_zac = m.summary(snapshot(), Filters(pesos="current", state="32"))
    assert only_zac["high_marginality_pct"] == pytest.approx(100.0)  # 32001 is grade 5
    empty = m.summary(snapshot(projects=[]), Filters())
    assert empty["projects"] == 0 and empty["high_marginality_pct"] is None and not empty["synthetic"]


def test_table_frame_sorts_and_filters_like_the_map():
    snap = snapshot()
    layer, year = q.parse_layer(snap, "poverty_pct:2020")
    need = m.table_frame(snap, Filters(), layer, year, "need")
    assert list(need["cvegeo"]) == ["32002", "32001", "20001"]  # no data last
    money = m.table_frame(snap, Filters(), layer, year, "money")
    assert list(money["cvegeo"][:2]) == ["20001", "32001"]  # constant pesos (factor 2): 1.8 M, 1.0 M
    assert list(m.table_frame(snap, Filters(state="20"), layer, year)["cvegeo"]) == ["20001"]
    assert list(m.table_frame(snap, Filters(), layer, year, "declarations")["declarations"]) == [2, 1, 1]


def test_localities_only_for_a_selection_or_a_state():
    snap = snapshot()
    assert q.localities_geojson(snap, Filters(), None)["features"] == []
    features = q.localities_geojson(snap, Filters(), "32001")["features"]
    assert features[0]["properties"] == {"n": "La <script>Tiricia</script>", "p": 1, "m": 800_000}
    assert features[0]["geometry"]["coordinates"] == [-103.09, 21.43]
    assert len(q.localities_geojson(snap, Filters(state="32"), None)["features"]) == 1


def test_nearest_state_and_facts():
    snap = snapshot()
    assert q.nearest_state(snap, 17.5, -96.5) == "20"
    assert q.nearest_state(snap, 22.0, -103.0) == "32"
    facts = {layer.indicator_id: (year, value) for layer, year, value in q.facts(snap, "32002")}
    assert facts == {"poverty_pct": (2020, 85.0), "marginalization_grade": (2020, 2.0)}


# --- text and URL -------------------------------------------------------------------------------

def test_labels_in_both_languages():
    assert class_labels(q.LAYERS["poverty_pct"], "es")[0] == "< 20\u00a0%"
    assert class_labels(q.LAYERS["marginalization_grade"], "en") == ["Very low", "Low", "Medium", "High",
                                                                     "Very high"]
    assert format_value(q.LAYERS["marginalization_grade"], 5.0, "es") == "Muy alto"
    assert format_value(q.LAYERS["poverty_pct"], None, "en") == "—"
    assert money_text(0.099, "es", per_person=True) == "$0.10" and money_text(0.099, "en", True) == "MX$0.10"
    assert money_text(1234.4, "es", per_person=True) == "$1,234"


def test_page_query_leaves_defaults_out_and_round_trips():
    assert page_query(Filters(layer="poverty_pct:2020"), ["inv", "crisis", "loc"], {"lat": 23.6, "lng": -102.5},
                      5, "need", "es") == ""
    filters = Filters(years=(2010, 2015), state="32", category="educativos", phenomenon="geologico",
                      crisis_years=(2017, 2017), partner="migrant", money_mode="per_capita", pesos="current",
                      layer="marginalization_grade:2015", selected="32001")
    text = page_query(filters, ["crisis"], {"lat": 22.812345, "lng": -102.5}, 8, "money", "en")
    query = dict(pair.split("=", 1) for pair in text.lstrip("?").split("&"))
    assert query["vista"] == "22.8123%2C-102.5%2C8" and query["ver"] == "crisis" and query["orden"] == "money"
    from urllib.parse import parse_qsl
    assert Filters.lenient(dict(parse_qsl(text.lstrip("?")))) == filters


def test_view_and_overlays_from_the_url_are_tolerant():
    assert parse_view("22.8,-102.6,8") == (22.8, -102.6, 8)
    assert parse_view("91,0,8") is None and parse_view("a,b,c") is None and parse_view(None) is None
    assert parse_overlays(None) == ["inv", "crisis", "loc"]
    assert parse_overlays("crisis,bogus") == ["crisis"] and parse_overlays("ninguna") == []


def test_controls_become_lenient_filters():
    filters = filters_of([2010, 2012], "32", "", "nonsense", [2017, 2025], "federal", "total", "current",
                         layer="poverty_pct", year=2015)
    assert filters.years == (2010, 2012) and filters.state == "32" and filters.phenomenon is None
    assert filters.partner == "federal" and filters.layer == "poverty_pct:2015"


# --- layout and callbacks -----------------------------------------------------------------------

def _json(component) -> str:
    """The component as the browser receives it, with '/' unescaped for readable assertions."""
    return json.dumps(json.loads(to_json(component)), ensure_ascii=False)


def test_layout_tolerates_bad_parameters_and_carries_no_polygons(page, store):
    out = _json(page.layout(lang="en", anio="abc", estado="99", vista="x", capa="bad", sel="32001", extra="1"))
    assert "Polygon" not in out and "/layers/v1/mun_national.bin" in out
    assert "Where did the 3x1 money go?" in out
    assert len(out) < 60_000


def _first(component, match):
    """The first component of a layout tree (depth first) for which match(component) is true."""
    if match(component):
        return component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, (list, tuple)) else [children]:
        if hasattr(child, "to_plotly_json") and (found := _first(child, match)) is not None:
            return found
    return None


def _find(component, id_):
    """The component with this id inside a layout tree."""
    return _first(component, lambda c: getattr(c, "id", None) == id_)


def _map_box(component):
    """The element that holds the explorer's map."""
    return _first(component, lambda c: getattr(c, "className", None) == "ex-map")


def test_layout_renders_the_first_view_the_callbacks_would_answer(page, store):
    """The page opens with its colours, legend, summary, panel and state focus, with no round trip."""
    layout = page.layout(lang="es", capa="poverty_pct:2020", sel="32001", ver="loc", vista="22.5,-103,8")
    data = page.restyle(VALUES, "es")
    # the first restyle payload (with the legend and the summary, which map.js draws) is on the map's
    # box, where national_layer.js reads it when the map is created; ex-data waits for a filter change
    box = _map_box(layout).to_plotly_json()["props"]
    assert json.loads(box["data-first"]) == {"data": data, "overlays": ["loc"], "focus": "32"}
    assert box["data-national-url"] == "/layers/v1/mun_national.bin"
    assert getattr(_find(layout, "ex-data"), "data", None) is None
    assert _find(layout, "ex-legend").children is None and _find(layout, "ex-summary").children is None
    assert _find(layout, "ex-legend-wrap").className == "ex-legend panel no-inv no-crisis"  # as map.js would
    content, detail, _, points, hidden = page.side_panel({"cvegeo": "32001"}, ["loc"], VALUES, "es")
    assert _json(_find(layout, "ex-panel").children) == _json(content) and not hidden
    assert _find(layout, "ex-detail").url == detail and _find(layout, "ex-localities").data == points
    assert _find(layout, "ex-focus").data == "32"  # zoom 8 over Zacatecas: the state band is loaded
    assert _find(layout, "ex-mun-state").url == "/layers/v1/mun_state/32.pbf"
    # outlines and circles wait for the first paint: their files are named on the map's box
    assert _find(layout, "ex-states").url is None and _find(layout, "ex-circles").url is None
    assert box["data-states-url"] == "/layers/v1/states_state.pbf"
    assert box["data-circles-url"] == "/layers/v1/centroids.pbf" and box["data-start-zoom"] == "8"
    assert _map_box(page.layout()).to_plotly_json()["props"]["data-states-url"] == "/layers/v1/states_national.pbf"
    plain = page.layout()
    assert _find(plain, "ex-focus").data == "" and _find(plain, "ex-mun-state").url is None
    assert _find(plain, "ex-detail").url is None and _find(plain, "ex-panel-close").hidden


def test_the_controls_come_after_the_paint_showing_the_values_the_layout_stored(page, store):
    layout = page.layout(lang="en", estado="32", anio="2010-2015", ver="loc", capa="poverty_pct:2020")
    assert _find(layout, "ex-layer") is None and _find(layout, "ex-controls").children is None
    values, shown = _find(layout, "ex-filters").data, _find(layout, "ex-shown").data
    assert list(values) == list(CONTROLS)  # the order of the clientside callback's inputs (map.js values)
    assert [values[k] for k in ("layer", "layerYear", "years", "state")] == ["poverty_pct", 2020, [2010, 2015], "32"]
    assert shown == ["loc"]
    assert _find(layout, "ex-picked-state").data == "32"
    controls = page.fill_controls(1, values, shown, "en")
    assert _find(controls, "ex-overlays").value == ["loc"]
    # each control shows the store's value at its place: the callbacks read what the user sees
    assert {key: _find(controls, control).value for key, control in CONTROLS.items()} == values
    assert page.CONTROL_IDS == tuple(CONTROLS.values())  # the inputs of the store's writer, in that order


def test_stores_of_another_shape_give_the_default_view(page, store):
    assert filters_from(None) == filters_from([1, 2]) == filters_from({"x": 1}) == Filters.lenient({})
    assert filters_from(list(VALUES.values())) == Filters.lenient({})  # the positional store of before
    assert filters_from({**VALUES, "state": "32", "layer": "marginalization_grade"}) == \
        Filters.lenient({"estado": "32", "capa": "marginalization_grade:2020"})
    assert overlays_of("crisis") == [] and overlays_of(["loc", "x", "inv"]) == ["inv", "loc"]
    assert page.restyle({"x": 1}, "es") == page.restyle(None, "es")
    assert page.focus_state(5, [23.6, -102.5], "../../x", None)[1] is None  # no such state: no state file


def test_layout_without_a_store_is_a_friendly_message(page, use):
    use(MissingReader())
    assert "mapa3x1 build" in _json(page.layout())


def test_restyle_answers_values_not_polygons(page, store):
    data = page.restyle(VALUES, "es")
    assert data["need"]["k"] == "x04" and data["crisis"] == "134" and len(data["money"]["m"]) == 3
    payload = _json(data)
    figures = data["summary"]["items"]  # the strip above the map, drawn by map.js as text
    assert figures[0]["text"] == " proyectos" and all(set(item) == {"figure", "text", "note"} for item in figures)
    assert figures[1]["note"].startswith("Federal ")  # the partners under the total
    assert data["crisisNames"] == {"1": "Geológico (sismos)", "2": "Hidrometeorológico (lluvias, huracanes)",
                                   "4": "Incendio"}  # by the bits of the crisis codes (map.js hover)
    legend = data["legend"]
    assert [c["colour"] for c in legend["need"]["classes"]] == data["need"]["pal"] + [data["need"]["nd"]]
    assert all(set(c) == {"colour", "label", "count"} for c in legend["need"]["classes"])
    assert [(line["bit"], line["label"]) for line in legend["crisis"]["lines"]] == \
        [(1, "Geológico (sismos)"), (2, "Hidrometeorológico (lluvias, huracanes)"), (4, "Incendio")]
    assert [set(size) for size in legend["circles"]["sizes"]] == [{"diameter", "label"}] * 3
    assert "coordinates" not in payload and len(payload) < 20_000
    assert "Pobreza (CONEVAL) 2020" in payload


def test_restyle_with_no_projects_says_so(page, use):
    snap = snapshot(projects=[])
    use(FixedReader(snap))
    data = page.restyle(VALUES, "en")
    assert list(data["summary"]) == ["empty"] and "No 3x1 projects are loaded yet" in data["summary"]["empty"]
    assert data["legend"]["circles"] == {"title": data["legend"]["circles"]["title"], "colour": "#54278f",
                                         "empty": "No 3x1 project with these filters."}


def test_table_twin_is_data_with_names_as_plain_strings_and_toggles(page, store):
    table, label, pressed = page.table_twin(VALUES, "need", 0, 1, "es")
    assert all(set(c) == {"heading", "numeric"} for c in table["columns"]) and len(table["columns"]) == 8
    assert len(table["rows"]) == 3
    assert all(list(row) == list(TABLE_COLUMNS) and all(isinstance(v, str) for v in row.values())
               for row in table["rows"])
    names = {row["cvegeo"]: row["name"] for row in table["rows"]}
    assert names["32002"] == "Jerez <b>"  # a plain string: map.js sets it as text (textContent)
    assert table["suffix"] == "" and table["note"] is None
    assert [c["numeric"] for c in table["columns"]] == [True, False, False, True, True, True, True, False]
    assert [row["rank"] for row in table["rows"]] == ["1", "2", "3"]
    assert table["rows"][0]["pick"] == f"Ver {table['rows'][0]['name']} en el mapa"
    assert label == "Mostrar todos (3)" and pressed == "false"
    _, label, pressed = page.table_twin(VALUES, "need", 1, 1, "en")
    assert label.startswith("Show only the first") and pressed == "true"


def test_side_panel_for_a_selection_and_for_none(page, store):
    content, detail, halo, points, hidden = page.side_panel({"cvegeo": "32001"}, ["loc"], VALUES, "es")
    text = _json(content)
    assert "Apozol" in text and "/municipio/32001" in text
    assert detail == halo == "/layers/v1/mun_local/32001.pbf" and len(points["features"]) == 1 and not hidden
    content, detail, _, points, hidden = page.side_panel({"cvegeo": "99999"}, [], VALUES, "en")
    assert detail is None and points["features"] == [] and hidden
    assert "Tap or choose a municipality" in _json(content)


def test_focus_loads_the_state_band_when_zoomed_in_or_filtered(page, store):
    focus, municipal, states = page.focus_state(8, {"lat": 22.5, "lng": -103.0}, "", None)
    assert focus == "32" and municipal == "/layers/v1/mun_state/32.pbf" and states.endswith("states_state.pbf")
    focus, municipal, states = page.focus_state(5, [23.6, -102.5], "", "32")
    assert focus == "" and municipal is None and states.endswith("states_national.pbf")  # no focus is ""
    assert page.focus_state(5, [23.6, -102.5], "", "")[0] is page.no_update  # and stays unwritten
    assert page.focus_state(5, [23.6, -102.5], "20", None)[0] == "20"
    assert page.focus_state(8, {"lat": 22.5, "lng": -103.0}, "", "32")[0] is page.no_update


def test_the_layer_year_dropdown_offers_the_stores_years(page, store):
    options, year = page.layer_year_options("marginalization_grade", 2010, "en")
    assert [o["value"] for o in options] == [2020] and year == 2020  # the tiny store has 2020 only
    assert page.layer_year_options("nonsense", None, "es")[1] == 2020


def test_query_string_callback(page, store):
    text = page.query_string(VALUES, ["inv"], {"cvegeo": "32001"},
                             {"lat": MEXICO[0], "lng": MEXICO[1]}, MEXICO[2], "need", "es")
    assert text == "?sel=32001&ver=inv"


def test_a_layer_without_data_is_all_no_data_and_json_clean(page, store):
    # the store has no remittances for 2013: every municipality is "no data", and no NaN reaches the browser
    data = page.restyle({**VALUES, "layer": "remittances_usd_per_person", "layerYear": 2013}, "en")

    def refuse(constant):
        raise AssertionError(f"{constant} in the restyle payload")

    payload = json.loads(_json(data), parse_constant=refuse)
    assert payload["need"]["k"] == "xxx" and payload["need"]["v"] == [None, None, None]
    classes = payload["legend"]["need"]["classes"]
    assert classes[-1] == {"colour": payload["need"]["nd"], "label": "No data", "count": "3"}
    assert [c["count"] for c in classes[:-1]] == ["0"] * 5
    assert payload["money"]["m"] == [1_800_000, 1_000_000, 0]  # the circles do not depend on the layer


def test_filter_changes_are_answered_once_per_store(app, page, store, monkeypatch):
    calls = []
    real = page.restyle_outputs
    monkeypatch.setattr(page, "restyle_outputs", lambda *args: calls.append(args[1:]) or real(*args))
    with app.server.app_context():
        first = page.restyle(VALUES, "es")
        assert page.restyle(VALUES, "es") == first
        page.restyle(VALUES, "en")
    assert [c[1] for c in calls] == ["es", "en"]


def test_declarations_in_years_no_source_covers_are_unknown_not_zero(page):
    snap = snapshot()
    layer, year = q.parse_layer(snap, "poverty_pct:2020")
    frame = m.table_frame(snap, Filters(crisis_years=(2018, 2018)), layer, year, "declarations")
    assert frame["declarations"].isna().all()
    rows = table(frame, layer, year, Filters(crisis_years=(2018, 2018)), "declarations", 3, "es")["rows"]
    assert {r["declarations"] for r in rows} == {"sin datos"}
    covered = m.table_frame(snap, Filters(crisis_years=(2019, 2020)), layer, year, "declarations")
    assert not covered["declarations"].isna().any() and 0 in set(covered["declarations"])  # a covered "none"
    payload = page.restyle_outputs(snap, Filters(crisis_years=(2018, 2018)), "en")
    assert payload["legend"]["crisis"]["title"] == "Declarations 2018 (No data: no declaration source covers 2018)"

"""gaps_table / gaps_frame on a tiny inline store: ranking, statuses, pesos, filters, declarations."""
from __future__ import annotations

import pandas as pd
import pytest

from dashapp.filters import Filters
from dashapp.queries.gaps import column_keys, gaps_frame, gaps_table, nearest_vintage, vintages
from dashapp.store import Snapshot
from tests.crisis_coverage import declared_coverage

MUNIS = [  # cvegeo, state, name, population
    ("32001", "Zacatecas", "Apozol", 1000),
    ("32002", "Zacatecas", "Apulco", 2000),
    ("32003", "Zacatecas", "Atolinga", 1000),
    ("32004", "Zacatecas", "Benito Juárez", None),  # created after the census: no population
    ("20001", "Oaxaca", "Abejones", 500),
]


def _projects(rows: list[tuple]) -> pd.DataFrame:
    """rows: (project_id, fiscal_year, cvegeo, category, total_mxn, is_synthetic); partners split 25/25/25/25."""
    frame = pd.DataFrame(rows, columns=["project_id", "fiscal_year", "cvegeo", "project_category", "total_mxn",
                                        "is_synthetic"])
    for partner in ("federal_mxn", "state_mxn", "municipal_mxn", "migrant_mxn"):
        frame[partner] = frame["total_mxn"] / 4
    return frame


def snapshot(projects: pd.DataFrame | None = None, synthetic: bool = True) -> Snapshot:
    munis = pd.DataFrame(MUNIS, columns=["cvegeo", "state_name", "municipality_name", "population_2020"])
    munis["cve_ent"] = munis["cvegeo"].str[:2]
    values = pd.DataFrame([
        # poverty 2010 and 2020; 32003 has no 2020 figure
        ("32001", "poverty_pct", 2010, 50.0, None), ("32002", "poverty_pct", 2010, 80.0, None),
        ("32003", "poverty_pct", 2010, 80.0, None), ("32004", "poverty_pct", 2010, 10.0, None),
        ("20001", "poverty_pct", 2010, 90.0, None),
        ("32001", "poverty_pct", 2020, 70.0, None), ("32002", "poverty_pct", 2020, 40.0, None),
        ("32004", "poverty_pct", 2020, 20.0, None), ("20001", "poverty_pct", 2020, 60.0, None),
        ("32001", "marginalization_grade", 2020, 2.0, "Bajo"),
        ("32002", "marginalization_grade", 2020, 5.0, "Muy alto"),
    ], columns=["cvegeo", "indicator_id", "year", "value", "category"])
    if projects is None:
        projects = _projects([
            ("p1", 2005, "32002", "infraestructura social básica", 1000.0, synthetic),
            ("p2", 2018, "32002", "proyectos productivos", 3000.0, synthetic),
            ("p3", 2005, "32003", "infraestructura social básica", 300.0, synthetic),
            ("p4", 2019, "20001", "infraestructura social básica", 100.0, synthetic),
        ])
    events = pd.DataFrame([
        ("d1", "32001", 2017, "geológico"), ("d1", "32002", 2017, "geológico"),
        ("d2", "32001", 2019, "hidrometeorológico"), ("d2", "32001", 2019, "hidrometeorológico"),  # same one twice
        ("d3", "32003", 2024, "hidrometeorológico"),
    ], columns=["declaration_id", "cvegeo", "year", "phenomenon_group"])
    deflators = pd.DataFrame({"year": range(2002, 2021), "factor_to_base": [1.0] * 19})
    deflators.loc[deflators["year"] == 2005, "factor_to_base"] = 2.0
    return Snapshot(tables={
        "municipalities": munis, "indicator_values": values, "projects": projects, "crisis_coverage": declared_coverage(), "crisis_events": events,
        "deflators": deflators,
        "build_info": pd.DataFrame({"key": ["constant_pesos_base_year"], "value": ["2018"]}),
    }, version="test")


def test_nearest_vintage_takes_the_middle_of_the_years():
    editions = (2010, 2015, 2020)
    assert nearest_vintage((2002, 2020), editions) == 2010
    assert nearest_vintage((2018, 2020), editions) == 2020
    assert nearest_vintage((2012, 2018), editions) == 2015
    assert nearest_vintage((2010, 2015), editions) == 2015  # 2012.5 is as near 2010 as 2015: the later edition
    assert nearest_vintage((2010, 2015), ()) is None


def test_the_editions_are_the_stores():
    snap = snapshot()  # poverty 2010 and 2020, marginalization 2020: no 2015 edition
    assert vintages(snap, "pobreza") == (2010, 2020) and vintages(snap, "marginacion") == (2020,)
    assert gaps_frame(snap, Filters(years=(2012, 2018)), "pobreza").attrs["vintage"] == 2020  # a tie: the later
    assert gaps_frame(snap, Filters(years=(2002, 2012)), "marginacion").attrs["vintage"] == 2020
    assert "2020" in gaps_table(snap, Filters(years=(2002, 2012)), "marginacion", "en").columns[4]


def test_ranked_by_need_descending_then_pesos_per_person_ascending():
    frame = gaps_frame(snapshot(), Filters(years=(2018, 2020)), "pobreza")  # 2020 poverty
    assert frame.attrs["vintage"] == 2020
    assert list(frame["cvegeo"]) == ["32001", "20001", "32002", "32004", "32003"]
    assert list(frame["rank"].iloc[:4]) == [1, 2, 3, 4] and pd.isna(frame["rank"].iloc[4])


def test_ties_in_need_put_the_smaller_pesos_per_person_first():
    frame = gaps_frame(snapshot(), Filters(years=(2002, 2012)), "pobreza")  # 2010: 32002 and 32003 both 80 %
    tied = frame[frame["need"] == 80.0]
    # 32003: 300 * 2.0 (constant) / 1000 people = 0.6; 32002: 1000 * 2.0 / 2000 = 1.0
    assert list(tied["cvegeo"]) == ["32003", "32002"]
    assert list(tied["pesos_per_person"]) == pytest.approx([0.6, 1.0])
    assert list(frame["cvegeo"]) == ["20001", "32003", "32002", "32001", "32004"]


def test_three_statuses_are_told_apart():
    frame = gaps_frame(snapshot(), Filters(years=(2018, 2020)), "pobreza").set_index("cvegeo")
    assert frame.at["32002", "status"] == "with_projects"  # p2 in 2018
    assert frame.at["32001", "status"] == "no_projects"  # need data, no project in 2018-2020
    assert frame.at["32003", "status"] == "no_data"  # no 2020 poverty figure, even though it had a project once
    assert frame.at["32001", "pesos"] == 0.0 and frame.at["32001", "projects"] == 0


def test_population_missing_gives_no_per_person_figure_not_zero():
    frame = gaps_frame(snapshot(), Filters(years=(2018, 2020)), "pobreza").set_index("cvegeo")
    assert pd.isna(frame.at["32004", "pesos_per_person"])
    assert frame.at["32001", "pesos_per_person"] == 0.0


def test_constant_pesos_use_the_deflator_and_current_do_not():
    constant = gaps_frame(snapshot(), Filters(), "pobreza").set_index("cvegeo")
    current = gaps_frame(snapshot(), Filters(pesos="current"), "pobreza").set_index("cvegeo")
    assert constant.at["32002", "pesos"] == pytest.approx(1000 * 2.0 + 3000)
    assert current.at["32002", "pesos"] == pytest.approx(4000)
    assert constant.at["32002", "pesos_per_person"] == pytest.approx(5000 / 2000)


def test_partner_and_category_filters():
    frame = gaps_frame(snapshot(), Filters(pesos="current", partner="migrant"), "pobreza").set_index("cvegeo")
    assert frame.at["32002", "pesos"] == pytest.approx(1000)
    frame = gaps_frame(snapshot(), Filters(category="productivos"), "pobreza").set_index("cvegeo")
    assert frame.at["32002", "projects"] == 1 and frame.at["32003", "status"] == "no_projects"


def test_state_filter_keeps_only_that_state():
    frame = gaps_frame(snapshot(), Filters(state="20"), "pobreza")
    assert list(frame["cvegeo"]) == ["20001"]
    assert frame["state"].tolist() == ["Oaxaca"]


def test_declarations_count_distinct_declarations_in_the_window():
    frame = gaps_frame(snapshot(), Filters(crisis_years=(2017, 2020)), "declaraciones").set_index("cvegeo")
    assert frame.at["32001", "need"] == 2  # d1 and d2 (d2 listed twice)
    assert frame.at["32002", "need"] == 1
    assert frame.at["32003", "need"] == 0  # d3 is 2024, outside the window: zero, not "no data"
    assert frame.at["32003", "status"] != "no_data"
    narrowed = gaps_frame(snapshot(), Filters(crisis_years=(2017, 2025), phenomenon="hidrometeorologico"),
                          "declaraciones").set_index("cvegeo")
    assert narrowed.at["32001", "need"] == 1 and narrowed.at["32003", "need"] == 1 and narrowed.at["32002", "need"] == 0


def test_marginalization_carries_the_grade_label_and_lacks_data_elsewhere():
    table = gaps_table(snapshot(), Filters(years=(2018, 2020)), "marginacion", "en")
    assert list(table.iloc[0, :6]) == [1, "32002", "Zacatecas", "Apulco", 5, "Very high"]
    assert (table["Status"] == "no data").sum() == 3


def test_table_headings_follow_the_language_and_the_columns_shown():
    es = gaps_table(snapshot(), Filters(years=(2018, 2020)), "pobreza", "es")
    en = gaps_table(snapshot(), Filters(years=(2018, 2020)), "pobreza", "en")
    assert len(es.columns) == len(en.columns) == len(column_keys("pobreza"))
    assert "Población en pobreza 2020 (%)" in es.columns and "Population in poverty 2020 (%)" in en.columns
    assert set(es["Situación"]) == {"con proyectos", "sin proyectos", "sin datos"}
    assert set(en["Status"]) == {"with projects", "no projects", "no data"}
    assert "Pesos 3x1 2018–2020: las cuatro aportaciones, pesos constantes de 2018" in es.columns


def test_synthetic_flag_travels_with_every_row():
    es = gaps_table(snapshot(), Filters(), "pobreza", "es")
    assert set(es["Proyectos de demostración (sintéticos)"]) == {"sí"}
    real = gaps_table(snapshot(synthetic=False), Filters(), "pobreza", "en")
    assert set(real["Demonstration (synthetic) projects"]) == {"no"}


def test_empty_projects_table_gives_no_projects_everywhere():
    empty = pd.DataFrame({c: pd.Series(dtype=object) for c in (
        "project_id", "fiscal_year", "cvegeo", "project_category", "total_mxn", "federal_mxn", "state_mxn",
        "municipal_mxn", "migrant_mxn", "is_synthetic")})  # what read_sql gives for an empty table
    frame = gaps_frame(snapshot(projects=empty), Filters(), "pobreza")
    assert set(frame["status"]) == {"no_projects"}
    assert frame["projects"].sum() == 0 and not frame["is_synthetic"].any()


def test_a_year_no_crisis_source_covers_is_no_data_never_zero():
    """2018: neither the 2017 earthquakes nor the 2019-2025 declarations cover it (issue 17)."""
    frame = gaps_frame(snapshot(), Filters(crisis_years=(2018, 2018)), "declaraciones")
    assert set(frame["status"]) == {"no_data"}
    assert frame["need"].isna().all() and frame["rank"].isna().all()
    # 2017 covers only the earthquakes: a hydro-meteorological count there is unknown too
    wet = gaps_frame(snapshot(), Filters(crisis_years=(2017, 2017), phenomenon="hidrometeorologico"), "declaraciones")
    assert set(wet["status"]) == {"no_data"}
    table = gaps_table(snapshot(), Filters(crisis_years=(2018, 2018)), "declaraciones", "es")
    assert "Sin datos: ninguna fuente de declaratorias cubre 2018" in [c for c in table.columns if "2018" in c][0]


def test_partly_covered_years_count_and_say_what_they_cover():
    frame = gaps_frame(snapshot(), Filters(crisis_years=(2017, 2019)), "declaraciones").set_index("cvegeo")
    assert frame.at["32001", "need"] == 2 and frame.at["20001", "need"] == 0  # covered years: a real zero
    heading = [c for c in gaps_table(snapshot(), Filters(crisis_years=(2017, 2019)), "declaraciones", "en").columns
               if "declarations" in c.lower()][0]
    assert "only the 7 and 19 September earthquakes" in heading and "no data for 2018" in heading
    whole = gaps_table(snapshot(), Filters(crisis_years=(2019, 2021)), "declaraciones", "en")
    assert not any("no data for" in c for c in whole.columns)  # every year covered: no note


def test_a_store_without_coverage_rows_knows_no_year():
    bare = snapshot()
    del bare.tables["crisis_coverage"]
    frame = gaps_frame(bare, Filters(crisis_years=(2019, 2020)), "declaraciones")
    assert set(frame["status"]) == {"no_data"}

"""CENAPRED impacts in the app: state-level events apart, the finder's crisis kinds, the hometown section."""
from __future__ import annotations

import pandas as pd

from dashapp.filters import Filters
from dashapp.municipio_sections import impacts_section
from dashapp.queries.gap_finder import criteria_from_query, finder_frame
from dashapp.queries.impacts import impact_rows, municipality_impacts, state_level_events
from dashapp.store import Snapshot
from etl.crisis_coverage import Coverage, coverage_rows
from tests.crisis_coverage import declared_coverage

IMPACTS = pd.DataFrame([
    ("e1", "32001", "32", "municipality", "2010-09-01", 2010, "Lluvias", "hidrometeorológico", True, 2, 500, 10, 1e6, "CENACOM"),
    ("e1", "32002", "32", "municipality", "2010-09-01", 2010, "Lluvias", "hidrometeorológico", True, 2, 500, 10, 1e6, "CENACOM"),
    ("e2", None, "32", "state", "2011-01-01", 2011, "Sequía", "hidrometeorológico", True, 0, 0, 0, None, "FONDEN"),
    ("e3", "32001", "32", "municipality", "2012-05-01", 2012, "Explosión", "químico-tecnológico", False, 5, 10, 0, 2e5, "CENACOM"),
], columns=["event_key", "cvegeo", "cve_ent", "scope", "start_date", "year", "phenomenon_type", "phenomenon_group",
            "is_natural", "deaths", "people_affected", "homes_damaged", "damages_mxn", "source"])


def snapshot() -> Snapshot:
    munis = pd.DataFrame({"cvegeo": ["32001", "32002", "32003"], "cve_ent": "32", "state_name": "Zacatecas",
                          "municipality_name": ["A", "B", "C"], "population_2020": [100.0, 100.0, 100.0]})
    values = pd.DataFrame([(c, "poverty_pct", 2010, v, None) for c, v in (("32001", 50.0), ("32002", 60.0), ("32003", 70.0))]
                          + [(c, "marginalization_grade", 2010, 3.0, "Medio") for c in ("32001", "32002", "32003")],
                          columns=["cvegeo", "indicator_id", "year", "value", "category"])
    impact_coverage = coverage_rows(Coverage("cenapred_impacts", "impact", tuple(range(2002, 2025)),
                                             ("hidrometeorológico", "químico-tecnológico"), True, "cenapred_impactos", False))
    return Snapshot(tables={
        "municipalities": munis, "indicator_values": values, "crisis_impacts": IMPACTS,
        "crisis_events": pd.DataFrame(columns=["declaration_id", "cvegeo", "year", "phenomenon_group"]),
        "crisis_coverage": pd.concat([declared_coverage(), impact_coverage], ignore_index=True),
        "projects": pd.DataFrame(columns=["project_id", "fiscal_year", "cvegeo", "project_category", "total_mxn",
                                          "federal_mxn", "state_mxn", "municipal_mxn", "migrant_mxn", "is_synthetic"]),
        "deflators": pd.DataFrame({"year": range(2002, 2021), "factor_to_base": [1.0] * 19}),
        "build_info": pd.DataFrame({"key": ["constant_pesos_base_year"], "value": ["2018"]}),
    }, version="t")


def test_state_level_events_are_kept_apart_and_man_made_ones_only_when_asked():
    snap = snapshot()
    rows = impact_rows(snap, Filters(crisis_years=(2002, 2020)))
    assert set(rows["event_key"]) == {"e1"}  # e2 names no municipality, e3 is man-made
    assert list(state_level_events(snap, "32")["event_key"]) == ["e2"]
    assert list(municipality_impacts(snap, "32001")["event_key"]) == ["e1"]


def test_finder_with_impacts_lists_the_municipalities_an_impact_names():
    snap = snapshot()
    frame = finder_frame(snap, Filters(crisis_years=(2005, 2015)), criteria_from_query({"crisis": "impactos"}))
    assert set(frame["cvegeo"]) == {"32001", "32002"} and set(frame["impacts"]) == {1.0}
    both = finder_frame(snap, Filters(crisis_years=(2005, 2015)), criteria_from_query({"crisis": "ambas"}))
    assert {"declarations", "impacts"} <= set(both.columns)
    assert both["declarations"].isna().all()  # no declaration source covers 2005-2015: unknown, not 0
    assert list(both["cvegeo"]) == ["32002", "32001"]  # ranked by the score (poverty, marginality)


def test_the_hometown_section_says_state_level_events_may_include_it():
    snap = snapshot()
    text = str(impacts_section(municipality_impacts(snap, "32003"), state_level_events(snap, "32"), "Zacatecas", "es"))
    assert "no nombra a este municipio" in text and "1 evento en Zacatecas registrado sin municipios" in text
    shown = str(impacts_section(municipality_impacts(snap, "32001"), state_level_events(snap, "32"), "Zacatecas", "en"))
    assert "Lluvias" in shown and "Deaths: 2" in shown and "Explosión" not in shown

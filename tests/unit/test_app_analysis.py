"""The analyses on tiny inline snapshots: targeting's curve and index by hand, after the disaster, diaspora."""
from __future__ import annotations

import pandas as pd
import pytest

from dashapp.filters import FilterError, Filters
from dashapp.queries.after_crisis import after_disaster, diaspora_without_3x1, window_of
from dashapp.queries.targeting import concentration, need_of, targeting
from dashapp.store import Snapshot

MUNIS = [("32001", 100), ("32002", 100), ("32003", 200), ("32004", 0), ("20001", 100)]


def snapshot(pesos: dict[str, float], year: int = 2015, events: list[tuple] | None = None) -> Snapshot:
    munis = pd.DataFrame(MUNIS, columns=["cvegeo", "population_2020"]).assign(
        cve_ent=lambda f: f["cvegeo"].str[:2], municipality_name=lambda f: "M" + f["cvegeo"],
        state_name=lambda f: f["cve_ent"].map({"32": "Zacatecas", "20": "Oaxaca"}))
    projects = pd.DataFrame([(f"p{c}{i}", y, c, "infraestructura social básica", amount, True)
                             for i, (c, amount) in enumerate(pesos.items()) for y in [year]],
                            columns=["project_id", "fiscal_year", "cvegeo", "project_category", "total_mxn",
                                     "is_synthetic"])
    for partner, share in (("federal_mxn", .25), ("state_mxn", .25), ("municipal_mxn", .25), ("migrant_mxn", .25)):
        projects[partner] = projects["total_mxn"] * share
    values = pd.DataFrame([
        ("32001", "poverty_pct", 2010, 90.0, None), ("32002", "poverty_pct", 2010, 50.0, None),
        ("32003", "poverty_pct", 2010, 10.0, None), ("32004", "poverty_pct", 2010, 95.0, None),  # no population
        ("32001", "marginalization_grade", 2020, 5.0, "Muy alto"), ("32002", "marginalization_grade", 2020, 5.0, "Muy alto"),
        ("32003", "marginalization_grade", 2020, 2.0, "Bajo"),
        ("32001", "migration_intensity_grade", 2020, 5.0, "Muy alto"), ("32003", "migration_intensity_grade", 2020, 4.0, "Alto"),
        ("20001", "migration_intensity_grade", 2020, 1.0, "Muy bajo"),
        ("32003", "remittances_usd_per_person", 2024, 300.0, None), ("32003", "remittances_usd_per_person", 2025, 350.0, None),
    ], columns=["cvegeo", "indicator_id", "year", "value", "category"])
    catalog = pd.DataFrame({"indicator_id": ["poverty_pct", "marginalization_grade", "migration_intensity_grade",
                                             "remittances_usd_per_person"], "higher_is_worse": [1, 1, None, None]})
    events = pd.DataFrame(events or [], columns=["declaration_id", "cvegeo", "year", "phenomenon_group"])
    return Snapshot(tables={"municipalities": munis, "projects": projects, "indicator_values": values,
                            "indicator_catalog": catalog, "crisis_events": events,
                            "deflators": pd.DataFrame({"year": range(2002, 2021), "factor_to_base": [1.0] * 19})},
                    version="t")


def test_index_by_hand_all_pesos_to_the_poorest_tenth_is_negative():
    # ordered 32001 (90 %), 32002 (50 %), 32003 (10 %); population 100, 100, 200 (32004: none, left out)
    found = targeting(snapshot({"32001": 100.0}), Filters(pesos="current"))
    # curve (0,0) (.25,1) (.5,1) (1,1): A = .125 + .25 + .5 = .875, C = 1 - 1.75
    assert found["index"] == pytest.approx(-0.75) and found["municipalities"] == 3
    assert found["curve"] == [(0.0, 0.0), (0.25, 1.0), (0.5, 1.0), (1.0, 1.0)]
    assert found["high_marginality_share_pct"]["total"] == 100.0
    rich = targeting(snapshot({"32003": 100.0}), Filters(pesos="current"))["index"]
    assert rich == pytest.approx(0.5)  # (0,0) (.25,0) (.5,0) (1,1): A = .25, C = .5
    even = targeting(snapshot({"32001": 100.0, "32002": 100.0, "32003": 200.0}), Filters(pesos="current"))
    assert even["index"] == pytest.approx(0.0) and even["index_by_partner"]["migrant"] == pytest.approx(0.0)


def test_no_pesos_gives_no_index_and_bad_layers_name_capa():
    assert concentration(pd.DataFrame({"population": [1.0], "pesos": [0.0]})).index is None
    found = targeting(snapshot({"32001": 100.0}, year=2015), Filters(years=(2002, 2010)))
    assert found["index"] is None and found["index_by_year"]["2005"] is None
    for bad in ("migration_intensity_grade:2020", "poverty_pct:2015", "nope:2010", "poverty_pct"):
        with pytest.raises(FilterError) as error:
            need_of(snapshot({}), bad)
        assert error.value.param == "capa"


def test_by_state_and_by_year_split_the_same_definition():
    found = targeting(snapshot({"32001": 100.0, "20001": 50.0}), Filters(pesos="current"))
    assert set(found["index_by_state"]) == {"20", "32"}
    assert found["index_by_state"]["20"] is None  # Oaxaca's one municipality has no poverty figure
    assert found["index_by_year"]["2015"] == pytest.approx(-0.75) and found["index_by_year"]["2014"] is None


def test_after_the_disaster_sums_the_windows_and_compares_with_peers():
    events = [("d1", "32001", 2010, "geológico")]
    snap = snapshot({"32001": 100.0, "32002": 40.0}, year=2008, events=events)
    row = after_disaster(snap, Filters(crisis_years=(2002, 2020)), window=2).iloc[0]
    assert (row["cvegeo"], row["event_year"], row["pesos_before"], row["pesos_after"]) == ("32001", 2010, 100.0, 0.0)
    assert row["projects_before"] == 1 and row["projects_after"] == 0 and row["window_complete"]
    assert row["peers"] == 1 and row["peers_mean_pesos_before"] == 40.0  # 32002: same state and grade, not named
    assert row["hit_not_helped"]  # very high marginality, nothing after
    one = after_disaster(snap, Filters(crisis_years=(2002, 2020)), window=1).iloc[0]
    assert one["pesos_before"] == 0.0  # 2008 is outside a one-year window
    late = after_disaster(snapshot({}, events=[("d2", "32001", 2019, "geológico")]), Filters(crisis_years=(2002, 2025)))
    assert not late.iloc[0]["window_complete"] and late.iloc[0]["hit_not_helped"] is None  # 2021 is past the program
    assert after_disaster(snapshot({}, events=[("d3", "32001", 2023, "geológico")]), Filters(crisis_years=(2002, 2025))).empty


def test_window_is_one_to_three():
    assert window_of(None) == 2 and window_of("3") == 3
    for bad in ("0", "4", "x", "-1"):
        with pytest.raises(FilterError):
            window_of(bad)


def test_diaspora_without_3x1_lists_high_intensity_without_projects():
    snap = snapshot({"32001": 100.0})
    found = diaspora_without_3x1(snap, Filters())
    assert list(found["cvegeo"]) == ["32003"]  # 32001 has a project; 20001 is "muy bajo"
    assert found.iloc[0]["remittances_usd_per_person"] == 350.0 and found.iloc[0]["remittances_year"] == 2025
    earlier = diaspora_without_3x1(snap, Filters(years=(2002, 2010)))  # the project is of 2015
    assert list(earlier["cvegeo"]) == ["32003", "32001"]  # most remittances per person first, no data last

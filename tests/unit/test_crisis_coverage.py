"""Which years the crisis sources cover (dashapp/queries/coverage.py) on the coverage the readers declare."""
from __future__ import annotations

import pandas as pd

from dashapp.filters import Filters
from dashapp.queries.coverage import coverage_note, covered_years, crisis_coverage, year_spans
from dashapp.store import Snapshot
from tests.crisis_coverage import declared_coverage


def _snapshot() -> Snapshot:
    return Snapshot(tables={"municipalities": pd.DataFrame({"cvegeo": ["01001"]}),
                            "crisis_coverage": declared_coverage()}, version="t")


def test_the_readers_declare_2017_in_part_and_2019_to_2025_whole():
    rows = declared_coverage()
    assert covered_years(_snapshot()) == (2017, 2019, 2020, 2021, 2022, 2023, 2024, 2025)
    assert set(rows.loc[rows["year"] == 2017, "phenomenon_group"]) == {"geológico"}
    assert not rows.loc[rows["year"] == 2017, "complete"].any() and rows.loc[rows["year"] > 2018, "complete"].all()


def test_years_split_into_covered_partial_and_missing():
    found = crisis_coverage(_snapshot(), Filters(crisis_years=(2015, 2020)))
    assert found.covered == (2019, 2020) and found.partial == (2017,) and found.missing == (2015, 2016, 2018)
    assert found.any and not found.whole
    quake = crisis_coverage(_snapshot(), Filters(crisis_years=(2017, 2017), phenomenon="geologico"))
    assert quake.partial == (2017,)  # only two earthquakes of that year's geological events
    assert not crisis_coverage(_snapshot(), Filters(crisis_years=(2018, 2018))).any


def test_the_note_names_what_is_covered_and_what_is_not():
    snap = _snapshot()
    assert coverage_note(crisis_coverage(snap, Filters(crisis_years=(2019, 2025))), "es") is None
    note = coverage_note(crisis_coverage(snap, Filters(crisis_years=(2016, 2020))), "es")
    assert note == ("2017: solo los sismos del 7 y 19 de septiembre; 2019–2025: declaratorias de desastre "
                    "(no las de emergencia); sin datos para 2016, 2018.")
    assert coverage_note(crisis_coverage(snap, Filters(crisis_years=(2018, 2018))), "en") == \
        "No data: no declaration source covers 2018"


def test_year_spans_join_runs():
    assert year_spans((2002, 2003, 2004, 2018, 2020, 2021)) == "2002–2004, 2018, 2020–2021"
    assert year_spans(()) == ""

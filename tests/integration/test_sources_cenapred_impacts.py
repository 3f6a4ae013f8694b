"""CENAPRED's impact record on the real file: the README's counts and the row accounting.

The transforms' unit tests are in tests/unit/test_sources_cenapred_impacts.py.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from core.names import normalize_name
from etl.base import BuildContext
from etl.sources import cenapred_impacts as ci
from tests.readers import assert_balanced

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def loaded(raw_dir: Path, resolver):
    context = BuildContext(raw_dir=raw_dir, municipalities=pd.DataFrame(), resolver=resolver)
    return ci.read_file(raw_dir / ci.FILE), ci.load(raw_dir, context)


def test_every_row_is_loaded_or_rejected(loaded):
    raw, result = loaded
    assert_balanced(result)
    (account,) = result.accounts
    assert account.rows_read == len(raw) == 10_354
    assert account.rows_loaded + account.rows_rejected == 10_354
    impacts = result.tables["crisis_impacts"]
    assert impacts["event_key"].nunique() == account.rows_loaded
    assert len(result.rejects) == account.rows_rejected and result.rejects["reason"].notna().all()
    # every published row is one or the other, never both
    assert not set(impacts["source_row"]) & set(result.rejects["source_row"])
    assert set(impacts["source_row"]) | set(result.rejects["source_row"]) == set(raw["source_row"])


def test_program_years_as_events_before_place_resolution(loaded):
    raw, result = loaded
    years = pd.to_numeric(raw[ci.YEAR])
    assert years.between(2002, 2018).sum() == 7_396
    assert years.value_counts()[[2000, 2001]].tolist() == [44, 23]  # the README's sparse years
    impacts = result.tables["crisis_impacts"]
    inside = raw.loc[years.between(2002, 2018), "source_row"]
    loaded_inside = impacts.loc[impacts["source_row"].isin(inside), "event_key"].nunique()
    rejected_inside = result.rejects["source_row"].isin(inside).sum()
    assert loaded_inside + rejected_inside == 7_396


def test_unknown_municipalities_are_state_level_never_none(loaded):
    raw, result = loaded
    impacts = result.tables["crisis_impacts"]
    various = raw.loc[raw[ci.PLACES].map(normalize_name).str.startswith("varios municipios"), "source_row"]
    assert len(various) == 1_328  # the README's count
    rows = impacts[impacts["source_row"].isin(various)]
    rejected = result.rejects["source_row"].isin(various).sum()  # "Varios Estados": no state named
    assert rows["source_row"].nunique() + rejected == 1_328 and rejected == 4
    assert (rows["scope"] == "state").all() and rows["cvegeo"].isna().all()
    assert (rows["match_method"] == ci.LIST_UNKNOWN).all()
    municipal = impacts["scope"] == "municipality"
    assert impacts.loc[municipal, "cvegeo"].notna().all() and impacts.loc[~municipal, "cvegeo"].isna().all()
    assert set(impacts.loc[municipal, "match_method"]) <= {"exact", "alias", "fuzzy", "prefix"}


def test_multi_state_cells_and_groups(loaded):
    raw, result = loaded
    impacts = result.tables["crisis_impacts"]
    popo = raw.loc[raw[ci.STATE] == "CDMX, Estado de Mexico, Morelos, Puebla, Tlaxcala", "source_row"].iloc[0]
    event = impacts[impacts["source_row"] == popo]
    assert sorted(event["cve_ent"]) == ["09", "15", "17", "21", "29"]
    assert event.loc[event["scope"] == "municipality", "cvegeo"].tolist() == ["15009"]  # Amecameca
    assert set(impacts["phenomenon_group"]) == set(ci.COVERAGE.groups)
    fires = impacts["phenomenon_type"] == "Incendio forestal"
    assert (impacts.loc[fires, "phenomenon_group"] == "incendio").all() and impacts.loc[fires, "is_natural"].all()
    assert impacts["year"].between(2000, 2024).all()

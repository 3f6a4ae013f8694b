"""The Cuenta Pública reader on the real files: S061's federal subsidies exercised, as SHCP published them."""
from __future__ import annotations

import pytest

from etl.base import BuildContext
from etl.sources import cuenta_publica

EXERCISED_SUBSIDIES_M = {2013: 486.3, 2014: 488.0, 2015: 485.2, 2016: 514.2, 2017: 440.0, 2018: 298.9, 2019: 0.0}


def test_exercised_subsidies_2013_2019_and_2020_not_funded(raw_dir):
    result = cuenta_publica.load(raw_dir, BuildContext(raw_dir=raw_dir, municipalities=None))
    table = result.tables["program_federal_budget"]
    spent = table[table["stage"] == "ejercido"].set_index("year")
    for year, millions in EXERCISED_SUBSIDIES_M.items():
        assert spent.loc[year, "subsidies_mxn"] / 1e6 == pytest.approx(millions, abs=0.05), year
    assert spent.loc[2019, "total_mxn"] / 1e6 == pytest.approx(12.5, abs=0.05)  # staff costs only
    assert spent.loc[2020, "note"] == cuenta_publica.NOT_FUNDED and table.loc[table["year"] == 2020, "subsidies_mxn"].isna().all()
    assert len(table) == 8 * 4
    assert all(a.balanced for a in result.accounts) and len(result.accounts) == 8

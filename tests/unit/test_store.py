"""The contract enforces columns and dtypes; a failed build leaves the previous SQLite store."""
from __future__ import annotations

import pandas as pd
import pytest

from store.database import read_table, open_engine, replacing_store, write_tables
from store.schema import conform


def _states(n: int = 2) -> pd.DataFrame:
    return pd.DataFrame({"cve_ent": [f"{i:02d}" for i in range(1, n + 1)],
                         "state_name": ["Aguascalientes", "Baja California"][:n], "state_abbr": ["Ags.", "BC"][:n]})


def test_conform_orders_and_casts_columns():
    df = pd.DataFrame({"state_abbr": ["Ags."], "state_name": ["Aguascalientes"], "cve_ent": ["01"]})
    out = conform(df, "states")
    assert list(out.columns) == ["cve_ent", "state_name", "state_abbr"]
    assert str(out["cve_ent"].dtype) == "string"


def test_conform_names_missing_and_unexpected_columns():
    df = pd.DataFrame({"cve_ent": ["01"], "state_name": ["Aguascalientes"], "abbr": ["Ags."]})
    with pytest.raises(ValueError, match=r"missing \['state_abbr'\], unexpected \['abbr'\]"):
        conform(df, "states")


def test_conform_rejects_nulls_in_not_null_columns():
    df = _states().assign(state_name=[None, "Baja California"])
    with pytest.raises(ValueError, match="state_name.*1 nulls"):
        conform(df, "states")


def test_replacing_store_swaps_on_success_and_keeps_old_on_failure(tmp_path):
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    with replacing_store(url) as conn:
        write_tables(conn, {"states": _states(1)})
    engine = open_engine(url, read_only=True)
    assert len(read_table(engine, "states")) == 1
    engine.dispose()

    with pytest.raises(RuntimeError, match="reader failed"):
        with replacing_store(url) as conn:
            write_tables(conn, {"states": _states(2)})
            raise RuntimeError("reader failed")
    engine = open_engine(url, read_only=True)
    assert len(read_table(engine, "states")) == 1  # the previous store is intact
    engine.dispose()
    assert list(tmp_path.iterdir()) == [tmp_path / "store.sqlite"]  # no temp file left behind


def test_read_table_refuses_unknown_tables(tmp_path):
    engine = open_engine(f"sqlite:///{tmp_path / 's.sqlite'}")
    with pytest.raises(ValueError, match="unknown table 'nope'"):
        read_table(engine, "nope")

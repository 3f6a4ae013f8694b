"""The store on PostgreSQL (DATABASE_URL): the same build, replaced in one transaction.

Runs when MAPA3X1_TEST_PG_URL points at an empty database (`.ci/run` starts a throwaway cluster);
skipped otherwise, with the reason shown by pytest -rs.
"""
from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from etl.build import build
from store.database import open_engine, read_table, replacing_store, write_tables

PG_URL = os.environ.get("MAPA3X1_TEST_PG_URL")
pytestmark = [pytest.mark.integration,
              pytest.mark.skipif(not PG_URL, reason="MAPA3X1_TEST_PG_URL not set (no PostgreSQL server)")]


def test_full_build_on_postgresql(raw_dir: Path, tmp_path: Path):
    result = build(raw_dir, tmp_path, db_url=PG_URL, progress=lambda _line: None, with_layers=False)
    engine = open_engine(PG_URL)
    assert len(read_table(engine, "municipalities")) == 2475
    accounting = read_table(engine, "source_accounting")
    assert (accounting["rows_read"] == accounting["rows_loaded"] + accounting["rows_rejected"]).all()
    assert result.report.balanced
    engine.dispose()


def test_failed_write_leaves_the_previous_postgresql_store():
    states = pd.DataFrame({"cve_ent": ["01"], "state_name": ["Aguascalientes"], "state_abbr": ["Ags."]})
    with replacing_store(PG_URL) as conn:
        write_tables(conn, {"states": states})
    with pytest.raises(RuntimeError, match="interrupted"):
        with replacing_store(PG_URL) as conn:
            write_tables(conn, {"states": pd.concat([states, states.assign(cve_ent="02")])})
            raise RuntimeError("interrupted")
    engine = open_engine(PG_URL)
    assert read_table(engine, "states")["cve_ent"].tolist() == ["01"]
    engine.dispose()

"""Integration fixtures: the place resolver over the real names (see tests/conftest.py for the raw folder)."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from etl.places import PlaceResolver


def _real_states(raw_dir: Path) -> pd.DataFrame:
    topo = json.loads((raw_dir / "boundaries/mx-geo-topojson/estados.topo.json").read_text(encoding="utf-8"))
    props = [g["properties"] for g in next(iter(topo["objects"].values()))["geometries"]]
    return pd.DataFrame({"cve_ent": [p["cve"] for p in props], "state_name": [p["nombre"] for p in props],
                         "state_abbr": [p["abr"] for p in props]})


def _real_names(raw_dir: Path) -> pd.DataFrame:
    index = pd.read_json(raw_dir / "boundaries/mx-geo-topojson/municipios-index.json", dtype={"cvegeo": str})
    coneval = pd.read_csv(raw_dir / "coneval/indicadores de pobreza municipal_2010.csv", encoding="latin-1",
                          dtype=str, usecols=["clave_municipio", "municipio"])
    return pd.concat([
        pd.DataFrame({"cvegeo": index["cvegeo"], "name": index["nombre"], "name_source": "canonical"}),
        pd.DataFrame({"cvegeo": coneval["clave_municipio"].str.zfill(5), "name": coneval["municipio"],
                      "name_source": "coneval_2010"}),
    ], ignore_index=True)


@pytest.fixture(scope="session")
def resolver(raw_dir: Path) -> PlaceResolver:
    """A resolver over the real canonical names and the CONEVAL 2010 spellings."""
    return PlaceResolver.from_names(_real_states(raw_dir), _real_names(raw_dir))

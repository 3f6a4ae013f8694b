"""Shared fixtures. Raw data is read from ../shared/data (or MAPA3X1_RAW_DIR) at run time;
tests copy small samples into tmp_path and never write into the raw folder."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd
import pytest

from etl.places import PlaceResolver

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def shared_raw_dir() -> Path:
    env = os.environ.get("MAPA3X1_RAW_DIR")
    return Path(env) if env else (PROJECT_ROOT.parent / "shared" / "data")


@pytest.fixture(scope="session")
def raw_dir() -> Path:
    path = shared_raw_dir()
    if not (path / "MANIFEST.csv").exists():
        pytest.fail(f"raw data not found at {path}; set MAPA3X1_RAW_DIR or place shared/data beside the project")
    return path


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


@pytest.fixture(scope="session")
def built_store(raw_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    """One full build on the real raw data, shared by the integration and browser tests (about 30 s)."""
    from etl.build import build

    build_dir = tmp_path_factory.mktemp("build")
    return build(raw_dir, build_dir, progress=lambda _line: None), build_dir

"""Fixtures on the real raw data, for the integration and browser tests only.

Raw data is read from ../shared/data (or MAPA3X1_RAW_DIR) at run time; tests copy small samples into
tmp_path and never write into the raw folder. Unit tests (tests/unit) are hermetic: their conftest
refuses these fixtures and any file opened under the raw folder.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def shared_raw_dir() -> Path:
    """MAPA3X1_RAW_DIR, else ../shared/data beside the project."""
    env = os.environ.get("MAPA3X1_RAW_DIR")
    return Path(env) if env else (PROJECT_ROOT.parent / "shared" / "data")


@pytest.fixture(scope="session")
def raw_dir() -> Path:
    path = shared_raw_dir()
    if not (path / "MANIFEST.csv").exists():
        pytest.fail(f"raw data not found at {path}; set MAPA3X1_RAW_DIR or place shared/data beside the project")
    return path


@pytest.fixture(scope="session")
def built_store(raw_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    """One full build on the real raw data, shared by the integration and browser tests (about 30 s)."""
    from etl.build import build

    build_dir = tmp_path_factory.mktemp("build")
    return build(raw_dir, build_dir, progress=lambda _line: None), build_dir

"""Shared fixtures. Raw data is read from ../shared/data (or MAPA3X1_RAW_DIR) at run time;
tests copy small samples into tmp_path and never write into the raw folder."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

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

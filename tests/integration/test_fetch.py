"""The project manifest (etl/raw_manifest.csv) against the real raw folder's MANIFEST.csv and files.

`fetch` itself is unit-tested against a local server (tests/unit/test_fetch.py).
"""
from __future__ import annotations

import csv

import pytest

from etl import fetch as fx

pytestmark = pytest.mark.integration


def test_project_manifest_matches_the_shared_raw_folder(raw_dir):
    with (raw_dir / "MANIFEST.csv").open(encoding="utf-8", newline="") as handle:
        shared = {r["file"]: r for r in csv.DictReader(handle)}
    entries = fx.read_manifest()
    assert {e.file for e in entries} == set(shared)
    for e in entries:
        source = shared[e.file]
        assert (e.sha256, e.bytes, e.conversion) == (source["sha256"], int(source["bytes"]), source["conversion"])
        if not e.conversion:  # directly downloadable: the exact file at the commit
            assert e.url.startswith(f"https://raw.githubusercontent.com/{source['republished_by']}/{source['commit']}/")
            assert " " not in e.url
    assert fx.verify(raw_dir) == {}

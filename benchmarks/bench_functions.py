"""Timings of three functions whose speed unit tests used to assert (timing belongs here, not in tests):

- `PlaceResolver.resolve_frame` on 5,000 rows against the real names (was: < 0.5 s);
- the search box's `search` on a 100,000-character input over a 52,500-row index (was: < 1 s);
- `geodata.boundaries.load_boundaries` on the real boundary files (was: < 30 s, about 5 s).

Prints figures (best of `--repeat`); asserts nothing. Needs the raw folder for the first and last
(MAPA3X1_RAW_DIR, else ../shared/data beside the project).

Usage: python benchmarks/bench_functions.py [--repeat 3]
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from mapa3x1.cli import default_raw_dir  # noqa: E402


def _best(fn, repeat: int) -> float:
    """The fastest of `repeat` runs of fn(), in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def bench_resolve_frame(raw: Path, repeat: int) -> float:
    """resolve_frame on the test's four rows (fuzzy, ambiguous, exact, conflicting key) x 1,250."""
    from etl.places import PlaceResolver

    topo = json.loads((raw / "boundaries/mx-geo-topojson/estados.topo.json").read_text(encoding="utf-8"))
    props = [g["properties"] for g in topo["objects"]["estados"]["geometries"]]
    states = pd.DataFrame({"cve_ent": [p["cve"] for p in props], "state_name": [p["nombre"] for p in props],
                           "state_abbr": [p["abr"] for p in props]})
    index = pd.read_json(raw / "boundaries/mx-geo-topojson/municipios-index.json", dtype={"cvegeo": str})
    names = pd.DataFrame({"cvegeo": index["cvegeo"], "name": index["nombre"], "name_source": "canonical"})
    resolver = PlaceResolver.from_names(states, names)
    base = pd.DataFrame({"estado": ["Guerrero", "Oaxaca", None, "Zacatecas"],
                         "municipio": ["IIiatenco", "San Pedro Mixtepec", "Guadalupe y Calvo", "Guadalupe"],
                         "clave": [None, None, None, "32020"]})
    big = pd.concat([base] * 1250, ignore_index=True)
    return _best(lambda: resolver.resolve_frame(big, "estado", "municipio", "clave"), repeat)


def bench_search_long_input(repeat: int) -> tuple[float, float]:
    """search() on hostile and ordinary input over an invented index of 2,500 towns and 50,000 localities."""
    from core.names import normalize_name
    from dashapp.queries.search import build_index, search
    from dashapp.store import Snapshot

    keys = [f"{1 + i % 32:02d}{1 + i // 32:03d}" for i in range(2500)]
    munis = pd.DataFrame({"cvegeo": keys, "municipality_name": [f"San Juan {i}" for i in range(2500)],
                          "state_name": "Oaxaca", "population_2020": 1000, "cve_ent": [k[:2] for k in keys]})
    names = pd.DataFrame({"cvegeo": munis["cvegeo"], "name": munis["municipality_name"],
                          "name_normalized": munis["municipality_name"].map(normalize_name), "name_source": "canonical"})
    locs = pd.DataFrame({"cvegeo_loc": [f"{keys[i % 2500]}{i // 2500 + 1:04d}" for i in range(50_000)],
                         "locality_name": [f"Rancho {i}" for i in range(50_000)], "population": 10})
    locs["cvegeo"] = locs["cvegeo_loc"].str[:5]
    locs["locality_name_normalized"] = locs["locality_name"].map(normalize_name)
    index = build_index(Snapshot(tables={"municipalities": munis, "place_names": names, "localities": locs},
                                 version="bench"))
    return (_best(lambda: search(index, "x" * 100_000), repeat), _best(lambda: search(index, "san juan 12"), repeat))


def bench_load_boundaries(raw: Path, repeat: int) -> float:
    from geodata.boundaries import load_boundaries

    return _best(lambda: load_boundaries(raw), repeat)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    raw = default_raw_dir()
    hostile, ordinary = bench_search_long_input(args.repeat)
    print(f"search, 100,000-character input           {hostile * 1000:8.1f} ms")
    print(f"search, 'san juan 12'                     {ordinary * 1000:8.1f} ms")
    if not (raw / "MANIFEST.csv").exists():
        print(f"no raw folder at {raw}: resolve_frame and load_boundaries not timed")
        return 0
    print(f"resolve_frame, 5,000 rows                 {bench_resolve_frame(raw, args.repeat) * 1000:8.1f} ms")
    print(f"load_boundaries, real files (best of {max(1, args.repeat // 3)})   "
          f"{bench_load_boundaries(raw, max(1, args.repeat // 3)):8.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

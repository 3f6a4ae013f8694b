"""ETL benchmark: wall time and peak memory of a full `mapa3x1 build`, against a floor measured in
the same run (the time to merely read every raw file with pandas/pyogrio, no cleaning, no store).

Targets (issue 2): build <= 60 s and <= 2 GB peak RSS on the 2-core CI machine. Prints figures;
asserts nothing (benchmarks are read by people, not by the test suite).
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FLOOR_SCRIPT = """
import sys, pandas as pd, pyogrio
from pathlib import Path
raw = Path(sys.argv[1])
for p in sorted(raw.rglob('*')):
    if p.suffix == '.csv': pd.read_csv(p, dtype=str, encoding='latin-1', on_bad_lines='skip', engine='python' if 'poblacion' in p.name else 'c')
    elif p.suffix == '.parquet': pd.read_parquet(p)
    elif p.suffix == '.xlsx': pd.read_excel(p, sheet_name=None, header=None)
    elif p.suffix in ('.gpkg',) or (p.suffix == '.json' and 'municipios-index' not in p.name): pyogrio.read_dataframe(p)
"""


WRAPPER = (
    "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def _run(cmd: list[str]) -> tuple[float, float]:
    """Run `cmd` under a fresh wrapper process; return (wall seconds, peak RSS in MB of that command alone)."""
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", WRAPPER, *cmd], check=True, capture_output=True, text=True)
    wall = time.perf_counter() - start
    return wall, int(out.stdout.strip().splitlines()[-1]) / 1024


def main() -> None:
    from mapa3x1.cli import default_raw_dir

    raw = default_raw_dir()
    floor_s, floor_mb = _run([sys.executable, "-c", FLOOR_SCRIPT, str(raw)])
    with tempfile.TemporaryDirectory() as tmp:
        build_s, build_mb = _run([sys.executable, "-m", "mapa3x1", "build", "--raw-dir", str(raw), "--build-dir", tmp])
        db_mb = (Path(tmp) / "mapa3x1.sqlite").stat().st_size / 1e6
    print(f"ETL benchmark ({time.strftime('%Y-%m-%d')}, raw data: {raw})")
    print(f"{'measure':<38}{'value':>12}   target")
    print(f"{'read-only floor (all raw files)':<38}{floor_s:>10.1f} s")
    print(f"{'full build, wall time':<38}{build_s:>10.1f} s   <= 60 s")
    print(f"{'full build / read-only floor':<38}{build_s / floor_s:>10.1f} x")
    print(f"{'peak RSS, read-only floor':<38}{floor_mb:>9.0f} MB")
    print(f"{'peak RSS, full build':<38}{build_mb:>9.0f} MB   <= 2048 MB")
    print(f"{'store size (SQLite)':<38}{db_mb:>9.1f} MB")


if __name__ == "__main__":
    main()

"""Build the map layers in a separate process, beside the tabular ETL.

The layers take about as long as everything else in the build together (coverage cleaning and
simplification of 3.7 million vertices), and they depend on the boundary files only, so the build
runs them on the second core. The job writes into a staging folder; the build moves it into place
just before it swaps in the new store, so a failed build changes neither.
"""
from __future__ import annotations

import multiprocessing
import shutil
import traceback
from pathlib import Path

ERROR_FILE = "ERROR.txt"


def _run(raw_dir: str, staging: str) -> None:
    """Child process: read the boundaries, write every layer into `staging`; on failure write why."""
    from geodata.boundaries import load_boundaries
    from geodata.layers import write_layers

    try:
        boundaries = load_boundaries(Path(raw_dir))
        write_layers(boundaries.municipalities, boundaries.states, Path(staging))
    except BaseException as exc:  # reported to the parent, which decides what to raise
        Path(staging).mkdir(parents=True, exist_ok=True)
        detail = str(exc) if exc.__class__.__name__ in ("RawDataError", "FetchError") else traceback.format_exc()
        (Path(staging) / ERROR_FILE).write_text(detail, encoding="utf-8")
        raise SystemExit(1) from None


class LayerJob:
    """A running layer build: `start()`, then `finish()` (wait and move into place) or `cancel()`."""

    def __init__(self, raw_dir: Path, out_dir: Path, enabled: bool = True):
        self.enabled = enabled
        self.out_dir = Path(out_dir)
        self.staging = self.out_dir.with_name(f".{self.out_dir.name}-staging")
        self._process = multiprocessing.get_context("spawn").Process(
            target=_run, args=(str(raw_dir), str(self.staging)), name="mapa3x1-layers", daemon=True)

    def start(self) -> LayerJob:
        shutil.rmtree(self.staging, ignore_errors=True)
        if self.enabled:
            self._process.start()
        return self

    def finish(self) -> int:
        """Wait for the child; move its layers into out_dir. Returns the number of files written."""
        if not self.enabled:
            return 0
        self._process.join()
        error = self.staging / ERROR_FILE
        if self._process.exitcode != 0 or error.exists():
            why = error.read_text(encoding="utf-8") if error.exists() else f"exit code {self._process.exitcode}"
            shutil.rmtree(self.staging, ignore_errors=True)
            raise RuntimeError(f"map layers could not be built: {why}")
        old = self.out_dir.with_name(f".{self.out_dir.name}-old")
        shutil.rmtree(old, ignore_errors=True)
        if self.out_dir.exists():
            self.out_dir.rename(old)
        self.staging.rename(self.out_dir)
        shutil.rmtree(old, ignore_errors=True)
        return sum(1 for p in self.out_dir.rglob("*") if p.is_file())

    def cancel(self) -> None:
        """Stop the child (the build failed elsewhere) and remove its staging folder."""
        if self.enabled and self._process.is_alive():
            self._process.terminate()
            self._process.join(10)
        shutil.rmtree(self.staging, ignore_errors=True)

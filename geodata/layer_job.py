"""Build the map layers in a separate process, beside the tabular ETL.

The layers take about as long as everything else in the build together (coverage cleaning and
simplification of 3.7 million vertices), and they depend on the boundary files only, so the build
runs them on the second core. The job writes into a staging folder; the build moves it into place
just before it swaps in the new store, so a failed build changes neither.

A failure comes back through a pipe: a RawDataError as itself (it pickles with its fields), so the
build reports bad raw data the same way whichever process read it; anything else as its traceback.
"""
from __future__ import annotations

import multiprocessing
import shutil
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path

from core.errors import RawDataError


def build_layers(raw_dir: Path, staging: Path) -> None:
    """The child's work: read the boundaries, write every layer into `staging`."""
    from geodata.boundaries import load_boundaries
    from geodata.layers import write_layers

    boundaries = load_boundaries(raw_dir)
    write_layers(boundaries.municipalities, boundaries.states, staging)


def _run(work: Callable[[Path, Path], None], raw_dir: str, staging: str, report: Connection) -> None:
    """Child process: run `work`, then send None (done), the RawDataError, or the traceback text."""
    try:
        work(Path(raw_dir), Path(staging))
        report.send(None)
    except BaseException as exc:  # reported to the parent, which decides what to raise
        report.send(exc if isinstance(exc, RawDataError) else traceback.format_exc())
        raise SystemExit(1) from None
    finally:
        report.close()


class LayerJob:
    """A running layer build: `start()`, then `finish()` (wait and move into place) or `cancel()`.

    `work(raw_dir, staging)` is what the child runs (a module-level function, so the spawned
    process can import it); by default `build_layers`.
    """

    def __init__(self, raw_dir: Path, out_dir: Path, enabled: bool = True,
                 work: Callable[[Path, Path], None] = build_layers):
        self.enabled = enabled
        self.out_dir = Path(out_dir)
        self.staging = self.out_dir.with_name(f".{self.out_dir.name}-staging")
        context = multiprocessing.get_context("spawn")
        self._outcome, sender = context.Pipe(duplex=False)
        self._sender: Connection | None = sender
        self._process = context.Process(target=_run, args=(work, str(raw_dir), str(self.staging), sender),
                                        name="mapa3x1-layers", daemon=True)

    def start(self) -> LayerJob:
        shutil.rmtree(self.staging, ignore_errors=True)
        if self.enabled:
            self._process.start()
        self._close_sender()  # the child holds its own end; ours would keep recv() from seeing it die
        return self

    def _close_sender(self) -> None:
        if self._sender is not None:
            self._sender.close()
            self._sender = None

    def finish(self) -> int:
        """Wait for the child; move its layers into out_dir. Returns the number of files written.

        Raises the child's RawDataError as such, anything else as RuntimeError with its traceback.
        """
        if not self.enabled:
            return 0
        try:
            outcome = self._outcome.recv()  # before join: a long traceback must not block the child's send
        except EOFError:  # the child died without a word (killed)
            outcome = None
        self._process.join()
        if outcome is None and self._process.exitcode != 0:
            outcome = f"exit code {self._process.exitcode}"
        if outcome is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
            if isinstance(outcome, RawDataError):
                raise outcome
            raise RuntimeError(f"map layers could not be built: {outcome}")
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
        self._close_sender()
        shutil.rmtree(self.staging, ignore_errors=True)

"""Unit tests are hermetic: they build what they read (inline frames, small files in tmp_path).

Two guards make that checkable on any machine, raw folder present or not:
- a unit test that asks for a fixture of the real data (`raw_dir`, `resolver`, `built_store`) fails at setup;
- a unit test that opens a file or lists a folder under the raw folder (../shared/data beside the project,
  ../shared/data beside the working directory, or MAPA3X1_RAW_DIR) fails, even if the code under test
  swallowed the error. Files read by C libraries (GDAL, Arrow) escape the audit hook; running the unit
  tests from a copy with no raw folder beside it covers those.
Tests of the real files live in tests/integration.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import PROJECT_ROOT, shared_raw_dir

RAW_FIXTURES = frozenset({"raw_dir", "resolver", "built_store"})
_AUDITED = frozenset({"open", "os.listdir", "os.scandir"})


class RawFolderAccess(RuntimeError):
    """A unit test touched the raw folder."""


class _Guard:
    """The audit hook's state: on only while a unit test runs (set-up, call, tear-down)."""

    def __init__(self) -> None:
        self.active = False
        self.roots: tuple[str, ...] = ()
        self.seen: list[str] = []

    def arm(self) -> None:
        roots = {shared_raw_dir(), PROJECT_ROOT.parent / "shared" / "data", Path.cwd().parent / "shared" / "data"}
        expanded = {os.path.abspath(r) for r in roots} | {os.path.realpath(r) for r in roots}
        self.roots = tuple(r.rstrip(os.sep) + os.sep for r in expanded)
        self.seen = []
        self.active = True

    def __call__(self, event: str, args: tuple) -> None:
        if not self.active or event not in _AUDITED or not args:
            return
        target = args[0]
        if isinstance(target, int) or target is None:  # an open file descriptor, or scandir(None)
            return
        try:
            path = os.path.abspath(os.fsdecode(target)) + os.sep
        except (TypeError, ValueError):
            return
        if path.startswith(self.roots):
            self.active = False  # the report below must not trip the hook again
            self.seen.append(f"{event} {os.fsdecode(target)}")
            self.active = True
            raise RawFolderAccess(f"unit test touched the raw folder: {event} {os.fsdecode(target)!r}")


_GUARD = _Guard()
sys.addaudithook(_GUARD)  # cannot be removed; it does nothing unless a unit test is running


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Refuse the real-data fixtures, then watch the raw folder until the test's tear-down ends."""
    asked = RAW_FIXTURES & set(getattr(item, "fixturenames", ()))
    if asked:
        pytest.fail(f"unit tests are hermetic: {item.nodeid} uses {sorted(asked)}; "
                    "move it to tests/integration or build its input in tmp_path", pytrace=False)
    _GUARD.arm()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item):
    """Stop watching; fail the test if it touched the raw folder, even where the error was caught."""
    yield
    _GUARD.active = False
    if _GUARD.seen:
        seen, _GUARD.seen = _GUARD.seen, []
        pytest.fail(f"unit test touched the raw folder: {seen[:3]}", pytrace=False)


# --- an inline place base: the 32 states and ten municipalities, as the boundaries give them ---------

STATES = pd.DataFrame([
    ("01", "Aguascalientes", "Ags."), ("02", "Baja California", "BC"), ("03", "Baja California Sur", "BCS"),
    ("04", "Campeche", "Camp."), ("05", "Coahuila de Zaragoza", "Coah."), ("06", "Colima", "Col."),
    ("07", "Chiapas", "Chis."), ("08", "Chihuahua", "Chih."), ("09", "Ciudad de México", "CDMX"),
    ("10", "Durango", "Dgo."), ("11", "Guanajuato", "Gto."), ("12", "Guerrero", "Gro."), ("13", "Hidalgo", "Hgo."),
    ("14", "Jalisco", "Jal."), ("15", "México", "Méx."), ("16", "Michoacán de Ocampo", "Mich."),
    ("17", "Morelos", "Mor."), ("18", "Nayarit", "Nay."), ("19", "Nuevo León", "NL"), ("20", "Oaxaca", "Oax."),
    ("21", "Puebla", "Pue."), ("22", "Querétaro", "Qro."), ("23", "Quintana Roo", "Q.R."),
    ("24", "San Luis Potosí", "SLP"), ("25", "Sinaloa", "Sin."), ("26", "Sonora", "Son."), ("27", "Tabasco", "Tab."),
    ("28", "Tamaulipas", "Tamps."), ("29", "Tlaxcala", "Tlax."), ("30", "Veracruz de Ignacio de la Llave", "Ver."),
    ("31", "Yucatán", "Yuc."), ("32", "Zacatecas", "Zac."),
], columns=["cve_ent", "state_name", "state_abbr"])

MUNICIPALITIES = pd.DataFrame([
    ("01001", "Aguascalientes"), ("01002", "Asientos"), ("01003", "Calvillo"), ("06001", "Armería"),
    ("06002", "Colima"), ("06007", "Manzanillo"), ("06008", "Minatitlán"), ("32017", "Guadalupe"),
    ("32020", "Jerez"), ("32038", "Pinos"),
], columns=["cvegeo", "municipality_name"])


@pytest.fixture()
def states() -> pd.DataFrame:
    """The 32 states: cve_ent, state_name, state_abbr (the abbreviations of the boundary files)."""
    return STATES.copy()


@pytest.fixture()
def municipalities() -> pd.DataFrame:
    """A ten-municipality base with the columns of BuildContext.municipalities."""
    base = MUNICIPALITIES.assign(cve_ent=MUNICIPALITIES["cvegeo"].str[:2], cve_mun=MUNICIPALITIES["cvegeo"].str[2:])
    base = base.merge(STATES[["cve_ent", "state_name"]], on="cve_ent", how="left")
    return base[["cvegeo", "cve_ent", "cve_mun", "state_name", "municipality_name"]]

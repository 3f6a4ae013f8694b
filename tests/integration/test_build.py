"""The whole build on the real raw data: counts, accounting, atomic replacement on bad input."""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from etl.build import build
from store.database import open_engine, read_table

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def built(built_store):
    result, build_dir = built_store
    engine = open_engine(result.db_url, read_only=True)
    yield result, engine, build_dir
    engine.dispose()


def test_municipalities_are_the_2475_keys(built):
    _, engine, _ = built
    municipalities = read_table(engine, "municipalities")
    assert len(municipalities) == 2475
    assert municipalities["cvegeo"].is_unique
    assert municipalities["cvegeo"].str.fullmatch(r"\d{5}").all()
    # Mulegé is missing from the full-resolution set and must come from the TopoJSON set
    mulege = municipalities.set_index("cvegeo").loc["03002"]
    assert mulege["geometry_source"] == "mx_geo_topojson"
    # the 6 municipalities created after the 2020 census have no census population
    assert municipalities["population_2020"].isna().sum() == 6
    assert municipalities["population_2020"].sum() == 126_014_024


def test_2017_earthquake_declarations_give_725_municipalities(built):
    _, engine, _ = built
    events = read_table(engine, "crisis_events")
    quake = events[events["source_file"] == "disasters/declaratorias_sismos_septiembre_2017.csv"]
    assert quake["cvegeo"].nunique() == 725
    assert set(quake["phenomenon_group"]) == {"geológico"}
    later = events[events["source_file"] == "disasters/declaratorias_desastre_4to_trim_2025.csv"]
    assert later["source_row"].min() >= 2  # header is line 1
    assert set(later["phenomenon_group"]) <= {"geológico", "hidrometeorológico", "incendio"}
    # every declaration lies in a year its source declares it covers; 2018 and 2002-2016 are covered by none
    coverage = read_table(engine, "crisis_coverage")
    declarations = coverage[coverage["record_kind"] == "declaration"]
    assert set(declarations["year"]) == {2017, *range(2019, 2026)}
    covered = set(zip(declarations["year"], declarations["phenomenon_group"]))
    assert set(zip(events["year"], events["phenomenon_group"])) <= covered


def test_cenapred_impacts_are_stored_apart_from_the_declarations(built):
    _, engine, _ = built
    impacts = read_table(engine, "crisis_impacts")
    accounting = read_table(engine, "source_accounting").set_index("source_file")
    account = accounting.loc["disasters/cenapred_impacto_socioeconomico_2000_2024.xlsx"]
    assert account["rows_read"] == 10_354 == account["rows_loaded"] + account["rows_rejected"]
    assert impacts["event_key"].nunique() == account["rows_loaded"]
    assert set(impacts["scope"]) == {"municipality", "state"}
    assert impacts.loc[impacts["scope"] == "state", "cvegeo"].isna().all()
    coverage = read_table(engine, "crisis_coverage")
    assert set(coverage.loc[coverage["record_kind"] == "impact", "year"]) == set(range(2000, 2025))
    covered = set(zip(coverage["year"], coverage["phenomenon_group"]))
    assert set(zip(impacts["year"], impacts["phenomenon_group"])) <= covered


def test_every_file_balances_and_rejects_are_stored(built):
    result, engine, build_dir = built
    accounting = read_table(engine, "source_accounting")
    assert len(accounting) >= 30  # every raw data file is accounted for
    assert (accounting["rows_read"] == accounting["rows_loaded"] + accounting["rows_rejected"]).all()
    with engine.connect() as conn:
        per_file = dict(conn.execute(text("SELECT source_file, COUNT(*) FROM rejected_rows GROUP BY source_file")).all())
    for row in accounting.itertuples():
        assert per_file.get(row.source_file, 0) >= row.rows_rejected, row.source_file
    assert (build_dir / "quality_report.md").exists() and (build_dir / "quality_report.json").exists()
    assert result.report.balanced


def test_indicators_queryable_by_municipality_indicator_year(built):
    _, engine, _ = built
    values = read_table(engine, "indicator_values", "indicator_id = :i AND year = :y", {"i": "poverty_pct", "y": 2020})
    assert values.set_index("cvegeo").loc["01001", "value"] == pytest.approx(23.7)
    missing_2020 = {"04012", "07125", "29048"}  # published as n.d
    assert missing_2020.isdisjoint(set(values.loc[values["value"].notna(), "cvegeo"]))
    deflators = read_table(engine, "deflators").set_index("year")
    assert deflators.loc[2018, "factor_to_base"] == pytest.approx(1.0)
    assert deflators.loc[2010, "factor_to_base"] > 1.0


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_corrupted_file_fails_clearly_and_keeps_the_last_good_store(built, raw_dir: Path, tmp_path: Path):
    result, _, build_dir = built
    db_file = Path(result.db_url.removeprefix("sqlite:///"))
    before = _sha(db_file)
    # a copy of the raw folder made of symlinks, except one file whose column was renamed
    broken = tmp_path / "raw"
    target = "coneval/indicadores de pobreza municipal_2020.csv"
    for path in raw_dir.rglob("*"):
        if path.is_file():
            dest = broken / path.relative_to(raw_dir)
            dest.parent.mkdir(parents=True, exist_ok=True)
            if path.relative_to(raw_dir).as_posix() == target:
                dest.write_bytes(path.read_bytes().replace(b"pobreza_e,", b"pobreza_extrema,", 1))
            else:
                os.symlink(path, dest)
    proc = subprocess.run(
        [sys.executable, "-m", "mapa3x1", "build", "--raw-dir", str(broken), "--build-dir", str(build_dir)],
        capture_output=True, text=True,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert target in proc.stderr and "pobreza_e" in proc.stderr
    assert _sha(db_file) == before
    assert not list(build_dir.glob("*.building-*"))


def test_default_build_runs_on_a_labelled_demonstration_list(built):
    _, engine, build_dir = built
    projects = read_table(engine, "projects")
    assert len(projects) > 10_000
    assert projects["is_synthetic"].astype(bool).all()
    assert projects["club_name"].str.fullmatch(r"Club de demostración \d{3}").all()
    assert projects["cvegeo"].isin(read_table(engine, "municipalities")["cvegeo"]).all()
    calibration = read_table(engine, "calibration_results")
    assert len(calibration) == len(read_table(engine, "calibration_facts"))
    assert (build_dir / "calibration.md").exists()


PUBLISHED_LIST = (
    "EJERCICIO;ENTIDAD FEDERATIVA;MUNICIPIO;NOMBRE DEL PROYECTO;TIPO DE PROYECTO;APORTACION FEDERAL;"
    "APORTACION ESTATAL;APORTACION MUNICIPAL;APORTACION DE LOS MIGRANTES;CLUB DE MIGRANTES\n"
    "2010;ZACATECAS;JEREZ;PAVIMENTACION CALLE HIDALGO;INFRAESTRUCTURA;250,000.00;125,000.00;125,000.00;250,000.00;CLUB A\n"
    "2011;Zac.;GRAL. FRANCISCO R. MURGUIA;AGUA POTABLE;INFRAESTRUCTURA;$ 100,000;50,000;;100,000;CLUB B\n"
    "2011;Zac.;GRAL. FRANCISCO R. MURGUIA;AGUA POTABLE;INFRAESTRUCTURA;$ 100,000;50,000;;100,000;CLUB B\n"
    "2024;JALISCO;AMECA;BECAS;SERVICIOS;10,000;5,000;5,000;10,000;CLUB C\n"
    "2012;MICHOACAN;NO EXISTE;OBRA;INFRAESTRUCTURA;10,000;5,000;5,000;10,000;CLUB D\n"
    "2013;GUANAJUATO;DOLORES HIDALGO;CAMINO;INFRAESTRUCTURA;-5,000;5,000;5,000;10,000;CLUB E\n"
)


def test_build_with_a_real_list_imports_it_and_accounts_for_every_row(raw_dir: Path, tmp_path: Path):
    listing = tmp_path / "lista_3x1.csv"
    listing.write_bytes(PUBLISHED_LIST.encode("cp1252"))
    result = build(raw_dir, tmp_path / "build", progress=lambda _line: None, project_files=[listing],
                   with_layers=False)
    engine = open_engine(result.db_url, read_only=True)
    projects = read_table(engine, "projects")
    assert not projects["is_synthetic"].astype(bool).any()
    assert sorted(projects["cvegeo"]) == ["32014", "32020"]
    rejects = read_table(engine, "rejected_rows", "source_file = :f", {"f": "lista_3x1.csv"})
    assert len(rejects) == 4  # duplicate, year out of range, unknown place, negative amount
    account = read_table(engine, "source_accounting", "source_file = :f", {"f": "lista_3x1.csv"}).iloc[0]
    assert (account.rows_read, account.rows_loaded, account.rows_rejected) == (6, 2, 4)
    assert read_table(engine, "calibration_results").empty
    engine.dispose()


def test_the_build_writes_the_map_layers(built):
    _, _, build_dir = built
    layers = build_dir / "layers"
    assert (layers / "mun_national.pbf").stat().st_size < 500_000
    assert (layers / "mun_national.bin").stat().st_size < 500_000  # what the explorer draws first
    assert len(list((layers / "mun_state").glob("*.pbf"))) == 32
    assert not list(build_dir.glob(".layers-*"))  # staging folders are gone

"""Indicator readers: CONEVAL poverty and social lag, CONAPO marginalization and migration,
INEGI population and INPC.

Readers on samples cut at run time from the real files into tmp_path (the raw folder is never
written); real published facts on the full files. The transforms' unit tests are in
tests/unit/test_sources_indicators.py.
"""
from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from core.errors import RawDataError
from etl.base import BuildContext
from etl.sources import (
    conapo_marginalization,
    conapo_migration,
    coneval_poverty,
    coneval_social_lag,
    inegi_inpc,
    inegi_population,
)
from store.schema import conform

MODULES = [coneval_poverty, coneval_social_lag, conapo_marginalization, conapo_migration, inegi_population, inegi_inpc]
POVERTY_2020 = "coneval/indicadores de pobreza municipal_2020.csv"

pytestmark = pytest.mark.integration


@pytest.fixture(scope="session")
def context(raw_dir: Path) -> BuildContext:
    index = json.loads((raw_dir / "boundaries/mx-geo-topojson/municipios-index.json").read_text(encoding="utf-8"))
    base = pd.DataFrame(index).rename(columns={"nombre": "municipality_name"}).assign(state_name="")
    return BuildContext(raw_dir=raw_dir, municipalities=base[["cvegeo", "cve_ent", "cve_mun", "state_name", "municipality_name"]])


@pytest.fixture(scope="session")
def full(raw_dir: Path, context: BuildContext) -> dict:
    """Every reader run once on the full real data."""
    return {m.SOURCE_ID: m.load(raw_dir, context) for m in MODULES}


def cut_lines(raw_dir: Path, out_dir: Path, rel: str, lines: list[int], edit=None) -> Path:
    """Copy the given 1-based lines of a raw text file (bytes untouched, so encoding and CRLF stay)."""
    src = (raw_dir / rel).read_bytes().splitlines(keepends=True)
    chosen = [src[n - 1] for n in lines]
    if edit is not None:
        chosen = edit(chosen)
    dst = out_dir / rel
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.write_bytes(b"".join(chosen))
    return dst


def line_of(raw_dir: Path, rel: str, needle: str, encoding: str = "latin-1") -> int:
    return next(i for i, line in enumerate((raw_dir / rel).read_text(encoding=encoding).split("\n"), 1) if needle in line)


def values_of(result, indicator_id: str, year: int, cvegeo: str) -> pd.Series:
    v = result.tables["indicator_values"]
    rows = v[(v["indicator_id"] == indicator_id) & (v["year"] == year) & (v["cvegeo"] == cvegeo)]
    assert len(rows) == 1, rows
    return rows.iloc[0]


# --- readers on samples cut from the real files into tmp_path ----------------------------------

def line_of_key(raw_dir: Path, rel: str, column: str, key: str, encoding: str = "latin-1") -> int:
    """1-based line of the record whose `column` equals `key` (these files have no multi-line records)."""
    lines = (raw_dir / rel).read_text(encoding=encoding).split("\n")
    position = lines[0].strip().split(",").index(column)
    return next(i for i, line in enumerate(lines, 1) if line.split(",")[position:position + 1] == [key])


def poverty_sample(raw_dir: Path, tmp_path: Path, edit=None) -> None:
    for year in coneval_poverty.YEARS:
        rel = f"coneval/indicadores de pobreza municipal_{year}.csv"
        nd_key = {2010: None, 2015: "8010", 2020: "4012"}[year]  # Buenaventura, Seybaplaya: all n.d
        extra = [line_of_key(raw_dir, rel, "clave_municipio", nd_key)] if nd_key else []
        cut_lines(raw_dir, tmp_path, rel, [1, 2, 3, 4, 5, 6, *extra], edit if year == 2020 else None)


def test_poverty_sample(raw_dir: Path, tmp_path: Path, context: BuildContext) -> None:
    poverty_sample(raw_dir, tmp_path)
    result = coneval_poverty.load(tmp_path, context)
    counts = [(a.rows_read, a.rows_loaded, a.rows_rejected) for a in result.accounts]
    assert counts == [(5, 5, 0), (6, 5, 1), (6, 5, 1)]
    row = values_of(result, "poverty_pct", 2020, "01001")
    assert (row["value"], row["source_file"], row["source_row"]) == (23.7, POVERTY_2020, 2)
    assert values_of(result, "poverty_persons", 2020, "01001")["value"] == 218414.0
    nd = result.rejects[result.rejects["source_file"] == POVERTY_2020].iloc[0]
    assert nd["reason"] == "no data published (n.d) for any indicator" and nd["source_row"] == 7
    assert json.loads(nd["raw_values"])["municipio"] == "Seybaplaya"


def test_poverty_renamed_column_raises(raw_dir: Path, tmp_path: Path, context: BuildContext) -> None:
    poverty_sample(raw_dir, tmp_path, edit=lambda ls: [ls[0].replace(b",pobreza_e,", b",pobreza_ext,"), *ls[1:]])
    with pytest.raises(RawDataError) as err:
        coneval_poverty.load(tmp_path, context)
    assert "indicadores de pobreza municipal_2020.csv" in str(err.value) and "'pobreza_e'" in str(err.value)


def social_lag_sample(raw_dir: Path, tmp_path: Path, rename: str | None = None) -> None:
    for year in coneval_social_lag.YEARS:
        rel = f"coneval/IRS_entidades_mpios_{year}.xlsx"
        sheet = openpyxl.load_workbook(raw_dir / rel, read_only=True, data_only=True)["Municipios"]
        rows = list(sheet.iter_rows(min_row=1, values_only=True))
        notes = [i for i, r in enumerate(rows, 1) if isinstance(r[0], str) and r[0].startswith(("Nota", "Fuente"))]
        out = openpyxl.Workbook()
        ws = out.active
        ws.title = "Municipios"
        for target, source in [*((n, n) for n in range(1, 13)), *((14 + i, n) for i, n in enumerate(notes))]:
            for col, value in enumerate(rows[source - 1], 1):
                ws.cell(row=target, column=col, value=value)
        if rename:
            ws.cell(row=5, column=18, value=rename)
        (tmp_path / "coneval").mkdir(parents=True, exist_ok=True)
        out.save(tmp_path / rel)


def test_social_lag_sample(raw_dir: Path, tmp_path: Path, context: BuildContext) -> None:
    social_lag_sample(raw_dir, tmp_path)
    result = coneval_social_lag.load(tmp_path, context)
    # 5 data rows (Excel rows 8-12) + the 3 note/source lines; the blank row 13 is not a row
    assert [(a.rows_read, a.rows_loaded, a.rows_rejected) for a in result.accounts] == [(8, 5, 3), (8, 5, 3)]
    assert set(result.rejects["reason"]) == {"footnote line"}
    index = values_of(result, "social_lag_index", 2020, "01001")
    assert index["value"] == pytest.approx(-1.31532) and index["source_row"] == 8
    grade = values_of(result, "social_lag_grade", 2020, "01001")
    assert (grade["value"], grade["category"]) == (1.0, "Muy bajo")


def test_social_lag_renamed_column_raises(raw_dir: Path, tmp_path: Path, context: BuildContext) -> None:
    social_lag_sample(raw_dir, tmp_path, rename="Grado")
    with pytest.raises(RawDataError, match=r"IRS_entidades_mpios_2015\.xlsx.*'Grado de rezago social'"):
        coneval_social_lag.load(tmp_path, context)


def test_marginalization_sample_unknown_key(raw_dir: Path, tmp_path: Path, context: BuildContext) -> None:
    for year in conapo_marginalization.YEARS:
        fake = (lambda ls: [*ls, ls[1].replace(b"01,Aguascalientes,01001,", b"99,Aguascalientes,99001,")]) if year == 2020 else None
        cut_lines(raw_dir, tmp_path, f"conapo/IMM_{year}.csv", [1, 2, 3, 4, 5, 6], fake)
    result = conapo_marginalization.load(tmp_path, context)
    assert [(a.rows_read, a.rows_loaded, a.rows_rejected) for a in result.accounts] == [(5, 5, 0), (5, 5, 0), (6, 5, 1)]
    assert result.rejects["reason"].tolist() == ["key not in the 2,475 municipalities of the boundary base"]
    assert set(result.tables["indicator_values"]["indicator_id"]) == set(conapo_marginalization.INDICATORS)
    note = result.tables["indicator_catalog"].set_index("indicator_id").loc["marginalization_index", "note_es"]
    assert "MÁS ALTO significa MENOS marginación" in note


def test_migration_sample_san_andres_yaa(raw_dir: Path, tmp_path: Path, context: BuildContext) -> None:
    rel10, rel20 = (f"conapo/{layout.file_name}" for layout in conapo_migration.LAYOUTS)
    cut_lines(raw_dir, tmp_path, rel10, [1, 2, 3, 4, 5, 6])
    cut_lines(raw_dir, tmp_path, rel20, [1, line_of_key(raw_dir, rel20, "cve_mun", "20100", "utf-8"),
                                         line_of_key(raw_dir, rel20, "cve_mun", "4012", "utf-8")])
    result = conapo_migration.load(tmp_path, context)
    assert [(a.rows_read, a.rows_loaded) for a in result.accounts] == [(5, 5), (2, 2)]
    assert round(values_of(result, "migration_intensity_index", 2020, "20100")["value"], 2) == 47.16
    grade = values_of(result, "migration_intensity_grade", 2020, "20100")
    assert (grade["value"], grade["category"]) == (5.0, "Muy alto")
    assert values_of(result, "migration_intensity_grade", 2010, "01003")["category"] == "Muy alto"
    notes = result.tables["indicator_catalog"].set_index("indicator_id").loc["migration_intensity_index"]
    assert "MÁS BAJO es MAYOR intensidad" in notes["note_es"] and pd.isna(notes["higher_is_worse"])


def test_population_missing_row_breaks_total(raw_dir: Path, tmp_path: Path, context: BuildContext) -> None:
    rel = str(inegi_population.FILE)
    n = len((raw_dir / rel).read_bytes().splitlines())
    dropped = line_of(raw_dir, rel, '" 01 002 "')
    cut_lines(raw_dir, tmp_path, rel, [i for i in range(1, n + 1) if i != dropped])
    with pytest.raises(RawDataError, match=r"poblacion_municipal_censo_2020\.csv, line 5, column 'Total'.*126,014,024"):
        inegi_population.load(tmp_path, context)


def test_inpc_incomplete_base_year_raises(raw_dir: Path, context: BuildContext) -> None:
    with pytest.raises(RawDataError, match=r"inpc_mensual.*base year 2026 has 1 months"):
        inegi_inpc.load(raw_dir, context, base_year=2026)


# --- the full real files: published facts, accounting and the table contract ------------------

def test_every_file_balances(full: dict) -> None:
    for result in full.values():
        assert result.accounts
        for account in result.accounts:
            assert account.balanced, account
        files = result.rejects.groupby("source_file").size()
        for account in result.accounts:
            assert files.get(account.source_file, 0) == account.rows_rejected
        assert result.rejects["reason"].notna().all()


def test_outputs_match_contract(full: dict) -> None:
    values = pd.concat([r.tables["indicator_values"] for r in full.values() if "indicator_values" in r.tables])
    values = conform(values, "indicator_values")
    assert not values.duplicated(["indicator_id", "year", "cvegeo"]).any()
    catalog = conform(pd.concat([r.tables["indicator_catalog"] for r in full.values() if "indicator_catalog" in r.tables]),
                      "indicator_catalog")
    assert catalog["indicator_id"].is_unique and set(values["indicator_id"]) == set(catalog["indicator_id"])
    conform(pd.concat([r.rejects for r in full.values()]), "rejected_rows")
    conform(full["inegi_inpc"].tables["deflators"], "deflators")


def test_coneval_published_facts(full: dict) -> None:
    poverty = full["coneval_poverty"]
    assert values_of(poverty, "poverty_pct", 2020, "01001")["value"] == 23.7
    rejected = poverty.rejects.assign(key=poverty.rejects["raw_values"].map(lambda s: json.loads(s)["clave_municipio"].zfill(5)))
    nd_2020 = rejected[rejected["source_file"] == POVERTY_2020]
    assert sorted(nd_2020["key"]) == ["04012", "07125", "29048"]
    nd_2015 = set(rejected.loc[rejected["source_file"].str.endswith("_2015.csv"), "key"])
    assert len(nd_2015) == 11 and set(rejected["reason"]) == {"no data published (n.d) for any indicator"}
    # the social lag 2015 lacks the same 11 municipalities
    lag = full["coneval_social_lag"].tables["indicator_values"]
    lag_2015 = set(lag.loc[lag["year"] == 2015, "cvegeo"])
    assert len(lag_2015) == 2446 and not (lag_2015 & nd_2015)
    assert [a.rows_loaded for a in poverty.accounts] == [2456, 2446, 2466]


def test_population_total(full: dict) -> None:
    result = full["inegi_population"]
    table = result.tables["population_2020"]
    assert table["population_2020"].sum() == 126_014_024 and table["cvegeo"].is_unique and len(table) == 2469
    assert result.rejects["reason"].value_counts().to_dict() == {
        "state subtotal row, not a municipality": 32, "national total row": 1, "footnote line": 1}
    assert values_of(result, "population", 2020, "01001")["value"] == 948_990


def test_migration_2020_rank_one_is_lowest_index(raw_dir: Path, full: dict) -> None:
    layout = conapo_migration.LAYOUTS[1]
    raw = conapo_migration.read_file(raw_dir / "conapo" / layout.file_name, layout)
    first = raw[raw["pos_nal"] == "1.0"].iloc[0]
    assert (first["cve_mun"], first["nom_mun"], first["iim_dp2"]) == ("20100", "San Andrés Yaá", "47.16055")
    values = full["conapo_migration"].tables["indicator_values"]
    index_2020 = values[(values["indicator_id"] == "migration_intensity_index") & (values["year"] == 2020)]
    assert index_2020.loc[index_2020["value"].idxmin(), "cvegeo"] == "20100"  # lower = more intensity


def test_inpc_deflators(full: dict) -> None:
    table = full["inegi_inpc"].tables["deflators"].set_index("year")
    assert table.loc[2018, "factor_to_base"] == 1.0 and table.loc[2026, "months"] == 1
    assert (table.loc[2000:2025, "months"] == 12).all() and len(table) == 27

"""The Cuenta Pública reader (etl/sources/cuenta_publica.py) on tiny inline files in both layouts."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from core.errors import RawDataError
from etl.base import BuildContext
from etl.sources import cuenta_publica

HEAD_17 = ("CICLO,ENTE,RAMO,PROGRAMA,PRESUPUESTO,GC_SERVICIOS_PERSONALES,GC_GASTO_DE_OPERACIÓN,GC_SUBSIDIOS,"
           "GC_OTROS_DE_CORRIENTE,GC_SUMA,GI_INVERSIÓN_FÍSICA,GI_SUBSIDIOS,GI_OTROS_DE_INVERSIÓN,GI_SUMA,TOTAL,"
           "PORCENTAJE_CORRIENTE,PORCENTAJE_INVERSIÓN")
HEAD_20 = ("CICLO,ENTE,RAMO,SUBRAMO,PROGRAMA,PRESUPUESTO,GC_SERVICIOS_PERSONALES,GC_GASTO_DE_OPERACIÓN,GC_SUBSIDIOS,"
           "GC_OTROS_DE_CORRIENTE,GC_SUMA,GI_PENSIONES_Y_JUBILACIONES,GI_INVERSIÓN_FÍSICA,GI_SUBSIDIOS,"
           "GI_OTROS_DE_INVERSIÓN,GI_SUMA,TOTAL,PORCENTAJE_CORRIENTE,PORCENTAJE_PENSIONES_Y_JUBILACIONES,"
           "PORCENTAJE_INVERSIÓN")


def _rows_17(year: int) -> list[str]:
    lead = f"{year},Ramos Administrativos,Desarrollo Social"
    return [
        f"{year},Poder Legislativo,H. Cámara de Diputados,TOTAL,Ejercicio,1,2,3,4,5,6,7,8,9,10,50,50",
        f"{lead},S061,Programa 3 x 1 para Migrantes,,,,,,,,,,,,",
        f"{lead},S061,Aprobado,10,0,400,,410,0,80,,80,490,83,17",
        f"{lead},S061,Modificado,10,0,300,,310,0,50,,50,360,83,17",
        f"{lead},S061,Devengado,10,0,290,,300,0,50,,50,350,83,17",
        f"{lead},S061,Ejercicio,10,0,290,,300,0,,,0,300,83,17",
        f"{lead},S061,Porcentaje Ejer/Aprob,100, ,70, ,70, ,60, ,60,70,,",
    ]


def _rows_20(year: int) -> list[str]:
    lead = f"{year},Poder Ejecutivo,Ramos Administrativos,Bienestar"
    return [
        f"{lead},S061,Programa 3 x 1 para Migrantes,0,0,0,0,0,0,0,0,0,0,0,,0,",
        f"{lead},S061,Aprobado,9,0,200,0,209,0,0,0,0,0,209,100,0,0",
        f"{lead},S061,Modificado,12,0,0,0,12,0,0,0,0,0,12,100,0,0",
        f"{lead},S061,Devengado,12,0,0,0,12,0,0,0,0,0,12,100,0,0",
        f"{lead},S061,Ejercicio,12,0,0,0,12,0,0,0,0,0,12,100,0,0",
        f"{lead},S061,Porcentaje Ejer/Modif,100,0,0,0,100,0,0,0,0,0,100,,0,",
        f"{year},Poder Ejecutivo,Ramos Administrativos,Bienestar,S072,Ejercicio,1,2,3,4,5,6,7,8,9,10,11,1,2,3",
    ]


def _write(raw_dir: Path, year: int, header: str, rows: list[str]) -> None:
    path = raw_dir / cuenta_publica.file_name(year)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")


def _context(raw_dir: Path) -> BuildContext:
    return BuildContext(raw_dir=raw_dir, municipalities=pd.DataFrame(columns=["cvegeo", "cve_ent"]))


def test_both_layouts_read_by_name_title_and_percent_rows_rejected(tmp_path):
    _write(tmp_path, 2013, HEAD_17, _rows_17(2013))
    _write(tmp_path, 2019, HEAD_20, _rows_20(2019))
    result = cuenta_publica.load(tmp_path, _context(tmp_path))
    table = result.tables["program_federal_budget"].set_index(["year", "stage"])
    assert sorted(table.index) == sorted((y, s) for y in (2013, 2019) for s in cuenta_publica.STAGES.values())
    # GC_SUBSIDIOS + GI_SUBSIDIOS; an empty GI_SUBSIDIOS cell is no investment subsidy
    assert table.loc[(2013, "aprobado"), "subsidies_mxn"] == 480
    assert table.loc[(2013, "ejercido"), "subsidies_mxn"] == 290
    assert table.loc[(2013, "ejercido"), "total_mxn"] == 300
    assert table.loc[(2019, "ejercido"), "subsidies_mxn"] == 0
    assert table.loc[(2019, "ejercido"), "total_mxn"] == 12
    assert table.loc[(2013, "ejercido"), "source_row"] == 7  # header = line 1
    assert table["note"].isna().all()
    reasons = result.rejects.groupby("source_file")["reason"].apply(sorted).to_dict()
    assert reasons[cuenta_publica.file_name(2013)] == [
        "another federal program (PROGRAMA is not S061)", "percentage row, not an amount",
        "title row (the program's name, no amounts)"]
    assert len(reasons[cuenta_publica.file_name(2019)]) == 3
    assert all(a.balanced and a.rows_loaded == 4 for a in result.accounts)


def test_a_file_without_s061_is_not_funded_not_zero_and_a_missing_year_has_no_row(tmp_path):
    _write(tmp_path, 2020, HEAD_20, _rows_20(2020)[-1:])
    result = cuenta_publica.load(tmp_path, _context(tmp_path))
    table = result.tables["program_federal_budget"]
    assert set(table["year"]) == {2020}  # 2013-2019 have no file here: no row, not zeros
    assert table["subsidies_mxn"].isna().all() and table["total_mxn"].isna().all()
    assert set(table["note"]) == {cuenta_publica.NOT_FUNDED}
    assert result.accounts[0].rows_loaded == 0 and result.accounts[0].rows_rejected == 1
    assert any("2013, 2014, 2015, 2016, 2017, 2018, 2019" in n for n in result.notes)


def test_missing_column_names_it(tmp_path):
    _write(tmp_path, 2016, HEAD_20.replace("GI_SUBSIDIOS", "GI_SUBSIDIO"), _rows_20(2016))
    with pytest.raises(RawDataError) as err:
        cuenta_publica.load(tmp_path, _context(tmp_path))
    assert err.value.column == "GI_SUBSIDIOS"
    assert "cuenta_publica_2016.csv" in err.value.file and "Fix:" in str(err.value)


def test_unreadable_amount_and_repeated_stage_name_the_row(tmp_path):
    rows = _rows_20(2017)
    rows[4] = rows[4].replace(",12,100,0,0", ",doce,100,0,0")
    _write(tmp_path, 2017, HEAD_20, rows)
    with pytest.raises(RawDataError) as err:
        cuenta_publica.load(tmp_path, _context(tmp_path))
    assert (err.value.row, err.value.column) == (6, "TOTAL")
    _write(tmp_path, 2017, HEAD_20, [*_rows_20(2017), _rows_20(2017)[4]])
    with pytest.raises(RawDataError, match="more than once") as err:
        cuenta_publica.load(tmp_path, _context(tmp_path))
    assert err.value.column == "PRESUPUESTO"


def test_no_file_at_all_is_an_error_naming_the_folder(tmp_path):
    with pytest.raises(RawDataError, match="no Cuenta Pública file"):
        cuenta_publica.load(tmp_path, _context(tmp_path))

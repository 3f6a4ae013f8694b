"""Indicator readers: CONEVAL poverty and social lag, CONAPO marginalization and migration,
INEGI population and INPC.

Transforms are tested on tiny inline frames, each reader's `load` on small files the tests write in
the published layouts. The readers on samples of the real files and the published facts of the full
files are integration tests (tests/integration/test_sources_indicators.py).
"""
from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from core.errors import RawDataError
from etl.base import BuildContext, detect_encoding, indicator_file_result, key_problems
from etl.parse import grade_direction, parse_numbers
from etl.sources import (
    conapo_marginalization,
    conapo_migration,
    coneval_poverty,
    coneval_social_lag,
    inegi_inpc,
    inegi_population,
)




# --- pure transforms on inline frames ----------------------------------------------------------

def test_parse_numbers_reports_first_bad_cell() -> None:
    frame = pd.DataFrame({"a": ["1,234.5", "n.d", "x"], "b": ["2", "3", "oops"]}, dtype="string")
    values, problem = parse_numbers(frame, {"a": "A", "b": "B"})
    assert values["A"].tolist()[0] == 1234.5 and pd.isna(values["A"][1])
    assert problem.isna().tolist() == [True, True, False]
    assert problem[2] == "unparseable number in column 'a': 'x'"


def test_grade_direction_and_key_problems() -> None:
    assert grade_direction(pd.Series([10.0, 20.0, 30.0]), pd.Series([1.0, 3.0, 5.0])) == 1
    assert grade_direction(pd.Series([30.0, 20.0]), pd.Series([1.0, 5.0])) == -1
    assert grade_direction(pd.Series([1.0]), pd.Series([5.0])) == 0
    reasons = key_problems(pd.Series(["01001", None, "99001", "01001"], dtype="string"), {"01001"})
    assert pd.isna(reasons[0])
    assert reasons[1].startswith("key is not a municipality key")
    assert reasons[2] == "key not in the 1 municipalities of the boundary base"
    assert reasons[3].startswith("duplicate key")


def test_poverty_transform_rejects_and_partial_rows() -> None:
    raw = pd.DataFrame({
        "source_row": [2, 3, 4, 5, 6],
        "clave_municipio": ["1001", "7125", "99001", "1002", "1003"],
        "pobreza": ["23.7", "n.d", "10", "40.1", "abc"],
        "pobreza_e": ["2.0", "n.d", "1", "n.d", "1"],
        "pobreza_m": ["21.7", "n.d", "9", "36.0", "1"],
        "pobreza_pob": ["218,414", "n.d", "5", "19,518", "1"],
        "pobreza_e_pob": ["18,206", "n.d", "1", "n.d", "1"],
    }).astype({"clave_municipio": "string"})
    known = {"01001", "01002", "01003", "07125"}
    wide, reason = coneval_poverty.transform(raw, known)
    assert wide["cvegeo"].tolist()[:2] == ["01001", "07125"]
    assert reason.tolist()[1] == "no data published (n.d) for any indicator"
    assert reason.tolist()[2].startswith("key not in the 4 municipalities")
    assert reason.tolist()[4] == "unparseable number in column 'pobreza': 'abc'"
    values, rejects, account = indicator_file_result(raw, wide, reason, 2020, "x.csv")
    assert (account.rows_read, account.rows_loaded, account.rows_rejected) == (5, 2, 3) and account.balanced
    # a partly n.d row loads what it has and emits no NaN
    assert set(values.loc[values["cvegeo"] == "01002", "indicator_id"]) == {"poverty_pct", "moderate_poverty_pct", "poverty_persons"}
    assert values["value"].notna().all()
    assert values.loc[values["indicator_id"] == "poverty_persons", "value"].tolist() == [218414.0, 19518.0]


def test_social_lag_sheet_frame_uses_excel_row_numbers() -> None:
    rows = [("Título",), (), (), (),
            ("Clave municipio", "Indicadores", "Índice de rezago\nsocial", "Grado de rezago social"),
            (None, "Analfabeta", None, None), (),
            ("01001", 2.0, -1.3, "Muy bajo"), (), ("Nota 1: texto", None, None, None)]
    frame = coneval_social_lag.sheet_frame(rows)
    assert list(frame.columns) == ["source_row", "Clave municipio", "Analfabeta", "Índice de rezago social", "Grado de rezago social"]
    assert frame["source_row"].tolist() == [8, 10]
    wide, reason = coneval_social_lag.transform(frame, {"01001"})
    assert pd.isna(reason[0]) and reason[1] == "footnote line"
    assert wide.loc[0, "social_lag_grade"] == 1.0 and wide.loc[0, "grade_label"] == "Muy bajo"


def test_marginalization_refuses_old_direction(tmp_path: Path) -> None:
    raw = pd.DataFrame({"source_row": [2, 3], "CVE_MUN": ["01001", "01002"], "IM_2010": ["-1.5", "2.0"],
                        "IMN_2010": ["0.9", "0.2"], "GM_2010": ["Muy bajo", "Muy alto"]}).astype("string")
    wide, reason = conapo_marginalization.transform(raw, 2010, {"01001", "01002"})
    assert reason.isna().all()
    with pytest.raises(RawDataError, match="IM_2010"):
        conapo_marginalization.check_direction(wide, tmp_path / "IMM_2010.csv", 2010)


def test_migration_layouts() -> None:
    l2010, l2020 = conapo_migration.LAYOUTS
    raw = pd.DataFrame({"source_row": [2], "ENT": ["1"], "MUN": ["3"], "VIV_REM": ["19.69"], "VIV_EMIG": ["10.32"],
                        "VIV_CIRC": ["6.88"], "VIV_RET": ["11.70"], "IIM_2010": ["3.1019"], "GIM_2010": ["5 Muy Alto"]}).astype("string")
    wide, reason = conapo_migration.transform(raw, l2010, {"01003"})
    assert wide.loc[0, "cvegeo"] == "01003" and wide.loc[0, "migration_intensity_grade"] == 5.0
    assert wide.loc[0, "grade_label"] == "Muy alto" and reason.isna().all()
    raw = pd.DataFrame({"source_row": [35], "cve_mun": ["4012"], "viv_rem": ["0.0"], "viv_emig": ["0.0"], "viv_circ": ["0.0"],
                        "viv_ret": ["0.0"], "iim_dp2": [""], "gim_dp2": ["Nulo"]}).astype("string")
    wide, reason = conapo_migration.transform(raw, l2020, {"04012"})
    values, _, account = indicator_file_result(raw, wide, reason, 2020, "m.csv", {"migration_intensity_grade": "grade_label"})
    assert account.rows_loaded == 1 and "migration_intensity_index" not in set(values["indicator_id"])
    grade = values[values["indicator_id"] == "migration_intensity_grade"].iloc[0]
    assert (grade["value"], grade["category"]) == (0.0, "Nulo")


def test_population_classify() -> None:
    raw = pd.DataFrame({"source_row": [5, 6, 7, 9], "clave": [" ", "=CONCATENAR( ,10) ", " 01 001 ", "FUENTE: INEGI."],
                        "nombre": ["Total", "Durango", "Aguascalientes", ""], "Total": ["3", "2", "1", ""]}).astype("string")
    assert inegi_population.classify(raw).tolist() == [
        "national total row", "state subtotal row, not a municipality", "municipality", "footnote line"]
    wide, reason = inegi_population.transform(raw, {"01001"})
    assert wide.loc[2, "cvegeo"] == "01001" and wide.loc[2, "population"] == 1.0 and pd.isna(reason[2])


def test_inpc_deflators_annual_mean() -> None:
    monthly = pd.DataFrame({"year": [2018] * 12 + [2019] * 12 + [2020],
                            "month": list(range(1, 13)) * 2 + [1],
                            "inpc": [100.0] * 12 + [110.0] * 12 + [121.0]})
    table = inegi_inpc.deflators(monthly, 2018)
    assert table["factor_to_base"].tolist() == pytest.approx([1.0, 100 / 110, 100 / 121])
    assert table["months"].tolist() == [12, 12, 1]
    with pytest.raises(ValueError, match="2020 has 1 months"):
        inegi_inpc.deflators(monthly, 2020)


def test_detect_encoding(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_bytes("clave,nombre\n1,Cosío\n".encode("latin-1"))
    (tmp_path / "b.csv").write_bytes("clave,nombre\n1,Cosío\n".encode("utf-8"))
    (tmp_path / "c.csv").write_bytes("clave,nombre\n1,Cosío\n".encode("utf-16"))
    assert detect_encoding(tmp_path / "a.csv") == "latin-1"
    assert detect_encoding(tmp_path / "b.csv") == "utf-8"
    with pytest.raises(RawDataError, match="c.csv.*neither UTF-8 nor latin-1"):
        detect_encoding(tmp_path / "c.csv")


# --- `load` on CONEVAL-shaped files written by the test ----------------------------------------

POVERTY_HEADER = ("clave_entidad,entidad_federativa,clave_municipio,municipio,poblacion,pobreza,pobreza_pob,pobreza_e,"
                  "pobreza_e_pob,pobreza_m,pobreza_m_pob")
POVERTY_ROWS = ['1,Aguascalientes,1001,Aguascalientes,"922,268",23.7,"218,414",2.0,"18,206",21.7,"200,208"',
                '6,Colima,6001,Armería,"28,000",30.5,"8,540",3.1,868,27.4,"7,672"',
                "6,Colima,6007,Manzanillo,n.d,n.d,n.d,n.d,n.d,n.d,n.d"]  # nothing published: rejected


def poverty_files(raw: Path, header: str = POVERTY_HEADER) -> None:
    """The three vintages as CONEVAL publishes them: latin-1, CRLF, thousands separators in quotes."""
    for year in coneval_poverty.YEARS:
        path = coneval_poverty.file_path(raw, year)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes("\r\n".join([header, *POVERTY_ROWS, ""]).encode("latin-1"))


def test_poverty_load_reads_latin1_and_rejects_the_nd_row(tmp_path: Path, municipalities: pd.DataFrame) -> None:
    poverty_files(tmp_path)
    result = coneval_poverty.load(tmp_path, BuildContext(raw_dir=tmp_path, municipalities=municipalities))
    assert [(a.rows_read, a.rows_loaded, a.rows_rejected) for a in result.accounts] == [(3, 2, 1)] * 3
    values = result.tables["indicator_values"]
    row = values[(values["indicator_id"] == "poverty_pct") & (values["year"] == 2020) & (values["cvegeo"] == "01001")]
    assert row[["value", "source_file", "source_row"]].values.tolist() == [
        [23.7, "coneval/indicadores de pobreza municipal_2020.csv", 2]]
    persons = values[(values["indicator_id"] == "poverty_persons") & (values["cvegeo"] == "06001")]
    assert persons["value"].tolist() == [8540.0] * 3
    nd = result.rejects.iloc[0]
    assert nd["reason"] == "no data published (n.d) for any indicator" and nd["source_row"] == 4
    assert json.loads(nd["raw_values"])["municipio"] == "Manzanillo"
    assert "Armería" in set(result.tables["place_names"]["name"])  # decoded as latin-1
    assert set(result.tables["indicator_catalog"]["indicator_id"]) == set(coneval_poverty.COLUMNS.values())


def test_poverty_renamed_column_raises(tmp_path: Path, municipalities: pd.DataFrame) -> None:
    poverty_files(tmp_path, POVERTY_HEADER.replace(",pobreza_e,", ",pobreza_ext,"))
    with pytest.raises(RawDataError) as err:
        coneval_poverty.load(tmp_path, BuildContext(raw_dir=tmp_path, municipalities=municipalities))
    assert "indicadores de pobreza municipal_2010.csv" in str(err.value) and "'pobreza_e'" in str(err.value)


def _context(raw: Path, municipalities: pd.DataFrame) -> BuildContext:
    return BuildContext(raw_dir=raw, municipalities=municipalities)


def values_of(result, indicator_id: str, year: int, cvegeo: str) -> pd.Series:
    v = result.tables["indicator_values"]
    rows = v[(v["indicator_id"] == indicator_id) & (v["year"] == year) & (v["cvegeo"] == cvegeo)]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def social_lag_files(raw: Path, grade_heading: str = "Grado de rezago social") -> None:
    """The two workbooks as CONEVAL lays them out: titles, a two-row header (5-6), data from row 8, notes."""
    for year in coneval_social_lag.YEARS:
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = "Municipios"
        sheet.cell(row=1, column=1, value=f"Índice de rezago social {year}")
        for col, value in enumerate(["Clave municipio", "Indicadores", "Índice de rezago\nsocial", grade_heading], 1):
            sheet.cell(row=5, column=col, value=value)
        sheet.cell(row=6, column=2, value="Analfabeta")
        for row, record in enumerate([("01001", 2.0, -1.31532, "Muy bajo"), ("06001", 5.5, 0.42, "Medio"),
                                      ("32038", 9.1, 1.9, "Alto")], 8):
            for col, value in enumerate(record, 1):
                sheet.cell(row=row, column=col, value=value)
        sheet.cell(row=12, column=1, value="Nota: el índice se estima con el censo.")
        sheet.cell(row=13, column=1, value="Fuente: CONEVAL.")
        path = coneval_social_lag.file_path(raw, year)
        path.parent.mkdir(parents=True, exist_ok=True)
        book.save(path)


def test_social_lag_load_uses_excel_rows_and_rejects_the_notes(tmp_path: Path, municipalities: pd.DataFrame) -> None:
    social_lag_files(tmp_path)
    result = coneval_social_lag.load(tmp_path, _context(tmp_path, municipalities))
    # 3 data rows (Excel rows 8-10) + the 2 note/source lines; the blank row 11 is not a row
    assert [(a.rows_read, a.rows_loaded, a.rows_rejected) for a in result.accounts] == [(5, 3, 2), (5, 3, 2)]
    assert set(result.rejects["reason"]) == {"footnote line"} and set(result.rejects["source_row"]) == {12, 13}
    index = values_of(result, "social_lag_index", 2020, "01001")
    assert index["value"] == pytest.approx(-1.31532) and index["source_row"] == 8
    grade = values_of(result, "social_lag_grade", 2015, "32038")
    assert (grade["value"], grade["category"], grade["source_row"]) == (4.0, "Alto", 10)


def test_social_lag_renamed_column_raises(tmp_path: Path, municipalities: pd.DataFrame) -> None:
    social_lag_files(tmp_path, grade_heading="Grado")
    with pytest.raises(RawDataError, match=r"IRS_entidades_mpios_2015\.xlsx.*'Grado de rezago social'"):
        coneval_social_lag.load(tmp_path, _context(tmp_path, municipalities))


def marginalization_files(raw: Path, extra: str = "") -> None:
    for year in conapo_marginalization.YEARS:
        lines = [f"CVE_ENT,NOM_ENT,CVE_MUN,NOM_MUN,POB_TOT,IM_{year},GM_{year},IMN_{year}",
                 "01,Aguascalientes,01001,Aguascalientes,948990,60.3,Muy bajo,0.94",
                 "06,Colima,06001,Armería,28000,52.1,Bajo,0.81",
                 "32,Zacatecas,32038,Pinos,73000,41.0,Alto,0.62"]
        path = conapo_marginalization.file_path(raw, year)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(("\r\n".join(lines) + "\r\n" + (extra if year == 2020 else "")).encode("latin-1"))


def test_marginalization_load_rejects_an_unknown_key(tmp_path: Path, municipalities: pd.DataFrame) -> None:
    marginalization_files(tmp_path, extra="99,Nowhere,99001,Nowhere,10,50.0,Medio,0.7\r\n")
    result = conapo_marginalization.load(tmp_path, _context(tmp_path, municipalities))
    assert [(a.rows_read, a.rows_loaded, a.rows_rejected) for a in result.accounts] == [(3, 3, 0), (3, 3, 0), (4, 3, 1)]
    assert result.rejects["reason"].tolist() == ["key not in the 10 municipalities of the boundary base"]
    assert set(result.tables["indicator_values"]["indicator_id"]) == set(conapo_marginalization.INDICATORS)
    grade = values_of(result, "marginalization_grade", 2015, "32038")
    assert (grade["value"], grade["category"]) == (4.0, "Alto")
    note = result.tables["indicator_catalog"].set_index("indicator_id").loc["marginalization_index", "note_es"]
    assert "MÁS ALTO significa MENOS marginación" in note


def test_marginalization_load_refuses_an_index_rising_with_the_grade(tmp_path: Path,
                                                                    municipalities: pd.DataFrame) -> None:
    marginalization_files(tmp_path)
    path = conapo_marginalization.file_path(tmp_path, 2010)
    path.write_bytes(path.read_bytes().replace(b"60.3,Muy bajo", b"-1.5,Muy bajo").replace(b"41.0,Alto", b"2.0,Alto"))
    with pytest.raises(RawDataError, match="IM_2010"):
        conapo_marginalization.load(tmp_path, _context(tmp_path, municipalities))


def test_migration_load_reads_both_layouts(tmp_path: Path, municipalities: pd.DataFrame) -> None:
    l2010, l2020 = conapo_migration.LAYOUTS
    (tmp_path / "conapo").mkdir()
    (tmp_path / "conapo" / l2010.file_name).write_bytes(
        ("ENT,MUN,NOM_MUN,VIV_REM,VIV_EMIG,VIV_CIRC,VIV_RET,IIM_2010,GIM_2010\r\n"
         "1,3,Calvillo,19.69,10.32,6.88,11.70,3.1019,5 Muy Alto\r\n"
         "6,1,Armería,2.1,1.5,0.4,1.9,-0.52,2 Bajo\r\n").encode("latin-1"))
    (tmp_path / "conapo" / l2020.file_name).write_text(
        "cve_mun,nom_mun,viv_rem,viv_emig,viv_circ,viv_ret,iim_dp2,gim_dp2,pos_nal\n"
        "32038,Pinos,12.5,6.1,2.2,4.0,55.3,Alto,10.0\n1003,Calvillo,20.1,9.0,5.1,7.7,49.9,Muy alto,2.0\n",
        encoding="utf-8")
    result = conapo_migration.load(tmp_path, _context(tmp_path, municipalities))
    assert [(a.rows_read, a.rows_loaded) for a in result.accounts] == [(2, 2), (2, 2)]
    assert values_of(result, "migration_intensity_grade", 2010, "01003")["category"] == "Muy alto"
    grade = values_of(result, "migration_intensity_grade", 2020, "01003")
    assert (grade["value"], grade["category"]) == (5.0, "Muy alto")
    assert values_of(result, "remittance_homes_pct", 2020, "32038")["value"] == 12.5
    notes = result.tables["indicator_catalog"].set_index("indicator_id").loc["migration_intensity_index"]
    assert "MÁS BAJO es MAYOR intensidad" in notes["note_es"] and pd.isna(notes["higher_is_worse"])


def population_file(raw: Path, drop: str | None = None) -> None:
    """The census export's layout: titles, a header with empty key/name headings, national and state rows."""
    rows = ['" ","Total","126,014,024","61,473,390","64,540,634"',
            '"=CONCATENAR(0,01) ","Aguascalientes","1,058,776","516,000","542,776"',
            '" 01 001 ","Aguascalientes","948,990","462,073","486,917"',
            '" 01 002 ","Asientos","51,536","25,261","26,275"',
            '" 01 003 ","Calvillo","58,250","28,563","29,687"',
            '"=CONCATENAR(0,32) ","Zacatecas","124,955,248","60,957,390","63,997,858"',
            '" 32 999 ","Resto inventado","124,955,248","60,957,390","63,997,858"',
            '"FUENTE: INEGI. Censo de Población y Vivienda 2020.","","","",""']
    rows = [r for r in rows if drop is None or drop not in r]
    text = "\r\n".join(['"Población total"', '""', '"Consulta de: Población total   Por: Entidad y municipio"',
                        '"","","Total","Hombres","Mujeres",""', *rows, ""])
    path = raw / inegi_population.FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("latin-1"))


def test_population_load_checks_the_totals_and_keeps_the_municipalities(tmp_path: Path,
                                                                       municipalities: pd.DataFrame) -> None:
    population_file(tmp_path)
    result = inegi_population.load(tmp_path, _context(tmp_path, municipalities))
    table = result.tables["population_2020"]
    assert table.set_index("cvegeo")["population_2020"].to_dict() == {"01001": 948_990, "01002": 51_536,
                                                                      "01003": 58_250}
    assert result.rejects["reason"].value_counts().to_dict() == {
        "state subtotal row, not a municipality": 2, "national total row": 1, "footnote line": 1,
        "key not in the 10 municipalities of the boundary base": 1}
    assert values_of(result, "population", 2020, "01001")["source_row"] == 7


def test_population_missing_row_breaks_total(tmp_path: Path, municipalities: pd.DataFrame) -> None:
    population_file(tmp_path, drop='" 01 002 "')
    with pytest.raises(RawDataError, match=r"poblacion_municipal_censo_2020\.csv, line 5, column 'Total'.*126,014,024"):
        inegi_population.load(tmp_path, _context(tmp_path, municipalities))


def inpc_file(raw: Path) -> None:
    months = [(2018, m, 100.0 + m) for m in range(1, 13)] + [(2019, 1, 110.0), (2019, 2, "")]
    path = raw / inegi_inpc.FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("year,month,date,valor\n" + "".join(f"{y},{m},{y}-{m:02d}-01,{v}\n" for y, m, v in months),
                    encoding="utf-8")


def test_inpc_load_gives_annual_factors_and_names_a_partial_year(tmp_path: Path, municipalities: pd.DataFrame) -> None:
    inpc_file(tmp_path)
    result = inegi_inpc.load(tmp_path, _context(tmp_path, municipalities))
    table = result.tables["deflators"].set_index("year")
    assert table.loc[2018, "factor_to_base"] == 1.0 and table.loc[2019, "months"] == 1
    assert table.loc[2019, "factor_to_base"] == pytest.approx(106.5 / 110.0)
    assert result.rejects["reason"].tolist() == ["no index value published for the month"]
    assert "2019 is partial (1 of 12 months)" in result.notes[0]
    with pytest.raises(RawDataError, match=r"inpc_mensual.*base year 2019 has 1 months"):
        inegi_inpc.load(tmp_path, _context(tmp_path, municipalities), base_year=2019)

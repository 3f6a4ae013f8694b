"""Readers for Banxico remittances, violence, disasters, the 3x1 program tables and INEGI localities.

Transforms are tested on tiny inline frames, `load` on small files the tests write into tmp_path.
`load` on samples of the real files and the facts of the full files are integration tests
(tests/integration/test_sources_other.py).
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from core.errors import RawDataError
from etl.base import BuildContext
from etl.sources import (banxico_remittances, disasters_2017, disasters_2019_2025, inegi_localities,
                         program_3x1_2007, violence)
from store.schema import conform
from tests.readers import FakeResolver, assert_balanced, corrupt_header

# --- fixtures -------------------------------------------------------------------------------------

@pytest.fixture()
def context(tmp_path: Path, municipalities: pd.DataFrame) -> BuildContext:
    """The readers' context over the inline municipality base (tests/unit/conftest.py)."""
    return BuildContext(raw_dir=tmp_path, municipalities=municipalities.copy())


# --- Banxico remittances --------------------------------------------------------------------------

def _banxico_raw(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=["PERIODO", "CVE_GEO", "VALOR_USD"], dtype="string")
    df.insert(0, "source_row", pd.array(range(2, len(df) + 2), dtype="Int64"))
    return df


def test_municipal_999_goes_to_state_and_unknown_keys_are_rejected():
    raw = _banxico_raw([("2025-01-01", "01001", "100"), ("2025-01-01", "01999", "7"),
                        ("2025-01-01", "01998", "5"), ("2025-02-01", "01001", "1"), ("2025-04-01", "01001", "")])
    municipal, state, reasons = banxico_remittances.split_municipal(raw, {"01001"}, {"01"})
    assert municipal["cvegeo"].tolist() == ["01001"]
    assert state[["cve_ent", "amount_usd", "is_municipality_unidentified"]].values.tolist() == [["01", 7.0, True]]
    assert reasons.tolist()[2:] == ["CVE_GEO not in the 2,475-municipality base",
                                    "PERIODO is not the first day of a quarter", "VALOR_USD is empty"]
    assert municipal["quarter"].tolist() == [1]


def test_state_key_integer_becomes_two_digits():
    raw = pd.DataFrame({"source_row": [2, 3], "PERIODO": ["2003-07-01", "2003-07-01"], "CVE_ENT": ["1", "33"],
                        "VALOR_USD": ["5", "6"]}, dtype="string")
    state, reasons = banxico_remittances.split_state(raw, {"01"})
    assert state["cve_ent"].tolist() == ["01"] and state["quarter"].tolist() == [3]
    assert reasons.tolist()[1] == "CVE_ENT is not a state key 1-32"


def test_yearly_only_complete_years_and_per_person():
    quarters = [("01001", f"2025-{m:02d}-01", 10.0) for m in (1, 4, 7, 10)] + [("01001", "2026-01-01", 99.0)]
    municipal = pd.DataFrame(quarters, columns=["cvegeo", "period", "amount_usd"])
    start = pd.to_datetime(municipal["period"])
    municipal = municipal.assign(year=start.dt.year, quarter=start.dt.month.map(banxico_remittances.QUARTER_STARTS))
    years, partial = banxico_remittances.complete_years(municipal)
    assert (years, partial) == ([2025], [2026])
    values, notes = banxico_remittances.yearly_indicators(municipal, years, pd.Series({"01001": 8}))
    got = values.set_index("indicator_id")["value"].to_dict()
    assert got == {"remittances_usd": 40.0, "remittances_usd_per_person": 5.0}
    assert notes == []
    _, notes = banxico_remittances.yearly_indicators(municipal, years, None)
    assert any("per_person not computed" in n for n in notes)


# --- violence -------------------------------------------------------------------------------------

def test_violence_keys_and_long_format():
    raw = pd.DataFrame({"source_row": [2, 3, 4], "cvegeo": ["1001", "01001", "99999"], "V_hist_0018": [3.0, 4.0, 1.0],
                        "P_hist_0018": [1, 0, 1], "tasa100k_hist_0018": [0.5, None, 1.0]})
    key, reasons = violence.key_reasons(raw, {"01001"})
    assert key.tolist()[:2] == ["01001", "01001"]
    assert reasons.tolist()[1:] == ["cvegeo repeated in the file", "cvegeo not in the 2,475-municipality base"]
    long = violence.to_long(raw.iloc[:1], key.iloc[:1], violence.CRIME_FILE)
    assert long.set_index("indicator_id")["category"].to_dict()["organized_crime_presence"] == "con presencia registrada"
    assert set(long["year"]) == {2018}


# --- September 2017 earthquakes -------------------------------------------------------------------

def test_2017_kind_and_description():
    raw = pd.DataFrame({"declaratoria_desastre": ["sí", "", "", "x"],
                        "declaratoria_emergencia_extraordinaria": ["sí", "sí", "", ""],
                        "declaratoria_emergencia_ordinaria": ["", "", "sí", ""]}, dtype="string")
    flags, bad = disasters_2017.parse_flags(raw)
    assert bad.tolist() == [False, False, False, True]
    assert disasters_2017.declaration_kind(flags).tolist()[:3] == ["desastre", "emergencia extraordinaria", "emergencia"]
    text = disasters_2017.describe(pd.Series(pd.to_datetime(["2017-09-07", "2017-09-19"])),
                                   pd.Series([8.2, float("nan")]), flags.iloc[:2])
    assert text[0] == "Sismo M8.2 del 7 de septiembre de 2017; declaratorias: desastre, emergencia extraordinaria"
    assert text[1].startswith("Sismo del 19 de septiembre de 2017 (magnitud no indicada")


# --- disaster declarations 2019-2025 --------------------------------------------------------------

@pytest.mark.parametrize("evento, expected", [
    ("Lluvia severa ocurrida el 17 de agosto de 2019", "lluvia severa"),
    ("Inundación fluvial y lluvia severa del 6 al 8 de septiembre de 2021", "inundación fluvial"),
    ("Inundación pluvial y fluvial el 13 de octubre de 2019", "inundación pluvial"),
    ("Huracán Lorena (Lluvia severa y vientos fuertes) el 20 de septiembre de 2019", "huracán"),
    ("Tormenta Tropical Narda (Lluvia severa) ocurrida el día 29 de septiembre de 2019", "tormenta tropical"),
    ("Sismo magnitud 7.4 el día 23 de junio de 2020", "sismo"),
    ("Sequía severa del 1 de mayo al 30 de noviembre de 2020", "sequía severa"),
    ("Incendios forestales presentados del 24, 25 y 26 de octubre de 2019", "incendio forestal"),
    ("Movimiento de Ladera del 29 al 31 de mayo de 2022", "movimiento de ladera"),
    ("Lluvia y granizada severas el 17 de mayo de 2021", "lluvia severa"),
    ("Vientos fuertes, lluvia severa e inundación fluvial, el 23 y 24 de octubre de 2022", "vientos fuertes"),
    ("Algo nunca visto", disasters_2019_2025.UNCLASSIFIED),
])
def test_classify_phenomenon(evento, expected):
    assert disasters_2019_2025.classify_phenomenon(evento) == expected


@pytest.mark.parametrize("evento, expected", [
    ("Lluvia severa ocurrida el 17 de agosto de 2019", "2019-08-17"),
    ("Sismo de magnitud 5.3 ocurrido el 16 de enero de 2020", "2020-01-16"),
    ("Sismo con magnitud 7.1 el 7 de septiembre de 2021", "2021-09-07"),
    ("Lluvia severa el 7 el abril del 2022", "2022-04-07"),
    ("Inundación fluvial el dos de junio de 2019", None),
    ("Inundación fluvial del 7 al 10 de octubre de 2019", None),
    ("Lluvia severa el 27 y 28 de noviembre e inundación fluvial el 28 de noviembre de 2019", None),
    ("Lluvia severa e inundación fluvial los días 2 y 3 de septiembre 2022", None),
    ("Lluvia severa, vientos fuertes del24 al 25 de octubre de 2021", None),
    ("Lluvia severa el 31 de febrero de 2021", None),
])
def test_parse_event_date(evento, expected):
    got = disasters_2019_2025.parse_event_date(evento)
    assert (None if got is None else got.strftime("%Y-%m-%d")) == expected


def test_phenomenon_group_and_bad_declarations():
    groups = disasters_2019_2025.phenomenon_group(pd.Series(["Hidrometeorológico", "Geológico", "Incendio Forestal", "Otro"]))
    assert groups.tolist()[:3] == ["hidrometeorológico", "geológico", "incendio"] and pd.isna(groups[3])


def test_2019_2025_source_row_is_the_physical_line(tmp_path, context):
    header = ",".join(disasters_2019_2025.REQUIRED)
    row = '{n},Colima,2020,"Lluvia severa\nel 3 de junio de 2020",Hidrometeorológico,{names},1,2020-06-10,https://dof.gob.mx/x'
    path = tmp_path / disasters_2019_2025.FILE
    path.parent.mkdir(parents=True)
    path.write_text("\n".join([header, row.format(n=1, names="Armería"), row.format(n=2, names="Colima")]) + "\n",
                    encoding="utf-8")
    context.resolver = FakeResolver({"Armería": "06001", "Colima": "06002"})
    events = disasters_2019_2025.load(tmp_path, context).tables["crisis_events"]
    assert events["source_row"].tolist() == [2, 4]  # the first record spans lines 2-3


# --- Programa 3x1 2007 and calibration facts ------------------------------------------------------

def test_spending_rejects_empty_and_bad_rows():
    cols = ["anio", "cve_ent", *program_3x1_2007.AMOUNTS]
    raw = pd.DataFrame([["2007", "1", "1,000", "0", "0", "0", "0", "1000"], ["2007", "32", *[""] * 6],
                        ["2007", "2", "abc", "0", "0", "0", "0", "0"]], columns=cols, dtype="string")
    raw.insert(0, "source_row", pd.array([2, 3, 4], dtype="Int64"))
    spending, reasons = program_3x1_2007.transform_spending(raw, {"01", "02", "32"})
    assert spending[["cve_ent", "federal_mxn"]].values.tolist() == [["01", 1000.0]]
    assert reasons.tolist()[1:] == ["row lost in the source (PARCIAL): no amounts", "an amount is not a number"]


# --- INEGI localities -----------------------------------------------------------------------------

def test_localities_transform():
    raw = pd.DataFrame({"cvegeo": ["010010001", "010010002", "999990001", "010010003", "0100100"],
                        "nom_loc": ["Aguascalientes", "Sin Punto", "Lejos", "", "Corta"],
                        "ambito": ["URBANO", "RURAL", "RURAL", "", "RURAL"],
                        "latitud": ["21.88", "", "20", "", "20"], "longitud": ["-102.3", "", "-100", "", "-100"],
                        "pob": ["863,893", "", "5", "", "5"]}, dtype="string")
    raw.insert(0, "source_row", pd.array(range(2, 7), dtype="Int64"))
    out, reasons = inegi_localities.transform(raw, {"01001"})
    assert out["cvegeo_loc"].tolist() == ["010010001", "010010002"] and out["cvegeo"].unique().tolist() == ["01001"]
    assert pd.isna(out["lon"].iloc[1]) and out["population"].iloc[0] == 863_893
    assert reasons.tolist()[2:] == ["municipality (first 5 digits) not in the 2,475 base",
                                    "nom_loc is empty: nothing to search by", "cvegeo is not a 9-digit locality key"]
    assert conform(out, "localities")["locality_name_normalized"].tolist() == ["aguascalientes", "sin punto"]


# --- `load` on small files written by the tests ---------------------------------------------------
# The files have the published layout (headings, encodings, quoting); their rows are invented for the
# ten-municipality base of tests/unit/conftest.py (01001-01003, 06001-06008, 32017-32038).

def write(raw: Path, rel: str, text: str, encoding: str = "utf-8") -> Path:
    path = raw / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


def _quarters(key: str, value: int) -> list[str]:
    """Municipal rows for the four quarters of 2025 and the first of 2026."""
    periods = ["2025-01-01", "2025-04-01", "2025-07-01", "2025-10-01", "2026-01-01"]
    return [f"{p},{key},Estado,Municipio,{value}" for p in periods]


def banxico_files(raw: Path) -> None:
    rows = [*_quarters("01001", 100), *_quarters("01999", 7), *_quarters("32999", 5)]
    write(raw, banxico_remittances.MUNICIPAL_FILE, "PERIODO,CVE_GEO,ENTIDAD,MUNICIPIO,VALOR_USD\n" + "\n".join(rows) + "\n")
    write(raw, banxico_remittances.STATE_FILE, "PERIODO,CVE_ENT,ENTIDAD,VALOR_USD\n2025-01-01,1,Aguascalientes,900\n")
    write(raw, banxico_remittances.US_STATE_FILE,
          "PERIODO,ID_ESTADO,ESTADO,VALOR_USD\n2026-01-01,CA,California,50\n2026-01-01,XX,No Identificado,3\n")


def test_banxico_load_keeps_999_as_state_money_and_only_complete_years(tmp_path, context):
    banxico_files(tmp_path)
    result = banxico_remittances.load(tmp_path, context)
    assert_balanced(result)
    state = result.tables["remittances_state"]
    unidentified = state[state["is_municipality_unidentified"]]
    assert set(unidentified["cve_ent"]) == {"01", "32"} and len(unidentified) == 10  # 5 quarters x 2 keys
    assert result.tables["remittances_municipal"]["cvegeo"].unique().tolist() == ["01001"]
    values = result.tables["indicator_values"]
    assert values["year"].unique().tolist() == [2025]  # 2026 has only Q1
    assert values.loc[values["indicator_id"] == "remittances_usd", "value"].tolist() == [400.0]
    assert any("[2026] skipped" in n for n in result.notes)
    assert "XX" in set(result.tables["remittances_us_state"]["us_state_code"])  # "No Identificado" kept


def test_banxico_missing_column_names_file_and_column(tmp_path, context):
    banxico_files(tmp_path)
    corrupt_header(tmp_path / banxico_remittances.MUNICIPAL_FILE, "VALOR_USD", "VALOR")
    with pytest.raises(RawDataError) as err:
        banxico_remittances.load(tmp_path, context)
    assert err.value.column == "VALOR_USD" and "banxico_remesas_municipio" in str(err.value)


def violence_files(raw: Path, homicides: pd.DataFrame | None = None) -> None:
    keys = ["01001", "01002", "01003", "99999"]  # the last is not a municipality
    if homicides is None:
        homicides = pd.DataFrame({"cvegeo": keys, "hom_2019": [67.0, 1.0, 0.0, 3.0], "hom_2020": [61.0, 1.0, 0.0, 3.0],
                                  "hom_2021": [60.0, 7.0, None, 3.0], "tasa_100k": [6.6, 5.8, 0.0, 1.0],
                                  "pob_conapo": [948_990, 51_536, 60_000, 1]})
    crime = pd.DataFrame({"cvegeo": keys, "V_hist_0018": [1426.0, 68.0, 0.0, 1.0], "P_hist_0018": [1, 1, 0, 1],
                          "tasa100k_hist_0018": [7.9, 6.9, 0.0, 1.0]})
    (raw / "violence").mkdir(parents=True, exist_ok=True)
    homicides.astype({"cvegeo": "string"}).to_parquet(raw / violence.HOMICIDES_FILE)
    crime.astype({"cvegeo": "string"}).to_parquet(raw / violence.CRIME_FILE)


def test_violence_load_rejects_unknown_keys_and_files_each_value_under_its_year(tmp_path, context):
    violence_files(tmp_path)
    result = violence.load(tmp_path, context)
    assert_balanced(result)
    assert result.rejects["source_row"].tolist() == [5, 5]  # record 4 = line 5 (header-equivalent is line 1)
    values = result.tables["indicator_values"]
    homicides = values[values["indicator_id"] == "homicides"]
    assert sorted(homicides["year"].unique()) == [2019, 2020, 2021] and len(homicides) == 9
    assert homicides["value"].isna().sum() == 1  # a missing count stays null, not zero
    assert values.loc[values["indicator_id"] == "homicide_rate_100k", "year"].unique().tolist() == [2021]
    presence = values[values["indicator_id"] == "organized_crime_presence"].set_index("cvegeo")["category"]
    assert presence.to_dict() == {"01001": "con presencia registrada", "01002": "con presencia registrada",
                                  "01003": "sin registros"}
    assert result.tables["indicator_catalog"]["note_en"].str.contains("absence of violence").sum() == 3


def test_violence_broken_parquet_and_missing_column(tmp_path, context):
    (tmp_path / "violence").mkdir()
    (tmp_path / violence.HOMICIDES_FILE).write_bytes(b"not parquet")
    with pytest.raises(RawDataError, match="homicidios_mun_2019_2021.parquet"):
        violence.load(tmp_path, context)
    violence_files(tmp_path, pd.DataFrame({"cvegeo": ["01001"], "hom_2019": [1.0], "hom_2020": [1.0],
                                           "hom_2021": [1.0]}))
    with pytest.raises(RawDataError) as err:
        violence.load(tmp_path, context)
    assert err.value.column == "tasa_100k"


QUAKE_HEADER = ("estado,municipio,clave_inegi,declaratoria_emergencia_ordinaria,declaratoria_emergencia_extraordinaria,"
                "declaratoria_desastre,magniud_sismo,fecha_evento")


def test_2017_load_keeps_text_keys_and_a_last_line_without_newline(tmp_path, context):
    lines = [QUAKE_HEADER, "Colima,Armería,06001,,sí,sí,8.2,2017-09-07", "Colima,Colima,06002,sí,,,,2017-09-19",
             "Zacatecas,Jerez,32020,,,sí,7.1,2017-09-19"]
    write(tmp_path, disasters_2017.FILE, "\n".join(lines))  # no newline after the last line, as published
    result = disasters_2017.load(tmp_path, context)
    assert_balanced(result)
    events = result.tables["crisis_events"]
    assert events["source_row"].tolist() == [2, 3, 4] and events["cvegeo"].tolist() == ["06001", "06002", "32020"]
    assert events["declaration_kind"].tolist() == ["desastre", "emergencia", "desastre"]
    assert events["description"].str.contains("magnitud no indicada").tolist() == [False, True, False]
    assert set(events["declaration_id"]) == {"sismos-2017-09-07", "sismos-2017-09-19"}
    assert (events["match_method"] == "key").all() and (events["match_score"] == 100).all()


def test_2017_wrong_encoding_and_empty_file_raise(tmp_path, context):
    path = write(tmp_path, disasters_2017.FILE, QUAKE_HEADER + "\nColima,Armería,06001,,sí,sí,8.2,2017-09-07\n",
                 encoding="latin-1")
    with pytest.raises(RawDataError, match="declaratorias_sismos_septiembre_2017.csv"):
        disasters_2017.load(tmp_path, context)
    path.write_bytes(b"")
    with pytest.raises(RawDataError, match="empty"):
        disasters_2017.load(tmp_path, context)


def test_2019_2025_load_keeps_resolved_names_and_rejects_the_rest(tmp_path, context):
    header = ",".join(disasters_2019_2025.REQUIRED)
    rows = ["1,Colima,2019,Lluvia severa ocurrida el 17 de agosto de 2019,Hidrometeorológico,Armería,1,2019-08-30,"
            "https://dof.gob.mx/a",
            '2,Colima,2019,Sismo de magnitud 5.3 ocurrido el 16 de enero de 2020,Geológico,"Colima, Manzanillo y Tecomán",'
            "3,2020-02-01,https://dof.gob.mx/b",
            "3,Zacatecas,2020,Incendios forestales del 24 y 25 de marzo de 2020,Incendio Forestal,Jerez y Pinos,2,"
            "2020-04-02,https://dof.gob.mx/c",
            "4,Colima,2021,Lluvia severa el 7 de septiembre de 2021,Hidrometeorológico,Xyzzy,1,2021-09-20,"
            "https://dof.gob.mx/d"]
    write(tmp_path, disasters_2019_2025.FILE, "\n".join([header, *rows]) + "\n")
    context.resolver = FakeResolver({"Armería": "06001", "Colima": "06002", "Manzanillo": "06007",
                                     "Jerez": "32020", "Pinos": "32038"})
    result = disasters_2019_2025.load(tmp_path, context)
    assert_balanced(result)
    (acc,) = result.accounts
    assert (acc.rows_read, acc.rows_loaded, acc.rows_rejected) == (4, 3, 1)  # Xyzzy alone: declaration rejected
    events = result.tables["crisis_events"]
    assert events["cvegeo"].tolist() == ["06001", "06002", "06007", "32020", "32038"]
    assert events["source_row"].tolist() == [2, 3, 3, 4, 4]
    assert events["phenomenon_group"].tolist() == ["hidrometeorológico", "geológico", "geológico", "incendio",
                                                   "incendio"]
    assert events.loc[0, "event_date"] == pd.Timestamp("2019-08-17") and pd.isna(events.loc[3, "event_date"])
    assert events["dof_date"].iloc[0] == pd.Timestamp("2019-08-30")
    rejects = result.rejects.sort_values("source_row")
    assert rejects["source_row"].tolist() == [3, 5]  # Tecomán (its declaration loads the others), Xyzzy
    assert "Tecomán" in rejects["reason"].iloc[0] and "Tecomán" in rejects["raw_values"].iloc[0]
    assert "names_read=7, names_resolved=5, names_rejected=2" in " ".join(result.notes)


def test_2019_2025_missing_column(tmp_path, context):
    header = ",".join(disasters_2019_2025.REQUIRED).replace("nombre_municipios_corroborados", "municipios")
    write(tmp_path, disasters_2019_2025.FILE, header + "\n")
    context.resolver = FakeResolver({})
    with pytest.raises(RawDataError) as err:
        disasters_2019_2025.load(tmp_path, context)
    assert err.value.column == "nombre_municipios_corroborados"
    assert "declaratorias_desastre_4to_trim_2025.csv" in str(err.value)


SPENDING = ("anio,cve_ent,entidad,federacion_mxn,estado_mxn,municipios_mxn,migrantes_mxn,credito_mxn,"
            "costo_total_obras_mxn,check_sum_minus_total\n"
            "2007,01,Aguascalientes,1000,1000,1000,1000,0,4000,0\n"
            "2007,06,Colima,500,250,250,500,0,1500,0\n"
            "2007,32,Zacatecas,,,,,,,\n")
FACTS = ("period,scope,metric,value,unit,note,source_url\n"
         "2007,national,total cost of obras,5500,MXN,,https://example.org/a\n"
         "2007,national,federal resources exercised in obras,1500,MXN,without Zacatecas,https://example.org/a\n"
         "2002-c.2011,national,projects,942,projects,,https://example.org/b\n")


def test_program_load_rejects_the_lost_row_and_keeps_the_cited_facts(tmp_path, context):
    write(tmp_path, program_3x1_2007.SPENDING_FILE, SPENDING)
    write(tmp_path, program_3x1_2007.FACTS_FILE, FACTS)
    result = program_3x1_2007.load(tmp_path, context)
    assert_balanced(result)
    spending, facts = result.tables["program_state_spending"], result.tables["calibration_facts"]
    assert [(a.rows_read, a.rows_loaded, a.rows_rejected) for a in result.accounts] == [(3, 2, 1), (3, 3, 0)]
    assert result.rejects["raw_values"].str.contains("Zacatecas").all()
    assert result.rejects["reason"].tolist() == ["row lost in the source (PARCIAL): no amounts"]
    cited = facts[facts["period"].eq("2007")].set_index("metric")["value"]
    assert spending["total_mxn"].sum() == cited["total cost of obras"]
    assert spending["federal_mxn"].sum() == cited["federal resources exercised in obras"]
    assert "2002-c.2011" in set(facts["period"]) and facts["value"].dtype == "float64"


def test_facts_bad_value_is_rejected(tmp_path, context):
    write(tmp_path, program_3x1_2007.SPENDING_FILE, SPENDING)
    write(tmp_path, program_3x1_2007.FACTS_FILE, FACTS.replace(",942,", ",novecientos,"))
    result = program_3x1_2007.load(tmp_path, context)
    assert_balanced(result)
    assert result.rejects["reason"].tolist() == ["row lost in the source (PARCIAL): no amounts",
                                                 "value is not a number"]


LOCALITIES = ("cvegeo,cve_agee,cve_agem,cve_loc,nom_loc,ambito,latitud,longitud,altitud,pob,viv,cve_carta,estatus,periodo\n"
              "010010001,01,001,0001,Aguascalientes,URBANO,21.8798228,-102.2960467,1878.0,863893,246259,F13D19,1,2015-06-01\n"
              "010010106,01,001,0106,Arellano,RURAL,21.8017733,-102.273955,1892.0,1169,281,F13D19,1,2015-06-01\n"
              "320200025,32,020,0025,Ermita de los Correa,RURAL,,,,919,200,F13B58,1,2015-06-01\n"
              "320200099,32,020,0099,,RURAL,,,,,,F13B58,1,2015-06-01\n")


def test_localities_load_keeps_places_without_a_point_and_rejects_those_without_a_name(tmp_path, context):
    write(tmp_path, inegi_localities.FILE, LOCALITIES)
    result = inegi_localities.load(tmp_path, context)
    assert_balanced(result)
    (acc,) = result.accounts
    assert (acc.rows_read, acc.rows_loaded, acc.rows_rejected, acc.municipalities_covered) == (4, 3, 1, 2)
    assert result.rejects["source_row"].tolist() == [5]
    localities = result.tables["localities"].set_index("cvegeo_loc")
    assert pd.isna(localities.loc["320200025", "lat"]) and localities.loc["010010001", "population"] == 863_893
    assert any(n.startswith("2 rows without coordinates: 1 loaded") for n in result.notes)


def test_localities_missing_column(tmp_path, context):
    path = write(tmp_path, inegi_localities.FILE, LOCALITIES)
    corrupt_header(path, "latitud", "lat")
    with pytest.raises(RawDataError) as err:
        inegi_localities.load(tmp_path, context)
    assert err.value.column == "latitud" and "inegi_localidades_puntos.csv" in str(err.value)

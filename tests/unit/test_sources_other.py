"""Readers for Banxico remittances, violence, disasters, the 3x1 program tables and INEGI localities.

Transforms are tested on tiny inline frames, `load` on small files the tests write into tmp_path.
`load` on samples of the real files and the facts of the full files are integration tests
(tests/integration/test_sources_other.py).
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from etl.base import BuildContext
from etl.sources import (banxico_remittances, disasters_2017, disasters_2019_2025, inegi_localities,
                         program_3x1_2007, violence)
from store.schema import conform
from tests.readers import FakeResolver

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

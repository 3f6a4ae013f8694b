"""CENAPRED's impact record: header search, places (multi-state cells, lists, unknown lists, typos),
phenomenon groups, impact figures and the row accounting.

Hermetic: a real PlaceResolver over a few inline names, and small workbooks written into tmp_path.
The real file's facts (10,354 rows, 7,396 in 2002-2018) are integration tests
(tests/integration/test_sources_cenapred_impacts.py).
"""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from core.errors import RawDataError
from etl.base import BuildContext
from etl.places import PlaceResolver
from etl.sources import cenapred_impacts as ci
from tests.readers import assert_balanced

STATES = pd.DataFrame({
    "cve_ent": ["06", "12", "14", "18"],
    "state_name": ["Colima", "Guerrero", "Jalisco", "Nayarit"],
    "state_abbr": ["Col.", "Gro.", "Jal.", "Nay."],
})
NAMES = pd.DataFrame({
    "cvegeo": ["06001", "06002", "06007", "06009", "12001", "12029", "14039", "14120", "14108", "18017"],
    "name": ["Armería", "Colima", "Manzanillo", "Tecomán", "Acapulco de Juárez", "Chilpancingo de los Bravo",
             "Guadalajara", "Zapopan", "Tuxpan", "Tuxpan"],
    "name_source": "canonical",
})
HEADER = ("Fecha de Inicio", "Fecha de Fin", "Año", "Clasificación del fenómeno", "Tipo de fenómeno", "Estado",
          "Municipios Afectados", "Descripcion general de los daños", "Defunciones", "Población afectada ",
          "Viviendas dañadas", "Hospitales ", "Total de daños (millones de pesos)", "Fuente", None)


@pytest.fixture(scope="module")
def names() -> PlaceResolver:
    """A real place resolver over the inline names (`resolver` is the real-data fixture's name)."""
    return PlaceResolver.from_names(STATES, NAMES)


def row(state: str | None, places: object, *, year: object = 2010, cls: str = "Hidrometeorológico",
        kind: str = "Lluvias", start: object = "2010-09-01", end: object = "2010-09-03", deaths: object = "0",
        affected: object = "100", homes: object = "5", damages: object = "1.5", source: str = "CENACOM ") -> tuple:
    return (start, end, year, cls, kind, state, places, "descripción", deaths, affected, homes, "0", damages, source,
            None)


def frame(rows: list[tuple], header_at: int = 1) -> pd.DataFrame:
    """Sheet rows with the header on Excel row `header_at` (a title above it)."""
    top = [("Base histórica de impacto socioeconómico",)] + [()] * (header_at - 2) if header_at > 1 else []
    return ci.sheet_frame([*top, HEADER, *rows], Path(ci.FILE))


def by_row(events: pd.DataFrame, source_row: int) -> pd.DataFrame:
    return events[events["source_row"] == source_row].reset_index(drop=True)


# --- reading ---------------------------------------------------------------------------------------

def test_header_is_found_below_a_title_and_headings_lose_their_trailing_spaces():
    raw = frame([row("Colima", "Armería"), row("Colima", "Tecomán")], header_at=3)
    assert raw["source_row"].tolist() == [4, 5]  # the Excel rows
    assert {"Población afectada", "Hospitales", ci.DAMAGES}.issubset(raw.columns)
    assert not [c for c in raw.columns if c.startswith("column_")]  # the empty headingless column is dropped


def test_missing_column_names_file_column_and_fix():
    header = tuple("Municipios" if h == "Municipios Afectados" else h for h in HEADER)
    with pytest.raises(RawDataError) as err:
        ci.sheet_frame([header, row("Colima", "Armería")], Path(ci.FILE))
    assert err.value.column == "Municipios Afectados"
    assert "cenapred_impacto_socioeconomico_2000_2024.xlsx" in str(err.value)
    assert "REQUIRED" in err.value.fix


# --- places ----------------------------------------------------------------------------------------

def test_lists_joined_by_commas_and_y_one_row_per_municipality(names):
    events, reasons, _ = ci.transform(frame([row("Colima", "Armería, Colima y Tecomán")]), names)
    assert reasons.isna().all()
    assert events["cvegeo"].tolist() == ["06001", "06002", "06009"]
    assert set(events["scope"]) == {"municipality"} and events["event_key"].nunique() == 1
    assert events["match_method"].tolist() == ["exact"] * 3


def test_accents_and_typos(names):
    events, _, _ = ci.transform(frame([row("Colima", "Armeria y Manzanilo"), row("Guerrero", "Acapulco de Juarez")]),
                                names)
    assert events["cvegeo"].tolist() == ["06001", "06007", "12001"]
    assert events["match_method"].tolist() == ["exact", "fuzzy", "exact"]
    assert events.loc[1, "name_as_published"] == "Manzanilo" and 85 <= events.loc[1, "match_score"] < 100


def test_multi_state_cell_places_each_name_in_its_state(names):
    events, reasons, _ = ci.transform(frame([row("Colima, Jalisco y Guerrero", "Armería y Zapopan")]), names)
    assert reasons.isna().all()
    assert events["cve_ent"].tolist() == ["06", "14", "12"]
    assert events["cvegeo"].tolist()[:2] == ["06001", "14120"] and pd.isna(events.loc[2, "cvegeo"])
    assert events["scope"].tolist() == ["municipality", "municipality", "state"]
    # Guerrero named no municipality of its own: a state-level row, list unknown
    assert events.loc[2, "match_method"] == ci.LIST_UNKNOWN


def test_a_name_found_in_two_of_the_states_is_ambiguous(names):
    events, _, facts = ci.transform(frame([row("Jalisco, Nayarit", "Tuxpan")]), names)
    assert events["scope"].tolist() == ["state", "state"] and events["cvegeo"].isna().all()
    assert events["match_method"].tolist() == [ci.UNRESOLVED, ci.UNRESOLVED]
    assert "ambiguous" in facts["names_missed"][0] and "14108" in facts["names_missed"][0]


@pytest.mark.parametrize("cell", ["Varios Municipios", "varios municipios (7)", "81 municipios", "SD", None, 13,
                                  "17 municipios en emergencia y 44 municipios en desastre"])
def test_unknown_municipalities_make_state_level_rows(names, cell):
    events, reasons, facts = ci.transform(frame([row("Colima y Jalisco", cell)]), names)
    assert reasons.isna().all()
    assert events["cve_ent"].tolist() == ["06", "14"]
    assert events["cvegeo"].isna().all() and events["scope"].tolist() == ["state", "state"]
    assert events["match_method"].tolist() == [ci.LIST_UNKNOWN, ci.LIST_UNKNOWN]
    assert facts["names_missed"] == []  # a count is no unmatched name


def test_names_that_match_nothing_keep_the_event_at_state_level(names):
    events, reasons, facts = ci.transform(frame([row("Colima", "Xyzzy y Plugh")]), names)
    assert reasons.isna().all()
    assert events[["cve_ent", "scope", "match_method"]].values.tolist() == [["06", "state", ci.UNRESOLVED]]
    assert events.loc[0, "name_as_published"] == "Xyzzy y Plugh" and len(facts["names_missed"]) == 2


def test_several_states_written_in_the_municipalities_cell(names):
    raw = frame([row("Varios Estados", "Colima, Jalisco y Nayarit"), row("Varios Estados", "Varios Municipios"),
                 row("Todo el país", None)])
    events, reasons, _ = ci.transform(raw, names)
    assert events["cve_ent"].tolist() == ["06", "14", "18"] and events["cvegeo"].isna().all()
    assert reasons.tolist()[1:] == ["no state named (Estado 'Varios Estados')", "no state named (Estado 'Todo el país')"]


# --- the event's fields and the rejects ------------------------------------------------------------

def test_groups_follow_the_declarations_and_forest_fires_are_natural(names):
    raw = frame([row("Colima", "Colima", cls="Geológico ", kind="Sismo"),
                 row("Colima", "Colima", cls="Químico", kind="Incendio forestal"),
                 row("Colima", "Colima", cls="Químico", kind="Explosión"),
                 row("Colima", "Colima", cls="Sociorganizativo", kind="Accidente de Transporte "),
                 row("Colima", "Colima", cls="Sanitario", kind="Epidemia "),
                 row("Colima", "Colima", cls="Hidrometeorológico", kind="Ciclón tropical")])
    events, _, _ = ci.transform(raw, names)
    assert events["phenomenon_group"].tolist() == ["geológico", "incendio", "químico-tecnológico",
                                                   "socio-organizativo", "sanitario-ecológico", "hidrometeorológico"]
    assert events["is_natural"].tolist() == [True, True, False, False, False, True]
    assert events["phenomenon_class"].tolist()[:2] == ["Geológico", "Químico"]  # as published, stripped
    assert events.loc[3, "phenomenon_type"] == "Accidente de transporte"


def test_impacts_dates_and_source(names):
    raw = frame([row("Colima", "Colima", start=datetime(2010, 9, 1), end="SD", deaths="SD", affected="19 362 ",
                     homes="NSR", damages="115.8", source="#REF!"),
                 row("Colima", "Colima", start="14/06/2010\xa0", end="29-Sep", damages="7 niveles")])
    events, reasons, facts = ci.transform(raw, names)
    assert reasons.isna().all()
    assert events["start_date"].tolist() == [pd.Timestamp("2010-09-01"), pd.Timestamp("2010-06-14")]
    assert events["end_date"].isna().all()
    assert pd.isna(events.loc[0, "deaths"]) and events.loc[0, "people_affected"] == 19362
    assert pd.isna(events.loc[0, "homes_damaged"]) and events.loc[0, "damages_mxn"] == pytest.approx(115.8e6)
    assert pd.isna(events.loc[0, "source"]) and events.loc[1, "source"] == "CENACOM"
    assert len(facts["bad_end_dates"]) == 1 and len(facts["bad_impacts"]) == 1


def test_rejects_name_their_reason(names):
    raw = frame([row("Atlántida", "Colima"), row("Colima", "Colima", year=1999), row("Colima", "Colima", start="20/06/222"),
                 row("Colima", "Colima", cls="Extraterrestre"), row(None, "Colima"), row("Colima, Atlántida", "Colima")])
    events, reasons, _ = ci.transform(raw, names)
    assert events.empty
    assert reasons.tolist() == [
        "unknown state 'Atlántida' (Estado 'Atlántida')", "Año is not a year in 2000-2024: '1999'",
        "Fecha de Inicio is not a date: '20/06/222'", "unknown Clasificación del fenómeno 'Extraterrestre'",
        "Estado is empty", "unknown state 'Atlántida' (Estado 'Colima, Atlántida')"]


# --- load: a workbook in tmp_path ------------------------------------------------------------------

def write_workbook(raw_dir: Path, rows: list[tuple], sheet: str = ci.SHEET) -> Path:
    path = raw_dir / ci.FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    book = openpyxl.Workbook()
    book.active.title = sheet
    book.active.append(("Impacto socioeconómico de los desastres",))
    book.active.append(HEADER)
    for values in rows:
        book.active.append(values)
    book.save(path)
    return path


def test_load_counts_add_up(tmp_path, municipalities, names):
    write_workbook(tmp_path, [row("Colima", "Armería, Colima y Tecomán", start=datetime(2010, 9, 1)),
                              row("Colima y Jalisco", "Varios Municipios", year=2004),
                              row("Atlántida", "Colima"), row("Colima", "Colima", year=2031),
                              row("Guerrero", "Chilpancingo de los Bravos", cls="Sociorganizativo", kind="Explosión")])
    context = BuildContext(raw_dir=tmp_path, municipalities=municipalities.copy(), resolver=names)
    result = ci.load(tmp_path, context)
    assert_balanced(result)
    (account,) = result.accounts
    assert (account.rows_read, account.rows_loaded, account.rows_rejected) == (5, 3, 2)
    impacts = result.tables["crisis_impacts"]
    assert len(impacts) == 3 + 2 + 1 and impacts["impact_id"].tolist() == list(range(1, 7))
    assert impacts["source_row"].tolist() == [3, 3, 3, 4, 4, 7]  # Excel rows: title, header, then data
    assert by_row(impacts, 7).loc[0, "match_method"] == "fuzzy"  # "Bravos": a typo
    assert sorted(result.rejects["source_row"]) == [5, 6]
    assert "Atlántida" in result.rejects.sort_values("source_row")["raw_values"].iloc[0]
    notes = " ".join(result.notes)
    assert "3 events loaded as 6 rows" in notes and "2 of 3 events resolved" in notes  # the 2004 one is state-level


def test_load_without_the_sheet_or_the_file(tmp_path, municipalities, names):
    context = BuildContext(raw_dir=tmp_path, municipalities=municipalities.copy(), resolver=names)
    with pytest.raises(RawDataError, match="file not found"):
        ci.load(tmp_path, context)
    write_workbook(tmp_path, [row("Colima", "Colima")], sheet="Hoja1")
    with pytest.raises(RawDataError, match="no sheet 'Datos'"):
        ci.load(tmp_path, context)


def test_coverage_is_declared_as_impacts_with_the_sparse_years_in_part(tmp_path, municipalities, names):
    write_workbook(tmp_path, [row("Colima", "Colima")])
    context = BuildContext(raw_dir=tmp_path, municipalities=municipalities.copy(), resolver=names)
    coverage = ci.load(tmp_path, context).tables["crisis_coverage"]
    assert set(coverage["record_kind"]) == {"impact"} and set(coverage["year"]) == set(range(2000, 2025))
    assert set(coverage["phenomenon_group"]) == {"geológico", "hidrometeorológico", "incendio", "químico-tecnológico",
                                                 "sanitario-ecológico", "socio-organizativo"}
    assert set(coverage.loc[~coverage["complete"], "year"]) == {2000, 2001}
    assert not coverage["municipalities_listed"].any()

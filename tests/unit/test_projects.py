"""3x1 project lists: reading, header recogniser, money parser, catalogue and split rule, and the
importer on an inline base.

Every fixture list is written at run time into tmp_path. The importer on published-shape lists
against the real boundary base and the demonstration list built from the real sources are
integration tests (tests/integration/test_projects.py).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.errors import RawDataError
from core.names import StateResolver
from etl.places import PlaceResolver
from etl.projects.catalog import EDUCATIONAL, INFRASTRUCTURE, PRODUCTIVE, SERVICES, normalize_type, split_flag
from etl.projects.demo_text import NAMES
from etl.projects.headers import classify, find_header, recognise_headers
from etl.projects.importer import import_project_list
from etl.projects.money import parse_money
from etl.projects.placing import compose_key, expand_abbreviations
from etl.projects.reading import read_rows
from store.schema import conform
from tests.project_lists import HEADER, ROWS, check_outcomes, physical_lines, write_csv


# --- reading ------------------------------------------------------------------------------------


def test_reading_detects_encoding_delimiter_and_physical_lines(tmp_path):
    path = write_csv(tmp_path / "a.csv", ["AÑO", "MUNICIPIO"], [["2010", "Nochistlán"], ["2011", "A\nB"],
                                                              ["2012", "Jerez"]], delimiter="\t")
    table = read_rows(path)
    assert (table.encoding, table.delimiter) == ("cp1252", "\t")
    assert [line for line, _ in table.rows] == [1, 2, 3, 5]
    assert table.rows[1][1][1] == "Nochistlán"


# --- headers ------------------------------------------------------------------------------------


@pytest.mark.parametrize("heading, field", [
    ("EJERCICIO", "year"), ("Ejercicio fiscal", "year"), ("AÑO", "year"), ("anio", "year"),
    ("ENTIDAD", "state"), ("Entidad Federativa", "state"), ("ESTADO", "state"),
    ("MUNICIPIO", "municipality"), ("nom_mun", "municipality"), ("CLAVE MUNICIPIO", "key"), ("CVE_MUN", "key"),
    ("CVEGEO", "key"), ("CVE_ENT", "state_key"), ("Clave Entidad", "state_key"), ("LOCALIDAD", "locality"),
    ("NOMBRE DEL PROYECTO", "project_name"), ("PROYECTO", "project_name"), ("OBRA", "project_name"),
    ("TIPO DE PROYECTO", "project_type"), ("TIPO", "project_type"), ("VERTIENTE", "program_line"),
    ("APORTACION FEDERAL", "federal_mxn"), ("Aportación_Federal", "federal_mxn"), ("INVERSIÓN ESTATAL", "state_mxn"),
    ("APORTACION MUNICIPAL", "municipal_mxn"), ("APORTACIÓN DE LOS MIGRANTES", "migrant_mxn"),
    ("APORTACION CLUB", "migrant_mxn"), ("MIGRANTES", "migrant_mxn"), ("INVERSION TOTAL", "total_mxn"),
    ("CLUB", "club"), ("CLUB DE MIGRANTES", "club"), ("ORGANIZACIÓN", "club"), ("ESTADO EUA", "club_us_state"),
    ("ESTADO DE LA UNION AMERICANA", "club_us_state"), ("CIUDAD", "club_us_city"), ("BENEFICIARIOS", "beneficiaries"),
    ("% FEDERAL", None), ("FOLIO", None), ("ESTATUS DE LA OBRA", None), ("NO. DE OBRA", None),
    ("NUMERO DE BENEFICIARIOS", "beneficiaries"), ("FEDERACION DE CLUBES", None),
])
def test_header_recogniser(heading, field):
    assert classify(heading) == field


def test_header_requires_year_place_and_one_contribution():
    header = recognise_headers(["Año", "Estado", "Municipio", "Inversión Federal"])
    assert header.money_fields == ["federal_mxn"]
    with pytest.raises(RawDataError) as error:
        recognise_headers(["ESTADO", "MUNICIPIO", "CLUB"], "lista.csv")
    message = str(error.value)
    assert "year, contribution" in message and "headings found: ['ESTADO', 'MUNICIPIO', 'CLUB']" in message
    assert "EJERCICIO" in message and "APORTACIÓN" in message


def test_header_found_below_titles_and_split_over_two_rows():
    rows = [(1, ["PROGRAMA 3X1"]), (3, ["EJERCICIO", "ENTIDAD", "MUNICIPIO", "APORTACIONES", "", ""]),
            (4, ["", "", "", "FEDERAL", "ESTATAL", "MIGRANTES"]), (5, ["2010", "Zacatecas", "Jerez", "1", "1", "1"])]
    at, header, data = find_header(rows, "x.xlsx")
    assert (at, data) == (1, 3)
    assert header.money_fields == ["federal_mxn", "state_mxn", "migrant_mxn"]


# --- money --------------------------------------------------------------------------------------


@pytest.mark.parametrize("cell, expected", [
    ("1,234,567.89", (1234567.89, None)), ("$ 250,000.00", (250000.0, None)), (" 250,000 ", (250000.0, None)),
    ("250000", (250000.0, None)), ("$1,000", (1000.0, None)), ("", (0.0, None)), (None, (0.0, None)),
    ("$ -", (0.0, None)), ("n.d", (None, "missing")), ("N/D", (None, "missing")),
    ("-5,000", (-5000.0, "negative")), ("(5,000.00)", (-5000.0, "negative")), ("abc", (None, "invalid")),
    ("250.000", (None, "ambiguous")), ("1.234.567,89", (1234567.89, None)), (250000.0, (250000.0, None)),
])
def test_parse_money(cell, expected):
    assert parse_money(cell) == expected


@given(cents=st.integers(min_value=0, max_value=10**12),
       style=st.sampled_from(["{:,.2f}", "${:,.2f}", "$ {:,.2f}", " {:,.2f} ", "{:.2f}", "$ {:,.2f} MXN"]),
       whole=st.booleans())
def test_parse_money_round_trips_formatted_amounts(cents, style, whole):
    amount = cents / 100
    if whole:  # whole pesos, written without decimals
        amount = float(cents // 100)
        style = style.replace(".2f", ".0f")
    value, problem = parse_money(style.format(amount))
    assert problem is None and abs(value - amount) < 0.005


# --- catalogue and split rule -------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("PAVIMENTACION CON CONCRETO HIDRAULICO DE CALLE", ("calles, banquetas y parques", INFRASTRUCTURE)),
    ("Ampliación de red de agua potable", ("agua potable", INFRASTRUCTURE)),
    ("ELECTRIFICACIÓN", ("electrificación", INFRASTRUCTURE)),
    ("Construcción de aula en jardín de niños", ("escuelas", INFRASTRUCTURE)),
    ("Casa de la Cultura", ("espacios culturales y comunitarios", INFRASTRUCTURE)),
    ("BECAS 3X1", ("becas 3x1", EDUCATIONAL)),
    ("Proyecto productivo individual", ("proyecto productivo individual", PRODUCTIVE)),
    ("Festival de danza", ("cultura", SERVICES)),
])
def test_normalize_type(text, expected):
    assert normalize_type(text) == expected


def test_unknown_type_takes_its_category_from_context_and_never_crashes():
    assert normalize_type("ADQUISICION DE ALGO", "INFRAESTRUCTURA SOCIAL", SERVICES) == ("otro", INFRASTRUCTURE)
    assert normalize_type("ADQUISICION DE ALGO", "PROYECTOS PRODUCTIVOS") == ("proyecto productivo", PRODUCTIVE)
    assert normalize_type(None) == ("otro", INFRASTRUCTURE)
    assert normalize_type(float("nan"), None, SERVICES) == ("otro", SERVICES)


def test_demo_name_templates_read_back_to_their_type():
    for project_type, templates in NAMES.items():
        for template in templates:
            assert normalize_type(template.format("la cabecera"))[0] == project_type, template


def _row(federal, state, municipal, migrant, category=INFRASTRUCTURE):
    return {"federal_mxn": federal, "state_mxn": state, "municipal_mxn": municipal, "migrant_mxn": migrant,
            "project_category": category}


def test_split_flag():
    assert split_flag(_row(250_000, 125_000, 375_000, 250_000)) is None
    assert split_flag(_row(255_000, 250_000, 245_000, 250_000)) is None  # within the tolerance
    assert split_flag(_row(400_000, 300_000, 200_000, 100_000)) == \
        "federal 40% (rule 25%); migrants 10% (rule 25%)"
    assert split_flag(_row(125_000, 0, 0, 125_000, PRODUCTIVE)) is None
    assert split_flag(_row(300_000, 0, 0, 300_000, PRODUCTIVE)) == "federal 300,000 over the 250,000 cap"
    assert split_flag(_row(1_000_000, 1_500_000, 1_500_000, 1_000_000)) is None  # the federal cap binds
    assert split_flag(_row(1_200_000, 1_200_000, 1_200_000, 1_200_000)).startswith("federal 1,200,000 over")
    assert split_flag(_row(1, 1, None, 1)) == "shares not checked: municipal amount missing"


def test_keys_and_abbreviations():
    assert compose_key("1001", None, None, {}) == "01001"
    assert compose_key("17", "32", None, {}) == "32017"
    assert compose_key(17, None, "Zacatecas", StateResolver()) == "32017"
    assert compose_key("320170001", None, None, {}) == "32017"
    assert compose_key("abc", None, None, {}) is None
    assert expand_abbreviations("GRAL. FRANCISCO R. MURGUIA") == "General FRANCISCO R. MURGUIA"
    assert expand_abbreviations("JUAN H. SANCHEZ") == "JUAN H. SANCHEZ"


# --- the importer on a thirteen-municipality inline base ------------------------------------------
# The published-shape list of tests/project_lists.py against only the places it names (the same list
# against the real 2,475-municipality base is tests/integration/test_projects.py).

BASE = pd.DataFrame([
    ("01003", "Calvillo"), ("11035", "Santa Cruz de Juventino Rosas"), ("11044", "Villagrán"),
    ("14046", "Jalostotitlán"), ("14091", "Teocaltiche"), ("16078", "Santa Ana Maya"), ("19014", "Doctor Arroyo"),
    ("19025", "General Zuazua"), ("32014", "General Francisco R. Murguía"), ("32020", "Jerez"),
    ("32023", "Juchipila"), ("32034", "Nochistlán de Mejía"), ("32038", "Pinos"),
], columns=["cvegeo", "municipality_name"])
LOCALITIES = pd.DataFrame({"cvegeo": ["110440001", "110440012", "320200001"],
                           "nom_loc": ["Villagrán", "Colonia 18 de Marzo", "Jerez de García Salinas"]})


@pytest.fixture()
def inline_base(states: pd.DataFrame) -> tuple[pd.DataFrame, PlaceResolver]:
    municipalities = BASE.assign(cve_ent=BASE["cvegeo"].str[:2], cve_mun=BASE["cvegeo"].str[2:]).merge(
        states[["cve_ent", "state_name"]], on="cve_ent")
    names = BASE.rename(columns={"municipality_name": "name"}).assign(name_source="canonical")
    return municipalities, PlaceResolver.from_names(states, names)


def test_inline_published_csv_every_row_accounted_and_bad_rows_rejected(inline_base, tmp_path):
    municipalities, resolver = inline_base
    path = write_csv(tmp_path / "lista_3x1_ficticia.csv", HEADER, [r for r, _ in ROWS])
    result = import_project_list(path, resolver, municipalities, LOCALITIES)
    check_outcomes(result, ROWS, physical_lines([r for r, _ in ROWS]))
    projects = result.tables["projects"]
    pd.testing.assert_frame_equal(projects, conform(projects, "projects"))
    assert not projects["is_synthetic"].any() and projects["project_id"].is_unique
    assert "cp1252" in result.notes[0] and "duplicate of line 3" in set(result.rejects["reason"])
    by_key = projects.set_index("cvegeo")
    assert by_key.loc["16078", "municipality_name"] == "Santa Ana Maya"  # the base's name, not the upper case
    assert by_key.loc["16078", "state_name"] == "Michoacán de Ocampo"
    assert (by_key.loc["11044", "locality_name"], by_key.loc["11044", "cvegeo_loc"]) == ("Colonia 18 de Marzo",
                                                                                         "110440012")
    assert by_key.loc["32020", "cvegeo_loc"] == "320200001"  # "cabecera municipal" is locality 0001
    assert by_key.loc["11044", "total_mxn"] == 3_080_000
    assert by_key.loc["19014", "state_mxn"] == 0 and by_key.loc["19014", "project_category"] == PRODUCTIVE
    assert by_key.loc["32034", "has_missing_amount"] and np.isnan(by_key.loc["32034", "municipal_mxn"])
    assert by_key.loc["11044", "split_flag"] == "federal 32% (rule 25%); migrants 17% (rule 25%)"
    assert by_key.loc["32020", "club_us_state"] == "California" and by_key.loc["14091", "beneficiaries"] == 850


def test_inline_variants_give_the_same_outcomes_and_ids(inline_base, tmp_path):
    from openpyxl import Workbook

    municipalities, resolver = inline_base
    rows = [r for r, _ in ROWS]
    first = import_project_list(write_csv(tmp_path / "a.csv", HEADER, rows), resolver, municipalities)
    again = import_project_list(write_csv(tmp_path / "a.csv", HEADER, rows), resolver, municipalities)
    pd.testing.assert_frame_equal(first.tables["projects"], again.tables["projects"])
    semicolon = import_project_list(write_csv(tmp_path / "b.csv", HEADER, rows, encoding="utf-8-sig", delimiter=";"),
                                    resolver, municipalities)
    assert "delimiter ';'" in semicolon.notes[0] and "utf-8" in semicolon.notes[0]
    check_outcomes(semicolon, ROWS, physical_lines(rows))
    book = Workbook()
    sheet = book.active
    sheet.append(["PROGRAMA 3X1 PARA MIGRANTES - RELACION DE PROYECTOS (FICTICIA, PRUEBA)"])
    sheet.append([])
    sheet.append(HEADER)
    for row in rows:
        sheet.append([int(c) if h in ("EJERCICIO", "CLAVE MUNICIPIO") and c.isdigit() else c.replace("\n", " ")
                      for c, h in zip(row, HEADER)])
    book.save(tmp_path / "lista.xlsx")
    check_outcomes(import_project_list(tmp_path / "lista.xlsx", resolver, municipalities), ROWS,
                   list(range(4, 4 + len(ROWS))))


def test_inline_federal_only_list_and_unrecognised_header(inline_base, tmp_path):
    municipalities, resolver = inline_base
    path = write_csv(tmp_path / "federal.csv", ["AÑO", "ESTADO", "MUNICIPIO", "OBRA", "INVERSIÓN FEDERAL"],
                     [["2010", "Zacatecas", "Jerez", "Pavimentación de calle", "100,000.00"]], encoding="utf-8")
    row = import_project_list(path, resolver, municipalities).tables["projects"].iloc[0]
    assert row["cvegeo"] == "32020" and row["federal_mxn"] == 100_000 and np.isnan(row["migrant_mxn"])
    assert row["has_missing_amount"] and row["total_mxn"] == 100_000
    path = write_csv(tmp_path / "otra.csv", ["FOLIO", "LUGAR", "MONTO"], [["1", "Jerez", "100"]])
    with pytest.raises(RawDataError, match=r"headings found: \['FOLIO', 'LUGAR', 'MONTO'\].*EJERCICIO"):
        import_project_list(path, resolver, municipalities)

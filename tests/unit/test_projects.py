"""3x1 project lists: header recogniser, money parser, catalogue and split rule, the importer on
published-shape fixtures, and the labelled demonstration list.

Every fixture list is written at run time into tmp_path. Its rows are INVENTED (clubs such as
"CLUB FICTICIO A", made-up amounts); only the place names are real, because the importer must
resolve them against the real boundary base.
"""
from __future__ import annotations

import csv
import io
import json
import random
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from etl.base import BuildContext, RawDataError
from etl.places import PlaceResolver
from etl.projects.calibrate import calibrate, years_of
from etl.projects.catalog import (EDUCATIONAL, INFRASTRUCTURE, PRODUCTIVE, SERVICES, TOLERANCE_PP, normalize_type,
                                  rule_for, split_flag)
from etl.projects.demo import DemoInputs, generate_demo_projects
from etl.projects.demo_shape import Anchors, anchors_from_facts, yearly_targets
from etl.projects.demo_text import NAMES
from etl.projects.headers import classify, find_header, recognise_headers
from etl.projects.importer import import_project_list
from etl.projects.money import parse_money
from etl.projects.placing import compose_key, expand_abbreviations
from etl.projects.reading import read_rows
from store.schema import conform

# --- shared real base: municipalities and the resolver from the boundary index -------------------


@pytest.fixture(scope="module")
def base(raw_dir: Path) -> tuple[pd.DataFrame, PlaceResolver, pd.DataFrame]:
    topo = raw_dir / "boundaries" / "mx-geo-topojson"
    index = pd.DataFrame(json.loads((topo / "municipios-index.json").read_text(encoding="utf-8")))
    geoms = json.loads((topo / "estados.topo.json").read_text(encoding="utf-8"))["objects"]["estados"]["geometries"]
    states = pd.DataFrame([g["properties"] for g in geoms]).rename(
        columns={"cve": "cve_ent", "nombre": "state_name", "abr": "state_abbr"})
    municipalities = index.rename(columns={"nombre": "municipality_name"}).merge(
        states[["cve_ent", "state_name"]], on="cve_ent")
    names = index.rename(columns={"nombre": "name"}).assign(name_source="canonical")[["cvegeo", "name", "name_source"]]
    localities = pd.read_csv(raw_dir / "boundaries" / "inegi_localidades_puntos.csv", dtype=str,
                             usecols=["cvegeo", "nom_loc"])
    return municipalities, PlaceResolver.from_names(states, names), localities


# --- the published-shape fixture: invented rows, real place names --------------------------------

HEADER = ["EJERCICIO", "ENTIDAD", "CLAVE MUNICIPIO", "MUNICIPIO", "LOCALIDAD", "NOMBRE DEL PROYECTO",
          "TIPO DE PROYECTO", "APORTACION FEDERAL", "APORTACION ESTATAL", "APORTACION MUNICIPAL",
          "APORTACION DE LOS MIGRANTES", "CLUB DE MIGRANTES", "ESTADO EUA", "BENEFICIARIOS"]
_M = ["1", "1", "1", "1"]  # filler amounts for rows that are rejected before their money matters
# (row, expected): a 5-digit key for loaded rows, or a text the reject reason must contain
ROWS: list[tuple[list[str], str]] = [
    (["2015", "ZACATECAS", "32020", "JEREZ", "CABECERA MUNICIPAL", "PAVIMENTACION DE CALLE", "INFRAESTRUCTURA SOCIAL",
      "250,000.00", "125,000.00", "375,000.00", "250,000.00", "CLUB FICTICIO A", "CA", "1,200"], "32020"),
    (["2014", "JALISCO", "14091", "TEOCALTICHE", "", "CONSTRUCCION DE RED DE AGUA POTABLE", "", "$ 400,000.00",
      "$ 400,000.00", "$ 400,000.00", "$ 400,000.00", "CLUB FICTICIO B", "ILLINOIS", "850"], "14091"),
    (["2012", "GUANAJUATO", "11044", "VILLAGRÁN", "COLONIA 18 DE MARZO", "PAVIMENTACION\nDE CALLE MORELOS", "",
      "1,000,000.00", "770,000.00", "790,000.00", "520,000.00", "CLUB FICTICIO C", "TX", ""], "11044"),
    (["2010", "MICHOACÁN", "", "STA. ANA MAYA", "", "BECAS 3X1", "BECAS", "50,000", "25,000", "25,000", "50,000",
      "", "", ""], "16078"),
    (["2009", "AGUASCALIENTES", "1003", "CALVILLO", "", "CONSTRUCCION DE AULA", "", "100,000", "100,000",
      "100,000", "100,000", "", "", ""], "01003"),
    (["2011", "NUEVO LEON", "", "GRAL. ZUAZUA", "", "REHABILITACION DE PLAZA", "", "150000", "150000", "150000",
      "150000", "", "", ""], "19025"),
    (["2008", "NUEVO LEON", "", "DR. ARROYO", "", "PROYECTO PRODUCTIVO FAMILIAR", "", "125,000", "", "",
      "125,000", "", "", ""], "19014"),
    (["2017", "ZACATECAS", "", "NOCHISTLÁN DE MEJÍA", "", "ELECTRIFICACION", "", "300,000", "150,000", "N/D",
      "300,000", "", "", ""], "32034"),
    (["2014", "JALISCO", "14091", "TEOCALTICHE", "", "CONSTRUCCION DE RED DE AGUA POTABLE", "", "$ 400,000.00",
      "$ 400,000.00", "$ 400,000.00", "$ 400,000.00", "CLUB FICTICIO B", "ILLINOIS", "850"], "duplicate of line"),
    (["2015", "JALISCO", "", "JALOSTOTITLAN", "", "CANCHA", "", "-50,000.00", "50,000", "50,000", "50,000",
      "", "", ""], "negative amount"),
    (["2021", "ZACATECAS", "", "JEREZ", "", "X", "", *_M, "", "", ""], "year 2021 outside"),
    (["1999", "ZACATECAS", "", "PINOS", "", "X", "", *_M, "", "", ""], "year 1999 outside"),
    (["2015", "ZACATECAS", "", "VILLA INVENTADA DEL NORTE", "", "X", "", *_M, "", "", ""], "unknown municipality"),
    (["2015", "ZACATECAS", "32020", "PINOS", "", "X", "", *_M, "", "", ""], "conflict"),
    (["2016", "GUANAJUATO", "", "STA. CRUZ DE JUVENTINO ROSAS", "", "CONSTRUCCION DE DRENAJE", "", "80,000",
      "80,000", "80,000", "80,000", "", "", ""], "11035"),
    (["2013", "ZACATECAS", "", "GRAL. FRANCISCO R. MURGUIA", "", "ALUMBRADO PUBLICO", "", "90,000", "90,000",
      "90,000", "90,000", "", "", ""], "32014"),
    (["2016", "JALISCO", "", "TEOCALTICHE", "", "X", "", "abc", "1", "1", "1", "", "", ""], "unparseable amount"),
    (["", "", "", "TOTAL", "", "", "", "5,000,000.00", "", "", "", "", "", ""], "summary row"),
    (["2015", "ZACATECAS", "23", "JUCHIPILA", "", "REHABILITACION DE CENTRO DE SALUD", "", "200,000", "200,000",
      "200,000", "200,000", "", "", ""], "32023"),
]
LOADED = {i for i, (_, expected) in enumerate(ROWS) if expected.isdigit()}


def _lines(rows: list[list[str]]) -> list[int]:
    """Physical line of each record when written after a one-line header (quoted newlines add lines)."""
    out, line = [], 2
    for row in rows:
        out.append(line)
        line += 1 + sum(cell.count("\n") for cell in row)
    return out


def write_csv(path: Path, header: list[str], rows: list[list[str]], encoding: str = "cp1252",
              delimiter: str = ",") -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def _check_outcomes(result, rows_and_expected, lines: list[int]) -> None:
    projects, rejects = result.tables["projects"], result.rejects
    account = result.accounts[0]
    assert account.rows_read == len(rows_and_expected) == len(projects) + len(rejects)
    assert account.balanced
    loaded = dict(zip(projects["source_row"].astype(int), projects["cvegeo"]))
    reasons = dict(zip(rejects["source_row"].astype(int), rejects["reason"]))
    for (_, expected), line in zip(rows_and_expected, lines):
        if expected.isdigit():
            assert loaded.get(line) == expected, (line, reasons.get(line))
        else:
            assert expected in reasons.get(line, ""), (line, expected, reasons.get(line), loaded.get(line))


def test_published_csv_every_row_accounted_and_bad_rows_rejected(base, tmp_path):
    municipalities, resolver, localities = base
    path = write_csv(tmp_path / "lista_3x1_ficticia.csv", HEADER, [r for r, _ in ROWS])
    result = import_project_list(path, resolver, municipalities, localities)
    _check_outcomes(result, ROWS, _lines([r for r, _ in ROWS]))
    projects = result.tables["projects"]
    assert not projects["is_synthetic"].any()
    pd.testing.assert_frame_equal(projects, conform(projects, "projects"))
    assert projects["project_id"].is_unique
    assert set(projects["match_method"]) <= {"key", "exact", "alias", "fuzzy"}
    assert "cp1252" in result.notes[0]
    assert "duplicate of line 3" in set(result.rejects["reason"])  # the second data row, under a one-line header
    by_key = projects.set_index("cvegeo")
    # official names from the base, not the published upper case
    assert by_key.loc["16078", "municipality_name"] == "Santa Ana Maya"
    assert by_key.loc["16078", "state_name"] == "Michoacán de Ocampo"
    assert by_key.loc["11044", "locality_name"] == "Colonia 18 de Marzo"
    assert by_key.loc["11044", "cvegeo_loc"] == "110440012"
    assert by_key.loc["32020", "cvegeo_loc"] == "320200001"  # "cabecera municipal" is locality 0001
    assert by_key.loc["11044", "total_mxn"] == 3_080_000
    assert by_key.loc["19014", "state_mxn"] == 0 and by_key.loc["19014", "project_category"] == PRODUCTIVE
    assert by_key.loc["32034", "has_missing_amount"] and np.isnan(by_key.loc["32034", "municipal_mxn"])
    assert by_key.loc["32034", "split_flag"].startswith("shares not checked")
    assert by_key.loc["11044", "split_flag"] == "federal 32% (rule 25%); migrants 17% (rule 25%)"
    assert pd.isna(by_key.loc["32020", "split_flag"]) and by_key.loc["32020", "club_us_state"] == "California"
    assert by_key.loc["14091", "beneficiaries"] == 850
    assert by_key.loc["01003", "project_type"] == "escuelas"


def test_same_file_imports_to_the_same_ids(base, tmp_path):
    municipalities, resolver, _ = base
    path = write_csv(tmp_path / "lista.csv", HEADER, [r for r, _ in ROWS])
    first = import_project_list(path, resolver, municipalities).tables["projects"]
    again = import_project_list(path, resolver, municipalities).tables["projects"]
    pd.testing.assert_frame_equal(first, again)


def test_semicolon_utf8_bom_variant_gives_the_same_outcomes(base, tmp_path):
    municipalities, resolver, _ = base
    path = write_csv(tmp_path / "lista_pc.csv", HEADER, [r for r, _ in ROWS], encoding="utf-8-sig", delimiter=";")
    result = import_project_list(path, resolver, municipalities)
    assert "delimiter ';'" in result.notes[0] and "utf-8" in result.notes[0]
    _check_outcomes(result, ROWS, _lines([r for r, _ in ROWS]))


def _excel_value(cell: str, column: str) -> object:
    """What a spreadsheet holds: numbers as numbers (keys lose their zeros), text as text."""
    if column in ("EJERCICIO", "CLAVE MUNICIPIO") and cell.isdigit():
        return int(cell)
    value, problem = parse_money(cell)
    if column.startswith("APORTACION") and cell and problem is None:
        return value
    return cell.replace("\n", " ")


def test_xlsx_variant_with_title_rows_uses_excel_row_numbers(base, tmp_path):
    from openpyxl import Workbook

    municipalities, resolver, _ = base
    book = Workbook()
    sheet = book.active
    sheet.append(["PROGRAMA 3X1 PARA MIGRANTES - RELACION DE PROYECTOS (FICTICIA, PRUEBA)"])
    sheet.append([])
    sheet.append(HEADER)
    for row, _ in ROWS:
        sheet.append([_excel_value(c, h) for c, h in zip(row, HEADER)])
    path = tmp_path / "lista.xlsx"
    book.save(path)
    result = import_project_list(path, resolver, municipalities)
    _check_outcomes(result, ROWS, list(range(4, 4 + len(ROWS))))
    assert result.tables["projects"].set_index("cvegeo").loc["01003", "source_row"] == 8


def test_list_with_only_federal_money_keeps_other_partners_unknown(base, tmp_path):
    municipalities, resolver, _ = base
    path = write_csv(tmp_path / "federal.csv", ["AÑO", "ESTADO", "MUNICIPIO", "OBRA", "INVERSIÓN FEDERAL"],
                     [["2010", "Zacatecas", "Jerez", "Pavimentación de calle", "100,000.00"]], encoding="utf-8")
    result = import_project_list(path, resolver, municipalities)
    row = result.tables["projects"].iloc[0]
    assert row["cvegeo"] == "32020" and row["federal_mxn"] == 100_000 and np.isnan(row["migrant_mxn"])
    assert row["has_missing_amount"] and row["total_mxn"] == 100_000


def test_unrecognised_header_is_a_raw_data_error(base, tmp_path):
    municipalities, resolver, _ = base
    path = write_csv(tmp_path / "otra.csv", ["FOLIO", "LUGAR", "MONTO"], [["1", "Jerez", "100"]])
    with pytest.raises(RawDataError, match=r"headings found: \['FOLIO', 'LUGAR', 'MONTO'\].*EJERCICIO"):
        import_project_list(path, resolver, municipalities)


def _strip(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def test_resolution_on_a_published_shape_sample(base, tmp_path):
    """Hold-out style: real names written the way lists write them -> >= 95 % right, <= 1 % wrong."""
    municipalities, resolver, _ = base
    rng = random.Random(3)
    abbreviations = [("General ", "GRAL. "), ("Santa ", "STA. "), ("Doctor ", "DR. "), ("San ", "SN. ")]
    state_forms = {"Michoacán de Ocampo": "MICHOACAN", "Veracruz de Ignacio de la Llave": "VERACRUZ",
                   "Coahuila de Zaragoza": "COAHUILA", "México": "EDO. DE MEXICO",
                   "Ciudad de México": "DISTRITO FEDERAL"}
    sample = municipalities.sample(300, random_state=5)
    rows, truth = [], []
    for m in sample.itertuples():
        name = m.municipality_name
        for long, short in abbreviations:
            if name.startswith(long) and rng.random() < 0.7:
                name = short + name[len(long):]
        key = str(int(m.cvegeo)) if rng.random() < 0.3 else ""
        rows.append([str(rng.randint(2002, 2019)), _strip(state_forms.get(m.state_name, m.state_name)).upper(), key,
                     _strip(name).upper(), "OBRA", "100,000", "100,000", "100,000", "100,000"])
        truth.append(m.cvegeo)
    header = ["EJERCICIO", "ENTIDAD", "CVE_MUN", "MUNICIPIO", "OBRA", "FEDERAL", "ESTATAL", "MUNICIPAL", "MIGRANTES"]
    result = import_project_list(write_csv(tmp_path / "muestra.csv", header, rows), resolver, municipalities)
    got = dict(zip(result.tables["projects"]["source_row"].astype(int), result.tables["projects"]["cvegeo"]))
    right = sum(got.get(i + 2) == t for i, t in enumerate(truth))
    wrong = sum(i + 2 in got and got[i + 2] != t for i, t in enumerate(truth))
    assert right >= 0.95 * len(truth) and wrong <= 0.01 * len(truth)
    assert result.accounts[0].balanced


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
    assert compose_key(17, None, "Zacatecas", {"zacatecas": "32"}) == "32017"
    assert compose_key("320170001", None, None, {}) == "32017"
    assert compose_key("abc", None, None, {}) is None
    assert expand_abbreviations("GRAL. FRANCISCO R. MURGUIA") == "General FRANCISCO R. MURGUIA"
    assert expand_abbreviations("JUAN H. SANCHEZ") == "JUAN H. SANCHEZ"


# --- demonstration list -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_inputs(raw_dir: Path, base) -> DemoInputs:
    from etl.sources import banxico_remittances, conapo_migration, inegi_localities, inegi_population, program_3x1_2007

    municipalities = base[0]
    context = BuildContext(raw_dir=raw_dir, municipalities=municipalities)
    population = inegi_population.load(raw_dir, context).tables["population_2020"]
    program = program_3x1_2007.load(raw_dir, context).tables
    values = pd.concat([conapo_migration.load(raw_dir, context).tables["indicator_values"],
                        banxico_remittances.load(raw_dir, context).tables["indicator_values"]], ignore_index=True)
    return DemoInputs(municipalities.merge(population, on="cvegeo", how="left"), values,
                      program["program_state_spending"], program["calibration_facts"],
                      inegi_localities.load(raw_dir, context).tables["localities"])


@pytest.fixture(scope="module")
def demo(demo_inputs) -> pd.DataFrame:
    return generate_demo_projects(demo_inputs)


def test_demo_is_deterministic_and_labelled_synthetic(demo, demo_inputs):
    pd.testing.assert_frame_equal(demo, generate_demo_projects(demo_inputs, seed=20020))
    assert not demo.equals(generate_demo_projects(demo_inputs, seed=1))
    pd.testing.assert_frame_equal(demo, conform(demo, "projects"))
    assert demo["is_synthetic"].all() and (demo["source_file"] == "demo:generated").all()
    assert (demo["match_method"] == "synthetic").all() and demo["project_id"].is_unique
    assert demo["fiscal_year"].between(2002, 2019).all() and set(demo["fiscal_year"]) == set(range(2002, 2020))
    assert demo["club_name"].str.fullmatch(r"Club de demostración \d{3}").all()
    assert demo["cvegeo"].isin(set(demo_inputs.municipalities["cvegeo"])).all()


def test_demo_does_not_depend_on_input_row_order(demo, demo_inputs):
    shuffled = DemoInputs(demo_inputs.municipalities.sample(frac=1, random_state=1),
                          demo_inputs.indicator_values.sample(frac=1, random_state=2),
                          demo_inputs.program_state_spending, demo_inputs.calibration_facts,
                          demo_inputs.localities.sample(frac=1, random_state=3))
    pd.testing.assert_frame_equal(demo, generate_demo_projects(shuffled))


def test_demo_anchors_are_read_from_the_cited_facts(demo_inputs):
    facts = demo_inputs.calibration_facts
    assert anchors_from_facts(facts) == Anchors()  # the defaults are the cited file's figures
    changed = facts.assign(value=np.where((facts["period"] == "2002") & (facts["metric"] == "projects"),
                                          1000.0, facts["value"]))
    yearly = yearly_targets(anchors_from_facts(changed))
    assert yearly.loc[2002, "projects"] == 1000
    assert yearly.loc[2007, "federal_mxn"] == pytest.approx(156_790_680 + 50e6)  # Zacatecas's lost row imputed
    assert yearly.loc[2019, "federal_mxn"] == pytest.approx(276_454_909)


def test_demo_follows_the_cited_shape(demo):
    per_year = demo.groupby("fiscal_year").agg(n=("cvegeo", "size"), munis=("cvegeo", "nunique"))
    assert per_year.loc[2002, "n"] == 942 and abs(per_year.loc[2002, "munis"] - 247) <= 10
    assert demo[demo["fiscal_year"] <= 2012].shape[0] >= 16_000
    assert abs(demo.loc[demo["fiscal_year"] <= 2011, "cvegeo"].nunique() - 660) <= 20
    assert per_year.loc[2019, "n"] < 0.6 * per_year.loc[2018, "n"]  # the 2019 cut
    top = demo["state_name"].value_counts().index[:4]
    assert {"Zacatecas", "Jalisco", "Michoacán de Ocampo", "Guanajuato"} == set(top)
    zac_2007 = demo[(demo["fiscal_year"] == 2007)].groupby("state_name")["federal_mxn"].sum()
    assert zac_2007.idxmax() == "Zacatecas"  # the largest state, though its 2007 row was lost
    seen_2007 = demo[(demo["fiscal_year"] == 2007) & ~demo["cvegeo"].str[:2].isin(["09", "32"])]
    assert seen_2007["federal_mxn"].sum() == pytest.approx(156_790_680, rel=0.02)
    shares = demo["project_category"].value_counts(normalize=True)
    assert shares[INFRASTRUCTURE] == pytest.approx(98 / 164, abs=0.02)
    assert shares[PRODUCTIVE] == pytest.approx(18 / 164, abs=0.02)


def test_demo_projects_go_where_migrants_come_from(demo, demo_inputs):
    iv = demo_inputs.indicator_values
    rows = iv[(iv["indicator_id"] == "migration_intensity_index") & (iv["year"] == 2010)]
    intensity = rows.set_index("cvegeo")["value"]
    with_projects = intensity[intensity.index.isin(set(demo["cvegeo"]))]
    without = intensity[~intensity.index.isin(set(demo["cvegeo"]))]
    assert with_projects.median() > without.median() + 0.5  # 2010 method: higher = more intensity


def test_demo_shares_follow_the_rules_except_the_flagged(demo):
    flagged = demo["split_flag"].notna()
    assert 0.03 <= flagged.mean() <= 0.05
    ok = demo[~flagged]
    total = ok["total_mxn"]
    federal, migrants = ok["federal_mxn"] / total, ok["migrant_mxn"] / total
    expected = ok["project_category"].map(lambda c: rule_for(c).federal)
    assert ((federal - expected).abs() * 100 <= TOLERANCE_PP).all()
    assert ((migrants - ok["project_category"].map(lambda c: rule_for(c).migrant)).abs() * 100 <= TOLERANCE_PP).all()
    cap = np.where(demo["project_category"] == PRODUCTIVE, 250_000, 1_000_000)
    assert (demo["federal_mxn"] <= cap).all()
    assert (demo[["federal_mxn", "state_mxn", "municipal_mxn", "migrant_mxn"]] >= 0).all().all()
    recomputed = [split_flag(r) for r in demo.head(500).to_dict(orient="records")]
    assert recomputed == demo["split_flag"].head(500).astype(object).where(flagged.head(500), None).tolist()


def test_calibration_has_one_row_per_cited_fact(demo, demo_inputs):
    facts = demo_inputs.calibration_facts
    table = calibrate(demo, facts)
    pd.testing.assert_frame_equal(table, conform(table, "calibration_results"))
    assert len(table) == len(facts) == 31
    assert (table["cited_value"].to_numpy() == facts["value"].astype(float).to_numpy()).all()
    assert table["comparison"].str.len().gt(10).all()
    clubs = table[table["metric"].str.contains("club", case=False) & ~table["metric"].str.contains("contribution")]
    assert clubs["demo_value"].isna().all() and clubs["comparison"].str.startswith("not computed").all()
    row = table[(table["period"] == "2002") & (table["metric"] == "projects")].iloc[0]
    assert row["demo_value"] == 942
    assert years_of("2002-c.2011") == (2002, 2011) and years_of("c.2009-2012") == (2009, 2011)

"""3x1 project lists on the real boundary base: the importer on published-shape fixtures, and the
labelled demonstration list built from the real sources.

Every fixture list is written at run time into tmp_path. Its rows are INVENTED (clubs such as
"CLUB FICTICIO A", made-up amounts, tests/project_lists.py); only the place names are real, because
the importer must resolve them against the real boundary base.
"""
from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from core.errors import RawDataError
from core.names import fold
from etl.base import BuildContext
from etl.places import PlaceResolver
from etl.projects.calibrate import calibrate, years_of
from etl.projects.catalog import INFRASTRUCTURE, PRODUCTIVE, TOLERANCE_PP, rule_for, split_flag
from etl.projects.demo import DemoInputs, generate_demo_projects
from etl.projects.demo_shape import Anchors, anchors_from_facts, yearly_targets
from etl.projects.importer import import_project_list
from etl.projects.money import parse_money
from store.schema import conform
from tests.project_lists import HEADER, ROWS, check_outcomes, physical_lines, write_csv

pytestmark = pytest.mark.integration

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


def test_published_csv_every_row_accounted_and_bad_rows_rejected(base, tmp_path):
    municipalities, resolver, localities = base
    path = write_csv(tmp_path / "lista_3x1_ficticia.csv", HEADER, [r for r, _ in ROWS])
    result = import_project_list(path, resolver, municipalities, localities)
    check_outcomes(result, ROWS, physical_lines([r for r, _ in ROWS]))
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
    check_outcomes(result, ROWS, physical_lines([r for r, _ in ROWS]))


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
    check_outcomes(result, ROWS, list(range(4, 4 + len(ROWS))))
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
    return fold(text, keep_punctuation=True, keep_case=True)


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

"""Readers for Banxico remittances, violence, disasters, the 3x1 program tables and INEGI localities.

`load` on samples cut at run time from the real files into tmp_path (never committed) and on the
full files for the facts the README states. The transforms' unit tests are in tests/unit/test_sources_other.py.
"""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from core.errors import RawDataError
from etl.base import BuildContext
from etl.sources import (banxico_remittances, disasters_2017, disasters_2019_2025, inegi_localities,
                         program_3x1_2007, violence)
from store.schema import conform
from tests.readers import FakeResolver, assert_balanced, corrupt_header

INDEX = "boundaries/mx-geo-topojson/municipios-index.json"

pytestmark = pytest.mark.integration


# --- fixtures and helpers -------------------------------------------------------------------------

@pytest.fixture(scope="session")
def municipalities(raw_dir: Path) -> pd.DataFrame:
    base = pd.DataFrame(json.loads((raw_dir / INDEX).read_text(encoding="utf-8")))
    return base.rename(columns={"nombre": "municipality_name"}).assign(state_name="")[
        ["cvegeo", "cve_ent", "cve_mun", "state_name", "municipality_name"]]


@pytest.fixture()
def context(raw_dir: Path, municipalities: pd.DataFrame) -> BuildContext:
    return BuildContext(raw_dir=raw_dir, municipalities=municipalities.copy())


def cut(raw_dir: Path, tmp: Path, rel: str, keep=lambda i, line: i < 6) -> Path:
    """Copy the header and the lines where keep(line_number, text) holds into tmp/rel (bytes kept as published)."""
    lines = (raw_dir / rel).read_bytes().splitlines(keepends=True)
    out = tmp / rel
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(lines[0] + b"".join(l for i, l in enumerate(lines[1:], start=2) if keep(i, l.decode("utf-8"))))
    return out


def account(result, file: str):
    return next(a for a in result.accounts if a.source_file == file)


def test_banxico_sample_from_real_files(raw_dir, tmp_path, context):
    wanted = ("01001", "01999", "32999")
    cut(raw_dir, tmp_path, banxico_remittances.MUNICIPAL_FILE,
        lambda i, line: line[:4] in ("2025", "2026") and line.split(",")[1] in wanted)
    cut(raw_dir, tmp_path, banxico_remittances.STATE_FILE, lambda i, line: line.startswith("2025-01-01,1,"))
    cut(raw_dir, tmp_path, banxico_remittances.US_STATE_FILE, lambda i, line: line.startswith("2026-01-01"))
    result = banxico_remittances.load(tmp_path, context)
    assert_balanced(result)
    state = result.tables["remittances_state"]
    unidentified = state[state["is_municipality_unidentified"]]
    assert set(unidentified["cve_ent"]) == {"01", "32"} and len(unidentified) == 10  # 5 quarters x 2 keys
    assert "999" not in "".join(result.tables["remittances_municipal"]["cvegeo"].str[2:])
    values = result.tables["indicator_values"]
    assert values["year"].unique().tolist() == [2025]  # 2026 has only Q1
    assert values["cvegeo"].unique().tolist() == ["01001"]
    assert any("[2026] skipped" in n for n in result.notes)
    assert "XX" in set(result.tables["remittances_us_state"]["us_state_code"])  # "No Identificado" kept


def test_banxico_full_files(raw_dir, context):
    context.municipalities["population_2020"] = pd.array([1000] * len(context.municipalities), dtype="Int64")
    result = banxico_remittances.load(raw_dir, context)
    assert_balanced(result)
    mun = account(result, banxico_remittances.MUNICIPAL_FILE)
    assert (mun.rows_read, mun.rows_rejected, mun.municipalities_covered) == (131_864, 0, 2_456)
    assert result.tables["remittances_state"]["is_municipality_unidentified"].sum() == 1_696
    values = result.tables["indicator_values"]
    assert sorted(values["year"].unique()) == list(range(2013, 2026))
    assert set(values["indicator_id"]) == {"remittances_usd", "remittances_usd_per_person"}
    assert conform(result.tables["indicator_catalog"], "indicator_catalog")["label_es"].str.contains("ó").all()


def test_banxico_missing_column_names_file_and_column(raw_dir, tmp_path, context):
    path = cut(raw_dir, tmp_path, banxico_remittances.MUNICIPAL_FILE)
    cut(raw_dir, tmp_path, banxico_remittances.STATE_FILE)
    cut(raw_dir, tmp_path, banxico_remittances.US_STATE_FILE)
    corrupt_header(path, "VALOR_USD", "VALOR")
    with pytest.raises(RawDataError) as err:
        banxico_remittances.load(tmp_path, context)
    assert err.value.column == "VALOR_USD" and "banxico_remesas_municipio" in str(err.value)


def test_violence_sample_parquet(raw_dir, tmp_path, context):
    for rel in (violence.HOMICIDES_FILE, violence.CRIME_FILE):
        sample = pd.read_parquet(raw_dir / rel).head(4)
        sample.loc[3, "cvegeo"] = "99999"  # not a municipality
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        sample.to_parquet(tmp_path / rel)
    result = violence.load(tmp_path, context)
    assert_balanced(result)
    assert result.rejects["source_row"].tolist() == [5, 5]  # record 4 = line 5 (header-equivalent is line 1)
    values = result.tables["indicator_values"]
    homicides = values[values["indicator_id"] == "homicides"]
    assert sorted(homicides["year"].unique()) == [2019, 2020, 2021] and len(homicides) == 9
    assert values.loc[values["indicator_id"] == "homicide_rate_100k", "year"].unique().tolist() == [2021]


def test_violence_full_files_and_broken_parquet(raw_dir, tmp_path, context):
    result = violence.load(raw_dir, context)
    assert_balanced(result)
    assert [a.rows_loaded for a in result.accounts] == [2_469, 2_469]
    assert any("12085" in n for n in result.notes)
    assert result.tables["indicator_catalog"]["note_en"].str.contains("absence of violence").sum() == 3
    (tmp_path / "violence").mkdir()
    (tmp_path / violence.HOMICIDES_FILE).write_bytes(b"not parquet")
    with pytest.raises(RawDataError, match="homicidios_mun_2019_2021.parquet"):
        violence.load(tmp_path, context)
    pd.read_parquet(raw_dir / violence.HOMICIDES_FILE).drop(columns="tasa_100k").head(3).to_parquet(
        tmp_path / violence.HOMICIDES_FILE)
    with pytest.raises(RawDataError) as err:
        violence.load(tmp_path, context)
    assert err.value.column == "tasa_100k"


def test_2017_sample_keeps_text_keys_and_last_line(raw_dir, tmp_path, context):
    # lines 2-4, the three without magnitude (65, 273, 701) and the last line, which has no newline
    cut(raw_dir, tmp_path, disasters_2017.FILE, lambda i, line: i < 5 or i in (65, 273, 701, 726))
    result = disasters_2017.load(tmp_path, context)
    assert_balanced(result)
    events = result.tables["crisis_events"]
    assert events["source_row"].tolist() == list(range(2, 9))  # lines of the sample file
    assert not (tmp_path / disasters_2017.FILE).read_bytes().endswith(b"\n")
    assert events["cvegeo"].iloc[0] == "07001" and events["cvegeo"].iloc[-1] == "30172"
    assert events["description"].str.contains("magnitud no indicada").sum() == 3
    assert set(events["declaration_id"]) == {"sismos-2017-09-07", "sismos-2017-09-19"}
    assert (events["match_method"] == "key").all() and (events["match_score"] == 100).all()


def test_2017_full_file_has_725_municipalities(raw_dir, context):
    result = disasters_2017.load(raw_dir, context)
    assert_balanced(result)
    events = result.tables["crisis_events"]
    assert len(events) == events["cvegeo"].nunique() == 725
    assert events["source_row"].max() == 726  # the last line, without a trailing newline, is loaded
    assert events["declaration_kind"].value_counts().to_dict() == {
        "desastre": 699, "emergencia extraordinaria": 24, "emergencia": 2}
    assert events.loc[events["cvegeo"].str.startswith("09"), "event_date"].dt.day.unique().tolist() == [19]


def test_2017_wrong_encoding_raises(raw_dir, tmp_path, context):
    path = cut(raw_dir, tmp_path, disasters_2017.FILE)
    path.write_bytes(path.read_text(encoding="utf-8").encode("latin-1"))
    with pytest.raises(RawDataError, match="declaratorias_sismos_septiembre_2017.csv"):
        disasters_2017.load(tmp_path, context)
    path.write_bytes(b"")
    with pytest.raises(RawDataError, match="empty"):
        disasters_2017.load(tmp_path, context)


# --- disaster declarations 2019-2025 --------------------------------------------------------------

def test_2019_2025_sample_with_fake_resolver(raw_dir, tmp_path, context):
    # lines 2-4: San Gabriel (Jal.), Reynosa (Tamps.), Huixtla (Chis.); line 9: "Armería, Manzanillo, Minatitlán y Tecomán"
    cut(raw_dir, tmp_path, disasters_2019_2025.FILE, lambda i, line: i in (2, 3, 4, 9))
    context.resolver = FakeResolver({"San Gabriel": "14079", "Huixtla": "07040", "Armería": "06001",
                                     "Manzanillo": "06007", "Minatitlán": "06008"})
    result = disasters_2019_2025.load(tmp_path, context)
    assert_balanced(result)
    (acc,) = result.accounts
    assert (acc.rows_read, acc.rows_loaded, acc.rows_rejected) == (4, 3, 1)  # Reynosa unresolved: declaration rejected
    events = result.tables["crisis_events"]
    assert events["declaration_id"].tolist() == ["dd-2019-001", "dd-2019-003"] + ["dd-2019-008"] * 3
    assert events["source_row"].tolist() == [2, 4, 5, 5, 5]
    assert events.loc[1, "event_date"] == pd.Timestamp("2019-08-17") and pd.isna(events.loc[0, "event_date"])
    assert events["dof_date"].iloc[0] == pd.Timestamp("2019-06-13")
    rejects = result.rejects.sort_values("source_row")
    assert rejects["source_row"].tolist() == [3, 5]
    assert "Tecomán" in rejects["raw_values"].iloc[1] and "Tecomán" in rejects["reason"].iloc[1]
    notes = " ".join(result.notes)
    assert "names_read=7, names_resolved=5, names_rejected=2" in notes
    assert "no 2: 1 vs 1" not in notes and "0 declarations whose" in notes


def test_2019_2025_full_file_with_real_resolver(raw_dir, context):
    places = pytest.importorskip("etl.places")
    topo = json.loads((raw_dir / "boundaries/mx-geo-topojson/estados.topo.json").read_text(encoding="utf-8"))
    states = pd.DataFrame([g["properties"] for g in topo["objects"]["estados"]["geometries"]]).rename(
        columns={"cve": "cve_ent", "nombre": "state_name", "abr": "state_abbr"})
    names = context.municipalities.rename(columns={"municipality_name": "name"}).assign(name_source="canonical")
    context.resolver = places.PlaceResolver.from_names(states, names[["cvegeo", "name", "name_source"]])
    result = disasters_2019_2025.load(raw_dir, context)
    assert_balanced(result)
    assert result.accounts[0].rows_read == 122
    events = result.tables["crisis_events"]
    assert not events.duplicated(["declaration_id", "cvegeo"]).any()
    assert events["source_row"].between(2, 123).all()
    assert any(n.startswith("names_read=") and f"names_resolved={len(events)}," in n for n in result.notes)


def test_2019_2025_missing_column(raw_dir, tmp_path, context):
    path = cut(raw_dir, tmp_path, disasters_2019_2025.FILE)
    corrupt_header(path, "nombre_municipios_corroborados", "municipios")
    context.resolver = FakeResolver({})
    with pytest.raises(RawDataError) as err:
        disasters_2019_2025.load(tmp_path, context)
    assert err.value.column == "nombre_municipios_corroborados"
    assert "declaratorias_desastre_4to_trim_2025.csv" in str(err.value)


def test_program_full_files_match_the_cited_totals(raw_dir, context):
    result = program_3x1_2007.load(raw_dir, context)
    assert_balanced(result)
    spending, facts = result.tables["program_state_spending"], result.tables["calibration_facts"]
    assert [(a.rows_read, a.rows_loaded, a.rows_rejected) for a in result.accounts] == [(31, 30, 1), (31, 31, 0)]
    assert result.rejects["raw_values"].str.contains("Zacatecas").all()
    cited = facts[facts["period"].eq("2007")].set_index("metric")["value"]
    assert spending["total_mxn"].sum() == cited["total cost of obras"]
    assert spending["federal_mxn"].sum() == cited["federal resources exercised in obras"]
    assert "2002-c.2011" in set(facts["period"]) and facts["value"].dtype == "float64"


def test_facts_bad_value_is_rejected(raw_dir, tmp_path, context):
    cut(raw_dir, tmp_path, program_3x1_2007.SPENDING_FILE)
    path = cut(raw_dir, tmp_path, program_3x1_2007.FACTS_FILE)
    path.write_text(path.read_text(encoding="utf-8").replace(",942,", ",novecientos,"), encoding="utf-8")
    result = program_3x1_2007.load(tmp_path, context)
    assert_balanced(result)
    assert result.rejects["reason"].tolist() == ["value is not a number"]


def test_localities_sample_and_full_file(raw_dir, tmp_path, context):
    cut(raw_dir, tmp_path, inegi_localities.FILE, lambda i, line: i < 12 or i == 264)  # line 264: no name, no point
    sample = inegi_localities.load(tmp_path, context)
    assert_balanced(sample)
    assert sample.rejects["source_row"].tolist() == [12] and len(sample.tables["localities"]) == 10
    result = inegi_localities.load(raw_dir, context)
    assert_balanced(result)
    (acc,) = result.accounts
    assert (acc.rows_read, acc.rows_loaded, acc.rows_rejected, acc.municipalities_covered) == (50_763, 50_608, 155, 2_475)
    assert result.tables["localities"]["cvegeo_loc"].str.len().eq(9).all()
    assert any(n.startswith("155 rows without coordinates") for n in result.notes)


def test_localities_missing_column(raw_dir, tmp_path, context):
    path = cut(raw_dir, tmp_path, inegi_localities.FILE)
    corrupt_header(path, "latitud", "lat")
    with pytest.raises(RawDataError) as err:
        inegi_localities.load(tmp_path, context)
    assert err.value.column == "latitud" and "inegi_localidades_puntos.csv" in str(err.value)


def test_2017_provisional_keys_give_way_to_exact_names(raw_dir, municipalities, resolver):
    # the file numbers Chiapas' new municipalities with 2017 provisional keys
    context = BuildContext(raw_dir=raw_dir, municipalities=municipalities.copy(), resolver=resolver)
    events = disasters_2017.load(raw_dir, context).tables["crisis_events"]
    assert events["cvegeo"].nunique() == 725
    events = events[events["cvegeo"].str.startswith("07")].set_index("name_as_published")
    assert events.loc["Emiliano Zapata", "cvegeo"] == "07123"
    assert events.loc["Mezcalapa", "cvegeo"] == "07124"
    assert events.loc["Mezcalapa", "match_method"] == "name (key corrected)"
    assert events.loc["El Parral", "cvegeo"] == "07122"  # key and name agree

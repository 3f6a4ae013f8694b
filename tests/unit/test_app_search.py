"""The search box's ranking: accent- and case-insensitive, exact > prefix > word prefix > contains,
municipalities before localities of equal rank, bigger population first; inline frames only."""
from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from core.names import normalize_name
from dashapp.queries.search import (
    KIND_LOCALITY,
    KIND_MUNICIPALITY,
    RANK_ALL_WORDS,
    RANK_CONTAINS,
    RANK_EXACT,
    RANK_PREFIX,
    RANK_WORD_PREFIX,
    build_index,
    normalize,
    search,
    suggestion_href,
)
from dashapp.search import lang_from_search, suggestion_item
from dashapp.store import Snapshot

MUNICIPALITIES = [  # cvegeo, name, state, population
    ("32020", "Jerez", "Zacatecas", 59910),
    ("20397", "Heroica Ciudad de Tlaxiaco", "Oaxaca", 40123),
    ("20184", "San Juan Bautista Tuxtepec", "Oaxaca", 159452),
    ("20190", "San Juan Cotzocón", "Oaxaca", 22444),
    ("14073", "San Juan de los Lagos", "Jalisco", 69725),
    ("09014", "Benito Juárez", "Ciudad de México", 434153),
    ("19039", "Monterrey", "Nuevo León", 1142994),
    ("15033", "Ecatepec de Morelos", "México", 1645352),
]
LOCALITIES = [  # cvegeo_loc, name, population
    ("320200001", "Jerez de García Salinas", 46132),
    ("320200025", "Ermita de los Correa", 919),
    ("203970001", "Heroica Ciudad de Tlaxiaco", 18915),
    ("150330010", "San Juan", 3253),
    ("190390020", "San Juan", 12),
    ("141010001", "Paso de San Juan", 800),
    ("320200040", "El Jerezano", 30),
    ("320200041", "Los Tejerez", 25),
]


def _snapshot() -> Snapshot:
    munis = pd.DataFrame(MUNICIPALITIES, columns=["cvegeo", "municipality_name", "state_name", "population_2020"])
    munis["cve_ent"] = munis["cvegeo"].str[:2]
    names = pd.DataFrame({"cvegeo": munis["cvegeo"], "name": munis["municipality_name"],
                          "name_normalized": munis["municipality_name"].map(normalize_name),
                          "name_source": "canonical"})
    alias = pd.DataFrame({"cvegeo": ["32020"], "name": ["Jerez de García Salinas"],
                          "name_normalized": ["jerez de garcia salinas"], "name_source": ["coneval_2010"]})
    locs = pd.DataFrame(LOCALITIES, columns=["cvegeo_loc", "locality_name", "population"])
    locs["cvegeo"] = locs["cvegeo_loc"].str[:5]
    locs["locality_name_normalized"] = locs["locality_name"].map(normalize_name)
    locs = locs[locs["cvegeo"].isin(munis["cvegeo"])]
    return Snapshot(tables={"municipalities": munis, "place_names": pd.concat([names, alias], ignore_index=True),
                            "localities": locs}, version="test")


INDEX = build_index(_snapshot())


def _names(hits: list[dict]) -> list[tuple[str, str, str]]:
    return [(h["kind"], h["name"], h["state_name"]) for h in hits]


def test_normalize_folds_accents_case_punctuation_and_abbreviations():
    assert normalize("Jérez, ZAC.") == "jerez zac"
    assert normalize("Gral. Zuazua") == "general zuazua"
    assert normalize("  San   Juan-Cotzocón ") == "san juan cotzocon"
    assert normalize(None) == "" and normalize(42) == ""


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_normalize_matches_the_stored_fold(text):
    """The app's fold equals the ETL's (core.names.normalize_name), which wrote name_normalized."""
    assert normalize(text) == normalize_name(text)


def test_jerez_finds_jerez_zacatecas_first():
    hits = search(INDEX, "jerez")
    assert _names(hits)[0] == (KIND_MUNICIPALITY, "Jerez", "Zacatecas")
    assert hits[0]["rank"] == RANK_EXACT
    # the alias spelling does not list the municipality twice
    assert [h["cvegeo"] for h in hits if h["kind"] == KIND_MUNICIPALITY] == ["32020"]


def test_accents_and_case_do_not_matter():
    assert search(INDEX, "JÉREZ")[0]["cvegeo"] == "32020"
    assert search(INDEX, "cotzocon")[0]["name"] == "San Juan Cotzocón"


def test_tlaxiaco_finds_the_heroica_ciudad_and_not_its_namesake_town():
    hits = search(INDEX, "tlaxiaco")
    assert _names(hits) == [(KIND_MUNICIPALITY, "Heroica Ciudad de Tlaxiaco", "Oaxaca")]
    assert hits[0]["rank"] == RANK_WORD_PREFIX


def test_san_juan_lists_the_many_san_juan_with_their_state():
    hits = search(INDEX, "san juan")
    # hometowns first: municipalities starting with the text (by population), then towns of that name
    assert [(h["kind"], h["name"]) for h in hits[:3]] == [
        (KIND_MUNICIPALITY, "San Juan Bautista Tuxtepec"), (KIND_MUNICIPALITY, "San Juan de los Lagos"),
        (KIND_MUNICIPALITY, "San Juan Cotzocón")]
    exact = [h for h in hits if h["rank"] == RANK_EXACT]
    assert [(h["kind"], h["state_name"], h["population"]) for h in exact] == [
        (KIND_LOCALITY, "México", 3253), (KIND_LOCALITY, "Nuevo León", 12)]
    assert {h["state_name"] for h in hits} >= {"Oaxaca", "Jalisco", "México"}
    assert all(h["state_name"] for h in hits)


def test_rank_order_and_municipalities_before_localities_of_equal_rank():
    hits = search(INDEX, "jerez", limit=10)
    assert [(h["name"], h["rank"]) for h in hits] == [
        ("Jerez", RANK_EXACT), ("Jerez de García Salinas", RANK_PREFIX), ("El Jerezano", RANK_WORD_PREFIX),
        ("Los Tejerez", RANK_CONTAINS)]
    juan = search(INDEX, "juan", limit=20)
    word = [h for h in juan if h["rank"] == RANK_WORD_PREFIX]
    kinds = [h["kind"] for h in word]
    assert kinds == sorted(kinds, key=lambda k: k != KIND_MUNICIPALITY)


def test_words_with_the_state_narrow_the_list():
    hits = search(INDEX, "san juan oaxaca")
    assert {h["cvegeo"] for h in hits} == {"20184", "20190"}
    assert all(h["rank"] == RANK_ALL_WORDS for h in hits)
    assert search(INDEX, "jerez zac")[0]["cvegeo"] == "32020"


def test_a_key_finds_its_place():
    assert search(INDEX, "32020")[0]["name"] == "Jerez"
    hit = search(INDEX, "320200025")[0]
    assert (hit["kind"], hit["cvegeo_loc"]) == (KIND_LOCALITY, "320200025")


def test_short_hostile_and_long_input_give_no_error():
    assert search(INDEX, "") == [] and search(INDEX, "j") == [] and search(INDEX, None) == []
    assert search(INDEX, "<script>alert(1)</script>") == []
    assert search(INDEX, "'; DROP TABLE place_names; --") == []
    assert search(INDEX, "x" * 100_000) == []  # its speed: benchmarks/bench_functions.py
    assert search(INDEX, "jerez", limit=1) == search(INDEX, "jerez")[:1]


def test_suggestion_links_lead_to_the_municipality_page():
    town = search(INDEX, "ermita")[0]
    assert suggestion_href(town) == "/municipio/32020?loc=320200025"
    assert suggestion_href(town, "en") == "/municipio/32020?loc=320200025&lang=en"
    assert suggestion_href(search(INDEX, "jerez")[0], "en") == "/municipio/32020?lang=en"


def test_suggestion_item_renders_names_as_text():
    hit = {"kind": KIND_LOCALITY, "cvegeo": "32020", "cvegeo_loc": "320200025", "name": "<b>Ermita</b>",
           "municipality_name": "Jerez", "state_name": "Zacatecas", "population": 919, "rank": 1}
    item = suggestion_item(hit, "en")
    link = item.children
    assert link.href == "/municipio/32020?loc=320200025&lang=en"
    texts = [span.children for span in link.children]
    assert texts[0] == "<b>Ermita</b>"  # a text child: React escapes it
    assert texts[1] == "town in Jerez, Zacatecas" and texts[2] == "pop. 919"


def test_lang_from_search_tolerates_junk():
    assert lang_from_search("?lang=en&x=1") == "en"
    assert lang_from_search("?lang=fr") == "es"
    assert lang_from_search(None) == "es"
    assert lang_from_search("?lang=en&lang=es") == "en"

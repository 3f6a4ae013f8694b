"""The place resolver: normalising, states, keys vs names, ambiguity, fuzzy typos and free-text lists.

Hermetic: the resolvers here are built from inline frames. The same behaviours on the real names
(boundary index and CONEVAL 2010) are integration tests (tests/integration/test_places.py).
"""
from __future__ import annotations

import pandas as pd
import pytest

from etl.places import Match, PlaceResolver, normalize_name, split_municipality_list

STATES = pd.DataFrame(
    {"cve_ent": ["07", "08"], "state_name": ["Chiapas", "Chihuahua"], "state_abbr": ["Chis.", "Chih."]}
)


# --- normalising ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Yecora.", "yecora"),
        ("Yécora", "yecora"),
        ("  SAN  Pedro   y San Pablo  Ayutla ", "san pedro y san pablo ayutla"),
        ("Gral. Escobedo", "general escobedo"),
        ("Dr. Belisario Domínguez", "doctor belisario dominguez"),
        ("Sta. Ma. Huatulco", "santa maria huatulco"),
        ("Sto. Domingo", "santo domingo"),
        ("Cd. Ixtepec", "ciudad ixtepec"),
        ("Fco. León", "francisco leon"),
        ("San Juan Mixtepec -Dto. 08 -", "san juan mixtepec distrito 08"),
        ("Hidalgo-titlán", "hidalgo titlan"),
        ("San Juan Ñumí", "san juan numi"),
        ("Othon P. Blanco", "othon p blanco"),
        ("", ""),
        (None, ""),
        (float("nan"), ""),
    ],
)
def test_normalize_name(text, expected):
    assert normalize_name(text) == expected


def test_abbreviations_expand_only_as_whole_words():
    # "sta" inside "Costa" or "ma" inside "Tamazula" must stay as written
    assert normalize_name("Costa Rica") == "costa rica"
    assert normalize_name("Tamazula") == "tamazula"


def test_canonical_name_beats_another_key_with_the_same_old_spelling():
    names = pd.DataFrame({
        "cvegeo": ["07121", "07123", "07121"],
        "name": ["Emiliano Zapata", "Emiliano Zapata", "Rincón Chamula San Pedro"],
        "name_source": ["sismos_2017", "canonical", "canonical"],
    })
    resolver = PlaceResolver.from_names(STATES, names)
    assert resolver.canonical["07121"] == "Rincón Chamula San Pedro"  # not the first row
    assert resolver.resolve("Chiapas", "Emiliano Zapata") == Match("07123", "exact", 100.0, None)
    assert resolver.resolve("Chis.", "Rincon Chamula San Pedro").cvegeo == "07121"


# --- lists ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A, B y C", ["A", "B", "C"]),
        ("A, B, y C", ["A", "B", "C"]),
        ("Escárcega; Hecelchakán", ["Escárcega", "Hecelchakán"]),
        ("Villa Pesqueira y Yecora.", ["Villa Pesqueira", "Yecora"]),
        ("Mulegé ,La Paz  y Los Cabos", ["Mulegé", "La Paz", "Los Cabos"]),
        ("Acatepec, Igualapa, Acatepec, igualapa", ["Acatepec", "Igualapa"]),
        ("", []),
        (None, []),
    ],
)
def test_split_municipality_list(text, expected):
    assert split_municipality_list(text) == expected

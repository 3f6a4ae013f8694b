"""The place resolver: normalising, states, keys vs names, ambiguity, fuzzy typos and free-text lists.

Hermetic: the resolvers here are built from inline frames. The same behaviours on the real names
(boundary index and CONEVAL 2010) are integration tests (tests/integration/test_places.py).
"""
from __future__ import annotations

import pandas as pd
import pytest

from core.names import normalize_name
from etl.places import Match, PlaceResolver, split_municipality_list

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


# --- the resolver on a tiny inline world ----------------------------------------------------
# Twenty names, each there for a behaviour: a key and its name, two keys with one name, a fuzzy
# near-tie, short names one letter apart, names containing " y ". The historic aliases of
# etl/places.py (Medellín, San Pedro Mixtepec Distrito 22) come with their keys.

NAMES = pd.DataFrame([
    ("32020", "Jerez"), ("32017", "Guadalupe"), ("32038", "Pinos"), ("07001", "Acacoyagua"),
    ("20318", "San Pedro Mixtepec"), ("20319", "San Pedro Mixtepec"),
    ("20401", "Santa María Colotepec"), ("20403", "Santa María Coyotepec"),
    ("23005", "Benito Juárez"), ("09014", "Benito Juárez"), ("12081", "Iliatenco"), ("12076", "Acatepec"),
    ("26069", "Yécora"), ("26020", "Carbó"), ("26044", "Ónavas"), ("08020", "Chínipas"),
    ("08029", "Guadalupe y Calvo"), ("08046", "Morelos"), ("08065", "Urique"), ("30105", "Medellín de Bravo"),
], columns=["cvegeo", "name"]).assign(name_source="canonical")


@pytest.fixture()
def tiny(states: pd.DataFrame) -> PlaceResolver:
    """A resolver over the 32 states and the twenty names above."""
    return PlaceResolver.from_names(states, NAMES)


@pytest.mark.parametrize(("text", "cve"), [
    ("Veracruz de Ignacio de la Llave", "30"), ("Ver.", "30"), ("MICHOACAN", "16"), ("Coahuila", "05"),
    ("Edo. Mex.", "15"), ("Méx.", "15"), ("CDMX", "09"), ("Distrito Federal", "09"), ("D.F.", "09"),
    ("Q. Roo", "23"), ("Zac.", "32"), ("SLP", "24"), ("N.L.", "19"), ("7", "07"), ("32", "32"),
])
def test_tiny_state_aliases(tiny, text, cve):
    assert tiny.resolve_state(text) == cve


@pytest.mark.parametrize("text", ["Texas", "33", "0", "", None, "Nuevo México"])
def test_tiny_unknown_states_are_none(tiny, text):
    assert tiny.resolve_state(text) is None


def test_tiny_keys_win_conflicts_are_rejected_and_unknown_keys_fall_back(tiny):
    assert tiny.resolve(None, None, "7001") == Match("07001", "key", 100.0, None)
    assert tiny.resolve("Zacatecas", "Jeres", "32020").cvegeo == "32020"  # a typo of the key's own name
    conflict = tiny.resolve("Zacatecas", "Guadalupe", "32020")
    assert conflict.method == "rejected" and conflict.cvegeo is None
    assert conflict.reason.startswith("conflict: key 32020 is Jerez, Zacatecas")
    assert "Guadalupe" in conflict.reason and "32017" in conflict.reason
    state = tiny.resolve("Jalisco", None, "32020")
    assert state.method == "rejected" and state.reason.startswith("conflict") and "Jalisco" in state.reason
    assert tiny.resolve("Zacatecas", "Guadalupe", "32999") == Match("32017", "exact", 100.0, None)
    unknown = tiny.resolve(None, None, "32999")
    assert unknown.method == "rejected" and "32999" in unknown.reason


def test_tiny_exact_alias_and_ambiguous_names(tiny):
    assert tiny.resolve("Sonora", "Yecora.") == Match("26069", "exact", 100.0, None)
    assert tiny.resolve("Veracruz", "Medellín") == Match("30105", "alias", 100.0, None)
    assert tiny.resolve("Oaxaca", "San Pedro Mixtepec Distrito 22") == Match("20318", "alias", 100.0, None)
    twins = tiny.resolve("Oaxaca", "San Pedro Mixtepec")
    assert twins.method == "rejected" and twins.reason.startswith("ambiguous")
    assert "20318" in twins.reason and "20319" in twins.reason
    assert tiny.resolve(None, "Guadalupe y Calvo").cvegeo == "08029"
    assert tiny.resolve(None, "Benito Juárez").reason == \
        "ambiguous municipality 'Benito Juárez' without a state: 2 candidates"
    assert tiny.resolve(None, "Chlnipas").method == "rejected"  # no fuzzy matching across the country
    texas = tiny.resolve("Texas", "Jerez")
    assert texas.method == "rejected" and "Texas" in texas.reason


def test_tiny_fuzzy_accepts_typos_and_refuses_ties_far_names_and_other_states(tiny):
    for state, text, key in [("Guerrero", "IIiatenco", "12081"), ("Chihuahua", "Chlnipas", "08020")]:
        match = tiny.resolve(state, text)
        assert match.cvegeo == key and match.method == "fuzzy" and 85 <= match.score <= 100 and match.reason is None
    tie = tiny.resolve("Oaxaca", "Santa María Cototepec")  # one letter from Colotepec and from Coyotepec
    assert tie.method == "rejected" and "near-tie" in tie.reason and "20401" in tie.reason and "20403" in tie.reason
    far = tiny.resolve("Sonora", "Curbú")  # two letters off Carbó
    assert far.method == "rejected" and far.reason.startswith("unknown municipality 'Curbú' in Sonora (26)")
    assert tiny.resolve("Sonora", "Corbó").cvegeo == "26020" and tiny.resolve("Sonora", "Onovas").cvegeo == "26044"
    assert tiny.resolve("Sonora", "Chlnipas").method == "rejected"  # Chínipas is in Chihuahua


def test_tiny_split_and_resolve_keeps_names_with_y_and_reports_failures(tiny):
    got = tiny.split_and_resolve("Chihuahua", "Chlnipas, Guadalupe y Calvo, Morelos y Urique")
    assert [(raw, m.cvegeo) for raw, m in got] == [("Chlnipas", "08020"), ("Guadalupe y Calvo", "08029"),
                                                  ("Morelos", "08046"), ("Urique", "08065")]
    got = tiny.split_and_resolve("Guerrero", "Acatepec, IIiatenco, Acatepec, lliatenco y Xyzzy")
    assert [raw for raw, _ in got] == ["Acatepec", "IIiatenco", "Xyzzy"]  # lliatenco is the same key
    raw, match = got[-1]
    assert match.method == "rejected" and "Xyzzy" in match.reason and "Guerrero (12)" in match.reason


def test_tiny_resolve_frame_aligns_to_the_index(tiny):
    base = pd.DataFrame({"estado": ["Guerrero", "Oaxaca", None, "Zacatecas"],
                         "municipio": ["IIiatenco", "San Pedro Mixtepec", "Guadalupe y Calvo", "Guadalupe"],
                         "clave": [None, None, None, "32020"]}, index=[10, 20, 30, 40])
    out = tiny.resolve_frame(base, "estado", "municipio", "clave")
    assert list(out.columns) == ["cvegeo", "match_method", "match_score", "match_reason"]
    assert list(out.index) == [10, 20, 30, 40]
    assert out["cvegeo"].tolist()[0] == "12081" and out.loc[30, "cvegeo"] == "08029"
    assert out["match_method"].tolist() == ["fuzzy", "rejected", "exact", "rejected"]
    assert out.loc[40, "match_reason"].startswith("conflict") and pd.isna(out.loc[20, "match_score"])
    big = tiny.resolve_frame(pd.concat([base] * 50, ignore_index=True), "estado", "municipio", "clave")
    assert len(big) == 200 and big["cvegeo"].notna().sum() == 100
    no_state = tiny.resolve_frame(base, None, "municipio")
    assert no_state["cvegeo"].tolist()[2] == "08029" and no_state["match_method"].tolist()[0] == "rejected"

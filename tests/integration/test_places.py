"""The place resolver on the real names: states, keys vs names, ambiguity, fuzzy typos and free-text lists.

Municipality names come from the real boundary index and CONEVAL 2010 file (read at test time);
the inputs are the real spellings of the 2019-2025 disaster declarations. Normalising and list
splitting are unit tests (tests/unit/test_places.py).
"""
from __future__ import annotations

import pandas as pd
import pytest

from etl.places import Match

pytestmark = pytest.mark.integration


# --- states ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "cve"),
    [
        ("Veracruz de Ignacio de la Llave", "30"), ("Veracruz", "30"), ("Ver.", "30"),
        ("Michoacán de Ocampo", "16"), ("Michoacán", "16"), ("MICHOACAN", "16"), ("Mich.", "16"),
        ("Coahuila de Zaragoza", "05"), ("Coahuila", "05"), ("Coah.", "05"),
        ("México", "15"), ("Estado de México", "15"), ("Edo. Mex.", "15"), ("Méx.", "15"),
        ("CDMX", "09"), ("Ciudad de México", "09"), ("CIudad de México", "09"),
        ("Distrito Federal", "09"), ("D.F.", "09"),
        ("Zac.", "32"), ("Gto.", "11"), ("SLP", "24"), ("Q. Roo", "23"), ("Quintana Roo", "23"),
        ("Ags.", "01"), ("BC", "02"), ("BCS", "03"), ("Camp.", "04"), ("Col.", "06"), ("Chis.", "07"),
        ("Chih.", "08"), ("Dgo.", "10"), ("Gro.", "12"), ("Hgo.", "13"), ("Jal.", "14"), ("Mor.", "17"),
        ("Nay.", "18"), ("NL", "19"), ("N.L.", "19"), ("Nuevo León", "19"), ("Oax.", "20"), ("Pue.", "21"),
        ("Qro.", "22"), ("Sin.", "25"), ("Son.", "26"), ("Tab.", "27"), ("Tamps.", "28"), ("Tlax.", "29"),
        ("Yuc.", "31"), ("Yucatan", "31"),
        ("32", "32"), ("7", "07"), ("07", "07"),
    ],
)
def test_state_aliases(resolver, text, cve):
    assert resolver.resolve_state(text) == cve


@pytest.mark.parametrize("text", ["Texas", "33", "0", "", None, "Nuevo México"])
def test_unknown_states_are_none(resolver, text):
    assert resolver.resolve_state(text) is None


# --- keys -----------------------------------------------------------------------------------


def test_key_wins_and_regains_its_leading_zero(resolver):
    assert resolver.resolve(None, None, "7001") == Match("07001", "key", 100.0, None)
    assert resolver.resolve("Chiapas", "Acacoyagua", "07001").method == "key"
    # a typo of the key's own name is no conflict
    assert resolver.resolve("Zacatecas", "Jeres", "32020").cvegeo == "32020"


def test_key_conflicting_with_the_names_is_rejected(resolver):
    match = resolver.resolve("Zacatecas", "Guadalupe", "32020")
    assert match.method == "rejected" and match.cvegeo is None
    assert match.reason.startswith("conflict: key 32020 is Jerez, Zacatecas")
    assert "Guadalupe" in match.reason and "32017" in match.reason
    # the 2017 earthquake file gives Emiliano Zapata (07123 today) the provisional key 07121
    assert resolver.resolve("Chiapas", "Emiliano Zapata", "07121").reason.startswith("conflict")


def test_key_conflicting_with_the_state_is_rejected(resolver):
    match = resolver.resolve("Jalisco", None, "32020")
    assert match.method == "rejected"
    assert match.reason.startswith("conflict") and "Jalisco" in match.reason


def test_unknown_key_falls_back_to_the_names(resolver):
    assert resolver.resolve("Zacatecas", "Guadalupe", "32999") == Match("32017", "exact", 100.0, None)
    rejected = resolver.resolve(None, None, "32999")
    assert rejected.method == "rejected" and "32999" in rejected.reason


# --- names: exact, alias, ambiguity ---------------------------------------------------------


def test_exact_and_alias_names(resolver):
    assert resolver.resolve("Sonora", "Yecora.") == Match("26069", "exact", 100.0, None)
    assert resolver.resolve("Quintana Roo", "Benito Juarez").cvegeo == "23005"
    assert resolver.resolve("Q. Roo", "Othon P. Blanco").cvegeo == "23004"
    assert resolver.resolve("Chihuahua", "Doctor Belisario Domínguez").cvegeo == "08022"  # "Dr." officially
    assert resolver.resolve("Veracruz", "Medellín") == Match("30105", "alias", 100.0, None)  # before "de Bravo"
    assert resolver.resolve("Oaxaca", "Heróica Ciudad de Juchitán de Zaragoza").cvegeo == "20043"  # INEGI 2025
    assert resolver.resolve("Oaxaca", "San Pedro Mixtepec Distrito 22") == Match("20318", "alias", 100.0, None)


def test_same_name_for_two_keys_in_a_state_is_ambiguous(resolver):
    match = resolver.resolve("Oaxaca", "San Pedro Mixtepec")
    assert match.method == "rejected" and match.cvegeo is None
    assert match.reason.startswith("ambiguous") and "20318" in match.reason and "20319" in match.reason


def test_without_a_state_only_a_unique_name_matches(resolver):
    assert resolver.resolve(None, "Guadalupe y Calvo").cvegeo == "08029"
    match = resolver.resolve(None, "Benito Juárez")  # a municipality of 7 states
    assert match.method == "rejected"
    assert match.reason == "ambiguous municipality 'Benito Juárez' without a state: 7 candidates"
    assert resolver.resolve(None, "Chlnipas").method == "rejected"  # no fuzzy matching across the country


def test_unknown_state_is_rejected_naming_it(resolver):
    match = resolver.resolve("Texas", "Jerez")
    assert match.method == "rejected" and "Texas" in match.reason


# --- fuzzy ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "text", "cvegeo"),
    [
        ("Guerrero", "IIiatenco", "12081"),
        ("Guerrero", "lliatenco", "12081"),
        ("Chihuahua", "Chlnipas", "08020"),
        ("Chiapas", "Bochi", "07013"),
        ("Nuevo León", "lturbide", "19030"),
        ("Yucatán", "lxil", "31039"),
        ("Veracruz", "Hidalgo-titlán", "30070"),
        ("Tabasco", "Jalapa de Méndez", "27010"),
    ],
)
def test_fuzzy_accepts_real_misspellings(resolver, state, text, cvegeo):
    match = resolver.resolve(state, text)
    assert match.cvegeo == cvegeo
    assert match.method == "fuzzy" and 85 <= match.score <= 100 and match.reason is None


def test_fuzzy_rejects_a_near_tie(resolver):
    # one letter from both Santa María Colotepec and Santa María Coyotepec
    match = resolver.resolve("Oaxaca", "Santa María Cototepec")
    assert match.method == "rejected" and match.cvegeo is None
    assert "near-tie" in match.reason and "20401" in match.reason and "20403" in match.reason


def test_fuzzy_rejects_below_the_threshold(resolver):
    match = resolver.resolve("Sonora", "Curbú")  # two letters off Carbó: 60 < 85 and not a single typo
    assert match.method == "rejected"
    assert match.reason.startswith("unknown municipality 'Curbú' in Sonora (26)")


def test_single_typo_in_a_short_name_resolves(resolver):
    # ratio 80 and 83 are under the threshold, but each is one letter away from one name only
    assert resolver.resolve("Sonora", "Corbó").cvegeo == "26020"  # Carbó
    assert resolver.resolve("Sonora", "Onovas").cvegeo == "26044"  # Ónavas


def test_fuzzy_stays_inside_the_state(resolver):
    assert resolver.resolve("Sonora", "Chlnipas").method == "rejected"  # Chínipas is in Chihuahua


def _resolved(resolver, state, text):
    return [(raw, m.cvegeo) for raw, m in resolver.split_and_resolve(state, text)]


def test_split_and_resolve_keeps_names_that_contain_y(resolver):
    text = "Bocoyna, Batopilas, Chlnipas, Guachochi, Guadalupe y Calvo, Morelos y Urique"
    got = _resolved(resolver, "Chihuahua", text)
    assert got == [("Bocoyna", "08009"), ("Batopilas", "08008"), ("Chlnipas", "08020"), ("Guachochi", "08027"),
                   ("Guadalupe y Calvo", "08029"), ("Morelos", "08046"), ("Urique", "08065")]
    text = "Santo Domingo de Morelos y Santo Domingo Tehuantepec, San Pedro y San Pablo Ayutla"
    got = _resolved(resolver, "Oaxaca", text)
    assert [k for _, k in got] == ["20509", "20515", "20337"]


def test_split_and_resolve_repairs_broken_separators(resolver):
    assert _resolved(resolver, "Chihuahua", "Ocampo, Praxedis G, Guerrero, Riva Palacio") == [
        ("Ocampo", "08051"), ("Praxedis G, Guerrero", "08053"), ("Riva Palacio", "08054")]
    got = _resolved(resolver, "Veracruz", "Coyutla. Chumatlán y Espinal")
    assert [k for _, k in got] == ["30051", "30064", "30066"]
    assert _resolved(resolver, "Veracruz", "Texcatepec, Tlilapany Zontecomatlán de López y Fuentes") == [
        ("Texcatepec", "30170"), ("Tlilapan", "30185"), ("Zontecomatlán de López y Fuentes", "30202")]
    assert _resolved(resolver, "Campeche", "Escárcega; Hecelchakán, Palizada, y Tenabo.") == [
        ("Escárcega", "04009"), ("Hecelchakán", "04005"), ("Palizada", "04007"), ("Tenabo", "04008")]


def test_split_and_resolve_drops_repeats_and_reports_failures(resolver):
    got = resolver.split_and_resolve("Guerrero", "Acatepec, IIiatenco, Acatepec, lliatenco y Xyzzy")
    assert [raw for raw, _ in got] == ["Acatepec", "IIiatenco", "Xyzzy"]  # lliatenco is the same key
    raw, match = got[-1]
    assert match.method == "rejected" and "Xyzzy" in match.reason and "Guerrero (12)" in match.reason


# --- frames ---------------------------------------------------------------------------------


def test_resolve_frame_aligns_to_the_index(resolver):
    base = pd.DataFrame(
        {
            "estado": ["Guerrero", "Oaxaca", None, "Zacatecas"],
            "municipio": ["IIiatenco", "San Pedro Mixtepec", "Guadalupe y Calvo", "Guadalupe"],
            "clave": [None, None, None, "32020"],
        },
        index=[10, 20, 30, 40],
    )
    out = resolver.resolve_frame(base, "estado", "municipio", "clave")
    assert list(out.columns) == ["cvegeo", "match_method", "match_score", "match_reason"]
    assert list(out.index) == [10, 20, 30, 40]
    assert out["cvegeo"].tolist()[0] == "12081" and out.loc[30, "cvegeo"] == "08029"
    assert out["match_method"].tolist() == ["fuzzy", "rejected", "exact", "rejected"]
    assert out.loc[40, "match_reason"].startswith("conflict")
    assert pd.isna(out.loc[20, "match_score"])

    big = pd.concat([base] * 1250, ignore_index=True)  # 5,000 rows (its speed: benchmarks/bench_functions.py)
    out = resolver.resolve_frame(big, "estado", "municipio", "clave")
    assert len(out) == 5000 and out["cvegeo"].notna().sum() == 2500
    no_state = resolver.resolve_frame(base, None, "municipio")
    assert no_state["cvegeo"].tolist()[2] == "08029" and no_state["match_method"].tolist()[0] == "rejected"

"""core.names: the one fold, the one abbreviation table, the 32 states and their resolver (inline strings only)."""
from __future__ import annotations

import pandas as pd
import pytest

from core.names import (ABBREVIATIONS, STATES, StateResolver, expand_abbreviations, fold, fold_series, fuzzy_pick,
                        normalize_name)


@pytest.mark.parametrize(("text", "expected"), [
    ("Jérez, Zac.", "jerez zac"),
    ("  SAN  Pedro   y San Pablo  Ayutla ", "san pedro y san pablo ayutla"),
    ("Año", "ano"), ("PEÑÓN", "penon"), ("Ñumí", "numi"), ("Güémez", "guemez"),
    ("Hidalgo-titlán", "hidalgo titlan"), ("San Juan Mixtepec -Dto. 08 -", "san juan mixtepec dto 08"),
    ("Aportación_de los  Migrantes", "aportacion de los migrantes"),
    ("", ""), (None, ""), (float("nan"), ""), (pd.NA, ""), (7001, "7001"),
])
def test_fold_removes_accents_case_punctuation_and_extra_spaces(text, expected):
    assert fold(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Gral. Escobedo", "general escobedo"), ("Sta. Ma. Huatulco", "santa maria huatulco"),
    ("Cd. Ixtepec", "ciudad ixtepec"), ("Edo. de Méx.", "estado de mex"), ("Hgo.", "hidalgo"),
    ("San Juan Mixtepec -Dto. 08 -", "san juan mixtepec distrito 08"),
    ("Costa Rica", "costa rica"), ("Tamazula", "tamazula"),  # only whole words expand
    ("Stgo. Tangamandapio", "stgo tangamandapio"),  # a text-only abbreviation: the fold keeps it
])
def test_fold_expand_spells_out_the_fold_abbreviations(text, expected):
    assert fold(text, expand=True) == expected == normalize_name(text)


def test_fold_keeping_punctuation_and_case():
    assert fold("Sta. María  (Educación)", keep_punctuation=True) == "sta. maria  (educacion)"
    assert fold("Sta. María  (Educación)", keep_punctuation=True, keep_case=True) == "Sta. Maria  (Educacion)"
    assert fold(None, keep_punctuation=True) == ""


@pytest.mark.parametrize("options", [{}, {"expand": True}, {"keep_punctuation": True},
                                     {"keep_punctuation": True, "keep_case": True}])
def test_fold_series_is_fold_on_each_value_and_missing_is_empty(options):
    values = ["Jérez,  Zac.", None, "JÉREZ", pd.NA, "Sta. Ma. del Río", " ñu-Ñu ", "Ｆｕｌｌ ｗｉｄｔｈ", "ĳ ﬁ ẞ", ""]
    series = pd.Series(values, index=range(10, 19), dtype="object")
    out = fold_series(series, **options)
    assert out.tolist() == [fold(v, **options) for v in values]
    assert list(out.index) == list(series.index) and out.dtype == "string"
    assert fold_series(series.astype("string"), **options).tolist() == out.tolist()


def test_one_abbreviation_table_serves_fold_and_text():
    assert {"gral", "sta", "ma", "h", "stgo", "mpio"} <= set(ABBREVIATIONS)
    assert expand_abbreviations("GRAL. FRANCISCO R. MURGUIA") == "General FRANCISCO R. MURGUIA"
    assert expand_abbreviations("JUAN H. SANCHEZ") == "JUAN H. SANCHEZ"  # "H." mid-text is an initial
    assert expand_abbreviations("H. Zitácuaro") == "Heroica Zitácuaro"
    assert expand_abbreviations("José Ma. Morelos y Ma Luisa") == "José María Morelos y Ma Luisa"  # needs the dot
    assert expand_abbreviations("  Stgo. Ixcuintla ") == "Santiago Ixcuintla"
    assert expand_abbreviations(None) is None and expand_abbreviations("  ") == "  "


def test_states_table_has_the_32_states():
    assert list(STATES) == [f"{n:02d}" for n in range(1, 33)]
    assert STATES["09"].name == "Ciudad de México" and STATES["15"].abbreviation == "Méx."


@pytest.mark.parametrize(("text", "cve"), [
    ("Edo. de Méx.", "15"), ("Estado de México", "15"), ("EDOMEX", "15"), ("México", "15"),
    ("CDMX", "09"), ("Distrito Federal", "09"), ("D.F.", "09"), ("Cd. Mx.", "09"), ("Ciudad de Mexico", "09"),
    ("Coahuila de Zaragoza", "05"), ("Coahuila", "05"), ("COAH.", "05"),
    ("Michoacán", "16"), ("Veracruz Llave", "30"), ("Q. Roo", "23"), ("QRoo", "23"), ("N.L.", "19"),
    ("Zacatecaz", "32"),  # one typo in a longer name
    ("7", "07"), ("32", "32"),
])
def test_state_resolver_reads_names_abbreviations_aliases_and_keys(text, cve):
    assert StateResolver().resolve(text) == cve


@pytest.mark.parametrize("text", ["Texas", "Nuevo México", "33", "0", "", None, "Coli"])  # "Coli": too short to fuzz
def test_state_resolver_returns_none_for_what_is_no_state(text):
    assert StateResolver().resolve(text) is None


def test_state_resolver_knows_only_the_states_it_is_given_and_their_spellings():
    two = StateResolver([("07", "Chiapas"), ("32", "Zacatecas (Estado)")])
    assert two.resolve("Chis.") == "07" and two.resolve("zacatecas estado") == "32"
    assert two.resolve("Jalisco") is None and two.resolve("14") is None
    assert StateResolver().resolve("Zacatecaz", fuzzy=False) is None


def test_fuzzy_pick_never_guesses_between_two_keys():
    choices, keys = ["san pedro", "san pablo", "jerez"], ["A", "B", "C"]
    assert fuzzy_pick("jeres", choices, keys)[0] == "C"
    key, _, why = fuzzy_pick("san pedra", ["san pedro", "san pedro"], ["A", "B"], label=str.lower)
    assert key is None and why.startswith("near-tie between 'a' (A)")
    assert fuzzy_pick("tlaxcala", choices, keys) == (None, 0.0, "no name of the state is similar")

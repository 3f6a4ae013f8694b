"""Names as people write them -> one comparable form: the fold, the abbreviations, the 32 states.

`fold` is the only place in the project that strips accents and case. Stored folded names
(`place_names.name_normalized`, `localities.locality_name_normalized`) are written with
`normalize_name` by the ETL and the app folds what a user types with the same function, so both
sides always agree. `ABBREVIATIONS` is the one abbreviation table: each entry says whether the
fold expands it (a matching key) and whether `expand_abbreviations` spells it out in published
text. `STATES` names the 32 states with their INEGI abbreviations and the usual aliases;
`StateResolver` reads a state from any of them. `fuzzy_pick` is the strict fuzzy choice the state
and municipality resolvers share.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pandas as pd
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


# What NFKD leaves of an accent: the combining diacritical marks (the blocks U+0300, U+1AB0, U+1DC0,
# U+20D0, U+FE20). One class for the scalar and the column fold, so both give the same text.
_ACCENTS = "[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+"
_ACCENT = re.compile(_ACCENTS)


def fold(text: object, *, expand: bool = False, keep_punctuation: bool = False, keep_case: bool = False) -> str:
    """Accents out, lower case, punctuation and runs of whitespace to one space: 'Jérez,  Zac.' -> 'jerez zac'.

    None and missing values (NaN, <NA>) fold to ""; other non-text values are folded as `str(value)`.
    `expand` spells out the abbreviations of the fold ('Gral. Escobedo' -> 'general escobedo').
    `keep_punctuation` keeps every character but accents and case ('Sta. María' -> 'sta. maria'),
    for substring filters on free text; with `keep_case` too only the accents go ('Sta. Maria').
    """
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        return ""
    plain = _ACCENT.sub("", unicodedata.normalize("NFKD", str(text)))
    if keep_punctuation:
        return plain if keep_case else plain.casefold()
    words = _NON_ALNUM.sub(" ", plain.casefold()).split()
    if expand:
        words = [_FOLD_EXPANSIONS.get(w, w) for w in words]
    return " ".join(words)


def normalize_name(text: object) -> str:
    """The matching key of a place name: `fold` with abbreviations expanded ('Sta. Ma. Huatulco' ->
    'santa maria huatulco'). `name_normalized` and `locality_name_normalized` hold this form."""
    return fold(text, expand=True)


def fold_series(series: pd.Series, *, expand: bool = False, keep_punctuation: bool = False,
                keep_case: bool = False) -> pd.Series:
    """`fold` over a column, with the same options; missing values fold to "". Vectorised (the
    column's string methods) except `expand`, which folds each distinct value once."""
    if expand:
        codes, uniques = pd.factorize(series.astype("object"), use_na_sentinel=True)
        folded = [fold(value, expand=True) for value in uniques] + [""]  # code -1 (missing) takes the last slot
        return pd.Series([folded[c] for c in codes], index=series.index, dtype="string")
    text = series.astype("string").fillna("").str.normalize("NFKD").str.replace(_ACCENTS, "", regex=True)
    if keep_punctuation:
        return text if keep_case else text.str.casefold()
    return text.str.casefold().str.replace(_NON_ALNUM.pattern, " ", regex=True).str.strip()


@dataclass(frozen=True)
class Abbreviation:
    """One abbreviation: its expansion as written in full, and where it is expanded.

    `in_fold`: `fold(expand=True)` expands the word wherever it stands (a matching key).
    `in_text`: `expand_abbreviations` spells it out in published text; `needs_dot` only when the
    full stop follows ("Ma." yes, "Ma" no), `initial_only` only as the text's first word.
    """

    expansion: str
    in_fold: bool = True
    in_text: bool = True
    needs_dot: bool = False
    initial_only: bool = False


# Word (case-insensitive, without its full stop) -> expansion. The fold expands only words that are
# never a name of their own; "ma" is María only after a saint's or first name ("Sta. Ma.", "José Ma."),
# and no municipality is called "Ma". In published text, "H." is "Heroica" only at the start
# ("H. Zitácuaro"), elsewhere an initial ("Juan H. Sánchez").
ABBREVIATIONS: dict[str, Abbreviation] = {
    "gral": Abbreviation("General"), "sta": Abbreviation("Santa"), "sto": Abbreviation("Santo"),
    "sn": Abbreviation("San"), "cd": Abbreviation("Ciudad"), "dr": Abbreviation("Doctor"),
    "fco": Abbreviation("Francisco"), "gpe": Abbreviation("Guadalupe"), "edo": Abbreviation("Estado"),
    "ma": Abbreviation("María", needs_dot=True),
    "stgo": Abbreviation("Santiago", in_fold=False), "cnel": Abbreviation("Coronel", in_fold=False),
    "prof": Abbreviation("Profesor", in_fold=False), "ing": Abbreviation("Ingeniero", in_fold=False),
    "lic": Abbreviation("Licenciado", in_fold=False),
    "h": Abbreviation("Heroica", in_fold=False, needs_dot=True, initial_only=True),
    "hgo": Abbreviation("Hidalgo", in_text=False), "dto": Abbreviation("Distrito", in_text=False),
    "distr": Abbreviation("Distrito", in_text=False), "mpio": Abbreviation("Municipio", in_text=False),
}
_FOLD_EXPANSIONS = {word: fold(a.expansion) for word, a in ABBREVIATIONS.items() if a.in_fold}
_TEXT_WORDS = sorted((w for w, a in ABBREVIATIONS.items() if a.in_text), key=len, reverse=True)
_TEXT_ABBREVIATION = re.compile(r"\b(" + "|".join(_TEXT_WORDS) + r")\b(\.?)", re.IGNORECASE)


def expand_abbreviations(text: object) -> object:
    """'GRAL. FRANCISCO R. MURGUIA' -> 'General FRANCISCO R. MURGUIA' (stripped); other values unchanged."""
    if not isinstance(text, str) or not text.strip():
        return text

    def expand(m: re.Match) -> str:
        entry = ABBREVIATIONS[m.group(1).lower()]
        if (entry.needs_dot and not m.group(2)) or (entry.initial_only and m.start() != 0):
            return m.group(0)
        return entry.expansion

    return _TEXT_ABBREVIATION.sub(expand, text.strip())


# --- the 32 states ---------------------------------------------------------------------------

@dataclass(frozen=True)
class State:
    """A state: official name and INEGI abbreviation (as in the boundary files), other names in use."""

    name: str
    abbreviation: str
    aliases: tuple[str, ...] = ()


STATES: dict[str, State] = {
    "01": State("Aguascalientes", "Ags."), "02": State("Baja California", "BC"),
    "03": State("Baja California Sur", "BCS"), "04": State("Campeche", "Camp."),
    "05": State("Coahuila de Zaragoza", "Coah.", ("Coahuila",)), "06": State("Colima", "Col."),
    "07": State("Chiapas", "Chis."), "08": State("Chihuahua", "Chih."),
    "09": State("Ciudad de México", "CDMX", ("CDMX", "Distrito Federal", "DF", "México DF", "Ciudad de Mexico",
                                               "Cd. Mx.")),
    "10": State("Durango", "Dgo."), "11": State("Guanajuato", "Gto."), "12": State("Guerrero", "Gro."),
    "13": State("Hidalgo", "Hgo."), "14": State("Jalisco", "Jal."),
    "15": State("México", "Méx.", ("Estado de México", "México", "Edomex", "Mex")),
    "16": State("Michoacán de Ocampo", "Mich.", ("Michoacán",)), "17": State("Morelos", "Mor."),
    "18": State("Nayarit", "Nay."), "19": State("Nuevo León", "NL"), "20": State("Oaxaca", "Oax."),
    "21": State("Puebla", "Pue."), "22": State("Querétaro", "Qro.", ("Querétaro de Arteaga",)),
    "23": State("Quintana Roo", "Q.R.", ("Q. Roo", "QRoo", "Q. R.")), "24": State("San Luis Potosí", "SLP"),
    "25": State("Sinaloa", "Sin."), "26": State("Sonora", "Son."), "27": State("Tabasco", "Tab."),
    "28": State("Tamaulipas", "Tamps."), "29": State("Tlaxcala", "Tlax."),
    "30": State("Veracruz de Ignacio de la Llave", "Ver.", ("Veracruz", "Veracruz Llave")),
    "31": State("Yucatán", "Yuc."), "32": State("Zacatecas", "Zac."),
}
_ESTADO_DE = re.compile(r"^estado (de )?")
MIN_FUZZY_STATE_CHARS = 5  # shorter text is too short to fuzz safely ("col", "son")


class StateResolver:
    """Read a state key (cve_ent) from a name, an abbreviation, an alias or a number.

    `spellings` are (cve_ent, text) pairs as a source writes them (the boundary files' names and
    abbreviations); only their states are known, each also by its names and aliases in `STATES`.
    Without `spellings`, the 32 states.
    """

    def __init__(self, spellings: Iterable[tuple[str, str]] | None = None):
        pairs = [(cve, s.name) for cve, s in STATES.items()] if spellings is None else list(spellings)
        keys = list(dict.fromkeys(str(cve).zfill(2) for cve, _ in pairs))
        texts: dict[str, list[str]] = {cve: [] for cve in keys}
        for cve, text in pairs:
            texts[str(cve).zfill(2)].append(text)
        self.keys = frozenset(keys)
        self._lookup: dict[str, str] = {}  # folded spelling (with and without spaces) -> cve_ent
        for cve in keys:
            known = STATES.get(cve)
            extra = [known.name, known.abbreviation, *known.aliases] if known else []
            for text in [*texts[cve], *extra]:
                norm = normalize_name(text)  # with and without spaces: "Q. Roo"/"QRoo", "N.L."/"NL"
                if norm:
                    self._lookup[norm] = self._lookup[norm.replace(" ", "")] = cve

    def resolve(self, text: object, fuzzy: bool = True) -> str | None:
        """cve_ent for a name, abbreviation, alias or numeric key; None if unknown.

        "Estado de ..." is read without its prefix; with `fuzzy`, one typo in a longer name is
        forgiven ("Zacatecaz") by `fuzzy_pick`, which never guesses between two states.
        """
        norm = normalize_name(text)
        if norm.isdigit():
            return norm.zfill(2) if norm.zfill(2) in self.keys else None
        for candidate in (norm, norm.replace(" ", ""), _ESTADO_DE.sub("", norm)):
            if candidate in self._lookup:
                return self._lookup[candidate]
        if not fuzzy or len(norm) < MIN_FUZZY_STATE_CHARS:
            return None
        spellings = list(self._lookup)
        return fuzzy_pick(norm, spellings, [self._lookup[s] for s in spellings])[0]


# --- fuzzy choice ----------------------------------------------------------------------------

# Fuzzy matching runs only inside one state and only on text that is no spelling of any of its
# municipalities. fuzz.ratio (Indel similarity, 0-100) >= 85 admits one wrong letter in names of
# 7+ letters ("Chlnipas", "IIiatenco", "Belleza"); 90 would lose those real typos. Measured on the
# real names: one random letter replaced in each of the 2,475 names -> 2,223 right, 1 wrong, 251
# rejected (at 80: 2,422 / 1 / 52); but a real name missing from its state's list (leave-one-out)
# lands on a look-alike 94 times at 85 against 221 at 80, so 80 is too loose. Never a guess either:
FUZZY_THRESHOLD = 85.0
FUZZY_MARGIN = 5.0  # the best key must beat the runner-up KEY by this much, else it is a near-tie
_LETTER_L_AS_I = re.compile(r"\bl(?=[bcdfghjkmnpqrstvwxz])")  # "lxtepec": l before a consonant is an I


def _single_edit(norm: str, choices: list[str], keys: list[str]) -> str | None:
    """The one key whose name is a single typo away (one letter wrong, missing or extra), if no
    other key is within two edits. Short names lose too much fuzz.ratio to one typo ("Corbó" ->
    Carbó scores 80, "Onovas" -> Ónavas 83) although a single edit is an unambiguous slip."""
    if len(norm) < 5:
        return None
    near = process.extract(norm, choices, scorer=Levenshtein.distance, score_cutoff=2, limit=None)
    one = {keys[i] for _, d, i in near if d <= 1}
    two = {keys[i] for _, d, i in near}
    return next(iter(one)) if len(one) == 1 and two == one else None


def fuzzy_pick(norm: str, choices: list[str], keys: list[str],
               label: Callable[[str], str] = str) -> tuple[str | None, float, str]:
    """Fuzzy choice of `norm` (folded) among `choices` (folded spellings, `keys[i]` the key of choice i).

    Returns (key, score, "") or (None, best score, why not): below FUZZY_THRESHOLD (unless a
    single edit leaves one key), or within FUZZY_MARGIN of another key. `label(key)` names a key
    in the reason.
    """
    best: dict[str, float] = {}
    for query in {norm, _LETTER_L_AS_I.sub("i", norm)}:
        for _, score, i in process.extract(query, choices, scorer=fuzz.ratio, limit=None, score_cutoff=50):
            best[keys[i]] = max(best.get(keys[i], 0.0), score)
    if not best:
        return None, 0.0, "no name of the state is similar"
    ranked = sorted(best.items(), key=lambda kv: (-kv[1], kv[0])) + [("", 0.0)]
    (top, score), (second, runner) = ranked[0], ranked[1]

    def named(key: str, at: float) -> str:
        return f"'{label(key)}' ({key}) at {at:.0f}"

    if score < FUZZY_THRESHOLD:
        if (single := _single_edit(norm, choices, keys)) is not None:
            return single, round(score, 1), ""
        return None, score, f"closest is {named(top, score)}, below {FUZZY_THRESHOLD:.0f}"
    if score - runner < FUZZY_MARGIN:
        return None, score, f"near-tie between {named(top, score)} and {named(second, runner)}"
    return top, round(score, 1), ""

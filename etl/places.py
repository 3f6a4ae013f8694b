"""The place resolver: (state text, municipality text[, key]) -> INEGI 5-digit CVEGEO.

Published tables name municipalities in many ways: official names, names from older vintages,
abbreviations ("Gral.", "Dr."), missing accents, OCR slips ("lturbide", "Chlnipas"), lists joined
by commas and " y ". The resolver matches a key first, then exact normalised names (current,
then other spellings), then a strict fuzzy match inside the state. It never guesses: whatever it
cannot match confidently comes back rejected with a reason that names the input.
Pure: callers pass the state and name frames; nothing here reads files.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import product

import pandas as pd
from rapidfuzz import fuzz

from core.names import FUZZY_THRESHOLD, StateResolver, fuzzy_pick, normalize_name

# Former and alternative official names that current boundary files no longer carry, each
# verified in a published file under shared/data: CONEVAL poverty 2010 (c), the INEGI 2025
# boundaries (i), CONEVAL/CONAPO "San Juan Mixtepec -Dto. 08-" style names (d). Fed as aliases.
HISTORIC_NAMES = {
    "07017": "Cintalapa",  # c
    "08008": "Batopilas", "08056": "Valle del Rosario",  # c, i
    "11032": "San José de Iturbide", "11037": "Silao", "12006": "Apaxtla de Castrejón",  # i, c, i
    "14098": "Tlaquepaque", "15001": "Acambay", "17013": "Jonacatepec", "17024": "Tlaltizapán",  # c
    "17032": "Zacualpan", "19010": "Carmen", "24001": "Ahualulco", "30105": "Medellín",  # c
    "20038": "Villa Hidalgo Yalálag", "20043": "Heroica Ciudad de Juchitán de Zaragoza",  # i
    "20124": "Heroica Villa de San Blas Atempa", "20238": "Heroico San Martín de los Cansecos",  # i
    "20208": "San Juan Mixtepec Distrito 08", "20209": "San Juan Mixtepec Distrito 26",  # d
    "20318": "San Pedro Mixtepec Distrito 22", "20319": "San Pedro Mixtepec Distrito 26",  # d
    "20334": "Villa de Tututepec de Melchor Ocampo", "20459": "Santiago Chazumba",  # c
    "20549": "Tezoatlán de Segura y Luna", "23008": "Playa del Carmen",  # c, i
}
_SEPARATORS = re.compile(r"\s*[,;]\s*")
_Y = re.compile(r"\s+[yY]\s+")
_INNER_SEPARATORS = re.compile(r"\s+[yY]\s+|\.\s+")  # " y " or a full stop inside a comma piece
_GLUED_Y = re.compile(r"(?<=\w{3})y\s+(?=[A-ZÁÉÍÓÚÑ])")  # "Tlilapany Zontecomatlán": a lost space before "y"


def split_municipality_list(text: str | None) -> list[str]:
    """Naive split of a published list: commas, semicolons and the final " y "; repeats dropped."""
    pieces = [p for p in _SEPARATORS.split(text or "") if p.strip()]
    if pieces:
        last = re.split(r"\s+y\s+(?!.*\s+y\s+)", pieces[-1])  # only the last " y " of the last piece
        pieces = pieces[:-1] + last
    return _dedupe(_clean_piece(p) for p in pieces)


def _clean_piece(piece: str) -> str:
    piece = re.sub(r"^\s*[yY]\s+", "", piece)  # "…, y Tenabo"
    return re.sub(r"\s+", " ", piece).strip(" .")


def _dedupe(pieces) -> list[str]:
    seen, out = set(), []
    for piece in pieces:
        key = normalize_name(piece)
        if key and key not in seen:
            seen.add(key)
            out.append(piece)
    return out


def _clean_key(key: object) -> str | None:
    """'7001', '7001.0', 7001 -> '07001'; anything that is not 1-5 digits -> None."""
    if key is None or (not isinstance(key, str) and pd.isna(key)):
        return None
    text = re.sub(r"\.0+$", "", str(key).strip())
    return text.zfill(5) if re.fullmatch(r"\d{1,5}", text) else None


@dataclass(frozen=True)
class Match:
    cvegeo: str | None  # None when rejected
    method: str  # 'key', 'exact', 'alias', 'fuzzy', 'rejected'
    score: float | None  # 100 for key/exact/alias, the fuzz.ratio for fuzzy
    reason: str | None  # why rejected, naming the input

    @property
    def ok(self) -> bool:
        return self.cvegeo is not None


def _rejected(reason: str) -> Match:
    return Match(None, "rejected", None, reason)


class PlaceResolver:
    """Resolve state and municipality texts (and keys) to CVEGEO; see the module docstring."""

    def __init__(self, states: pd.DataFrame, canonical: dict[str, str], spellings: list[tuple[str, str, bool]]):
        self.state_names = dict(zip(states["cve_ent"], states["state_name"]))  # cve_ent -> official name
        # the states of the boundary files, by their names and abbreviations there and in core.names.STATES
        self.states = StateResolver((cve, text) for cve, name, abbr in
                                    states[["cve_ent", "state_name", "state_abbr"]].itertuples(index=False)
                                    for text in (name, abbr))
        self.canonical = canonical  # cvegeo -> canonical name
        # (cve_ent, norm) -> keys, and ("", norm) for the whole country; canonical names and all spellings
        self._exact: dict[tuple[str, str], set[str]] = {}
        self._alias: dict[tuple[str, str], set[str]] = {}
        self._choices: dict[str, tuple[list[str], list[str]]] = {}  # cve_ent -> (norm names, keys) for fuzzy
        self._by_key: dict[str, set[str]] = {}
        for key, norm, is_canonical in spellings:
            for scope in (key[:2], ""):
                if is_canonical:
                    self._exact.setdefault((scope, norm), set()).add(key)
                self._alias.setdefault((scope, norm), set()).add(key)
            self._by_key.setdefault(key, set()).add(norm)
            self._choices.setdefault(key[:2], ([], []))[0].append(norm)
            self._choices[key[:2]][1].append(key)

    @classmethod
    def from_names(cls, states: pd.DataFrame, names: pd.DataFrame) -> PlaceResolver:
        """Build from states (cve_ent, state_name, state_abbr) and names (cvegeo, name, name_source).

        The canonical name of a key is its row with name_source == 'canonical', else its first row;
        every other spelling, plus HISTORIC_NAMES, is an alias.
        """
        names = names.assign(cvegeo=names["cvegeo"].map(_clean_key)).dropna(subset=["cvegeo", "name"])
        first = names.assign(_c=names["name_source"].ne("canonical")).sort_values("_c", kind="stable")
        canonical = first.drop_duplicates("cvegeo").set_index("cvegeo")["name"].astype(str).to_dict()
        extra = [(k, n) for k, n in HISTORIC_NAMES.items() if k in canonical]
        spellings = {(k, normalize_name(n), canonical[k] == str(n))
                     for k, n in [*zip(names["cvegeo"], names["name"]), *extra]}
        states = states.assign(cve_ent=states["cve_ent"].astype(str).str.zfill(2))
        return cls(states, canonical, sorted(s for s in spellings if s[1]))

    def resolve_state(self, text: str | None) -> str | None:
        """cve_ent for an official/short name, INEGI abbreviation or numeric key; None if unknown."""
        return self.states.resolve(text)

    def _where(self, cve: str) -> str:
        return f"{self.state_names[cve]} ({cve})"

    def _describe(self, key: str) -> str:
        return f"{self.canonical[key]}, {self.state_names.get(key[:2], key[:2])}"

    def _pick(self, norm: str, choices: list[str], keys: list[str]) -> tuple[str | None, float, str]:
        """Fuzzy pick among choices: (key, score, "") or (None, best score, why not)."""
        return fuzzy_pick(norm, choices, keys, label=lambda k: self.canonical.get(k, k))

    def _by_names(self, state: str | None, municipality: str | None, fuzzy: bool = True) -> Match:
        """Exact canonical, then any spelling, then (inside a state) fuzzy."""
        norm = normalize_name(municipality)
        if not norm:
            return _rejected("no municipality name given")
        ent = self.resolve_state(state) if normalize_name(state) else ""
        if ent is None:
            return _rejected(f"unknown state '{state}' (municipality '{municipality}')")
        where = f"in {self._where(ent)}" if ent else "without a state"
        for index, method in ((self._exact, "exact"), (self._alias, "alias")):
            keys = index.get((ent, norm), set())
            if len(keys) == 1:
                return Match(next(iter(keys)), method, 100.0, None)
            if len(keys) > 1:  # a canonical hit stops the search: current names win over old spellings
                found = f"keys {', '.join(sorted(keys))}" if ent else f"{len(keys)} candidates"
                return _rejected(f"ambiguous municipality '{municipality}' {where}: {found}")
        if not ent:
            return _rejected(f"unknown municipality '{municipality}' without a state (fuzzy matching needs one)")
        if not fuzzy or ent not in self._choices:
            return _rejected(f"unknown municipality '{municipality}' {where}")
        key, score, why = self._pick(norm, *self._choices[ent])
        if key is None:
            return _rejected(f"unknown municipality '{municipality}' {where}: {why}")
        return Match(key, "fuzzy", score, None)

    def resolve(self, state: str | None, municipality: str | None, key: str | None = None) -> Match:
        """Match one place. A known key wins unless the state or the names clearly say otherwise."""
        clean = _clean_key(key)
        if clean not in self.canonical:  # no key, or one that does not exist: the names decide
            match = self._by_names(state, municipality)
            if normalize_name(key) and not match.ok:
                return _rejected(f"unknown key '{key}' and {match.reason}")
            return match
        ent = self.resolve_state(state)
        if ent is not None and ent != clean[:2]:
            return _rejected(f"conflict: key {clean} is {self._describe(clean)} but the state says {self._where(ent)}")
        norm = normalize_name(municipality)
        own_names = self._by_key.get(clean, set())
        if norm and norm not in own_names:
            other = self._by_names(state if ent else clean[:2], municipality)
            own = max((fuzz.ratio(norm, n) for n in own_names), default=0.0)
            # an exact name of another municipality is a clear conflict; a fuzzy one only if the
            # text is not itself close to this key's names (a typo of the key's own name is fine)
            if other.ok and other.cvegeo != clean and (other.method != "fuzzy" or own < FUZZY_THRESHOLD):
                return _rejected(f"conflict: key {clean} is {self._describe(clean)} "
                                 f"but the names say {self._describe(other.cvegeo)} ({other.cvegeo})")
        return Match(clean, "key", 100.0, None)

    def resolve_frame(self, df: pd.DataFrame, state_col: str | None, municipality_col: str,
                      key_col: str | None = None) -> pd.DataFrame:
        """Resolve every row; returns cvegeo, match_method, match_score, match_reason aligned to df.index."""
        def column(name: str | None) -> list:
            return [None] * len(df) if name is None else [None if pd.isna(v) else str(v) for v in df[name]]

        cache: dict[tuple, Match] = {}  # files repeat the same few hundred places many times
        matches = []
        for triple in zip(column(state_col), column(municipality_col), column(key_col)):
            if triple not in cache:
                cache[triple] = self.resolve(*triple)
            matches.append(cache[triple])
        return pd.DataFrame({
            "cvegeo": pd.array([m.cvegeo for m in matches], dtype="string"),
            "match_method": pd.array([m.method for m in matches], dtype="string"),
            "match_score": pd.array([m.score for m in matches], dtype="float64"),
            "match_reason": pd.array([m.reason for m in matches], dtype="string"),
        }, index=df.index)

    def split_and_resolve(self, state: str | None, text: str | None) -> list[tuple[str, Match]]:
        """Split a published list and resolve each name, keeping real names that contain " y ".

        Comma/semicolon pieces are tried whole first (exact names); a piece that is no exact name
        is split at its " y " / ". " if every part then resolves, else matched fuzzily as a whole,
        else joined with the next piece ("Praxedis G, Guerrero"), else its " y " parts are
        reported one by one. Failures come back rejected, with the reason.
        Repeated names and repeated keys are kept once, at their first occurrence.
        """
        pieces = [p for p in (_clean_piece(p) for p in _SEPARATORS.split(text or "")) if p]
        out: list[tuple[str, Match]] = []
        i = 0
        while i < len(pieces):
            found, step = self._resolve_piece(state, pieces[i]), 1
            if found is None and i + 1 < len(pieces):
                joined = f"{pieces[i]}, {pieces[i + 1]}"
                if (whole := self._by_names(state, joined)).ok:
                    found, step = [(joined, whole)], 2
            # nothing fits: report each " y " part on its own, so one bad name does not hide a good one
            out.extend(found or [(part, self._by_names(state, part)) for part in _Y.split(pieces[i])])
            i += step
        seen, unique = set(), []
        for raw, match in out:
            if normalize_name(raw) not in seen and match.cvegeo not in seen:
                seen.update({normalize_name(raw), match.cvegeo} - {None})
                unique.append((raw, match))
        return unique

    def _resolve_piece(self, state: str | None, piece: str) -> list[tuple[str, Match]] | None:
        if (whole := self._by_names(state, piece, fuzzy=False)).ok:
            return [(piece, whole)]
        if parts := self._segment(state, piece, exact_only=False):
            return parts
        unglued = _GLUED_Y.sub(" y ", piece)  # "Tlilapany Zontecomatlán...": only with exact parts
        if unglued != piece and (parts := self._segment(state, unglued, exact_only=True)):
            return parts
        whole = self._by_names(state, piece)
        return [(piece, whole)] if whole.ok else None

    def _segment(self, state: str | None, piece: str, exact_only: bool) -> list[tuple[str, Match]] | None:
        """Cut at inner " y " / ". " so that every part resolves; fewest parts first."""
        tokens, seps = _INNER_SEPARATORS.split(piece), _INNER_SEPARATORS.findall(piece)
        if not 2 <= len(tokens) <= 6:
            return None
        for keep in sorted(product([True, False], repeat=len(seps)), key=sum, reverse=True)[1:]:
            parts = [tokens[0]]
            for joined, sep, token in zip(keep, seps, tokens[1:]):
                parts[-1:] = [parts[-1] + sep + token] if joined else [parts[-1], token]
            matches = [(p.strip(" ."), self._by_names(state, p, fuzzy=not exact_only)) for p in parts]
            if all(m.ok for _, m in matches):
                return matches
        return None

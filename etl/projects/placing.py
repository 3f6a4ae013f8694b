"""Places in a published list: keys as published, abbreviated names, and localities.

The municipality itself is decided by the shared place resolver (`etl/places.py`); this module
only prepares what it is given and matches localities inside the municipality it chose:
  - keys lose their leading zero in spreadsheets ("1001" for 01001) or are split into a state
    key and a 3-digit municipal part: both are rebuilt to the 5-digit CVEGEO;
  - official lists abbreviate ("GRAL.", "STA.", "CD."): names are expanded before resolving,
    and the name as published is tried again when the expanded one is unknown;
  - a locality is matched by exact normalised name within the municipality, and only when that
    name is unique there; otherwise it stays as published, without a key (never guessed).
"""
from __future__ import annotations

import re

import pandas as pd

from core.names import StateResolver, expand_abbreviations, fold

CABECERA = {"cabecera municipal", "cabecera", "la cabecera"}


def state_resolver(municipalities: pd.DataFrame) -> StateResolver:
    """The states of the municipality base (cve_ent, state_name), by their names and aliases."""
    states = municipalities[["cve_ent", "state_name"]].drop_duplicates()
    return StateResolver(states.itertuples(index=False))


def _digits(cell: object) -> str | None:
    if cell is None or (not isinstance(cell, str) and pd.isna(cell)):
        return None
    text = re.sub(r"\.0+$", "", str(cell).strip())
    return text if text.isdigit() else None


def compose_key(key: object, state_key: object, state_name: object, states: StateResolver) -> str | None:
    """The 5-digit CVEGEO a row's key cells stand for, or None when they do not give one."""
    digits = _digits(key)
    if digits is None:
        return None
    if len(digits) in (8, 9):
        return digits.zfill(9)[:5]  # a locality key: its first five digits are the municipality
    if len(digits) in (4, 5):
        return digits.zfill(5)
    if len(digits) <= 3:
        ent = _digits(state_key)
        ent = ent.zfill(2) if ent is not None and len(ent) <= 2 else states.resolve(state_name, fuzzy=False)
        return ent + digits.zfill(3) if ent else None
    return None


def compose_keys(fields: pd.DataFrame, municipalities: pd.DataFrame) -> pd.Series:
    """`compose_key` over the text fields of a list (columns key, state_key, state when present)."""
    if "key" not in fields:
        return pd.Series(pd.NA, index=fields.index, dtype="string")
    states = state_resolver(municipalities)
    empty = pd.Series(pd.NA, index=fields.index)
    keys = [compose_key(k, e, s, states) for k, e, s in zip(
        fields["key"], fields.get("state_key", empty), fields.get("state", empty))]
    return pd.Series(keys, index=fields.index, dtype="string")


def clean_place_name(text: object) -> object:
    """'MPIO. DE JEREZ (CABECERA)', 'JEREZ, ZAC.' -> 'JEREZ': the name without what lists add around it."""
    if not isinstance(text, str):
        return text
    cleaned = re.sub(r"\([^)]*\)", " ", text).split(",")[0]
    cleaned = re.sub(r"^\s*(h\.?\s*ayuntamiento|municipio|mpio\.?)(\s+de)?\s+", "", cleaned, flags=re.IGNORECASE)
    return " ".join(cleaned.split()) or text


def resolve_places(fields: pd.DataFrame, keys: pd.Series, resolver) -> pd.DataFrame:
    """cvegeo, match_method, match_score, match_reason per row, from the shared resolver.

    Names are resolved with abbreviations expanded; rows the resolver calls 'unknown' are tried
    again with the names as published, then without what lists add around a name ("MPIO. DE",
    "(CABECERA)", ", ZAC."). Conflicts and ambiguities are final: a later try never overrides them.
    A state key stands in for a missing state name.
    """
    empty = pd.Series(pd.NA, index=fields.index, dtype="object")
    state = fields.get("state", empty).astype("object").fillna(fields.get("state_key", empty).astype("object"))
    published = pd.DataFrame({"state": state, "municipality": fields.get("municipality", empty),
                              "key": keys.astype("object")}, index=fields.index)
    published = published.astype("object").where(published.notna(), None)
    expanded = published.assign(state=published["state"].map(expand_abbreviations),
                                municipality=published["municipality"].map(expand_abbreviations))
    cleaned = published.assign(state=published["state"].map(clean_place_name).map(expand_abbreviations),
                               municipality=published["municipality"].map(clean_place_name).map(expand_abbreviations))
    result = resolver.resolve_frame(expanded, "state", "municipality", "key").reindex(fields.index)
    for attempt in (published, cleaned):
        unknown = (result["match_method"] == "rejected") & result["match_reason"].astype("string").str.startswith(
            "unknown").fillna(False) & ((attempt["state"] != expanded["state"])
                                        | (attempt["municipality"] != expanded["municipality"]))
        if not unknown.any():
            continue
        again = resolver.resolve_frame(attempt[unknown], "state", "municipality", "key").reindex(attempt.index[unknown])
        solved = again["match_method"] != "rejected"
        result.loc[solved[solved].index] = again[solved]
    return result[["cvegeo", "match_method", "match_score", "match_reason"]]


def locality_index(localities: pd.DataFrame | None) -> dict[tuple[str, str], tuple[str, str] | None]:
    """(cvegeo, normalised name) -> (cvegeo_loc, official name), None where the name repeats."""
    if localities is None or localities.empty:
        return {}
    if "cvegeo_loc" in localities:
        keys, names = localities["cvegeo_loc"].astype(str), localities["locality_name"]
    else:  # the raw INEGI attribute file: 9-digit cvegeo, nom_loc
        keys, names = localities["cvegeo"].astype(str).str.zfill(9), localities["nom_loc"]
    index: dict[tuple[str, str], tuple[str, str] | None] = {}
    for key, name in zip(keys, names):
        slot = (key[:5], fold(name))
        index[slot] = None if slot in index else (key, str(name))
        if key.endswith("0001"):
            index[(key[:5], "\0cabecera")] = (key, str(name))  # INEGI numbers the municipal seat 0001
    return index


def match_localities(cvegeo: pd.Series, names: pd.Series, index: dict) -> pd.DataFrame:
    """cvegeo_loc and locality_name per row: the INEGI key and name when the published name is
    unique in its municipality ("cabecera municipal" is locality 0001), else the name as published."""
    keys, out_names = [], []
    for muni, name in zip(cvegeo, names):
        published = None if name is None or pd.isna(name) or not str(name).strip() else str(name).strip()
        found = None
        if published is not None and isinstance(muni, str):
            norm = fold(published)
            found = index.get((muni, norm)) or index.get((muni, fold(expand_abbreviations(published))))
            if found is None and norm in CABECERA:
                found = index.get((muni, "\0cabecera"))
        keys.append(found[0] if found else None)
        out_names.append(found[1] if found else published)
    return pd.DataFrame({"cvegeo_loc": pd.array(keys, dtype="string"),
                         "locality_name": pd.array(out_names, dtype="string")}, index=cvegeo.index)

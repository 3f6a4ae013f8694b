"""Find a municipality or a locality by name: normalising, indexing and ranking. Pure code.

The store keeps every known spelling of each municipality in `place_names.name_normalized` and each
locality's folded name in `localities.locality_name_normalized`; `normalize` folds the user's text
the same way (both use `core.names.normalize_name`, so the two sides cannot drift apart).

Ranking: exact name or name prefix (municipalities first, then localities) > word prefix >
contained anywhere > every word found in "name + state" (so "san juan oaxaca" works); municipalities
before localities of equal rank; bigger population first. A 5-digit (municipality) or 9-digit (locality) key matches exactly.
"""
from __future__ import annotations

import pandas as pd

from core.names import fold
from dashapp.store import Snapshot

MAX_QUERY_CHARS = 80  # longer input is cut: no name is that long, and it bounds the work per keystroke
MIN_QUERY_CHARS = 2
DEFAULT_LIMIT = 10
RANK_EXACT, RANK_PREFIX, RANK_WORD_PREFIX, RANK_CONTAINS, RANK_ALL_WORDS = range(5)
KIND_MUNICIPALITY, KIND_LOCALITY = "municipio", "localidad"


def normalize(text: object, expand: bool = True) -> str:
    """Lower-case, accent-free, punctuation-free text: 'Jérez, Zac.' -> 'jerez zac' (abbreviations
    expanded as in the stored names unless `expand` is False); what is not text folds to ""."""
    if text is None or not isinstance(text, str):
        return ""
    return fold(text[: MAX_QUERY_CHARS * 2], expand=expand)


def build_index(snapshot: Snapshot) -> pd.DataFrame:
    """One row per (place, spelling): kind, cvegeo, cvegeo_loc, name, municipality, state, population, norm."""
    munis = snapshot["municipalities"][["cvegeo", "municipality_name", "state_name", "population_2020"]]
    names = snapshot["place_names"][["cvegeo", "name_normalized"]].drop_duplicates()
    canonical = munis.assign(name_normalized=munis["municipality_name"].map(normalize))[["cvegeo", "name_normalized"]]
    spellings = pd.concat([canonical, names], ignore_index=True).drop_duplicates()
    mun = spellings.merge(munis, on="cvegeo", how="inner", validate="many_to_one")
    mun = pd.DataFrame({
        "kind": KIND_MUNICIPALITY, "cvegeo": mun["cvegeo"], "cvegeo_loc": None,
        "name": mun["municipality_name"], "municipality_name": mun["municipality_name"],
        "state_name": mun["state_name"], "population": mun["population_2020"], "norm": mun["name_normalized"],
    })
    locs = snapshot["localities"].merge(munis, on="cvegeo", how="inner", validate="many_to_one")
    loc = pd.DataFrame({
        "kind": KIND_LOCALITY, "cvegeo": locs["cvegeo"], "cvegeo_loc": locs["cvegeo_loc"],
        "name": locs["locality_name"], "municipality_name": locs["municipality_name"],
        "state_name": locs["state_name"], "population": locs["population"], "norm": locs["locality_name_normalized"],
    })
    index = pd.concat([mun, loc], ignore_index=True)
    index["population"] = pd.to_numeric(index["population"], errors="coerce").astype("float64")
    index["norm"] = index["norm"].fillna("").astype(str)
    index["key"] = index["cvegeo_loc"].fillna(index["cvegeo"]).astype(str)
    index["words"] = " " + index["norm"] + " " + index["state_name"].map(normalize) + " "
    index["kind_order"] = (index["kind"] == KIND_LOCALITY).astype(int)
    return index.reset_index(drop=True)


def cached_index(snapshot: Snapshot) -> pd.DataFrame:
    """The index of `snapshot`, built once per snapshot (about 0.3 s for 53k rows; the first search waits)."""
    return snapshot.derived("search.index", lambda: build_index(snapshot))


def rank_matches(index: pd.DataFrame, text: object, need: int = DEFAULT_LIMIT) -> pd.Series:
    """The rank of each matching index row (index labels kept); rows that do not match are left out.

    The word-by-word fallback (RANK_ALL_WORDS) is only computed while fewer than `need` rows match.
    """
    query = normalize(text if isinstance(text, str) else "")[:MAX_QUERY_CHARS].strip()
    if len(query) < MIN_QUERY_CHARS:
        return pd.Series([], dtype="int64")
    if query.isdigit() and len(query) in (5, 9):
        exact = index.index[index["key"] == query]
        if len(exact):
            return pd.Series(RANK_EXACT, index=exact, dtype="int64")
    norm = index["norm"]
    norm = norm[norm.str.contains(query, regex=False)]
    rank = pd.Series(RANK_CONTAINS, index=norm.index, dtype="int64")
    rank[(" " + norm).str.contains(" " + query, regex=False)] = RANK_WORD_PREFIX
    rank[norm.str.startswith(query)] = RANK_PREFIX
    rank[norm == query] = RANK_EXACT
    words = query.split()
    if len(words) > 1 and len(rank) < need:
        every = index["words"]
        for word in words:
            every = every[every.str.contains(" " + word, regex=False)]
        extra = every.index.difference(rank.index)
        rank = pd.concat([rank, pd.Series(RANK_ALL_WORDS, index=extra, dtype="int64")])
    return rank


def search(index: pd.DataFrame, text: object, limit: int = DEFAULT_LIMIT) -> list[dict]:
    """Up to `limit` suggestions, best first; each a dict of kind, cvegeo, cvegeo_loc, name, state, population."""
    limit = max(0, min(int(limit), 50))
    rank = rank_matches(index, text, need=limit)
    if rank.empty or not limit:
        return []
    hits = index.loc[rank.index].assign(rank=rank)
    # Hometowns first: a municipality whose name starts with the text beats a town of that exact name.
    hits = hits.assign(tier=hits["rank"].where(hits["rank"] > RANK_PREFIX, RANK_EXACT))
    hits = hits.sort_values(["tier", "kind_order", "rank", "population", "name"],
                            ascending=[True, True, True, False, True], na_position="last", kind="stable")
    hits = hits.drop_duplicates(subset=["kind", "key"], keep="first")  # a municipality's best spelling only
    top = hits.head(limit * 3)  # enough to fill `limit` after dropping repeats below
    # A town named like its own municipality, when the municipality is listed, adds nothing (Tlaxiaco).
    munis = top[top["kind"] == KIND_MUNICIPALITY]
    listed = set(zip(munis["cvegeo"], munis["municipality_name"].map(normalize)))
    keep = [kind != KIND_LOCALITY or (cvegeo, norm) not in listed
            for kind, cvegeo, norm in zip(top["kind"], top["cvegeo"], top["norm"])]
    top = top[keep].head(limit)
    return [
        {"kind": kind, "cvegeo": cvegeo, "cvegeo_loc": loc if isinstance(loc, str) else None, "name": name,
         "municipality_name": mun, "state_name": state, "population": None if pd.isna(pop) else int(pop),
         "rank": int(r)}
        for kind, cvegeo, loc, name, mun, state, pop, r in zip(
            top["kind"], top["cvegeo"], top["cvegeo_loc"], top["name"], top["municipality_name"],
            top["state_name"], top["population"], top["rank"])
    ]


def suggestion_href(hit: dict, lang: str = "es") -> str:
    """The municipality page of a hit; a locality adds `loc=` so the page can point it out."""
    params = []
    if hit.get("cvegeo_loc"):
        params.append(f"loc={hit['cvegeo_loc']}")
    if lang == "en":
        params.append("lang=en")
    return f"/municipio/{hit['cvegeo']}" + ("?" + "&".join(params) if params else "")

"""The demonstration list: a synthetic 3x1 project list, generated until a real one is supplied.

Every row is `is_synthetic = True`, `source_file = "demo:generated"`, `match_method = "synthetic"`,
and must be labelled as synthetic wherever it is shown or exported. Its shape follows the cited
figures and the real layers (see `demo_shape`): projects per year, federal money per year, states
by the 2007 table and Zacatecas's cited figures, municipalities by migration intensity and
remittances. Types follow the cited Zacatecas 2015 split; amounts follow the operating rules and
caps, except a deliberate ~4 % that depart from them so that `split_flag` has something to show.
Deterministic: the same inputs and seed give the same frame.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from etl.projects import demo_shape as shape
from etl.projects.catalog import rule_for, split_flag
from etl.projects.demo_text import MAX_CLUBS, NAMES, SIZE, US_STATE_WEIGHTS, club_name, type_table
from store.schema import conform

SOURCE_FILE = "demo:generated"
OFF_RULE_SHARE = 0.04


@dataclass
class DemoInputs:
    """What the generator reads: tables of the store (or frames of the same shape)."""

    municipalities: pd.DataFrame  # cvegeo, cve_ent, state_name, municipality_name, population_2020
    indicator_values: pd.DataFrame  # long: cvegeo, indicator_id, year, value
    program_state_spending: pd.DataFrame  # 2007 by state: cve_ent, federal_mxn, ... (Zacatecas row lost)
    calibration_facts: pd.DataFrame  # period, scope, metric, value, unit, note, source_url
    localities: pd.DataFrame | None = None  # cvegeo_loc, cvegeo, locality_name, population


def _pool(munis: pd.DataFrame, shares: pd.DataFrame, weight: pd.Series, fractions: pd.Series, rng) -> pd.DataFrame:
    """The municipalities that ever get a project, with their entry year and rank in their state."""
    per_state = munis.groupby("cve_ent").size()
    sizes = shape.pool_sizes(shares, per_state)
    parts = []
    for cve_ent, group in munis.groupby("cve_ent", sort=True):
        w = weight.reindex(group["cvegeo"]).to_numpy()
        keys = np.log(rng.random(len(group))) / w  # weighted order without replacement (Efraimidis-Spirakis)
        chosen = group.iloc[np.argsort(-keys, kind="stable")[: int(sizes.get(cve_ent, 0))]]
        entered = {y: max(1, int(round(f * len(chosen)))) for y, f in fractions.items()}
        entry = [next(y for y in shape.YEARS if entered[y] > r) for r in range(len(chosen))]
        parts.append(chosen.assign(entry_year=entry, rank=range(len(chosen))))
    return pd.concat(parts, ignore_index=True)


def _places(pool: pd.DataFrame, shares: pd.DataFrame, weight: pd.Series, yearly: pd.DataFrame, rng) -> pd.DataFrame:
    """One row per project: fiscal_year and cvegeo. A municipality's first project is in its entry year."""
    rows = []
    for year in shape.YEARS:
        counts = shape.allocate(int(yearly.loc[year, "projects"]), shares.loc[year].to_numpy())
        for cve_ent, n in zip(shares.columns, counts):
            active = pool[(pool["cve_ent"] == cve_ent) & (pool["entry_year"] <= year)]
            if n == 0 or active.empty:
                continue
            new = active.loc[active["entry_year"] == year, "cvegeo"].tolist()[:n]
            w = weight.reindex(active["cvegeo"]).to_numpy()
            rest = rng.choice(active["cvegeo"].to_numpy(), size=n - len(new), p=w / w.sum())
            rows += [(year, cvegeo) for cvegeo in [*new, *rest]]
    return pd.DataFrame(rows, columns=["fiscal_year", "cvegeo"])


def _amounts(projects: pd.DataFrame, shares: pd.DataFrame, yearly: pd.DataFrame, rng) -> pd.DataFrame:
    """The four partner amounts: federal scaled to each state's yearly share, capped, split by the rules."""
    size = projects["project_category"].map(SIZE).to_numpy() * rng.lognormal(0.0, 0.7, len(projects))
    rules = [rule_for(c) for c in projects["project_category"]]
    cap = np.array([r.federal_cap for r in rules])
    federal_by_year = yearly["federal_mxn"]
    target = [federal_by_year[y] * shares.at[y, e] for y, e in zip(projects["fiscal_year"], projects["cve_ent"])]
    group = projects.groupby(["fiscal_year", "cve_ent"]).ngroup().to_numpy()
    goal = pd.Series(target).groupby(group).first().to_numpy()
    federal = size.copy()
    for _ in range(6):  # scale each state-year to its target; what the caps cut goes to the uncapped
        capped = federal >= cap
        have = np.bincount(group, np.where(capped, cap, 0.0), minlength=len(goal))
        free = np.bincount(group, np.where(capped, 0.0, federal), minlength=len(goal))
        factor = np.where(free > 0, (goal - have) / np.where(free > 0, free, 1), 1.0)
        federal = np.minimum(np.where(capped, cap, federal * np.maximum(factor, 0)[group]), cap)
    federal = np.round(federal, -2)
    fed_share = np.array([r.federal for r in rules])
    mig_share = np.array([r.migrant for r in rules])
    off = rng.random(len(projects)) < OFF_RULE_SHARE
    # off-rule projects: the club gives about half its due and the governments make up the rest
    mig_share = np.where(off, mig_share * rng.uniform(0.3, 0.6, len(projects)), mig_share)
    total = federal / fed_share
    migrant = np.round(total * mig_share, -2)
    local = np.maximum(total - federal - migrant, 0)
    state = np.round(local * rng.uniform(0.4, 0.6, len(projects)), -2)
    municipal = np.round(local - state, -2)
    return pd.DataFrame({"federal_mxn": federal, "state_mxn": state, "municipal_mxn": municipal,
                         "migrant_mxn": migrant}, index=projects.index)


def _localities(projects: pd.DataFrame, localities: pd.DataFrame | None, rng) -> pd.DataFrame:
    """A locality of the municipality (weighted by population); without one, its municipal seat."""
    keys, names = [None] * len(projects), [None] * len(projects)
    places = [f"la cabecera municipal de {m}" for m in projects["municipality_name"]]
    if localities is not None and not localities.empty:
        localities = localities.sort_values("cvegeo_loc").reset_index(drop=True)  # input order must not matter
        pop = localities["population"].astype("float64").fillna(1).clip(lower=1) ** 0.5
        grouped = {k: (g["cvegeo_loc"].to_numpy(), g["locality_name"].to_numpy(), pop[g.index].to_numpy())
                   for k, g in localities.groupby("cvegeo")}
        for i, cvegeo in enumerate(projects["cvegeo"]):
            if cvegeo in grouped:
                loc_keys, loc_names, w = grouped[cvegeo]
                j = rng.choice(len(loc_keys), p=w / w.sum())
                keys[i], names[i], places[i] = loc_keys[j], loc_names[j], loc_names[j]
    return pd.DataFrame({"cvegeo_loc": keys, "locality_name": names, "place": places}, index=projects.index)


def _clubs(pool: pd.DataFrame, weight: pd.Series, rng) -> dict[str, list[tuple[str, str]]]:
    """One placeholder club per pool municipality, two for the most migrant ones, at most 999 in all."""
    us_states = list(US_STATE_WEIGHTS)
    p = np.array(list(US_STATE_WEIGHTS.values())) / sum(US_STATE_WEIGHTS.values())
    order = pool.sort_values(["entry_year", "cve_ent", "rank"], kind="stable")
    strong = set(order.loc[weight.reindex(order["cvegeo"]).to_numpy() >= np.quantile(weight, 0.9), "cvegeo"])
    spare = MAX_CLUBS - len(order)
    clubs: dict[str, list[tuple[str, str]]] = {}
    number = 0
    for cvegeo in order["cvegeo"]:
        count = 2 if cvegeo in strong and spare > 0 else 1
        spare -= count - 1
        clubs[cvegeo] = []
        for _ in range(count):
            number += 1
            clubs[cvegeo].append((club_name(number), us_states[rng.choice(len(us_states), p=p)]))
    return clubs


def _beneficiaries(projects: pd.DataFrame, rng) -> np.ndarray:
    kind = projects["project_type"].to_numpy()
    n = len(projects)
    out = np.round(rng.lognormal(6.5, 0.9, n))  # infrastructure: a street or a village, hundreds
    out = np.where(kind == "becas 3x1", rng.integers(10, 80, n), out)
    out = np.where(kind == "proyecto productivo individual", 1, out)
    out = np.where(kind == "proyecto productivo familiar", rng.integers(3, 9, n), out)
    out = np.where(kind == "proyecto productivo comunitario", rng.integers(10, 40, n), out)
    out = np.where(projects["project_category"].isin(["servicios comunitarios", "proyectos educativos"])
                   & (kind != "becas 3x1"), rng.integers(40, 400, n), out)
    return out.astype("int64")


def generate_demo_projects(inputs: DemoInputs, seed: int = 20020) -> pd.DataFrame:
    """The synthetic project list for 2002–2019, conformed to `projects` (see the module docstring)."""
    rng = np.random.default_rng(seed)
    munis = inputs.municipalities.sort_values("cvegeo").reset_index(drop=True)
    spending = inputs.program_state_spending
    spending = spending[spending["year"] == 2007] if "year" in spending else spending
    anchors = shape.anchors_from_facts(inputs.calibration_facts)
    yearly = shape.yearly_targets(anchors)
    shares = shape.state_shares(spending, sorted(munis["cve_ent"].unique()), shape.zacatecas_share(yearly, anchors))
    score = shape.municipality_scores(munis, inputs.indicator_values)
    weight = (0.02 + score) ** 4  # concentrate: the 3x1 reached about 3 in 10 municipalities
    pool = _pool(munis, shares, weight, shape.pool_fractions(anchors), rng)
    projects = _places(pool, shares, weight, yearly, rng).merge(
        munis[["cvegeo", "cve_ent", "state_name", "municipality_name"]], on="cvegeo", how="left", validate="m:1")
    types = type_table()
    pick = rng.choice(len(types), size=len(projects), p=[t[2] for t in types])
    projects["project_type"] = [types[i][0] for i in pick]
    projects["project_category"] = [types[i][1] for i in pick]
    projects = projects.join(_amounts(projects, shares, yearly, rng), validate="1:1")
    projects["total_mxn"] = projects[["federal_mxn", "state_mxn", "municipal_mxn", "migrant_mxn"]].sum(axis=1)
    projects = projects.join(_localities(projects, inputs.localities, rng), validate="1:1")
    projects["project_name"] = [NAMES[t][rng.integers(len(NAMES[t]))].format(place)
                                for t, place in zip(projects["project_type"], projects.pop("place"))]
    clubs = _clubs(pool, weight, rng)
    chosen = [clubs[c][rng.integers(len(clubs[c]))] for c in projects["cvegeo"]]
    projects["club_name"] = [c[0] for c in chosen]
    projects["club_us_state"] = [c[1] for c in chosen]
    population = munis.set_index("cvegeo")["population_2020"].astype("float64") if "population_2020" in munis \
        else pd.Series(dtype="float64")
    ceiling = projects["cvegeo"].map(population).astype("float64").fillna(np.inf).to_numpy()
    projects["beneficiaries"] = np.minimum(_beneficiaries(projects, rng), ceiling)  # never more than live there
    projects = projects.sort_values(["fiscal_year", "cvegeo"], kind="stable").reset_index(drop=True)
    projects["project_id"] = [f"demo-{i:06d}" for i in range(1, len(projects) + 1)]
    projects = projects.assign(is_synthetic=True, source_file=SOURCE_FILE, source_row=pd.NA,
                               match_method="synthetic", match_score=np.nan, has_missing_amount=False)
    projects["split_flag"] = [split_flag(r) for r in projects.to_dict(orient="records")]
    return conform(projects.drop(columns="cve_ent"), "projects")
